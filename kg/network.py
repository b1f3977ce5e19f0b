"""Departments linked by the tasks they share, as networkx graphs.

The store's direct edges (fg:leads, fg:participatesIn, ...) are read once, by
queries/responsibilities.rq, into `Responsibility` records; the graphs here are built from
those records alone. The lead load is the named query lead-load's, so that `kg query
lead-load` and this module give one answer. Nodes are actor IRIs, so offices of the same name in two
jurisdictions stay two nodes. Nodes, edges and rows come out in a fixed order, so that the
same store always gives the same output.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import BinaryIO

import networkx as nx

from extract import Role

from .sparql import run
from .store import Store


@dataclass(frozen=True)
class Responsibility:
    """One actor's role on one task: one direct edge of the store."""

    task: str  # IRI
    document: str  # IRI of the task's document
    actor: str  # IRI
    name: str  # the actor's skos:prefLabel
    jurisdiction: str | None  # the name of the actor's jurisdiction, None when unknown
    role: Role
    collective: bool  # an fg:CollectiveActor (各有关部门 ...), not a department


@dataclass(frozen=True)
class Ranking:
    """A department's place in the collaboration graph."""

    actor: str
    name: str
    jurisdiction: str | None
    degree: int  # distinct partners
    strength: int  # weighted degree: shared tasks summed over partners
    betweenness: float  # normalised, over distances 1/weight
    lead: int  # tasks it leads


@dataclass(frozen=True)
class Load:
    """How many tasks an actor holds in each role."""

    name: str
    jurisdiction: str | None
    lead: int
    joint: int
    participant: int
    implementer: int
    collective: bool
    actor: str


def responsibilities(store: Store) -> list[Responsibility]:
    """Every direct edge in `store`, ordered by document, task and actor.

    Roles are read from the ontology, which `kg build` stores beside the documents.
    """
    result = run(store, "responsibilities")
    return [Responsibility(**{**row, "role": Role(row["role"])}) for row in result.rows]


def _kept(responsibilities: Iterable[Responsibility], include_collective: bool) -> list[Responsibility]:
    return [r for r in responsibilities if include_collective or not r.collective]


def _by_actor(responsibilities: Iterable[Responsibility]) -> dict[str, list[Responsibility]]:
    held = defaultdict(list)
    for responsibility in responsibilities:
        held[responsibility.actor].append(responsibility)
    return {actor: held[actor] for actor in sorted(held)}


def _holders(responsibilities: Iterable[Responsibility], role: Role | None = None) -> dict[str, set[str]]:
    """Task → the actors holding `role` on it (any role when None)."""
    holders = defaultdict(set)
    for responsibility in responsibilities:
        if role is None or responsibility.role is role:
            holders[responsibility.task].add(responsibility.actor)
    return holders


def _count(held: Iterable[Responsibility], role: Role | None = None) -> int:
    """Distinct tasks among `held`, in `role` when given."""
    return len({r.task for r in held if role is None or r.role is role})


def _add_actors(graph: nx.Graph, responsibilities: Iterable[Responsibility]) -> None:
    for actor, held in _by_actor(responsibilities).items():
        graph.add_node(
            actor,
            name=held[0].name,
            jurisdiction=held[0].jurisdiction,
            collective=held[0].collective,
            lead=_count(held, Role.LEAD),
            tasks=_count(held),
        )


def _add_edges(graph: nx.Graph, links: Iterable[tuple[str, str, str]]) -> None:
    """An edge a–b (a → b when directed) per pair linked by (a, b, task): weight the number
    of tasks, tasks their IRIs, sorted."""
    tasks = defaultdict(set)
    for a, b, task in links:
        tasks[a, b].add(task)
    for (a, b), shared in sorted(tasks.items()):
        graph.add_edge(a, b, weight=len(shared), tasks=sorted(shared))


def collaboration_graph(
    responsibilities: Iterable[Responsibility], *, include_collective: bool = False
) -> nx.Graph:
    """Departments linked by every task they both hold a role on, whatever the roles.

    Node attributes: name, jurisdiction, collective, lead (tasks led), tasks (tasks held in
    any role). Edge attributes: weight (shared tasks), tasks (their IRIs, sorted).
    Collective actors are left out unless asked for: they are not departments, and one
    (各有关部门) would link everything to everything.
    """
    kept = _kept(responsibilities, include_collective)
    graph = nx.Graph()
    _add_actors(graph, kept)
    _add_edges(
        graph,
        ((a, b, task) for task, actors in _holders(kept).items() for a, b in combinations(sorted(actors), 2)),
    )
    return graph


def lead_participant_graph(
    responsibilities: Iterable[Responsibility], *, include_collective: bool = False
) -> nx.DiGraph:
    """An edge from each lead of a task to each of its participants (配合), weighted by tasks.

    Only lead → participant: joint holders have no lead over them, and implementers carry a
    task out rather than assist its lead. Nodes and their attributes are those of
    `collaboration_graph`, so a department with no such edge is an isolated node.
    """
    kept = _kept(responsibilities, include_collective)
    leads, participants = _holders(kept, Role.LEAD), _holders(kept, Role.PARTICIPANT)
    graph = nx.DiGraph()
    _add_actors(graph, kept)
    _add_edges(
        graph,
        (
            (lead, participant, task)
            for task, actors in leads.items()
            for lead in actors
            for participant in participants.get(task, ())
        ),
    )
    return graph


def _betweenness(graph: nx.Graph) -> dict[str, float]:
    # networkx reads an edge's weight as a distance, but departments sharing more tasks are
    # closer: the distance is 1/weight. Fractions keep it exact, so equal paths tie.
    distances = graph.copy()
    nx.set_edge_attributes(
        distances, {(a, b): Fraction(1, weight) for a, b, weight in graph.edges(data="weight")}, "distance"
    )
    return nx.betweenness_centrality(distances, weight="distance")


def rankings(graph: nx.Graph, top: int | None = None) -> list[Ranking]:
    """The departments of a collaboration graph, by weighted degree and then by name."""
    betweenness = _betweenness(graph)
    ranked = sorted(
        (
            Ranking(
                actor=actor,
                name=data["name"],
                jurisdiction=data["jurisdiction"],
                degree=graph.degree(actor),
                strength=graph.degree(actor, weight="weight"),
                betweenness=betweenness[actor],
                lead=data["lead"],
            )
            for actor, data in graph.nodes(data=True)
        ),
        key=lambda ranking: (-ranking.strength, ranking.name, ranking.actor),
    )
    return ranked[:top]


def lead_load(store: Store) -> list[Load]:
    """Per actor, collective ones included, the tasks it holds in each role; most led first
    (the named query lead-load, which `kg query lead-load` prints)."""
    return [Load(**row) for row in run(store, "lead-load").rows]


def gephi_graph(graph: nx.Graph, output: BinaryIO, format: str) -> None:
    """`graph` as GEXF or GraphML (`format`) for Gephi. Their writers take neither None nor
    lists: a missing value is left out, and a list (an edge's tasks) becomes one string."""
    copy = graph.__class__()
    for node, data in graph.nodes(data=True):
        copy.add_node(node, **_plain(data))
    for a, b, data in graph.edges(data=True):
        copy.add_edge(a, b, **_plain(data))
    writer = {"gexf": nx.write_gexf, "graphml": nx.write_graphml}[format]
    writer(copy, output)


def _plain(data: dict) -> dict:
    return {
        key: " ".join(value) if isinstance(value, list) else value
        for key, value in data.items()
        if value is not None
    }
