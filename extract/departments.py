"""Which department each mention of a document names, resolved within its jurisdiction.

A name is read without its level word (省, 市 ...), its jurisdiction's name (河南省, 河南)
and `中共`, and looked up among the kinds of extract/data/departments.yaml: in a Henan
provincial plan `河南省发展和改革委员会`, `省发展改革委` and a bare `发改委` are all Henan's
development-reform office. An office written with another level's word (`县发改委` in a
city's plan) is not the jurisdiction's own and stays apart, under its name. So does a name
the gazetteer does not know, unless the document shows it to be another one's short form.
Collective actors (各有关部门) are never merged with anything.

Keys: `{jurisdiction}|{kind}` for the jurisdiction's own office of a kind,
`{jurisdiction}|{name}` for any other department, `{jurisdiction}|*{mention}` for a
collective actor. Kind ids are ASCII and names are Chinese, so the two never collide.
Without a jurisdiction, the document stands in for it (`?{doc}`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .config import per_config
from .gazetteer import Kind, is_provincial_name, kind_named, name_at_level
from .jurisdictions import level_of, level_words, office_prefix, short_name
from .mentions import first_name, is_collective, looks_like_actor
from .records import Department
from .vocabulary import vocabulary

# `……领导小组办公室（以下简称“领导小组办公室”）`, `（简称市双碳办）`
_DEFINITION = re.compile(
    r"[（(](?:以下)?简称[：:]?[“‘\"「『]?"
    r"(?P<short>[^”’\"」』）)，,、；;]{2,20}?)[”’\"」』]?[）)]"
)
_CLAUSE_BREAK = re.compile(r"[。，、；：,;:！？!?\s（）()“”‘’\"「」『』]")
# An abbreviation shorter than this is too common a word to stand for one department.
SHORTEST_LOCAL_ABBREVIATION = 4
_PARTY = "中共"


@dataclass(frozen=True)
class _Reading:
    key: str
    name: str
    kind: str | None
    collective: bool = False


def resolve(
    mentions: Iterable[str], jurisdiction: str | None, text: str = "", doc: str = ""
) -> dict[str, Department]:
    """The department of each mention, by mention. `text` is the document's, for the
    abbreviations it defines (`（以下简称“X”）`)."""
    place = jurisdiction or f"?{doc}"
    readings = {m: _read(m, jurisdiction, place) for m in sorted(set(mentions))}
    readings.update(_defined(readings, text, jurisdiction, place))
    readings.update(_shortened(readings))
    aliases: dict[str, list[str]] = defaultdict(list)
    for mention, reading in readings.items():
        aliases[reading.key].append(mention)
    return {
        m: Department(r.key, r.name, jurisdiction, r.kind, r.collective, tuple(sorted(aliases[r.key])))
        for m, r in readings.items()
    }


# Plans name the same offices over and over: each reading is worked out once.
@per_config(maxsize=65536)
def _read(mention: str, jurisdiction: str | None, place: str) -> _Reading:
    """What a mention names on its own."""
    if is_collective(mention):
        return _Reading(f"{place}|*{mention}", mention, None, collective=True)
    name = first_name(mention)
    kind = _own_kind(name, jurisdiction)
    if kind and jurisdiction:  # only a jurisdiction's own offices have a kind
        return _Reading(f"{place}|{kind.id}", _kind_name(kind, jurisdiction), kind.id)
    written = _at_level(name, jurisdiction)
    return _Reading(f"{place}|{written}", written, None)


def _kind_name(kind: Kind, jurisdiction: str) -> str:
    """`省发展改革委`, `市生态环境局`; `苏州海关`."""
    if kind.named_after_place:
        return (short_name(jurisdiction) or jurisdiction) + kind.names[0]
    return (office_prefix(jurisdiction) or "") + name_at_level(kind, level_of(jurisdiction))


def _own_kind(name: str, jurisdiction: str | None) -> Kind | None:
    """The kind of office `name` is, if it is the jurisdiction's own office of that kind:
    `河南省生态环境厅`, `省生态环境厅` and `生态环境厅` in a Henan plan, not `市生态环境局`."""
    level = level_of(jurisdiction)
    if not level:
        return None
    name = name.removeprefix(_PARTY)
    for place in filter(None, (jurisdiction, short_name(jurisdiction))):
        if name.startswith(place) and len(name) > len(place):
            return kind_named(name[len(place) :])
    kind = kind_named(name)
    if kind:
        # A 厅 is a province's office: written bare in a city's plan, it is not the city's.
        return None if level != "省" and is_provincial_name(name) else kind
    for word, word_level in sorted(level_words().items(), key=lambda item: -len(item[0])):
        if word_level == level and name.startswith(word) and (kind := kind_named(name[len(word) :])):
            return kind
    return None


def _at_level(name: str, jurisdiction: str | None) -> str:
    """A name the gazetteer does not know, as the jurisdiction's own offices are written:
    `河南省X局` → `省X局`; a bare `X厅` in a provincial plan → `省X厅`."""
    prefix = office_prefix(jurisdiction)
    if not prefix or not jurisdiction:
        return name
    if name.startswith(jurisdiction) and len(name) > len(jurisdiction):
        return prefix + name[len(jurisdiction) :]
    if (
        level_of(jurisdiction) == "省"
        and is_provincial_name(name)
        and not name.startswith((*level_words(), _PARTY))
    ):
        return prefix + name
    return name


def _defined(
    readings: dict[str, _Reading], text: str, jurisdiction: str | None, place: str
) -> dict[str, _Reading]:
    """Mentions that the text defines as the short form of a name: `X（以下简称“Y”）`."""
    defined = {}
    for match in _DEFINITION.finditer(text):
        short = match["short"]
        if short in readings and not readings[short].collective:
            full = _defined_name(text[max(match.start() - 40, 0) : match.start()], readings, jurisdiction)
            if full:
                defined[short] = _read(full, jurisdiction, place)
    return defined


def _defined_name(before: str, readings: dict[str, _Reading], jurisdiction: str | None) -> str | None:
    """The name a definition follows: the longest end of its clause that is a mention of
    the document, an office of the gazetteer, or a name starting with a level word."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    starts = (*level_words(), _PARTY, *filter(None, (jurisdiction,)))
    for start in range(len(clause) - 1):
        name = clause[start:]
        if (
            name in readings
            or _own_kind(name, jurisdiction)
            or (name.startswith(starts) and looks_like_actor(name))
        ):
            return name
    return None


def _shortened(readings: dict[str, _Reading]) -> dict[str, _Reading]:
    """Unknown names that are the end of exactly one other unknown department's name
    (`领导小组办公室` after `市碳达峰碳中和工作领导小组办公室`), or that name without its
    generic ending (`区城投` for `区城投公司`)."""
    unknown = {r.key: r for r in readings.values() if r.kind is None and not r.collective}
    shortened = {}
    for mention, reading in readings.items():
        if reading.key not in unknown:
            continue
        longer = (
            [r for r in unknown.values() if r.name != reading.name and r.name.endswith(reading.name)]
            if len(reading.name) >= SHORTEST_LOCAL_ABBREVIATION
            else []
        )
        if not longer:
            written_out = {reading.name + ending for ending in vocabulary()["actors"]["generic_endings"]}
            longer = [r for r in unknown.values() if r.name in written_out]
        if len(longer) == 1:
            shortened[mention] = longer[0]
    return shortened
