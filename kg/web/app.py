"""The explorer's routes: pages over `kg.Graph` and `kg.explore`, served beside /sparql.

Every page is a Jinja2 template with autoescape on, reading through the library; nothing here
writes SPARQL. Addresses mirror the graph's IRIs (https://w3id.org/fengong/id/PATH is at
/PATH), so a page's address is as stable as what it shows and can be passed around:

    /                                   documents, busiest departments, search
    /department/PLACE/KIND              a department: its tasks, ego graph, downloads
    /department/PLACE/KIND/tasks.xlsx   its task list (also .docx, .csv)
    /doc/DOC                            a document: outline, assignments, annotations
    /doc/DOC/task/KEY                   a task: text, assignments, the words quoted
    /network?jurisdiction=J             the collaboration network (also /network.gexf, .graphml)
    /query                              YASGUI over /sparql, named queries as examples

Nothing is written: every route answers GET.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from importlib.resources import files
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from .. import explore, iris
from ..graph import Graph
from ..ledger import LedgerTask
from ..names import Department
from ..network import collaboration_graph, gephi_graph, rankings
from ..sparql import query_text
from ..tasklist import WRITERS, file_name
from ..view import (
    ROLE_LABELS,
    VIS_NETWORK,
    collaboration_view,
    select_responsibilities,
    task_details,
    task_view,
)
from .templating import environment

DOWNLOADS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
}
GRAPH_FORMATS = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml"}
ROLES = {role.value: label for role, label in ROLE_LABELS.items()}


def address(iri: str) -> str:
    """The page of a graph IRI: its path under the IRI base."""
    return "/" + iri.removeprefix(iris.BASE)


def document_address(task: str) -> str:
    """The page of a task's document, from the task's IRI (its document's, then /task/KEY)."""
    return address(task.rsplit("/task/", 1)[0])


def _iri(request: Request) -> str:
    return iris.BASE + request.url.path.lstrip("/")


class Explorer:
    """The pages of one graph."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def routes(self) -> list[BaseRoute]:
        static = str(files("kg.web").joinpath("static"))
        return [
            Route("/", self.home),
            Route("/suggest", self.suggest),
            Route("/search", self.search),
            Route("/department/{place}/{local}", self.department),
            Route("/collective/{place}/{local}", self.department),
            Route("/department/{place}/{local}/tasks.{format}", self.download),
            Route("/doc/{doc}", self.document),
            Route("/doc/{doc}/task/{task}", self.task),
            Route("/network", self.network),
            Route("/network.{format}", self.network_file),
            Route("/query", self.query),
            # The vis-network that pyvis ships and inlines in kg view's page: one copy for both.
            Mount("/static/vis-network", StaticFiles(directory=VIS_NETWORK), name="vis-network"),
            Mount("/static", StaticFiles(directory=static), name="static"),
        ]

    # --- helpers

    def _page(self, template: str, status: int = 200, **values) -> HTMLResponse:
        page = (
            environment()
            .get_template(template)
            .render(address=address, document_address=document_address, roles=ROLES, **values)
        )
        return HTMLResponse(page, status_code=status)

    def _department(self, iri: str) -> Department:
        found = explore.find_department(self.graph.departments(), iri)
        if found is None:
            raise HTTPException(404, "没有这个部门")
        return found

    def _link(self, kind: str, iri: str) -> str:
        return address(iri)

    # --- pages

    async def home(self, request: Request) -> HTMLResponse:
        departments = self.graph.departments()
        return self._page(
            "home.html",
            documents=self.graph.documents(),
            busiest=explore.busiest(departments),
            stats=self.graph.stats(),
        )

    async def suggest(self, request: Request) -> JSONResponse:
        found = explore.search(self.graph.departments(), request.query_params.get("q", ""), limit=12)
        return JSONResponse(
            [
                {
                    "label": d.name,
                    "detail": f"{d.jurisdiction or '地区未知'} · {d.tasks} 项任务",
                    "url": address(d.iri),
                }
                for d in found
            ]
        )

    async def search(self, request: Request) -> HTMLResponse:
        text = request.query_params.get("q", "")
        return self._page(
            "search.html", text=text, found=explore.search(self.graph.departments(), text, limit=100)
        )

    async def department(self, request: Request) -> HTMLResponse:
        department = self._department(_iri(request))
        role, document = request.query_params.get("role"), request.query_params.get("document")
        tasks = self.graph.tasks(department)
        shown = [
            t
            for t in tasks
            if (not role or t.role_of(department.iri).role == role)
            and (not document or t.document_key == document)
        ]
        groups: dict[str, list[LedgerTask]] = defaultdict(list)
        for task in sorted(shown, key=lambda t: (t.document_key, t.position)):
            groups[task.document_key].append(task)
        held = select_responsibilities(self.graph.responsibilities(), actor=department.iri)
        view = task_view(
            held,
            task_details(self.graph.store),
            focus=department.iri,
            title=f"{department.name}的职责关系图",
            link=self._link,
        )
        counts = {
            label: sum(1 for t in tasks if t.role_of(department.iri).role == value)
            for value, label in ROLES.items()
        }
        documents = {t.document_key: t.document_title or t.document_key for t in tasks}
        return self._page(
            "department.html",
            department=department,
            groups=groups,
            documents=documents,
            view=view,
            role=role,
            document=document,
            counts=counts,
            total=len(tasks),
            shown=len(shown),
            graph_height=max(480, 36 * len(tasks) + 120),
        )

    async def download(self, request: Request) -> Response:
        format_ = request.path_params["format"]
        if format_ not in DOWNLOADS:
            raise HTTPException(404, "没有这种格式")
        department = self._department(_iri(request).rsplit("/", 1)[0])
        tasks = self.graph.tasks(department)
        if format_ == "csv":
            text = io.StringIO()
            WRITERS[format_](department, tasks, text)
            body = text.getvalue().encode("utf-8")
        else:
            binary = io.BytesIO()
            WRITERS[format_](department, tasks, binary)
            body = binary.getvalue()
        name = quote(file_name(department, format_))
        return Response(
            body,
            media_type=DOWNLOADS[format_],
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
        )

    async def document(self, request: Request) -> HTMLResponse:
        iri = _iri(request)
        stored = next((d for d in self.graph.documents() if d.iri == iri), None)
        if stored is None:
            raise HTTPException(404, "没有这份文件")
        held = explore.assignments(self.graph.store, document=iri)
        by_task: dict[str, list[explore.AssignmentRecord]] = defaultdict(list)
        for a in held:
            by_task[a.task].append(a)
        return self._page(
            "document.html",
            document=stored,
            outline=explore.outline(self.graph.store, iri),
            by_task=by_task,
            highlights=explore.highlights,
            warnings=explore.warnings(self.graph.store, iri),
        )

    async def task(self, request: Request) -> HTMLResponse:
        task = explore.find_task(self.graph.store, _iri(request))
        if task is None:
            raise HTTPException(404, "没有这项任务")
        held = explore.assignments(self.graph.store, task=task.task)
        return self._page("task.html", task=task, held=held, pieces=explore.highlights(task.text or "", held))

    def _jurisdiction_graph(self, request: Request):
        held = [r for r in self.graph.responsibilities() if not r.collective]
        places = sorted({r.jurisdiction for r in held if r.jurisdiction})
        place = request.query_params.get("jurisdiction") or (places[0] if places else None)
        return places, place, [r for r in held if r.jurisdiction == place]

    async def network(self, request: Request) -> HTMLResponse:
        places, place, held = self._jurisdiction_graph(request)
        view = collaboration_view(held, title=f"{place or ''}部门协作网络", link=self._link)
        return self._page(
            "network.html",
            places=places,
            place=place,
            view=view,
            ranked=rankings(collaboration_graph(held), top=15),
        )

    async def network_file(self, request: Request) -> Response:
        format_ = request.path_params["format"]
        if format_ not in GRAPH_FORMATS:
            raise HTTPException(404, "没有这种格式")
        _, place, held = self._jurisdiction_graph(request)
        data = io.BytesIO()
        gephi_graph(collaboration_graph(held), data, format_)
        name = quote(f"{place or ''}部门协作网络.{format_}")
        return Response(
            data.getvalue(),
            media_type=GRAPH_FORMATS[format_],
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
        )

    async def query(self, request: Request) -> HTMLResponse:
        examples = [
            {"name": q.name, "summary": q.summary, "text": example_text(q)}
            for q in self.graph.named_queries()
        ]
        return self._page("query.html", examples=examples)


def example_text(named) -> str:
    """A named query as an example to edit: each required parameter becomes a VALUES line
    to fill in at the top of its WHERE clause (the library binds them; an editor cannot)."""
    lines = [
        f'  VALUES ?{p.name} {{ "" }}  # 填写：{p.description}'
        for p in named.parameters
        if not p.optional and p.type == "literal"
    ]
    text = query_text(named.name)
    if not lines:
        return text
    return re.sub(r"WHERE\s*\{\n", lambda m: m.group(0) + "\n".join(lines) + "\n", text, count=1)


def explorer(graph: Graph) -> Starlette:
    """The explorer alone (without /sparql), as an app."""
    return Starlette(routes=Explorer(graph).routes())
