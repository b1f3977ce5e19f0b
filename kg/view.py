"""The responsibility graph drawn with pyvis: one renderer for `kg view` and the explorer.

Departments and tasks are nodes, one edge per role a department holds on a task, coloured
and styled by role as data/view-style.json says; tasks are coloured by document. Every
position is computed here, before the page opens, and the browser's physics stays off, so a
view of hundreds of nodes is readable at once:

- an ego view (one department's tasks and everyone on them) is drawn in three columns:
  the department, its tasks, and the other actors, each level with the tasks it shares,
  spaced so that labels do not overlap;
- any other view by networkx's spring layout, spread in proportion to its size;
- a view of more than `AGGREGATE_ABOVE` nodes is aggregated: departments only, linked by
  the tasks they share (`collaboration_graph`), which is also the explorer's network page.

`render_html` writes the page `kg view` saves: pyvis's page of the `View`, with pyvis's
vis-network inline so that it works offline and can be mailed; the explorer draws the same
`View.data()` with the same vis-network, served from pyvis's package. Labels and tooltips
are plain strings, which vis-network draws on the canvas and sets as the tooltip's text: a
name such as <img src=x> shows as text and runs nothing.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib.resources import files

import networkx as nx
import pyoxigraph as ox
from pyvis.network import Network

from extract import Role

from .network import Responsibility, collaboration_graph
from .sparql import run
from .store import Store

AGGREGATE_ABOVE = 1500
LABEL_CHARACTERS = 10  # a task's label: its title cut to this many characters
COLUMN_WIDTH = 420  # px between the ego view's columns
ROW_HEIGHT = 36  # px between two tasks of the ego view: a box with its label
ACTOR_ROW_HEIGHT = 36  # px at least between two actors
SPREAD = 90  # px per node of a spring layout's side, roughly
PART_GAP = 200  # px between the unconnected parts of a spring layout
# The vis-network that pyvis 0.3.2 inlines in its pages (its template names this folder);
# the explorer serves the same files.
VIS_NETWORK = str(files("pyvis").joinpath("templates", "lib", "vis-9.1.2"))
ROLE_LABELS = {Role.LEAD: "牵头", Role.JOINT: "共同负责", Role.PARTICIPANT: "配合", Role.IMPLEMENTER: "落实"}


@dataclass(frozen=True)
class TaskInfo:
    """What the view shows of a task and of its document."""

    task: str
    number: str | None
    title: str | None
    text: str | None
    document: str
    key: str | None  # the document's file stem
    document_title: str | None
    document_number: str | None  # 文号


@dataclass
class View:
    """A graph ready to draw: nodes and edges with positions and styles, and its legend."""

    title: str
    filters: list[str]
    nodes: list[dict]
    edges: list[dict]
    legend: list[dict] = field(default_factory=list)  # {"label", "kind", "color", ...}

    def data(self) -> dict:
        """What the page's script reads: vis-network's nodes, edges and options."""
        return {"nodes": self.nodes, "edges": self.edges, "options": style()["options"]}


def task_details(store: Store) -> dict[str, TaskInfo]:
    """Every task of `store`, by IRI, with its document's title, number and key."""
    result = run(store, "view-tasks")
    return {row["task"]: TaskInfo(**row) for row in result.rows}


def ego_network(store: Store, actor: str) -> tuple[list[Responsibility], dict[str, TaskInfo]]:
    """The tasks `actor` (an IRI) holds a role on, with every actor's role on each, and
    those tasks' details: all its ego view needs, read without the rest of the store."""
    rows = run(store, "ego-network", {"holder": ox.NamedNode(actor)}).rows
    held = [
        Responsibility(
            row["task"],
            row["document"],
            row["actor"],
            row["name"],
            row["jurisdiction"],
            Role(row["role"]),
            row["collective"],
        )
        for row in rows
    ]
    tasks = {
        row["task"]: TaskInfo(
            row["task"],
            row["number"],
            row["title"],
            row["text"],
            row["document"],
            row["key"],
            row["documentTitle"],
            row["documentNumber"],
        )
        for row in rows
    }
    return held, tasks


@cache
def style() -> dict:
    return json.loads(files("kg").joinpath("data", "view-style.json").read_text(encoding="utf-8"))


def select_responsibilities(
    held: Iterable[Responsibility],
    *,
    actor: str | None = None,
    jurisdiction: str | None = None,
    document: str | None = None,
    role: Role | None = None,
) -> list[Responsibility]:
    """The responsibilities a view shows; every name is already resolved (`kg.names`).

    `actor` (an IRI) gives its ego view: its tasks, with every actor on them.
    `jurisdiction` keeps the actors of that jurisdiction; `document` (an IRI) the tasks of
    that document; `role` the edges of that role.
    """
    kept = [
        r
        for r in held
        if (role is None or r.role is role)
        and (document is None or r.document == document)
        and (jurisdiction is None or r.jurisdiction == jurisdiction)
    ]
    if actor is None:
        return kept
    ego_tasks = {r.task for r in kept if r.actor == actor}
    return [r for r in kept if r.task in ego_tasks]


def short_title(info: TaskInfo) -> str:
    title = info.title or info.number or info.task
    return title if len(title) <= LABEL_CHARACTERS else title[:LABEL_CHARACTERS] + "…"


def _task_tooltip(info: TaskInfo) -> str:
    source = "，".join(part for part in (info.document_title, info.document_number) if part)
    lines = [f"{info.number or ''} {info.title or ''}".strip(), info.text, f"来源：{source}"]
    return "\n".join(line for line in lines if line)


def _actor_tooltip(held: list[Responsibility]) -> str:
    first = held[0]
    counts = "，".join(
        f"{ROLE_LABELS[role]} {n} 项" for role in Role if (n := len({r.task for r in held if r.role is role}))
    )
    return "\n".join(
        [
            first.name,
            f"所属：{first.jurisdiction or '未知'}",
            f"任务 {len({r.task for r in held})} 项（{counts}）",
        ]
    )


def _actor_node(collective: bool, tasks: int) -> dict:
    kind = style()["collective" if collective else "department"]
    return {
        "shape": kind["shape"],
        "color": kind["color"],
        "size": kind["size"] + kind["size_per_task"] * math.sqrt(tasks),
    }


def _document_colours(tasks: Iterable[TaskInfo]) -> dict[str, str]:
    palette = style()["documents"]
    keys = sorted({info.document for info in tasks})
    return {key: palette[i % len(palette)] for i, key in enumerate(keys)}


Link = Callable[[str, str], str | None]  # (node kind, IRI) → the address it opens, or None


def task_view(
    held: list[Responsibility],
    tasks: dict[str, TaskInfo],
    *,
    focus: str | None = None,
    title: str = "职责关系图",
    filters: Iterable[str] = (),
    link: Link | None = None,
) -> View:
    """Departments and tasks as nodes, one edge per responsibility, styled by role.

    `focus` (an actor's IRI) is highlighted, and its ego view drawn in columns.
    """
    shown = {r.task: tasks[r.task] for r in held}
    colours = _document_colours(shown.values())
    by_actor: dict[str, list[Responsibility]] = {}
    for r in held:
        by_actor.setdefault(r.actor, []).append(r)
    positions = (
        ego_layout(held, shown, focus)
        if focus in by_actor
        else spring_layout([(r.actor, r.task) for r in held])
    )
    nodes = []
    for task, info in sorted(shown.items(), key=lambda item: (item[1].document, item[0])):
        nodes.append(
            _placed(
                {
                    "id": task,
                    "label": short_title(info),
                    "title": _task_tooltip(info),
                    **style()["task"],
                    "color": colours[info.document],
                    "kind": "task",
                    "url": link and link("task", task),
                },
                positions,
            )
        )
    for actor, mine in sorted(by_actor.items()):
        node = {
            "id": actor,
            "label": mine[0].name,
            "title": _actor_tooltip(mine),
            "kind": "collective" if mine[0].collective else "department",
            "url": link and link("department", actor),
            **_actor_node(mine[0].collective, len({r.task for r in mine})),
        }
        if actor == focus:
            node.update(style()["focus"], kind="focus")
        elif focus:
            node.update(style()["ego_actor"])
        nodes.append(_placed(node, positions))
    edges = [
        {
            "from": r.actor,
            "to": r.task,
            "title": f"{r.name}：{ROLE_LABELS[r.role]}",
            "role": r.role.value,
            **style()["roles"][r.role.value],
        }
        for r in held
    ]
    return View(title, list(filters), nodes, edges, _legend(shown.values(), colours, focus))


def _placed(node: dict, positions: dict[str, tuple[float, float]]) -> dict:
    x, y = positions[node["id"]]
    return {**node, "x": round(x, 1), "y": round(y, 1)}


def _legend(tasks: Iterable[TaskInfo], colours: dict[str, str], focus: str | None) -> list[dict]:
    items = [{"kind": "role", "label": ROLE_LABELS[role], **style()["roles"][role.value]} for role in Role]
    actor_shape = {"shape": style()["ego_actor"]["shape"]} if focus else {}
    if focus:
        items.append({"kind": "node", "label": "所查部门", **style()["focus"]})
    items.append({"kind": "node", "label": "部门", **style()["department"], **actor_shape})
    items.append({"kind": "node", "label": "统称（各有关部门等）", **style()["collective"], **actor_shape})
    titles = {info.document: info.document_title or info.key or info.document for info in tasks}
    items += [
        {"kind": "node", "label": f"任务：{titles[document]}", "shape": "square", "color": colour}
        for document, colour in colours.items()
    ]
    return items


def ego_layout(
    held: list[Responsibility], tasks: dict[str, TaskInfo], focus: str
) -> dict[str, tuple[float, float]]:
    """Three columns, read left to right as "department → its tasks ← the others on them":
    `focus` on the left, its tasks in the middle in document order (a gap between
    documents), the other actors on the right, each level with the mean row of its tasks
    and then pushed down so that no two labels touch."""
    mine = sorted(
        {r.task for r in held if r.actor == focus},
        key=lambda task: (tasks[task].document, _number_key(tasks[task].number), task),
    )
    rows, y, document = {}, 0.0, None
    for task in mine:
        if document is not None and tasks[task].document != document:
            y += ROW_HEIGHT
        rows[task], y, document = y, y + ROW_HEIGHT, tasks[task].document
    height = y - ROW_HEIGHT
    positions = {focus: (0.0, height / 2)} | {task: (COLUMN_WIDTH, row) for task, row in rows.items()}
    others: dict[str, list[float]] = {}
    for r in held:
        if r.actor != focus and r.task in rows:
            others.setdefault(r.actor, []).append(rows[r.task])
    wanted = sorted((sum(ys) / len(ys), actor) for actor, ys in others.items())
    gap = max(ACTOR_ROW_HEIGHT, height / max(len(wanted) - 1, 1))
    placed = _spread([want for want, _ in wanted], gap)
    shift = (height - (placed[-1] - placed[0])) / 2 - placed[0] if placed else 0
    for (_, actor), row in zip(wanted, placed, strict=False):
        positions[actor] = (2 * COLUMN_WIDTH, row + shift)
    return positions


def _number_key(number: str | None) -> tuple:
    # 二（一）10 after 二（一）9: runs of digits compare as numbers.
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", number or ""))


def _spread(wanted: list[float], gap: float) -> list[float]:
    """Sorted coordinates moved forward, each at least `gap` after the one before it."""
    placed: list[float] = []
    for want in wanted:
        placed.append(max(want, placed[-1] + gap) if placed else want)
    return placed


def spring_layout(links: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Positions from networkx's spring layout (seeded: the same graph, the same picture).

    Each connected part (a document's tasks and their departments, say) is laid out on its
    own, over an area that grows with its number of nodes, and the parts are then set side
    by side in rows, largest first: one layout of them all would throw the parts far apart
    and squeeze each into a knot.
    """
    graph = nx.Graph()
    for a, b in links:
        graph.add_edge(a, b)
    parts = sorted((sorted(part) for part in nx.connected_components(graph)), key=lambda p: (-len(p), p[0]))
    boxes = [_part_layout(graph.subgraph(part)) for part in parts]
    row_width = max((_size(box)[0] for box in boxes), default=0) * 3.5  # rows as wide as a screen
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for box in boxes:
        width, height = _size(box)
        if x and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + PART_GAP, 0.0
        left, top = min(p[0] for p in box.values()), min(p[1] for p in box.values())
        positions |= {node: (px - left + x, py - top + y) for node, (px, py) in box.items()}
        x, row_height = x + width + PART_GAP, max(row_height, height)
    return positions


def _part_layout(part: nx.Graph) -> dict[str, tuple[float, float]]:
    if len(part) == 1:
        return {node: (0.0, 0.0) for node in part}
    scale = SPREAD * math.sqrt(len(part)) * 1.6
    placed = nx.spring_layout(part, seed=1, scale=scale, k=2 / math.sqrt(len(part)))
    return {node: (float(px), float(py)) for node, (px, py) in placed.items()}


def _size(box: dict[str, tuple[float, float]]) -> tuple[float, float]:
    xs, ys = [p[0] for p in box.values()], [p[1] for p in box.values()]
    return max(xs) - min(xs), max(ys) - min(ys)


def collaboration_view(
    held: list[Responsibility],
    *,
    title: str = "部门协作网络",
    filters: Iterable[str] = (),
    link: Link | None = None,
) -> View:
    """Departments only, linked by the tasks they share (width by their number)."""
    graph = collaboration_graph(held)
    weights = {(a, b): w for a, b, w in graph.edges(data="weight")}
    # Unweighted: weights pull the busiest into one knot whose labels overlap.
    positions = spring_layout(list(weights))
    positions |= spring_layout([(actor, actor) for actor in graph if actor not in positions])
    link_style = style()["collaboration"]
    nodes = [
        _placed(
            {
                "id": actor,
                "label": data["name"],
                "kind": "department",
                "title": "\n".join(
                    [
                        data["name"],
                        f"所属：{data['jurisdiction'] or '未知'}",
                        f"任务 {data['tasks']} 项（牵头 {data['lead']} 项）",
                    ]
                ),
                "url": link and link("department", actor),
                "font": link_style["font"],
                **_actor_node(False, data["tasks"]),
            },
            positions,
        )
        for actor, data in graph.nodes(data=True)
    ]
    edges = [
        {
            "from": a,
            "to": b,
            "title": f"共同承担 {w} 项任务",
            "color": link_style["color"],
            "width": min(link_style["width_per_task"] * math.sqrt(w), link_style["max_width"]),
        }
        for (a, b), w in weights.items()
    ]
    legend = [
        {"kind": "node", "label": "部门（大小：任务数）", **style()["department"]},
        {
            "kind": "role",
            "label": "共同承担任务（粗细：项数）",
            "color": link_style["color"],
            "width": 3,
            "dashes": False,
        },
    ]
    return View(title, list(filters), nodes, edges, legend)


def node_count(held: Iterable[Responsibility]) -> int:
    """Tasks and actors: the nodes of the task network of `held`."""
    return len({node for r in held for node in (r.task, r.actor)})


def view_network(
    held: list[Responsibility],
    tasks: dict[str, TaskInfo],
    *,
    aggregate_above: int = AGGREGATE_ABOVE,
    focus: str | None = None,
    title: str = "职责关系图",
    filters: Iterable[str] = (),
) -> View:
    """The task network of `held`, or its aggregate when it has over `aggregate_above` nodes."""
    if node_count(held) > aggregate_above:
        return collaboration_view(held, title=title, filters=[*filters, "仅显示部门"])
    return task_view(held, tasks, focus=focus, title=title, filters=filters)


def pyvis_network(view: View) -> Network:
    """`view` as a pyvis network: its nodes where the layout put them, its edges and options."""
    data = view.data()
    # Directed only so that pyvis keeps every edge (undirected, it merges two roles a
    # department holds on one task) and skips its quadratic search for duplicates.
    network = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for node in data["nodes"]:
        network.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for edge in data["edges"]:
        network.add_edge(
            edge["from"],
            edge["to"],
            arrows={"to": {"enabled": False}},
            **{k: v for k, v in edge.items() if k not in ("from", "to")},
        )
    network.options = data["options"]
    return network


# pyvis's page fetches Bootstrap from a CDN (only its card styling uses it) and has an empty
# heading: both go, so the page works offline under the view's own title.
_ONLINE = re.compile(
    r'<link\s+href="https://[^>]*>|<script\s+src="https://[^>]*>\s*</script>'
    r"|<center>\s*<h1></h1>\s*</center>"
)


def render_html(view: View) -> str:
    """The page `kg view` writes: pyvis's page of the graph, every script and style inline,
    under the view's title, filters and legend; write it as UTF-8 (pyvis's `write_html`
    would use the platform's encoding)."""
    from .web.templating import environment, static_text

    page = _ONLINE.sub("", pyvis_network(view).generate_html())
    # pyvis sets a tooltip as HTML when any contains "href"; ours are always text.
    page = page.replace("popup.innerHTML = nodeData[0].title", "popup.innerText = nodeData[0].title")
    frame = (
        environment()
        .get_template("view.html")
        .render(view=view, graph_css=static_text("graph.css"), page_js=static_text("view-page.js"))
    )
    return (
        page.replace("<html>", '<!doctype html>\n<html lang="zh-CN">', 1)
        .replace("<head>", f"<head>\n<title>{escape(view.title)}</title>", 1)
        .replace("<body>", f"<body>\n{frame}", 1)
    )
