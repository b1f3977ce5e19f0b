"""The `kg` command: a thin layer over the library (`kg.Graph`).

Every command reads its options, calls the library and writes what it returns. Errors a
user can cause (a store not built, a name that means nothing or several things, a bad
query, a file that cannot be written) reach `KgGroup`, which reports each as one line.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import IO, Any, BinaryIO

import click

from extract import Problem, Role

from .graph import Graph, read
from .limits import Limits
from .store import Store, StoreError


class KgGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader stopped early (`kg stats | head -3`): what it read is all it wanted.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except click.FileError as error:  # an output file that cannot be opened
            _say(f"{error.ui_filename}: {error.message.rsplit(': ', 1)[-1]}")
            sys.exit(1)
        except Exception as error:
            if not isinstance(error, _user_errors()):
                raise
            _say(_message(error))
            sys.exit(1)


def _user_errors() -> tuple[type[Exception], ...]:
    """What a user can get wrong: reported as `kg: message`, with exit status 1."""
    from .graph import NothingToShow
    from .names import AmbiguousName, UnknownName
    from .progress import LedgerError
    from .sparql import ParameterError, ServiceRefused

    # SyntaxError: a query that does not parse. OSError: a file or port that cannot be used.
    return (
        StoreError,
        UnknownName,
        AmbiguousName,
        ParameterError,
        ServiceRefused,
        NothingToShow,
        SyntaxError,
        OSError,
        LedgerError,
    )


# A write that fails for want of room names no file: the command's output is the one.
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_OUTPUT = "kg.output"  # ctx.meta: where the command writes


def _message(error: Exception) -> str:
    if isinstance(error, OSError):
        filename = error.filename
        if not filename and error.errno in _FULL:
            filename = click.get_current_context().meta.get(_OUTPUT)
        if filename:
            return f"{filename}: {error.strerror or error}"
        return error.strerror or str(error)
    return str(error)


def _note_output(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Note where the command writes (an -o option's callback), to name it if writing fails."""
    name = getattr(value, "name", value)
    ctx.meta[_OUTPUT] = "standard output" if name in (None, "-", "<stdout>") else name
    return value


def _say(message: str) -> None:
    click.echo(f"kg: {message}", err=True)


def _report(problem: Problem) -> None:
    _say(str(problem) if problem.fatal else f"warning: {problem}")


@click.group(cls=KgGroup)
@click.version_option(package_name="fengong")
def main() -> None:
    """Fengong: who must do what, read from Chinese policy documents."""


def store_option(command):
    return click.option(
        "--store",
        "store_path",
        type=click.Path(file_okay=False, path_type=str),
        default=lambda: str(Store.default_path()),
        show_default=".kg, or $KG_STORE",
        help="The graph store's folder.",
    )(command)


def output_option(command):
    return click.option(
        "-o",
        "--output",
        type=click.File("w", encoding="utf-8"),
        default="-",
        callback=_note_output,
        help="Write here instead of standard output.",
    )(command)


def format_option(choices: tuple[str, ...], help: str | None = None):
    """--format, one of `choices`, the first by default."""
    return click.option(
        "--format", "format_", type=click.Choice(choices), default=choices[0], show_default=True, help=help
    )


def _quiet_report(quiet: bool):
    def report(problem: Problem) -> None:
        if problem.fatal or not quiet:
            _report(problem)

    return report


def jobs_option(command):
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Read files in this many processes (output as with one).",
    )(command)


@contextmanager
def _progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """`update(done, total)` moves a progress bar on a terminal; elsewhere it does nothing."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from tqdm import tqdm

    with tqdm(desc=what, unit=" files", file=sys.stderr, leave=False) as bar:

        def update(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        yield update


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@output_option
@click.option("-q", "--quiet", is_flag=True, help="Do not report annotations read only in part.")
@jobs_option
def extract(paths: tuple[str, ...], output: IO[str], quiet: bool, jobs: int) -> None:
    """Extract tasks and assignments from files or folders as JSON Lines.

    One line per (task, actor) assignment, and one line with a null mention for each task
    that nobody is assigned. A file that cannot be read is reported on standard error and
    skipped; the exit status is non-zero only when no file could be read.
    """
    from extract import rows

    from .iris import department_iri

    read_from: dict[str, str] = {}
    with _progress("extracting") as progress:
        for document in read(paths, _quiet_report(quiet), jobs, progress):
            if document.doc in read_from:
                _report(
                    Problem(
                        document.path,
                        f"its rows have the same doc {document.doc!r} as {read_from[document.doc]}'s",
                    )
                )
            read_from.setdefault(document.doc, document.path)
            for row in rows(document, department_id=department_iri):
                output.write(json.dumps(row, ensure_ascii=False) + "\n")
    output.flush()
    if not read_from:
        _say("nothing could be read")
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@store_option
@click.option("-q", "--quiet", is_flag=True, help="Do not report annotations read only in part.")
@jobs_option
def build(paths: tuple[str, ...], store_path: str, quiet: bool, jobs: int) -> None:
    """Build the graph of the documents under PATHS into the store.

    One named graph per document; a document built again replaces its graph. The store's
    lock is taken first (a second build is refused at once), documents are streamed into
    the store, and the store takes all graphs in one step: a file that cannot be read is
    reported and skipped, and a build that fails or is stopped leaves the store as it was.
    """
    with _progress("building") as progress:
        built = Graph(store_path).build(paths, _quiet_report(quiet), jobs, progress)
    if not built.documents:
        _say(f"nothing could be read; {store_path} is unchanged")
        sys.exit(1)
    click.echo(
        f"built {len(built.documents)} documents ({built.tasks} tasks, {built.assignments} "
        f"assignments, {built.triples} triples) into {store_path}"
    )


@main.command()
@store_option
@output_option
def validate(store_path: str, output: IO[str]) -> None:
    """Check the graph against the SHACL shapes (shapes.ttl); exit 1 if it breaks one."""
    validation = Graph(store_path).validate()
    for v in validation.violations:
        where = " ".join(part for part in (v.focus, v.path, v.value) if part)
        output.write(f"{where}: {v.message}\n")
    if not validation.conforms:
        _say(f"{len(validation.violations)} violations in {validation.triples} triples")
        sys.exit(1)
    output.write(f"conforms: {validation.triples} triples\n")


EXPORT_FORMATS = ("turtle", "nt", "nq", "trig", "jsonld")


@main.command()
@format_option(
    EXPORT_FORMATS,
    "turtle and nt merge all documents; nq, trig and jsonld keep one named graph per document.",
)
@store_option
@click.option(
    "-o",
    "--output",
    type=click.File("wb"),
    default="-",
    callback=_note_output,
    help="Write here instead of standard output.",
)
def export(format_: str, store_path: str, output: BinaryIO) -> None:
    """Write the whole graph in an RDF format."""
    Graph(store_path).export(output, format_)


def _write_rows(columns: list[str], found: list[dict], format_: str, output: IO[str]) -> None:
    """Rows as JSON (a list of objects) or CSV (a header line, then one line a row)."""
    if format_ == "json":
        output.write(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
    else:
        writer = csv.DictWriter(output, fieldnames=columns)
        writer.writeheader()
        writer.writerows(found)


def _inert(found: list[dict]) -> list[dict]:
    """Rows for a CSV an office opens in a spreadsheet: no document's words run as a formula."""
    from .tasklist import neutralised

    return [{key: neutralised(value) for key, value in row.items()} for row in found]


@main.command()
@format_option(("text", "json"))
@store_option
@output_option
def stats(format_: str, store_path: str, output: IO[str]) -> None:
    """Count documents, tasks, assignments by role, departments and unresolved names."""
    counts = Graph(store_path).stats()
    if format_ == "json":
        output.write(json.dumps(counts, ensure_ascii=False, indent=1) + "\n")
        return
    width = max(map(len, counts))
    for key, value in counts.items():
        output.write(f"{key:<{width}}  {value}\n")


DEPARTMENT_COLUMNS = ["actor", "name", "jurisdiction", "kind", "collective", "aliases", "documents", "tasks"]


@main.command()
@click.option(
    "--unresolved",
    is_flag=True,
    help="Only the names the gazetteer does not know (kept as their own departments).",
)
@format_option(("text", "csv", "json"))
@store_option
@output_option
def departments(unresolved: bool, format_: str, store_path: str, output: IO[str]) -> None:
    """List departments and collective actors, with every way each is written."""
    found = [d for d in Graph(store_path).departments() if not unresolved or not d.resolved]
    if format_ in ("json", "csv"):
        rows = [{**asdict(d), "actor": d.iri, "aliases": "、".join(d.aliases)} for d in found]
        _write_rows(
            DEPARTMENT_COLUMNS, [{c: row[c] for c in DEPARTMENT_COLUMNS} for row in rows], format_, output
        )
        return
    for d in found:
        kind = "collective" if d.collective else (d.kind or "").rsplit("/", 1)[-1] or "?"
        aliases = f"  (also {'、'.join(d.aliases)})" if d.aliases else ""
        tasks = "1 task" if d.tasks == 1 else f"{d.tasks} tasks"
        output.write(f"{d.jurisdiction or '?'}\t{d.name}\t{kind}\t{tasks}{aliases}\n")


def _as_of(context, param, value: str | None):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", context, param) from None


def as_of_option(command):
    return click.option(
        "--as-of",
        "as_of",
        callback=_as_of,
        metavar="DATE",
        help="The day of reference (YYYY-MM-DD; default: today).",
    )(command)


@main.command()
@click.option("--department", help="The department: its name or any other way it is written.")
@click.option("--jurisdiction", help="Only the department(s) of this jurisdiction, e.g. 河南省 or 河南.")
@click.option(
    "--all",
    "all_",
    is_flag=True,
    help="One file per department (collective actors left out) into the folder -o.",
)
@format_option(("md", "csv", "xlsx", "docx"))
@as_of_option
@store_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=str),
    callback=_note_output,
    help="Write here instead of standard output; with --all, the folder to write to.",
)
def tasks(
    department: str | None,
    jurisdiction: str | None,
    all_: bool,
    format_: str,
    as_of,
    store_path: str,
    output: str | None,
) -> None:
    """A department's task list (任务清单), or its ledger (督办台账) as csv, xlsx or docx.

    Markdown: its tasks across all documents, led ones first, each with its document and
    文号, number, role, the other departments and their roles, its deadline, text and the
    annotation that assigns it. csv, xlsx, docx: the ledger's columns, one row per task,
    with the warning level on the day --as-of and the task's id to read progress back by.
    A name that several departments share must be narrowed with --jurisdiction.
    """
    from .tasklist import BINARY_FORMATS, WRITERS, write_file

    if all_ == bool(department):
        raise click.UsageError("give either --department NAME or --all")
    if format_ in BINARY_FORMATS and not output and sys.stdout.isatty():
        raise click.UsageError(f"{format_} is a binary file: give the file to write with -o")
    graph = Graph(store_path)
    if all_:
        if not output:
            raise click.UsageError("--all writes one file per department: give the folder with -o")
        written = graph.write_task_lists(output, format_, jurisdiction, as_of)
        click.echo(f"wrote {len(written)} task lists to {output}")
        return
    assert department is not None
    found = graph.department(department, jurisdiction)
    listed = graph.tasks(found)
    if output:
        write_file(output, found, listed, format_, as_of)
    else:
        WRITERS[format_](
            found, listed, sys.stdout.buffer if format_ in BINARY_FORMATS else sys.stdout, as_of=as_of
        )


@main.command()
@as_of_option
@click.option(
    "--within",
    "horizons",
    type=click.IntRange(min=0),
    multiple=True,
    metavar="DAYS",
    help="List tasks due within DAYS days (repeat for several levels; default 3 and 30).",
)
@click.option("--department", help="Only the tasks this department holds a role on.")
@click.option("--jurisdiction", help="The department's jurisdiction, for a name several share.")
@format_option(("text", "csv", "json"))
@store_option
@output_option
def due(
    as_of,
    horizons: tuple[int, ...],
    department: str | None,
    jurisdiction: str | None,
    format_: str,
    store_path: str,
    output: IO[str],
) -> None:
    """Tasks overdue, due soon, recurring and ongoing, with their warning level (三色督办).

    A recurring task (每季度) is next due at the end of the period that holds --as-of.
    red: past its due date, until reported completed; blue: due within the horizon;
    yellow: the latest progress report says it is behind (欠进度). Each with its lead,
    participants, document and the words that assign it.
    """
    from .due import COLUMNS, due_rows
    from .sparql import Result, text_table

    graph = Graph(store_path)
    found = graph.due(as_of, horizons, graph.department(department, jurisdiction) if department else None)
    found_rows = due_rows(found)
    if format_ in ("csv", "json"):
        _write_rows(COLUMNS, _inert(found_rows) if format_ == "csv" else found_rows, format_, output)
        return
    # The words and the id are in csv and json: a terminal's line has no room for them.
    shown = ["level", "due", "days", "deadline", "task", "lead", "participants", "document"]
    output.write(text_table(Result(shown, found_rows)))


@main.group()
def progress() -> None:
    """Progress reported on tasks, read back from filled-in ledgers."""


@progress.command("import")
@click.argument("ledger", type=click.Path(exists=True, dir_okay=False, path_type=str))
@as_of_option
@store_option
def import_(ledger: str, as_of, store_path: str) -> None:
    """Read 进展情况, 完成状态, 存在问题 and 下步措施 back from LEDGER (xlsx or csv written
    by `kg tasks`) by task id, as reports dated --as-of, in a graph of the file's own.

    The documents' graphs are never touched: building them again keeps the reports. A row
    whose id is unknown, whose task text changed since the ledger was written, or whose
    state is not one of the ledger's, is reported and left out. Exit status 1 when rows
    were left out.
    """
    imported = Graph(store_path).import_progress(ledger, as_of)
    for refused in imported.refused:
        _say(f"{ledger}:{refused.line}: {refused.reason}")
    click.echo(
        f"imported {imported.reports} progress reports from {ledger} as of {as_of.isoformat()}"
        f" into {store_path}"
    )
    if imported.refused:
        _say(f"{len(imported.refused)} rows left out")
        sys.exit(1)


@main.command()
@click.argument("old")
@click.argument("new")
@format_option(("text", "csv", "json"))
@store_option
@output_option
def diff(old: str, new: str, format_: str, store_path: str, output: IO[str]) -> None:
    """What changed from OLD to NEW: two files, or two documents of the store (file stem,
    IRI or words of the title), such as a 征求意见稿 and its final text.

    Tasks are matched by the similarity of their titles and texts (the score, 0 to 1);
    for a matched task, the departments added (+), dropped (-) and changed in role (~).
    Tasks of NEW matched by none of OLD are added (+), those of OLD dropped (-).
    """
    from .diff import COLUMNS, rows, summary, text

    found = Graph(store_path).diff(old, new)
    if format_ == "csv":
        _write_rows(COLUMNS, _inert(rows(found)), format_, output)
    elif format_ == "json":
        output.write(json.dumps(summary(found), ensure_ascii=False, indent=1) + "\n")
    else:
        output.write(text(found))


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
@click.option(
    "-p",
    "--param",
    "values",
    multiple=True,
    callback=_parameter,
    metavar="KEY=VALUE",
    help="A parameter of the query (repeat for several); see --list.",
)
@click.option(
    "--sparql",
    "sparql_file",
    type=click.File("r", encoding="utf-8"),
    help="Run the query in this file (- for standard input) instead of a named one.",
)
@click.option("--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let the query call other endpoints (SERVICE): this machine sends them requests.",
)
@format_option(
    QUERY_FORMATS,
    "table, csv or json for SELECT and ASK; turtle or nt for CONSTRUCT (turtle whatever is asked otherwise).",
)
@store_option
@output_option
def query(
    name: str | None,
    values: dict[str, str],
    sparql_file: IO[str] | None,
    list_: bool,
    allow_service: bool,
    format_: str,
    store_path: str,
    output: IO[str],
) -> None:
    """Run a named query (kg/queries/NAME.rq) or any SPARQL query over the graph.

    Parameters are bound as RDF terms, never written into the query text.
    """
    from .sparql import Result, text_table

    graph = Graph(store_path)
    if list_:
        for known in graph.named_queries():
            output.write(f"{known.name}\t{known.summary}\n")
            for p in known.parameters:
                optional = ", optional" if p.optional else ""
                output.write(f"    --param {p.name}=...  ({p.type}{optional}) {p.description}\n")
        return
    if (name is None) == (sparql_file is None):
        raise click.UsageError("give a query NAME or --sparql FILE (kg query --list names them)")
    if sparql_file is not None:
        answer = graph.sparql(
            sparql_file.read(), values, "nt" if format_ == "nt" else "turtle", allow_service=allow_service
        )
    else:
        assert name is not None
        answer = graph.query(name, values)
    if isinstance(answer, bytes):
        output.write(answer.decode("utf-8"))
    elif isinstance(answer, bool):
        output.write(json.dumps(answer) + "\n" if format_ == "json" else f"{str(answer).lower()}\n")
    elif format_ in ("turtle", "nt"):
        raise click.UsageError(f"--format {format_} is for CONSTRUCT queries: use table, csv or json")
    elif format_ in ("json", "csv"):
        assert isinstance(answer, Result)
        _write_rows(answer.columns, answer.rows, format_, output)
    else:
        output.write(text_table(answer))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, help="The port to listen on (0: any free one).")
@click.option(
    "--timeout",
    default=Limits.timeout,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a query may take; a longer one is stopped and answered 503.",
)
@click.option(
    "--max-rows",
    default=Limits.max_rows,
    show_default=True,
    type=click.IntRange(min=1),
    help="Results a query may return; more are answered 413.",
)
@click.option(
    "--workers",
    default=Limits.workers,
    show_default=True,
    type=click.IntRange(min=1),
    help="Queries run at once, each in its own process.",
)
@click.option(
    "--cors",
    metavar="ORIGIN",
    help="Let pages of this origin (e.g. http://localhost:3000) read the answers; "
    "by default only the server's own pages may.",
)
@click.option(
    "--allowed-host",
    "extra_hosts",
    multiple=True,
    metavar="NAME",
    help="Another name clients may reach the server by (repeat for several).",
)
@store_option
def serve(
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    cors: str | None,
    extra_hosts: tuple[str, ...],
    store_path: str,
) -> None:
    """Serve the graph until interrupted: the explorer's pages at /, and a read-only SPARQL
    endpoint at /sparql."""
    from .web.app import Explorer

    limits = Limits(timeout=timeout, max_rows=max_rows, workers=workers)
    graph = Graph(store_path)
    try:
        server = graph.serve(
            host, port, limits=limits, cors=cors, hosts=extra_hosts, routes=Explorer(graph).routes()
        )
    except OSError as error:
        raise OSError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    click.echo(f"serving {store_path} at http://{host}:{server.port}/sparql")
    click.echo(f"explorer at http://{host}:{server.port}/")
    server.run()


@main.command()
@click.option(
    "--department", metavar="NAME", help="Its ego view: the department's tasks and everyone else on them."
)
@click.option(
    "--jurisdiction",
    metavar="J",
    help="Only this jurisdiction's departments (with --department: that jurisdiction's office of the name).",
)
@click.option("--document", metavar="DOC", help="Only this document: its file stem, or words of its title.")
@click.option("--role", type=click.Choice([role.value for role in Role]), help="Only edges of this role.")
@store_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    default="kg-view.html",
    callback=_note_output,
    show_default=True,
    help="The HTML page to write.",
)
def view(
    department: str | None,
    jurisdiction: str | None,
    document: str | None,
    role: str | None,
    store_path: str,
    output: str,
) -> None:
    """Write the graph as an interactive HTML page that works offline.

    Departments and tasks are nodes, edges are roles; above 1500 nodes the page shows
    departments only, linked by the tasks they share.
    """
    shown = Graph(store_path).view(department, jurisdiction, document, Role(role) if role else None)
    with open(output, "w", encoding="utf-8") as page:
        page.write(shown.html())
    aggregated = " (departments only)" if shown.aggregated else ""
    click.echo(
        f"wrote {len(shown.network.nodes)} nodes and {len(shown.network.edges)} edges to {output}{aggregated}"
    )
