"""What a task is about, in a few words: jieba's TF-IDF keywords of the task's text.

Not part of extraction: jieba reads about 0.5 MB/s and takes seconds to load, so only the
graph builder asks for keywords, and jieba is loaded on the first request.
"""

from __future__ import annotations

import re

from .annotations import find_annotations
from .config import active, per_config
from .gazetteer import department_words, tokenizer

_WORD = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z]*$")


@per_config
def _extractor():
    import jieba.analyse

    extractor = jieba.analyse.TFIDF()
    extractor.tokenizer = tokenizer()
    # Who does a task is not what it is about, nor are the words every plan uses.
    extractor.stop_words |= department_words() | set(active().stopwords.read_text(encoding="utf-8").split())
    return extractor


def task_keywords(text: str, limit: int = 8) -> tuple[str, ...]:
    """The `limit` words that best tell what `text` is about, highest TF-IDF first (ties in
    the order they are written): no annotation, department name, stop word or number."""
    subject = _without_annotations(text)
    weighted = _extractor().extract_tags(subject, topK=None, withWeight=True)
    words = [(word, weight) for word, weight in weighted if _WORD.match(word)]
    words.sort(key=lambda item: (-item[1], subject.find(item[0])))
    return tuple(word for word, _ in words[:limit])


def _without_annotations(text: str) -> str:
    """`（省发展改革委牵头，省财政厅配合）` and the like, blanked out of the text."""
    for located in reversed(find_annotations(text)):
        text = text[: located.start] + "\n" + text[located.end :]
    return text
