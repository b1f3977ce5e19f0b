"""`kg query`: the named queries of kg/queries, parameters bound as terms, output formats.

Runs on the invented plans of tests/fixtures/graph/plans (two of 江西省, one of 甘肃省),
built once for the module.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

import pytest

from kg.sparql import ParameterError, bind, named_queries, parameters, query_text


@pytest.fixture(scope="module")
def store(plans_store):
    return plans_store


@pytest.fixture(scope="module")
def rows(kg):
    def run(store, name: str, *params: str) -> list[dict]:
        args = [a for p in params for a in ("--param", p)]
        result = kg("query", name, *args, "--format", "json", "--store", store)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return run


def test_every_named_query_says_what_it_answers():
    for name in named_queries():
        assert query_text(name).startswith("# "), name
    assert {
        "department-tasks",
        "lead-load",
        "co-participants",
        "unled-tasks",
        "task-departments",
        "jurisdiction-difference",
    } <= set(named_queries())


def test_list_names_each_query_and_its_parameters(kg):
    listing = kg("query", "--list").stdout
    assert "lead-load\tHow many tasks each actor leads, shares, takes part in and implements" in listing
    assert "--param jurisdiction=...  (jurisdiction, optional)" in listing


def test_department_tasks_of_a_department_of_one_jurisdiction(rows, store):
    found = rows(store, "department-tasks", "name=省水利厅", "jurisdiction=江西")
    assert {(r["jurisdiction"], r["role"], r["title"]) for r in found} == {
        ("江西省", "lead", "推进灌区节水改造"),
        ("江西省", "participant", "推进工业废水循环利用"),
        ("江西省", "joint", "开展节水型企业建设"),
    }
    first = found[0]
    assert first["identifier"] == "赣府厅字〔2024〕7号" and first["number"] == "二（一）1"
    # Every other actor of the task once, with its role; their order is not specified.
    assert sorted(first["others"].split("、")) == sorted(
        ["省发展改革委 (participant)", "省农业农村厅 (participant)", "省财政厅 (participant)"]
    )
    gansu = rows(store, "department-tasks", "name=省水利厅", "jurisdiction=甘肃省")
    assert [r["title"] for r in gansu] == ["推进灌区节水改造", "加强城镇节水"]


def test_lead_load_counts_each_role_most_leads_first(rows, store):
    found = rows(store, "lead-load")
    assert [r["lead"] for r in found] == sorted((r["lead"] for r in found), reverse=True)
    assert {k: v for k, v in found[4].items() if k != "actor"} == {
        "name": "省水利厅",
        "jurisdiction": "甘肃省",
        "lead": 1,
        "joint": 0,
        "participant": 1,
        "implementer": 0,
        "collective": False,
    }
    assert sum(r["lead"] for r in found) == 5  # every lead edge of the plans
    assert [r["name"] for r in found if r["collective"]] == ["各市人民政府"]


def test_co_participants_counts_shared_tasks(rows, store):
    found = rows(store, "co-participants", "name=省水利厅", "jurisdiction=江西省")
    assert (found[0]["partner"], found[0]["tasks"]) == ("省工业和信息化厅", 2)
    assert {r["partner"] for r in found} == {
        "省工业和信息化厅",
        "各市人民政府",
        "省农业农村厅",
        "省发展改革委",
        "省生态环境厅",
        "省财政厅",
    }


def test_unled_tasks_are_those_nobody_leads_with_whoever_shares_them(rows, store):
    found = {r["title"]: r["assigned"] for r in rows(store, "unled-tasks")}
    assert set(found) == {"加强移动源污染防治", "开展面源污染治理", "发展节水渔业", "开展节水型企业建设"}
    assert found["开展面源污染治理"] is None
    assert set(found["开展节水型企业建设"].split("、")) == {"省水利厅 (joint)", "省工业和信息化厅 (joint)"}


def test_task_departments_by_title_or_iri(rows, store):
    by_title = rows(store, "task-departments", "title=加强城镇节水")
    assert [(r["name"], r["role"]) for r in by_title] == [
        ("省住房城乡建设厅", "lead"),
        ("省水利厅", "participant"),
    ]
    by_iri = rows(store, "task-departments", f"task={by_title[0]['task']}")
    assert by_iri == by_title


def test_jurisdiction_difference_compares_kinds(rows, store):
    kinds = {r["kindName"] for r in rows(store, "jurisdiction-difference", "a=江西省", "b=甘肃省")}
    assert "公安厅" in kinds and "水利厅" not in kinds
    assert {r["kindName"] for r in rows(store, "jurisdiction-difference", "a=甘肃省", "b=江西省")} == {
        "住房城乡建设厅"
    }


@pytest.mark.parametrize(
    "name",
    [
        '省水利厅" } UNION { ?department ?edge ?task } #',
        "省水利厅' } UNION { ?department ?edge ?task } #",
        "}}}{{{ ?x ?y ?z",
    ],
)
def test_a_parameter_is_only_ever_a_value(kg, rows, store, name):
    assert rows(store, "task-departments", f"title={name}") == []
    refused = kg("query", "department-tasks", "--param", f"name={name}", "--store", store)
    assert refused.exit_code == 1 and refused.stderr.startswith(f"kg: no department named {name}")


def test_parameters_are_bound_as_declared_terms():
    text = query_text("task-departments")
    assert [(p.name, p.type, p.optional) for p in parameters(text)] == [
        ("task", "iri", True),
        ("title", "literal", True),
    ]
    terms = bind(text, {"task": "https://example.org/t", "title": "https://example.org/t"})
    assert type(terms["task"]).__name__ == "NamedNode" and type(terms["title"]).__name__ == "Literal"
    with pytest.raises(ParameterError, match="not an IRI"):
        bind(text, {"task": "not an iri"})


def test_table_aligns_chinese_by_display_width(kg, store):
    lines = kg("query", "lead-load", "--store", store).stdout.splitlines()
    assert lines[0].split()[:4] == ["name", "jurisdiction", "lead", "joint"]
    # Names of 4 to 8 characters, each 2 columns wide: the next column starts at one place.
    starts = {_width(line[: line.index("省", 1)]) for line in lines[1:]}
    assert len(starts) == 1


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_csv_has_a_header_and_a_row_per_solution(kg, rows, store):
    result = kg("query", "unled-tasks", "--format", "csv", "--store", store)
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["title"] for r in table] == [r["title"] for r in rows(store, "unled-tasks")]
    assert set(table[0]) == {"document", "number", "title", "assigned", "task"}


def test_any_query_from_standard_input(kg, store):
    ask = kg("query", "--sparql", "-", "--store", store, input="ASK { ?s ?p ?o }")
    assert ask.stdout == "true\n"
    construct = (
        "PREFIX fg: <https://w3id.org/fengong/ontology#> CONSTRUCT { ?d a fg:PolicyDocument } "
        "WHERE { ?d a fg:PolicyDocument }"
    )
    nt = kg("query", "--sparql", "-", "--format", "nt", "--store", store, input=construct).stdout
    assert len(nt.splitlines()) == 3
    turtle = kg("query", "--sparql", "-", "--store", store, input=construct).stdout
    assert "fengong" in turtle and turtle.count(" .") == 3


def test_output_file(kg, store, tmp_path):
    kg("query", "lead-load", "--format", "json", "--store", store, "-o", tmp_path / "out.json")
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))[0]["lead"] == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["department-tasks"], "missing parameter name"),
        (["department-tasks", "--param", "nme=x"], "unknown parameter nme"),
        (["department-tasks", "--param", "name"], "is not key=value"),
        (["no-such-query"], "no query named no-such-query"),
        (["--sparql", "-"], "error at"),
        ([], "give a query NAME or --sparql FILE"),
        (["lead-load", "--format", "nt"], "is for CONSTRUCT queries"),
    ],
)
def test_errors_are_explained(kg, store, args, message):
    result = kg("query", *args, "--store", store, input="SELECT * WHERE {")
    assert result.exit_code != 0
    assert message in result.output


def test_update_is_not_a_query(kg, store):
    result = kg("query", "--sparql", "-", "--store", store, input="INSERT DATA { <a:b> <a:b> <a:b> }")
    assert result.exit_code == 1


def test_queries_that_list_the_role_edges_list_the_ontologys():
    from kg.ontology import PREFIXES, roles
    from kg.sparql import named_queries, query_text

    edges = {terms.edge for terms in roles().values()}
    for name in named_queries():
        for listed in re.findall(r"VALUES \?\w*[eE]dge \{([^}]*)\}", query_text(name)):
            assert {PREFIXES["fg"] + term.removeprefix("fg:") for term in listed.split()} == edges, name
