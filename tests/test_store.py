"""The graph store keeps one graph per document on disk and never loses or mixes them.

A build is all or nothing: an exception, a SIGKILL or a second build at the same time
leave the store as it was, and readers see either the old version or the new, whole.
"""

import io
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import NamedNode

from kg.store import Store, StoreBusy, StoreError

EX = "http://example.org/"
ROOT = Path(__file__).resolve().parents[1]


def graph(name: str) -> str:
    return f"{EX}doc/{name}"


def ntriples(name: str, tasks: int = 3) -> str:
    """A small document graph: its tasks' titles, and the department every document names."""
    lines = [f'<{EX}doc/{name}/t{t}> <{EX}title> "{name} task {t}" .' for t in range(tasks)]
    lines.append(f'<{EX}dept/finance> <{EX}label> "省财政厅"@zh .')
    return "\n".join(lines) + "\n"


def build(store: Store, **graphs: str) -> None:
    with store.build() as b:
        for name, data in graphs.items():
            b.replace_graph(graph(name), data)


def state(store: Store) -> tuple[list[str], int, list[str]]:
    """Everything a reader can see: graphs, triple count and the dump, line by line."""
    out = io.BytesIO()
    store.dump(out, "nq")
    return store.graphs(), store.triple_count(), sorted(out.getvalue().decode().splitlines())


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "kg")


@pytest.fixture
def built(store) -> Store:
    build(store, a=ntriples("a"), b=ntriples("b"))
    return store


def versions(store: Store) -> list[str]:
    return [p.name for p in store.path.iterdir() if p.name.startswith("v")]


def disk_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run_python(code: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )


def wait_for(process: subprocess.Popen, marker: str) -> None:
    line = process.stdout.readline().strip()
    assert line == marker, f"the child process said {line!r} (exit status {process.poll()})"


# --- reading a store that was never built ---


def test_a_new_store_has_no_graph_and_reading_it_says_so_naming_the_directory(store):
    assert not store.exists()
    message = re.escape(f"no graph has been built in the store {store.path} yet")
    for read in (
        store.open,
        store.graphs,
        store.triple_count,
        lambda: store.query("ASK {}"),
        lambda: store.dump(io.BytesIO(), "nt"),
    ):
        with pytest.raises(StoreError, match=message):
            read()
    assert not store.path.exists(), "reading must not create the store"


def test_the_store_is_in_kg_of_the_working_directory_unless_kg_store_names_another(monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    assert Store.default_path() == Path(".kg")
    monkeypatch.setenv("KG_STORE", "/srv/graphs/kg")
    assert Store.default_path() == Path("/srv/graphs/kg")


# --- building ---


def test_a_build_adds_one_named_graph_per_document(built):
    assert built.exists()
    assert built.graphs() == [graph("a"), graph("b")]
    assert built.triple_count(graph("a")) == 4
    assert built.triple_count() == 8, "a triple stated by two documents counts in each graph"


def test_building_a_document_again_replaces_its_graph_and_the_count_does_not_grow(built):
    before = built.triple_count()
    build(built, a=ntriples("a").replace("task", "TASK"))
    assert built.triple_count() == before
    assert built.graphs() == [graph("a"), graph("b")]
    titles = {
        row["title"].value
        for row in built.query(
            f"SELECT ?title WHERE {{ GRAPH <{graph('a')}> {{ ?task <{EX}title> ?title }} }}"
        )
    }
    assert titles == {"a TASK 0", "a TASK 1", "a TASK 2"}


def test_building_every_document_again_gives_the_same_store(built):
    before = state(built)
    build(built, a=ntriples("a"), b=ntriples("b"))
    assert state(built) == before


def test_a_graph_can_be_removed(built):
    with built.build() as b:
        b.remove_graph(graph("a"))
    assert built.graphs() == [graph("b")]
    assert built.triple_count() == 4


def test_a_graph_given_twice_in_one_build_is_refused_and_nothing_changes(built):
    before = state(built)
    with pytest.raises(ValueError, match=f"the graph {graph('c')} is given twice"):
        with built.build() as b:
            b.replace_graph(graph("c"), ntriples("c"))
            b.replace_graph(graph("c"), ntriples("c"))
    assert state(built) == before


def test_a_graph_is_given_as_triples_in_a_known_format(built):
    with built.build() as b:
        b.replace_graph(graph("t"), f"<{EX}x> <{EX}p> 1 .", format="turtle")
        with pytest.raises(ValueError, match="unknown RDF format 'rdfxml'"):
            b.replace_graph(graph("x"), "", format="rdfxml")
        with pytest.raises(ValueError, match="triples"):
            b.replace_graph(graph("q"), f"<{EX}x> <{EX}p> <{EX}o> <{EX}other> .", format="nq")
    assert graph("t") in built.graphs()


# --- a build that fails ---


@pytest.mark.parametrize("failure", ["exception", "bad data"])
def test_a_build_that_fails_leaves_the_store_exactly_as_it_was(built, failure):
    before = state(built)
    with pytest.raises((RuntimeError, SyntaxError)):
        with built.build() as b:
            b.replace_graph(graph("a"), ntriples("a", tasks=10))
            b.remove_graph(graph("b"))
            b.replace_graph(graph("c"), ntriples("c"))
            if failure == "exception":
                raise RuntimeError("the extractor failed")
            b.replace_graph(graph("d"), "<not a triple")
    assert state(built) == before
    assert state(Store(built.path)) == before, "a new reader sees the same"


def test_a_graph_whose_text_does_not_parse_keeps_its_old_content(built):
    before = built.triple_count(graph("a"))
    with built.build() as b:
        with pytest.raises(SyntaxError):
            b.replace_graph(graph("a"), ntriples("a", tasks=5) + "<not a triple")
        b.replace_graph(graph("c"), ntriples("c"))
    assert built.triple_count(graph("a")) == before
    assert built.graphs() == [graph("a"), graph("b"), graph("c")]


def test_a_first_build_that_fails_leaves_no_graph(store):
    with pytest.raises(RuntimeError):
        with store.build() as b:
            b.replace_graph(graph("a"), ntriples("a"))
            raise RuntimeError("the extractor failed")
    assert not store.exists()
    with store.build():
        pass  # the lock was released


# Where a child process is killed: while it stages graphs, while it loads them into the
# new version, and when the new version is written but not yet current. Patching the
# store's steps makes each point certain: the child can never get past it.
KILL_POINTS = {
    "staging graphs": """
        kg.store.BATCH_CHARS = 1000   # every graph goes to disk at once
        with Store(path).build() as b:
            for n in itertools.count():
                b.replace_graph(f"http://example.org/doc/g{n}", ntriples(n))
                if n == 20:
                    print("killing point", flush=True)
    """,
    "loading the new version": """
        kg.store.BATCH_CHARS = 1000
        make_database = kg.store.Build._work_database
        def announce(build, new):
            db = make_database(build, new)
            print("killing point", flush=True)
            return db
        kg.store.Build._work_database = announce
        kg.store._point_to = lambda root, version: time.sleep(60)
        with Store(path).build() as b:
            for n in range(300):
                b.replace_graph(f"http://example.org/doc/g{n}", ntriples(n))
    """,
    "publishing": """
        def stop(root, version):
            print("killing point", flush=True)
            time.sleep(60)
        kg.store._point_to = stop
        with Store(path).build() as b:
            for n in range(300):
                b.replace_graph(f"http://example.org/doc/g{n}", ntriples(n))
    """,
}


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_build_killed_by_sigkill_leaves_the_store_as_it_was(built, point):
    before = state(built)
    prelude = textwrap.dedent(f"""
        import itertools, time
        import kg.store
        from kg.store import Store
        path = {str(built.path)!r}
        def ntriples(n):
            return "".join(f"<http://example.org/doc/g{{n}}/t{{t}}> <http://example.org/title> "
                           f"\\"task {{t}}\\" .\\n" for t in range(50))
    """)
    child = run_python(prelude + textwrap.dedent(KILL_POINTS[point]))
    try:
        wait_for(child, "killing point")
        assert (built.path / "work").exists(), "the child is building"
        if point == "publishing":
            assert len(versions(built)) == 2, "the new version is written, not yet current"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert state(built) == before
    assert state(Store(built.path)) == before

    build(built, c=ntriples("c"))  # the lock died with the process
    assert built.graphs() == [graph("a"), graph("b"), graph("c")]
    assert not (built.path / "work").exists(), "the next build clears what the killed one left"


# --- builds and readers at the same time ---


def test_a_second_build_fails_at_once_naming_the_store_and_the_process_building_it(built):
    child = run_python(f"""
        import sys
        from kg.store import Store
        with Store({str(built.path)!r}).build() as b:
            print("building", flush=True)
            sys.stdin.readline()
    """)
    try:
        wait_for(child, "building")
        # The child holds the lock until it is told to stop: a build that waited for it
        # would never return.
        with pytest.raises(StoreBusy) as busy:
            build(built, c=ntriples("c"))
        assert str(busy.value) == (
            f"the store {built.path} is being built by another process "
            f"(pid {child.pid}); try again when it finishes"
        )
    finally:
        child.communicate("\n")
    assert child.returncode == 0
    build(built, c=ntriples("c"))
    assert graph("c") in built.graphs()


def test_a_process_forked_by_a_build_does_not_keep_its_lock(built):
    read, write = os.pipe()
    with built.build() as b:
        b.replace_graph(graph("c"), ntriples("c"))
        worker = os.fork()  # as a build's file readers are
        if worker == 0:
            os.close(read)
            os.write(write, b"started")
            signal.pause()  # outlives the build
        os.close(write)
        os.read(read, 7)
    try:
        build(built, d=ntriples("d"))  # not refused: the lock ended with the build
    finally:
        os.kill(worker, signal.SIGKILL)
        os.waitpid(worker, 0)
    assert graph("d") in built.graphs()


def test_readers_see_the_old_version_while_a_build_runs_and_the_new_one_after(built):
    reader = Store(built.path)
    before = state(reader)
    with Store(built.path).build() as b:
        b.replace_graph(graph("c"), ntriples("c"))
        b.remove_graph(graph("a"))
        assert state(reader) == before
        assert state(Store(built.path)) == before
    assert reader.graphs() == [graph("b"), graph("c")], "the same reader moves to the new version"


def test_a_version_being_read_is_kept_until_its_reader_closes(built):
    reader = Store(built.path)
    old = reader.open()
    build(built, c=ntriples("c"))
    build(built, d=ntriples("d"))
    assert len(old) == 8, "the version the reader opened is still whole"
    assert len(versions(built)) == 2
    reader.close()
    build(built, e=ntriples("e"))
    assert len(versions(built)) == 1


def test_old_versions_are_deleted_so_the_disk_does_not_grow_with_builds(store):
    graphs = {f"d{n}": ntriples(f"d{n}", tasks=50) for n in range(10)}
    build(store, **graphs)
    size = disk_size(store.path)
    for _ in range(5):
        build(store, **graphs)
        build(store, d0=ntriples("d0", tasks=50))
    assert len(versions(store)) == 1
    assert disk_size(store.path) < 1.5 * size


# --- querying and exporting ---


def test_queries_see_all_graphs_as_one_and_take_bound_values(built):
    rows = built.query(
        f"SELECT ?task ?title WHERE {{ ?task <{EX}title> ?title }}", {"task": NamedNode(f"{EX}doc/b/t1")}
    )
    assert [row["title"].value for row in rows] == ["b task 1"]
    count = f"SELECT (COUNT(DISTINCT ?task) AS ?n) WHERE {{ ?task <{EX}title> ?title }}"
    assert int(next(iter(built.query(count)))["n"].value) == 6


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
@pytest.mark.parametrize(
    "format, rdflib_format, named",
    [
        ("turtle", "turtle", False),
        ("nt", "nt", False),
        ("nq", "nquads", True),
        ("trig", "trig", True),
        ("jsonld", "json-ld", True),
    ],
)
def test_exports_parse_back_with_every_triple(built, format, rdflib_format, named):
    out = io.BytesIO()
    built.dump(out, format, prefixes={"ex": EX})
    if named:
        dataset = rdflib.Dataset()
        dataset.parse(data=out.getvalue(), format=rdflib_format)
        counts = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
        assert counts == {graph("a"): 4, graph("b"): 4}
    else:
        union = rdflib.Graph().parse(data=out.getvalue(), format=rdflib_format)
        assert len(union) == 7, "the union holds the shared department once"
