"""Task lists (任务清单): every task of one department, across all documents, to print.

`department_tasks` reads a department's tasks as plain records (strongest role first), and
`WRITERS` turns them into Markdown, CSV, an Excel workbook or a Word document. Which
department a name means is `kg.names`'s to say.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

import pyoxigraph as ox

from .names import Department
from .sparql import run
from .store import Store


@dataclass(frozen=True)
class Annotation:
    line: int
    quote: str


@dataclass(frozen=True)
class TaskEntry:
    document_title: str | None
    document_number: str | None
    number: str | None
    title: str
    role: str            # the skos:notation: lead, joint, participant, implementer
    role_label: str      # 牵头, 共同负责, 配合, 落实
    others: tuple[str, ...]   # "name（role label）", strongest role first
    text: str | None
    annotations: tuple[Annotation, ...]


def department_tasks(store: Store, department: Department) -> list[TaskEntry]:
    """The department's tasks: led first, then joint, participant, implementer; within a
    role by document, then as written."""
    rows = run(store, "task-list", {"actor": ox.NamedNode(department.iri)}).rows
    return [TaskEntry(row["documentTitle"], row["documentNumber"], row["number"], row["title"],
                      row["role"], row["roleLabel"], _others(row["others"]), row["text"],
                      _annotations(row["annotations"]))
            for row in rows]


def _records(concatenated: str | None) -> list[str]:
    # An empty GROUP_CONCAT comes back unbound (None) when every value was unbound.
    return concatenated.split("\x1e") if concatenated else []


def _others(concatenated: str | None) -> tuple[str, ...]:
    entries = [record.split("\t", 2) for record in _records(concatenated)]
    entries.sort(key=lambda entry: (-int(entry[0]), entry[2]))
    return tuple(f"{name}（{label}）" for _, label, name in entries)


def _annotations(concatenated: str | None) -> tuple[Annotation, ...]:
    pairs = (record.split("\t", 1) for record in _records(concatenated))
    return tuple(sorted(Annotation(int(number), quote) for number, quote in pairs))


def file_name(department: Department, format: str) -> str:
    """Jurisdiction and name as a file name that every file system accepts."""
    stem = f"{department.jurisdiction or ''}{department.name}"
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", stem).strip(" .") + f".{format}"


# --- writers: one row of fixed columns per task, shared by csv, xlsx and docx

COLUMNS = ["序号", "职责", "文件名称", "文号", "任务编号", "任务名称", "其他责任部门", "任务内容",
           "分工原文", "行号"]
WIDTHS = [6, 9, 28, 18, 12, 28, 32, 60, 40, 8]


def table_rows(tasks: list[TaskEntry]) -> list[list]:
    return [[i, t.role_label, t.document_title or "", t.document_number or "", t.number or "",
             t.title, "、".join(t.others), t.text or "",
             "\n".join(a.quote for a in t.annotations),
             "、".join(str(a.line) for a in t.annotations)]
            for i, t in enumerate(tasks, 1)]


def _title(department: Department) -> str:
    return f"{department.heading}任务清单"


def _summary(tasks: list[TaskEntry]) -> str:
    counts = {}
    for task in tasks:
        counts[task.role_label] = counts.get(task.role_label, 0) + 1
    return f"共 {len(tasks)} 项：" + "，".join(f"{label} {n} 项" for label, n in counts.items())


def write_markdown(department: Department, tasks: list[TaskEntry], output: TextIO) -> None:
    output.write(f"# {_title(department)}\n\n{_summary(tasks)}\n")
    role = None
    for i, task in enumerate(tasks, 1):
        if task.role_label != role:
            role = task.role_label
            output.write(f"\n## {role}\n")
        document = f"《{task.document_title or '?'}》"
        if task.document_number:
            document += f"（{task.document_number}）"
        output.write(f"\n### {i}. {task.title}\n\n- 文件：{document}\n")
        if task.number:
            output.write(f"- 任务编号：{task.number}\n")
        output.write(f"- 其他责任部门：{'、'.join(task.others) or '无'}\n")
        if task.text:
            output.write(f"- 任务内容：{task.text}\n")
        for annotation in task.annotations:
            output.write(f"- 分工原文（第 {annotation.line} 行）：{annotation.quote}\n")


def write_csv(department: Department, tasks: list[TaskEntry], output: TextIO) -> None:
    writer = csv.writer(output)
    writer.writerow(COLUMNS)
    writer.writerows(table_rows(tasks))


def write_xlsx(department: Department, tasks: list[TaskEntry], output: BinaryIO) -> None:
    # The office formats' libraries load only when a list is written in them.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    # Sheet names: at most 31 characters, none of []:*?/\
    sheet.title = re.sub(r"[\[\]:*?/\\]", "_", department.name)[:31]
    sheet.append(COLUMNS)
    for row in table_rows(tasks):
        sheet.append(row)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = wrap
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for column, width in zip(sheet.iter_cols(max_row=1), WIDTHS):
        sheet.column_dimensions[column[0].column_letter].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = _title(department)
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    book.save(output)


def write_docx(department: Department, tasks: list[TaskEntry], output: BinaryIO) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(_title(department), level=1)
    document.add_paragraph(_summary(tasks))
    table = document.add_table(rows=1, cols=len(COLUMNS), style="Table Grid")
    header = table.rows[0]
    # Repeat the header row on every printed page.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, name in zip(header.cells, COLUMNS):
        cell.paragraphs[0].add_run(name).bold = True
    for values in table_rows(tasks):
        for cell, value in zip(table.add_row().cells, values):
            cell.text = str(value)
    for paragraph in (p for row in table.rows for cell in row.cells for p in cell.paragraphs):
        for text_run in paragraph.runs:
            text_run.font.size = Pt(9)
            text_run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    document.save(output)


WRITERS: dict[str, Callable[..., None]] = {"md": write_markdown, "csv": write_csv, "xlsx": write_xlsx, "docx": write_docx}
BINARY_FORMATS = {"xlsx", "docx"}


def write_file(path: str | Path, department: Department, tasks: list[TaskEntry], format: str) -> None:
    if format in BINARY_FORMATS:
        with open(path, "wb") as output:
            WRITERS[format](department, tasks, output)
    else:
        with open(path, "w", encoding="utf-8", newline="") as output:
            WRITERS[format](department, tasks, output)

