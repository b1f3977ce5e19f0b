"""Names a user types, resolved to what the graph holds: jurisdictions, departments, documents.

Every command resolves names here, so a name means the same thing everywhere. A name that
fits several things is answered with all of them (`AmbiguousName`), one that fits nothing
with the nearest names the graph holds (`UnknownName`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from extract import short_name


@dataclass(frozen=True)
class Department:
    """A department or collective actor of the graph."""

    iri: str
    name: str  # canonical: skos:prefLabel
    jurisdiction: str | None
    kind: str | None  # IRI of its fg:DepartmentKind; None when the gazetteer does not know it
    collective: bool
    aliases: tuple[str, ...]  # every other way the documents write it
    documents: int
    tasks: int

    @property
    def heading(self) -> str:
        return f"{self.name}（{self.jurisdiction}）" if self.jurisdiction else self.name

    @property
    def resolved(self) -> bool:
        return self.kind is not None or self.collective


@dataclass(frozen=True)
class StoredDocument:
    """A document of the graph."""

    iri: str
    key: str  # its file's stem
    title: str | None
    number: str | None  # 文号
    issued: str | None  # its date, as an ISO date where it could be read as one
    jurisdiction: str | None
    tasks: int
    unassigned: int  # tasks nobody is assigned
    assignments: int

    def describe(self) -> str:
        return f"{self.key} ({self.title or 'no title'}, {self.iri})"


class UnknownName(LookupError):
    """Nothing of the graph has this name; `suggestions` are the nearest names it holds."""

    def __init__(self, what: str, name: str, suggestions: list[str], where: str | None = None):
        self.name, self.suggestions = name, suggestions
        place = f" in {where}" if where else ""
        hint = f"; did you mean {'、'.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {what} named {name}{place}{hint}")


class AmbiguousName(LookupError):
    """Several things of the graph have this name; `candidates` are all of them."""

    def __init__(self, what: str, name: str, candidates: list, described: list[str], how: str):
        self.name, self.candidates = name, candidates
        super().__init__(f"{name} names {len(candidates)} {what}s: {'; '.join(described)}; {how}")


def near(name: str, names: Iterable[str]) -> list[str]:
    return difflib.get_close_matches(name, sorted(set(names)))


def jurisdiction(name: str, known: Iterable[str]) -> str:
    """The jurisdiction of `known` that `name` is, in full or short (河南 for 河南省)."""
    known = sorted(set(known))
    if name in known:
        return name
    found = [j for j in known if short_name(j) == name]
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousName("jurisdiction", name, found, found, "give the jurisdiction's full name")
    raise UnknownName("jurisdiction", name, near(name, known))


def department(name: str, departments: list[Department], jurisdiction_name: str | None = None) -> Department:
    """The one department whose canonical name or any alias is `name`, in the jurisdiction
    `jurisdiction_name` (full or short) when given. Collective actors are not departments."""
    pool = [d for d in departments if not d.collective]
    if jurisdiction_name is not None:
        place = jurisdiction(jurisdiction_name, (d.jurisdiction for d in pool if d.jurisdiction))
        pool = [d for d in pool if d.jurisdiction == place]
    else:
        place = None
    found = [d for d in pool if name == d.name or name in d.aliases]
    if len(found) == 1:
        return found[0]
    if found:
        described = [f"{d.name} ({d.jurisdiction or '?'}, {d.tasks} tasks)" for d in found]
        raise AmbiguousName("department", name, found, described, "choose one by its jurisdiction")
    labels = (label for d in pool for label in (d.name, *d.aliases))
    raise UnknownName("department", name, near(name, labels), place)


def document(name: str, documents: list[StoredDocument]) -> StoredDocument:
    """The one document whose IRI or file stem is `name`, or else whose title holds it."""
    found = [d for d in documents if name in (d.iri, d.key)] or [
        d for d in documents if d.title and name in d.title
    ]
    if len(found) == 1:
        return found[0]
    if found:
        described = [d.describe() for d in found]
        raise AmbiguousName("document", name, found, described, "choose one by its IRI")
    labels = [label for d in documents for label in (d.key, d.title) if label]
    raise UnknownName("document", name, near(name, labels))
