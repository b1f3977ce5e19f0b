"""shapes.ttl: a valid graph conforms, and each way of breaking a promise is caught.

Every case starts from tests/fixtures/graph/valid.ttl (one document, one task, a lead, a
participant and a collective implementer) and changes one thing with SPARQL Update.
"""

from pathlib import Path

import pytest
from rdflib import Graph

from kg.ontology import PREFIXES
from kg.validate import validate

VALID = Path(__file__).parent / "fixtures" / "graph" / "valid.ttl"
PROLOGUE = (
    "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    + """\
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
)
TASK = "<https://w3id.org/fengong/id/doc/plan/task/t1>"
LEAD = "<https://w3id.org/fengong/id/doc/plan/task/t1/assignment/a1>"
WATER = "<https://w3id.org/fengong/id/department/j1/water>"
COLLECTIVE = "<https://w3id.org/fengong/id/collective/j1/c1>"
SPAN = "<https://w3id.org/fengong/id/doc/plan/span/25-40>"
DOC = "<https://w3id.org/fengong/id/doc/plan>"
POSITION = "<https://w3id.org/fengong/id/doc/plan/span/25-40/position>"
QUOTE = "<https://w3id.org/fengong/id/doc/plan/span/25-40/quote>"
RUN = "<https://w3id.org/fengong/id/run/r1>"
OTHER_PLACE = "<https://w3id.org/fengong/id/jurisdiction/j2>"
PLACE = "<https://w3id.org/fengong/id/jurisdiction/j1>"
SECTION = "<https://w3id.org/fengong/id/doc/plan/section/s2>"
KIND = "<https://w3id.org/fengong/id/kind/water>"


def broken(update: str) -> Graph:
    graph = Graph().parse(VALID)
    graph.update(PROLOGUE + update)
    return graph


def test_the_valid_graph_conforms():
    assert validate(Graph().parse(VALID)) == []


def _second_assignment(role: str, mention: str) -> str:
    """An update giving the lead's department a second assignment on its task, complete
    but for its role and mention, which are `role` and `mention`."""
    second = LEAD.replace("/a1>", "/a2>")
    return (
        f"INSERT {{ {second} ?p ?o }} WHERE {{ {LEAD} ?p ?o FILTER (?p NOT IN (fg:role, fg:mention)) }}"
        f" ; INSERT DATA {{ {second} fg:role {role} ; fg:mention '{mention}' }}"
    )


BREAKS = {
    "a document without its key": (f"DELETE DATA {{ {DOC} fg:key 'plan' }}", DOC, "key"),
    "a document with two titles": (f"INSERT DATA {{ {DOC} dcterms:title '另一个标题'@zh }}", DOC, "title"),
    "a section without its heading": (f"DELETE WHERE {{ {SECTION} fg:heading ?h }}", SECTION, "heading"),
    "a section under a task": (
        f"DELETE WHERE {{ {SECTION} fg:parent ?p }} ; INSERT DATA {{ {SECTION} fg:parent {TASK} }}",
        SECTION,
        "parent",
    ),
    "a jurisdiction without a name": (f"DELETE WHERE {{ {PLACE} skos:prefLabel ?n }}", PLACE, "prefLabel"),
    "a department kind outside the kinds scheme": (
        f"DELETE WHERE {{ {KIND} skos:inScheme ?s }}",
        KIND,
        "inScheme",
    ),
    "a document without the run that read it": (
        f"DELETE WHERE {{ {DOC} prov:wasGeneratedBy ?run }}",
        DOC,
        "wasGeneratedBy",
    ),
    "a task in two documents": (
        f"INSERT DATA {{ {TASK} fg:document <https://w3id.org/fengong/id/doc/other> . "
        f"<https://w3id.org/fengong/id/doc/other> a fg:PolicyDocument }}",
        TASK,
        "document",
    ),
    "a task with an empty title": (
        f"DELETE WHERE {{ {TASK} fg:title ?t }} ; INSERT DATA {{ {TASK} fg:title '' }}",
        TASK,
        "title",
    ),
    "a task with two titles": (f"INSERT DATA {{ {TASK} fg:title '另一个标题' }}", TASK, "title"),
    "a task whose position is not a positive integer": (
        f"DELETE WHERE {{ {TASK} fg:position ?p }} ; INSERT DATA {{ {TASK} fg:position 0 }}",
        TASK,
        "position",
    ),
    "a task not derived from a span": (
        f"DELETE WHERE {{ {TASK} prov:wasDerivedFrom ?s }}",
        TASK,
        "wasDerivedFrom",
    ),
    "an assignment without a role": (f"DELETE WHERE {{ {LEAD} fg:role ?r }}", LEAD, "role"),
    "an assignment with a role outside the scheme": (
        f"DELETE WHERE {{ {LEAD} fg:role ?r }} ; INSERT DATA {{ {LEAD} fg:role fg:Lead2 }}",
        LEAD,
        "role",
    ),
    "an assignment with two actors": (f"INSERT DATA {{ {LEAD} fg:agent {COLLECTIVE} }}", LEAD, "agent"),
    "an assignment whose actor is not an actor": (
        f"DELETE WHERE {{ {LEAD} fg:agent ?a }} ; INSERT DATA {{ {LEAD} fg:agent {TASK} }}",
        LEAD,
        "agent",
    ),
    "an assignment without its provenance": (
        f"DELETE WHERE {{ {LEAD} prov:wasDerivedFrom ?s }}",
        LEAD,
        "wasDerivedFrom",
    ),
    "an assignment whose derived flag is not a boolean": (
        f"DELETE WHERE {{ {LEAD} fg:derived ?d }} ; INSERT DATA {{ {LEAD} fg:derived 'no' }}",
        LEAD,
        "derived",
    ),
    "an assignment without its direct edge": (
        f"DELETE DATA {{ {WATER} fg:leads {TASK} }}",
        LEAD,
        "direct edge",
    ),
    "an assignment whose direct edge has the wrong role": (
        f"DELETE DATA {{ {WATER} fg:leads {TASK} }} ; INSERT DATA {{ {WATER} fg:participatesIn {TASK} }}",
        LEAD,
        "direct edge",
    ),
    "a direct edge with no assignment behind it": (
        f"INSERT DATA {{ {WATER} fg:implements {TASK} }}",
        WATER,
        "no assignment",
    ),
    "one department assigned twice to a task, in two roles": (
        _second_assignment("fg:Participant", "省水利厅")
        + f" ; INSERT DATA {{ {WATER} fg:participatesIn {TASK} }}",
        LEAD,
        "assigned twice",
    ),
    "one department assigned twice to a task, written two ways": (
        _second_assignment("fg:Lead", "江西省水利厅"),
        LEAD,
        "assigned twice",
    ),
    "a department with two canonical names": (
        f"INSERT DATA {{ {WATER} skos:prefLabel '水务局'@zh }}",
        WATER,
        "prefLabel",
    ),
    "two departments merged into one IRI": (
        f"INSERT DATA {{ {WATER} fg:key '临江市|市节水办' }}",
        WATER,
        "key",
    ),
    "a department in two jurisdictions": (
        f"INSERT DATA {{ {WATER} fg:jurisdiction {OTHER_PLACE} . "
        f"{OTHER_PLACE} a fg:Jurisdiction ; skos:prefLabel '江北市'@zh }}",
        WATER,
        "jurisdiction",
    ),
    "a department that is also a collective actor": (
        f"INSERT DATA {{ {WATER} a fg:CollectiveActor }}",
        WATER,
        None,
    ),
    "a document that miscounts its tasks": (
        f"DELETE WHERE {{ {DOC} fg:taskCount ?n }} ; INSERT DATA {{ {DOC} fg:taskCount 2 }}",
        DOC,
        None,
    ),
    "a department with two counts of its tasks": (
        f"INSERT DATA {{ {WATER} fg:taskCount 3, 4 }}",
        WATER,
        "taskCount",
    ),
    "a collective actor merged with another mention": (
        f"INSERT DATA {{ {COLLECTIVE} skos:altLabel '各区县政府'@zh }}",
        COLLECTIVE,
        "altLabel",
    ),
    "a span without its position": (
        f"DELETE WHERE {{ {SPAN} oa:hasSelector ?s . ?s a oa:TextPositionSelector }}",
        SPAN,
        "hasSelector",
    ),
    "a span that ends before it starts": (
        f"DELETE WHERE {{ {POSITION} oa:end ?e }} ; INSERT DATA {{ {POSITION} oa:end 20 }}",
        POSITION,
        "start",
    ),
    "a quote selector that quotes nothing": (
        f"DELETE WHERE {{ {QUOTE} oa:exact ?e }} ; INSERT DATA {{ {QUOTE} oa:exact '' }}",
        QUOTE,
        "exact",
    ),
    "a run with no software agent": (
        f"DELETE WHERE {{ {RUN} prov:wasAssociatedWith ?a }}",
        RUN,
        "wasAssociatedWith",
    ),
}


@pytest.mark.parametrize("case", BREAKS, ids=list(BREAKS))
def test_each_broken_promise_is_reported(case):
    update, focus, about = BREAKS[case]
    violations = validate(broken(update))
    focus = focus.strip("<>")
    assert violations, f"not caught: {case}"
    assert any(
        focus in (v.focus, v.value) and (about is None or about in f"{v.path} {v.message}")
        for v in violations
    ), violations
