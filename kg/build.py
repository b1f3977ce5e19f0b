"""Building the graph: documents read, mapped to N-Quads and streamed into the store.

The store's lock is taken before anything is read, so of two builds of one store the one
started first goes on and the other is refused at once. Documents are read one at a time
(or by `jobs` worker processes, their results taken in file order) and each document's
graph is handed to the store as soon as it is made: memory holds a few documents, never
the corpus. The store publishes everything in one atomic step at the end, so a file that
fails, or a build stopped half way, leaves the previous graph as it was.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from itertools import islice
from typing import TypeVar

from extract import Department, Document, Problem, ReadError, extract_document, find_sources, task_keywords

from . import iris
from .descriptions import Descriptions
from .mapping import Run, document_nquads
from .ontology import ONTOLOGY_GRAPH, ontology_text
from .references import References
from .store import Derived, Store

T = TypeVar("T")

# Files above this size are refused rather than read: reading one file keeps its text, its
# normalised copy, its records and its graph's text in memory at once, about 170 bytes a
# byte (measured: a 4 MB file built in 0.83 GB peak, a 15.6 MB one in 2.6 GB). Action
# plans are tens to hundreds of KB.
MAX_FILE_BYTES = 4 * 2**20


@dataclass
class Built:
    """What a build did: the documents written, and everything reported on the way."""

    documents: list[str] = field(default_factory=list)  # their paths, in the order built
    tasks: int = 0
    assignments: int = 0
    triples: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Mapped:
    """One document read and mapped, as a worker process hands it back."""

    path: str
    problems: tuple[Problem, ...]
    graph: str  # the document's IRI
    nquads: str
    triples: int
    tasks: int
    assignments: int
    departments: tuple[Department, ...]
    jurisdiction: str | None


class Derivations:
    """All the graphs a build makes from the documents (each kind a `Derived`), kept as one."""

    def __init__(self, *kinds: Derived):
        self.kinds = kinds

    def derived(self, graph: str) -> bool:
        return any(kind.derived(graph) for kind in self.kinds)

    def removing(self, db, graphs: list[str]) -> None:
        for kind in self.kinds:
            kind.removing(db, graphs)

    def refresh(self, db) -> None:
        for kind in self.kinds:
            kind.refresh(db)


def read_file(path: str) -> Document | Problem:
    """The document in `path`, or the problem that keeps it from being read (a file too
    large to read among them)."""
    try:
        size = os.stat(path).st_size
    except OSError as error:
        return Problem(path, error.strerror or str(error), fatal=True)
    if size > MAX_FILE_BYTES:
        return Problem(
            path,
            f"too large to read ({size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes a file)",
            fatal=True,
        )
    try:
        return extract_document(path)
    except ReadError as error:
        return Problem(error.path, error.reason, fatal=True)
    except Exception as error:  # whatever fails on one file, the others go on
        return Problem(path, f"could not be read: {type(error).__name__}: {error}", fatal=True)


def map_file(path: str, run: Run) -> Mapped | Problem:
    """Read one file and map it: what a worker process does for each file."""
    document = read_file(path)
    if isinstance(document, Problem):
        return document
    keywords = {task.key: task_keywords(task.text) for task in document.tasks}
    text, triples = document_nquads(document, run, keywords)
    return Mapped(
        path,
        document.problems,
        iris.document_iri(document),
        text,
        triples,
        len(document.tasks),
        len(document.assignments),
        document.departments,
        document.jurisdiction,
    )


def in_order(function: Callable[..., T], items: Iterable, jobs: int = 1, *args) -> Iterator[T]:
    """`function(item, *args)` for each item, in the order of `items`, by `jobs` processes.

    With several jobs the first item is done in this process, then the workers are forked:
    they start with what it loaded and compiled (the extractor's vocabulary and patterns,
    the keyword segmenter), which spawned workers each spent about 0.7 s of CPU on.
    """
    queue = iter(items)
    if jobs <= 1:
        for item in queue:
            yield function(item, *args)
        return
    first = [function(item, *args) for item in islice(queue, 1)]
    # Forked before the caller sees a result, so before it starts threads (the store's loader).
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        # A bounded window of items in flight: memory holds a few documents, not the corpus.
        pending = deque(pool.submit(function, item, *args) for item in islice(queue, 4 * jobs))
        yield from first
        while pending:
            done = pending.popleft().result()
            pending.extend(pool.submit(function, item, *args) for item in islice(queue, 1))
            yield done


def build(
    paths: Iterable[str],
    store: Store,
    report: Callable[[Problem], None] = lambda problem: None,
    jobs: int = 1,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Built:
    """Read `paths` and write one graph per document into `store`, replacing earlier ones.

    Takes the store's lock first (StoreBusy when another build holds it). Files are read
    by `jobs` processes, and built in the order found. `progress` is called once per file
    read, with the files done and the files found. When no file can be read the store is
    left unchanged.
    """
    built = Built()

    def keep(problem: Problem) -> None:
        built.problems.append(problem)
        report(problem)

    descriptions = Descriptions()
    with store.build(Derivations(descriptions, References())) as writing:
        files, problems = find_sources(list(paths))
        for problem in problems:
            keep(problem)
        run = Run(uuid.uuid4().hex, version("fengong"), datetime.now(UTC))
        sources: dict[str, str] = {}
        for done, mapped in enumerate(in_order(map_file, files, jobs, run), 1):
            progress(done, len(files))
            if isinstance(mapped, Problem):
                keep(mapped)
                continue
            for problem in mapped.problems:
                keep(problem)
            if mapped.graph in sources:
                keep(
                    Problem(
                        mapped.path,
                        f"is the same document as {sources[mapped.graph]}, "
                        "whose graph is built: this copy is left out",
                    )
                )
                continue
            sources[mapped.graph] = mapped.path
            writing.add_nquads(mapped.graph, mapped.nquads)
            descriptions.note(mapped.departments, mapped.jurisdiction)
            built.documents.append(mapped.path)
            built.tasks += mapped.tasks
            built.assignments += mapped.assignments
            built.triples += mapped.triples
        if built.documents:
            # The ontology goes in too: queries find the edge of each role through fg:roleOf.
            writing.replace_graph(ONTOLOGY_GRAPH, ontology_text(), format="turtle")
        else:
            writing.discard()
    return built
