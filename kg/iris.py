"""The IRIs of Fengong's instances: the one place that says what is the same thing.

The scheme is set out in the header of ontology.ttl. IRIs are ASCII only: names stay in
labels, because several RDF tools mishandle non-ASCII IRIs. Everything here is
deterministic, so that the same file built twice, or the same department named in two
documents, gets the same IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from extract import Department, Document, Task, code_of

BASE = "https://w3id.org/fengong/id/"


def digest(text: str) -> str:
    """h(s): 16 hex digits of SHA-256 over s, NFKC-normalised and without white space."""
    canonical = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def document_iri(document: Document) -> str:
    """A document is its file: two files of one name in two folders are two documents,
    and building a file again, from anywhere, replaces its graph. (The file's name is kept
    as the document's fg:key.)"""
    path = str(Path(document.path).resolve())
    return f"{BASE}doc/{hashlib.sha256(path.encode('utf-8')).hexdigest()[:16]}"


# The IRIs of a document's parts extend the document's IRI (`doc`), which is worked out once
# per document: it resolves the file's path on disk.


def task_iri(doc: str, task: Task) -> str:
    return f"{doc}/task/{task.key}"


def section_iri(doc: str, path: tuple[str, ...]) -> str:
    return f"{doc}/section/{digest('/'.join(path))}"


def span_iri(doc: str, start: int, end: int) -> str:
    return f"{doc}/span/{start}-{end}"


def assignment_iri(doc: str, task: Task, mention: str) -> str:
    return f"{task_iri(doc, task)}/assignment/{digest(mention)}"


def _place(jurisdiction: str) -> str:
    """GB/T 2260 code where known, else h(name)."""
    return code_of(jurisdiction) or digest(jurisdiction)


def jurisdiction_iri(name: str) -> str:
    return f"{BASE}jurisdiction/{_place(name)}"


def kind_iri(kind: str) -> str:
    return f"{BASE}kind/{kind}"


def department_iri(department: Department) -> str:
    """The department's key as an IRI: one key, one IRI, in every document.

    The extractor makes the key `JURISDICTION|LOCAL`, unique for what it identifies: LOCAL
    is the gazetteer kind (`410000/ecology-environment` is Henan's 省生态环境厅), else the
    name as written at the jurisdiction's level. Without a jurisdiction the key names the
    document instead, and the department is known only there.
    """
    if not department.jurisdiction:
        return f"{BASE}department/unplaced/{digest(department.key)}"
    place = _place(department.jurisdiction)
    local = department.key.partition("|")[2]
    if department.collective:
        return f"{BASE}collective/{place}/{digest(local)}"
    return f"{BASE}department/{place}/{department.kind or 'n-' + digest(local)}"


def naming_iri(doc: str, department: Department) -> str:
    """Where a document says how it writes a department (an fg:Naming)."""
    return f"{doc}/names/{digest(department_iri(department))}"


# The entities described in a graph of their own, named by their IRI (see kg.mapping).
_DESCRIBED = tuple(f"{BASE}{kind}/" for kind in ("department", "collective", "kind", "jurisdiction"))


def is_description(graph: str) -> bool:
    """Whether a named graph is the description of a department, kind or jurisdiction."""
    return graph.startswith(_DESCRIBED)


def run_iri(run_id: str) -> str:
    return f"{BASE}run/{run_id}"


def agent_iri(version: str) -> str:
    return f"{BASE}agent/fengong/{version}"
