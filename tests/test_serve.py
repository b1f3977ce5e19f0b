"""`kg serve`: the SPARQL 1.1 Protocol endpoint, over real HTTP on the loopback interface.

The endpoint answers queries as the protocol says, and holds against hostile pages and
clients: no SERVICE, no cross-origin reads, no foreign Host, no query past its deadline or
its row cap, no request that hangs or breaks it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import psutil
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from kg.limits import Limits
from kg.server import Server, make_app
from kg.store import Store

DOCUMENTS = (
    "PREFIX fg: <https://w3id.org/fengong/ontology#> "
    "SELECT ?key WHERE { ?doc a fg:PolicyDocument ; fg:key ?key } ORDER BY ?key"
)
# Every triple against every triple against every triple, counted: nothing comes back
# before all of it is done, which on this graph is far longer than any test's deadline.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# Short limits so that the tests of them are quick; the others keep the defaults.
QUICK = Limits(body_timeout=1, header_timeout=1, max_body=10_000)


@contextlib.contextmanager
def serving(store: Store, limits: Limits = QUICK, **options):
    """The app on a free loopback port, served by uvicorn from a thread; yields its URL."""
    server = Server(make_app(store, limits=limits, **options), "127.0.0.1", 0, limits)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()
        thread.join(30)


@pytest.fixture(scope="module")
def store(plans_store) -> Store:
    return Store(plans_store)


@pytest.fixture(scope="module")
def endpoint(store):
    with serving(store) as url:
        yield url


def fetch(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def get(endpoint: str, query: str, accept: str = "*/*", headers: dict | None = None):
    return fetch(
        f"{endpoint}/sparql?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": accept, **(headers or {})},
    )


def raw(endpoint: str, request: bytes, wait: float = 10) -> bytes:
    """Send `request` as it is on a new connection; everything the server sends back until
    it closes the connection or `wait` seconds pass."""
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as connection:
        connection.sendall(request)
        received = b""
        with contextlib.suppress(TimeoutError):
            while chunk := connection.recv(65536):
                received += chunk
    return received


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


# The protocol


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


def test_json_is_the_default_and_xml_on_request(endpoint):
    status, headers, body = get(endpoint, "ASK { ?s ?p ?o }", "*/*")
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert json.loads(body)["boolean"] is True
    status, headers, body = get(endpoint, "ASK { ?s ?p ?o }", "application/sparql-results+xml")
    assert "<boolean>true</boolean>" in body


def test_terms_of_every_kind_come_back_as_they_are(endpoint):
    query = (
        "SELECT ?iri ?text ?number ?blank ?unbound WHERE { VALUES (?iri ?text ?number) "
        '{ (<urn:x> "tab\\there \\"quoted\\" 中文"@zh 7) } BIND(BNODE() AS ?blank) }'
    )
    status, _, body = get(endpoint, query, "application/sparql-results+json")
    [row] = json.loads(body)["results"]["bindings"]
    assert row["iri"] == {"type": "uri", "value": "urn:x"}
    assert row["text"] == {"type": "literal", "value": 'tab\there "quoted" 中文', "xml:lang": "zh"}
    assert row["number"]["value"] == "7" and row["number"]["datatype"].endswith("#integer")
    assert row["blank"]["type"] == "bnode" and "unbound" not in row


def test_post_form_and_post_query(endpoint):
    form = urllib.parse.urlencode({"query": DOCUMENTS}).encode()
    _, _, by_form = fetch(f"{endpoint}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    _, _, by_body = fetch(
        f"{endpoint}/sparql", DOCUMENTS.encode(), {"Content-Type": "application/sparql-query"}
    )
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


def test_index_page_and_404(endpoint):
    status, headers, body = fetch(f"{endpoint}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<a href="/sparql">' in body
    assert fetch(f"{endpoint}/nothing")[0] == 404


def test_further_routes_are_served_beside_the_endpoint_and_may_take_the_index(store):
    routes = [
        Route("/", lambda request: PlainTextResponse("home")),
        Route("/department/{id}", lambda request: PlainTextResponse(request.path_params["id"])),
    ]
    with serving(store, routes=routes) as url:
        assert fetch(f"{url}/")[2] == "home"
        assert fetch(f"{url}/department/410000")[2] == "410000"
        assert json.loads(get(url, "ASK { ?s ?p ?o }")[2])["boolean"] is True


def test_a_build_while_serving_shows_at_the_next_request(kg, plans, tmp_path):
    path = tmp_path / "store"
    plans = sorted(plans.iterdir())
    assert kg("build", plans[0], "--store", path).exit_code == 0
    count = (
        "PREFIX fg: <https://w3id.org/fengong/ontology#> "
        "SELECT (COUNT(?d) AS ?n) WHERE { ?d a fg:PolicyDocument }"
    )
    with serving(Store(path)) as url:
        assert json.loads(get(url, count)[2])["results"]["bindings"][0]["n"]["value"] == "1"
        assert kg("build", plans[1], "--store", path).exit_code == 0
        assert json.loads(get(url, count)[2])["results"]["bindings"][0]["n"]["value"] == "2"


# Hostile pages and queries


def test_service_is_refused_and_nothing_is_sent(endpoint, listener):
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    status, _, body = get(endpoint, query)
    form = urllib.parse.urlencode({"query": query.replace("SERVICE", "service silent")}).encode()
    by_form = fetch(f"{endpoint}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    time.sleep(0.5)
    assert status == 400 and "SERVICE is not allowed" in body
    assert by_form[0] == 400
    assert listener.received == []


def test_no_cross_origin_reads_by_default(endpoint):
    status, headers, _ = get(endpoint, "ASK { ?s ?p ?o }", headers={"Origin": "http://evil.example"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    preflight = {"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
    status, headers, _ = fetch(f"{endpoint}/sparql", headers=preflight, method="OPTIONS")
    assert "Access-Control-Allow-Origin" not in headers


def test_one_origin_may_be_allowed(store):
    with serving(store, cors="http://localhost:3000") as url:
        _, headers, _ = get(url, "ASK { ?s ?p ?o }", headers={"Origin": "http://localhost:3000"})
        assert headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
        _, headers, _ = get(url, "ASK { ?s ?p ?o }", headers={"Origin": "http://evil.example"})
        assert "Access-Control-Allow-Origin" not in headers
        preflight = {
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }
        status, headers, _ = fetch(f"{url}/sparql", headers=preflight, method="OPTIONS")
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "http://localhost:3000"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example"])
def test_a_foreign_host_header_is_refused(endpoint, host):
    status, _, body = get(endpoint, "ASK { ?s ?p ?o }", headers={"Host": host})
    assert status == 400 and "host" in body.lower()


def test_the_loopback_names_are_accepted(endpoint):
    port = urllib.parse.urlsplit(endpoint).port
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        assert get(endpoint, "ASK { ?s ?p ?o }", headers={"Host": host})[0] == 200


def test_more_rows_than_the_cap_is_413_and_the_cap_itself_is_served(store):
    with serving(store, Limits(max_rows=5)) as url:
        status, _, body = get(url, "SELECT * WHERE { ?s ?p ?o }")
        assert status == 413 and "more than 5 results" in body
        status, _, body = get(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
        assert get(url, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")[0] == 413
        status, _, body = get(url, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5", "application/n-triples")
        assert status == 200 and len(body.splitlines()) == 5


def _workers() -> set[int]:
    # The pools' processes: forked by multiprocessing's fork server, a child of this process.
    return {
        worker.pid
        for server in psutil.Process().children()
        if "forkserver" in " ".join(server.cmdline())
        for worker in server.children()
    }


def _ends(pid: int, wait: float = 10) -> bool:
    """Whether the process `pid` is gone (or a zombie, its work over) within `wait` seconds."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


def test_a_query_past_its_deadline_is_503_and_its_worker_is_killed(store):
    others = _workers()
    with serving(store, Limits(timeout=2, workers=1)) as url:
        # Wait for the worker to start (before the deadline counts) with a quick query.
        assert get(url, "ASK { ?s ?p ?o }")[0] == 200
        [worker] = _workers() - others
        started = time.monotonic()
        status, _, body = get(url, CARTESIAN)
        assert status == 503 and "did not finish within 2 s" in body
        assert time.monotonic() - started < 10
        assert _ends(worker)
        # A new worker takes the next query.
        assert get(url, "ASK { ?s ?p ?o }")[0] == 200
        assert worker not in _workers()


# Malformed and slow requests


@pytest.mark.parametrize("length", [b"-1", b"abc", b"1 2", b""])
def test_a_bad_content_length_is_400(endpoint, length):
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: " + length + b"\r\n\r\nASK {}"
    )
    assert status_of(raw(endpoint, request)) == 400


def test_a_body_shorter_than_its_length_is_400_once_it_stops_coming(endpoint):
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 100\r\n\r\nASK {}"
    )
    started = time.monotonic()
    response = raw(endpoint, request)
    assert status_of(response) == 400 and b"did not arrive within 1 s" in response
    assert time.monotonic() - started < 8


@pytest.mark.parametrize(
    "content_type, body",
    [
        (b"application/sparql-query", b'ASK { ?s ?p "\xff\xfe" }'),
        (b"application/x-www-form-urlencoded", b"query=ASK%20%7B%7D%FF"),
    ],
)
def test_a_body_that_is_not_utf8_is_400(endpoint, content_type, body):
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        + content_type
        + b"\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )
    response = raw(endpoint, request)
    assert status_of(response) == 400 and b"UTF-8" in response


def test_a_url_that_is_not_utf8_is_400(endpoint):
    response = raw(endpoint, b"GET /sparql?query=ASK%20%7B%7D%C3%28 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert status_of(response) == 400 and b"UTF-8" in response


def test_a_body_over_the_limit_is_413(endpoint):
    query = b"ASK { ?s ?p ?o } #" + b"x" * 20_000
    status, _, body = fetch(f"{endpoint}/sparql", query, {"Content-Type": "application/sparql-query"})
    assert status == 413 and "over 10000 bytes" in body


def test_a_request_whose_headers_never_end_is_closed(endpoint):
    started = time.monotonic()
    assert raw(endpoint, b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n", wait=20) == b""
    assert time.monotonic() - started < 8


def test_connections_beyond_the_limit_are_503(store):
    with serving(store, Limits(connections=3)) as url:
        host, port = urllib.parse.urlsplit(url).netloc.split(":")
        idle = [socket.create_connection((host, int(port))) for _ in range(3)]
        try:
            time.sleep(0.3)
            assert get(url, "ASK { ?s ?p ?o }")[0] == 503
        finally:
            for connection in idle:
                connection.close()
        time.sleep(0.3)
        assert get(url, "ASK { ?s ?p ?o }")[0] == 200


def test_kg_serve_prints_its_address_serves_and_stops_on_ctrl_c_leaving_no_process(store):
    command = [sys.executable, "-m", "kg", "serve", "--port", "0", "--store", str(store.path)]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        line = server.stdout.readline()
        assert line.startswith(f"serving {store.path} at http://127.0.0.1:")
        url = line.split(" at ")[1].strip()
        assert json.loads(fetch(f"{url}?query=ASK%7B%7D")[2])["boolean"] is True
        processes = psutil.Process(server.pid).children(recursive=True)
    finally:
        os.killpg(server.pid, signal.SIGINT)  # as Ctrl-C in a terminal: to the whole group
        _, errors = server.communicate(timeout=60)
    assert server.returncode == 0 and errors == ""
    assert all(_ends(process.pid) for process in processes)


def test_a_port_in_use_is_one_line(kg, plans_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = kg("serve", "--port", port, "--store", plans_store)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kg: cannot listen on 127.0.0.1:{port}: ")
    assert len(result.stderr.splitlines()) == 1
