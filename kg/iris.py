"""The IRIs of Fengong's instances, minted as ontology.ttl's header sets out.

IRIs are ASCII only: names stay in labels, because several RDF tools mishandle non-ASCII
IRIs. Everything here is deterministic, so that the same document built twice, or the same
department named in two documents, gets the same IRI.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from extract.jurisdictions import code_of
from extract.records import Department, Document, Task

BASE = "https://w3id.org/fengong/id/"
_PLAIN = re.compile(r"[A-Za-z0-9_.-]+")


def digest(text: str) -> str:
    """h(s): 16 hex digits of SHA-256 over s, NFKC-normalised and without white space."""
    canonical = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _segment(name: str) -> str:
    return name if _PLAIN.fullmatch(name) else digest(name)


def document_iri(document: Document) -> str:
    return f"{BASE}doc/{_segment(document.doc)}"


def task_iri(document: Document, task: Task) -> str:
    return f"{document_iri(document)}/task/{task.key}"


def section_iri(document: Document, path: tuple[str, ...]) -> str:
    return f"{document_iri(document)}/section/{digest('/'.join(path))}"


def span_iri(document: Document, start: int, end: int) -> str:
    return f"{document_iri(document)}/span/{start}-{end}"


def assignment_iri(document: Document, task: Task, mention: str) -> str:
    return f"{task_iri(document, task)}/assignment/{digest(mention)}"


def _place(jurisdiction: str) -> str:
    """GB/T 2260 code where known, else h(name)."""
    return code_of(jurisdiction) or digest(jurisdiction)


def jurisdiction_iri(name: str) -> str:
    return f"{BASE}jurisdiction/{_place(name)}"


def kind_iri(kind: str) -> str:
    return f"{BASE}kind/{kind}"


def department_iri(department: Department) -> str:
    """Scoped to the jurisdiction: 省生态环境厅 of 河南省 and of 辽宁省 are two IRIs.

    Without a jurisdiction the department is known only within its document, whose name
    its key carries, so the key alone names it.
    """
    if not department.jurisdiction:
        return f"{BASE}department/unplaced/{digest(department.key)}"
    place = _place(department.jurisdiction)
    if department.collective:
        return f"{BASE}collective/{place}/{digest(department.name)}"
    local = department.kind if department.kind else f"n-{digest(department.name)}"
    return f"{BASE}department/{place}/{local}"


def naming_iri(document: Document, department: Department) -> str:
    """Where a document says how it writes a department (an fg:Naming)."""
    return f"{document_iri(document)}/names/{digest(department_iri(department))}"


# The entities described in a graph of their own, named by their IRI (see kg.mapping).
_DESCRIBED = tuple(f"{BASE}{kind}/" for kind in ("department", "collective", "kind", "jurisdiction"))


def is_description(graph: str) -> bool:
    """Whether a named graph is the description of a department, kind or jurisdiction."""
    return graph.startswith(_DESCRIBED)


def run_iri(run_id: str) -> str:
    return f"{BASE}run/{run_id}"


def agent_iri(version: str) -> str:
    return f"{BASE}agent/fengong/{version}"
