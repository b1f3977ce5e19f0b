"""`kg tasks`: a department's task list, checked on invented plans and on the corpus's gold."""

import csv
import io
import json
import re

import pytest

from kg import Graph
from kg.names import AmbiguousName, UnknownName

HENAN_GOLD = "000_0015e9e5684f5b54.json"
STRENGTH = {"lead": 4, "joint": 3, "participant": 2, "implementer": 1}


def csv_rows(kg, store, *args):
    result = kg("tasks", "--store", store, "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))


def roles(graph, name, jurisdiction=None):
    department = graph.department(name, jurisdiction)
    return [(t.role_of(department.iri).role, t.title) for t in graph.tasks(department)]


def test_led_tasks_come_first_then_joint_then_participant(plans_graph):
    assert roles(plans_graph, "省生态环境厅", "江西省") == [
        ("lead", "推进重点行业超低排放改造"),
        ("joint", "加强移动源污染防治"),
        ("participant", "推进工业废水循环利用"),
    ]


def test_each_row_names_the_actors_by_role_in_the_order_written(kg, plans_store):
    first, joint, participant = csv_rows(kg, plans_store, "--department", "省生态环境厅")
    assert (first["牵头单位"], first["配合单位"]) == ("省生态环境厅", "省发展改革委、省工业和信息化厅")
    assert joint["牵头单位"] == "省生态环境厅、省公安厅、省交通运输厅"  # as written, not by code point
    assert participant["牵头单位"] == "省工业和信息化厅"
    assert "省生态环境厅" in participant["配合单位"].split("、")
    assert participant["属地落实"] == "各市人民政府"
    assert participant["任务来源"].split("\n")[1] == "赣府厅字〔2024〕7号"
    assert participant["原文摘录"].startswith("（省工业和信息化厅牵头")
    assert participant["任务标识"].startswith("https://w3id.org/fengong/id/doc/")


def test_an_alias_finds_the_department(plans_graph):
    assert plans_graph.department("省工信厅").name == "省工业和信息化厅"
    assert [role for role, _ in roles(plans_graph, "省工信厅")] == ["lead", "joint", "participant"]


def test_a_name_of_two_jurisdictions_lists_both_and_fails(kg, plans_store, plans_graph):
    with pytest.raises(AmbiguousName) as error:
        plans_graph.department("省水利厅")
    assert {(c.jurisdiction, c.tasks) for c in error.value.candidates} == {("江西省", 3), ("甘肃省", 2)}
    result = kg("tasks", "--store", plans_store, "--department", "省水利厅")
    assert result.exit_code == 1
    assert "江西省" in result.stderr and "甘肃省" in result.stderr and "jurisdiction" in result.stderr
    assert [role for role, _ in roles(plans_graph, "省水利厅", "甘肃省")] == ["lead", "participant"]


def test_an_unknown_name_suggests_near_ones(kg, plans_store, plans_graph):
    with pytest.raises(UnknownName) as error:
        plans_graph.department("省生态环境局")
    assert "省生态环境厅" in error.value.suggestions
    result = kg("tasks", "--store", plans_store, "--department", "省生态环境局")
    assert result.exit_code == 1 and "省生态环境厅" in result.stderr


def test_markdown_has_a_heading_and_one_section_per_task(kg, plans_store):
    result = kg("tasks", "--store", plans_store, "--department", "省生态环境厅")
    assert result.stdout.startswith("# 省生态环境厅（江西省）任务清单\n")
    assert re.findall(r"^### \d+\. (.+)$", result.stdout, re.M) == [
        "推进重点行业超低排放改造",
        "加强移动源污染防治",
        "推进工业废水循环利用",
    ]
    assert "分工原文（第" in result.stdout


def test_all_writes_one_file_per_department_and_no_collective_actor(kg, plans_store, tmp_path):
    result = kg("tasks", "--store", plans_store, "--all", "-o", tmp_path, "--format", "csv")
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert {"江西省省水利厅.csv", "甘肃省省水利厅.csv", "江西省省生态环境厅.csv"} <= names
    assert not any("各市" in name for name in names)
    departments = kg("departments", "--store", plans_store, "--format", "json")
    expected = [d for d in json.loads(departments.stdout) if d["tasks"] and not d["collective"]]
    assert len(names) == len(expected)


def test_all_needs_a_folder(kg, plans_store):
    result = kg("tasks", "--store", plans_store, "--all")
    assert result.exit_code == 2 and "-o" in result.output


# --- the corpus: the Henan plan's gold


def normal_title(text):
    return re.sub(r"[\W_]+", "", re.sub(r"\s+", "", text))


def test_henan_ecology_department_gets_the_gold_tasks_and_roles(kg, shared, tmp_path):
    gold = json.loads((shared / "eval" / "gold" / HENAN_GOLD).read_text(encoding="utf-8"))
    mentions = set(gold["departments"]["省生态环境厅"]) | {"省生态环境厅"}
    expected = {}
    for task in gold["tasks"]:
        held = [a["role"] for a in task["assignments"] if a["mention"] in mentions]
        if held:
            expected[normal_title(task["title"])] = max(held, key=STRENGTH.get)
    store = tmp_path / "store"
    assert kg("build", shared / "corpus", "--store", store, "-q").exit_code == 0
    found = roles(Graph(store), "省生态环境厅", "河南省")
    assert {normal_title(title): role for role, title in found} == expected
    assert len(found) == len(expected)


def test_every_writer_is_a_format_of_the_command():
    from kg.cli import tasks
    from kg.tasklist import WRITERS

    [choice] = [p.type for p in tasks.params if p.name == "format_"]
    assert list(choice.choices) == list(WRITERS)
