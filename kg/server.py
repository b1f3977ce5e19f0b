"""A read-only SPARQL 1.1 Protocol endpoint over the store, on the standard library's HTTP server.

    GET  /sparql?query=...                       (query in the URL)
    POST /sparql  application/x-www-form-urlencoded  query=...
    POST /sparql  application/sparql-query          the query as the body

Results follow the Accept header: SPARQL JSON (the default), XML, CSV or TSV for SELECT and
ASK; Turtle (the default) or N-Triples for CONSTRUCT and DESCRIBE. An update, or any query
that does not parse, gets 400 with the parser's message: the store is opened read-only, and
update requests are never run. Each request reads the store's current version, so a build
published while serving shows at the next request.
"""
from __future__ import annotations

import html
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from pyoxigraph import QueryResultsFormat, QueryTriples, RdfFormat

from .store import Store, StoreError

RESULT_FORMATS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
}


def _negotiate(accept: str, formats: dict, default):
    """The first media type of `accept` that `formats` knows (quality values are ignored)."""
    for item in accept.split(","):
        media_type = item.split(";")[0].strip().lower()
        if media_type in formats:
            return media_type, formats[media_type]
    return default, formats[default]


class SparqlHandler(BaseHTTPRequestHandler):
    store: Store  # set on the class made by make_server
    links: dict[str, str]

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/":
            self._send(200, "text/html; charset=utf-8", self._index())
        elif url.path == "/sparql":
            self._answer(parse_qs(url.query).get("query", []))
        else:
            self._send(404, "text/plain; charset=utf-8", f"no page at {url.path}\n".encode())

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send(404, "text/plain; charset=utf-8", f"no page at {url.path}\n".encode())
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-query":
            self._answer([body])
        elif content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                self._send(400, "text/plain; charset=utf-8", b"this endpoint is read-only: no updates\n")
            else:
                self._answer(form.get("query", []))
        else:
            self._send(415, "text/plain; charset=utf-8",
                       b"send application/sparql-query or application/x-www-form-urlencoded\n")

    def do_OPTIONS(self) -> None:
        # A browser's preflight before a cross-origin POST (YASGUI sends one).
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()

    def _answer(self, queries: list[str]) -> None:
        if len(queries) != 1:
            self._send(400, "text/plain; charset=utf-8", b"give exactly one query parameter\n")
            return
        try:
            results = self.store.query(queries[0])
        except SyntaxError as error:
            self._send(400, "text/plain; charset=utf-8", f"{error}\n".encode())
            return
        except (StoreError, OSError) as error:
            self._send(500, "text/plain; charset=utf-8", f"{error}\n".encode())
            return
        accept = self.headers.get("Accept") or ""
        if isinstance(results, QueryTriples):
            media_type, format_ = _negotiate(accept, GRAPH_FORMATS, "text/turtle")
        else:
            media_type, format_ = _negotiate(accept, RESULT_FORMATS, "application/sparql-results+json")
        self._send(200, f"{media_type}; charset=utf-8", results.serialize(format=format_))

    def _index(self) -> bytes:
        items = "".join(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>'
                        for label, href in {"SPARQL endpoint": "/sparql", **self.links}.items())
        store = html.escape(str(self.store.path))
        return (f'<!doctype html><html lang="en"><meta charset="utf-8"><title>Fengong</title>'
                f"<h1>Fengong</h1><p>The graph in {store}.</p><ul>{items}</ul></html>").encode()

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def make_server(store: Store, host: str = "127.0.0.1", port: int = 8000,
                links: dict[str, str] | None = None) -> ThreadingHTTPServer:
    """An HTTP server (not yet serving) with the endpoint at /sparql; port 0 picks a free one.

    `links` are further pages (label → address) listed on the index page.
    """
    handler = type("Handler", (SparqlHandler,), {"store": store, "links": dict(links or {})})
    return ThreadingHTTPServer((host, port), handler)
