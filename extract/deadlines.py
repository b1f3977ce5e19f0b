"""A deadline (完成时限) as written, read as dates: `2025年底前` → by 2025-12-31.

`read_deadline` is a pure function of the words and the year of the document's date. The
forms it knows are data (extract/data/deadlines.toml); what none of them reads is kept as
written and flagged, never guessed. `group_deadline` finds a deadline written on a heading,
which holds for every task under it.
"""

from __future__ import annotations

import calendar
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date

from .config import active, per_config
from .dates import read_number
from .records import Deadline, DeadlineKind
from .text import without_spaces
from .vocabulary import alternation, vocabulary

# After a date, the words of the action may follow, but not a second date.
_ANOTHER_DATE = re.compile(r"[0-9]|[年月日季旬]")
# A heading's deadline stands alone in brackets, or after a label; at most a verb follows it.
_HEADING_BRACKET = re.compile(r"[（(]([^（()）]+)[)）]")
_HEADING_TAIL = re.compile(r"(?:前|基本|全面)?(?:完成|实现|到位|见效)?")
_TENS = {"上旬": 10, "中旬": 20}


@dataclass(frozen=True)
class Form:
    name: str
    kind: DeadlineKind
    pattern: re.Pattern
    every: str | None


@per_config
def forms() -> tuple[Form, ...]:
    with active().deadlines.open("rb") as handle:
        data = tomllib.load(handle)
    tokens = data["tokens"]

    def expand(pattern: str) -> str:
        return re.sub(r"\{([A-Z]+)\}", lambda m: tokens[m[1]], pattern)

    return tuple(
        Form(f["name"], DeadlineKind(f["kind"]), re.compile(expand(f["pattern"])), f.get("every"))
        for f in data["forms"]
    )


def _clean(written: str) -> str:
    return without_spaces(unicodedata.normalize("NFKC", written))


def _match(text: str) -> tuple[Form, re.Match] | None:
    for form in forms():
        found = form.pattern.match(text)
        if found:
            return form, found
    return None


def read_deadline(written: str, year: int | None = None, *, from_group: bool = False) -> Deadline:
    """What `written` says in dates. `year` is the year of the document's date, used (and
    said so) when the deadline names no year: `6月底前` in a plan of 2024 is by 2024-06-30."""
    text = _clean(written)
    matched = _match(text)
    if matched is None:
        return Deadline(
            written, DeadlineKind.UNPARSED, from_group=from_group, note="not a known form of deadline"
        )
    form, found = matched
    if form.kind in (DeadlineKind.ONGOING, DeadlineKind.RECURRING):
        return Deadline(written, form.kind, every=form.every, from_group=from_group)
    if _ANOTHER_DATE.search(text[found.end() :]):
        return Deadline(written, DeadlineKind.UNPARSED, from_group=from_group, note="more than one date")
    return _dated(written, form.kind, found.groupdict(), year, from_group)


def _dated(written: str, kind: DeadlineKind, groups: dict, year: int | None, from_group: bool) -> Deadline:
    read = {key: read_number(value) for key, value in groups.items() if value and key not in ("half", "ten")}
    number = {key: value for key, value in read.items() if value is not None}
    end_year = number.get("y") or number.get("y0") or year
    if end_year is None:
        return Deadline(
            written,
            DeadlineKind.UNPARSED,
            from_group=from_group,
            note="no year written, and the document has no date",
        )
    assumed = "y" not in number and "y0" not in number
    try:
        end = _last_day(end_year, groups, number)
        start = None
        if kind is DeadlineKind.PERIOD:
            start = date(number.get("y0") or end_year, number.get("m0", 1), 1)
            if start > end:
                raise ValueError
    except ValueError:
        return Deadline(written, DeadlineKind.UNPARSED, from_group=from_group, note="not a valid date")
    return Deadline(
        written,
        kind,
        end=end.isoformat(),
        start=start.isoformat() if start else None,
        year_from_document=assumed,
        from_group=from_group,
    )


def _last_day(year: int, groups: dict, number: dict) -> date:
    """The day a deadline ends on: the day written, or the last of the unit written."""
    if "q" in number:
        month = 3 * number["q"]
    elif groups.get("half"):
        month = 6 if groups["half"] in ("上半年", "年中") else 12
    else:
        month = number.get("m", 12)
    if "d" in number:
        return date(year, month, number["d"])
    if groups.get("ten") in _TENS:
        return date(year, month, _TENS[groups["ten"]])
    return date(year, month, calendar.monthrange(year, month)[1])


@per_config
def _deadline_label() -> re.Pattern:
    return re.compile(f"(?:{alternation(vocabulary()['labels']['deadline'])})[：:]\\s*(.+)$")


def group_deadline(headings: tuple[str, ...]) -> str | None:
    """A deadline written on the innermost heading that has one, as written: in brackets
    (`（一）近期任务（2024年底前完成）`) or after a label (`完成时限：2024年6月底前`)."""
    for heading in reversed(headings):
        written = _heading_deadline(heading)
        if written is not None:
            return written
    return None


# Every task under a heading asks about it, and plans share headings: each is read once.
@per_config(maxsize=4096)
def _heading_deadline(heading: str) -> str | None:
    candidates = [m[1] for m in _HEADING_BRACKET.finditer(heading)]
    labelled = _deadline_label().search(heading)
    if labelled:
        candidates.append(labelled[1].rstrip("）)。；;"))
    for candidate in candidates:
        matched = _match(_clean(candidate))
        if matched and _HEADING_TAIL.fullmatch(_clean(candidate)[matched[1].end() :]):
            return candidate
    return None
