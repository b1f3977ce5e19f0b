"""`kg serve`: the SPARQL 1.1 Protocol endpoint, over real HTTP on the loopback interface."""
from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.server import make_server
from kg.store import Store

DOCUMENTS = ("PREFIX fg: <https://w3id.org/fengong/ontology#> "
             "SELECT ?key WHERE { ?doc a fg:PolicyDocument ; fg:key ?key } ORDER BY ?key")


@pytest.fixture(scope="module")
def endpoint(plans_store):
    server = make_server(Store(plans_store), "127.0.0.1", 0, links={"<tasks> & more": "/tasks?a=1&b=2"})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def get(endpoint: str, query: str, accept: str):
    return fetch(f"{endpoint}/sparql?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


def test_select_with_sparqlwrapper(endpoint):
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(DOCUMENTS)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert [b["key"]["value"] for b in bindings] == ["gansu_water", "jiangxi_air", "jiangxi_water"]


@pytest.mark.parametrize("accept, separator", [("text/csv", ","), ("text/tab-separated-values", "\t")])
def test_csv_and_tsv_by_accept(endpoint, accept, separator):
    query = "SELECT ?a ?b WHERE { VALUES (?a ?b) { (1 2) } }"
    status, headers, body = get(endpoint, query, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    assert body.splitlines()[1].replace("?", "") == separator.join(["1", "2"])
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_json_is_the_default_and_xml_on_request(endpoint):
    status, headers, body = get(endpoint, "ASK { ?s ?p ?o }", "*/*")
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert json.loads(body)["boolean"] is True
    status, headers, body = get(endpoint, "ASK { ?s ?p ?o }", "application/sparql-results+xml")
    assert "<boolean>true</boolean>" in body


def test_post_form_and_post_query(endpoint):
    form = urllib.parse.urlencode({"query": DOCUMENTS}).encode()
    _, _, by_form = fetch(f"{endpoint}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    _, _, by_body = fetch(f"{endpoint}/sparql", DOCUMENTS.encode(), {"Content-Type": "application/sparql-query"})
    assert by_form == by_body and len(json.loads(by_body)["results"]["bindings"]) == 3


def test_construct_as_turtle_or_ntriples(endpoint):
    query = DOCUMENTS.replace("SELECT ?key WHERE", "CONSTRUCT { ?doc fg:key ?key } WHERE")
    query = query.replace(" ORDER BY ?key", "")
    status, headers, body = get(endpoint, query, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle") and "gansu_water" in body
    status, headers, body = get(endpoint, query, "application/n-triples")
    assert len(body.splitlines()) == 3


def test_a_malformed_query_is_400_with_the_parser_message(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE {", "application/sparql-results+json")
    assert status == 400 and "error at" in body


def test_updates_are_refused(endpoint):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    form = urllib.parse.urlencode({"update": update}).encode()
    status, _, _ = fetch(f"{endpoint}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400
    status, _, _ = fetch(f"{endpoint}/sparql", update.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400
    _, _, body = get(endpoint, "ASK { <urn:a> <urn:b> <urn:c> }", "application/sparql-results+json")
    assert json.loads(body)["boolean"] is False


def test_index_page_escapes_its_links(endpoint):
    status, headers, body = fetch(f"{endpoint}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<a href="/sparql">' in body
    assert '<a href="/tasks?a=1&amp;b=2">&lt;tasks&gt; &amp; more</a>' in body
    assert fetch(f"{endpoint}/nothing")[0] == 404


def test_a_port_in_use_is_one_line(kg, plans_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = kg("serve", "--port", port, "--store", plans_store)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kg: cannot listen on 127.0.0.1:{port}: ")
    assert len(result.stderr.splitlines()) == 1
