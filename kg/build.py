"""Building the graph: documents read, mapped to RDF, and written to the store at once.

Every file is read and mapped before the store is touched, and the store takes all the
documents' graphs in one atomic step, so a file that fails, or a build stopped half way,
leaves the previous graph as it was.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version

from extract import Document, Problem, task_keywords

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


def build(documents: Iterable[Document], store: Store) -> Built:
    """Write one graph per document into `store`, replacing earlier ones; `documents` are
    all read before the store is touched."""
    built = Built()
    started = datetime.now(timezone.utc)
    built.documents = list(documents)
    if not built.documents:
        return built
    run = Run(uuid.uuid4().hex, version("fengong"), started, datetime.now(timezone.utc))
    graphs: dict[str, bytes] = {}
    for document in built.documents:
        name = iris.document_iri(document)
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
