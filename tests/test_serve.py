"""`kg serve`: the SPARQL 1.1 Protocol endpoint, over real HTTP on the loopback interface."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.cli import main
from kg.server import make_server
from kg.store import Store

PLANS = Path(__file__).parent / "fixtures" / "graph" / "plans"
DOCUMENTS = ("PREFIX fg: <https://w3id.org/fengong/ontology#> "
             "SELECT ?doc WHERE { ?doc a fg:PolicyDocument } ORDER BY ?doc")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "store"
    assert CliRunner().invoke(main, ["build", str(PLANS), "--store", str(path)]).exit_code == 0
    server = make_server(Store(path), "127.0.0.1", 0, links={"<tasks> & more": "/tasks?a=1&b=2"})
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
    assert [b["doc"]["value"].rsplit("/", 1)[-1] for b in bindings] == ["gansu_water", "jiangxi_air", "jiangxi_water"]


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
    query = DOCUMENTS.replace("SELECT ?doc WHERE", "CONSTRUCT { ?doc a fg:PolicyDocument } WHERE")
    query = query.replace(" ORDER BY ?doc", "")
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
