"""Kinds of department and the names they are written by, from extract/data/departments.yaml.

The same names make jieba's user dictionary, so that jieba keeps an office's name whole
(`省发展改革委`) when it segments text. jieba is loaded only when first asked for: its
dictionary takes about a second to load.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from itertools import product

from .config import active, per_config, read_yaml
from .jurisdictions import level_words

# jieba's frequencies replace its own: high enough that a department's name outweighs any
# way of cutting it into words, yet, over all the names, small beside the dictionary's total
# so that other text is cut as before.
DICTIONARY_FREQUENCY = 10_000


@dataclass(frozen=True)
class Kind:
    id: str  # ASCII slug, e.g. development-reform
    en: str  # English name
    names: tuple[str, ...]  # every way it is written without a level word, preferred first
    named_after_place: bool  # called by its place's name (苏州海关), not its level word


@per_config
def _data() -> dict:
    return read_yaml(active().gazetteer)


def _names(entry: dict) -> tuple[str, ...]:
    """`stems` × `offices`, then `names`, each after each of `prefixes`."""
    bare = [stem + office for stem, office in product(entry.get("stems", []), entry.get("offices", []))]
    bare += entry.get("names", [])
    return tuple(dict.fromkeys(prefix + name for prefix in entry.get("prefixes", [""]) for name in bare))


@per_config
def kinds() -> tuple[Kind, ...]:
    return tuple(
        Kind(entry["id"], entry["en"], _names(entry), entry.get("named_after_place", False))
        for entry in _data()["kinds"]
    )


@per_config
def _by_name() -> dict[str, Kind]:
    return {name: kind for kind in kinds() for name in kind.names}


def kind(slug: str) -> Kind:
    """The kind whose id is `slug`; KeyError when none is."""
    return {kind.id: kind for kind in kinds()}[slug]


def kind_named(name: str) -> Kind | None:
    """The kind `name` is a name of, written without level word: 发改委 → development-reform."""
    return _by_name().get(name)


def is_provincial_name(name: str) -> bool:
    """Whether `name` is written as only a province's offices are: `生态环境厅`."""
    return name.endswith(tuple(_data()["provincial_offices"]))


def name_at_level(kind: Kind, level: str | None) -> str:
    """The kind's preferred name for a government of `level`: a city's office is no 厅."""
    if level == "省":
        return kind.names[0]
    return next((name for name in kind.names if not is_provincial_name(name)), kind.names[0])


@per_config
def department_words() -> frozenset[str]:
    """Every name of every kind, bare and after each level word (发改委, 省发改委, 市发改委)."""
    prefixes = ["", *level_words()]
    return frozenset(prefix + name for name in _by_name() for prefix in prefixes)


@per_config
def tokenizer():
    """A jieba tokenizer that knows every department word (tagged `nt`, organisation)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    for word in sorted(department_words()):
        segmenter.add_word(word, DICTIONARY_FREQUENCY, "nt")
    return segmenter


def segment(text: str) -> list[str]:
    """`text` cut into words by jieba, department names kept whole."""
    return tokenizer().lcut(text, HMM=False)
