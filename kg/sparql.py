"""SPARQL over the store: named queries shipped as .rq files, their parameters bound as RDF
terms, results as plain rows.

A query declares its parameters in its comment header, one line each:

    # param name: literal  what it is
    # param task: iri optional  what it is

An `iri` parameter is bound as a NamedNode, a `literal` one as a plain (xsd:string) Literal,
a `date` one (YYYY-MM-DD) as an xsd:date Literal, a `label` one as a Chinese label
("…"@zh), as the graph writes names. A `department` or `jurisdiction`
parameter is a name that `kg.Graph` resolves first (an alias, a short name; refused
when it names several) and binds as a Chinese label ("…"@zh), so that the query finds it
through the store's index by the exact label rather than by comparing every label as text.
Values are bound by a VALUES block at the head of the query's outermost WHERE group, each
value written by pyoxigraph as an RDF term (N-Triples form, every quote, backslash and line
break escaped), so a value with quotes, braces or SPARQL in it is only ever a value. Unlike
pyoxigraph's `substitutions`, which bind a variable only once the plan is made, a VALUES
block is seen by Oxigraph's planner: it starts from the one given department or task
instead of from every edge of the store, and a SPARQL server plans the same query alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

import pyoxigraph as ox

_NUMBERS = {
    f"http://www.w3.org/2001/XMLSchema#{name}"
    for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger", "decimal")
}
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_TEXT = (
    ox.NamedNode("http://www.w3.org/2001/XMLSchema#string"),
    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"),
)
_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[dict]


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # "iri", "literal", "date", "label", "department" or "jurisdiction"
    optional: bool
    description: str


class ParameterError(ValueError):
    """A parameter the query does not declare, a required one not given, or a bad IRI."""


_PARAMETER = re.compile(
    r"#\s*param\s+(\w+)\s*:\s*(iri|literal|date|label|department|jurisdiction)(\s+optional)?\s*(.*)"
)


def named_queries() -> list[str]:
    return sorted(p.name[:-3] for p in files("kg").joinpath("queries").iterdir() if p.name.endswith(".rq"))


def query_text(name: str) -> str:
    """The text of the named query `name` (kg/queries/NAME.rq)."""
    if name not in named_queries():
        raise KeyError(name)
    return files("kg").joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")


def summary(text: str) -> str:
    """A query's first comment line: what it answers."""
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return ""


def parameters(text: str) -> list[Parameter]:
    """The parameters a query declares in its `# param` lines."""
    found = []
    for line in text.splitlines():
        match = _PARAMETER.fullmatch(line.strip())
        if match:
            name, type_, optional, description = match.groups()
            found.append(Parameter(name, type_, bool(optional), description.strip()))
    return found


def bind(text: str, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """The terms for `Store.query`: each value as the RDF term its parameter declares."""
    declared = {p.name: p for p in parameters(text)}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise ParameterError(f"unknown parameter {', '.join(unknown)} (this query takes: {known})")
    missing = [p.name for p in declared.values() if not p.optional and p.name not in values]
    if missing:
        raise ParameterError(f"missing parameter {', '.join(missing)}")
    terms: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, value in values.items():
        if declared[name].type == "iri":
            try:
                terms[name] = ox.NamedNode(value)
            except ValueError as error:
                raise ParameterError(f"{name}: not an IRI: {value!r} ({error})") from None
        elif declared[name].type == "date":
            try:
                terms[name] = ox.Literal(date.fromisoformat(value).isoformat(), datatype=_DATE)
            except ValueError:
                raise ParameterError(f"{name}: not a date (YYYY-MM-DD): {value!r}") from None
        elif declared[name].type in ("label", "department", "jurisdiction"):
            terms[name] = ox.Literal(value, language="zh")
        else:
            terms[name] = ox.Literal(value)
    return terms


def bound(text: str, terms: dict) -> str:
    """The query `text` with `terms` bound by VALUES blocks at the head of its outermost
    WHERE group: joined first, so that the group's FILTERs and OPTIONALs see the values too
    (a trailing VALUES clause would join after them). A term binds its variable to one
    value; a list of terms (the library's, e.g. the tasks of a ledger) to each of them."""
    if not terms:
        return text
    head = next(
        (
            match
            for match in _TOKEN.finditer(text)
            if (match["word"] and match["word"].upper() == "WHERE") or match.group() == "{"
        ),
        None,
    )
    if head is None:
        raise SyntaxError("the query has no WHERE group to bind its parameters in")
    opening = text.index("{", head.start())
    single = {name: term for name, term in terms.items() if not isinstance(term, list)}
    blocks = [
        f"VALUES ?{name} {{ {' '.join(map(str, many))} }}"
        for name, many in terms.items()
        if name not in single
    ]
    if single:
        names = " ".join(f"?{name}" for name in single)
        blocks.insert(0, f"VALUES ({names}) {{ ({' '.join(map(str, single.values()))}) }}")
    return f"{text[: opening + 1]} {' '.join(blocks)} {text[opening + 1 :]}"


def run(store, name: str, terms: dict | None = None) -> Result:
    """The named query `name` run on `store` (a kg.store.Store), as plain rows."""
    return select(store.query(query_text(name), terms))


def python_value(term):
    """A result term as a plain value: numbers and booleans typed, IRIs and text as str."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype
        if datatype in _TEXT:  # most values: checked first, with no string made of the datatype
            return term.value
        if datatype.value in _NUMBERS:
            return int(term.value) if "." not in term.value else float(term.value)
        if datatype.value == _BOOLEAN:
            return term.value == "true"
    return term.value


def select(solutions) -> Result:
    """pyoxigraph SELECT solutions as a Result of plain values."""
    columns = [variable.value for variable in solutions.variables]
    # A solution iterates its values in the order of the variables, None where unbound.
    rows = [dict(zip(columns, map(python_value, solution), strict=True)) for solution in solutions]
    return Result(columns, rows)


def display_width(text: str) -> int:
    # Wide and full-width characters (Chinese) take two columns of a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def text_table(result: Result) -> str:
    """The rows as aligned columns under a header line; a missing value is left blank."""

    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    lines = [result.columns] + [[cell(row[c]) for c in result.columns] for row in result.rows]
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(result.columns))]
    return "".join(
        "  ".join(
            value + " " * (width - display_width(value)) for value, width in zip(line, widths, strict=True)
        ).rstrip()
        + "\n"
        for line in lines
    )


class ServiceRefused(ValueError):
    """A query that calls another endpoint (SERVICE) where that is not allowed."""


# The SPARQL 1.1 terminals (grammar §19.8) inside which the word SERVICE is not the keyword:
# strings, IRIs, comments, blank nodes, prefixed names (`service:x`, `ex:a.service`),
# variables and language tags. Scanning the text token by token in this order leaves the
# keyword as a bare word, wherever it stands (`?o.SERVICE<…>` included).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS = _BASE + r"_\-0-9\u00b7\u0300-\u036f\u203f\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = rf"(?:[{_BASE}_:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_TOKEN = re.compile(
    "|".join(
        (
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",
            r'"(?:[^"\\\n\r]|\\.)*"',
            r"'(?:[^'\\\n\r]|\\.)*'",
            r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>',
            r"#[^\n\r]*",
            rf"_:[{_BASE}_0-9](?:[{_CHARS}.]*[{_CHARS}])?",
            rf"(?:{_PREFIX})?:(?:{_LOCAL})?",
            rf"[?$][{_BASE}_0-9][{_BASE}_0-9\u00b7\u0300-\u036f\u203f\u2040]*",
            r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*",
            r"(?P<word>[A-Za-z][A-Za-z0-9_]*)",
            r".",
        )
    ),
    re.DOTALL,
)


def calls_service(text: str) -> bool:
    """Whether the query `text` has a SERVICE clause (a call to another endpoint)."""
    return any(match["word"] and match["word"].upper() == "SERVICE" for match in _TOKEN.finditer(text))


def refuse_service(text: str) -> None:
    """Raise ServiceRefused if the query calls another endpoint.

    pyoxigraph runs SERVICE clauses itself, over HTTP, and its Python API takes no service
    handler: a query from outside could make this machine send requests anywhere it can
    reach (SSRF). So such queries are refused before they run.
    """
    if calls_service(text):
        raise ServiceRefused("SERVICE is not allowed: queries read only this store's graph")
