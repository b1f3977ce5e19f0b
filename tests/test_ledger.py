"""The ledger (督办台账) that `kg tasks` writes as csv, xlsx and docx: its columns, what an
office fills in, and what keeps it safe to open.

The plans are tests/fixtures/ledger: 临水市's plan of 28 tasks, all led by 市发展改革委,
and a short one whose task texts start as spreadsheet formulas would (`=HYPERLINK(…)`,
`+86…`, `@…`) and whose two offices' names make one file name (市招商/投资促进局,
市招商_投资促进局).
"""

import csv
import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.shared import Cm

from kg import Graph
from kg.tasklist import columns

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"
HEADERS = [c.header for c in columns()]
AS_OF = "2025-06-20"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / ".kg"
    Graph(path).build([FIXTURES])
    return path


def written(kg, store_path, tmp_path, format, department="市发展改革委"):
    path = tmp_path / f"ledger.{format}"
    result = kg(
        "tasks",
        "--store",
        store_path,
        "--department",
        department,
        "--format",
        format,
        "--as-of",
        AS_OF,
        "-o",
        path,
    )
    assert result.exit_code == 0, result.output
    return path


def test_csv_has_a_bom_and_the_ledger_columns(kg, store_path, tmp_path):
    data = written(kg, store_path, tmp_path, "csv").read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert len(rows) == 1 + 28
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert (first["序号"], first["完成时限"], first["截止日期"]) == ("1", "2025年6月底前", "2025-06-30")
    assert first["督办等级"] == "蓝"  # due in 10 days on 2025-06-20
    assert first["牵头单位"] == "市发展改革委、市交通运输局"
    assert first["原文摘录"] not in first["重点任务"]


def test_csv_cells_never_start_a_formula(kg, store_path, tmp_path):
    path = written(kg, store_path, tmp_path, "csv", "市招商投资促进局")
    written_cells = [cell for row in csv.reader(io.StringIO(path.read_text("utf-8-sig"))) for cell in row]
    assert not [cell for cell in written_cells if cell[:1] in ("=", "+", "-", "@")]
    assert "'@全体招商专班。每月调度一次招商进展。" in written_cells


def test_xlsx_cells_are_text_never_formulas(kg, store_path, tmp_path):
    sheet = openpyxl.load_workbook(written(kg, store_path, tmp_path, "xlsx", "市招商/投资促进局")).active
    cell = sheet.cell(4, HEADERS.index("重点任务") + 1)
    assert cell.value.startswith("=HYPERLINK(")
    assert cell.data_type == "s"


@pytest.fixture(scope="module")
def workbook(kg, store_path, tmp_path_factory):
    return openpyxl.load_workbook(written(kg, store_path, tmp_path_factory.mktemp("xlsx"), "xlsx")).active


def test_xlsx_has_a_title_a_frozen_filtered_header_and_the_tasks(workbook):
    assert workbook["A1"].value == "市发展改革委（临水市）重点任务督办台账"
    assert workbook["A2"].value.startswith(f"截至 {AS_OF}")
    assert [c.value for c in workbook[3]] == HEADERS
    assert workbook.freeze_panes == "A4"
    assert workbook.auto_filter.ref == f"A3:O{3 + 28}"
    assert workbook.max_row == 3 + 28


def test_xlsx_offers_the_states_and_colours_the_levels(workbook):
    (validation,) = workbook.data_validations.dataValidation
    assert validation.formula1 == '"未启动,推进中,已完成,欠进度,达进度,超进度"'
    assert str(validation.sqref) == "J4:J31"
    rules = [rule for ranges in workbook.conditional_formatting for rule in ranges.rules]
    assert {rule.formula[0] for rule in rules} == {'"红"', '"黄"', '"蓝"'}


def test_xlsx_keeps_the_task_id_last_and_hidden(workbook):
    assert workbook["O3"].value == "任务标识"
    assert workbook.column_dimensions["O"].hidden
    assert workbook["O4"].value.startswith("https://w3id.org/fengong/id/doc/")


def test_xlsx_prints_on_a4_landscape_fitted_to_width_with_titles_and_page_numbers(workbook):
    setup = workbook.page_setup
    assert (setup.orientation, str(setup.paperSize)) == ("landscape", workbook.PAPERSIZE_A4)
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert workbook.print_title_rows == "$3:$3"
    assert "&P" in workbook.oddFooter.center.text and "&N" in workbook.oddFooter.center.text
    assert workbook["C4"].alignment.wrap_text
    widths = {c.header: workbook.column_dimensions[chr(ord("A") + i)].width for i, c in enumerate(columns())}
    assert max(widths, key=widths.get) == "重点任务"


def test_docx_is_a4_landscape_with_a_repeated_header_and_page_numbers(kg, store_path, tmp_path):
    document = docx.Document(written(kg, store_path, tmp_path, "docx"))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (Cm(29.7).cm, Cm(21.0).cm)
    assert document.paragraphs[0].text == "市发展改革委（临水市）重点任务督办台账"
    (table,) = document.tables
    printed = [c.header for c in columns() if not c.hidden]
    assert [c.text for c in table.rows[0].cells] == printed
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")
    assert len(table.rows) == 1 + 28
    fields = section.footer._element.xpath(".//w:fldSimple/@w:instr")
    assert fields == ["PAGE", "NUMPAGES"]


def test_a_binary_format_refuses_to_write_to_a_terminal(store_path):
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kg",
                "tasks",
                "--store",
                str(store_path),
                "--department",
                "市发展改革委",
                "--format",
                "xlsx",
            ],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert b"-o" in done.stderr


def test_all_never_writes_two_lists_to_one_file_name(kg, store_path, tmp_path):
    result = kg("tasks", "--store", store_path, "--all", "-o", tmp_path, "--format", "csv")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "临水市市招商_投资促进局.csv" in names and "临水市市招商_投资促进局-2.csv" in names
    assert f"wrote {len(names)} task lists" in result.output
