"""Fengong's extractor: a policy document's text in, plain records of who must do what out.

    >>> from extract import extract_document
    >>> document = extract_document("examples/plan.txt")
    >>> [(a.mention, a.role.value) for a in document.assignments]

Nothing in this package knows about RDF; `kg` turns these records into a graph, using only
what this module exports.
"""

from .dates import iso_date
from .document import extract_document, extract_text
from .gazetteer import Kind, kind, kind_named
from .jurisdictions import code_of, short_name
from .keywords import task_keywords
from .output import rows
from .reading import ReadError, find_sources, read_source
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
