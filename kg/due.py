"""What is due (三色督办): tasks overdue, due soon, and ongoing, with their warning level.

`due_tasks` reads the named query `due` and levels each task on a day of reference:
red when its due date has passed, blue when it falls within the horizon, yellow when the
latest progress report says it is behind (欠进度). A task reported completed is closed and
leaves the list.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from .sparql import run
from .store import Store

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
HORIZONS = (3, 30)
_CLOSED, _BEHIND = "completed", "behind"


@cache
def ledger_settings() -> dict:
    """kg/data/ledger.toml: the ledger's columns, states and warning levels."""
    return tomllib.loads(files("kg").joinpath("data", "ledger.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Actor:
    iri: str
    name: str
    role: str         # lead, joint, participant, implementer


@dataclass(frozen=True)
class DueTask:
    task: str                    # the task's IRI: its id in a ledger
    title: str
    number: str | None
    document_title: str | None
    document_number: str | None
    deadline: str                # as written
    kind: str                    # by, period, ongoing
    due: date | None
    actors: tuple[Actor, ...]    # in the order the document writes them
    quote: str | None            # the words that assign the task, each once, in order
    status: str | None           # the latest reported state's notation
    level: str | None            # red, yellow, blue; None for an ongoing task on pace
    days: int | None             # days from the day of reference to the due date (< 0: overdue)
    within: int | None           # the smallest horizon the due date falls within

    def named(self, *roles: str) -> list[str]:
        return [a.name for a in self.actors if a.role in roles]


def due_tasks(store: Store, as_of: date, horizons: tuple[int, ...] = HORIZONS,
              department: str | None = None) -> list[DueTask]:
    """Tasks overdue on `as_of`, due within the longest of `horizons` days, or ongoing;
    those `department` (an actor's IRI) holds a role on when given. Most urgent first."""
    until = ox.Literal((as_of + timedelta(days=max(horizons))).isoformat(), datatype=XSD_DATE)
    found = [task for task in _tasks(run(store, "due", {"until": until}).rows, as_of, horizons)
             if task.status != _CLOSED
             and (department is None or any(a.iri == department for a in task.actors))]
    return sorted(found, key=lambda t: (t.due is None, t.due or date.max, t.document_title or "",
                                        t.number or ""))


def _tasks(rows: list[dict], as_of: date, horizons: tuple[int, ...]):
    by_task: dict[str, list[dict]] = {}
    for row in rows:
        by_task.setdefault(row["task"], []).append(row)
    for iri, task_rows in by_task.items():
        first = task_rows[0]
        due = date.fromisoformat(first["dueDate"]) if first["dueDate"] else None
        days = (due - as_of).days if due else None
        yield DueTask(iri, first["title"], first["number"], first["documentTitle"],
                      first["documentNumber"], first["deadline"], first["kind"], due,
                      written_order(task_rows), _quotes(task_rows), first["status"],
                      _level(days, first["status"], horizons),
                      days, next((h for h in sorted(horizons) if days is not None and 0 <= days <= h), None))


def written_order(rows: list[dict]) -> tuple[Actor, ...]:
    """The actors of a task's rows (actor, name, role, mention, start, quote) in the order the
    document writes them: by where their words stand, then by place within those words."""
    seen, actors = set(), []
    placed = sorted((r for r in rows if r["actor"]),
                    key=lambda r: (r["start"], (r["quote"] or "").find(r["mention"])))
    for row in placed:
        if row["actor"] not in seen:
            seen.add(row["actor"])
            actors.append(Actor(row["actor"], row["name"], row["role"]))
    return tuple(actors)


def _quotes(rows: list[dict]) -> str | None:
    placed = sorted((r for r in rows if r["quote"]), key=lambda r: r["start"])
    return "\n".join(dict.fromkeys(r["quote"] for r in placed)) or None


def _level(days: int | None, status: str | None, horizons: tuple[int, ...]) -> str | None:
    if days is not None and days < 0:
        return "red"            # overdue: red until closed
    if status == _BEHIND:
        return "yellow"
    if days is not None and days <= max(horizons):
        return "blue"
    return None


def level_label(level: str | None) -> str:
    """The level as an office writes it (红, 黄, 蓝), from kg/data/ledger.toml."""
    return ledger_settings()["levels"][level]["label"] if level else ""


COLUMNS = ["level", "due", "days", "deadline", "task", "lead", "participants", "implementers",
           "document", "status", "quote", "id"]


def due_rows(tasks: list[DueTask]) -> list[dict]:
    """The tasks as plain rows of COLUMNS, for tables, CSV and JSON."""
    return [{"level": t.level, "due": t.due.isoformat() if t.due else None, "days": t.days,
             "deadline": t.deadline, "task": t.title, "lead": "、".join(t.named("lead", "joint")),
             "participants": "、".join(t.named("participant")),
             "implementers": "、".join(t.named("implementer")),
             "document": " ".join(filter(None, (t.document_title, t.document_number))),
             "status": t.status, "quote": t.quote, "id": t.task}
            for t in tasks]
