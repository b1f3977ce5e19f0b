"""The graphs describing departments, kinds and jurisdictions, kept in step with the documents.

Each department, department kind and jurisdiction is described once, in a named graph of
its own (see kg.mapping). A build calls `Descriptions` while it writes the store:

- `note` records what each new document names (its records carry the descriptions);
- `removing` is told which documents' graphs leave the store (replaced or removed), and
  remembers what they named;
- `refresh`, once the new graphs are in, rewrites the description of everything noted or
  remembered: a department's `skos:altLabel`s become the ways the documents now in the
  store write it (their `fg:Naming`s), its `fg:taskCount`, `fg:documentCount` and
  tasks per role (`fg:leadCount` …) are counted over the documents now in the store, and
  a department, kind or jurisdiction that no document names any more loses its graph.

The cost follows what the build touches, not the size of the store: replacing one plan
rewrites the descriptions of the departments it names, whatever else the store holds.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from extract import Department

from . import iris
from .mapping import department_description, jurisdiction_description, kind_description
from .ontology import PREFIXES, roles

FG, SKOS = PREFIXES["fg"], PREFIXES["skos"]
ALT_LABEL = ox.NamedNode(f"{SKOS}altLabel")
PREF_LABEL = ox.NamedNode(f"{SKOS}prefLabel")
TASK_COUNT, DOCUMENT_COUNT = f"{FG}taskCount", f"{FG}documentCount"
INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
# Rows per query: VALUES lists stay a manageable size.
CHUNK = 2000


class Descriptions:
    def __init__(self) -> None:
        self.departments: dict[str, Department] = {}  # IRI → this build's record of it
        self.jurisdictions: dict[str, str] = {}  # IRI → name
        self.kinds: set[str] = set()  # slugs
        self.touched: set[str] = set()  # IRIs named by graphs that leave the store

    def note(self, departments: Iterable[Department], jurisdiction: str | None) -> None:
        """What a document written in this build names: its departments and jurisdiction."""
        for department in departments:
            self.departments[iris.department_iri(department)] = department
            if department.kind:
                self.kinds.add(department.kind)
            if department.jurisdiction:
                self.jurisdictions[iris.jurisdiction_iri(department.jurisdiction)] = department.jurisdiction
        if jurisdiction:
            self.jurisdictions[iris.jurisdiction_iri(jurisdiction)] = jurisdiction

    @staticmethod
    def derived(graph: str) -> bool:
        """Whether a graph is made from the others (so a build may drop it and make it anew)."""
        return iris.is_description(graph)

    def removing(self, db: ox.Store, graphs: list[str]) -> None:
        """Remember what `graphs` (document graphs leaving the store) name."""
        for chunk in _chunks(graphs):
            found = db.query(f"""
                SELECT DISTINCT ?named WHERE {{
                  VALUES ?g {{ {_values(chunk)} }}
                  GRAPH ?g {{ {{ ?naming <{FG}denotes> ?named }} UNION {{ ?g <{FG}jurisdiction> ?named }} }}
                }}""")
            self.touched.update(row["named"].value for row in found)

    def refresh(self, db: ox.Store) -> None:
        """Rewrite or drop the description of everything this build touched."""
        departments = set(self.departments) | {i for i in self.touched if not i.startswith(PLACES)}
        places = set(self.jurisdictions) | {i for i in self.touched if i.startswith(PLACES)}
        kinds = {iris.kind_iri(slug) for slug in self.kinds}
        # What a department's old description points at may lose its last reference too.
        for chunk in _chunks(sorted(departments)):
            for row in db.query(f"""
                    SELECT ?p ?o WHERE {{ VALUES ?g {{ {_values(chunk)} }}
                      GRAPH ?g {{ ?g ?p ?o FILTER (?p IN (<{FG}kind>, <{FG}jurisdiction>)) }} }}"""):
                (kinds if row["p"].value == f"{FG}kind" else places).add(row["o"].value)

        aliases = _aliases(db, departments)
        load = _load(db, set(aliases))
        described = [
            (
                department,
                department_description(self.departments[department], written, load[department])
                if department in self.departments
                else _kept(db, department, written, load[department]),
            )
            for department, written in sorted(aliases.items())
        ]
        _replace(db, departments, described)

        referenced = _referenced(db, kinds | places)
        described = [
            (kind, kind_description(kind.removeprefix(KINDS))) for kind in sorted(kinds & referenced)
        ]
        described += [
            (place, jurisdiction_description(self.jurisdictions[place]))
            for place in sorted(places & referenced)
            if place in self.jurisdictions
        ]
        # A jurisdiction still named, of which this build knows nothing new, keeps its graph.
        _replace(db, (kinds | places) - (referenced - {node for node, _ in described}), described)


PLACES = f"{iris.BASE}jurisdiction/"
KINDS = iris.kind_iri("")


def _chunks(items: list[str]) -> Iterable[list[str]]:
    items = sorted(items)
    return (items[i : i + CHUNK] for i in range(0, len(items), CHUNK))


def _values(iris_: list[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris_)


def _aliases(db: ox.Store, departments: set[str]) -> dict[str, set[str]]:
    """The departments some document in `db` names, each with the ways they write it."""
    found: dict[str, set[str]] = {}
    for chunk in _chunks(list(departments)):
        for row in db.query(
            f"""
                SELECT ?d ?alias WHERE {{ VALUES ?d {{ {_values(chunk)} }}
                  ?naming <{FG}denotes> ?d OPTIONAL {{ ?naming <{FG}writtenAs> ?alias }} }}""",
            use_default_graph_as_union=True,
        ):
            written = found.setdefault(row["d"].value, set())
            if row["alias"] is not None:
                written.add(row["alias"].value)
    return found


def _load(db: ox.Store, departments: set[str]) -> dict[str, dict[str, int]]:
    """Each of `departments` with its counts over the documents in `db`: count property IRI
    (fg:taskCount, fg:documentCount and one per role, fg:leadCount …) → number, zero included."""
    terms = roles().values()
    edges = " ".join(f"<{role.edge}>" for role in terms)
    count_of = {role.edge: role.count for role in terms}
    found = {d: dict.fromkeys([TASK_COUNT, DOCUMENT_COUNT, *count_of.values()], 0) for d in departments}
    for chunk in _chunks(list(departments)):
        for row in db.query(
            f"""
                SELECT ?d ?edge (COUNT(?task) AS ?tasks) WHERE {{ VALUES ?d {{ {_values(chunk)} }}
                  VALUES ?edge {{ {edges} }} ?d ?edge ?task }} GROUP BY ?d ?edge""",
            use_default_graph_as_union=True,
        ):
            found[row["d"].value][count_of[row["edge"].value]] = int(row["tasks"].value)
        for row in db.query(
            f"""
                SELECT ?d (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?doc) AS ?documents)
                WHERE {{ VALUES ?d {{ {_values(chunk)} }} VALUES ?edge {{ {edges} }}
                  ?d ?edge ?task . ?task <{FG}document> ?doc }} GROUP BY ?d""",
            use_default_graph_as_union=True,
        ):
            found[row["d"].value][TASK_COUNT] = int(row["tasks"].value)
            found[row["d"].value][DOCUMENT_COUNT] = int(row["documents"].value)
    return found


def _referenced(db: ox.Store, nodes: set[str]) -> set[str]:
    """Those of `nodes` (kinds, jurisdictions) that a document or department points at."""
    found: set[str] = set()
    for chunk in _chunks(list(nodes)):
        found.update(
            row["x"].value
            for row in db.query(
                f"""
            SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {_values(chunk)} }}
              {{ ?s <{FG}kind> ?x }} UNION {{ ?s <{FG}jurisdiction> ?x }} }}""",
                use_default_graph_as_union=True,
            )
        )
    return found


def _kept(db: ox.Store, department: str, aliases: set[str], load: dict[str, int]) -> str:
    """A department's description as stored, its alternative names made `aliases` and its
    counts `load`."""
    graph = ox.NamedNode(department)
    lines, name = [], None
    for quad in db.quads_for_pattern(None, None, None, graph):
        if quad.predicate == PREF_LABEL:
            name = quad.object.value
        if quad.predicate != ALT_LABEL and quad.predicate.value not in load:
            lines.append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    lines += [
        f"{graph} {ALT_LABEL} {ox.Literal(alias, language='zh')} .\n" for alias in sorted(aliases - {name})
    ]
    lines += [
        f"{graph} {ox.NamedNode(count)} {ox.Literal(str(number), datatype=INTEGER)} .\n"
        for count, number in sorted(load.items())
    ]
    return "".join(lines)


def _replace(db: ox.Store, graphs: Iterable[str], described: list[tuple[str, str]]) -> None:
    """Empty `graphs`, then give each described node its N-Triples as its graph."""
    for graph in graphs:
        db.remove_graph(ox.NamedNode(graph))
    for node, ntriples in described:
        db.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(node))
