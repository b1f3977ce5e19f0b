"""`kg tasks`: a department's task list, checked on invented plans and on the corpus's gold."""
import csv
import io
import json
import re
from pathlib import Path

import pytest

from kg_cli import built_store, kg
from kg.store import Store
from kg.tasklist import AmbiguousDepartment, DepartmentNotFound, department_tasks, find_department

PLANS = Path(__file__).parent / "fixtures" / "graph" / "plans"
SHARED = Path(__file__).resolve().parents[2] / "shared"
HENAN = SHARED / "eval" / "gold" / "000_0015e9e5684f5b54.json"
STRENGTH = {"lead": 4, "joint": 3, "participant": 2, "implementer": 1}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return built_store(PLANS, tmp_path_factory)


def csv_rows(store_path, *args):
    result = kg("tasks", "--store", store_path, "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))


def test_led_tasks_come_first_then_joint_then_participant(store_path):
    store = Store(store_path)
    department = find_department(store, "省生态环境厅", "江西省")
    tasks = department_tasks(store, department)
    assert [(t.role_of(department.iri).role, t.title) for t in tasks] == [
        ("lead", "推进重点行业超低排放改造"),
        ("joint", "加强移动源污染防治"),
        ("participant", "推进工业废水循环利用")]


def test_each_row_names_the_actors_by_role_in_the_order_written(store_path):
    first, joint, participant = csv_rows(store_path, "--department", "省生态环境厅")
    assert (first["牵头单位"], first["配合单位"]) == ("省生态环境厅", "省发展改革委、省工业和信息化厅")
    assert joint["牵头单位"] == "省生态环境厅、省公安厅、省交通运输厅"    # as written, not by code point
    assert participant["牵头单位"] == "省工业和信息化厅"
    assert "省生态环境厅" in participant["配合单位"].split("、")
    assert participant["属地落实"] == "各市人民政府"
    assert participant["任务来源"].split("\n")[1] == "赣府厅字〔2024〕7号"
    assert participant["原文摘录"].startswith("（省工业和信息化厅牵头")
    assert participant["任务标识"].startswith("https://w3id.org/fengong/id/doc/")


def test_an_alias_finds_the_department(store_path):
    store = Store(store_path)
    assert find_department(store, "省工信厅").name == "省工业和信息化厅"
    found = find_department(store, "省工信厅")
    tasks = department_tasks(store, found)
    assert [t.role_of(found.iri).role for t in tasks] == ["lead", "joint", "participant"]


def test_a_name_of_two_jurisdictions_lists_both_and_fails(store_path):
    with pytest.raises(AmbiguousDepartment) as error:
        find_department(Store(store_path), "省水利厅")
    assert {(c.jurisdiction, c.tasks) for c in error.value.candidates} == {("江西省", 3), ("甘肃省", 2)}
    result = kg("tasks", "--store", store_path, "--department", "省水利厅")
    assert result.exit_code == 1
    assert "江西省" in result.stderr and "甘肃省" in result.stderr and "--jurisdiction" in result.stderr
    rows = csv_rows(store_path, "--department", "省水利厅", "--jurisdiction", "甘肃省")
    assert ["省水利厅" in r["牵头单位"] for r in rows] == [True, False]


def test_an_unknown_name_suggests_near_ones(store_path):
    with pytest.raises(DepartmentNotFound) as error:
        find_department(Store(store_path), "省生态环境局")
    assert "省生态环境厅" in error.value.suggestions
    result = kg("tasks", "--store", store_path, "--department", "省生态环境局")
    assert result.exit_code == 1 and "省生态环境厅" in result.stderr


def test_markdown_has_a_heading_and_one_section_per_task(store_path):
    result = kg("tasks", "--store", store_path, "--department", "省生态环境厅")
    assert result.stdout.startswith("# 省生态环境厅（江西省）任务清单\n")
    assert re.findall(r"^### \d+\. (.+)$", result.stdout, re.M) == [
        "推进重点行业超低排放改造", "加强移动源污染防治", "推进工业废水循环利用"]
    assert "分工原文（第" in result.stdout


def test_all_writes_one_file_per_department_and_no_collective_actor(store_path, tmp_path):
    result = kg("tasks", "--store", store_path, "--all", "-o", tmp_path, "--format", "csv")
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert {"江西省省水利厅.csv", "甘肃省省水利厅.csv", "江西省省生态环境厅.csv"} <= names
    assert not any("各市" in name for name in names)
    departments = kg("departments", "--store", store_path, "--format", "json")
    expected = [d for d in json.loads(departments.stdout) if d["tasks"] and not d["collective"]]
    assert len(names) == len(expected)


def test_all_needs_a_folder(store_path):
    result = kg("tasks", "--store", store_path, "--all")
    assert result.exit_code == 2 and "-o" in result.output


# --- the corpus: the Henan plan's gold

def normal_title(text):
    return re.sub(r"[\W_]+", "", re.sub(r"\s+", "", text))


@pytest.mark.skipif(not HENAN.is_file(), reason=f"the development corpus's gold is not at {HENAN}")
def test_henan_ecology_department_gets_the_gold_tasks_and_roles(tmp_path_factory):
    gold = json.loads(HENAN.read_text(encoding="utf-8"))
    mentions = set(gold["departments"]["省生态环境厅"]) | {"省生态环境厅"}
    expected = {}
    for task in gold["tasks"]:
        roles = [a["role"] for a in task["assignments"] if a["mention"] in mentions]
        if roles:
            expected[normal_title(task["title"])] = max(roles, key=STRENGTH.get)
    store_path = built_store(SHARED / "corpus", tmp_path_factory)
    store = Store(store_path)
    department = find_department(store, "省生态环境厅", "河南省")
    tasks = department_tasks(store, department)
    assert {normal_title(t.title): t.role_of(department.iri).role for t in tasks} == expected
    assert len(tasks) == len(expected)
