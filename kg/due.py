"""What is due (三色督办): tasks overdue, due soon, and ongoing, with their warning level.

On a day of reference a task is red when its due date has passed, blue when it falls
within the horizon, yellow when the latest progress report says it is behind (欠进度). A
task reported completed is closed and leaves the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .ledger import LedgerTask, ledger_settings, ledger_tasks
from .store import Store

HORIZONS = (3, 30)
_CLOSED, _BEHIND = "completed", "behind"


@dataclass(frozen=True)
class Due:
    task: LedgerTask
    level: str | None  # red, yellow, blue; None for an ongoing task on pace
    days: int | None  # from the day of reference to the due date (< 0: overdue)


def warning_level(task: LedgerTask, as_of: date, horizon: int) -> str | None:
    """red, yellow or blue on `as_of`; None when nothing calls for a warning or it is closed."""
    status = task.progress.status_code if task.progress else None
    if status == _CLOSED:
        return None
    if task.kind in ("by", "period") and task.due and task.due < as_of:
        return "red"  # overdue: red until closed
    if status == _BEHIND:
        return "yellow"
    if task.kind in ("by", "period") and task.due and (task.due - as_of).days <= horizon:
        return "blue"
    return None


def level_label(level: str | None) -> str:
    """The level as an office writes it (红, 黄, 蓝), from kg/data/ledger.toml."""
    return ledger_settings()["levels"][level]["label"] if level else ""


def due_tasks(
    store: Store, as_of: date, horizons: tuple[int, ...] = HORIZONS, department: str | None = None
) -> list[Due]:
    """Tasks overdue on `as_of`, due within the longest of `horizons` days, or ongoing, and
    not closed; those `department` (an actor's IRI) holds a role on when given. Most
    urgent first."""
    horizon = max(horizons)
    found = [
        Due(task, warning_level(task, as_of, horizon), (task.due - as_of).days if task.due else None)
        for task in ledger_tasks(store, as_of + timedelta(days=horizon), department)
        if not (task.progress and task.progress.status_code == _CLOSED)
    ]
    return sorted(
        found,
        key=lambda d: (
            d.task.due is None,
            d.task.due or date.max,
            d.task.document_title or "",
            d.task.position,
        ),
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
            "due": d.task.due.isoformat() if d.task.due else None,
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
