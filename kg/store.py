"""The graph store: one named graph per document, in Oxigraph on disk, never half written.

A store is a directory (`.kg` in the working directory unless `KG_STORE` names another):

    lock       a build holds it (flock) for as long as it runs, and writes its pid into it
    current    the name of the version readers open, replaced atomically (os.replace)
    v000007/   a version: an Oxigraph (RocksDB) database that nothing writes once published
    work/      while a build runs: the graphs given so far, then the next version

Why versions rather than one database written in place:

- Oxigraph makes each `load` atomic, not a whole build: a build that dies after 80 of 200
  documents would leave a mixture. Here a build writes a copy, and only the final
  `os.replace` of `current` publishes it; an exception or a SIGKILL at any earlier point
  leaves `current` naming the old, complete version, and the next build clears the debris.
- pyoxigraph says that opening a database read-only while another process writes it is
  undefined behaviour. Readers open only published versions, which are never written.
- Copies cost milliseconds: `Store.backup` (a RocksDB checkpoint) hard-links the immutable
  SST files. From a read-only store it leaves out the write-ahead log, so every build
  flushes before publishing. A version is published as a read-only backup of the closed
  work database, not by renaming it, so it holds no log or lock file: only SST files and
  RocksDB's manifest. (A backup of the open work database took 2.6 s at 10^7 triples;
  of the closed one, 13 ms.)
- Each reader holds a shared flock on the directory of the version it opened; a build
  deletes every other version it can lock exclusively. So the disk holds the current
  version and those still being read, and a long-running reader is never pulled from
  under: it moves to a newer version the next time it calls `open()`.

Writes: each graph's text is appended, as it is given, to a part file in `work/`, and each
part, once written, goes to Oxigraph's bulk loader in a thread of its own (`bulk_load`
releases the GIL) that fills a new database, `work/new`: loading runs beside whatever
makes the next graphs, rather than after all of them. The loader holds a part in memory
(about 900 bytes a triple) and writes only once it has read all of it, so parts are
small at first, so that loading starts early, then twice the size each time up to 64 MB.
At the end, when nothing of the current version survives but derived graphs (a first
build, or building the same documents again), the new database is the next version.
Otherwise the current version is copied, the graphs given are removed from the copy and
the new graphs loaded into it a second time: replacing a few documents costs about twice
their loading, whatever the size of the store. The bulk loader bypasses the write-ahead
log. Measured at 10^6 triples (`bench/store_speed.py --baseline`, 2 cores): a build in
11-13 s, against 23-30 s for one `load` per graph into one database, whose write-ahead
log also made it 987 MB on disk rather than 172 MB.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import re
import shutil
import threading
from pathlib import Path
from typing import BinaryIO, Protocol

import pyoxigraph
from pyoxigraph import NamedNode, RdfFormat

from .sparql import bound, refuse_service

FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
}

# The largest part of the text one bulk load takes. Each part adds SST files to RocksDB's
# top level; at 16 MB a build of 10^7 triples left so many that the next build waited 9 s
# for compaction (at 64 MB: none) and the store was 50 % larger. Loading a part this size
# takes about 600 MB of memory.
BATCH_CHARS = 64 * 2**20
# The first part: about 15 plans, so that loading starts while the next ones are read.
FIRST_PART_CHARS = 8 * 2**20

VERSION = re.compile(r"v\d{6}")

# The build locks this process holds. A forked process (a worker reading files) closes its
# copies at once, so that the lock ends with the builder whatever its workers do.
_HELD_LOCKS: set[int] = set()


def _close_held_locks() -> None:
    for fd in _HELD_LOCKS:
        os.close(fd)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_close_held_locks)

# Every triple of every graph once: DISTINCT because a triple may stand in several graphs.
UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


class StoreError(Exception):
    """The store cannot do what was asked; the message names its directory."""


class StoreBusy(StoreError):
    """Another process is building the store."""


def rdf_format(name: str) -> RdfFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown RDF format {name!r}: use one of {', '.join(FORMATS)}") from None


class Store:
    """A store directory: build it with `build()`, read its current version with the rest."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        # `kg serve` reads from many threads: switching versions must happen once.
        self._switching = threading.Lock()
        self._version: str | None = None
        self._db: pyoxigraph.Store | None = None
        self._pin: int | None = None

    @classmethod
    def default_path(cls) -> Path:
        return Path(os.environ.get("KG_STORE") or ".kg")

    def exists(self) -> bool:
        return (self.path / "current").is_file()

    def build(self, derived: Derived | None = None) -> Build:
        """`with store.build() as build:` changes the store all at once, or not at all.

        `derived` keeps graphs made from the others up to date (see `Derived`).
        """
        return Build(self, derived)

    def open(self) -> pyoxigraph.Store:
        """The current version, read-only.

        The same object comes back until a build publishes a newer version. A store
        returned earlier stays readable until this object opens a newer one or is closed.
        """
        with self._switching:
            version = self._current_version()
            while version != self._version:
                pin = _pin(self.path / version)
                if pin is not None:
                    try:
                        db = pyoxigraph.Store.read_only(str(self.path / version))
                    except OSError as error:
                        os.close(pin)
                        raise StoreError(f"the store {self.path} cannot be read: {error}") from error
                    self.close()
                    self._version, self._db, self._pin = version, db, pin
                    break
                # Deleted between reading `current` and locking it: a build has published since.
                latest = self._current_version()
                if latest == version:
                    raise StoreError(f"the store {self.path} is damaged: its version {version} is missing")
                version = latest
            assert self._db is not None  # set by the loop, which breaks only once it is
            return self._db

    def close(self) -> None:
        """Stop reading, so that builds may delete the version this object had open."""
        self._db = None
        if self._pin is not None:
            os.close(self._pin)
        self._version = self._pin = None

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(graph.value for graph in self.open().named_graphs())

    def triple_count(self, graph: str | None = None) -> int:
        """Triples in one graph, or in all of them (a triple in two graphs counts twice)."""
        db = self.open()
        if graph is None:
            return len(db)
        result = db.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {NamedNode(graph)} {{ ?s ?p ?o }} }}")
        assert isinstance(result, pyoxigraph.QuerySolutions)
        (row,) = result
        return int(row["n"].value)

    def query(self, sparql: str, terms: dict | None = None, *, allow_service: bool = False):
        """Run SPARQL over the union of all graphs.

        A triple stated in several graphs matches once per graph: count with DISTINCT.
        `terms` binds variables by name to pyoxigraph terms (see kg.sparql.bound). A
        SERVICE clause (a call to another endpoint) raises ServiceRefused unless
        `allow_service`.
        """
        if not allow_service:
            refuse_service(sparql)
        return self.open().query(bound(sparql, terms or {}), use_default_graph_as_union=True)

    def dump(self, output: BinaryIO, format: str, prefixes: dict[str, str] | None = None) -> None:
        """Write the store: nq, trig and jsonld keep the named graphs; turtle and nt write
        the union of all graphs, each triple once."""
        self.write(self.open(), output, rdf_format(format), prefixes)

    @staticmethod
    def write(
        db: pyoxigraph.Store, output: BinaryIO, rdf: RdfFormat, prefixes: dict[str, str] | None = None
    ) -> None:
        """Write a pyoxigraph store as `dump` does (a server's copy is written the same way)."""
        if rdf.supports_datasets:
            db.dump(output, rdf, prefixes=prefixes)
        else:
            union = db.query(UNION_TRIPLES, use_default_graph_as_union=True)
            assert isinstance(union, pyoxigraph.QueryTriples)
            pyoxigraph.serialize(union, output, rdf, prefixes=prefixes)

    def _current_version(self) -> str:
        version = _read_current(self.path)
        if version is None:
            raise StoreError(f"no graph has been built in the store {self.path} yet")
        return version


class Derived(Protocol):
    """Graphs a build makes from the others (kg.descriptions), told what changes."""

    def derived(self, graph: str) -> bool:
        """Whether `graph` is one of them."""

    def removing(self, db: pyoxigraph.Store, graphs: list[str]) -> None:
        """`graphs` are about to leave the work database `db`."""

    def refresh(self, db: pyoxigraph.Store) -> None:
        """Every graph given is in `db`: bring the derived graphs up to date."""


class Build:
    """One all-or-nothing change to a store.

    Entering takes the store's lock, or raises StoreBusy at once. Each graph may be given
    once, to `replace_graph`, `add_nquads` or `remove_graph`. Leaving normally writes the
    new version and publishes it (unless `discard` was called, or nothing was given);
    leaving by an exception discards everything.
    """

    def __init__(self, store: Store, derived: Derived | None = None):
        self.store = store
        self._derived = derived
        self._lock: int | None = None
        self._db: pyoxigraph.Store | None = None  # the work database, once publishing
        self._db_path: Path | None = None
        self._given: set[str] = set()
        self._discarded = False
        self._loader: _Loader | None = None  # fills work/new with the graphs given

    @property
    def _work(self) -> Path:
        return self.store.path / "work"

    def __enter__(self) -> Build:
        self._lock = _lock(self.store.path)
        try:
            # Holding the lock, any work folder or unpinned old version is debris.
            _remove_unpinned_versions(self.store.path, keep=_read_current(self.store.path))
            shutil.rmtree(self._work, ignore_errors=True)
            self._work.mkdir()
        except BaseException:
            self._finish()
            raise
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            if kind is None and self._given and not self._discarded:
                self._publish()
        except OSError as failure:
            raise StoreError(f"the store {self.store.path} could not be written: {failure}") from failure
        finally:
            self._finish()
        if isinstance(error, OSError) and not error.filename:
            # Writing the work files failed (a full disk): the message says which store.
            reason = error.strerror or error
            raise StoreError(f"the store {self.store.path} could not be written: {reason}") from error

    def replace_graph(self, graph: str, data: bytes | str, format: str = "nt") -> None:
        """Make `data` (triples: nt or turtle) the whole content of the named graph, checked now."""
        rdf = rdf_format(format)
        if rdf.supports_datasets:
            raise ValueError(f"a graph's content is triples (nt or turtle), not {format}")
        self._check_new(graph)
        checked = pyoxigraph.Store()
        checked.load(data, format=rdf, to_graph=NamedNode(graph))
        self._given.add(graph)  # only now: a graph whose text failed to parse stays as it was
        self._load(checked.dump(format=RdfFormat.N_QUADS) or b"")  # None only when given an output

    def add_nquads(self, graph: str, nquads: str) -> None:
        """Make `nquads` (N-Quads, every quad in `graph`) the whole content of the named graph.

        The text goes straight to the bulk loader: a syntax error fails the whole build,
        leaving the store as it was. For text made by code that escapes its terms
        (kg.mapping); `replace_graph` checks text as it is given.
        """
        self._check_new(graph)
        self._given.add(graph)
        self._load(nquads.encode("utf-8"))

    def remove_graph(self, graph: str) -> None:
        self._check_new(graph)
        self._given.add(graph)

    def discard(self) -> None:
        """Leave the store as it was when the build ends, whatever was given."""
        self._discarded = True

    def _check_new(self, graph: str) -> None:
        if self._lock is None:
            raise RuntimeError("a build is used as `with store.build() as build:`")
        # Twice would be ambiguous (two documents with one IRI, most likely): refuse.
        if graph in self._given:
            raise ValueError(f"the graph {graph} is given twice in one build")

    def _load(self, nquads: bytes) -> None:
        if self._loader is None:
            self._loader = _Loader(self._work)
        self._loader.write(nquads)
        if self._loader.db is None and self._loader.parts:
            # A part is full: a large build. Its graphs are loaded from now on, into a
            # database of their own (see `_work_database`).
            self._loader.start(pyoxigraph.Store(str(self._work / "new")))

    def _loaded(self, loader: _Loader) -> pyoxigraph.Store:
        """`loader`'s database, once everything given to it is in."""
        try:
            return loader.finish()
        except SyntaxError as error:
            raise StoreError(
                f"the store {self.store.path} was not changed: a graph given to it is not valid N-Quads ({error})"
            ) from error

    def _publish(self) -> None:
        root = self.store.path
        loader, self._loader = self._loader, None
        if loader is not None and loader.db is not None:
            self._db = self._work_database(self._loaded(loader))
        else:  # a small build: what it gives goes straight into the next version
            self._db = self._work_database(None)
            if loader is not None:
                loader.start(self._db)
                self._loaded(loader)
        # Compacted before the derived graphs are made: their queries run twice as fast.
        if self._mostly_given(self._db):
            self._db.optimize()
        if self._derived is not None:
            self._derived.refresh(self._db)
        self._db.flush()
        self._db = None  # closes the work database, so that it can be read read-only
        assert self._db_path is not None  # set with the work database
        version = _next_version(root)
        try:
            pyoxigraph.Store.read_only(str(self._db_path)).backup(str(root / version))
            _sync_tree(root / version)
            _point_to(root, version)
        except BaseException:
            if _read_current(root) != version:
                shutil.rmtree(root / version, ignore_errors=True)
            raise
        _sync(root)
        _remove_unpinned_versions(root, keep=version)

    def _mostly_given(self, db: pyoxigraph.Store) -> bool:
        """Whether the graphs this build gives are a quarter or more of the documents in
        `db`. Bulk loading leaves a database in many overlapping files, which makes every
        lookup of a query two to three times slower until they are compacted (`optimize`,
        about 2 s per million triples); a build that adds a few documents to a large store
        leaves it as it was and skips that cost."""
        derived = self._derived.derived if self._derived else lambda graph: False
        documents = sum(1 for graph in db.named_graphs() if not derived(graph.value))
        return len(self._given) * 4 >= documents

    def _work_database(self, new: pyoxigraph.Store | None) -> pyoxigraph.Store:
        """The current version without the graphs this build gives, and with `new` (the
        database of the graphs given, when they are already loaded).

        Removing a graph costs about as much as loading it, so when nothing of the current
        version survives but derived graphs (building the same documents again) that is
        `new` itself, or an empty database. Otherwise the current version is copied (hard
        links), the graphs given are removed from the copy and `new`'s graphs loaded into it.
        """
        current = _read_current(self.store.path)
        if current is not None:
            old = pyoxigraph.Store.read_only(str(self.store.path / current))
            graphs = list(old.named_graphs())
            replaced = [graph for graph in graphs if graph.value in self._given]
            derived = self._derived.derived if self._derived else lambda graph: False
            if any(graph.value not in self._given and not derived(graph.value) for graph in graphs):
                if self._derived is not None:
                    self._derived.removing(old, [graph.value for graph in replaced])
                self._db_path = self._work / "db"
                old.backup(str(self._db_path))
                del old
                db = pyoxigraph.Store(str(self._db_path))
                for graph in replaced:
                    db.remove_graph(graph)
                if new is not None:
                    loader = _Loader(self._work)
                    loader.start(db)
                    for graph in new.named_graphs():
                        quads = new.quads_for_pattern(None, None, None, graph)
                        loader.write(pyoxigraph.serialize(quads, format=RdfFormat.N_QUADS) or b"")
                    loader.finish()
                return db
        self._db_path = self._work / "new"
        return new if new is not None else pyoxigraph.Store(str(self._db_path))

    def _finish(self) -> None:
        if self._loader is not None:
            self._loader.stopping = True
            with contextlib.suppress(Exception):  # what was given is dropped with the work folder
                self._loader.finish()
            self._loader = None
        self._db = None
        shutil.rmtree(self._work, ignore_errors=True)
        _unlock(self._lock)
        self._lock = None


class _Loader:
    """N-Quads text loaded by Oxigraph's bulk loader, in a thread beside the writer.

    The text is written in parts (see BATCH_CHARS), each a file in `folder`. Once
    started with a database, the loader takes each part as soon as it is written, with the
    GIL released (`bulk_load`), while the next is written.
    """

    def __init__(self, folder: Path):
        self.db: pyoxigraph.Store | None = None
        self.parts = 0  # parts written in full
        self.stopping = False  # set when the build fails: the parts not yet loaded are not
        self._folder = folder
        self._queue: queue.SimpleQueue[Path | None] = queue.SimpleQueue()  # parts, in order
        self._part: BinaryIO | None = None
        self._written = 0  # bytes written into the current part
        self._limit = min(FIRST_PART_CHARS, BATCH_CHARS)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bulk loader", daemon=True)

    def start(self, db: pyoxigraph.Store) -> None:
        self.db = db
        self._thread.start()

    def write(self, nquads: bytes) -> None:
        if self._part is None:
            self._part = (self._folder / f"part{self.parts + 1:05d}.nq").open("wb")
        self._part.write(nquads)
        self._written += len(nquads)
        if self._written >= self._limit:
            self._limit = min(2 * self._limit, BATCH_CHARS)
            self._end_part()

    def finish(self) -> pyoxigraph.Store:
        """The database, once all that was written is loaded (the loader's error if any)."""
        try:
            self._end_part()
        finally:
            self._queue.put(None)
            if self._thread.is_alive():
                self._thread.join()
        db, self.db = self.db, None  # the caller's alone, so that it closes when they drop it
        if self._error is not None:
            raise self._error
        assert db is not None, "a loader is started before it finishes"
        return db

    def _end_part(self) -> None:
        part, self._part, self._written = self._part, None, 0
        if part is not None:
            part.close()
            self.parts += 1
            self._queue.put(Path(part.name))

    def _run(self) -> None:
        assert self.db is not None
        while (part := self._queue.get()) is not None:
            try:
                if self._error is None and not self.stopping:
                    self.db.bulk_load(path=str(part), format=RdfFormat.N_QUADS)
            except BaseException as error:  # raised in the writer's thread by finish()
                self._error = error
            finally:
                part.unlink()


def _lock(root: Path) -> int:
    """Take the build lock without waiting; StoreBusy names the process that holds it."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StoreError(f"cannot create the store {root}: {error.strerror}") from error
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        by = f"another process (pid {holder})" if holder.isdigit() else "another process"
        raise StoreBusy(f"the store {root} is being built by {by}; try again when it finishes") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    _HELD_LOCKS.add(fd)
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None:
        _HELD_LOCKS.discard(fd)
        os.ftruncate(fd, 0)
        os.close(fd)  # closing releases the flock


def _read_current(root: Path) -> str | None:
    try:
        return (root / "current").read_text(encoding="ascii").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _pin(directory: Path) -> int | None:
    """Lock a version shared, so that no build deletes it; None if it is already gone."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return None
    fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a build is deleting this version
    if not (directory / "CURRENT").exists():
        os.close(fd)
        return None
    return fd


def _versions(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if VERSION.fullmatch(p.name))


def _next_version(root: Path) -> str:
    latest = max((int(name[1:]) for name in _versions(root)), default=0)
    return f"v{latest + 1:06d}"


def _remove_unpinned_versions(root: Path, keep: str | None) -> None:
    for name in _versions(root):
        if name == keep:
            continue
        fd = os.open(root / name, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a reader has it open
        else:
            shutil.rmtree(root / name)
        finally:
            os.close(fd)


def _point_to(root: Path, version: str) -> None:
    """Make `version` current: the one step that publishes a build."""
    pending = root / "current.new"
    pending.write_text(version + "\n", encoding="ascii")
    _sync(pending)
    os.replace(pending, root / "current")


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_tree(directory: Path) -> None:
    """Make a version durable before anything names it."""
    for path in directory.iterdir():
        _sync(path)
    _sync(directory)
