"""The outline of a document: its cover notice, its numbered headings and items, its tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .config import per_config
from .layout import continues_table, is_table_row, is_trailer
from .markers import Marker, marker_at_start
from .mentions import looks_like_actor
from .text import line_spans
from .vocabulary import alternation, vocabulary

_NOT_WORD = re.compile(r"[\W_]+")
_LIST_BREAK = re.compile("[；;，,]")
_SENTENCE = re.compile("[。；;，,（(]")
_NOTICE = re.compile(r"^(?:.{0,40}?)关于印发(?:《(?P<quoted>[^》]+)》|(?P<plain>.+?))的通知$")
_PUBLIC = re.compile(r"^[（(]此件.{0,8}[）)]$")
_DATE_LINE = re.compile(r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日[）)]?$")


@dataclass
class Line:
    start: int
    end: int
    text: str


@dataclass
class Node:
    """A numbered heading or item, with the paragraphs that follow it."""

    marker: Marker
    line: Line
    parent: Node | None
    part: str
    paragraphs: list[Line] = field(default_factory=list)
    children: int = 0
    holds_table: bool = False

    @property
    def heading(self) -> str:
        return self.line.text[self.marker.end :]

    @property
    def ancestors(self) -> list[Node]:
        chain, node = [], self.parent
        while node:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def end(self) -> int:
        return (self.paragraphs[-1] if self.paragraphs else self.line).end


@dataclass
class TableBlock:
    rows: list[Line]
    caption: list[Line]  # the lines just above the table that name it
    part: str
    path: tuple[str, ...]


@dataclass
class Outline:
    body_start: int  # index of the first line of the plan itself
    nodes: list[Node]
    tables: list[TableBlock]
    loose: list[tuple[str, Line]]  # (part, line) of text outside any item: directives live here
    lines: list[Line]


def split_lines(value: str) -> list[Line]:
    return [Line(start, end, value[start:end]) for start, end in line_spans(value)]


def plan_title_from_notice(lines: list[Line]) -> tuple[int, str] | None:
    """`关于印发《X》的通知` → (its line index, X)."""
    for index, line in enumerate(lines[:40]):
        match = _NOTICE.match(line.text.rstrip("。"))
        if match:
            return index, (match["quoted"] or match["plain"]).strip()
    return None


def body_start(lines: list[Line]) -> int:
    """Where the plan itself starts, after any cover notice (whose numbered points are no tasks)."""
    notice = plan_title_from_notice(lines)
    if not notice:
        return 0
    index, title = notice
    key = _NOT_WORD.sub("", title)
    for later in range(index + 1, len(lines)):
        if _NOT_WORD.sub("", lines[later].text) == key:
            return later
    for later in range(index + 1, len(lines)):
        if _PUBLIC.match(lines[later].text):
            return later + 1
    for later in range(index + 1, len(lines)):
        if _DATE_LINE.match(lines[later].text):
            return later + 1
    return 0


def build_outline(value: str) -> Outline:
    lines = split_lines(value)
    start = body_start(lines)
    nodes: list[Node] = []
    tables: list[TableBlock] = []
    loose: list[tuple[str, Line]] = []
    stack: list[Node] = []
    current: Node | None = None
    part, annexes = "body", 0
    index = start
    while index < len(lines):
        line = lines[index]
        if is_table_row(line.text):
            end = index
            while end < len(lines) and (
                continues_table(lines[end].text) or _group_line_inside_table(lines, end)
            ):
                end += 1
            caption = _caption(lines, start, index, nodes[-1].line if nodes else None)
            path = tuple(n.line.text for n in stack)
            tables.append(TableBlock(lines[index:end], caption, part, path))
            if stack:
                stack[-1].holds_table = True
            current = None
            index = end
            continue
        if is_trailer(line.text):
            if line.text.startswith(("附件", "附表")) and not (
                index and lines[index - 1].text.startswith(("附件", "附表"))
            ):
                annexes += 1
                part, stack = f"annex {annexes}", []
            current = None
            index += 1
            continue
        marker = marker_at_start(line.text)
        if marker:
            while stack and marker.style in {n.marker.style for n in stack}:
                stack.pop()
            parent = stack[-1] if stack else None
            node = Node(marker, line, parent, part)
            if parent:
                parent.children += 1
            stack.append(node)
            nodes.append(node)
            current = node
        elif current is not None:
            current.paragraphs.append(line)
        else:
            loose.append((part, line))
        index += 1
    return Outline(start, nodes, tables, loose, lines)


def _group_line_inside_table(lines: list[Line], index: int) -> bool:
    """`一、农村厕所革命` between two rows: a merged group-heading row that lost its separators."""
    text = lines[index].text
    return (
        index + 1 < len(lines)
        and is_table_row(lines[index + 1].text)
        and len(text) <= 30
        and not re.search("[。；;，,]", text)
    )


def _caption(lines: list[Line], first: int, table_at: int, last_heading: Line | None) -> list[Line]:
    """Up to three plain lines right above a table (stopping at a heading or another table)."""
    caption: list[Line] = []
    for index in range(table_at - 1, max(first, table_at - 4) - 1, -1):
        text = lines[index].text
        if is_table_row(text) or marker_at_start(text) or lines[index] is last_heading:
            break
        caption.insert(0, lines[index])
    return caption


def is_bare_heading(heading: str) -> bool:
    """A heading with no sentence of its own: `二、保障措施`, not `1.深化商事制度改革。`"""
    return not _SENTENCE.search(heading)


def under_targets(node: Node) -> bool:
    """Whether the item sits under a heading of targets (`一、全年主要预期目标`)."""
    return any(_targets().search(n.heading) for n in node.ancestors)


@per_config
def _targets() -> re.Pattern:
    return re.compile(alternation(vocabulary()["sections"]["targets"]))


def names_only(heading: str) -> bool:
    """`1、金寨县；2、裕安区；…`: an item that only lists places or offices sets out no work."""
    items = [
        p[m.end :] if (m := marker_at_start(p)) else p for p in _LIST_BREAK.split(heading.split("。")[0]) if p
    ]
    names = [name for item in items for name in item.split("、")]
    return len(names) > 1 and all(looks_like_actor(name) for name in names)


@per_config
def _preamble() -> re.Pattern:
    words = alternation(vocabulary()["sections"]["preamble"])
    return re.compile(f"^(?:{words})(?:.{{0,2}})$")


def is_preamble(heading: str) -> bool:
    """`（一）指导思想`, `二、总体要求`: headings of context, whose items are no tasks."""
    title = _NOT_WORD.sub("", heading.split("。")[0])
    return bool(_preamble().match(title))


def task_nodes(outline: Outline) -> list[Node]:
    """The lowest-level items that set out work: a childless bare heading (no sentence)
    among headings that have items (`一、…排名` beside `二、…` with items) is a section."""
    sections = {(id(n.parent), n.part, n.marker.style) for n in outline.nodes if n.children}
    # Whether a node is a preamble heading or sits under one: asked once per node, not once
    # per task and ancestor (a parent comes before its children).
    preamble: dict[int, bool] = {}
    for node in outline.nodes:
        preamble[id(node)] = is_preamble(node.heading) or bool(node.parent and preamble[id(node.parent)])
    return [
        node
        for node in outline.nodes
        if not node.children
        and not node.holds_table
        and not (
            is_bare_heading(node.heading) and (id(node.parent), node.part, node.marker.style) in sections
        )
        and not names_only(node.heading)
        and not preamble[id(node)]
    ]
