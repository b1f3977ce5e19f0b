"""Jurisdictions: their names, levels and GB/T 2260 codes, from extract/data/jurisdictions.yaml."""

from __future__ import annotations

from .config import active, per_config, read_yaml


@per_config
def _data() -> dict:
    return read_yaml(active().jurisdictions)


@per_config
def provinces() -> tuple[tuple[str, str], ...]:
    """Province-level divisions as (full name, short name): (河南省, 河南)."""
    return tuple((full, short) for full, short, _ in _data()["provinces"])


@per_config
def _codes() -> dict[str, str]:
    codes = {full: code for full, _, code in _data()["provinces"]}
    codes.update(_data()["cities"])
    return codes


def code_of(name: str) -> str | None:
    """The GB/T 2260 code of a jurisdiction: 河南省 → 410000, 苏州市 → 320500."""
    return _codes().get(name)


@per_config
def _kind(jurisdiction: str) -> tuple[str, str] | None:
    """(level, office prefix) of a jurisdiction, by how its name ends."""
    for ending, kind in sorted(_data()["kinds"].items(), key=lambda item: -len(item[0])):
        if jurisdiction.endswith(ending) and len(jurisdiction) > len(ending):
            return tuple(kind)
    return None


def level_of(jurisdiction: str | None) -> str | None:
    """The level of government: 河南省 → 省, 苏州市 → 市, 内蒙古自治区 → 省."""
    kind = jurisdiction and _kind(jurisdiction)
    return kind[0] if kind else None


def office_prefix(jurisdiction: str | None) -> str | None:
    """The word its own offices' names start with: 河南省 → 省, 内蒙古自治区 → 自治区."""
    kind = jurisdiction and _kind(jurisdiction)
    return kind[1] if kind else None


def level_words() -> dict[str, str]:
    """Words that start an office's name, with the level they stand for: 自治区 → 省."""
    return _data()["level_words"]


@per_config
def short_name(jurisdiction: str) -> str | None:
    """How the text may name it without its ending: 河南省 → 河南, 苏州市 → 苏州."""
    for full, short in provinces():
        if full == jurisdiction:
            return short
    if jurisdiction.endswith("市") and len(jurisdiction) >= 3:
        return jurisdiction[:-1]
    return None
