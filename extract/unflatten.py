"""Layouts a web page flattened, put back before anything is read.

Text copied from a government website loses its line structure in two ways: numbered
items run into one line (`…圆满完成。 一、加快… (一)全面… 1.把…`), and tables come out
one cell a line, one cell a paragraph (often ending in `|`), or one row a line with
spaces between cells. This stage cuts run-in items onto lines of their own and rewrites
flattened tables as pipe rows (`1 | 任务 | 牵头单位 | …`), so that the one table reader
reads every layout. It runs while the spaces between cells are still in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .layout import continues_table, is_table_rule, is_trailer, table_cells
from .markers import INLINE_STYLES, marker_at_start, style_pattern
from .tables import ACTOR_COLUMNS, column_kind, holds_actors
from .text import Text, TextBuilder, is_cjk, line_spans, to_simplified


@cache
def _run_in() -> re.Pattern:
    marker = style_pattern(INLINE_STYLES)
    # A space before a marker (an item run into the line, when a word or a sentence's end is
    # before it), or a bracketed sub-item number right after a sentence's end: `…。(2)完善…`.
    bracketed = style_pattern(("cn_paren", "arabic_paren"))
    # It begins with the characters a match can begin with, so that the regex engine skips
    # to them instead of trying the pattern at every character.
    return re.compile(f"[ 。）)](?:(?<= ) *(?=(?:{marker}))|(?<=[。）)])(?=(?:{bracketed})))")


def cut_run_in_items(text: Text) -> Text:
    """Each numbered item that a flattened page ran into the line before on a line of its own."""

    def cut(match: re.Match) -> str:
        if not match.group().startswith(" "):  # a sentence's end
            return match.group() + "\n"
        before = match.string[match.start() - 1] if match.start() else ""
        if not (before and (is_cjk(before) or before in "。；;）)")):
            return match.group()  # spaces after a pipe, a Latin word or a line's start
        return "\n"

    return text.sub(_run_in(), cut)


def recover_layout(text: Text) -> Text:
    return recover_tables(cut_run_in_items(text))


# --- flattened tables

# What a cell holds, as far as placing it in a column goes.
NUMBER, MARKED, ACTORS, PERSON, TEXT = "number", "marked", "actors", "person", "text"
EMPTY, GROUP = "empty", "group"
ROW_BREAK = None
_NUMBER = re.compile(r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})[、.．]?")
_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}")
_PUNCTUATION = re.compile("[。，,：:；;！？、（）()]")
# Cells of a row a line: split at single spaces, where two or more mark an empty cell; or,
# in a table whose header is written with wider gaps, split at two or more spaces.
_CELL_BETWEEN_SPACES = re.compile(r"[^ ]+| {2,}")
_CELL_BETWEEN_WIDE_GAPS = re.compile(r"[^ ](?:[^ ]| (?=[^ ]))*")
_SINGLE_SPACE = re.compile(r"(?<! ) (?! )")
_HEADER_CELL = 12  # longest header cell, in characters
_LONGEST_HEADER_LINE = 80
_SHORT_CELL = 12  # longest cell a deadline column holds
# The columns a recovered table is written with, in this order, by kind.
_OUTPUT = (
    ("number", "序号"),
    ("group", "类别"),
    ("task", "任务"),
    ("lead", "牵头单位"),
    ("participant", "配合单位"),
    ("responsible", "责任单位"),
    ("deadline", "完成时限"),
)


@dataclass(frozen=True)
class Cell:
    start: int  # offsets in the text being recovered
    end: int
    kind: str


@dataclass
class _Row:
    cells: dict[int, list[Cell]] = field(default_factory=dict)  # column index → its cells
    groups: list[Cell] = field(default_factory=list)
    continues: bool = False  # a sub-row under merged cells: takes what it leaves empty from above


def recover_tables(text: Text) -> Text:
    """Tables written one cell a line (or a paragraph), or one row a line with spaces between
    cells, rewritten as pipe rows under a header of known column words."""
    lines = line_spans(text.value)
    builder, done, index = TextBuilder(text), 0, 0
    while index < len(lines):
        start, end = lines[index]
        # Only a short line can be a header: most lines of a plan are paragraphs.
        found = end - start <= _LONGEST_HEADER_LINE and (
            _spaced_table(text.value, lines, index)
            or _cell_table(text.value, lines, index)
            or _irregular_table(text.value, lines, index)
        )
        if not found:
            index += 1
            continue
        kinds, cells, end = found
        rows = _place(cells, kinds, text.value)
        if rows:
            start = lines[index][0]
            builder.copy(done, start)
            _write(builder, text.value, kinds, rows, start)
            done = lines[end - 1][1]
        index = end
    if not done:
        return text
    builder.copy(done, len(text.value))
    return builder.text()


def _column_kinds(headers: list[str]) -> list[str]:
    """Each header's column kind; unknown ones are `other`, and the task column is the first
    task column, else the first unknown column after the number."""
    kinds = [column_kind(h) or "unknown" for h in headers]
    number = kinds.index("number") if "number" in kinds else -1
    # The title is the first task cell after the 序号: a task column before it holds groups.
    kinds = ["group" if k == "task" and i < number else k for i, k in enumerate(kinds)]
    tasks = [i for i, k in enumerate(kinds) if k == "task"] or [
        i for i, k in enumerate(kinds) if k in ("unknown", "other") and i > number
    ][:1]
    return (
        [
            "task" if i == tasks[0] else ("other" if k in ("task", "unknown") else k)
            for i, k in enumerate(kinds)
        ]
        if tasks
        else []
    )


def _is_header(kinds: list[str]) -> bool:
    return "task" in kinds and any(k in ACTOR_COLUMNS for k in kinds) and len(kinds) >= 3


def _cell_text(value: str, start: int, end: int) -> tuple[int, int]:
    """The cell inside a line: outer pipes and spaces dropped."""
    while start < end and value[start] in " |\t":
        start += 1
    while end > start and value[end - 1] in " |\t":
        end -= 1
    return start, end


def _one_cell_lines(value: str, lines, index: int):
    """(line index, start, end) of each filled cell from line `index` on, while lines hold
    one cell each (lines of bare pipes, the fillers of merged cells, are skipped)."""
    for at in range(index, len(lines)):
        start, end = _cell_text(value, *lines[at])
        if start == end:
            continue
        if "|" in value[start:end] or "\t" in value[start:end]:
            return
        yield at, start, end


def _cell_table(value: str, lines, index: int):
    first = _cell_text(value, *lines[index])
    opening_cell = value[first[0] : first[1]]
    if not _short_header(opening_cell) or column_kind(to_simplified(opening_cell)) is None:
        return None
    cells = _one_cell_lines(value, lines, index)
    opening: list[tuple[int, int, int]] = []  # the short cells a header is made of
    for at, start, stop in cells:
        cell = to_simplified(value[start:stop])
        if not _short_header(cell) or _NUMBER.fullmatch(cell):
            opening.append((at, start, stop))
            break
        if len(cell) > 2 and column_kind(cell) is None and holds_actors(cell):
            return None  # a label over a list of names, not a header
        opening.append((at, start, stop))
    # The header ends at its last column word; short cells after it are data (a group's name).
    known = [i for i, (_, start, stop) in enumerate(opening) if column_kind(to_simplified(value[start:stop]))]
    split = known[-1] + 1 if known else 0
    kinds = _column_kinds(_join_broken([to_simplified(value[s:e]) for _, s, e in opening[:split]]))
    if not _is_header(kinds):
        return None
    body: list[Cell] = []
    end = index
    for at, start, stop in [*opening[split:], *cells]:
        if _ends_table(value[start:stop]):
            break
        body.append(_classify(value, start, stop))
        end = at + 1
    return (kinds, body, end) if body else None


def _spaced_table(value: str, lines: list[tuple[int, int]], index: int):
    start, end = lines[index]
    line = value[start:end]
    if "|" in line or "\t" in line or " " not in line or len(line) > 80 or _PUNCTUATION.search(line):
        return None
    headers = [to_simplified(h) for h in line.split()]
    kinds = _column_kinds(headers)
    if len(headers) < 3 or not _is_header(kinds) or sum(column_kind(h) is not None for h in headers) < 3:
        return None
    # A header whose cells are all two or more spaces apart makes that the separator: a
    # single space is then inside a cell (a PDF space), not between two.
    cell = _CELL_BETWEEN_SPACES if _SINGLE_SPACE.search(line.strip()) else _CELL_BETWEEN_WIDE_GAPS
    cells: list = []
    at = index + 1
    while at < len(lines):
        if _group_line(value, *lines[at]):
            cells.append(Cell(*lines[at], GROUP))
            at += 1
            continue
        row = _spaced_cells(value, *lines[at], cell)
        if len([c for c in row if c.kind != EMPTY]) < 3:
            break
        cells.extend([ROW_BREAK] + _rejoin(row, kinds))
        at += 1
    return (kinds, cells, at) if cells else None


def _group_line(value: str, start: int, end: int) -> bool:
    """`一、农业节水增效` between the rows of a table: a group heading written across it."""
    line = value[start:end]
    marker = marker_at_start(line)
    return (
        marker is not None
        and marker.style in ("cn", "cn_paren")
        and len(line) <= 30
        and not _PUNCTUATION.search(line[marker.end :])
        and " " not in line[marker.end :]
    )


def _irregular_table(value: str, lines: list[tuple[int, int]], index: int):
    """A pipe or tab table whose rows leave out merged cells, or whose header has columns
    of no known kind: its rows are placed cell by cell, like a flattened table's."""
    start, end = lines[index]
    if "|" not in value[start:end] and "\t" not in value[start:end]:
        return None
    header = [(s, e, to_simplified(t)) for s, e, t in table_cells(value[start:end]) if t]
    kinds = _column_kinds([t for _, _, t in header])
    if (
        len(header) < 3
        or not _is_header(kinds)
        or not all(_short_header(t) for _, _, t in header)
        or sum(column_kind(t) is not None for _, _, t in header) < 2
    ):
        return None
    cells: list = []
    regular = all(column_kind(t) for _, _, t in header)
    at = index + 1
    while at < len(lines):
        line_start, line_end = lines[at]
        line = value[line_start:line_end]
        if is_table_rule(line):
            at += 1
            continue
        row = [(s, e, t) for s, e, t in table_cells(line)]
        if not row or not continues_table(line):
            if _group_line(value, line_start, line_end):
                cells.append(Cell(line_start, line_end, GROUP))
                at += 1
                continue
            break
        filled = [c for c in row if c[2]]
        regular = regular and (len(row) == len(header) or len(filled) == 1)
        cells.append(ROW_BREAK)
        cells.extend(
            _classify(value, *_cell_text(value, line_start + s, line_start + e))
            if t
            else Cell(line_start + s, line_start + s, EMPTY)
            for s, e, t in row
        )
        at += 1
    return (kinds, cells, at) if cells and not regular else None


def _spaced_cells(value: str, start: int, end: int, cell: re.Pattern) -> list[Cell]:
    """A row's cells, as `cell` finds them; a run of spaces it returns marks an empty cell."""
    cells = []
    for match in cell.finditer(value[start:end]):
        if match.group().startswith(" "):
            cells.append(Cell(start + match.start(), start + match.start(), EMPTY))
        else:
            cells.append(_classify(value, start + match.start(), start + match.end()))
    return cells


def _rejoin(row: list[Cell], kinds: list[str]) -> list[Cell]:
    """Cells a space broke inside (`加强水资源保 护`) joined again: the short plain cells after
    the number fill the text columns before the long one, so extra pieces are rejoined,
    the shortest neighbours first."""
    column = 0
    out: list[Cell] = []
    index = 0
    while index < len(row) and row[index].kind in (NUMBER, EMPTY):
        column += 1
        out.append(row[index])
        index += 1
    run_end = index
    while run_end < len(row) and row[run_end].kind in (TEXT, PERSON) and not _long(row[run_end]):
        run_end += 1
    run = row[index:run_end]
    text_columns = [k for k in kinds[column:] if k in ("group", "task", "other")]
    slots = len(text_columns) - (1 if run_end < len(row) and _long(row[run_end]) else 0)
    while len(run) > max(slots, 1):
        at = min(range(len(run) - 1), key=lambda i: run[i + 1].end - run[i].start)
        run[at : at + 2] = [Cell(run[at].start, run[at + 1].end, TEXT)]
    # Fewer cells than columns: the first ones were merged cells written on a row above.
    missing = [Cell(run[0].start, run[0].start, EMPTY)] * (slots - len(run)) if run else []
    return out + missing + run + row[run_end:]


def _long(cell: Cell) -> bool:
    return cell.end - cell.start > 20 or cell.kind == TEXT and cell.start < 0


def _join_broken(headers: list[str]) -> list[str]:
    """Header cells a narrow column broke over two lines (`责任` / `科室`) joined again."""
    joined: list[str] = []
    waiting = ""
    for header in headers:
        header = waiting + header
        if len(header) <= 2 and column_kind(header) is None:
            waiting = header
            continue
        joined.append(header)
        waiting = ""
    return joined + ([waiting] if waiting else [])


def _short_header(cell: str) -> bool:
    return len(cell) <= _HEADER_CELL and not _PUNCTUATION.search(cell)


def _ends_table(cell: str) -> bool:
    return is_trailer(cell) or bool((m := marker_at_start(cell)) and m.style == "cn" and len(cell) > m.end)


def _classify(value: str, start: int, end: int) -> Cell:
    cell = to_simplified(value[start:end])
    if _NUMBER.fullmatch(cell):
        return Cell(start, end, NUMBER)
    marker = marker_at_start(cell)
    if marker and marker.end < len(cell):
        return Cell(start, end, MARKED)
    if holds_actors(cell):
        return Cell(start, end, ACTORS)
    if _PERSON.fullmatch(cell):
        return Cell(start, end, PERSON)
    return Cell(start, end, TEXT)


def _accepts(kind: str, cell: Cell, value: str) -> bool:
    if kind == "number":
        return cell.kind == NUMBER
    if kind in ACTOR_COLUMNS:
        return cell.kind == ACTORS
    if kind == "person":
        return cell.kind == PERSON
    if kind == "deadline":
        return (
            cell.kind in (TEXT, PERSON)
            and cell.end - cell.start <= _SHORT_CELL
            and "。" not in value[cell.start : cell.end]
        )
    return cell.kind in (TEXT, PERSON, MARKED) if kind == "task" else cell.kind in (TEXT, PERSON)


def _place(cells: list, kinds: list[str], value: str) -> list[_Row]:
    """Rows from the cells in reading order, each cell put in the next column after the last
    that can hold it; a merged cell, written once, fills the rows it spans."""
    task = kinds.index("task")
    number = kinds.index("number") if "number" in kinds else None
    rows: list[_Row] = []
    row, pointer, last_actor = _Row(), 0, None

    def own_actors(r: _Row) -> bool:
        return any(i > task and kinds[i] in ACTOR_COLUMNS for i in r.cells)

    def finish(continues: bool) -> _Row:
        if task in row.cells:
            if row.continues and rows:
                for column, held in rows[-1].cells.items():
                    row.cells.setdefault(column, held)
            rows.append(row)
        kept = {i: c for i, c in row.cells.items() if i < task} if continues else {}
        return _Row(kept, list(row.groups), continues)

    line_start = False
    for cell in cells:
        if cell is ROW_BREAK:  # a row of its own line: what it leaves out is merged above
            if task in row.cells:
                row = finish(False)
            pointer, last_actor, line_start = 0, None, True
            continue
        if cell.kind == GROUP:
            if task in row.cells:
                row = finish(False)
            row.groups = [cell]
            continue
        if line_start:
            line_start = False
            if cell.kind != NUMBER and rows:
                row.continues, pointer = True, task
        if cell.kind == EMPTY:
            pointer += 1
            continue
        if cell.kind == NUMBER:
            if own_actors(row) or any(i > task for i in row.cells):
                row = finish(False)
            elif task in row.cells:  # a cell alone before a number heads a group
                row.groups = row.cells.pop(task)
            if number is not None:
                row.cells[number] = [cell]
            row.continues = False
            pointer, last_actor = (number + 1 if number is not None else task), None
            continue
        if cell.kind == MARKED and pointer > task or cell.kind == MARKED and task in row.cells:
            if own_actors(row):
                row = finish(True)
            elif task in row.cells:
                row.groups = row.cells.pop(task)
            row.cells[task] = [cell]
            pointer, last_actor = task + 1, None
            continue
        if pointer == task and task not in row.cells:
            column: int | None = task  # whatever follows the number is the task
        else:
            column = next((i for i in range(pointer, len(kinds)) if _accepts(kinds[i], cell, value)), None)
        if column is None:
            if cell.kind == ACTORS and last_actor is not None:
                row.cells[last_actor].append(cell)  # a cell written over several lines
            elif cell.kind in (TEXT, MARKED, PERSON) and task in row.cells and own_actors(row):
                row = finish(True)  # a sub-row under a merged number
                row.cells[task] = [cell]
                pointer, last_actor = task + 1, None
            continue
        row.cells.setdefault(column, []).append(cell)
        pointer = column + 1
        last_actor = column if cell.kind == ACTORS else None
    if row.cells:
        finish(False)
    return rows


def _write(builder: TextBuilder, value: str, kinds: list[str], rows: list[_Row], at: int) -> None:
    """The header and the rows as pipe rows, each cell copied from where it is written."""
    columns = [
        (kind, word, [i for i, k in enumerate(kinds) if k == kind])
        for kind, word in _OUTPUT
        if kind in kinds or kind == "group"
    ]
    builder.insert(" | ".join(word for _, word, _ in columns) + "\n", at)
    for row in rows:
        for position, (kind, _, indices) in enumerate(columns):
            if position:
                builder.insert(" | ", at)
            held = (
                row.groups[-1:]
                if kind == "group" and not any(i in row.cells for i in indices)
                else [c for i in indices for c in row.cells.get(i, [])]
            )
            for n, cell in enumerate(held):
                if n:
                    builder.insert("、", cell.start)
                builder.copy(cell.start, cell.end)
        builder.insert("\n", at)
