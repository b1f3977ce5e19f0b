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


class Role(str, Enum):
    """How an actor is assigned to a task; declared strongest first."""

    LEAD = "lead"
    JOINT = "joint"
    PARTICIPANT = "participant"
    IMPLEMENTER = "implementer"

    @property
    def strength(self) -> int:
        return len(Role) - list(Role).index(self)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class Task:
    """A lowest-level numbered item that sets out work, or a row of a responsibility table."""

    key: str                 # unique within its document: "t1", "t2", ...
    number: str              # the numbering path as written, e.g. "二（一）1"
    title: str               # text after the number up to the first 。, white space removed
    text: str                # the whole item (annotation included), normalised
    path: tuple[str, ...]    # headings above the item, outermost first
    span: Span
    part: str                # "body", or "table N" for the N-th table of the document
    deadline: str | None = None


@dataclass(frozen=True)
class Assignment:
    """One actor's role on one task, with the words that say so."""

    task: str                # Task.key
    mention: str             # the actor as written (white space removed, brackets full width)
    role: Role
    derived: bool            # made by a directive written on another task or above a table
    open_list: bool          # the list that names the actor ends in 等/等部门/等单位
    department: str          # id of the department the mention resolves to
    span: Span               # the annotation, or the directive, that assigns it
    quote: str               # that annotation or directive as written


@dataclass(frozen=True)
class Problem:
    """Something the extractor could not read, or read only in part."""

    path: str
    message: str
    line: int | None = None
    fatal: bool = False      # True when nothing of the file could be read

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {self.message}"


@dataclass(frozen=True)
class Document:
    doc: str                          # the file's stem
    path: str
    format: str                       # "text", "markdown", "docx", "pdf"
    encoding: str | None
    title: str | None
    jurisdiction: str | None          # 河南省, 苏州市, ...
    issuers: tuple[str, ...]
    number: str | None                # 文号, e.g. 鲁政发〔2017〕43号
    date: str | None                  # as written, e.g. 2017年12月20日
    tasks: tuple[Task, ...]
    assignments: tuple[Assignment, ...]
    problems: tuple[Problem, ...] = field(default=())

    def assignments_of(self, task: Task) -> tuple[Assignment, ...]:
        return tuple(a for a in self.assignments if a.task == task.key)
