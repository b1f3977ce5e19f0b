"""The word lists of the active configuration's vocabulary (extract/data/vocabulary.toml), loaded once."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from itertools import product

from .config import active, per_config


@per_config
def vocabulary() -> dict:
    with active().vocabulary.open("rb") as handle:
        return tomllib.load(handle)


def alternation(words) -> str:
    """A regex matching any of `words`, the longest where several match at one place.

    Written as a trie (`牵头(?:单位|部门)?`) rather than a flat list of alternatives: the
    regex engine tries a flat list one word at a time, hundreds of times per character."""
    return _alternation(frozenset(words) - {""})


# Several patterns hold the same list of words (every label, say): its trie is built once.
@cache
def _alternation(words: frozenset[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"


ROLE_KINDS = ("responsible", "participant", "lead")  # a later kind outranks an earlier one


@per_config
def labels_by_kind() -> dict[str, tuple[str, ...]]:
    """Every label by kind (lead, participant, responsible, deadline, person): the labels
    composed from [labels] heads and units, and those listed as they are."""
    words = vocabulary()["labels"]
    kind_of: dict[str, str] = {}
    for kind in ROLE_KINDS:
        for head in words["heads"][kind]:
            for modifier, middle, unit in product(words["modifiers"], words["middles"], words["units"]):
                kind_of[modifier + head + middle + unit] = kind
    for kind in ROLE_KINDS:  # a composed label with a head of a stronger kind is that kind
        for label in list(kind_of):
            if any(head in label for head in words["heads"][kind]):
                kind_of[label] = kind
    for kind in (*ROLE_KINDS, "deadline"):
        kind_of.update((word, kind) for word in words[kind])
    kind_of.update(
        (modifier + word, "person") for modifier, word in product(words["person_modifiers"], words["person"])
    )
    grouped: dict[str, list[str]] = {}
    for label, kind in kind_of.items():
        grouped.setdefault(kind, []).append(label)
    return {kind: tuple(group) for kind, group in grouped.items()}
