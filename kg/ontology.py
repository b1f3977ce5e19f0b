"""Fengong's ontology and shapes, and what code reads from them."""
from __future__ import annotations

from functools import cache
from importlib.resources import files

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from extract import Role

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
def role_concepts() -> dict[Role, URIRef]:
    """Role → its concept in fg:RoleScheme, matched by skos:notation."""
    graph = ontology()
    return {Role(str(notation)): concept
            for concept, notation in graph.subject_objects(SKOS.notation)
            if (concept, SKOS.inScheme, FG.RoleScheme) in graph}


@cache
def role_edges() -> dict[Role, URIRef]:
    """Role → the direct edge property that stands for it (fg:leads ...), by fg:roleOf."""
    by_concept = {concept: role for role, concept in role_concepts().items()}
    return {by_concept[concept]: edge for edge, concept in ontology().subject_objects(FG.roleOf)}
