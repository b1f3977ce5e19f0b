"""Progress read back from a filled-in ledger (督办台账), kept as dated reports.

`read_ledger` reads the rows of a ledger that `kg tasks` wrote (xlsx or csv) by their
headers; `import_progress` checks each row against the graph and stores what the offices
wrote in 进展情况, 完成状态, 存在问题 and 下步措施 as `fg:ProgressReport`s in a named graph
of the file's own (its name and date, PROV), never in a document's graph: building the
documents again keeps the reports. A row whose id the graph does not hold, whose task's
text changed since the ledger was written, or whose 完成状态 is not one of the states, is
reported and left out, never guessed.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyoxigraph as ox

from . import iris
from .ledger import ledger_of, ledger_settings
from .ontology import PREFIXES, progress_statuses
from .store import Store
from .tasklist import columns, ledger_values, neutralised

FG, DCTERMS, PROV, RDF = (PREFIXES[p] for p in ("fg", "dcterms", "prov", "rdf"))
XSD = PREFIXES["xsd"]


class LedgerError(ValueError):
    """A file that is not a ledger `kg tasks` wrote."""


@dataclass(frozen=True)
class Row:
    line: int  # the row's number in the file (a sheet's row, a CSV record's line)
    values: dict[str, str]  # by column key (progress, status, ..., id)


@dataclass(frozen=True)
class Refused:
    line: int
    reason: str


@dataclass
class Imported:
    file: str
    as_of: date
    graph: str  # the named graph the reports are in
    reports: int = 0
    refused: list[Refused] = field(default_factory=list)


def read_ledger(path: str | os.PathLike) -> list[Row]:
    """The rows of a ledger (xlsx or csv) under its header row, by column key. Raises
    LedgerError when no row holds the ledger's headers."""
    path = Path(path)
    records = list(_xlsx_records(path) if path.suffix.lower() == ".xlsx" else _csv_records(path))
    by_header = {c.header: c.key for c in columns()}
    for at, (_, cells) in enumerate(records):
        keys = [by_header.get(str(cell).strip()) if cell is not None else None for cell in cells]
        if "id" in keys:
            return [
                Row(line, {key: _text(cell) for key, cell in zip(keys, row, strict=False) if key})
                for line, row in records[at + 1 :]
                if any(_text(cell) for cell in row)
            ]
    raise LedgerError(f"{path}: no header row with {_header('id')}: not a ledger written by kg tasks")


def _header(key: str) -> str:
    return next(c.header for c in columns() if c.key == key)


def _text(cell) -> str:
    return "" if cell is None else str(cell).strip()


def _same_text(cell: str) -> str:
    # A spreadsheet may have saved the line breaks it was given as CR LF.
    return cell.replace("\r\n", "\n")


def _xlsx_records(path: Path):
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True).active
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        yield number, list(row)


def _csv_records(path: Path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        for row in reader:
            yield reader.line_num, row


def import_progress(store: Store, path: str | os.PathLike, as_of: date) -> Imported:
    """Store the progress the ledger at `path` reports, as of `as_of`, in the file's own
    graph (the same file and date imported again replaces it)."""
    path = Path(path)
    graph = f"{iris.BASE}progress/{iris.digest(f'{path.name}|{as_of.isoformat()}')}"
    imported = Imported(str(path), as_of, graph)
    rows = list(read_ledger(path))
    # Only the tasks the file names are read from the store; an id that is not an IRI
    # names none.
    tasks = {
        task.id: task for task in ledger_of(store, filter(_is_iri, (r.values.get("id", "") for r in rows)))
    }
    states = progress_statuses()
    triples = _file_triples(graph, path, as_of)
    seen: dict[str, int] = {}
    for row in rows:
        task = tasks.get(row.values.get("id", ""))
        if task is None:
            unknown = row.values.get("id")
            imported.refused.append(Refused(row.line, f"no task with the id {unknown!r} in the graph"))
            continue
        if task.id in seen:
            twice = f"the task is in the ledger twice (row {seen[task.id]})"
            imported.refused.append(Refused(row.line, twice))
            continue
        seen[task.id] = row.line
        written = _text(ledger_values(task, 0, as_of)["task"])
        if "task" in row.values and _same_text(row.values["task"]) not in (written, neutralised(written)):
            imported.refused.append(Refused(row.line, f"the task's text is not the graph's: {task.title}"))
            continue
        status = row.values.get("status", "")
        if status and status not in states:
            choices = "、".join(ledger_settings()["statuses"])
            imported.refused.append(Refused(row.line, f"完成状态 {status!r} is none of {choices}"))
            continue
        filled = {key: row.values.get(key, "") for key in ("progress", "problems", "next_steps")}
        if not status and not any(filled.values()):
            continue
        triples += _report_triples(graph, task.id, as_of, states[status][1] if status else None, filled)
        imported.reports += 1
    with store.build() as writing:
        writing.replace_graph(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    return imported


def _is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return bool(text)


def _file_triples(graph: str, path: Path, as_of: date) -> list[ox.Triple]:
    entity = ox.NamedNode(graph)
    return [
        ox.Triple(entity, ox.NamedNode(f"{RDF}type"), ox.NamedNode(f"{PROV}Entity")),
        ox.Triple(entity, ox.NamedNode(f"{DCTERMS}title"), ox.Literal(path.name)),
        ox.Triple(entity, ox.NamedNode(f"{DCTERMS}date"), _date(as_of)),
        ox.Triple(
            entity,
            ox.NamedNode(f"{PROV}generatedAtTime"),
            ox.Literal(datetime.now(UTC).isoformat(), datatype=ox.NamedNode(f"{XSD}dateTime")),
        ),
    ]


_PROPERTIES = {"progress": "progressNote", "problems": "problems", "next_steps": "nextSteps"}


def _report_triples(
    graph: str, task: str, as_of: date, status: str | None, filled: dict[str, str]
) -> list[ox.Triple]:
    report = ox.NamedNode(f"{graph}/report/{iris.digest(task)}")
    triples = [
        ox.Triple(report, ox.NamedNode(f"{RDF}type"), ox.NamedNode(f"{FG}ProgressReport")),
        ox.Triple(report, ox.NamedNode(f"{FG}task"), ox.NamedNode(task)),
        ox.Triple(report, ox.NamedNode(f"{DCTERMS}date"), _date(as_of)),
        ox.Triple(report, ox.NamedNode(f"{PROV}wasDerivedFrom"), ox.NamedNode(graph)),
    ]
    if status:
        triples.append(ox.Triple(report, ox.NamedNode(f"{FG}progressStatus"), ox.NamedNode(status)))
    for key, value in filled.items():
        if value:
            triples.append(ox.Triple(report, ox.NamedNode(f"{FG}{_PROPERTIES[key]}"), ox.Literal(value)))
    return triples


def _date(day: date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode(f"{XSD}date"))
