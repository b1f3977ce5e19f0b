"""The library: one object, `Graph`, whose methods are everything a user does with a graph.

    >>> from kg import Graph
    >>> graph = Graph(".kg")
    >>> graph.build(["examples"])
    >>> department = graph.department("省发改委", jurisdiction="安徽")
    >>> graph.tasks(department)

The command line, the notebooks and the web pages call only this. Names (departments,
jurisdictions, documents) are resolved by `kg.names` in every method alike. Heavy libraries
(rdflib, pySHACL, networkx's layouts, the task-list writers) are imported by the methods that need them,
so that importing `kg` stays quick.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from extract import Document, Problem, Role, find_sources

from . import names
from .names import Department, StoredDocument
from .remote import RemoteStore, is_url
from .store import Store, StoreError

if TYPE_CHECKING:
    from datetime import date

    from starlette.routing import BaseRoute

    from .build import Built
    from .diff import Difference, Version
    from .due import Due
    from .ledger import LedgerTask
    from .limits import Limits
    from .network import Load, Responsibility
    from .progress import Imported
    from .server import Server
    from .sparql import Parameter, Result
    from .validate import Violation
    from .view import View as ViewNetwork


class NothingToShow(LookupError):
    """A view whose options leave nothing in it."""


def _ignore(problem: Problem) -> None:
    """The default `report`: problems are still kept on what is returned."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str  # its first comment line: what it answers
    parameters: list[Parameter]


@dataclass(frozen=True)
class Validation:
    violations: list[Violation]
    triples: int

    @property
    def conforms(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class View:
    network: ViewNetwork  # nodes and edges placed, with title, filters and legend
    aggregated: bool  # departments only: the task network was too big to lay out

    def html(self) -> str:
        from .view import render_html

        return render_html(self.network)


def read(
    paths: Iterable[str | os.PathLike],
    report: Callable[[Problem], None] = _ignore,
    jobs: int = 1,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Iterator[Document]:
    """Every document that can be read under `paths`, in order, by `jobs` processes; every
    file skipped or not read, and every problem of a document, goes to `report`;
    `progress(done, total)` is called once per file."""
    from .build import in_order, read_file

    files, problems = find_sources(paths)
    for problem in problems:
        report(problem)
    for done, found in enumerate(in_order(read_file, files, jobs), 1):
        progress(done, len(files))
        if isinstance(found, Problem):
            report(found)
            continue
        for problem in found.problems:
            report(problem)
        yield found


class Graph:
    """A knowledge graph of policy documents, kept in a store (a folder; `.kg`, or
    `$KG_STORE`, by default)."""

    def __init__(self, store: str | os.PathLike | Store | RemoteStore | None = None):
        """`store` is a folder, a Store, or the URL of a SPARQL server (see kg.remote)."""
        self.store: Store
        if isinstance(store, Store):
            self.store = store
        elif isinstance(store, RemoteStore) or (store is not None and is_url(str(store))):
            # A RemoteStore answers every read a Store does: the library reads through either.
            self.store = cast(Store, store if isinstance(store, RemoteStore) else RemoteStore(str(store)))
        else:
            self.store = Store(Store.default_path() if store is None else Path(store))

    @property
    def path(self) -> Path | str:
        return self.store.path

    def exists(self) -> bool:
        return self.store.exists()

    def _built(self) -> Store:
        """The store, which must hold a graph."""
        if not self.store.exists():
            raise StoreError(f"no graph in {self.path} yet: run `kg build PATH --store {self.path}` first")
        return self.store

    def _rows(self, query: str, **values: Any) -> list[dict]:
        from .sparql import run

        return run(self._built(), query, values or None).rows

    # --- building

    def build(
        self,
        paths: Iterable[str | os.PathLike],
        report: Callable[[Problem], None] = _ignore,
        jobs: int = 1,
        progress: Callable[[int, int], None] = lambda done, total: None,
    ) -> Built:
        """Read `paths` (by `jobs` processes) and write one graph per document into the
        store, in one step; the store's lock is taken before anything is read."""
        from .build import build

        return build([str(path) for path in paths], self.store, report, jobs, progress)

    # --- what the graph holds

    def stats(self) -> dict[str, int]:
        """Documents, tasks, assignments by role, departments, unresolved names."""
        return self._rows("stats")[0]

    def documents(self) -> list[StoredDocument]:
        return [StoredDocument(**row) for row in self._rows("documents")]

    def document(self, name: str) -> StoredDocument:
        """The document whose IRI or file stem is `name`, or whose title holds it."""
        return names.document(name, self.documents())

    def departments(self) -> list[Department]:
        """Every department and collective actor, by jurisdiction and name."""
        return [_department(row) for row in self._rows("departments")]

    def department(self, name: str, jurisdiction: str | None = None) -> Department:
        """The one department that `name` (canonical, or any way it is written) names, in
        `jurisdiction` (full or short name) when given."""
        from .sparql import bind, query_text

        # The departments the name denotes are found by its exact label; only a name that
        # denotes none reads every department, to suggest the nearest.
        terms = bind(query_text("departments-named"), {"label": name})
        denoted = [_department(row) for row in self._rows("departments-named", **terms)]
        try:
            return names.department(name, denoted, jurisdiction)
        except names.UnknownName:
            return names.department(name, self.departments(), jurisdiction)

    def jurisdiction(self, name: str) -> str:
        """The full name of the jurisdiction `name` (full or short) of the graph."""
        return names.jurisdiction(name, (row["name"] for row in self._rows("jurisdictions")))

    def tasks(self, department: Department) -> list[LedgerTask]:
        """The department's tasks (任务清单): led first, then joint, participant, implementer."""
        from .tasklist import department_tasks

        return department_tasks(self._built(), department)

    def write_task_lists(
        self,
        folder: str | os.PathLike,
        format: str,
        jurisdiction: str | None = None,
        as_of: date | None = None,
    ) -> list[Path]:
        """One task list per department that holds a task (of `jurisdiction`, if given) in
        `folder`, its levels on `as_of` (today by default); the files written. Two
        departments whose names make one file name get `-2`, `-3` …: none overwrites another."""
        from .tasklist import file_name, free_name, write_file

        place = self.jurisdiction(jurisdiction) if jurisdiction else None
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(f"{folder} is a file: task lists are written into a folder")
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        taken: set[str] = set()
        for department in self.departments():
            if department.tasks and not department.collective and place in (None, department.jurisdiction):
                path = folder / free_name(file_name(department, format), taken)
                write_file(path, department, self.tasks(department), format, as_of)
                written.append(path)
        return written

    def due(
        self, as_of: date, horizons: tuple[int, ...] | None = None, department: Department | None = None
    ) -> list[Due]:
        """Tasks overdue on `as_of`, due within the longest of `horizons` days, or ongoing
        (those of `department`, when given); most urgent first."""
        from .due import HORIZONS, due_tasks

        return due_tasks(self._built(), as_of, horizons or HORIZONS, department.iri if department else None)

    def import_progress(self, path: str | os.PathLike, as_of: date) -> Imported:
        """The progress a filled-in ledger (xlsx or csv written by `kg tasks`) reports, as of
        `as_of`, stored as dated reports in a graph of the file's own; the rows refused."""
        from .progress import import_progress

        return import_progress(self._built(), path, as_of)

    def document_links(self, name: str) -> list[dict]:
        """The documents of the store that the document `name` cites (link "parent") and
        those that cite it ("child"), matched by title or 文号: the named query document-links."""
        return self.query("document-links", {"document": self.document(name).iri}).rows

    def diff(self, old: str | os.PathLike, new: str | os.PathLike) -> Difference:
        """What changed from `old` to `new`, each a file or a document of the store (its
        file stem, IRI or title words): tasks matched, added and dropped, and the role
        changes of matched tasks."""
        from .diff import compare

        return compare(self._versions(old), self._versions(new))

    def _versions(self, name: str | os.PathLike) -> list[Version]:
        from extract import extract_document

        from .diff import document_versions, stored_versions

        if Path(name).is_file():
            return document_versions(extract_document(name))
        return stored_versions(self._built(), self.document(str(name)).iri)

    def lead_load(self) -> list[Load]:
        """Per actor, the tasks it holds in each role; most led first."""
        from .network import lead_load

        return lead_load(self._built())

    def responsibilities(self) -> list[Responsibility]:
        """Every role an actor holds on a task."""
        from .network import responsibilities

        return responsibilities(self._built())

    # --- queries

    @staticmethod
    def named_queries() -> list[NamedQuery]:
        from .sparql import named_queries, parameters, query_text, summary

        return [
            NamedQuery(name, summary(query_text(name)), parameters(query_text(name)))
            for name in named_queries()
        ]

    def query(self, name: str, values: dict[str, str] | None = None) -> Result:
        """The named query `name` (kg/queries/NAME.rq) with its parameters bound."""
        from .sparql import named_queries, query_text

        if name not in named_queries():
            raise names.UnknownName("query", name, names.near(name, named_queries()), None)
        answer = self.sparql(query_text(name), values)
        assert not isinstance(answer, bool | bytes), f"the named query {name} is not a SELECT"
        return answer

    def sparql(
        self,
        text: str,
        values: dict[str, str] | None = None,
        rdf_format: str = "turtle",
        *,
        allow_service: bool = False,
    ) -> Result | bool | bytes:
        """Any query: a SELECT's rows, an ASK's answer, or a CONSTRUCT's triples as
        `rdf_format` (turtle or nt). `values` bind the parameters the text declares. A
        query that calls another endpoint (SERVICE) raises ServiceRefused unless
        `allow_service`; one that fails while it runs (that endpoint does not answer),
        OSError."""
        import pyoxigraph

        from .sparql import bind, select
        from .store import rdf_format as format_of

        terms = bind(text, self._resolved(text, values or {}))
        results = self._built().query(text, terms, allow_service=allow_service)
        if isinstance(results, pyoxigraph.QueryTriples):
            return bytes(results.serialize(format=format_of(rdf_format)) or b"")
        if isinstance(results, pyoxigraph.QueryBoolean):
            return bool(results)
        return select(results)

    def _resolved(self, text: str, values: dict[str, str]) -> dict[str, str]:
        """`values` with every department and jurisdiction name resolved as everywhere
        else: a department by its canonical name and, when the query takes one, its
        jurisdiction's full name."""
        from .sparql import parameters

        types = {p.name: p.type for p in parameters(text)}
        resolved = dict(values)
        for key, value in values.items():
            if types.get(key) == "jurisdiction":
                resolved[key] = self.jurisdiction(value)
        for key, value in values.items():
            if types.get(key) == "department":
                found = self.department(value, values.get("jurisdiction"))
                resolved[key] = found.name
                if "jurisdiction" in types and found.jurisdiction:
                    resolved["jurisdiction"] = found.jurisdiction
        return resolved

    # --- the whole graph

    def export(self, output: BinaryIO, format: str = "turtle") -> None:
        """Write the graph: turtle and nt merge all documents; nq, trig and jsonld keep one
        named graph per document."""
        from .ontology import PREFIXES

        self._built().dump(output, format, {p: str(ns) for p, ns in PREFIXES.items()})

    def validate(self) -> Validation:
        """The graph checked against the SHACL shapes (shapes.ttl)."""
        from .validate import store_graph, validate

        graph = store_graph(self._built())
        return Validation(validate(graph), len(graph))

    def view(
        self,
        department: str | None = None,
        jurisdiction: str | None = None,
        document: str | None = None,
        role: Role | None = None,
    ) -> View:
        """An interactive page of departments, tasks and roles: `department` (a name) gives
        its ego view; `jurisdiction` alone keeps that jurisdiction's actors; `document` (a
        file stem, IRI or title words) one document; `role` the edges of one role."""
        from .view import (
            AGGREGATE_ABOVE,
            ROLE_LABELS,
            ego_network,
            node_count,
            select_responsibilities,
            task_details,
            view_network,
        )

        found = self.department(department, jurisdiction) if department else None
        place = self.jurisdiction(jurisdiction) if jurisdiction and not department else None
        stored = self.document(document) if document else None
        if found:
            every, tasks = ego_network(self._built(), found.iri)
        else:
            every, tasks = self.responsibilities(), task_details(self._built())
        held = select_responsibilities(
            every,
            actor=found.iri if found else None,
            jurisdiction=place,
            document=stored.iri if stored else None,
            role=role,
        )
        if not held:
            raise NothingToShow("nothing to show: no responsibility matches these options")
        filters = [
            f"{label}：{value}"
            for label, value in (
                ("部门", found and found.heading),
                ("地区", place),
                ("文件", stored and (stored.title or stored.key)),
                ("职责", role and ROLE_LABELS[role]),
            )
            if value
        ]
        title = f"{found.name}的职责关系图" if found else "职责关系图"
        shown = view_network(held, tasks, focus=found.iri if found else None, title=title, filters=filters)
        return View(shown, node_count(held) > AGGREGATE_ABOVE)

    def serve(
        self,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        limits: Limits | None = None,
        cors: str | None = None,
        hosts: Iterable[str] = (),
        routes: Iterable[BaseRoute] = (),
    ) -> Server:
        """A web server (listening, not yet serving: `.run()`) with the SPARQL endpoint at
        /sparql and `routes` beside it; port 0 picks a free one. `hosts` are further names
        clients may reach it by; `cors` one origin whose pages may read its answers."""
        from .limits import Limits
        from .server import Server, allowed_hosts, make_app

        limits = limits or Limits()
        hosts = allowed_hosts(host, tuple(hosts))
        app = make_app(self._built(), limits=limits, hosts=hosts, cors=cors, routes=list(routes))
        return Server(app, host, port, limits)


def _department(row: dict) -> Department:
    """A row of the departments query as a Department."""
    return Department(
        iri=row["actor"],
        name=row["name"],
        jurisdiction=row["jurisdiction"],
        kind=row["kind"],
        collective=row["collective"],
        aliases=tuple(row["aliases"].split("、")) if row["aliases"] else (),
        documents=row["documents"],
        tasks=row["tasks"],
    )
