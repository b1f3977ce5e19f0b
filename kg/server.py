"""A read-only SPARQL 1.1 Protocol endpoint over the store, as a Starlette app served by uvicorn.

    GET  /sparql?query=...                       (query in the URL)
    POST /sparql  application/x-www-form-urlencoded  query=...
    POST /sparql  application/sparql-query          the query as the body

Results follow the Accept header: SPARQL JSON (the default), XML, CSV or TSV for SELECT and
ASK; Turtle (the default) or N-Triples for CONSTRUCT and DESCRIBE. An update, or any query
that does not parse, gets 400 with the parser's message: nothing is ever written.

The endpoint may be reached by any page open in a browser on the same machine, so:
- a query that calls another endpoint (SERVICE) is refused (400): the server would send it;
- no cross-origin reads unless one origin is allowed (`cors`), and the Host header must name
  the address served (a DNS-rebound name is refused with 400);
- each query runs in a worker process with a deadline: pyoxigraph cannot interrupt a query
  in its thread, so a query past its deadline has its worker killed (503) and another starts;
  a result of more than `max_rows` rows is refused (413) rather than built;
- a request body is bounded in size and in the time it takes to arrive, and must be UTF-8.

Each query reads the store's current version, so a build published while serving shows at
the next request. `make_app` takes further routes (the web explorer's) to serve beside it.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import socket
import threading
from concurrent.futures import CancelledError
from urllib.parse import parse_qs

import pebble
import uvicorn
from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QueryTriples,
    RdfFormat,
    parse_query_results,
    serialize,
)
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from uvicorn.protocols.http.h11_impl import H11Protocol

from .limits import Limits
from .sparql import ServiceRefused
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
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
DEFAULT_LIMITS = Limits()
# Seconds a new worker process may take to start (import pyoxigraph, open the store).
WORKER_START = 30


def _negotiate(accept: str, formats: dict, default: str):
    """The first media type of `accept` that `formats` knows (quality values are ignored)."""
    for item in accept.split(","):
        media_type = item.split(";")[0].strip().lower()
        if media_type in formats:
            return media_type, formats[media_type]
    return default, formats[default]


# Workers fork from a server process that has imported this module: one killed at its
# deadline is replaced in milliseconds, and none inherits the web server's threads.
_WORKERS = multiprocessing.get_context("forkserver")
_WORKERS.set_forkserver_preload([__name__])

# One store per worker process, opened by the pool's initializer.
_worker_store: Store | None = None


def _open_store(path: str) -> None:
    global _worker_store
    _worker_store = Store(path)


class _TooManyRows(Exception):
    pass


def _first(results, max_rows: int) -> list:
    """Up to `max_rows` items of a result iterator; _TooManyRows if it holds more."""
    taken: list = []
    for item in results:
        if len(taken) == max_rows:
            raise _TooManyRows
        taken.append(item)
    return taken


def _solutions_tsv(variables, solutions) -> str:
    # SPARQL TSV writes each term as N-Triples does, which is what str() of a term gives.
    lines = ["\t".join(str(v) for v in variables)]
    lines += ["\t".join("" if term is None else str(term) for term in solution) for solution in solutions]
    return "\n".join(lines) + "\n"


def answer(store: Store, query: str, accept: str, max_rows: int) -> tuple[int, str, bytes]:
    """Run `query` and serialise its results as `accept` asks: (status, media type, body)."""
    try:
        results = store.query(query)
    except (SyntaxError, ServiceRefused) as error:
        return 400, "text/plain", f"{error}\n".encode()
    except (StoreError, OSError) as error:
        return 500, "text/plain", f"{error}\n".encode()
    try:
        if isinstance(results, QueryTriples):
            media_type, format_ = _negotiate(accept, GRAPH_FORMATS, "text/turtle")
            return 200, media_type, serialize(_first(results, max_rows), format=format_) or b""
        media_type, format_ = _negotiate(accept, RESULT_FORMATS, "application/sparql-results+json")
        if isinstance(results, QueryBoolean):
            return 200, media_type, results.serialize(format=format_) or b""
        # Only what is kept can be serialised: pyoxigraph writes a result set whole, so
        # the rows are taken first (at most max_rows) and read back as a result set.
        taken = _solutions_tsv(results.variables, _first(results, max_rows))
        return (
            200,
            media_type,
            parse_query_results(taken, QueryResultsFormat.TSV).serialize(format=format_) or b"",
        )
    except _TooManyRows:
        return (
            413,
            "text/plain",
            (
                f"the query has more than {max_rows} results, more than this server "
                "answers: narrow it or add LIMIT\n"
            ).encode(),
        )


def _answer_in_worker(query: str, accept: str, max_rows: int) -> tuple[int, str, bytes]:
    assert _worker_store is not None, "the pool's initializer opens the store"
    return answer(_worker_store, query, accept, max_rows)


def _text(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status)


class _BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Endpoint:
    """The /sparql route: reads the request, runs the query in a worker, answers."""

    def __init__(self, store: Store, limits: Limits):
        self.store = store
        self.limits = limits
        self.pool: pebble.ProcessPool | None = None

    @contextlib.asynccontextmanager
    async def running(self, app):
        if threading.current_thread() is threading.main_thread():
            # The fork server, and so every worker, starts ignoring Ctrl-C: it is for the
            # server, which then stops the workers (a worker taking it prints a traceback).
            handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                multiprocessing.forkserver.ensure_running()
            finally:
                signal.signal(signal.SIGINT, handler)
        self.pool = pebble.ProcessPool(
            max_workers=self.limits.workers,
            initializer=_open_store,
            initargs=(str(self.store.path),),
            context=_WORKERS,
        )
        self.pool.schedule(os.getpid)  # starts the workers now, not at the first query
        try:
            yield
        finally:
            self.pool.stop()
            self.pool.join()
            self.pool = None

    async def handle(self, request: Request) -> Response:
        try:
            query = await self._query(request)
        except _BadRequest as bad:
            return _text(bad.status, str(bad))
        except ClientDisconnect:
            return _text(400, "the connection closed before the request's body arrived")
        assert self.pool is not None, "the pool runs for as long as the app (its lifespan)"
        # The deadline counts from when a worker takes the query; pebble then kills the worker.
        future = self.pool.schedule(
            _answer_in_worker,
            timeout=self.limits.timeout,
            args=(query, request.headers.get("accept", ""), self.limits.max_rows),
        )
        try:
            # Waiting for a free worker is bounded too; cancelling a running task kills its worker.
            status, media_type, body = await asyncio.wait_for(
                asyncio.wrap_future(future), 2 * self.limits.timeout + WORKER_START
            )
        except (TimeoutError, CancelledError):
            future.cancel()
            return _text(
                503,
                f"the query did not finish within {self.limits.timeout:g} s and was "
                "stopped: narrow it, or ask the server's operator for a longer --timeout",
            )
        except pebble.ProcessExpired as error:
            return _text(503, f"the query's worker died ({error}): the query was stopped")
        charset = "; charset=utf-8"
        return Response(body, status_code=status, media_type=media_type + charset)

    async def _query(self, request: Request) -> str:
        if request.method == "GET":
            form = _form(request.scope["query_string"])
        else:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await self._body(request)
            if content_type == "application/sparql-query":
                return _utf8(body)
            if content_type != "application/x-www-form-urlencoded":
                raise _BadRequest(415, "send application/sparql-query or application/x-www-form-urlencoded")
            form = _form(body)
        if "update" in form:
            raise _BadRequest(400, "this endpoint is read-only: no updates")
        queries = form.get("query", [])
        if len(queries) != 1:
            raise _BadRequest(400, "give exactly one query parameter")
        return queries[0]

    async def _body(self, request: Request) -> bytes:
        length = request.headers.get("content-length")
        if length is not None and int(length) > self.limits.max_body:
            raise _BadRequest(413, f"the request's body is over {self.limits.max_body} bytes")
        try:
            return await asyncio.wait_for(self._read(request), self.limits.body_timeout)
        except TimeoutError:
            raise _BadRequest(
                400,
                f"the request's body did not arrive within "
                f"{self.limits.body_timeout:g} s (shorter than its Content-Length?)",
            ) from None

    async def _read(self, request: Request) -> bytes:
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.limits.max_body:
                raise _BadRequest(413, f"the request's body is over {self.limits.max_body} bytes")
        return bytes(body)


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _BadRequest(400, f"the query is not UTF-8: {error}") from None


def _form(data: bytes) -> dict[str, list[str]]:
    """URL-encoded fields; 400 unless every name and value is UTF-8."""
    try:
        return parse_qs(data.decode("ascii"), errors="strict")
    except UnicodeError as error:
        raise _BadRequest(400, f"the form or URL is not URL-encoded UTF-8: {error}") from None


def _index(request: Request) -> HTMLResponse:
    store = html.escape(str(request.app.state.store.path))
    return HTMLResponse(
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Fengong</title>'
        f"<h1>Fengong</h1><p>The graph in {store}.</p>"
        '<p><a href="/sparql">SPARQL endpoint</a></p></html>'
    )


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The names a request's Host header may give: the address served (and, on the loopback
    interface, its other names), and `extra`."""
    names = list(LOOPBACK_NAMES) if host in LOOPBACK_NAMES else [host]
    return names + [name for name in extra if name not in names]


def make_app(
    store: Store,
    *,
    limits: Limits = DEFAULT_LIMITS,
    hosts: list[str] | tuple[str, ...] = LOOPBACK_NAMES,
    cors: str | None = None,
    routes: list[BaseRoute] | tuple[BaseRoute, ...] = (),
) -> Starlette:
    """The endpoint at /sparql, `routes` beside it, and a small page at / unless they serve one.

    `hosts` are the names the Host header may give; `cors`, one origin (`http://host:port`)
    whose pages may read the answers (none by default: same origin only).
    """
    endpoint = Endpoint(store, limits)
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))]
    if cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=[cors],
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept"],
            )
        )
    app = Starlette(
        routes=[Route("/sparql", endpoint.handle, methods=["GET", "POST"]), *routes, Route("/", _index)],
        middleware=middleware,
        lifespan=endpoint.running,
    )
    app.state.store = store
    return app


class _TimedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers do not arrive
    in time (uvicorn times out only idle keep-alive connections)."""

    header_timeout: float

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._deadline = self.loop.call_later(self.header_timeout, self._expire)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._deadline.cancel()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._deadline.cancel()
        self._deadline = self.loop.call_later(self.header_timeout, self._expire)

    def connection_lost(self, exc) -> None:
        self._deadline.cancel()
        super().connection_lost(exc)

    def _expire(self) -> None:
        if self.cycle is None or self.cycle.response_complete:
            self.transport.close()


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on (host, port); port 0 picks a free one.

    Connections made before the server runs wait in the socket's queue."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen()
    return sock


class Server:
    """`app` served by uvicorn on (host, port), listening from the start: its port is known
    before it runs. OSError if the address cannot be used."""

    def __init__(self, app: Starlette, host: str, port: int, limits: Limits = DEFAULT_LIMITS):
        self.socket = listen(host, port)
        self.port = self.socket.getsockname()[1]
        protocol = type("TimedH11", (_TimedH11,), {"header_timeout": limits.header_timeout})
        config = uvicorn.Config(
            app,
            http=protocol,
            lifespan="on",
            log_level="warning",
            limit_concurrency=limits.connections,
            timeout_keep_alive=int(limits.header_timeout),
            server_header=False,
        )
        self.uvicorn = uvicorn.Server(config)

    def run(self) -> None:
        """Serve until interrupted (Ctrl-C, SIGTERM) or `stop()`."""
        # uvicorn stops gracefully on Ctrl-C, then raises it again: it has been dealt with.
        with contextlib.suppress(KeyboardInterrupt):
            self.uvicorn.run(sockets=[self.socket])

    @property
    def started(self) -> bool:
        return self.uvicorn.started

    def stop(self) -> None:
        self.uvicorn.should_exit = True
