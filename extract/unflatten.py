"""Layouts a web page flattened, put back before anything is read.

Text copied from a government website loses its line structure in two ways: numbered
items run into one line (`…圆满完成。 一、加快… (一)全面… 1.把…`), and tables come out
one cell a line, one cell a paragraph (often ending in `|`), or one row a line with
spaces between cells. This stage cuts run-in items onto lines of their own and rewrites
flattened tables as pipe rows (`1 | 任务 | 牵头单位 | …`), so that the one table reader
reads every layout. It runs while the spaces between cells are still in the text.
"""
from __future__ import annotations

import re
from functools import cache

from .markers import INLINE_STYLES, style_pattern
from .text import CJK, Text


@cache
def _run_in() -> re.Pattern:
    marker = style_pattern(INLINE_STYLES)
    # A space before a marker, after a word or a sentence's end: an item run into the line.
    spaced = f"(?<=[{CJK}。；;）)]) +(?=(?:{marker}))"
    # A bracketed sub-item number right after a sentence's end: `…。(2)完善…`.
    bracketed = f"(?<=[。）)])(?=(?:{style_pattern(('cn_paren', 'arabic_paren'))}))"
    return re.compile(f"{spaced}|{bracketed}")


def cut_run_in_items(text: Text) -> Text:
    """Each numbered item that a flattened page ran into the line before on a line of its own."""
    return text.sub(_run_in(), "\n")


def recover_layout(text: Text) -> Text:
    return cut_run_in_items(text)
