"""A graph of the real shape at any size: development plans built many times as different documents.

The plans (../shared/corpus, or examples/ when it is absent) are read once; copy c of each
is the same records under another file name, in a jurisdiction rotated through
`jurisdictions` names, so that each office is named by about copies × plans /
jurisdictions documents, as a province's archive names its offices. With one jurisdiction
per plan (`rotate=False`) every copy keeps its plan's: each office is then named by every
copy (the worst case).
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime
from pathlib import Path

from extract import extract_document, find_sources
from extract.keywords import task_keywords
from extract.records import Document
from kg import iris
from kg.descriptions import Descriptions
from kg.mapping import Run, document_nquads
from kg.ontology import ONTOLOGY_GRAPH, ontology_text
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def plans_folder() -> Path:
    return CORPUS if CORPUS.is_dir() else ROOT / "examples"


def read_plans(folder: Path) -> list[tuple[Document, dict]]:
    files, _ = find_sources([str(folder)])
    found = []
    for path in files:
        document = extract_document(path)
        found.append((document, {t.key: task_keywords(t.text) for t in document.tasks}))
    return found


def moved(document: Document, copy: int, place: str | None) -> Document:
    """The document as if written under another name, in jurisdiction `place`."""
    own = document.jurisdiction

    def department(d):
        if place is None or d.jurisdiction != own:
            return d
        return dataclasses.replace(d, jurisdiction=place)

    return dataclasses.replace(
        document,
        doc=f"{document.doc}-{copy:04d}",
        path=f"{document.path}#{copy}",
        jurisdiction=place or own,
        departments=tuple(department(d) for d in document.departments),
    )


def realistic_graph(
    store: Store,
    plans: list[tuple[Document, dict]],
    copies: int,
    jurisdictions: int = 30,
    rotate: bool = True,
) -> int:
    """Build `copies` copies of every plan into `store`; the number of triples written."""
    run = Run(uuid.uuid4().hex, "bench", datetime.now(UTC))
    places = [f"测试{n:02d}市" for n in range(jurisdictions)]
    triples = 0
    descriptions = Descriptions()
    with store.build(descriptions) as writing:
        for copy in range(copies):
            for k, (document, keywords) in enumerate(plans):
                place = places[(copy + k * 7) % jurisdictions] if rotate else None
                copied = moved(document, copy, place)
                text, count = document_nquads(copied, run, keywords)
                writing.add_nquads(iris.document_iri(copied), text)
                descriptions.note(copied.departments, copied.jurisdiction)
                triples += count
        writing.replace_graph(ONTOLOGY_GRAPH, ontology_text(), format="turtle")
    return triples
