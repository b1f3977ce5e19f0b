"""The documents a plan cites: `根据《减污降碳协同增效实施方案》（环综合〔2022〕42号）`.

A citation is a title in 《》, with the 文号 that follows it in brackets when there is one,
or a 文号 alone in brackets. Titles and numbers are kept as written, white space removed,
so that they can be matched with the titles and 文号 of other documents.
"""

from __future__ import annotations

import re

from .records import Citation
from .text import without_spaces

_NUMBER = r"[\u4e00-\u9fff]{1,12}\s*[〔\[［][0-9]{4}[〕\]］]\s*[0-9]+\s*号"
# A title in 《》 with the 文号 after it, or a 文号 alone in brackets; the opening character
# matched first, so that the regex engine skips from one opening to the next.
_CITED = re.compile(
    rf"[《（(](?:(?<=《)([^《》\n]{{2,80}})》(?:\s*[（(]\s*({_NUMBER})\s*[)）])?"
    rf"|(?<=[（(])\s*({_NUMBER})\s*[)）])"
)


def citations(text: str, own_number: str | None = None) -> tuple[Citation, ...]:
    """Every document `text` cites, each once, in the order first cited; not the document's
    own 文号."""
    found: dict[tuple[str | None, str | None], Citation] = {}
    for match in _CITED.finditer(text):
        title = without_spaces(match[1]) if match[1] else None
        number = without_spaces(match[2] or match[3]) if (match[2] or match[3]) else None
        if number and own_number and number == without_spaces(own_number) and not title:
            continue
        found.setdefault((title, number), Citation(title, number))
    return tuple(found.values())
