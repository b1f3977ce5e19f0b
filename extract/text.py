"""Normalised text that remembers where each character came from.

Every edit the extractor makes to a document's text (line ends, PDF spaces, rejoined
paragraphs) goes through `Text`, which keeps for each character its offset in the text
as read from the file, so any span found later can be reported in the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Protocol

CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026\u00b7"
)
_CJK_CHAR = re.compile(f"[{CJK}]")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")  # no-break, ideographic…
FULL_WIDTH_BRACKETS = str.maketrans({"(": "（", ")": "）", "〔": "（", "〕": "）", "[": "（", "]": "）"})
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
# A run of spaces with a CJK character on either side was put there by PDF extraction or
# hand formatting; between two Latin words it is a real word break. The space patterns
# begin with a space, so that the regex engine skips from space to space instead of trying
# them at every character: `(?<=[{CJK}] )` looks before the run's first space.
_SPACE_BY_CJK = re.compile(f" (?:(?<=[{CJK}] ) *| *(?=[{CJK}]))")
_SPACES_RUN = re.compile("  +")
_MARKDOWN = re.compile(r"^ {0,3}#{1,6}[ \t]+|\*\*|__", re.M)
_SPACES_AT_LINE_ENDS = re.compile(r" (?:(?<![^\n] ) *| *$)", re.M)  # at a line's start or end


def is_cjk(char: str) -> bool:
    return bool(_CJK_CHAR.match(char))


_LINE = re.compile(r"[^\n]+")


def line_spans(value: str) -> list[tuple[int, int]]:
    """(start, end) of each line of `value` that is not empty."""
    return [m.span() for m in _LINE.finditer(value)]


def without_spaces(value: str) -> str:
    """`value` with its white space left out (what `\\s` matches, and `str.split` splits at)."""
    return "".join(value.split())


@dataclass(frozen=True)
class Text:
    value: str
    origin: Sequence[int]  # origin[i]: offset in the original text of value[i]
    original: str

    @classmethod
    def of(cls, original: str) -> Text:
        # Each character is where it was read: a range, not a tuple of as many numbers.
        return cls(original, range(len(original)), original)

    def sub(self, pattern: re.Pattern, repl: str | Callable[[re.Match], str]) -> Text:
        """`re.sub` that carries each character's origin along. `repl` is put in as it is
        (no group references: expanding a template parses it again at every match), or
        made from the match by a function."""
        matches = pattern.finditer(self.value)
        first = next(matches, None)
        if first is None:
            return self  # most passes change nothing: the offset map is not copied
        pieces: list[str] = []
        origin: list[int] = []
        last = 0
        for match in chain((first,), matches):
            start, end = match.span()
            new = repl(match) if callable(repl) else repl
            pieces += (self.value[last:start], new)
            # A replacement character stands for the matched character at its position,
            # or for the last one when the replacement is longer.
            origin += self.origin[last : start + min(len(new), end - start)]
            if len(new) > end - start:
                origin += [self.origin[end - 1]] * (len(new) - (end - start))
            last = end
        pieces.append(self.value[last:])
        origin.extend(self.origin[last:])
        return Text("".join(pieces), tuple(origin), self.original)

    def replace_each(self, pattern: re.Pattern, char: str) -> Text:
        """Each single character that `pattern` matches replaced by `char`: every character
        keeps its origin, so the offset map is not rebuilt match by match."""
        value = pattern.sub(char, self.value)
        assert len(value) == len(self.value), "a pattern of single characters"
        return self if value == self.value else Text(value, self.origin, self.original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of `value[start:end]`, end exclusive."""
        if not self.value:
            return 0, 0
        start = min(max(start, 0), len(self.value) - 1)
        end = min(max(end, start + 1), len(self.value))
        return self.origin[start], self.origin[end - 1] + 1


class LineBreaks(Protocol):
    """Decides, line by line, which line breaks are paragraph breaks."""

    def keep(self, last: str, line: str) -> bool:
        """Whether the break between `last` (the line before) and `line` is kept."""

    def add(self, line: str, opens: bool) -> None:
        """`line` was added, opening a paragraph or continuing the current one."""


def join_lines(text: Text, breaks: LineBreaks) -> Text:
    """Drop blank lines, and join each line to the one before unless `breaks` keeps the break."""
    lines = line_spans(text.value)
    pieces: list[str] = []
    origin: list[int] = []
    last = ""
    for start, end in lines:
        line = text.value[start:end]
        opens = True
        if pieces:
            # The break stands for the line end just before this line.
            opens = breaks.keep(last, line)
            if opens:
                pieces.append("\n")
                origin.append(text.origin[start - 1])
            elif not is_cjk(last[-1]) and not is_cjk(line[0]):
                pieces.append(" ")  # two Latin words broken over a line stay two words
                origin.append(text.origin[start - 1])
        pieces.append(line)
        origin.extend(text.origin[start:end])
        breaks.add(line, opens)
        last = line
    return Text("".join(pieces), tuple(origin), text.original)


def normalise(original: str, layout: Callable[[Text], Text] | None = None) -> Text:
    """Line ends, invisible characters and spaces made uniform; lines stripped. `layout`
    sees the text while its spaces are still there (they may separate cells)."""
    text = Text.of(original)
    text = text.sub(re.compile(r"\r\n?"), "\n")
    text = text.sub(_INVISIBLE, "")
    text = text.replace_each(_SPACES, " ")
    if layout:
        text = layout(text)
    # Markdown heading hashes and emphasis would hide the numbering that starts a line. The
    # pattern has no fixed first character and most plans have no Markdown: it is looked for
    # only in a text that holds what it matches.
    if "#" in text.value or "**" in text.value or "__" in text.value:
        text = text.sub(_MARKDOWN, "")
    text = text.sub(_SPACE_BY_CJK, "")
    text = text.sub(_SPACES_RUN, " ")
    # Tabs stay: they separate the cells of tab-separated tables.
    text = text.sub(_SPACES_AT_LINE_ENDS, "")
    return text


_LINE_END = re.compile(r"\r\n|\r|\n")  # CRLF, CR and LF all end a line


class LineIndex:
    """Line numbers of offsets in one string, by binary search."""

    def __init__(self, value: str):
        self._starts = [0] + [m.end() for m in _LINE_END.finditer(value)]

    def line(self, offset: int) -> int:
        return bisect_right(self._starts, offset)


@cache
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: Text) -> Text:
    """`text` in Simplified script, character for character, so that words are matched in
    one script; offsets and origins stay those of `text` (mentions are quoted from it)."""
    convert = _to_simplified().convert
    value = convert(text.value)
    if len(value) != len(text.value):
        # A phrase converted to another length: convert one character at a time instead.
        value = "".join(c if len(c) == 1 else o for o, c in ((o, convert(o)) for o in text.value))
    return Text(value, text.origin, text.original) if value != text.value else text


def as_written(found: str, matched: str, written: str) -> str:
    """`found`, a piece of `matched` with white space left out and brackets made full width,
    in the script of `written`, the same text before conversion (one character each)."""
    if matched == written:
        return found
    keep = [i for i, char in enumerate(matched) if not char.isspace()]
    compact = "".join(matched[i] for i in keep).translate(FULL_WIDTH_BRACKETS)
    at = compact.find(found)
    if at < 0:
        return found
    return "".join(written[i] for i in keep[at : at + len(found)]).translate(FULL_WIDTH_BRACKETS)


def to_simplified(value: str) -> str:
    """`value` in Simplified script, for matching words against the vocabulary."""
    return _to_simplified().convert(value)


class TextBuilder:
    """A new `Text` made of pieces of `source` (their origins kept) and inserted characters
    (which stand for the source character they are written at)."""

    def __init__(self, source: Text):
        self.source = source
        self._pieces: list[str] = []
        self._origin: list[int] = []

    def copy(self, start: int, end: int) -> None:
        self._pieces.append(self.source.value[start:end])
        self._origin.extend(self.source.origin[start:end])

    def insert(self, value: str, at: int) -> None:
        origin = self.source.origin[min(at, len(self.source.origin) - 1)] if self.source.origin else 0
        self._pieces.append(value)
        self._origin.extend([origin] * len(value))

    def text(self) -> Text:
        return Text("".join(self._pieces), tuple(self._origin), self.source.original)
