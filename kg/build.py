"""Building the graph: documents read, mapped to RDF, and written to the store at once.

Every file is read and mapped before the store is touched, and the store takes all the
documents' graphs in one atomic step, so a file that fails, or a build stopped half way,
leaves the previous graph as it was.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version

from extract import ReadError, extract_document, find_sources
from extract.keywords import task_keywords
from extract.records import Document, Problem

from . import iris
from .mapping import Run, document_graph
from .ontology import ONTOLOGY_GRAPH, ontology
from .store import Store


@dataclass
class Built:
    """What a build did: the documents written, and everything reported on the way."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    triples: int = 0


def read_documents(paths: Iterable[str], report: Callable[[Problem], None]) -> list[Document]:
    """Every document that can be read under `paths`; the others reported and skipped."""
    files, problems = find_sources(list(paths))
    for problem in problems:
        report(problem)
    documents = []
    for path in files:
        try:
            document = extract_document(path)
        except ReadError as error:
            report(Problem(error.path, error.reason, fatal=True))
            continue
        for problem in document.problems:
            report(problem)
        documents.append(document)
    return documents


def build(paths: Iterable[str], store: Store,
          report: Callable[[Problem], None] = lambda problem: None) -> Built:
    """Read `paths` and write one graph per document into `store`, replacing earlier ones."""
    built = Built()

    def keep(problem: Problem) -> None:
        built.problems.append(problem)
        report(problem)

    started = datetime.now(timezone.utc)
    built.documents = read_documents(paths, keep)
    if not built.documents:
        return built
    run = Run(uuid.uuid4().hex, version("fengong"), started, datetime.now(timezone.utc))
    graphs, sources = {}, {}
    for document in built.documents:
        name = iris.document_iri(document)
        if name in sources:
            keep(Problem(document.path, f"has the same file name as {sources[name]}, "
                                        "whose graph it replaces in this build"))
        sources[name] = document.path
        keywords = {task.key: task_keywords(task.text) for task in document.tasks}
        graph = document_graph(document, run, keywords)
        graphs[name] = graph.serialize(format="nt", encoding="utf-8")
        built.triples += len(graph)
    # The ontology goes in too: queries find the edge of each role through fg:roleOf.
    graphs[ONTOLOGY_GRAPH] = ontology().serialize(format="nt", encoding="utf-8")
    with store.build() as writing:
        for name, data in graphs.items():
            writing.replace_graph(name, data)
    return built
