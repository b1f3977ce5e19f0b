"""From a document's text to its records: tasks, assignments, metadata, problems."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from .annotations import (
    MAX_NESTING,
    Carry,
    Found,
    Reading,
    find_annotations,
    first_leads_rule,
    first_unit_leads,
    merge,
    read_annotation,
    take_later_tasks_directive,
)
from .citations import citations
from .config import DEFAULT, Config, using
from .dates import iso_date
from .deadlines import group_deadline, read_deadline
from .departments import resolve
from .layout import is_table_rule, paragraphs, table_cells
from .metadata import Metadata, read_metadata
from .outline import Line, Node, Outline, build_outline, task_nodes, under_targets
from .reading import MIXED_ENCODING, read_source
from .records import Assignment, Deadline, Document, Problem, Span, Task
from .tables import read_table, row_annotation
from .text import LineIndex, as_written, normalise, simplified, without_spaces
from .unflatten import recover_layout


@dataclass
class Draft:
    """A task before its directives are applied."""

    number: str
    title: str
    text: str
    path: tuple[str, ...]
    start: int  # offsets in the normalised text
    end: int
    part: str
    readings: list[tuple[int, int, Reading]] = field(default_factory=list)  # normalised offsets


def extract_document(path, config: Config = DEFAULT) -> Document:
    """Read the file at `path` and extract it, by the data files of `config`.
    Raises `extract.reading.ReadError`."""
    source = read_source(path)
    document = extract_text(
        source.text,
        doc=Path(path).stem,
        path=str(path),
        format=source.format,
        encoding=source.encoding,
        config=config,
    )
    if source.encoding == MIXED_ENCODING:
        mixed = Problem(
            str(path),
            "lines in UTF-8 and lines in GBK (GB18030) in one file: each line read in its own encoding",
        )
        document = replace(document, problems=(mixed, *document.problems))
    return document


def extract_text(
    original: str,
    *,
    doc: str = "document",
    path: str = "<text>",
    format: str = "text",
    encoding: str | None = None,
    config: Config = DEFAULT,
) -> Document:
    """The records of a document's text, read by the data files of `config`."""
    with using(config):
        return _extract(original, doc, path, format, encoding)


def _extract(original: str, doc: str, path: str, format: str, encoding: str | None) -> Document:
    written = paragraphs(normalise(original, recover_layout))
    # Words are matched in Simplified script; titles, mentions and quotes keep the written one.
    text = simplified(written)
    converted = text is not written
    outline = build_outline(text.value)
    meta = _as_written(read_metadata(outline.lines, outline.body_start, doc), text.value, written.value)
    unread_rows: list[Line] = []
    drafts = _item_drafts(outline, text.value) + _row_drafts(outline, unread_rows)
    drafts.sort(key=lambda d: d.start)
    lines = LineIndex(original)

    def span(start: int, end: int) -> Span:
        first, last = text.span(start, end)
        return Span(first, last, lines.line(first))

    def in_script(value: str, start: int, end: int) -> str:
        """`value`, read from text[start:end], as written there."""
        return as_written(value, text.value[start:end], written.value[start:end]) if converted else value

    def found_in_script(found: tuple[Found, ...], start: int, end: int) -> tuple[Found, ...]:
        if not converted:
            return found
        return tuple(replace(f, mention=in_script(f.mention, start, end)) for f in found)

    tasks: list[Task] = []
    assignments: list[_Assigned] = []
    problems: list[Problem] = []
    carried: dict[str, list[tuple[Carry, Span, str]]] = {part: [] for part in {d.part for d in drafts}}

    def directive(carry: Carry, start: int, end: int) -> tuple[Carry, Span, str]:
        """The directive's own words within the line or annotation that holds them, or the
        whole of it when reading it rewrote them (a 下同 clause)."""
        at = text.value.find(carry.quote, start, end)
        if at >= 0:
            start, end = at, at + len(carry.quote)
        where = span(start, end)
        return (
            replace(carry, found=found_in_script(carry.found, start, end)),
            where,
            original[where.start : where.end],
        )

    # A reading rule the document states holds from where it is written on.
    rule_at = first_leads_rule(text.value)
    if rule_at is not None:
        for draft in drafts:
            draft.readings = [
                (start, end, first_unit_leads(reading) if end > rule_at else reading)
                for start, end, reading in draft.readings
            ]
    # A directive written outside any task reaches the tasks after it, not those before.
    loose = sorted(_loose_directives(outline), key=lambda item: item[2])
    for index, draft in enumerate(drafts, 1):
        while loose and loose[0][2] < draft.start:
            part, carry, start, end = loose.pop(0)
            carried.setdefault(part, []).append(directive(carry, start, end))
        own_deadline = next((r.deadline for _, _, r in draft.readings if r.deadline), None)
        task = Task(
            f"t{index}",
            draft.number,
            in_script(draft.title, draft.start, draft.end),
            in_script(draft.text, draft.start, draft.end),
            draft.path,
            span(draft.start, draft.end),
            draft.part,
            own_deadline,
            _due(own_deadline, draft.path, meta.date),
        )
        tasks.append(task)
        own: dict[str, _Assigned] = {}
        for start, end, reading in draft.readings:
            where = span(start, end)
            quote = original[where.start : where.end]  # exactly the text at the span, as written
            for found in found_in_script(reading.found, start, end):
                _keep_strongest(own, _Assigned(task.key, found, False, where, quote))
            if reading.truncated:
                problems.append(
                    Problem(path, f"annotation cut off, read as far as it goes: {quote}", where.line)
                )
            if reading.too_deep:
                problems.append(
                    Problem(
                        path,
                        f"brackets nested more than {MAX_NESTING} deep, read to that depth: {quote[:40]}…",
                        where.line,
                    )
                )
            for unread in reading.unparsed:
                problems.append(Problem(path, f"part of an annotation not understood: {unread}", where.line))
        for carry, where, quote in carried[draft.part]:
            for found in carry.found:
                if found.mention not in own:
                    own[found.mention] = _Assigned(task.key, found, True, where, quote)
        assignments.extend(own.values())
        for start, end, reading in draft.readings:
            carried[draft.part].extend(directive(carry, start, end) for carry in reading.carries)
    for line in unread_rows:
        where = span(line.start, line.end)
        problems.append(
            Problem(path, f"table row not read as a task: {original[where.start : where.end]}", where.line)
        )
    if not tasks:
        problems.append(Problem(path, "no numbered tasks found"))
    # Departments are resolved last: a short name's meaning may rest on a name written later.
    departments = resolve(
        [a.found.mention for a in assignments] + list(meta.issuers), meta.jurisdiction, written.value, doc
    )
    resolved = _one_role_per_department(
        [a.with_department(departments[a.found.mention].key) for a in assignments]
    )
    return Document(
        doc,
        path,
        format,
        encoding,
        meta.title,
        meta.jurisdiction,
        meta.issuers,
        meta.number,
        meta.date,
        tuple(tasks),
        tuple(resolved),
        tuple(problems),
        tuple(sorted({d.key: d for d in departments.values()}.values(), key=lambda d: d.key)),
        citations(written.value, meta.number),
    )


def _as_written(meta: Metadata, matched: str, written: str) -> Metadata:
    """The header's names in the script the document is written in."""
    if matched == written:
        return meta
    return replace(
        meta,
        title=meta.title and as_written(meta.title, matched, written),
        jurisdiction=meta.jurisdiction and as_written(meta.jurisdiction, matched, written),
        issuers=tuple(as_written(i, matched, written) for i in meta.issuers),
    )


def _due(own: str | None, path: tuple[str, ...], written_date: str | None) -> Deadline | None:
    """The task's deadline read as dates: its own, else one written for its group."""
    written = own or group_deadline(path)
    if written is None:
        return None
    issued = iso_date(written_date)
    return read_deadline(written, int(issued[:4]) if issued else None, from_group=own is None)


class _Assigned(NamedTuple):
    """An assignment before its department is known: once every mention of the document is."""

    task: str
    found: Found
    derived: bool
    span: Span
    quote: str

    def with_department(self, department: str) -> Assignment:
        found, derived = self.found, self.derived
        open_list = found.open_list and not derived
        return Assignment(
            self.task, found.mention, found.role, derived, open_list, department, self.span, self.quote
        )


def _one_role_per_department(assignments: list[Assignment]) -> list[Assignment]:
    """One department written two ways on one task (`河南省发展和改革委员会牵头，省发展改革委…
    负责`) holds one role there, the strongest; the first assignment of that role is kept."""
    best: dict[tuple[str, str], Assignment] = {}
    for assignment in assignments:
        key = (assignment.task, assignment.department)
        held = best.get(key)
        if held is None or assignment.role.strength > held.role.strength:
            best[key] = assignment
    kept = {id(a) for a in best.values()}
    return [a for a in assignments if id(a) in kept]


def _keep_strongest(chosen: dict[str, _Assigned], candidate: _Assigned) -> None:
    held = chosen.get(candidate.found.mention)
    if held is None or candidate.found.role.strength > held.found.role.strength:
        chosen[candidate.found.mention] = candidate


def _item_drafts(outline: Outline, value: str) -> list[Draft]:
    drafts = []
    for group in _sibling_groups(task_nodes(outline)):
        located_in_group = []
        for node in group:
            start = node.line.start + node.marker.end
            body = value[start : node.end]
            located = find_annotations(body)
            first = body.partition("\n")[0]
            cut = min(
                [first.find("。") if "。" in first else len(first)]
                + [a.start for a in located if a.start < len(first)]
            )
            title = without_spaces(first[:cut]).rstrip("：:；;，,.．")
            if not located and under_targets(node):
                continue  # a target item is a task only when it is assigned
            drafts.append(
                Draft(
                    _number(node),
                    title,
                    body,
                    _path(node),
                    node.line.start,
                    node.end,
                    node.part,
                    [(start + a.start, start + a.end, a.reading) for a in located],
                )
            )
            located_in_group.append((located, len(first)))
        _share_group_annotation(drafts[-len(group) :], located_in_group)
    return drafts


def _sibling_groups(nodes: list[Node]) -> list[list[Node]]:
    """Runs of consecutive task items under one parent."""
    groups: list[list[Node]] = []
    for node in nodes:
        last = groups[-1][-1] if groups else None
        if last and last.parent is node.parent and last.marker.style == node.marker.style:
            groups[-1].append(node)
        else:
            groups.append([node])
    return groups


def _share_group_annotation(drafts: list[Draft], located: list[tuple[list, int]]) -> None:
    """An annotation on a line of its own after the last item of a group, whose other items
    have none, belongs to every item of the group, as their own."""
    *others, (last, first_line) = located
    if not others or not last or any(found for found, _ in others):
        return
    if any(a.start < first_line for a in last):
        return
    for draft in drafts[:-1]:
        draft.readings = list(drafts[-1].readings)


def _number(node: Node) -> str:
    return "".join(n.marker.label for n in node.ancestors + [node])


def _path(node: Node) -> tuple[str, ...]:
    prefix = ("附件",) if node.part.startswith("annex") else ()
    return prefix + tuple(n.line.text.split("。")[0] for n in node.ancestors)


def _row_text(line: str) -> str:
    """A row's cells, separated the same way whether the file used tabs or pipes."""
    return " | ".join(text for _, _, text in table_cells(line) if text)


def _row_drafts(outline: Outline, unread: list[Line]) -> list[Draft]:
    """The tasks of the responsibility tables; rows of them that are no task and no group
    heading go to `unread`."""
    drafts = []
    for number, block in enumerate(outline.tables, 1):
        part = f"table {number}"
        caption = tuple(line.text for line in block.caption)
        rows = read_table(block)
        if rows:
            read = {id(row.line) for row in rows}
            first = block.rows.index(rows[0].line)
            unread.extend(
                line
                for line in block.rows[first:]
                if id(line) not in read
                and len([c for c in table_cells(line.text) if c[2]]) > 1
                and not is_table_rule(line.text)
            )
        for row in rows:
            reading = read_annotation(row_annotation(row))
            if row.deadline and not reading.deadline:
                reading = merge(reading, Reading(deadline=row.deadline))
            cells = [cell for _, cell in row.actors]
            drafts.append(
                Draft(
                    row.number,
                    row.title,
                    _row_text(row.line.text),
                    caption + row.groups,
                    row.line.start,
                    row.line.end,
                    part,
                    [(cells[0].start, cells[-1].end, reading)] if cells else [],
                )
            )
    return drafts


def _loose_directives(outline: Outline):
    """Directives written outside any task: above a table they reach its rows, elsewhere
    the later tasks of their part of the document."""
    captions = set()
    for number, block in enumerate(outline.tables, 1):
        for line in block.caption:
            captions.add(id(line))
            _, carry = take_later_tasks_directive(line.text)
            if carry:
                yield f"table {number}", carry, line.start, line.end
    # Text outside any task: loose lines, and the paragraphs under a heading of items.
    outside = outline.loose + [
        (node.part, line) for node in outline.nodes if node.children for line in node.paragraphs
    ]
    for part, line in sorted(outside, key=lambda item: item[1].start):
        _, carry = take_later_tasks_directive(line.text)
        if carry and id(line) not in captions:
            yield part, carry, line.start, line.end
