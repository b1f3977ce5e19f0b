"""The ledger (台账): every task with its deadline, its actors and its latest progress.

`ledger_tasks` reads the named query `task-ledger` into one `LedgerTask` per task, its
actors in the order the document writes them. The ledger of one actor's tasks, or of what
falls due, finds its tasks first (`held-tasks`, `due-tasks`) and binds them to that query.
`kg due`, the ledger files of `kg tasks` and `kg progress` all read tasks through it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from .sparql import run
from .store import Store

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


@cache
def ledger_settings() -> dict:
    """kg/data/ledger.toml: the ledger's columns, states, levels and fonts."""
    return tomllib.loads(files("kg").joinpath("data", "ledger.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Actor:
    iri: str
    name: str
    role: str  # lead, joint, participant, implementer
    role_label: str  # its Chinese label: 牵头 ...
    strength: int  # of the role: lead strongest


@dataclass(frozen=True)
class Progress:
    """The latest progress reported on a task, as the reporting office wrote it."""

    reported: date
    status: str | None  # its Chinese label: 推进中 ...
    status_code: str | None  # its notation: in-progress ...
    note: str | None  # 进展情况
    problems: str | None  # 存在问题
    next_steps: str | None  # 下步措施


@dataclass(frozen=True)
class LedgerTask:
    id: str  # the task's IRI
    document: str  # its document's IRI
    document_title: str | None
    document_number: str | None
    document_key: str
    section: str | None  # the heading the task sits under
    number: str | None
    title: str
    text: str
    part: str  # body, or table N
    position: int
    deadline: str | None  # as written
    kind: str | None  # by, period, recurring, ongoing, unparsed
    kind_label: str | None  # the kind's Chinese label
    due: date | None  # the date by which, or a period's end
    due_start: date | None
    every: str | None  # a recurring task's period (ISO 8601: P3M, P1Y)
    actors: tuple[Actor, ...]  # in the order the document writes them
    quotes: tuple[tuple[int, str], ...]  # (line, words) that assign the task, in order
    progress: Progress | None

    def named(self, *roles: str) -> list[str]:
        return [a.name for a in self.actors if a.role in roles]

    def role_of(self, actor: str) -> Actor:
        """The actor's role on the task; KeyError when it holds none."""
        return {a.iri: a for a in self.actors}[actor]


def ledger_tasks(store: Store, until: date | None = None, holder: str | None = None) -> list[LedgerTask]:
    """Every task, by document and as written; with `until`, only those due by then or
    ongoing; with `holder` (an actor's IRI), only those it holds a role on."""
    if until is None and holder is None:
        return _ledger(run(store, "task-ledger").rows)
    # Which tasks first (each from what selects it: the holder, the deadlines), then the
    # ledger of those tasks only.
    chosen: set[str] | None = None
    if holder:
        chosen = _task_iris(store, "held-tasks", holder=ox.NamedNode(holder))
    if until:
        due = _task_iris(store, "due-tasks", until=ox.Literal(until.isoformat(), datatype=XSD_DATE))
        chosen = due if chosen is None else chosen & due
    return ledger_of(store, chosen or ())


def ledger_of(store: Store, tasks: Iterable[str]) -> list[LedgerTask]:
    """The ledger of the tasks `tasks` (IRIs), by document and as written; an IRI that is
    no task of the store is left out."""
    terms = [ox.NamedNode(task) for task in sorted(set(tasks))]
    return _ledger(run(store, "task-ledger", {"task": terms}).rows) if terms else []


def _task_iris(store: Store, query: str, **terms) -> set[str]:
    return {row["task"] for row in run(store, query, terms).rows}


def _ledger(rows: list[dict]) -> list[LedgerTask]:
    by_task: dict[str, list[dict]] = {}
    for row in rows:
        by_task.setdefault(row["task"], []).append(row)
    return [_task(rows) for rows in by_task.values()]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _task(rows: list[dict]) -> LedgerTask:
    first = rows[0]
    # As written: by the words that assign each, then by where the mention stands in them;
    # by name where neither tells (a directive's actors, written apart from the quote).
    placed = sorted(
        (r for r in rows if r["actor"]),
        key=lambda r: (r["start"], (r["quote"] or "").find(r["mention"]), r["name"], r["actor"]),
    )
    actors: dict[str, Actor] = {}  # first written first; an actor written twice keeps its strongest role
    for r in placed:
        if r["actor"] not in actors or r["strength"] > actors[r["actor"]].strength:
            actors[r["actor"]] = Actor(r["actor"], r["name"], r["role"], r["roleLabel"], r["strength"])
    quotes = tuple(dict.fromkeys((r["line"], r["quote"]) for r in placed if r["quote"]))
    progress = None
    if first["reported"]:
        progress = Progress(
            date.fromisoformat(first["reported"]),
            first["status"],
            first["statusCode"],
            first["progress"],
            first["problems"],
            first["nextSteps"],
        )
    return LedgerTask(
        first["task"],
        first["document"],
        first["documentTitle"],
        first["documentNumber"],
        first["documentKey"],
        first["section"],
        first["number"],
        first["title"],
        first["text"],
        first["part"],
        first["position"],
        first["deadline"],
        first["kind"],
        first["kindLabel"],
        _date(first["dueDate"]),
        _date(first["dueStart"]),
        first["dueEvery"],
        tuple(actors.values()),
        quotes,
        progress,
    )
