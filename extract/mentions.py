"""Actor mentions: splitting lists of names, writing each name one way, telling names from prose."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .config import per_config
from .gazetteer import department_words, segment
from .text import FULL_WIDTH_BRACKETS, without_spaces
from .vocabulary import alternation, vocabulary

OPENING = "（(〔[【［"
CLOSING = "）)〕]】］"
_PLACE_SUFFIXES = tuple("省市县区州盟旗乡镇村")
# Bracketed words shorter than this after a name are part of it (`各县级市（区）`, `（市、区）`).
SHORTEST_NOTE = 4


@dataclass(frozen=True)
class ActorList:
    names: tuple[str, ...] = ()
    open: bool = False  # ended in 等/等部门/等单位


def normalise_mention(name: str) -> str:
    """White space removed, brackets made full width (GUIDE.md, Mentions)."""
    return without_spaces(name).translate(FULL_WIDTH_BRACKETS)


def split_top_level(text: str, separators: str) -> list[tuple[int, int]]:
    """Spans of `text` between `separators` that stand outside any bracket."""
    spans, depth, start = [], 0, 0
    for match in _structure(separators).finditer(text):  # only brackets and separators
        char = match.group()
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0:
            spans.append((start, match.start()))
            start = match.end()
    spans.append((start, len(text)))
    return spans


@cache
def _structure(separators: str) -> re.Pattern:
    return re.compile(f"[{re.escape(OPENING + CLOSING + separators)}]")


@per_config
def _patterns() -> dict[str, re.Pattern]:
    words = vocabulary()["actors"]
    return {
        "suffix": re.compile(f"(?:{alternation(words['suffixes'])})$"),
        "prose": re.compile(alternation(words["not_in_names"])),
        "in_names": re.compile(alternation(words["in_names"])),
        "marker": re.compile(f"(?:{alternation(words['list_markers'])})$"),
        "joiner": re.compile(alternation(words["joiners"])),
        "leading": re.compile(f"^(?:{alternation(words['leading_words'])})"),
        "reference": re.compile(f"^(?:{alternation(words['references'])})"),
        "collective": re.compile(
            f"{alternation(words['collective']['words'])}|(?:{alternation(words['collective']['endings'])})$"
        ),
        "local": re.compile(f"(?:{alternation(words['local_government'])})$|^各.*[市县区州]$"),
        "trailing_bracket": re.compile(r"（[^（）]*）$"),
        "shared_head": re.compile(f"(?:{alternation(words['shared_heads'])})$"),
        "bare_place": re.compile(f"(?:{alternation(words['references_to_places'])})?[省市县区州乡镇]"),
        "members": re.compile(f"各(?:{alternation(words['members'])})"),
        "place": re.compile(f"(?:{alternation(words['place_endings'])})$"),
    }


@per_config(maxsize=1 << 14)
def first_name(name: str) -> str:
    """The name without a trailing bracketed part: 省市场监管局（省知识产权局） → 省市场监管局,
    各县级市（区） → 各县级市."""
    return _patterns()["trailing_bracket"].sub("", name) or name


@per_config(maxsize=1 << 14)
def looks_like_name(name: str) -> bool:
    """Whether `name` could be a name at all: short, and free of the words of running text."""
    bare = first_name(name)
    return 2 <= len(bare) <= 40 and not _patterns()["prose"].search(_patterns()["in_names"].sub("", bare))


@per_config(maxsize=1 << 14)
def looks_like_actor(name: str) -> bool:
    """Whether `name` reads as the name of an office, a government or a group of them."""
    bare = first_name(name)
    if not looks_like_name(name) or not _patterns()["suffix"].search(bare):
        return False
    # 城市, 农村: a place word alone is no actor; 各市 and 苏州市 are.
    return not (bare.endswith(_PLACE_SUFFIXES) and len(bare) < 3 and not bare.startswith("各"))


def is_reference(phrase: str) -> bool:
    """`所列负责单位`: points back at actors named elsewhere, names none itself."""
    return bool(_patterns()["reference"].match(phrase))


def is_local_government(name: str) -> bool:
    return bool(_patterns()["local"].search(first_name(name)))


def is_collective(name: str) -> bool:
    """`各有关部门`, `市有关部门`, `省直相关部门`, `各市`: a group of actors, not one office."""
    return bool(_patterns()["collective"].search(name))


def strip_list_marker(phrase: str) -> tuple[str, bool]:
    stripped = _patterns()["marker"].sub("", phrase)
    return stripped, stripped != phrase


def _split_joined(name: str) -> list[str]:
    """`各有关部门和各县级市（区）` is two actors; `省工业和信息化厅` is one."""
    joiner = _patterns()["joiner"]
    if not joiner.search(name):
        return [name]
    depth = 0
    for i, char in enumerate(name):
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = joiner.match(name, i)
            if match:
                left, right = name[:i], name[match.end() :]
                shared_head = right in vocabulary()["actors"]["shared_heads"]
                if _joinable(left) and _joinable(right) and not shared_head:
                    return [left] + _split_joined(right)
    return [name]


def _split_run_together(name: str) -> list[str]:
    """`省发展改革委省财政厅` is two offices whose separating 、 was lost."""
    for i in _run_together_cuts(name):
        left, right = name[:i], name[i:]
        if _patterns()["members"].fullmatch(right):
            continue
        if looks_like_actor(left) and len(left) >= 3 and looks_like_actor(right) and len(right) >= 3:
            return [left] + _split_run_together(right)
    return [name]


def _run_together_cuts(name: str) -> list[int]:
    """Where one name may end and the next begin: between two department names jieba finds,
    else where one name's ending meets the next one's level word."""
    return _department_cuts(name) or _level_word_cuts(name)


def _department_cuts(name: str) -> list[int]:
    if not _departments_meet(name):
        return []
    cuts, end, after_department = [], 0, False
    for word in segment(name):
        known = word in department_words()
        if known and after_department:
            cuts.append(end)
        after_department = known
        end += len(word)
    return cuts


def _departments_meet(name: str) -> bool:
    """Whether a department's name ends where another's begins somewhere inside `name`:
    asked first, as jieba is slow to load and has nothing to say about any other name."""
    words = department_words()
    if not looks_like_actor(name) or first_name(name) in words:
        return False
    longest = _longest_department_word()
    return any(
        any(name[start:i] in words for start in range(max(i - longest, 0), i - 1))
        and any(name[i:end] in words for end in range(i + 2, min(i + longest, len(name)) + 1))
        for i in range(2, len(name) - 1)
    )


@per_config
def _longest_department_word() -> int:
    return max(map(len, department_words()))


def _level_word_cuts(name: str) -> list[int]:
    words = vocabulary()["actors"]["run_together"]
    return [i for i in range(2, len(name) - 2) if name[i - 1] in words["ends"] and name[i] in words["starts"]]


def _joinable(side: str) -> bool:
    bare = first_name(side)
    return looks_like_actor(side) and (len(bare) >= 3 or bare.startswith("各"))


@per_config(maxsize=1 << 14)
def split_actors(phrase: str) -> ActorList:
    """The actors of a list such as `省发展改革委、省工业和信息化厅等`."""
    phrase = normalise_mention(phrase)
    phrase = _patterns()["leading"].sub("", phrase)
    names: list[str] = []
    open_list = False
    for part in _join_shared_heads([phrase[start:end] for start, end in split_top_level(phrase, "，,；;")]):
        held, marked = _names_in(part)
        open_list = open_list or marked
        names.extend(held)
    return ActorList(tuple(names), open_list)


# Plans list their offices in ever new combinations, but name the same offices: each part
# of a list is read once.
@per_config(maxsize=1 << 14)
def _names_in(part: str) -> tuple[tuple[str, ...], bool]:
    """The names one part of a list holds, and whether it ends the list open (`等`)."""
    part, marked = strip_list_marker(part)
    names = (_without_note(n) for joined in _split_joined(part) for n in _split_run_together(joined) if n)
    return tuple(names), marked


def _without_note(name: str) -> str:
    """`某某公司（开发商配建学校项目）` → `某某公司`: a bracketed note that names nothing is no
    part of the name (a bracketed second name, `（知识产权局）`, `（区）`, is)."""
    note = _patterns()["trailing_bracket"].search(name)
    words = note.group()[1:-1] if note else ""
    if note and note.start() and len(words) >= SHORTEST_NOTE and not looks_like_actor(words):
        return name[: note.start()]
    return name


def _join_shared_heads(clauses: list[str]) -> list[str]:
    """The parts of each clause's 、-list, with places that share the next part's head joined
    to it: `相关市、县政府` is one actor, `省发改委、相关市、县政府` two."""
    parts: list[str] = []
    for clause in clauses:
        if "、" not in clause:
            parts.append(clause)
            continue
        places: list[str] = []
        for start, end in split_top_level(clause, "、"):
            part = clause[start:end]
            if _names_a_place(first_name(part)):
                places.append(part)
                continue
            sharing = _sharing(places, part) if places else []
            parts.extend(places[: len(places) - len(sharing)])
            parts.append("、".join(sharing + [part]))
            places = []
        parts.extend(places)
    return parts


def is_place(name: str) -> bool:
    """`邻山县`, `各县区`: a name that ends in a place word names a place, not an office."""
    return bool(_patterns()["place"].search(first_name(name)))


@per_config(maxsize=1 << 14)
def _names_a_place(bare: str) -> bool:
    return bool(bare) and (is_place(bare) or not looks_like_actor(bare))


def _sharing(places: list[str], part: str) -> list[str]:
    """The places at the end of `places` that share `part`'s head: bare places (`相关市`,
    `哈尔滨`), or, before a head of two joined offices (`党工委和管委会`), any place."""
    head = _patterns()["shared_head"].search(first_name(part))
    if not head or not _names_a_place(part[: head.start()]):
        return []
    compound = "和" in head.group()
    sharing: list[str] = []
    for place in reversed(places):
        bare = first_name(place)
        if not (compound or _patterns()["bare_place"].fullmatch(bare) or not looks_like_actor(bare)):
            break
        sharing.insert(0, place)
    return sharing
