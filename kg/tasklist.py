"""Task lists and ledgers (任务清单, 督办台账): every task of one department, to print and fill in.

`department_tasks` reads a department's tasks (strongest role first, then by document and
as written), and `WRITERS` turns them into Markdown, or a ledger with the columns of
kg/data/ledger.toml as CSV, an Excel workbook or a Word document, laid out to print on A4
landscape. Which department a name means is `kg.names`'s to say.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, TextIO

from .due import HORIZONS, level_label, warning_level
from .ledger import LedgerTask, ledger_settings, ledger_tasks
from .names import Department
from .sparql import display_width
from .store import Store


def department_tasks(store: Store, department: Department) -> list[LedgerTask]:
    """The department's tasks: led first, then joint, participant, implementer; within a
    role by document, then as written."""
    tasks = ledger_tasks(store, holder=department.iri)
    return sorted(
        tasks,
        key=lambda t: (
            -t.role_of(department.iri).strength,
            t.document_title or "",
            t.document_key,
            t.position,
        ),
    )


def file_name(department: Department, format: str) -> str:
    """Jurisdiction and name as a file name that every file system accepts."""
    stem = f"{department.jurisdiction or ''}{department.name}"
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", stem).strip(" .") + f".{format}"


# --- the ledger's values: one row of the columns of kg/data/ledger.toml per task


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    widest: int  # display columns
    hidden: bool


def columns() -> list[Column]:
    settings = ledger_settings()
    return [
        Column(key, header, widest, key in settings["hidden"]) for key, header, widest in settings["columns"]
    ]


def _source(task: LedgerTask) -> str:
    parts = [
        f"《{task.document_title}》" if task.document_title else task.document_key,
        task.document_number,
        task.section,
    ]
    return "\n".join(p for p in parts if p)


def _due(task: LedgerTask) -> str:
    if task.kind == "period" and task.due_start and task.due:
        return f"{task.due_start.isoformat()}至{task.due.isoformat()}"
    if task.due:
        return task.due.isoformat()
    return task.kind_label or ""


def _task_text(task: LedgerTask) -> str:
    """The task as written, less the words that assign it (they have their own column); a
    table's row is its title (its other cells have their columns too)."""
    if task.part != "body":
        return task.title
    text = task.text
    for _, quote in task.quotes:
        text = text.replace(quote, "")
    return text.strip() or task.text


def ledger_values(task: LedgerTask, index: int, as_of: date) -> dict[str, str | int]:
    """The task's value in each ledger column, by column key."""
    progress = task.progress
    return {
        "index": index,
        "source": _source(task),
        "task": _task_text(task),
        "lead": "、".join(task.named("lead", "joint")),
        "participants": "、".join(task.named("participant")),
        "implementers": "、".join(task.named("implementer")),
        "deadline": task.deadline or "",
        "due": _due(task),
        "progress": progress and progress.note or "",
        "status": progress and progress.status or "",
        "problems": progress and progress.problems or "",
        "next_steps": progress and progress.next_steps or "",
        "level": level_label(warning_level(task, as_of, max(HORIZONS))),
        "quote": "\n".join(quote for _, quote in task.quotes),
        "id": task.id,
    }


def ledger_rows(tasks: list[LedgerTask], as_of: date) -> list[list[str | int]]:
    keys = [c.key for c in columns()]
    return [
        [values[k] for k in keys] for values in (ledger_values(t, i, as_of) for i, t in enumerate(tasks, 1))
    ]


def neutralised(value):
    """Text a spreadsheet would run as a formula (= + - @, or a tab or CR first) made inert
    by a leading apostrophe, as spreadsheets themselves mark text."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def _title(department: Department) -> str:
    return ledger_settings()["title"].format(heading=department.heading)


def _date_line(tasks: list[LedgerTask], as_of: date) -> str:
    return ledger_settings()["date_line"].format(date=as_of.isoformat(), count=len(tasks))


def column_widths(rows: list[list], shown: list[Column]) -> list[int]:
    """Each column as wide as its longest line, up to its bound; at least half its header
    (headers wrap onto two lines: 进展 / 情况)."""
    index = {c.key: i for i, c in enumerate(columns())}
    widths = []
    for column in shown:
        lines = [line for row in rows for line in str(row[index[column.key]]).split("\n")]
        # Two characters at least: a two-digit 序号, a header's half.
        least = max(math.ceil(display_width(column.header) / 4) * 2, 4)
        natural = max([display_width(line) for line in lines] + [least])
        widths.append(min(natural, column.widest) + 2)
    return widths


def _lines(text: str | int, width: int) -> int:
    """How many printed lines `text` takes in a column `width` display columns wide (less
    its padding: a line breaks early rather than start with closing punctuation)."""
    return sum(max(1, math.ceil(display_width(line) / max(width - 2, 1))) for line in str(text).split("\n"))


# --- writers


def write_markdown(
    department: Department, tasks: list[LedgerTask], output: TextIO, *, as_of: date | None = None
) -> None:
    output.write(f"# {department.heading}任务清单\n\n{_summary(department, tasks)}\n")
    role = None
    for i, task in enumerate(tasks, 1):
        own = task.role_of(department.iri)
        if own.role_label != role:
            role = own.role_label
            output.write(f"\n## {role}\n")
        document = f"《{task.document_title or task.document_key}》"
        if task.document_number:
            document += f"（{task.document_number}）"
        output.write(f"\n### {i}. {task.title}\n\n- 文件：{document}\n")
        if task.number:
            output.write(f"- 任务编号：{task.number}\n")
        others = [f"{a.name}（{a.role_label}）" for a in task.actors if a.iri != department.iri]
        output.write(f"- 其他责任部门：{'、'.join(others) or '无'}\n")
        if task.deadline:
            output.write(f"- 完成时限：{task.deadline}（{_due(task)}）\n")
        output.write(f"- 任务内容：{task.text}\n")
        for line, quote in task.quotes:
            output.write(f"- 分工原文（第 {line} 行）：{quote}\n")


def _summary(department: Department, tasks: list[LedgerTask]) -> str:
    counts: dict[str, int] = {}
    for task in tasks:
        label = task.role_of(department.iri).role_label
        counts[label] = counts.get(label, 0) + 1
    return f"共 {len(tasks)} 项：" + "，".join(f"{label} {n} 项" for label, n in counts.items())


def write_csv(
    department: Department, tasks: list[LedgerTask], output: TextIO, *, as_of: date | None = None
) -> None:
    """The ledger's columns, one row per task, after a BOM: by it Excel on a Chinese Windows
    knows the file is UTF-8. Text that would run as a formula is made inert."""
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerow([c.header for c in columns()])
    writer.writerows([neutralised(v) for v in row] for row in ledger_rows(tasks, as_of or date.today()))


def write_xlsx(
    department: Department, tasks: list[LedgerTask], output: BinaryIO, *, as_of: date | None = None
) -> None:
    """The ledger as a workbook to fill in and print: a title, a frozen header with an
    autofilter, 完成状态 offered from a list, 督办等级 coloured, every cell typed text (no
    formula ever runs), the task id hidden; A4 landscape, fitted to the page's width, the
    header repeated on every page, pages numbered."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    settings, every = ledger_settings(), columns()
    as_of = as_of or date.today()
    rows = ledger_rows(tasks, as_of)
    widths = column_widths(rows, every)
    fonts = settings["fonts"]
    body = Font(name=fonts["body"], size=fonts["body_size"])
    thin = Side(style="thin")
    book = Workbook()
    sheet = book.active
    # Sheet names: at most 31 characters, none of []:*?/\
    sheet.title = re.sub(r"[\[\]:*?/\\]", "_", department.name)[:31]
    last = get_column_letter(len(every))
    shown = get_column_letter(sum(not c.hidden for c in every))
    heading = Font(name=fonts["heading"], size=fonts["heading_size"], bold=True)
    for row, (text, font) in enumerate([(_title(department), heading), (_date_line(tasks, as_of), body)], 1):
        sheet.merge_cells(f"A{row}:{shown}{row}")
        cell = sheet.cell(row, 1, text)
        cell.font, cell.alignment = font, Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = fonts["heading_size"] * 2
    header_row, first = 3, 4
    sheet.row_dimensions[header_row].height = fonts["body_size"] * 2.8  # two lines: 进展 / 情况
    for number, (column, width) in enumerate(zip(every, widths, strict=True), 1):
        cell = sheet.cell(header_row, number, column.header)
        cell.font = Font(name=fonts["heading"], size=fonts["body_size"], bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(thin, thin, thin, thin)
        sheet.column_dimensions[get_column_letter(number)].width = width
        sheet.column_dimensions[get_column_letter(number)].hidden = column.hidden
    wrap = Alignment(wrap_text=True, vertical="top")
    for offset, values in enumerate(rows):
        row = first + offset
        for number, value in enumerate(values, 1):
            cell = sheet.cell(row, number, value)
            if isinstance(value, str):
                cell.data_type = "s"  # typed text: `=HYPERLINK(...)` stays words
            cell.font, cell.alignment, cell.border = body, wrap, Border(thin, thin, thin, thin)
            if isinstance(value, int):
                cell.alignment = Alignment(horizontal="center", vertical="top")  # 序号
        lines = max(_lines(v, w) for v, w, c in zip(values, widths, every, strict=True) if not c.hidden)
        # A line to spare: where a line breaks is the spreadsheet's to decide, not ours.
        sheet.row_dimensions[row].height = (lines + (lines > 1)) * fonts["body_size"] * 1.3 + 4
    end = first + max(len(rows), 1) - 1
    keys = [c.key for c in every]

    def column_range(key: str) -> str:
        letter = get_column_letter(keys.index(key) + 1)
        return f"{letter}{first}:{letter}{end}"

    states = DataValidation(
        type="list",
        formula1='"' + ",".join(settings["statuses"]) + '"',
        allow_blank=True,
        showErrorMessage=True,
        error="请从列表中选择完成状态",
        errorTitle="完成状态",
    )
    sheet.add_data_validation(states)
    states.add(column_range("status"))
    for level in settings["levels"].values():
        sheet.conditional_formatting.add(
            column_range("level"),
            CellIsRule(
                operator="equal",
                formula=[f'"{level["label"]}"'],
                fill=PatternFill("solid", fgColor=level["fill"], bgColor=level["fill"]),
            ),
        )
    sheet.auto_filter.ref = f"A{header_row}:{last}{end}"
    sheet.freeze_panes = f"A{first}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_area = f"A1:{shown}{end}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = settings["page_footer"].format(page="&P", pages="&N")
    book.save(output)


def write_docx(
    department: Department, tasks: list[LedgerTask], output: BinaryIO, *, as_of: date | None = None
) -> None:
    """The ledger as a Word document to print: A4 landscape, a centred title and date, a
    bordered table whose header row repeats on every page, columns as wide as their
    content (the task's text widest) filling the page's width, pages numbered."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    settings, fonts = ledger_settings(), ledger_settings()["fonts"]
    as_of = as_of or date.today()
    every = columns()
    shown = [i for i, c in enumerate(every) if not c.hidden]
    rows = [[row[i] for i in shown] for row in ledger_rows(tasks, as_of)]
    widths = column_widths(ledger_rows(tasks, as_of), [every[i] for i in shown])
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.27)
    section.top_margin = section.bottom_margin = Cm(1.5)
    normal = document.styles["Normal"]
    _fonts(normal.element, fonts["body"], fonts["latin"])
    normal.font.size = Pt(fonts["body_size"] - 1)
    normal.paragraph_format.space_after = Pt(0)
    for text, font, size, bold in (
        (_title(department), fonts["heading"], fonts["heading_size"], True),
        (_date_line(tasks, as_of), fonts["body"], fonts["body_size"] + 2, False),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(6)
        run_ = paragraph.add_run(text)
        run_.bold, run_.font.size = bold, Pt(size)
        _fonts(run_._element, font, fonts["latin"])
    table = document.add_table(rows=1, cols=len(shown), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    cell_widths = _page_widths(
        widths, section.page_width - section.left_margin - section.right_margin, Pt(fonts["body_size"] - 1)
    )
    header = table.rows[0]
    _repeat_header(header)
    for cell, i in zip(header.cells, shown, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_ = paragraph.add_run(every[i].header)
        run_.bold = True
        _fonts(run_._element, fonts["heading"], fonts["latin"])
        _shade(cell, "D9D9D9")
    level_at = [every[i].key for i in shown].index("level")
    fills = {level["label"]: level["fill"] for level in settings["levels"].values()}
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(value)
        if values[level_at] in fills:
            _shade(cells[level_at], fills[values[level_at]])
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, cell_widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, cell_widths, strict=True):
            cell.width = width
    _page_numbers(section, settings["page_footer"])
    document.save(output)


def _page_widths(widths: list[int], usable: int, size: int) -> list[int]:
    """Widths in EMU that fill `usable`: narrow columns (a date, a state) at their natural
    width in the font `size`, the wide ones (the task's text above all) sharing the rest."""
    column = size // 2 + size // 20  # a display column: half a Chinese character, and a little
    narrow = [w <= NARROW for w in widths]
    fixed = sum(w * column for w, n in zip(widths, narrow, strict=True) if n)
    wide = sum(w for w, n in zip(widths, narrow, strict=True) if not n) or 1
    return [
        w * column if n else int((usable - fixed) * w / wide) for w, n in zip(widths, narrow, strict=True)
    ]


NARROW = 12  # display columns: a date with its padding


def _fonts(element, east_asian: str, latin: str) -> None:
    """Name the fonts of a style or run: Chinese text in `east_asian`, Latin in `latin`."""
    from docx.oxml.ns import qn

    properties = element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _page_numbers(section, template: str) -> None:
    """`第 {page} 页 共 {pages} 页` in the footer, with Word's PAGE and NUMPAGES fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece in ("{page}", "{pages}"):
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), "PAGE" if piece == "{page}" else "NUMPAGES")
            number = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = "1"
            number.append(text)
            field.append(number)
            paragraph._p.append(field)
        elif piece:
            paragraph.add_run(piece)


WRITERS: dict[str, Callable[..., None]] = {
    "md": write_markdown,
    "csv": write_csv,
    "xlsx": write_xlsx,
    "docx": write_docx,
}
BINARY_FORMATS = {"xlsx", "docx"}


def write_file(
    path: str | Path, department: Department, tasks: list[LedgerTask], format: str, as_of: date | None = None
) -> None:
    """Write the list to `path`. A write that fails (a full disk) raises OSError naming it.

    Workbooks and documents are made in memory first: a zip writer stopped half way by a
    full disk complains again, with a traceback, when it is collected."""
    try:
        if format in BINARY_FORMATS:
            made = io.BytesIO()
            WRITERS[format](department, tasks, made, as_of=as_of)
            Path(path).write_bytes(made.getvalue())
        else:
            with open(path, "w", encoding="utf-8", newline="") as output:
                WRITERS[format](department, tasks, output, as_of=as_of)
    except OSError as error:
        if error.filename:
            raise
        raise OSError(error.errno, error.strerror, str(path)) from error


def free_name(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3` … when it is `taken` (as folded for case, which some
    file systems ignore); the name returned is added to `taken`."""
    stem, dot, suffix = name.rpartition(".")
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{suffix}"
    taken.add(candidate.casefold())
    return candidate
