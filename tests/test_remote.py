"""A SPARQL 1.1 server as the store: `kg build --store URL` writes to it, and every named
query answers there as it does on the embedded store.

The server is Oxigraph's own (`oxigraph serve`, from the `oxigraph` package the test
dependencies install), started on a free loopback port. The graph is the development
corpus when ../shared is present, else examples/.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest

from kg import Graph
from kg.sparql import named_queries, parameters, query_text

ROOT = Path(__file__).resolve().parents[1]
OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The URL of a fresh Oxigraph server answering over the union of its graphs."""
    port = free_port()
    command = [
        str(OXIGRAPH),
        "serve",
        "--location",
        str(tmp_path_factory.mktemp("server")),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def plans() -> Path:
    corpus = ROOT.parent / "shared" / "corpus"
    return corpus if corpus.is_dir() else ROOT / "examples"


@pytest.fixture(scope="module")
def graphs(server, plans, tmp_path_factory) -> tuple[Graph, Graph]:
    """The plans built into the server and into an embedded store."""
    remote, embedded = Graph(server), Graph(tmp_path_factory.mktemp("embedded") / "kg")
    for graph in (remote, embedded):
        built = graph.build([plans])
        assert built.documents
    return remote, embedded


def values(graph: Graph) -> dict[str, dict[str, str]]:
    """Parameters for each named query, read from the graph: the department that leads most."""
    load = [row for row in graph.query("lead-load").rows if not row["collective"]]
    top, other = load[0], next(row for row in load if row["jurisdiction"] != load[0]["jurisdiction"])
    department = {"name": top["name"], "jurisdiction": top["jurisdiction"]}
    task = graph.query("held-tasks", {"holder": top["actor"]}).rows[0]["task"]
    title = graph.query("task-ledger", {"task": task}).rows[0]["title"]
    return {
        "department-tasks": department,
        "departments-named": {"label": top["name"]},
        "co-participants": department,
        "held-tasks": {"holder": top["actor"]},
        "task-ledger": {"task": task},
        "due-tasks": {"until": "2030-12-31"},
        "ego-network": {"holder": top["actor"]},
        "task-departments": {"title": title},
        "document-links": {"document": graph.documents()[0].iri},
        "jurisdiction-difference": {"a": top["jurisdiction"], "b": other["jurisdiction"]},
    }


def test_the_server_holds_what_the_embedded_store_holds(graphs):
    remote, embedded = graphs
    assert remote.stats() == embedded.stats()
    assert remote.store.graphs() == embedded.store.graphs()
    assert remote.store.triple_count() == embedded.store.triple_count()


@pytest.mark.parametrize("name", named_queries())
def test_every_named_query_answers_on_the_server_as_on_the_embedded_store(graphs, name):
    remote, embedded = graphs
    given = values(embedded).get(name, {})
    assert {p.name for p in parameters(query_text(name)) if not p.optional} <= set(given)
    here, there = embedded.query(name, given), remote.query(name, given)
    assert there.columns == here.columns
    assert sorted(map(json.dumps, there.rows)) == sorted(map(json.dumps, here.rows))
    # The plans cite no document of the store (document-links) and set no deadline (due-tasks).
    empty = ("jurisdiction-difference", "document-links", "due-tasks")
    assert here.rows or name in empty, f"{name} found nothing to compare"


def test_a_document_built_again_into_the_server_replaces_its_graph(graphs, plans):
    remote, _ = graphs
    before = remote.store.triple_count()
    remote.build([sorted(plans.iterdir())[0]])
    assert remote.store.triple_count() == before


def test_an_export_of_the_whole_corpus_loads_with_oxigraph_load(graphs, tmp_path):
    _, embedded = graphs
    dump = tmp_path / "graph.nq"
    with dump.open("wb") as output:
        embedded.export(output, "nq")
    command = [str(OXIGRAPH), "load", "--location", str(tmp_path / "loaded"), "--file", str(dump)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(pyoxigraph.Store.read_only(str(tmp_path / "loaded"))) == embedded.store.triple_count()
