"""What the web explorer shows beyond `kg.Graph`, read from the store as plain records.

Tasks with their place in the text, assignments with the words that make them (provenance
spans), a document's outline and the warnings its extraction gave, and departments found
by any of their names or by the kind of office a name stands for. Every read is a named
query of kg/queries; the explorer's pages and templates hold no SPARQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from extract import kind_named

from . import iris
from .names import Department
from .sparql import run
from .store import Store


@dataclass(frozen=True)
class TaskRecord:
    task: str  # IRI
    key: str
    number: str | None
    title: str
    text: str | None
    deadline: str | None
    position: int
    part: str | None
    section: str | None  # IRI of its innermost section
    start: int | None
    end: int | None
    line: int | None
    document: str
    document_key: str
    document_title: str | None
    document_number: str | None


@dataclass(frozen=True)
class AssignmentRecord:
    assignment: str  # IRI
    task: str
    document: str
    actor: str
    name: str
    jurisdiction: str | None
    collective: bool
    role: str  # lead, joint, participant, implementer
    role_label: str  # 牵头, 共同负责, 配合, 落实
    strength: int
    mention: str
    derived: bool
    open_list: bool
    start: int
    end: int
    line: int
    quote: str


@dataclass(frozen=True)
class Warning:
    """Something of a document the extractor read only in part."""

    line: int | None
    message: str


@dataclass(frozen=True)
class Section:
    headings: tuple[str, ...]  # outermost first; empty for tasks under no heading
    tasks: tuple[TaskRecord, ...]


@dataclass(frozen=True)
class Highlight:
    """A piece of a task's text; `spans` are the annotations (start, end) that wrote it."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


def _bound(**values: str | None) -> dict[str, ox.NamedNode]:
    """The IRI parameters that were given, as terms to bind."""
    return {name: ox.NamedNode(value) for name, value in values.items() if value}


def tasks(store: Store, *, document: str | None = None, task: str | None = None) -> list[TaskRecord]:
    """Tasks as written, of one document or one task (IRIs), in order."""
    rows = run(store, "tasks", _bound(document=document, task=task)).rows
    return [
        TaskRecord(
            task=row["task"],
            key=row["key"],
            number=row["number"],
            title=row["title"],
            text=row["text"],
            deadline=row["deadline"],
            position=row["position"],
            part=row["part"],
            section=row["section"],
            start=row["start"],
            end=row["end"],
            line=row["line"],
            document=row["document"],
            document_key=row["documentKey"],
            document_title=row["documentTitle"],
            document_number=row["documentNumber"],
        )
        for row in rows
    ]


def find_task(store: Store, task: str) -> TaskRecord | None:
    """The task whose IRI is `task`."""
    return next(iter(tasks(store, task=task)), None)


def _assignment(row: dict) -> AssignmentRecord:
    return AssignmentRecord(
        assignment=row["assignment"],
        task=row["task"],
        document=row["document"],
        actor=row["actor"],
        name=row["name"],
        jurisdiction=row["jurisdiction"],
        collective=row["collective"],
        role=row["role"],
        role_label=row["roleLabel"],
        strength=row["strength"],
        mention=row["mention"],
        derived=row["derived"],
        open_list=row["openList"],
        start=row["start"],
        end=row["end"],
        line=row["line"],
        quote=row["quote"],
    )


def assignments(
    store: Store, *, document: str | None = None, task: str | None = None
) -> list[AssignmentRecord]:
    """The assignments of one document's tasks or of one task (IRIs), strongest role first."""
    rows = run(store, "assignments", _bound(document=document, task=task)).rows
    return [_assignment(row) for row in rows]


def warnings(store: Store, document: str) -> list[Warning]:
    """What the extractor read only in part in `document` (an IRI), by line."""
    return [
        Warning(row["line"], row["message"]) for row in run(store, "warnings", _bound(document=document)).rows
    ]


def outline(store: Store, document: str) -> list[Section]:
    """The document's tasks in order, grouped under the headings they stand under."""
    rows = run(store, "sections", _bound(document=document)).rows
    parents = {row["section"]: (row["heading"], row["parent"]) for row in rows}

    def headings(section: str | None) -> tuple[str, ...]:
        path = []
        while section in parents:
            heading, section = parents[section]
            path.append(heading)
        return tuple(reversed(path))

    grouped: list[Section] = []
    for task in tasks(store, document=document):
        path = headings(task.section)
        if grouped and grouped[-1].headings == path:
            grouped[-1] = Section(path, grouped[-1].tasks + (task,))
        else:
            grouped.append(Section(path, (task,)))
    return grouped


def highlights(text: str, held: Iterable[AssignmentRecord]) -> list[Highlight]:
    """`text` cut into pieces, each marked with the annotations whose words it is.

    The task's text is normalised, so the annotation's offsets in the file do not point
    into it: its quote is found by its words instead, white space aside (the quote keeps the
    file's, the text does not), or, for a table row (cells parted by tabs in the quote and
    by ' | ' in the text), cell by cell. An annotation found nowhere in the text (a
    directive written elsewhere) marks nothing.
    """
    marks: list[tuple[int, int, tuple[int, int]]] = []
    for span, quote in sorted({((a.start, a.end), a.quote) for a in held}):
        found = _locate(text, quote)
        pieces = [found] if found else [_locate(text, cell) for cell in re.split(r"[\t\n]", quote)]
        marks += [(start, end, span) for start, end in filter(None, pieces)]
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    return [
        Highlight(text[a:b], tuple(sorted({span for start, end, span in marks if start <= a and b <= end})))
        for a, b in zip(cuts, cuts[1:], strict=False)
    ]


def _locate(text: str, words: str) -> tuple[int, int] | None:
    """Where `words` stand in `text`, white space in either ignored; None when nowhere."""
    kept = [i for i, c in enumerate(text) if not c.isspace()]
    bare = "".join(text[i] for i in kept)
    wanted = "".join(words.split())
    at = bare.find(wanted) if wanted else -1
    if at < 0:
        return None
    return kept[at], kept[at + len(wanted) - 1] + 1


def find_department(departments: Iterable[Department], iri: str) -> Department | None:
    """The department (or collective actor) whose IRI is `iri`."""
    return next((d for d in departments if d.iri == iri), None)


def busiest(departments: Iterable[Department], top: int = 10) -> list[Department]:
    """The departments holding most tasks (collective actors are not departments)."""
    return sorted((d for d in departments if not d.collective), key=lambda d: (-d.tasks, d.name))[:top]


def search(departments: Iterable[Department], text: str, limit: int = 20) -> list[Department]:
    """The departments `text` names: in their canonical name, a way they are written or
    their jurisdiction; or, when `text` is a name of a kind of office (发改委, 生态环境厅,
    after a level word or not), every jurisdiction's office of that kind."""
    text = text.strip()
    if not text:
        return []
    kind = kind_named(text) or kind_named(text[1:])
    kind_iri = iris.kind_iri(kind.id) if kind else None
    found = [
        d
        for d in departments
        if not d.collective
        and (
            (kind_iri and d.kind == kind_iri)
            or any(text in label for label in (d.name, d.jurisdiction or "", *d.aliases))
        )
    ]
    return sorted(
        found,
        key=lambda d: (d.name != text and text not in d.aliases, -d.tasks, d.jurisdiction or "", d.name),
    )[:limit]
