"""Plain records for what a policy document says about who must do what.

Nothing here knows about RDF or files: the extractor fills these, and every other
part of Fengong (JSON Lines output, the knowledge graph) reads them.

Offsets (`Span.start`, `Span.end`) count characters of the document's text as
decoded from the file (for .docx and .pdf: as the reading library extracted it),
end exclusive; `Span.line` is the 1-based line of `start` in that text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


class Role(str, Enum):
    """How an actor is assigned to a task; declared strongest first."""

    LEAD = "lead"
    JOINT = "joint"
    PARTICIPANT = "participant"
    IMPLEMENTER = "implementer"

    @property
    def strength(self) -> int:
        return _STRENGTH[self]


# Asked each time two assignments are compared: worked out once.
_STRENGTH = {role: len(Role) - rank for rank, role in enumerate(Role)}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    line: int


class DeadlineKind(str, Enum):
    """What a deadline as written says about time."""

    BY = "by"  # done by a date: 2025年底前
    PERIOD = "period"  # within a span of time: 2023—2025年
    RECURRING = "recurring"  # again every period: 每季度
    ONGOING = "ongoing"  # without end: 持续推进
    UNPARSED = "unparsed"  # none of the known forms: kept as written


@dataclass(frozen=True)
class Deadline:
    """A deadline as written and what it means in dates (ISO 8601, e.g. "2025-12-31")."""

    written: str
    kind: DeadlineKind
    end: str | None = None  # the last day: the date by which, or a period's end
    start: str | None = None  # a period's first day
    every: str | None = None  # a recurring deadline's period, an ISO 8601 duration (P3M)
    year_from_document: bool = False  # the year was not written: it is the document's date's
    from_group: bool = False  # written for the group of tasks (a heading), not the task
    note: str | None = None  # why an unparsed deadline could not be read


@dataclass(frozen=True)
class Task:
    """A lowest-level numbered item that sets out work, or a row of a responsibility table."""

    key: str  # unique within its document: "t1", "t2", ...
    number: str  # the numbering path as written, e.g. "二（一）1"
    title: str  # text after the number up to the first 。, white space removed
    text: str  # the whole item (annotation included), normalised; a row's cells joined by " | "
    path: tuple[str, ...]  # headings above the item, outermost first
    span: Span
    part: str  # "body", or "table N" for the N-th table of the document
    deadline: str | None = None  # 完成时限 as written
    due: Deadline | None = None  # the same, read as dates


@dataclass(frozen=True)
class Department:
    """An actor a document names, resolved within the document's jurisdiction.

    `kind` is set when the actor is the jurisdiction's own office of a kind the gazetteer
    (extract/data/departments.yaml) knows, so the jurisdiction and the kind identify it. An
    office of another level (`县发改委` in a city's plan) or a name the gazetteer does not know
    has none, and is identified by its name.
    """

    key: str  # stable, unique: one office of one jurisdiction has one key in every document
    name: str  # canonical name at the jurisdiction's level, e.g. 省发展改革委
    jurisdiction: str | None  # 河南省, 苏州市 ...
    kind: str | None  # the gazetteer kind's slug, e.g. development-reform
    collective: bool  # 各有关部门 and the like: not a department, never merged
    aliases: tuple[str, ...]  # every mention of it in this document, as written (normalised), sorted

    @property
    def resolved(self) -> bool:
        """Whether it is known what it is: a kind of the gazetteer, or a collective actor."""
        return self.kind is not None or self.collective


@dataclass(frozen=True)
class Assignment:
    """One actor's role on one task, with the words that say so."""

    task: str  # Task.key
    mention: str  # the actor as written (white space removed, brackets full width)
    role: Role
    derived: bool  # made by a directive written on another task or above a table
    open_list: bool  # the list that names the actor ends in 等/等部门/等单位
    department: str  # Department.key of the department the mention resolves to
    span: Span  # the annotation, or the directive, that assigns it
    quote: str  # that annotation or directive exactly as in the text read: text[span]


@dataclass(frozen=True)
class Problem:
    """Something the extractor could not read, or read only in part."""

    path: str
    message: str
    line: int | None = None
    fatal: bool = False  # True when nothing of the file could be read

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {self.message}"


@dataclass(frozen=True)
class Citation:
    """Another document a document cites: by title (in 《》), by 文号, or both."""

    title: str | None
    number: str | None


@dataclass(frozen=True)
class Document:
    doc: str  # the file's stem
    path: str
    format: str  # "text", "markdown", "docx", "pdf"
    encoding: str | None
    title: str | None
    jurisdiction: str | None  # 河南省, 苏州市, ...
    issuers: tuple[str, ...]
    number: str | None  # 文号, e.g. 鲁政发〔2017〕43号
    date: str | None  # as written, e.g. 2017年12月20日
    tasks: tuple[Task, ...]
    assignments: tuple[Assignment, ...]
    problems: tuple[Problem, ...] = field(default=())
    departments: tuple[Department, ...] = field(default=())  # of the assignments and the issuers
    cites: tuple[Citation, ...] = field(default=())  # the documents it cites, in order

    def department(self, key: str) -> Department:
        """The department of `key` (an `Assignment.department`); KeyError when none is."""
        return self._departments_by_key[key]

    def department_named(self, mention: str) -> Department:
        """The department written `mention` in this document (an issuer, say)."""
        return self._departments_by_mention[mention]

    @cached_property
    def _departments_by_key(self) -> dict[str, Department]:
        return {d.key: d for d in self.departments}

    @cached_property
    def _departments_by_mention(self) -> dict[str, Department]:
        return {alias: d for d in self.departments for alias in d.aliases}

    def assignments_of(self, task: Task) -> tuple[Assignment, ...]:
        return tuple(a for a in self.assignments if a.task == task.key)
