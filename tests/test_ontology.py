"""The ontology must parse, document itself in both languages, and agree with the records."""

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from extract.records import Role

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology.ttl"
FG = Namespace("https://w3id.org/fengong/ontology#")

CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def fg_terms(graph: Graph, types) -> set[URIRef]:
    return {
        s for t in types for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef) and s.startswith(FG)
    }


def role_individuals(graph: Graph) -> set[URIRef]:
    return set(graph.subjects(SKOS.inScheme, FG.RoleScheme))


def test_parses(graph):
    assert (URIRef("https://w3id.org/fengong/ontology"), RDF.type, OWL.Ontology) in graph
    assert fg_terms(graph, CLASS_TYPES)
    assert fg_terms(graph, PROPERTY_TYPES)


def test_every_fg_term_is_declared(graph):
    # Catches a misspelt fg: name, which Turtle accepts silently.
    declared = set(graph.subjects(RDF.type, None))
    used = {term for triple in graph for term in triple if isinstance(term, URIRef) and term.startswith(FG)}
    assert used - declared == set()


@pytest.mark.parametrize("kind", ["classes", "properties"])
def test_labels_and_comments(graph, kind):
    terms = fg_terms(graph, CLASS_TYPES if kind == "classes" else PROPERTY_TYPES)
    missing = []
    for term in sorted(terms):
        languages = {label.language for label in graph.objects(term, RDFS.label)}
        for language in ("zh", "en"):
            if language not in languages:
                missing.append(f"{term} has no @{language} rdfs:label")
        if not any(str(c).strip() for c in graph.objects(term, RDFS.comment)):
            missing.append(f"{term} has no rdfs:comment")
    assert missing == []


def test_role_notations_are_the_record_values(graph):
    notations = [str(n) for role in role_individuals(graph) for n in graph.objects(role, SKOS.notation)]
    assert sorted(notations) == sorted(r.value for r in Role)


def test_roles_are_labelled_and_ordered_like_the_records(graph):
    for role in role_individuals(graph):
        assert (role, RDF.type, FG.Role) in graph
        languages = {label.language for label in graph.objects(role, SKOS.prefLabel)}
        assert {"zh", "en"} <= languages, role
        value = Role(str(graph.value(role, SKOS.notation)))
        assert graph.value(role, FG.strength) == Literal(value.strength)


def test_each_role_has_exactly_one_direct_edge(graph):
    for role in role_individuals(graph):
        edges = set(graph.subjects(FG.roleOf, role))
        assert len(edges) == 1, (role, edges)
        (edge,) = edges
        assert (edge, RDF.type, OWL.ObjectProperty) in graph
        assert (edge, RDFS.domain, FG.Actor) in graph
        assert (edge, RDFS.range, FG.Task) in graph
    # and nothing else claims a role
    assert set(graph.objects(None, FG.roleOf)) == role_individuals(graph)


def test_collective_actor_is_not_a_department(graph):
    pair = {FG.CollectiveActor, FG.Department}
    stated = (FG.CollectiveActor, OWL.disjointWith, FG.Department) in graph or (
        FG.Department,
        OWL.disjointWith,
        FG.CollectiveActor,
    ) in graph
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = set(graph.items(graph.value(group, OWL.members)))
        stated = stated or pair <= members
    assert stated
    assert (FG.Department, RDFS.subClassOf, FG.Actor) in graph
    assert (FG.CollectiveActor, RDFS.subClassOf, FG.Actor) in graph
