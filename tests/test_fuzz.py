"""Fuzzing: the extractor, the command line and the SERVICE guard hold whatever they are given.

Generated inputs mix the words and marks that plans are made of (numbers, headings, role
words, offices, brackets, tables, line ends of every kind) with arbitrary characters and
bytes. `make test` runs a few hundred examples; `make fuzz` runs the `fuzz` profile
(tests/conftest.py): at least 10^4 each.
"""

from __future__ import annotations

import contextlib
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from extract import Document, ReadError, Role, extract_document, extract_text, rows
from kg.cli import main
from kg.sparql import calls_service

# A hang is an example that runs this long: a generous bound, far above any real input's
# time, that only a runaway (a loop, catastrophic backtracking) reaches.
HANG = 60

PIECES = (
    # numbering and headings
    "一、 二、 （一） (二) （十一） 1. 2． 3、 （1） ① ② 第一章 第二条 1000. (十一) ## **".split()
    + ["(十 一)"]
    # role words and forms
    + "牵头 负责 配合 按职责分工负责 负责落实 会同 指导 牵头单位： 配合单位： 责任单位： 参加单位： "
    "【牵头单位】 【配合单位】 为牵头单位 等 等部门 下同 以下各项任务均需落实，不再一一列出 以下均需落实 "
    "完成时限： 2025年底前 持续推进".split()
    # offices and places
    + "省发展改革委 省生态环境厅 市财政局 县农业农村局 河南省发展和改革委员会 各有关部门 各市人民政府 "
    "省市场监管局（省知识产权局） 江西省 临江市 发改委 住建厅".split()
    # text, marks, and every kind of space and line end
    + "加强生态环境分区管控 推进 工作 。 ， 、 ； ： （ ） ( ) 【 】 “ ” | - —".split()
    + [" | ", "\t", " ", "\u3000", "\xa0", "\n", "\r\n", "\r", "\n\n", "\ufeff"]
)

plan_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=80).map("".join)

# Nested brackets and long runs: the shapes that make patterns backtrack and parsers recurse.
repeated_text = st.builds(
    lambda piece, times, tail: piece * times + tail,
    st.sampled_from(["（", "（省财政厅", "以下均需落实", "各项工作均要抓好落实，", "a,", "、"]),
    st.integers(min_value=1, max_value=400),
    plan_text,
)

ROW_TYPES = {
    "doc": str,
    "task": str,
    "number": str,
    "mention": (str, type(None)),
    "role": (str, type(None)),
    "derived": bool,
    "department": (str, type(None)),
    "open_list": bool,
    "span": list,
    "line": int,
}
ROLES = {role.value for role in Role}
BREAK = re.compile(r"\r\n|\r|\n")


@contextlib.contextmanager
def no_hang(seconds: int = HANG) -> Iterator[None]:
    def expire(signum, frame):
        raise AssertionError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_document(document: Document, text: str) -> None:
    """Every span lies inside `text`, on its line, and an assignment quotes what it spans."""
    for task in document.tasks:
        assert 0 <= task.span.start <= task.span.end <= len(text)
        assert task.span.line == len(BREAK.findall(text, 0, task.span.start)) + 1
    keys = {task.key for task in document.tasks}
    for assignment in document.assignments:
        span = assignment.span
        assert 0 <= span.start <= span.end <= len(text)
        assert span.line == len(BREAK.findall(text, 0, span.start)) + 1
        assert assignment.quote == text[span.start : span.end]
        assert assignment.task in keys
        assert assignment.mention


def check_rows(found: list[dict]) -> None:
    for row in found:
        for key, kind in ROW_TYPES.items():
            assert isinstance(row[key], kind), (key, row)
        assert row["role"] is None or row["role"] in ROLES
        assert (row["mention"] is None) == (row["role"] is None)
        start, end = row["span"]
        assert isinstance(start, int) and isinstance(end, int) and start <= end
        assert row["line"] >= 1


@given(text=st.one_of(plan_text, repeated_text))
def test_any_text_is_read_within_its_bounds_the_same_way_twice(text):
    with no_hang():
        document = extract_text(text, doc="fuzz")
        again = extract_text(text, doc="fuzz")
    check_document(document, text)
    found = rows(document)
    check_rows(found)
    assert rows(again) == found


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-files")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        plan_text.map(lambda t: t.encode("utf-8")),
        plan_text.map(lambda t: t.encode("gb18030", "replace")),
        st.binary(max_size=400),
    ),
    suffix=st.sampled_from([".txt", ".md", ".csv", ".tsv", ".docx", ".pdf"]),
)
def test_any_file_is_read_or_refused_with_a_reason(files, data, suffix):
    path = files / f"plan{suffix}"
    path.write_bytes(data)
    with no_hang():
        try:
            document = extract_document(path)
        except ReadError as error:
            assert error.reason
            return
    check_rows(rows(document))


# The command line: any arguments give an answer or a one-line refusal, never a traceback.

NAMES = ["省水利厅", "省财政厅", "水利厅", "江西省", "甘肃", "<img src=x onerror=alert(1)>", "} UNION {"]
NAMES += ["'\"", "", "-", "--", "x" * 300, "省生态环境厅\n省财政厅"]
VALUES = NAMES + "0 -1 3 1e9 abc 2024-06-30 2024-13-45 /dev/null .".split()
QUERIES = "lead-load department-tasks co-participants unled-tasks task-departments stats nothing".split()
SPARQL = ["ASK { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "SELECT * WHERE {", "", "\x00"]
SPARQL += ["CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"]
SPARQL += ["SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"]
FORMATS = "text json csv table md xlsx docx turtle nt nq trig jsonld x".split()
COMMANDS = "extract stats departments query tasks due diff export view progress nonsense".split()
PARAMETERS = [
    f"{key}={value}" for key in ("name", "jurisdiction", "task", "title", "a") for value in NAMES[:6]
]


def option(name: str, values: list[str]) -> st.SearchStrategy[list[str]]:
    return st.sampled_from(values).map(lambda value: [name, value])


def command_line(store: str, folder: str) -> st.SearchStrategy[tuple[list[str], str | None]]:
    """(arguments, standard input) for one run of `kg`, serve and build aside."""
    common = st.lists(
        st.one_of(
            option("--format", FORMATS),
            option("--jurisdiction", NAMES),
            option("--department", NAMES),
            option("--param", PARAMETERS + ["novalue", "="]),
            option("--as-of", VALUES),
            option("--within", VALUES),
            option("--role", list(ROLES) + ["boss"]),
            option("--document", NAMES + ["jiangxi_water"]),
            option("-o", [f"{folder}/out", folder, "-"]),
            st.just(["--all"]),
            st.just(["--unresolved"]),
            st.just(["--list"]),
            st.just(["-q"]),
            st.just(["--sparql", "-"]),
            st.sampled_from(VALUES).map(lambda value: [value]),
        ),
        max_size=5,
    ).map(lambda parts: [arg for part in parts for arg in part])
    commands = st.sampled_from(COMMANDS)
    stores = st.sampled_from([store, f"{folder}/no-store", f"{folder}/out"])
    return st.tuples(
        commands, st.sampled_from(QUERIES + VALUES), common, stores, st.sampled_from(SPARQL)
    ).map(lambda parts: ([parts[0], parts[1], *parts[2], "--store", parts[3]], parts[4]))


@pytest.fixture(scope="module")
def places(plans_store, tmp_path_factory) -> tuple[str, str]:
    return str(plans_store), str(tmp_path_factory.mktemp("fuzz-cli"))


@settings(
    max_examples=max(10, settings().max_examples // 10),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_command_line_answers_or_refuses_in_one_line(places, data):
    store, folder = places
    args, stdin = data.draw(command_line(store, folder))
    # Relative paths, and kg view's default page, land in a folder of the test's own.
    with no_hang(), contextlib.chdir(folder):
        result = CliRunner().invoke(main, args, input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert "Traceback" not in result.output


# The SERVICE guard against the engine itself: whenever pyoxigraph would call an endpoint,
# the guard has seen the SERVICE clause.


def sparql_pieces(port: int) -> list[str]:
    words = "SERVICE service Service SILENT ?x { } . ; # ex: ex:SERVICE ex:a. _:b. @en- ?SERVICE $s < > ( )"
    words += " FILTER OPTIONAL UNION 'SERVICE' \\u0053ERVICE"
    phrases = [
        " ",
        "\n",
        "# SERVICE",
        "?s ?p ?o",
        "GRAPH ?g",
        "BIND(1 AS ?v)",
        "VALUES ?e {",
        '"x\\"',
        "'''",
        '"""',
    ]
    return words.split() + phrases + [f"<http://127.0.0.1:{port}/>", f"<http://127.0.0.1:{port}/x>"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_query_reaches_another_endpoint_unseen(listener, data):
    port, received = listener.port, listener.received
    body = "".join(data.draw(st.lists(st.sampled_from(sparql_pieces(port)), max_size=12)))
    query = f"PREFIX ex: <urn:ex:> SELECT * WHERE {{ {body} }}"
    before = len(received)
    with no_hang(), contextlib.suppress(SyntaxError, OSError):
        results = pyoxigraph.Store().query(query)
        if isinstance(results, pyoxigraph.QuerySolutions):
            list(results)
    called = len(received) > before
    event("the engine called the endpoint" if called else "the engine called nothing")
    assert not called or calls_service(query), query
