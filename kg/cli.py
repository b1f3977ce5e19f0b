"""The `kg` command: a thin layer over the `extract` and `kg` APIs."""
from __future__ import annotations

import csv
import io
import json
import sys
from typing import NoReturn

import click
from rdflib import Graph

from extract import ReadError, extract_document, find_sources
from extract.output import rows

from . import iris
from .build import build as build_store
from .ontology import PREFIXES
from .sparql import query_text, select
from .store import Store, StoreError
from .validate import validate as validate_graph


def _say(message: str) -> None:
    click.echo(f"kg: {message}", err=True)


def _report(problem) -> None:
    _say(str(problem) if problem.fatal else f"warning: {problem}")


@click.group()
@click.version_option(package_name="fengong")
def main() -> None:
    """Fengong: who must do what, read from Chinese policy documents."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write the JSON Lines here (default: standard output).")
@click.option("-q", "--quiet", is_flag=True, help="Do not report annotations read only in part.")
def extract(paths: tuple[str, ...], output, quiet: bool) -> None:
    """Extract tasks and assignments from files or folders as JSON Lines.

    One line per (task, actor) assignment, and one line with a null mention for each task
    that nobody is assigned. A file that cannot be read is reported on standard error and
    skipped; the exit status is non-zero only when no file could be read.
    """
    files, problems = find_sources(paths)
    for problem in problems:
        _report(problem)
    read = 0
    for path in files:
        try:
            document = extract_document(path)
        except ReadError as error:
            _say(str(error))
            continue
        read += 1
        if not quiet:
            for problem in document.problems:
                _report(problem)
        for row in rows(document, department_id=iris.department_iri):
            output.write(json.dumps(row, ensure_ascii=False) + "\n")
    output.flush()
    if not read:
        _say("nothing could be read")
        sys.exit(1)


def store_option(command):
    return click.option(
        "--store", "store_path", type=click.Path(file_okay=False, path_type=str),
        default=lambda: str(Store.default_path()), show_default=".kg, or $KG_STORE",
        help="The graph store's folder.")(command)


def output_option(command):
    return click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
                        help="Write here instead of standard output.")(command)


def _open(store_path: str) -> Store:
    store = Store(store_path)
    if not store.exists():
        _say(f"no graph in {store_path} yet: run `kg build PATH --store {store_path}` first")
        sys.exit(1)
    return store


def _fail(error: StoreError) -> NoReturn:
    _say(str(error))
    sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@store_option
@click.option("-q", "--quiet", is_flag=True, help="Do not report annotations read only in part.")
def build(paths: tuple[str, ...], store_path: str, quiet: bool) -> None:
    """Build the graph of the documents under PATHS into the store.

    One named graph per document; a document built again replaces its graph. Every file
    is read before the store is written, and the store takes all graphs in one step: a
    file that cannot be read is reported and skipped, and a build that fails or is
    stopped leaves the store as it was.
    """
    def report(problem) -> None:
        if problem.fatal or not quiet:
            _report(problem)

    try:
        built = build_store(paths, Store(store_path), report)
    except StoreError as error:
        _fail(error)
    if not built.documents:
        _say(f"nothing could be read; {store_path} is unchanged")
        sys.exit(1)
    tasks = sum(len(d.tasks) for d in built.documents)
    assignments = sum(len(d.assignments) for d in built.documents)
    click.echo(f"built {len(built.documents)} documents ({tasks} tasks, {assignments} assignments, "
               f"{built.triples} triples) into {store_path}")


@main.command()
@store_option
@output_option
def validate(store_path: str, output) -> None:
    """Check the graph against the SHACL shapes (shapes.ttl); exit 1 if it breaks one."""
    store = _open(store_path)
    data = io.BytesIO()
    try:
        store.dump(data, "nt")
    except StoreError as error:
        _fail(error)
    graph = Graph().parse(data=data.getvalue(), format="nt")
    violations = validate_graph(graph)
    for v in violations:
        where = " ".join(part for part in (v.focus, v.path, v.value) if part)
        output.write(f"{where}: {v.message}\n")
    if violations:
        _say(f"{len(violations)} violations in {len(graph)} triples")
        sys.exit(1)
    output.write(f"conforms: {len(graph)} triples\n")


EXPORT_FORMATS = ("turtle", "nt", "nq", "trig", "jsonld")


@main.command()
@click.option("--format", "format_", type=click.Choice(EXPORT_FORMATS), default="turtle",
              show_default=True, help="turtle and nt merge all documents; nq, trig and jsonld "
              "keep one named graph per document.")
@store_option
@click.option("-o", "--output", type=click.File("wb"), default="-",
              help="Write here instead of standard output.")
def export(format_: str, store_path: str, output) -> None:
    """Write the whole graph in an RDF format."""
    try:
        _open(store_path).dump(output, format_, {p: str(ns) for p, ns in PREFIXES.items()})
    except StoreError as error:
        _fail(error)


def _one_row(name: str, store: Store) -> dict:
    try:
        return select(store.query(query_text(name))).rows[0]
    except StoreError as error:
        _fail(error)


@main.command()
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@store_option
@output_option
def stats(format_: str, store_path: str, output) -> None:
    """Count documents, tasks, assignments by role, departments and unresolved names."""
    counts = _one_row("stats", _open(store_path))
    if format_ == "json":
        output.write(json.dumps(counts, ensure_ascii=False, indent=1) + "\n")
        return
    width = max(map(len, counts))
    for key, value in counts.items():
        output.write(f"{key:<{width}}  {value}\n")


@main.command()
@click.option("--unresolved", is_flag=True,
              help="Only the names the gazetteer does not know (kept as their own departments).")
@click.option("--format", "format_", type=click.Choice(["text", "csv", "json"]), default="text",
              show_default=True)
@store_option
@output_option
def departments(unresolved: bool, format_: str, store_path: str, output) -> None:
    """List departments and collective actors, with every way each is written."""
    try:
        result = select(_open(store_path).query(query_text("departments")))
    except StoreError as error:
        _fail(error)
    found = [row for row in result.rows
             if not unresolved or (row["kind"] is None and not row["collective"])]
    if format_ == "json":
        output.write(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
    elif format_ == "csv":
        writer = csv.DictWriter(output, fieldnames=result.columns)
        writer.writeheader()
        writer.writerows(found)
    else:
        for row in found:
            kind = "collective" if row["collective"] else (row["kind"] or "").rsplit("/", 1)[-1] or "?"
            aliases = f"  (also {row['aliases']})" if row["aliases"] else ""
            tasks = "1 task" if row["tasks"] == 1 else f"{row['tasks']} tasks"
            output.write(f"{row['jurisdiction'] or '?'}\t{row['name']}\t{kind}\t{tasks}{aliases}\n")
