"""`kg progress import`: a ledger written by `kg tasks`, filled in by an office, read back.

The round trip: export 县水利局's ledger from the plans of tests/fixtures/deadlines, fill it
in with openpyxl as an office would, import it, and ask `kg due` what is due.
"""

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from kg import Graph

FIXTURES = Path(__file__).parent / "fixtures" / "deadlines"
RIVER, WATER = "开展河湖“清四乱”专项行动", "推进城乡供水一体化"


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / ".kg"
    Graph(path).build([FIXTURES])
    return path


def exported(kg, store_path, folder, format="xlsx"):
    folder.mkdir(exist_ok=True)
    path = folder / f"县水利局.{format}"
    result = kg(
        "tasks",
        "--store",
        store_path,
        "--department",
        "县水利局",
        "--format",
        format,
        "--as-of",
        "2024-06-01",
        "-o",
        path,
    )
    assert result.exit_code == 0, result.output
    return path


def fill_in(path, entries):
    """Write `entries` ({task title: {header: value}}) into the rows of those tasks."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    headers = [cell.value for cell in sheet[3]]
    for row in sheet.iter_rows(min_row=4):
        values = dict(zip(headers, row, strict=True))
        for title, filled in entries.items():
            if values["重点任务"].value.startswith(title):
                for header, value in filled.items():
                    values[header].value = value
    book.save(path)


def due(kg, store_path, as_of):
    result = kg("due", "--store", store_path, "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["task"]: row for row in json.loads(result.stdout)}


def test_behind_turns_yellow_and_completed_drops_out(kg, store_path, tmp_path):
    ledger = exported(kg, store_path, tmp_path)
    fill_in(
        ledger,
        {
            RIVER: {"完成状态": "欠进度", "进展情况": "已完成清理河道12公里", "存在问题": "资金未到位"},
            WATER: {"完成状态": "已完成", "下步措施": "转入日常管护"},
        },
    )
    result = kg("progress", "import", ledger, "--as-of", "2024-06-20", "--store", store_path)
    assert result.exit_code == 0, result.output
    assert "imported 2 progress reports" in result.stdout
    listed = due(kg, store_path, "2024-06-25")
    assert (listed[RIVER]["level"], listed[RIVER]["status"]) == ("yellow", "欠进度")
    assert WATER not in listed


def test_the_ledger_shows_the_latest_report(kg, store_path, tmp_path):
    ledger = exported(kg, store_path, tmp_path)
    fill_in(ledger, {RIVER: {"完成状态": "推进中", "进展情况": "5月完成摸排"}})
    assert kg("progress", "import", ledger, "--as-of", "2024-05-31", "--store", store_path).exit_code == 0
    fill_in(ledger, {RIVER: {"完成状态": "欠进度", "进展情况": "6月清理滞后"}})
    assert kg("progress", "import", ledger, "--as-of", "2024-06-20", "--store", store_path).exit_code == 0
    again = exported(kg, store_path, tmp_path / "again")
    sheet = openpyxl.load_workbook(again).active
    headers = [cell.value for cell in sheet[3]]
    river = next(
        dict(zip(headers, (c.value for c in row), strict=True))
        for row in sheet.iter_rows(min_row=4)
        if row[headers.index("重点任务")].value.startswith(RIVER)
    )
    assert (river["完成状态"], river["进展情况"]) == ("欠进度", "6月清理滞后")


def test_unknown_ids_changed_texts_and_unknown_states_are_reported_not_guessed(kg, store_path, tmp_path):
    ledger = exported(kg, store_path, tmp_path)
    book = openpyxl.load_workbook(ledger)
    sheet = book.active
    headers = [cell.value for cell in sheet[3]]
    first, second = (dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=4, max_row=5))
    first["任务标识"].value = "https://w3id.org/fengong/id/doc/nothing/task/t1"
    first["完成状态"].value = "推进中"
    second["重点任务"].value = "改写过的任务内容"
    second["完成状态"].value = "推进中"
    book.save(ledger)
    result = kg("progress", "import", ledger, "--as-of", "2024-06-20", "--store", store_path)
    assert result.exit_code == 1
    assert f"{ledger}:4: no task with the id" in result.stderr
    assert f"{ledger}:5: the task's text is not the graph's" in result.stderr
    assert "imported 0 progress reports" in result.stdout


def test_a_state_not_offered_is_refused(kg, store_path, tmp_path):
    ledger = exported(kg, store_path, tmp_path, "csv")
    rows = list(csv.reader(ledger.open(encoding="utf-8-sig")))
    rows[1][rows[0].index("完成状态")] = "快完成了"
    with ledger.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = kg("progress", "import", ledger, "--as-of", "2024-06-20", "--store", store_path)
    assert result.exit_code == 1 and "'快完成了' is none of 未启动、推进中" in result.stderr


def test_a_rebuild_of_the_documents_keeps_the_reports(kg, store_path, tmp_path):
    ledger = exported(kg, store_path, tmp_path)
    fill_in(ledger, {WATER: {"完成状态": "已完成"}})
    assert kg("progress", "import", ledger, "--as-of", "2024-06-20", "--store", store_path).exit_code == 0
    assert kg("build", FIXTURES, "--store", store_path, "-q").exit_code == 0
    assert WATER not in due(kg, store_path, "2024-06-25")
    assert kg("validate", "--store", store_path).exit_code == 0


def test_a_file_that_is_not_a_ledger_is_refused(kg, store_path, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = kg("progress", "import", other, "--store", store_path)
    assert result.exit_code == 1 and "not a ledger" in result.stderr
