"""A query never makes this machine call another endpoint (SERVICE) unless asked to.

pyoxigraph runs SERVICE clauses itself, over HTTP: a query from outside could make the
machine send requests anywhere it reaches. The store refuses such queries; `kg query`
runs them only with --allow-service. A real listener on the loopback interface shows
whether anything was sent.
"""

from __future__ import annotations

import pytest

from kg.sparql import ServiceRefused, calls_service
from kg.store import Store


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
        "select * where { service silent <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o.SERVICE<http://x/>{ ?a ?b ?c } }",
        "SELECT * WHERE { VALUES ?e { <http://x/> } SERVICE ?e { ?s ?p ?o } }",
        "PREFIX ex: <urn:> SELECT * WHERE { ?s ex:a\\#b ?o SERVICE <http://x/> {} }",
        "SELECT * WHERE { ?s ?p 'it\\'s' . SERVICE <http://x/> {} }",
        "SELECT * WHERE { ?s ?p ?o } # a comment\nSERVICE <http://x/> {}",
    ],
)
def test_a_service_clause_is_found_however_it_is_written(query):
    assert calls_service(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> {}' }",
        'SELECT * WHERE { ?s ?p """a "SERVICE" b""" }',
        "SELECT * WHERE { ?s ?p <http://example.org/SERVICE> }",
        "PREFIX service: <urn:> SELECT ?SERVICE WHERE { ?s service:SERVICE ?SERVICE }",
        "PREFIX ex: <urn:> SELECT * WHERE { ?s ex:a.SERVICE ?o }",
        'SELECT * WHERE { ?s ?p "x"@en-SERVICE } # SERVICE <http://x/> {}',
        "SELECT * WHERE { _:b.SERVICE ?p ?o }",
    ],
)
def test_the_word_elsewhere_is_not_a_service_clause(query):
    assert not calls_service(query)


def service_query(port: int) -> str:
    return f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"


def test_the_store_refuses_service_and_sends_nothing(plans_store, listener):
    with pytest.raises(ServiceRefused):
        Store(plans_store).query(service_query(listener.port))
    assert listener.received == []


def test_kg_query_refuses_service_and_sends_nothing(kg, plans_store, listener):
    result = kg("query", "--sparql", "-", "--store", plans_store, input=service_query(listener.port))
    assert result.exit_code == 1
    assert result.stderr.strip() == "kg: SERVICE is not allowed: queries read only this store's graph"
    assert listener.received == []


def test_kg_query_calls_the_service_when_allowed(kg, plans_store, listener):
    query = service_query(listener.port)
    result = kg("query", "--sparql", "-", "--allow-service", "--store", plans_store, input=query)
    [request] = listener.received
    assert request.startswith(b"POST /sparql ")
    # The listener closes without answering: one line says so, no traceback.
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("kg: ")
