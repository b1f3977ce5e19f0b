"""What changed between two versions of a plan (a 征求意见稿 and its final text, say).

Tasks are matched by the similarity of their titles and texts (difflib's ratio, each counted
half), best pairs first; a pair scoring below `THRESHOLD` is no match. Tasks left over are
added or dropped. For a matched pair, the assignments are compared by department: added,
dropped, or changed in role (配合 → 牵头).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from extract import Document

from .ledger import ledger_of
from .sparql import run
from .store import Store

THRESHOLD = 0.5


@dataclass(frozen=True)
class Version:
    """One task of a version: its title, its text and its actors' roles, as written."""

    title: str
    text: str
    roles: tuple[tuple[str, str], ...]  # (department's name, role), in the order written


@dataclass(frozen=True)
class RoleChange:
    actor: str
    old: str | None  # None: the actor was added
    new: str | None  # None: the actor was dropped


@dataclass(frozen=True)
class Match:
    old: Version
    new: Version
    score: float
    changes: tuple[RoleChange, ...]


@dataclass
class Difference:
    matched: list[Match] = field(default_factory=list)
    added: list[Version] = field(default_factory=list)
    dropped: list[Version] = field(default_factory=list)


def similarity(old: Version, new: Version) -> float:
    def ratio(a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()

    return round((ratio(old.title, new.title) + ratio(old.text, new.text)) / 2, 2)


def role_changes(old: Version, new: Version) -> tuple[RoleChange, ...]:
    """Actors added, dropped or changed in role, in the order the new version (then the
    old one) writes them."""
    before, after = dict(old.roles), dict(new.roles)
    changes = [
        RoleChange(actor, before.get(actor), role) for actor, role in new.roles if before.get(actor) != role
    ]
    changes += [RoleChange(actor, role, None) for actor, role in old.roles if actor not in after]
    return tuple(changes)


def compare(old: list[Version], new: list[Version], threshold: float = THRESHOLD) -> Difference:
    """Old and new tasks matched one to one, best pairs first; the rest added or dropped.
    Matches are listed in the new version's order."""
    pairs = sorted(
        ((similarity(o, n), i, j) for i, o in enumerate(old) for j, n in enumerate(new)),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    taken_old, taken_new, found = set(), set(), {}
    for score, i, j in pairs:
        if score >= threshold and i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            found[j] = Match(old[i], new[j], score, role_changes(old[i], new[j]))
    return Difference(
        [found[j] for j in sorted(found)],
        [n for j, n in enumerate(new) if j not in taken_new],
        [o for i, o in enumerate(old) if i not in taken_old],
    )


def rows(difference: Difference) -> list[dict]:
    """One row per change: a task added or dropped, a matched task, and each role change
    under it; for CSV and JSON."""
    found = []
    for match in difference.matched:
        found.append(
            {
                "change": "matched",
                "old": match.old.title,
                "new": match.new.title,
                "score": match.score,
                "actor": None,
                "old_role": None,
                "new_role": None,
            }
        )
        for change in match.changes:
            kind = (
                "actor added"
                if change.old is None
                else "actor dropped"
                if change.new is None
                else "role changed"
            )
            found.append(
                {
                    "change": kind,
                    "old": match.old.title,
                    "new": match.new.title,
                    "score": match.score,
                    "actor": change.actor,
                    "old_role": change.old,
                    "new_role": change.new,
                }
            )
    found += [
        {
            "change": "added",
            "old": None,
            "new": task.title,
            "score": None,
            "actor": None,
            "old_role": None,
            "new_role": None,
        }
        for task in difference.added
    ]
    found += [
        {
            "change": "dropped",
            "old": task.title,
            "new": None,
            "score": None,
            "actor": None,
            "old_role": None,
            "new_role": None,
        }
        for task in difference.dropped
    ]
    return found


COLUMNS = ["change", "old", "new", "score", "actor", "old_role", "new_role"]


def summary(difference: Difference) -> dict:
    """The difference as plain data for JSON: matched tasks by title with their score and
    role changes, and the titles added and dropped."""
    return {
        "matched": [
            {
                "old": m.old.title,
                "new": m.new.title,
                "score": m.score,
                "changes": [{"actor": c.actor, "old": c.old, "new": c.new} for c in m.changes],
            }
            for m in difference.matched
        ],
        "added": [task.title for task in difference.added],
        "dropped": [task.title for task in difference.dropped],
    }


def text(difference: Difference) -> str:
    """The difference as a person reads it: each matched task with its score and its role
    changes (+ added, - dropped, ~ changed), then the tasks added and dropped."""
    lines = []
    for match in difference.matched:
        same = match.old.title == match.new.title
        lines.append(
            f"= {match.score:.2f} {match.new.title}"
            if same
            else f"~ {match.score:.2f} {match.old.title} -> {match.new.title}"
        )
        for change in match.changes:
            if change.old is None:
                lines.append(f"    + {change.actor} {change.new}")
            elif change.new is None:
                lines.append(f"    - {change.actor} {change.old}")
            else:
                lines.append(f"    ~ {change.actor} {change.old} -> {change.new}")
    lines += [f"+ {task.title}" for task in difference.added]
    lines += [f"- {task.title}" for task in difference.dropped]
    return "".join(line + "\n" for line in lines)


def _without(text: str, quotes) -> str:
    # The words that assign a task are compared as roles, not as text.
    for quote in quotes:
        text = text.replace(quote, "")
    return text.strip()


def document_versions(document: Document) -> list[Version]:
    """The tasks of a document read from a file."""
    found = []
    for task in document.tasks:
        assigned = document.assignments_of(task)
        roles = {document.department(a.department).name: a.role.value for a in assigned}
        found.append(
            Version(task.title, _without(task.text, (a.quote for a in assigned)), tuple(roles.items()))
        )
    return found


def stored_versions(store: Store, document: str) -> list[Version]:
    """The tasks of the document `document` (its IRI) of the store."""
    return [
        Version(
            task.title,
            _without(task.text, (quote for _, quote in task.quotes)),
            tuple((actor.name, actor.role) for actor in task.actors),
        )
        for task in ledger_of(
            store, (row["task"] for row in run(store, "tasks", {"document": NamedNode(document)}).rows)
        )
    ]
