"""Responsibility tables: a header naming the columns, then one task per row."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .annotations import mentions_role_words, read_annotation
from .config import per_config
from .layout import table_cells
from .markers import marker_at_start
from .mentions import looks_like_actor, split_actors
from .outline import Line, TableBlock
from .vocabulary import alternation, labels_by_kind, vocabulary

ACTOR_COLUMNS = ("lead", "participant", "responsible")


@dataclass(frozen=True)
class Cell:
    start: int  # offsets in the document's normalised text
    end: int
    text: str


@dataclass(frozen=True)
class Row:
    line: Line
    number: str
    title: str
    task: Cell
    groups: tuple[str, ...]  # group headings the row sits under
    actors: tuple[tuple[str, Cell], ...]  # (column kind, cell)
    deadline: str | None


@per_config
def _column_words() -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    words = vocabulary()
    pairs = [
        (w, kind)
        for kind in ("person", "lead", "participant", "responsible", "deadline")
        for w in labels_by_kind()[kind]
    ]
    pairs += [(w, kind) for kind in ("number", "task", "group") for w in words["tables"][kind]]
    kinds: dict[str, str] = {}
    for word, kind in pairs:
        kinds.setdefault(word, kind)
    return (
        kinds,
        re.compile(alternation(kinds)),
        re.compile(f"(?:{alternation(words['tables']['other'])})$"),
    )


@per_config(maxsize=4096)
def column_kind(header: str) -> str | None:
    """What a column holds, by the longest column word in its header; None when unknown.
    A header ending in `数量`, `情况`, `进展` … counts or reports and holds no task."""
    kinds, word, other = _column_words()
    if other.search(header):
        return "other"
    found = word.findall(header)
    return kinds[max(found, key=len)] if found else None


def read_table(block: TableBlock) -> list[Row]:
    """The rows of `block` that are tasks; [] when it is not a responsibility table."""
    header_at = next(
        (
            i
            for i, line in enumerate(block.rows[:3])
            if any(column_kind(c[2]) in ACTOR_COLUMNS for c in table_cells(line.text))
        ),
        None,
    )
    if header_at is None:
        return []
    header = [column_kind(c[2]) if c[2] else None for c in table_cells(block.rows[header_at].text)]
    regular = all(header)
    rows: list[Row] = []
    groups: list[str] = []
    for line in block.rows[header_at + 1 :]:
        cells = [Cell(line.start + s, line.start + e, t) for s, e, t in table_cells(line.text)]
        if not cells:  # a group heading that lost its cell separators
            groups[:] = [line.text]
            continue
        if not [c for c in cells if c.text] or set(line.text) <= set("|-: \t"):
            continue
        if regular and len(cells) == len(header):
            row = _positional(line, cells, header, groups)
        else:
            row = _by_content(line, cells, header, groups)
        if row:
            rows.append(row)
    return rows


def _positional(line: Line, cells: list[Cell], header: list[str | None], groups: list[str]) -> Row | None:
    columns = list(zip(header, cells, strict=True))
    filled = [c for c in cells if c.text]
    if len(filled) == 1 and not any(kind in ACTOR_COLUMNS and c.text for kind, c in columns):
        groups[:] = [filled[0].text]  # a group heading spanning the row
        return None
    for kind, cell in columns:
        if kind == "group" and cell.text:
            groups[:] = [cell.text]
    task = next((c for kind, c in columns if kind == "task"), None)
    if task is None or not task.text:
        return None
    number = next((c.text for kind, c in columns if kind == "number" and c.text), "")
    actors = tuple((kind, c) for kind, c in columns if kind in ACTOR_COLUMNS and c.text)
    deadline = next((c.text for kind, c in columns if kind == "deadline" and c.text), None)
    return _row(line, task, number, groups, actors, deadline)


def _by_content(line: Line, cells: list[Cell], header: list[str | None], groups: list[str]) -> Row | None:
    """Rows of tables whose merged cells were flattened: columns no longer line up, so each
    cell is known by what it holds (a list of actors, a numbered item, a group name)."""
    cells = [c for c in cells if c.text]
    actor_cells = [c for c in cells if not marker_at_start(c.text) and holds_actors(c.text)]
    others = [c for c in cells if c not in actor_cells]
    if not actor_cells:
        if len(others) == 1:
            groups[:] = [others[0].text]
        return None
    before = [c for c in others if c.start < actor_cells[0].start]
    if not before:
        return None
    numbered = [c for c in before if marker_at_start(c.text) and not c.text.strip("0123456789.．、")]
    task = numbered[0] if numbered else before[-1]
    leading = [c.text for c in before if c.start < task.start and not c.text.isdigit()]
    if leading:
        groups[:] = leading
    number = next((c.text for c in before if c.text.isdigit()), "")
    kinds = [k for k in header if k in ACTOR_COLUMNS] or ["responsible"]
    actors = tuple((kinds[min(i, len(kinds) - 1)], c) for i, c in enumerate(actor_cells))
    return _row(line, task, number, groups, actors, None)


def _row(line: Line, task: Cell, number: str, groups: list[str], actors, deadline) -> Row:
    marker = marker_at_start(task.text)
    text = task.text[marker.end :] if marker else task.text
    if marker and not number:
        number = marker.label
    return Row(line, number, text.split("。")[0].strip(), task, tuple(groups), actors, deadline)


def holds_actors(text: str) -> bool:
    if mentions_role_words(text) and read_annotation(text):
        return True
    actors = split_actors(text)
    return bool(actors.names) and all(looks_like_actor(n) for n in actors.names)


def row_annotation(row: Row) -> str:
    """The row's actor cells written as one labelled annotation, e.g. `牵头单位：X；配合单位：Y`."""
    label = {"lead": "牵头单位", "participant": "配合单位", "responsible": "责任单位"}
    return "；".join(f"{label[kind]}：{cell.text}" for kind, cell in row.actors)
