"""Links between documents (dcterms:references), stored in a graph of their own.

A document cites another by its title or its 文号 (fg:Citation); the cited one may be built
before or after it, and either may be rebuilt or removed. So the links are not written with
the citing document: after each build the graph `GRAPH` is made anew from the citations of
every document then in the store (kg/data/references.rq), and holds exactly the links
between them.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from . import iris
from .ontology import PREFIXES

GRAPH = f"{iris.BASE}references"
QUERY = Path(__file__).with_name("data") / "references.rq"
REFERENCES = ox.NamedNode(f"{PREFIXES['dcterms']}references")


class References:
    """The build's keeper of `GRAPH` (the `kg.store.Derived` protocol)."""

    @staticmethod
    def derived(graph: str) -> bool:
        return graph == GRAPH

    def removing(self, db: ox.Store, graphs: list[str]) -> None:
        """Nothing to remember: every link is made anew by `refresh`."""

    def refresh(self, db: ox.Store) -> None:
        rows = db.query(QUERY.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        links = "".join(f"{row['citing']} {REFERENCES} {row['cited']} .\n" for row in rows)
        db.remove_graph(ox.NamedNode(GRAPH))
        if links:
            db.load(links, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
