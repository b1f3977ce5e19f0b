"""What one request to `kg serve` may cost: kept apart from the server so that the command
line can show the defaults without loading the web stack."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    timeout: float = 30.0  # seconds a query may run (and wait for a worker)
    max_rows: int = 100_000  # solutions of a SELECT, triples of a CONSTRUCT
    workers: int = 2  # queries run at once, each in its own process
    max_body: int = 1_000_000  # bytes of a POSTed query
    body_timeout: float = 10.0  # seconds for a request's body to arrive
    header_timeout: float = 10.0  # seconds for a request's headers to arrive
    connections: int = 64  # open connections; more are answered 503
