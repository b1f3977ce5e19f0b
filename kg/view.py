"""The graph as an interactive page (pyvis): departments, the tasks they hold, and their roles.

Departments and tasks are nodes, one edge per role a department holds on a task, coloured
and styled by role as data/view-style.json says. Tasks are grouped by document, so each
document has a colour of its own. A view of more than `AGGREGATE_ABOVE` nodes would take
the browser minutes to lay out, so it is aggregated instead: departments only, linked by the
tasks they share (`collaboration_graph`), placed here on a spiral (the busiest at the centre)
with the browser's physics off.

Labels and tooltips are given to vis-network as plain strings, which it draws on the canvas
and sets as the tooltip's innerText: a name such as <img src=x> shows as text and runs
nothing. (Escaping them as HTML would show the entities themselves.)
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files

from pyvis.network import Network

from extract import Role

from .network import Responsibility, collaboration_graph
from .sparql import run
from .store import Store

AGGREGATE_ABOVE = 1500
SPIRAL_SPACING = 40


@dataclass(frozen=True)
class TaskInfo:
    """What the view shows of a task and of its document."""

    task: str
    number: str | None
    title: str | None
    text: str | None
    document: str
    key: str | None                 # the document's file stem
    document_title: str | None
    document_number: str | None     # 文号


def task_details(store: Store) -> dict[str, TaskInfo]:
    """Every task of `store`, by IRI, with its document's title, number and key."""
    result = run(store, "view-tasks")
    return {row["task"]: TaskInfo(**row) for row in result.rows}


def view_style() -> dict:
    return json.loads(files("kg").joinpath("data", "view-style.json").read_text(encoding="utf-8"))


def select_responsibilities(held: Iterable[Responsibility], *, actor: str | None = None,
                            jurisdiction: str | None = None, document: str | None = None,
                            role: Role | None = None) -> list[Responsibility]:
    """The responsibilities a view shows; every name is already resolved (`kg.names`).

    `actor` (an IRI) gives its ego view: its tasks, with every actor on them.
    `jurisdiction` keeps the actors of that jurisdiction; `document` (an IRI) the tasks of
    that document; `role` the edges of that role.
    """
    kept = [r for r in held
            if (role is None or r.role is role)
            and (document is None or r.document == document)
            and (jurisdiction is None or r.jurisdiction == jurisdiction)]
    if actor is None:
        return kept
    ego_tasks = {r.task for r in kept if r.actor == actor}
    return [r for r in kept if r.task in ego_tasks]


def _task_tooltip(info: TaskInfo) -> str:
    source = "，".join(part for part in (info.document_title, info.document_number) if part)
    lines = [f"{info.number or ''} {info.title or ''}".strip(), info.text, f"来源：{source}"]
    return "\n".join(line for line in lines if line)


def _actor_tooltip(held: list[Responsibility]) -> str:
    first = held[0]
    counts = "，".join(f"{role.value} {n}" for role in Role
                      if (n := len({r.task for r in held if r.role is role})))
    return "\n".join([first.name, f"jurisdiction: {first.jurisdiction or '?'}",
                      f"tasks: {len({r.task for r in held})} ({counts})"])


def _actor_node(style: dict, collective: bool, tasks: int) -> dict:
    kind = style["collective" if collective else "department"]
    return {"shape": kind["shape"], "color": kind["color"],
            "size": kind["size"] + kind["size_per_task"] * math.sqrt(tasks)}


def task_network(held: list[Responsibility], tasks: dict[str, TaskInfo],
                 style: dict | None = None) -> Network:
    """Departments and tasks as nodes, one edge per responsibility, styled by role."""
    style = style or view_style()
    network = _network()
    for task in sorted({r.task for r in held}):
        info = tasks[task]
        network.add_node(task, label=info.number or info.title or task,
                         title=_task_tooltip(info), group=info.key or info.document,
                         shape=style["task"]["shape"], size=style["task"]["size"])
    by_actor: dict[str, list[Responsibility]] = {}
    for r in held:
        by_actor.setdefault(r.actor, []).append(r)
    for actor in sorted(by_actor):
        mine = by_actor[actor]
        network.add_node(actor, label=mine[0].name, title=_actor_tooltip(mine),
                         **_actor_node(style, mine[0].collective, len({r.task for r in mine})))
    for r in held:
        network.add_edge(r.actor, r.task, title=f"{r.name}: {r.role.value}",
                         **style["roles"][r.role.value])
    return network


def aggregate_network(held: list[Responsibility], style: dict | None = None) -> Network:
    """Departments only, linked by shared tasks, laid out once here with physics off."""
    style = style or view_style()
    graph = collaboration_graph(held)
    positions = spiral_layout(sorted(graph, key=lambda actor: (-graph.degree(actor, "weight"),
                                                                actor)))
    network = _network()
    for actor, data in graph.nodes(data=True):
        x, y = positions[actor]
        network.add_node(actor, label=data["name"], x=x, y=y,
                         title="\n".join([data["name"],
                                          f"jurisdiction: {data['jurisdiction'] or '?'}",
                                          f"tasks: {data['tasks']} (lead {data['lead']})"]),
                         **_actor_node(style, False, data["tasks"]))
    link = style["collaboration"]
    for a, b, weight in graph.edges(data="weight"):
        network.add_edge(a, b, value=weight, width=link["width_per_task"] * weight,
                         color=link["color"], title=f"{weight} shared tasks")
    network.toggle_physics(False)
    return network


def spiral_layout(nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Positions on a sunflower spiral, first node at the centre, evenly spread: instant for
    any number of nodes (networkx's force layouts need numpy, and take minutes at this size)."""
    golden_angle = math.pi * (3 - math.sqrt(5))
    return {node: (SPIRAL_SPACING * math.sqrt(i) * math.cos(i * golden_angle),
                   SPIRAL_SPACING * math.sqrt(i) * math.sin(i * golden_angle))
            for i, node in enumerate(nodes)}


def _network() -> Network:
    return Network(height="100vh", width="100%", directed=False, cdn_resources="in_line")


def node_count(held: Iterable[Responsibility]) -> int:
    """Tasks and actors: the nodes of the task network of `held`."""
    return len({node for r in held for node in (r.task, r.actor)})


def view_network(held: list[Responsibility], tasks: dict[str, TaskInfo], *,
                 aggregate_above: int = AGGREGATE_ABOVE, style: dict | None = None) -> Network:
    """The task network of `held`, or its aggregate when it has over `aggregate_above` nodes."""
    if node_count(held) > aggregate_above:
        return aggregate_network(held, style)
    return task_network(held, tasks, style)


# pyvis links Bootstrap from a CDN for menus this view does not use; offline it only fails.
_BOOTSTRAP = re.compile(r'<link\s+href="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*/>\s*'
                        r'<script\s+src="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*></script>')


def render_html(network: Network) -> str:
    """The page, with its scripts inline and nothing remote, so that it works offline;
    write it as UTF-8."""
    return _BOOTSTRAP.sub("", network.generate_html())
