"""Which department a mention names, scoped to the document's jurisdiction.

The id is the jurisdiction and the name written at the jurisdiction's level:
`河南省发展和改革委员会` in a Henan plan is `省发展和改革委员会`, and `生态环境厅` in a
provincial plan is `省生态环境厅`, since a 厅 is always a provincial office. Offices of the
same name in different jurisdictions get different ids.
"""
from __future__ import annotations

from functools import cache

from .vocabulary import vocabulary


@cache
def _level_words() -> dict[str, str]:
    return {kind: level for level, kinds in vocabulary()["jurisdictions"]["levels"].items()
            for kind in kinds}


def level_of(jurisdiction: str | None) -> str | None:
    """河南省 → 省, 苏州市 → 市, 内蒙古自治区 → 省."""
    if not jurisdiction:
        return None
    for kind, level in sorted(_level_words().items(), key=lambda kv: -len(kv[0])):
        if jurisdiction.endswith(kind):
            return level
    return None


def department_id(mention: str, jurisdiction: str | None) -> str:
    place = jurisdiction or "?"
    level = level_of(jurisdiction)
    name = mention
    if jurisdiction and level and name.startswith(jurisdiction) and len(name) > len(jurisdiction):
        name = level + name[len(jurisdiction):]
    elif level == "省" and name.endswith("厅") and not name.startswith(("省", "各")):
        name = "省" + name
    return f"{place}/{name}"
