"""Numbering markers that open a heading or an item: 一、 （一） 1. （1） ① 第一章 …"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CN = "[一二三四五六七八九十百零〇两]+"
_AR = r"\d{1,4}"

# One pattern per numbering style. Half- and full-width forms of a style are one style:
# documents mix `(二)` and `（三）` at the same level.
_STYLES = (
    ("part", rf"第(?P<n>{_CN}|{_AR})部分[、，,.．:：]?"),
    ("chapter", rf"第(?P<n>{_CN}|{_AR})章[、，,.．:：]?"),
    ("section", rf"第(?P<n>{_CN}|{_AR})节[、，,.．:：]?"),
    ("article", rf"第(?P<n>{_CN}|{_AR})条[、，,.．:：]?"),
    ("cn", rf"(?P<n>{_CN})\s*[、．.]"),
    ("cn_paren", rf"[（(〔]\s*(?P<n>{_CN})\s*[）)〕][、．.]?"),
    ("arabic_paren", rf"[（(]\s*(?P<n>{_AR})\s*[）)]"),
    # `2.2022年至2024年…`: a number followed by a year is still a marker.
    ("arabic", rf"(?P<n>{_AR})\s*(?:[.．](?:(?!\d)|(?=\d{{4}}年))|、)"),
    ("arabic_half_paren", rf"(?P<n>{_AR})\s*[)）]"),
    ("circled", r"(?P<n>[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])"),
    ("cn_shi", rf"(?P<n>{_CN})是(?=[\u4e00-\u9fff])"),  # 一是/二是 opening a line
)
# Styles that open an item even in the middle of a line, once the line is cut there.
INLINE_STYLES = ("cn", "cn_paren", "arabic", "arabic_paren")
_PATTERN = re.compile(
    "|".join(f"(?P<{name}>{rx.replace('(?P<n>', f'(?P<{name}_n>')})" for name, rx in _STYLES)
)
_FORMAT = {
    "cn": "{}",
    "cn_paren": "（{}）",
    "arabic": "{}",
    "arabic_paren": "（{}）",
    "arabic_half_paren": "{})",
    "circled": "{}",
    "part": "第{}部分",
    "chapter": "第{}章",
    "section": "第{}节",
    "article": "第{}条",
    "cn_shi": "{}是",
}


def style_pattern(styles: tuple[str, ...]) -> str:
    """A regex (no groups of its own) matching a marker of one of `styles`."""
    return "|".join(rx.replace("(?P<n>", "(?:") for name, rx in _STYLES if name in styles)


@dataclass(frozen=True)
class Marker:
    style: str
    label: str  # the number in a uniform spelling: "一", "（一）", "1", "（1）"
    end: int  # where the item's own text begins in the line


# Each line is asked about by the outline, the layout and the annotations in turn.
@lru_cache(maxsize=1 << 14)
def marker_at_start(line: str) -> Marker | None:
    """The numbering marker that opens `line`, if any."""
    match = _PATTERN.match(line)
    if not match:
        return None
    style = match.lastgroup  # the style's group closes after its number's
    assert style is not None  # every alternative of the pattern is a named group
    number = match.group(f"{style}_n")
    end = match.end()
    while end < len(line) and line[end] in " \t":
        end += 1
    return Marker(style, _FORMAT[style].format(number), end)
