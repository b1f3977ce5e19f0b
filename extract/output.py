"""The JSON Lines rows `kg extract` writes (the format ../shared/eval/score.py reads)."""

from __future__ import annotations

from collections.abc import Callable

from .records import Department, Document


def rows(document: Document, department_id: Callable[[Department], str] | None = None) -> list[dict]:
    """One row per assignment, and one with no mention for each task nobody is assigned.

    A row's `department` is the department's key, or what `department_id` makes of the
    department (an IRI, say)."""
    out: list[dict] = []
    by_task: dict[str, list] = {}
    for assignment in document.assignments:
        by_task.setdefault(assignment.task, []).append(assignment)
    # A department is named on many rows: what `department_id` makes of it is made once.
    keys = {a.department for a in document.assignments}
    ids = {k: department_id(document.department(k)) for k in keys} if department_id else {k: k for k in keys}
    for task in document.tasks:
        base = {"doc": document.doc, "task": task.title, "number": task.number}
        assigned = by_task.get(task.key, [])
        if not assigned:
            out.append(
                {
                    **base,
                    "mention": None,
                    "role": None,
                    "derived": False,
                    "department": None,
                    "open_list": False,
                    "span": [task.span.start, task.span.end],
                    "line": task.span.line,
                }
            )
        for a in assigned:
            out.append(
                {
                    **base,
                    "mention": a.mention,
                    "role": a.role.value,
                    "derived": a.derived,
                    "department": ids[a.department],
                    "open_list": a.open_list,
                    "span": [a.span.start, a.span.end],
                    "line": a.span.line,
                    "quote": a.quote,
                }
            )
    return out
