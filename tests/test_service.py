"""A query never makes this machine call another endpoint (SERVICE) unless asked to.

pyoxigraph runs SERVICE clauses itself, over HTTP: a query from outside could make the
machine send requests anywhere it reaches. The store refuses such queries; `kg query`
runs them only with --allow-service. A real listener on the loopback interface shows
whether anything was sent.
"""
from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.sparql import ServiceRefused, calls_service
from kg.store import Store

PLANS = Path(__file__).parent / "fixtures" / "graph" / "plans"


@contextlib.contextmanager
def listener():
    """A TCP listener on the loopback interface; yields (port, the requests it received).

    Each connection is read once and closed without an answer."""
    received: list[bytes] = []
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                with contextlib.suppress(OSError):
                    received.append(connection.recv(65536))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], received
    finally:
        stop.set()
        thread.join()
        server.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("service") / "store"
    assert CliRunner().invoke(main, ["build", str(PLANS), "--store", str(path)]).exit_code == 0
    return path


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "select * where { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o.SERVICE<http://x/>{ ?a ?b ?c } }",
    "SELECT * WHERE { VALUES ?e { <http://x/> } SERVICE ?e { ?s ?p ?o } }",
    "PREFIX ex: <urn:> SELECT * WHERE { ?s ex:a\\#b ?o SERVICE <http://x/> {} }",
    "SELECT * WHERE { ?s ?p 'it\\'s' . SERVICE <http://x/> {} }",
    "SELECT * WHERE { ?s ?p ?o } # a comment\nSERVICE <http://x/> {}",
])
def test_a_service_clause_is_found_however_it_is_written(query):
    assert calls_service(query)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> {}' }",
    'SELECT * WHERE { ?s ?p """a "SERVICE" b""" }',
    "SELECT * WHERE { ?s ?p <http://example.org/SERVICE> }",
    "PREFIX service: <urn:> SELECT ?SERVICE WHERE { ?s service:SERVICE ?SERVICE }",
    "PREFIX ex: <urn:> SELECT * WHERE { ?s ex:a.SERVICE ?o }",
    "SELECT * WHERE { ?s ?p \"x\"@en-SERVICE } # SERVICE <http://x/> {}",
    "SELECT * WHERE { _:b.SERVICE ?p ?o }",
])
def test_the_word_elsewhere_is_not_a_service_clause(query):
    assert not calls_service(query)


def test_the_store_refuses_service_and_sends_nothing(store):
    with listener() as (port, received):
        with pytest.raises(ServiceRefused):
            Store(store).query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
    assert received == []


def test_kg_query_refuses_service_and_sends_nothing(store):
    with listener() as (port, received):
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        result = CliRunner().invoke(main, ["query", "--sparql", "-", "--store", str(store)], input=query)
    assert result.exit_code == 1
    assert result.stderr.strip() == "kg: SERVICE is not allowed: queries read only this store's graph"
    assert received == []


def test_kg_query_calls_the_service_when_allowed(store):
    with listener() as (port, received):
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        result = CliRunner().invoke(main, ["query", "--sparql", "-", "--allow-service", "--store", str(store)],
                                    input=query)
    [request] = received
    assert request.startswith(b"POST /sparql ")
    # The listener closes without answering: one line says so, no traceback.
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("kg: ")
