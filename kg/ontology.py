"""Fengong's ontology and shapes, and what code reads from them.

The ontology is read with pyoxigraph, so that building a graph never loads rdflib; the
rdflib graphs (`ontology()`, `shapes()`) are for SHACL validation and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from extract import DeadlineKind, Role

ONTOLOGY_GRAPH = "https://w3id.org/fengong/ontology"
# The prefixes Fengong's graphs are written with (exports, queries, notebooks). Instance
# IRIs (https://w3id.org/fengong/id/...) get none: their slashes would all be escaped.
PREFIXES = {
    "fg": "https://w3id.org/fengong/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class RoleTerms:
    concept: str  # the role's concept in fg:RoleScheme
    edge: str  # the direct edge property that stands for it (fg:leads ...)
    count: str  # the property of an actor's description that counts its tasks in it (fg:leadCount ...)


def ontology_text() -> str:
    """ontology.ttl, as Turtle."""
    return _data("ontology.ttl")


def _data(name: str) -> str:
    return files("kg").joinpath("data", name).read_text(encoding="utf-8")


@cache
def _parsed():
    import pyoxigraph

    graph = pyoxigraph.Store()
    graph.load(ontology_text(), format=pyoxigraph.RdfFormat.TURTLE)
    return graph


def _select(query: str) -> list:
    return list(
        _parsed().query(
            "PREFIX fg: <https://w3id.org/fengong/ontology#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + query
        )
    )


@cache
def roles() -> dict[Role, RoleTerms]:
    """Role → its concept (matched by skos:notation), its direct edge (by fg:roleOf) and its
    count (by fg:countOf)."""
    found = _select("""SELECT ?notation ?concept ?edge ?count WHERE {
        ?concept skos:inScheme fg:RoleScheme ; skos:notation ?notation .
        ?edge fg:roleOf ?concept . ?count fg:countOf ?concept }""")
    return {
        Role(row["notation"].value): RoleTerms(row["concept"].value, row["edge"].value, row["count"].value)
        for row in found
    }


@cache
def deadline_kinds() -> dict[DeadlineKind, str]:
    """Deadline kind → the IRI of its concept in fg:DeadlineKinds."""
    found = _select("""SELECT ?notation ?concept WHERE {
        ?concept skos:inScheme fg:DeadlineKinds ; skos:notation ?notation }""")
    return {DeadlineKind(row["notation"].value): row["concept"].value for row in found}


@cache
def progress_statuses() -> dict[str, tuple[str, str]]:
    """A task's state as a ledger writes it (its Chinese label: 未启动 ...) → its notation
    and the IRI of its concept in fg:ProgressStatuses."""
    found = _select("""SELECT ?label ?notation ?concept WHERE {
        ?concept skos:inScheme fg:ProgressStatuses ; skos:notation ?notation ; skos:prefLabel ?label
        FILTER (LANG(?label) = "zh") }""")
    return {row["label"].value: (row["notation"].value, row["concept"].value) for row in found}


def __getattr__(name: str):
    # FG as an rdflib Namespace, for code and tests that work with rdflib graphs; made on
    # demand so that importing this module never loads rdflib.
    if name == "FG":
        from rdflib import Namespace

        return Namespace(PREFIXES["fg"])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def ontology():
    """The ontology as an rdflib Graph."""
    from rdflib import Graph

    return Graph().parse(data=ontology_text(), format="turtle")


@cache
def shapes():
    """The SHACL shapes as an rdflib Graph."""
    from rdflib import Graph

    return Graph().parse(data=_data("shapes.ttl"), format="turtle")
