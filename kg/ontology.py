"""Fengong's ontology and shapes, and what code reads from them."""
from __future__ import annotations

from functools import cache
from importlib.resources import files

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from extract import DeadlineKind, Role

FG = Namespace("https://w3id.org/fengong/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

ONTOLOGY_GRAPH = "https://w3id.org/fengong/ontology"
# The prefixes Fengong's graphs are written with (exports, queries, notebooks). Instance
# IRIs (https://w3id.org/fengong/id/...) get none: their slashes would all be escaped.
PREFIXES = {"fg": FG, "dcterms": DCTERMS, "oa": OA, "org": ORG, "owl": OWL,
            "prov": PROV, "rdf": RDF, "rdfs": RDFS, "schema": SCHEMA, "skos": SKOS, "xsd": XSD}


def _data(name: str) -> str:
    return files("kg").joinpath("data", name).read_text(encoding="utf-8")


@cache
def ontology() -> Graph:
    return Graph().parse(data=_data("ontology.ttl"), format="turtle")


@cache
def shapes() -> Graph:
    return Graph().parse(data=_data("shapes.ttl"), format="turtle")


@cache
def scheme_concepts(scheme: URIRef) -> dict[str, URIRef]:
    """Notation → concept, for the concepts of one of the ontology's schemes."""
    graph = ontology()
    return {str(notation): concept
            for concept, notation in graph.subject_objects(SKOS.notation)
            if (concept, SKOS.inScheme, scheme) in graph}


@cache
def role_concepts() -> dict[Role, URIRef]:
    """Role → its concept in fg:RoleScheme."""
    return {Role(notation): concept for notation, concept in scheme_concepts(FG.RoleScheme).items()}


@cache
def role_edges() -> dict[Role, URIRef]:
    """Role → the direct edge property that stands for it (fg:leads ...), by fg:roleOf."""
    by_concept = {concept: role for role, concept in role_concepts().items()}
    return {by_concept[concept]: edge for edge, concept in ontology().subject_objects(FG.roleOf)}


@cache
def deadline_kinds() -> dict[DeadlineKind, URIRef]:
    """Deadline kind → its concept in fg:DeadlineKinds."""
    return {DeadlineKind(notation): concept
            for notation, concept in scheme_concepts(FG.DeadlineKinds).items()}


@cache
def progress_statuses() -> dict[str, tuple[str, URIRef]]:
    """A task's state as a ledger writes it (its Chinese label: 未启动 ...) → its notation
    and its concept in fg:ProgressStatuses."""
    graph = ontology()
    return {str(label): (notation, concept)
            for notation, concept in scheme_concepts(FG.ProgressStatuses).items()
            for label in graph.objects(concept, SKOS.prefLabel) if label.language == "zh"}
