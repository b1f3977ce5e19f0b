"""Lines of a document: rejoining paragraphs broken by PDF extraction, and what each line is."""

from __future__ import annotations

import re

from .config import per_config
from .markers import marker_at_start
from .mentions import CLOSING, OPENING
from .text import Text, join_lines
from .vocabulary import alternation, labels_by_kind, vocabulary

_TERMINAL = tuple("。！？；;!?：:）)〕」』”")
_INNER_PUNCTUATION = re.compile("[。，、；：,;:！？]")
_BRACKETS = re.compile(f"[{re.escape(OPENING + CLOSING)}]")


def is_table_row(line: str) -> bool:
    """A row that can open a table: two or more filled cells. A numbered item's sentence
    with one `|` in it (`1.推进A|B两类园区改造。`) is an item, not a row."""
    if "|" not in line and "\t" not in line:
        return False
    if line.count("|") == 1 and "\t" not in line and marker_at_start(line):
        return False
    return len([c for c in table_cells(line) if c[2]]) >= 2


def continues_table(line: str) -> bool:
    """A row inside a table, including a group heading that fills a single cell."""
    return (
        is_table_rule(line) or any(c[2] for c in table_cells(line)) and ("|" in line or line.count("\t") >= 1)
    )


def table_cells(line: str) -> list[tuple[int, int, str]]:
    """The cells of a pipe- or tab-separated row: (start, end, text) with offsets in `line`."""
    separator = "|" if "|" in line else "\t" if "\t" in line else None
    if separator is None:
        return []
    cells, start = [], 0
    for i, char in enumerate(line + separator):
        if char == separator:
            cells.append((start, i, line[start:i].strip()))
            start = i + 1
    if separator == "|":  # `| a | b |`: the outer pipes close no cell
        if cells and not cells[0][2] and line.lstrip().startswith("|"):
            cells = cells[1:]
        if cells and not cells[-1][2] and line.rstrip().endswith("|"):
            cells = cells[:-1]
    return cells


_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?")


def is_table_rule(line: str) -> bool:
    """The `|---|:--:|` line under a Markdown table's header."""
    return bool(_TABLE_RULE.fullmatch(line))


@per_config
def _trailer() -> re.Pattern:
    return re.compile(f"^(?:{alternation(vocabulary()['sections']['trailers'])})")


def is_trailer(line: str) -> bool:
    """`附件`, `抄送：`, `文章来源：`: the end of the body's running text."""
    return bool(_trailer().match(line))


@per_config
def _label_line() -> re.Pattern:
    labels = alternation(w for group in labels_by_kind().values() for w in group if len(w) > 2)
    # `【牵头单位】` or `牵头单位：`, the labels written once (slow to compile).
    return re.compile(f"(?:(【)\\s*)?(?:{labels})\\s*(?(1)】|[：:])")


def starts_block(line: str) -> bool:
    """Whether `line` begins something of its own, so it never continues the line before."""
    return bool(
        marker_at_start(line)
        or is_table_row(line)
        or is_table_rule(line)
        or line.startswith(("|", "#"))
        or is_trailer(line)
        or _label_line().match(line)
    )


def _depth_after(depth: int, line: str) -> int:
    for char in _BRACKETS.findall(line):
        depth = depth + 1 if char in OPENING else max(depth - 1, 0)
    return depth


class ParagraphBreaks:
    """Whether each line break is a real paragraph break, with what the paragraph so far
    says (its bracket depth, whether its text has inner punctuation) carried along, so that
    joining stays linear however many lines a paragraph has.

    PDF extraction and careless conversion break paragraphs mid-sentence and even
    mid-name (`住房` / `城乡建设厅`). A break is kept after sentence-final punctuation,
    before anything that starts a block, and after a paragraph with no punctuation at all
    (titles, signatures, short headings); otherwise the lines are one paragraph.
    """

    def __init__(self):
        self.depth = 0
        self.punctuated = False

    def keep(self, last: str, line: str) -> bool:
        if starts_block(line) or is_table_row(last):
            return True
        if self.depth > 0:
            return False
        if last.endswith(_TERMINAL):
            return True
        return not self.punctuated

    def add(self, line: str, opens: bool) -> None:
        if opens:
            marker = marker_at_start(line)
            body = line[marker.end :] if marker else line
            self.depth, self.punctuated = 0, bool(_INNER_PUNCTUATION.search(body))
        else:
            self.punctuated = self.punctuated or bool(_INNER_PUNCTUATION.search(line))
        self.depth = _depth_after(self.depth, line)


def paragraphs(text: Text) -> Text:
    return join_lines(text, ParagraphBreaks())
