"""`kg tasks`: a department's task list, checked on invented plans and on the corpus's gold."""
import csv
import io
import json
import re

import docx
import openpyxl
import pytest

from kg.names import AmbiguousName, UnknownName
from kg.tasklist import COLUMNS

HENAN_GOLD = "000_0015e9e5684f5b54.json"
STRENGTH = {"lead": 4, "joint": 3, "participant": 2, "implementer": 1}
LABELS = {"牵头": "lead", "共同负责": "joint", "配合": "participant", "落实": "implementer"}


def csv_rows(kg, store, *args):
    result = kg("tasks", "--store", store, "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_led_tasks_come_first_then_joint_then_participant(kg, plans_store):
    rows = csv_rows(kg, plans_store, "--department", "省生态环境厅")
    assert [(r["职责"], r["任务名称"]) for r in rows] == [
        ("牵头", "推进重点行业超低排放改造"),
        ("共同负责", "加强移动源污染防治"),
        ("配合", "推进工业废水循环利用")]


def test_each_task_names_the_other_departments_and_their_roles(kg, plans_store):
    first, joint, participant = csv_rows(kg, plans_store, "--department", "省生态环境厅")
    assert first["其他责任部门"] == "省发展改革委（配合）、省工业和信息化厅（配合）"
    assert set(joint["其他责任部门"].split("、")) == {"省公安厅（共同负责）", "省交通运输厅（共同负责）"}
    assert participant["其他责任部门"].startswith("省工业和信息化厅（牵头）")
    assert "各市人民政府（落实）" in participant["其他责任部门"]
    assert participant["文号"] == "赣府厅字〔2024〕7号"
    assert participant["分工原文"].startswith("（省工业和信息化厅牵头")
    assert int(participant["行号"]) > 0


def test_an_alias_finds_the_department(plans_graph):
    assert plans_graph.department("省工信厅").name == "省工业和信息化厅"
    tasks = plans_graph.tasks(plans_graph.department("省工信厅"))
    assert [t.role for t in tasks] == ["lead", "joint", "participant"]


def test_a_name_of_two_jurisdictions_lists_both_and_fails(kg, plans_store, plans_graph):
    with pytest.raises(AmbiguousName) as error:
        plans_graph.department("省水利厅")
    assert {(c.jurisdiction, c.tasks) for c in error.value.candidates} == {("江西省", 3), ("甘肃省", 2)}
    result = kg("tasks", "--store", plans_store, "--department", "省水利厅")
    assert result.exit_code == 1
    assert "江西省" in result.stderr and "甘肃省" in result.stderr and "jurisdiction" in result.stderr
    rows = csv_rows(kg, plans_store, "--department", "省水利厅", "--jurisdiction", "甘肃省")
    assert [r["职责"] for r in rows] == ["牵头", "配合"]


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
        "推进重点行业超低排放改造", "加强移动源污染防治", "推进工业废水循环利用"]
    assert "分工原文（第" in result.stdout


def test_xlsx_is_ready_to_print(kg, plans_store, tmp_path):
    path = tmp_path / "list.xlsx"
    assert kg("tasks", "--store", plans_store, "--department", "省生态环境厅",
              "--format", "xlsx", "-o", path).exit_code == 0
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == COLUMNS
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 4
    assert all(sheet.column_dimensions[c.column_letter].width for c in sheet[1])
    assert sheet["H2"].alignment.wrap_text
    assert sheet.print_title_rows == "$1:$1"


def test_docx_holds_a_table_with_a_header_row(kg, plans_store, tmp_path):
    path = tmp_path / "list.docx"
    assert kg("tasks", "--store", plans_store, "--department", "省生态环境厅",
              "--format", "docx", "-o", path).exit_code == 0
    document = docx.Document(path)
    assert document.paragraphs[0].text == "省生态环境厅（江西省）任务清单"
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == COLUMNS
    assert len(table.rows) == 4
    assert table.style.name == "Table Grid"


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
        roles = [a["role"] for a in task["assignments"] if a["mention"] in mentions]
        if roles:
            expected[normal_title(task["title"])] = max(roles, key=STRENGTH.get)
    store = tmp_path / "store"
    assert kg("build", shared / "corpus", "--store", store, "-q").exit_code == 0
    rows = csv_rows(kg, store, "--department", "省生态环境厅", "--jurisdiction", "河南省")
    assert {normal_title(r["任务名称"]): LABELS[r["职责"]] for r in rows} == expected
    assert len(rows) == len(expected)


def test_every_writer_is_a_format_of_the_command():
    from kg.cli import tasks
    from kg.tasklist import WRITERS

    [choice] = [p.type for p in tasks.params if p.name == "format_"]
    assert list(choice.choices) == list(WRITERS)
