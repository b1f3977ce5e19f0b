"""SPARQL over the store: named queries shipped as .rq files, results as plain rows."""
from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

import pyoxigraph as ox

_NUMBERS = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in (
    "integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger", "decimal")}
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[dict]


def named_queries() -> list[str]:
    return sorted(p.name[:-3] for p in files("kg").joinpath("queries").iterdir()
                  if p.name.endswith(".rq"))


def query_text(name: str) -> str:
    """The text of the named query `name` (kg/queries/NAME.rq)."""
    if name not in named_queries():
        raise KeyError(name)
    return files("kg").joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")


def python_value(term):
    """A result term as a plain value: numbers and booleans typed, IRIs and text as str."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMBERS:
            return int(term.value) if "." not in term.value else float(term.value)
        if datatype == _BOOLEAN:
            return term.value == "true"
        return term.value
    return term.value


def select(solutions) -> Result:
    """pyoxigraph SELECT solutions as a Result of plain values."""
    columns = [variable.value for variable in solutions.variables]
    rows = [{column: python_value(solution[column]) for column in columns}
            for solution in solutions]
    return Result(columns, rows)
