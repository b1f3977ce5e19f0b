"""Checking a graph against shapes.ttl with pySHACL."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from .ontology import ontology, shapes
from .store import Store


@dataclass(frozen=True)
class Violation:
    focus: str  # the node a shape was checked on
    path: str | None  # the property at fault, when one is
    value: str | None  # the value at fault: for whole-graph checks, the node at fault
    message: str


def validate(graph: Graph) -> list[Violation]:
    """Every way `graph` breaks a shape; an empty list when it conforms."""
    # The ontology is merged in by hand: it gives subclasses (fg:Department ⊂ fg:Actor) and
    # the role → edge map; pySHACL's own ont_graph mixing takes seconds on it.
    _, report, _ = shacl_validate(
        graph + ontology(), shacl_graph=shapes(), inference="none", advanced=True, allow_warnings=True
    )
    violations = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        path, value = report.value(result, SH.resultPath), report.value(result, SH.value)
        violations.append(
            Violation(
                str(report.value(result, SH.focusNode)),
                None if path is None else str(path),
                None if value is None else str(value),
                str(report.value(result, SH.resultMessage) or ""),
            )
        )
    return sorted(violations, key=lambda v: (v.focus, v.path or "", v.value or "", v.message))


def store_graph(store: Store) -> Graph:
    """Every triple of the store, each once, as one rdflib graph for pySHACL."""
    data = io.BytesIO()
    store.dump(data, "nt")
    return Graph().parse(data=data.getvalue(), format="nt")
