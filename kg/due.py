"""What is due (三色督办): tasks overdue, due soon, and ongoing, with their warning level.

On a day of reference a task is red when its due date has passed, blue when it falls
within the horizon, yellow when the latest progress report says it is behind (欠进度). A
task reported completed is closed and leaves the list. A recurring task (每季度, 每年) is
due at the end of each period of the calendar: next, at the end of the one holding the day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .ledger import LedgerTask, ledger_settings, ledger_tasks
from .store import Store

HORIZONS = (3, 30)
_CLOSED, _BEHIND = "completed", "behind"
_PERIOD = re.compile(r"P(\d+)([MY])")


@dataclass(frozen=True)
class Due:
    task: LedgerTask
    level: str | None  # red, yellow, blue; None for a task on pace
    due: date | None  # its due date; a recurring task's next one
    days: int | None  # from the day of reference to the due date (< 0: overdue)


def period_end(every: str, day: date) -> date | None:
    """The last day of the period of the calendar `every` long (P1M, P3M, P6M, P1Y) that
    holds `day`: 2024-05-10 is in the quarter ending 2024-06-30. None for a period that
    does not divide a year."""
    match = _PERIOD.fullmatch(every)
    months = int(match[1]) * (12 if match[2] == "Y" else 1) if match else 0
    if not months or 12 % months:
        return None
    month = ((day.month - 1) // months + 1) * months
    return date(day.year, month, calendar.monthrange(day.year, month)[1])


def next_due(task: LedgerTask, as_of: date) -> date | None:
    """The date `task` is due by, seen from `as_of`: its due date (a period's end), or for a
    recurring task the end of its current period; None for an ongoing or unread one."""
    if task.kind == "recurring":
        return period_end(task.every, as_of) if task.every else None
    return task.due if task.kind in ("by", "period") else None


def warning_level(task: LedgerTask, as_of: date, horizon: int) -> str | None:
    """red, yellow or blue on `as_of`; None when nothing calls for a warning or it is closed."""
    status = task.progress.status_code if task.progress else None
    if status == _CLOSED:
        return None
    due = next_due(task, as_of)
    if due and due < as_of:
        return "red"  # overdue: red until closed
    if status == _BEHIND:
        return "yellow"
    if due and (due - as_of).days <= horizon:
        return "blue"
    return None


def level_label(level: str | None) -> str:
    """The level as an office writes it (红, 黄, 蓝), from kg/data/ledger.toml."""
    return ledger_settings()["levels"][level]["label"] if level else ""


def due_tasks(
    store: Store, as_of: date, horizons: tuple[int, ...] = HORIZONS, department: str | None = None
) -> list[Due]:
    """Tasks overdue on `as_of`, due within the longest of `horizons` days, ongoing or
    recurring, and not closed; those `department` (an actor's IRI) holds a role on when
    given. Most urgent first."""
    horizon = max(horizons)
    found = [
        Due(task, warning_level(task, as_of, horizon), due, (due - as_of).days if due else None)
        for task in ledger_tasks(store, as_of + timedelta(days=horizon), department)
        if not (task.progress and task.progress.status_code == _CLOSED)
        for due in [next_due(task, as_of)]
    ]
    return sorted(
        found, key=lambda d: (d.due is None, d.due or date.max, d.task.document_title or "", d.task.position)
    )


COLUMNS = [
    "level",
    "due",
    "days",
    "deadline",
    "task",
    "lead",
    "participants",
    "implementers",
    "document",
    "status",
    "quote",
    "id",
]


def due_rows(found: list[Due]) -> list[dict]:
    """The tasks as plain rows of COLUMNS, for tables, CSV and JSON."""
    return [
        {
            "level": d.level,
            "due": d.due.isoformat() if d.due else None,
            "days": d.days,
            "deadline": d.task.deadline,
            "task": d.task.title,
            "lead": "、".join(d.task.named("lead", "joint")),
            "participants": "、".join(d.task.named("participant")),
            "implementers": "、".join(d.task.named("implementer")),
            "document": " ".join(filter(None, (d.task.document_title, d.task.document_number))),
            "status": d.task.progress.status if d.task.progress else None,
            "quote": "\n".join(quote for _, quote in d.task.quotes) or None,
            "id": d.task.id,
        }
        for d in found
    ]
