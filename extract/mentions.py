"""Actor mentions: splitting lists of names, writing each name one way, telling names from prose."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .vocabulary import alternation, vocabulary

_BRACKETS = str.maketrans({"(": "（", ")": "）", "〔": "（", "〕": "）", "[": "（", "]": "）"})
OPENING = "（(〔[【［"
CLOSING = "）)〕]】］"
_PLACE_SUFFIXES = tuple("省市县区州盟旗乡镇村")


@dataclass(frozen=True)
class ActorList:
    names: tuple[str, ...] = ()
    open: bool = False        # ended in 等/等部门/等单位


def normalise_mention(name: str) -> str:
    """White space removed, brackets made full width (GUIDE.md, Mentions)."""
    return re.sub(r"\s+", "", name).translate(_BRACKETS)


def split_top_level(text: str, separators: str) -> list[tuple[int, int]]:
    """Spans of `text` between `separators` that stand outside any bracket."""
    spans, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(depth - 1, 0)
        elif char in separators and depth == 0:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


@cache
def _patterns() -> dict[str, re.Pattern]:
    words = vocabulary()["actors"]
    return {
        "suffix": re.compile(f"(?:{alternation(words['suffixes'])})$"),
        "prose": re.compile(alternation(words["not_in_names"])),
        "marker": re.compile(f"(?:{alternation(words['list_markers'])})$"),
        "joiner": re.compile(alternation(words["joiners"])),
        "leading": re.compile(f"^(?:{alternation(words['leading_words'])})"),
        "reference": re.compile(f"^(?:{alternation(words['references'])})"),
        "local": re.compile(f"(?:{alternation(words['local_government'])})$|^各.*[市县区州]$"),
        "trailing_bracket": re.compile(r"（[^（）]*）$"),
    }


def _bare(name: str) -> str:
    """The name without a trailing bracketed part: 各县级市（区） → 各县级市."""
    return _patterns()["trailing_bracket"].sub("", name) or name


def looks_like_name(name: str) -> bool:
    """Whether `name` could be a name at all: short, and free of the words of running text."""
    bare = _bare(name)
    return 2 <= len(bare) <= 40 and not _patterns()["prose"].search(bare)


def looks_like_actor(name: str) -> bool:
    """Whether `name` reads as the name of an office, a government or a group of them."""
    bare = _bare(name)
    if not looks_like_name(name) or not _patterns()["suffix"].search(bare):
        return False
    # 城市, 农村: a place word alone is no actor; 各市 and 苏州市 are.
    return not (bare.endswith(_PLACE_SUFFIXES) and len(bare) < 3 and not bare.startswith("各"))


def is_reference(phrase: str) -> bool:
    """`所列负责单位`: points back at actors named elsewhere, names none itself."""
    return bool(_patterns()["reference"].match(phrase))


def is_local_government(name: str) -> bool:
    return bool(_patterns()["local"].search(_bare(name)))


def strip_list_marker(phrase: str) -> tuple[str, bool]:
    stripped = _patterns()["marker"].sub("", phrase)
    return stripped, stripped != phrase


def _split_joined(name: str) -> list[str]:
    """`各有关部门和各县级市（区）` is two actors; `省工业和信息化厅` is one."""
    depth = 0
    for i, char in enumerate(name):
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = _patterns()["joiner"].match(name, i)
            if match:
                left, right = name[:i], name[match.end():]
                if _joinable(left) and _joinable(right):
                    return [left] + _split_joined(right)
    return [name]


def _split_run_together(name: str) -> list[str]:
    """`省发展改革委省财政厅` is two offices whose separating space was lost."""
    words = vocabulary()["actors"]["run_together"]
    for i in range(2, len(name) - 2):
        if name[i - 1] in words["ends"] and name[i] in words["starts"]:
            left, right = name[:i], name[i:]
            if looks_like_actor(left) and len(left) >= 3 and looks_like_actor(right) and len(right) >= 3:
                return [left] + _split_run_together(right)
    return [name]


def _joinable(side: str) -> bool:
    bare = _bare(side)
    return looks_like_actor(side) and (len(bare) >= 3 or bare.startswith("各"))


def split_actors(phrase: str) -> ActorList:
    """The actors of a list such as `省发展改革委、省工业和信息化厅等`."""
    phrase = normalise_mention(phrase)
    phrase = _patterns()["leading"].sub("", phrase)
    names: list[str] = []
    open_list = False
    for start, end in split_top_level(phrase, "、，,；;"):
        part, marked = strip_list_marker(phrase[start:end])
        open_list = open_list or marked
        names.extend(n for joined in _split_joined(part) for n in _split_run_together(joined) if n)
    return ActorList(tuple(names), open_list)
