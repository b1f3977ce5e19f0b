"""The `kg` command: a thin layer over the `extract` and `kg` APIs."""
from __future__ import annotations

import json
import sys

import click

from extract import ReadError, extract_document, find_sources
from extract.output import rows


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
        for row in rows(document):
            output.write(json.dumps(row, ensure_ascii=False) + "\n")
    output.flush()
    if not read:
        _say("nothing could be read")
        sys.exit(1)
