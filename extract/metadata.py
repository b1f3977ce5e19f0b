"""A plan's title, jurisdiction, issuing bodies and 文号, read from its header, and the date
that signs it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain, pairwise

from .dates import iso_date
from .jurisdictions import provinces
from .mentions import looks_like_actor
from .outline import Line, plan_title_from_notice
from .text import without_spaces
from .vocabulary import vocabulary

_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[（(【]\d{4}[〕\]）)】]\s*\d+\s*号$")
# A year of four digits or four Chinese numerals, its first character matched on its own so
# that the regex engine skips to the characters a date can begin with.
_DATE = re.compile(
    r"[\d〇零○Ｏ一二三四五六七八九](?:(?<=\d)\d{3}|(?<=[〇零○Ｏ一二三四五六七八九])[〇零○Ｏ一二三四五六七八九]{3})"
    r"\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日"
)
_PLAN_KINDS = (
    "方案",
    "意见",
    "计划",
    "规划",
    "办法",
    "要点",
    "措施",
    "细则",
    "纲要",
    "清单",
    "通知",
    "分工",
    "分工表",
    "分解",
    "分解表",
    "通报",
)
_TITLE = re.compile(r"^(?P<title>.{4,80}?(?:" + "|".join(_PLAN_KINDS) + r")(?:[（(][^）)]{1,20}[）)])?)$")
_ISSUER_PLACE = re.compile(
    r"^(?:中共)?"
    r"(?P<place>[\u4e00-\u9fff]{2,10}?(?:省|市|自治区|自治州|州|县|区|盟|旗))"
    r"(?:委员会|委|人民政府|政府|人大常委会|办公厅|办公室)"
)
_ISSUER_SPLIT = re.compile(r"(?<=[委府厅室局会])(?=中共|[\u4e00-\u9fff]{2,8}(?:省|市|县|区)人民政府)")


@dataclass(frozen=True)
class Metadata:
    title: str | None
    jurisdiction: str | None
    issuers: tuple[str, ...]
    number: str | None
    date: str | None


def read_metadata(lines: list[Line], body_start: int, file_name: str = "") -> Metadata:
    """`file_name` names a plan whose text has no title, as a bare table often has none."""
    header = [line.text for line in lines[: max(body_start, 0) + 12]]
    title = _title(lines, header) or (file_name if re.search("[\u4e00-\u9fff]{4}", file_name) else None)
    issuers = _issuers(header, title)
    number = next((t for t in header if _NUMBER.match(t)), None)
    return Metadata(
        title,
        _jurisdiction(title, issuers, lines),
        issuers,
        without_spaces(number) if number else None,
        _date(header, [line.text for line in lines]),
    )


def _title(lines: list[Line], header: list[str]) -> str | None:
    notice = plan_title_from_notice(lines)
    if notice:
        return notice[1]
    for text in header:
        match = _TITLE.match(text)
        if match and not text.startswith(("根据", "为")):
            title = match["title"]
            # `中共苏州市委苏州市人民政府关于…的实施意见`: the issuers are not part of the title.
            return title[title.index("关于") :] if "关于" in title[1:] else title
    return None


def _date(header: list[str], texts: list[str]) -> str | None:
    """The date the document is signed with: a full date on a short line of the header, or
    one that signs it, wherever the lines were joined: right after the issuing body's name
    (`…大竹县人民政府办公室2016年2月26日`), or on a line of its own after that name."""
    short = (m[0] for text in header if len(text) <= 20 for m in _DATE.finditer(text))
    signed = (
        m[0]
        for before, text in pairwise(["", *texts])
        for m in _DATE.finditer(text)
        if _signs(before, text, m)
    )
    for written in chain(short, signed):
        written = without_spaces(written)
        if iso_date(written):
            return written
    return None


def _signs(line_before: str, text: str, date: re.Match) -> bool:
    """Whether `date` signs the document: no sentence goes on after it, and an issuing
    body's name ends just before it, on its line or the line before."""
    after = text[date.end() :].lstrip(" )）")
    if after and re.match(r"[\u4e00-\u9fff，,、。；;]", after):
        return False
    before = text[: date.start()].rstrip(" (（") or line_before.rstrip()
    return bool(before) and before[-1] in vocabulary()["actors"]["name_ends"]


def _issuers(header: list[str], title: str | None) -> tuple[str, ...]:
    found: list[str] = []
    for text in header:
        names = [text] if "关于" not in text else [text[: text.index("关于")]]
        for name in (n for part in names for n in _ISSUER_SPLIT.split(part)):
            if (
                name
                and name != title
                and len(name) <= 20
                and looks_like_actor(name)
                and not re.search(r"[，,：:。、]", name)
                and name not in found
            ):
                found.append(name)
    return tuple(found)


def _jurisdiction(title: str | None, issuers: tuple[str, ...], lines: list[Line]) -> str | None:
    for full, short in provinces():
        if title and title.startswith((full, short)):
            return _city_in(title) or full
    for issuer in issuers:
        match = _ISSUER_PLACE.match(issuer)
        if match:
            return match["place"]
        for full, _ in provinces():
            if issuer.startswith(full):
                return full
    if title:
        city = _city_in(title)
        if city:
            return city
    text = "\n".join(line.text for line in lines[:60])
    counts = {full: text.count(short) for full, short in provinces()}
    best = max(counts, key=lambda full: counts[full])
    return best if counts[best] else None


def _city_in(title: str) -> str | None:
    """`苏州市碳达峰实施方案` → 苏州市; `河南省…` → None (a province title names no city)."""
    match = re.match(
        r"^(?:[\u4e00-\u9fff]{2,3}省)?(?P<city>[\u4e00-\u9fff]{2,4}?(?:市|自治州|州|盟|县|区))"
        r"(?![场区域级政委长民])",
        title,
    )
    return match["city"] if match else None
