"""Fengong's extractor: a policy document's text in, plain records of who must do what out.

    >>> from extract import extract_document
    >>> document = extract_document("examples/plan.txt")
    >>> [(a.mention, a.role.value) for a in document.assignments]

Nothing in this package knows about RDF; `kg` turns these records into a graph, using only
what this module exports.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from .records import (
    Assignment,
    Citation,
    Deadline,
    DeadlineKind,
    Department,
    Document,
    Problem,
    Role,
    Span,
    Task,
)

# The modules that read text compile their patterns and data when imported (about 70 ms);
# they are imported on first use, so that a program that only handles records (`kg`
# querying its graph) never loads them.
_LAZY = {
    "extract_document": "document",
    "extract_text": "document",
    "ReadError": "reading",
    "find_sources": "reading",
    "read_source": "reading",
    "Kind": "gazetteer",
    "kind": "gazetteer",
    "kind_named": "gazetteer",
    "code_of": "jurisdictions",
    "short_name": "jurisdictions",
    "iso_date": "dates",
    "task_keywords": "keywords",
    "rows": "output",
}

if TYPE_CHECKING:
    from .dates import iso_date
    from .document import extract_document, extract_text
    from .gazetteer import Kind, kind, kind_named
    from .jurisdictions import code_of, short_name
    from .keywords import task_keywords
    from .output import rows
    from .reading import ReadError, find_sources, read_source


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "extract_document",
    "extract_text",
    "ReadError",
    "find_sources",
    "read_source",
    "Assignment",
    "Citation",
    "Deadline",
    "DeadlineKind",
    "Department",
    "Document",
    "Problem",
    "Role",
    "Span",
    "Task",
    "Kind",
    "kind",
    "kind_named",
    "code_of",
    "short_name",
    "iso_date",
    "task_keywords",
    "rows",
]
