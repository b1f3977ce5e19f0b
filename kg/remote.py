"""A store on a SPARQL 1.1 server: the same reading and building as `kg.store.Store`, over HTTP.

`--store http://host:port` names a server laid out as Oxigraph's (`oxigraph serve`): the
SPARQL 1.1 Protocol at `/query` and `/update` and the Graph Store Protocol at `/store`.
Queries run over the union of its graphs, so the server must answer them that way
(`oxigraph serve --union-default-graph`; Fuseki's unionDefaultGraph; Virtuoso by default).

Writing goes one named graph at a time: each document's graph is one Graph Store
Protocol PUT of its N-Triples (never a request per triple), and so is each description
graph kept by `kg.descriptions`. Unlike the embedded store, a server has no all-or-nothing
build and no build lock: readers may see a build half done, and two builds at once mix.
For a large corpus, `kg export --format nq` of an embedded store and `oxigraph load` are
the bulk path (docs/scaling.md).

Parameters are bound as by the embedded store (kg.sparql.bound). The queries that start
from given tasks or one department (task-ledger, ego-network, departments-named) look optional
details up per row with LATERAL (SEP-0006), which Oxigraph and Jena Fuseki read and
Virtuoso does not.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import quote, urlsplit

import pyoxigraph

from .sparql import bound, refuse_service
from .store import StoreError, rdf_format

if TYPE_CHECKING:
    import http.client

JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"
TURTLE = "text/turtle"


def is_url(location: str) -> bool:
    return str(location).startswith(("http://", "https://"))


class RemoteStore:
    """The store at a server's base URL."""

    def __init__(self, url: str):
        self.path = url.rstrip("/")  # what messages name it by
        parts = urlsplit(self.path)
        self._https = parts.scheme == "https"
        self._host = parts.netloc
        self._base = parts.path
        self._connection: http.client.HTTPConnection | None = None

    # --- HTTP

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        ok: tuple[int, ...] = (200, 201, 204),
    ) -> bytes:
        """One request on a kept-alive connection; StoreError naming the server when it fails."""
        import http.client  # here: a store on disk never loads it

        for attempt in (1, 2):  # a kept-alive connection the server closed is opened again once
            try:
                connection = self._connect()
                connection.request(method, self._base + path, body=body, headers=headers or {})
                response = connection.getresponse()
                data = response.read()
                break
            except (OSError, http.client.HTTPException) as error:
                self.close()
                if attempt == 2:
                    raise StoreError(f"the store {self.path} cannot be reached: {error}") from error
        if response.status not in ok:
            message = data.decode("utf-8", "replace").strip()[:300]
            raise StoreError(f"the store {self.path} answered {response.status}: {message}")
        return data

    def _connect(self) -> http.client.HTTPConnection:
        import http.client

        if self._connection is None:
            kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            self._connection = kind(self._host, timeout=600)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # --- reading

    def query(
        self,
        sparql: str,
        terms: dict | None = None,
        *,
        allow_service: bool = False,
        use_default_graph_as_union: bool = True,
    ):
        """Run a SELECT or ASK query over the union of the server's graphs; SERVICE is
        refused as by the embedded store (see kg.sparql.refuse_service)."""
        if not allow_service:
            refuse_service(sparql)
        text = bound(sparql, terms or {})
        data = self.request(
            "POST",
            "/query",
            text.encode("utf-8"),
            {"Content-Type": "application/sparql-query", "Accept": JSON_RESULTS},
        )
        return pyoxigraph.parse_query_results(data, format=pyoxigraph.QueryResultsFormat.JSON)

    def exists(self) -> bool:
        try:
            return bool(self.query("ASK { GRAPH ?g { ?s ?p ?o } }"))
        except StoreError:
            return False

    def graphs(self) -> list[str]:
        return sorted(row["g"].value for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"))

    def triple_count(self, graph: str | None = None) -> int:
        where = f"GRAPH {pyoxigraph.NamedNode(graph)} {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        (row,) = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(row["n"].value)

    def dump(self, output: BinaryIO, format: str, prefixes: dict[str, str] | None = None) -> None:
        """The whole dataset, as the embedded store writes it (see Store.dump)."""
        from .store import Store

        data = self.request("GET", "/store", headers={"Accept": N_QUADS})
        copy = pyoxigraph.Store()
        copy.load(data, format=pyoxigraph.RdfFormat.N_QUADS)
        Store.write(copy, output, rdf_format(format), prefixes)

    # --- writing

    def build(self, derived=None) -> RemoteBuild:
        return RemoteBuild(self, derived)

    def put_graph(self, graph: str, data: bytes, content_type: str) -> None:
        self.request("PUT", f"/store?graph={quote(graph, safe='')}", data, {"Content-Type": content_type})

    def delete_graph(self, graph: str) -> None:
        self.request("DELETE", f"/store?graph={quote(graph, safe='')}", ok=(200, 204, 404))

    def get_graph(self, graph: str) -> bytes:
        return self.request(
            "GET", f"/store?graph={quote(graph, safe='')}", headers={"Accept": N_TRIPLES}, ok=(200, 404)
        )


class RemoteBuild:
    """Graphs written to a server one PUT each; `derived` graphs refreshed at the end."""

    def __init__(self, store: RemoteStore, derived=None):
        self.store = store
        self._derived = derived
        self._given: set[str] = set()
        self._discarded = False
        self._server = _ServerDatabase(store)

    def __enter__(self) -> RemoteBuild:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None and self._given and not self._discarded and self._derived is not None:
            self._derived.refresh(self._server)

    def _take(self, graph: str) -> None:
        if graph in self._given:
            raise ValueError(f"the graph {graph} is given twice in one build")
        self._given.add(graph)
        if self._derived is not None:
            self._derived.removing(self._server, [graph])

    def add_nquads(self, graph: str, nquads: str) -> None:
        """Make `nquads` (every quad in `graph`, as kg.mapping writes them) the graph's content."""
        self._take(graph)
        ntriples = nquads.replace(f" <{graph}> .\n", " .\n")
        self.store.put_graph(graph, ntriples.encode("utf-8"), N_TRIPLES)

    def replace_graph(self, graph: str, data: bytes | str, format: str = "nt") -> None:
        self._take(graph)
        body = data.encode("utf-8") if isinstance(data, str) else data
        self.store.put_graph(graph, body, TURTLE if format == "turtle" else N_TRIPLES)

    def remove_graph(self, graph: str) -> None:
        self._take(graph)
        self.store.delete_graph(graph)

    def discard(self) -> None:
        """Nothing is refreshed; graphs already written stay (a server has no rollback)."""
        self._discarded = True


class _ServerDatabase:
    """The few pyoxigraph.Store methods kg.descriptions uses, done on the server."""

    def __init__(self, store: RemoteStore):
        self.store = store

    def query(self, sparql: str, use_default_graph_as_union: bool = False):
        return self.store.query(sparql)

    def remove_graph(self, graph: pyoxigraph.NamedNode) -> None:
        self.store.delete_graph(graph.value)

    def load(self, data: str, format: pyoxigraph.RdfFormat, to_graph: pyoxigraph.NamedNode) -> None:
        self.store.put_graph(to_graph.value, data.encode("utf-8"), N_TRIPLES)

    def quads_for_pattern(self, subject, predicate, object, graph: pyoxigraph.NamedNode):
        data = self.store.get_graph(graph.value)
        return pyoxigraph.parse(io.BytesIO(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
