"""The word lists of extract/data/vocabulary.toml, loaded once."""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

PATH = Path(__file__).with_name("data") / "vocabulary.toml"


@cache
def vocabulary() -> dict:
    with PATH.open("rb") as handle:
        return tomllib.load(handle)


def alternation(words) -> str:
    """A regex alternation of `words`, longest first so the longest form wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
