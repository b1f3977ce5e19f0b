"""Dates as written in documents (2017年12月20日, 二〇一七年十二月二十日) read as ISO dates."""

from __future__ import annotations

import re
from datetime import date

_WRITTEN = re.compile(r"^\s*(\S{4})\s*年\s*(\S{1,3})\s*月\s*(\S{1,3})\s*日\s*$")
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}


def read_number(written: str) -> int | None:
    """`12`, `十二`, `二〇一七` as a number; None when it is none of these forms."""
    if written.isdigit():
        return int(written)
    if all(c in _DIGITS for c in written) and len(written) == 4:  # 二〇一七
        return int("".join(str(_DIGITS[c]) for c in written))
    tens, _, units = written.partition("十")  # 十二, 二十, 二十一, 十
    if "十" in written and all(c in _DIGITS for c in tens + units):
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)
    if len(written) == 1 and written in _DIGITS:
        return _DIGITS[written]
    return None


def iso_date(written: str | None) -> str | None:
    """`2017年12月20日` → `2017-12-20`; None when the text is not a whole, valid date."""
    match = _WRITTEN.match(written or "")
    if not match:
        return None
    year, month, day = (read_number(p) for p in match.groups())
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
