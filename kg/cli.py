"""The `kg` command: a thin layer over the `extract` and `kg` APIs."""
from __future__ import annotations

import csv
import json
import sys
from typing import NoReturn

import click
import pyoxigraph

from extract import ReadError, extract_document, find_sources
from extract.output import rows
from extract.records import Role

from . import iris
from .build import build as build_store
from .ontology import PREFIXES
from .sparql import (ParameterError, bind, named_queries, parameters, query_text, run, select, summary,
                     text_table)
from .server import make_server
from .store import Store, StoreError
from .tasklist import (BINARY_FORMATS, WRITERS, AmbiguousDepartment, DepartmentNotFound,
                       department_tasks, find_department, write_all, write_file)
from .validate import store_graph, validate as validate_graph


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
    try:
        graph = store_graph(_open(store_path))
    except StoreError as error:
        _fail(error)
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


def _write_rows(columns: list[str], found: list[dict], format_: str, output) -> None:
    """Rows as JSON (a list of objects) or CSV (a header line, then one line a row)."""
    if format_ == "json":
        output.write(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
    else:
        writer = csv.DictWriter(output, fieldnames=columns)
        writer.writeheader()
        writer.writerows(found)


def _one_row(name: str, store: Store) -> dict:
    try:
        return run(store, name).rows[0]
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
        result = run(_open(store_path), "departments")
    except StoreError as error:
        _fail(error)
    found = [row for row in result.rows
             if not unresolved or (row["kind"] is None and not row["collective"])]
    if format_ in ("json", "csv"):
        _write_rows(result.columns, found, format_, output)
    else:
        for row in found:
            kind = "collective" if row["collective"] else (row["kind"] or "").rsplit("/", 1)[-1] or "?"
            aliases = f"  (also {row['aliases']})" if row["aliases"] else ""
            tasks = "1 task" if row["tasks"] == 1 else f"{row['tasks']} tasks"
            output.write(f"{row['jurisdiction'] or '?'}\t{row['name']}\t{kind}\t{tasks}{aliases}\n")


@main.command()
@click.option("--department", help="The department: its name or any other way it is written.")
@click.option("--jurisdiction", help="Only the department(s) of this jurisdiction, e.g. 河南省.")
@click.option("--all", "all_", is_flag=True,
              help="One file per department (collective actors left out) into the folder -o.")
@click.option("--format", "format_", type=click.Choice(list(WRITERS)), default="md",
              show_default=True)
@store_option
@click.option("-o", "--output", type=click.Path(path_type=str),
              help="Write here instead of standard output; with --all, the folder to write to.")
def tasks(department: str | None, jurisdiction: str | None, all_: bool, format_: str,
          store_path: str, output: str | None) -> None:
    """A department's task list (任务清单): its tasks across all documents, led ones first.

    Each task with its document and 文号, number, title, role, the other departments and
    their roles, its text and the annotation that assigns it (with its line). A name that
    several departments share must be narrowed with --jurisdiction.
    """
    if all_ == bool(department):
        raise click.UsageError("give either --department NAME or --all")
    if all_ and not output:
        raise click.UsageError("--all writes one file per department: give the folder with -o")
    store = _open(store_path)
    try:
        if all_:
            written = write_all(store, output, format_, jurisdiction)
            click.echo(f"wrote {len(written)} task lists to {output}")
            return
        found = find_department(store, department, jurisdiction)
        listed = department_tasks(store, found)
    except StoreError as error:
        _fail(error)
    except (AmbiguousDepartment, DepartmentNotFound) as error:
        _say(str(error))
        sys.exit(1)
    if output:
        write_file(output, found, listed, format_)
    else:
        WRITERS[format_](found, listed, sys.stdout.buffer if format_ in BINARY_FORMATS else sys.stdout)


QUERY_FORMATS = ("table", "csv", "json", "turtle", "nt")


def _parameter(context, param, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, equals, text = value.partition("=")
        if not equals or not key:
            raise click.BadParameter(f"{value!r} is not key=value", context, param)
        pairs[key] = text
    return pairs


@main.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "values", multiple=True, callback=_parameter, metavar="KEY=VALUE",
              help="A parameter of the query (repeat for several); see --list.")
@click.option("--sparql", "sparql_file", type=click.File("r", encoding="utf-8"),
              help="Run the query in this file (- for standard input) instead of a named one.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@click.option("--format", "format_", type=click.Choice(QUERY_FORMATS), default="table",
              show_default=True, help="table, csv or json for SELECT and ASK; "
              "turtle or nt for CONSTRUCT (turtle whatever is asked otherwise).")
@store_option
@output_option
def query(name: str | None, values: dict[str, str], sparql_file, list_: bool, format_: str,
          store_path: str, output) -> None:
    """Run a named query (kg/queries/NAME.rq) or any SPARQL query over the graph.

    Parameters are bound as RDF terms, never written into the query text.
    """
    if list_:
        for known in named_queries():
            text = query_text(known)
            output.write(f"{known}\t{summary(text)}\n")
            for p in parameters(text):
                optional = ", optional" if p.optional else ""
                output.write(f"    --param {p.name}=...  ({p.type}{optional}) {p.description}\n")
        return
    if (name is None) == (sparql_file is None):
        _say("give a query NAME or --sparql FILE (kg query --list names them)")
        sys.exit(1)
    if sparql_file is not None:
        text = sparql_file.read()
    else:
        try:
            text = query_text(name)
        except KeyError:
            _say(f"no query named {name!r}: kg query --list names them")
            sys.exit(1)
    try:
        results = _open(store_path).query(text, bind(text, values))
    except (ParameterError, SyntaxError) as error:
        _say(str(error))
        sys.exit(1)
    except StoreError as error:
        _fail(error)
    if isinstance(results, pyoxigraph.QueryTriples):
        rdf = pyoxigraph.RdfFormat.N_TRIPLES if format_ == "nt" else pyoxigraph.RdfFormat.TURTLE
        output.write(results.serialize(format=rdf).decode("utf-8"))
    elif isinstance(results, pyoxigraph.QueryBoolean):
        answer = bool(results)
        output.write(json.dumps(answer) + "\n" if format_ == "json" else f"{str(answer).lower()}\n")
    elif format_ in ("turtle", "nt"):
        _say(f"--format {format_} is for CONSTRUCT queries: use table, csv or json")
        sys.exit(1)
    elif format_ in ("json", "csv"):
        result = select(results)
        _write_rows(result.columns, result.rows, format_, output)
    else:
        output.write(text_table(select(results)))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, help="The port to listen on (0: any free one).")
@store_option
def serve(host: str, port: int, store_path: str) -> None:
    """Serve the graph as a read-only SPARQL endpoint at /sparql until interrupted."""
    server = make_server(_open(store_path), host, port)
    click.echo(f"serving {store_path} at http://{host}:{server.server_port}/sparql")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
@click.option("--department", metavar="NAME",
              help="Its ego view: the department's tasks and everyone else on them.")
@click.option("--jurisdiction", metavar="J", help="Only this jurisdiction's departments "
              "(with --department: that jurisdiction's office of the name).")
@click.option("--document", metavar="DOC", help="Only this document (its file stem).")
@click.option("--role", type=click.Choice([role.value for role in Role]),
              help="Only edges of this role.")
@store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              default="kg-view.html", show_default=True, help="The HTML page to write.")
def view(department: str | None, jurisdiction: str | None, document: str | None,
         role: str | None, store_path: str, output: str) -> None:
    """Write the graph as an interactive HTML page that works offline.

    Departments and tasks are nodes, edges are roles; above 1500 nodes the page shows
    departments only, linked by the tasks they share.
    """
    # networkx's layouts and the page's template load only for this command.
    from .network import responsibilities
    from .view import (AGGREGATE_ABOVE, ROLE_LABELS, node_count, render_html,
                       select_responsibilities, task_details, view_network)

    try:
        store = _open(store_path)
        tasks = task_details(store)
        found = responsibilities(store)
    except StoreError as error:
        _fail(error)
    held = select_responsibilities(found, tasks, department=department,
                                   jurisdiction=jurisdiction, document=document,
                                   role=Role(role) if role else None)
    if not held:
        _say("nothing to show: no responsibility matches these options")
        sys.exit(1)
    focus = next((r.actor for r in held if r.name == department
                  and jurisdiction in (None, r.jurisdiction)), None)
    filters = [f"{label}：{value}" for label, value in (
        ("部门", department), ("地区", jurisdiction), ("文件", document),
        ("职责", role and ROLE_LABELS[Role(role)])) if value]
    title = f"{department}的职责关系图" if department else "职责关系图"
    network = view_network(held, tasks, focus=focus, title=title, filters=filters)
    with open(output, "w", encoding="utf-8") as page:
        page.write(render_html(network))
    aggregated = " (departments only)" if node_count(held) > AGGREGATE_ABOVE else ""
    click.echo(f"wrote {len(network.nodes)} nodes and {len(network.edges)} edges to {output}"
               f"{aggregated}")
