"""The speed of what users run, in one table, each figure beside its anchor from the same run.

- `kg extract` and `kg build` as whole processes on the development plans copied many
  times (MB and plans per CPU-second; `--jobs 2` against one job; peak memory), with a
  raw `re.finditer` scan of the same text as the extractor's ceiling;
- every named query on graphs of the real shape (bench/realistic.py): the plans built
  `--copies` times as different documents, jurisdictions rotated so an office is named by
  about 20 plans, and the worst case where every copy keeps its jurisdiction (an office
  named by every copy); rdflib's in-memory store answering the same queries on a smaller
  copy of the same graph as the anchor;
- what a user waits for: `kg --help`, `kg stats`, `kg departments`, `kg due`, `kg tasks
  --department`, `kg view --department` on the large graph.

Each query runs in a process of its own with a time limit (a query over it is reported as
"> N s" and stopped). The table goes to standard output and to bench/results.md.

    python bench/store_table.py [--copies 120] [--small 5] [--limit 10]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realistic import plans_folder, read_plans, realistic_graph  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"
# A scan that touches every character, as a rule reader must: the ceiling of extraction.
ANCHOR = re.compile(r"[\u3001\uff0c\uff1b]|牵头|配合|负责")

# Runs one named query in a fresh process; prints its median time (ms) and row count.
QUERY = """
import json, statistics, sys, time
from kg.store import Store
from kg import sparql
store, name, values, engine = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
text = sparql.query_text(name)
terms = sparql.bind(text, values)
if engine == "rdflib":
    import pyoxigraph, rdflib
    graph = rdflib.Dataset(default_union=True)
    graph.parse(store, format="nquads")
    def rdflib_term(term):
        if isinstance(term, pyoxigraph.NamedNode):
            return rdflib.URIRef(term.value)
        plain = term.language or term.datatype.value.endswith("#string")   # as N-Quads writes it
        return rdflib.Literal(term.value, lang=term.language or None,
                              datatype=None if plain else rdflib.URIRef(term.datatype.value))
    bindings = {name: rdflib_term(term) for name, term in terms.items()}
    def run():
        return len(list(graph.query(text, initBindings=bindings)))
else:
    db = Store(store)
    db.open()
    def run():
        return len(sparql.select(db.query(text, terms)).rows)
times, rows = [], 0
for attempt in range(3):
    start = time.perf_counter(); rows = run(); times.append(time.perf_counter() - start)
    if times[-1] > 1:
        break
print(json.dumps([statistics.median(times) * 1000, rows]))
"""


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(
    command: list[str], limit: float | None = None
) -> tuple[float, float, subprocess.CompletedProcess | None]:
    """Wall seconds, CPU seconds of the command, its result (None when over `limit`)."""
    cpu, start = cpu_of_children(), time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, cpu_of_children() - cpu, None
    if done.returncode:
        raise RuntimeError(f"{shlex.join(command)} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - start, cpu_of_children() - cpu, done


def kg(*args) -> list[str]:
    return [sys.executable, "-m", "kg", *map(str, args)]


def copies_of(folder: Path, target: Path, copies: int) -> Path:
    for copy in range(copies):
        shutil.copytree(folder, target / f"copy{copy:03d}")
    return target


def scan_speed(folder: Path) -> float:
    """MB/s of re.finditer over every text file's characters (one core)."""
    text = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(folder.rglob("*"))
        if path.suffix in (".txt", ".md", ".tsv", ".csv")
    )
    size = len(text.encode("utf-8")) / 1e6
    start = time.perf_counter()
    for _ in range(5):
        sum(1 for _ in ANCHOR.finditer(text))
    return 5 * size / (time.perf_counter() - start)


def query(store: Path, name: str, values: dict, limit: float, engine: str = "oxigraph") -> str:
    command = [sys.executable, "-c", QUERY, str(store), name, json.dumps(values), engine]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s"
    if done.returncode:
        return "error: " + done.stderr.strip().splitlines()[-1][:60]
    milliseconds, rows = json.loads(done.stdout)
    return f"{milliseconds:,.1f} ms ({rows} rows)"


def parameters(store: Path) -> dict[str, dict]:
    """Values for each named query: the department that leads most, its jurisdiction, a
    title and a second jurisdiction, all read from the graph."""
    from pyoxigraph import NamedNode

    from kg.sparql import run
    from kg.store import Store

    db = Store(store)
    top = next(row for row in run(db, "lead-load").rows if not row["collective"])
    other = next(
        row["jurisdiction"]
        for row in run(db, "lead-load").rows
        if row["jurisdiction"] not in (None, top["jurisdiction"])
    )
    held = run(db, "held-tasks", {"holder": NamedNode(top["actor"])}).rows[0]["task"]
    task = run(db, "task-ledger", {"task": NamedNode(held)}).rows[0]
    document = run(db, "documents").rows[0]["iri"]
    db.close()
    department = {"name": top["name"], "jurisdiction": top["jurisdiction"]}
    return {
        "department-tasks": department,
        "departments-named": {"label": top["name"]},
        "co-participants": department,
        "held-tasks": {"holder": top["actor"]},
        "task-ledger": {"task": held},
        "due-tasks": {"until": "2030-12-31"},
        "ego-network": {"holder": top["actor"]},
        "task-departments": {"title": task["title"]},
        "jurisdiction-difference": {"a": top["jurisdiction"], "b": other},
        "document-links": {"document": document},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=120, help="copies of the plans in the large graphs")
    parser.add_argument("--small", type=int, default=5, help="copies in the graph rdflib answers on")
    parser.add_argument("--build-copies", type=int, default=10, help="copies of the plans kg build reads")
    parser.add_argument("--limit", type=float, default=10, help="seconds a query may take")
    args = parser.parse_args(argv)

    from kg.sparql import named_queries
    from kg.store import Store

    plans = plans_folder()
    rows: list[tuple[str, str, str]] = []
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fengong-bench-") as tmp:
        tmp = Path(tmp)
        corpus = copies_of(plans, tmp / "plans", args.build_copies)
        megabytes = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()) / 1e6
        documents = sum(1 for p in corpus.rglob("*") if p.is_file())

        _, cpu, _ = run_timed(kg("extract", corpus, "-q", "-o", tmp / "rows.jsonl"))
        scan = scan_speed(corpus)
        rows.append(
            (
                "kg extract (whole process)",
                f"{megabytes / cpu:.2f} MB/s per core ({megabytes:.1f} MB, {documents} files)",
                f"re.finditer scan {scan:.0f} MB/s: extract is 1/{scan / (megabytes / cpu):.0f} of it",
            )
        )
        wall1, cpu1, done = run_timed(kg("build", corpus, "-q", "--store", tmp / "one"))
        peak1 = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        wall2, _, _ = run_timed(kg("build", corpus, "-q", "--jobs", "2", "--store", tmp / "two"))
        rows.append(
            (
                "kg build (whole process)",
                f"{documents / cpu1:.1f} plans/s per core; {documents / wall1:.1f} plans/s wall",
                done.stdout.strip().split(" into ")[0],
            )
        )
        rows.append(
            (
                "kg build --jobs 2",
                f"{wall1 / wall2:.2f}x one job ({wall2:.1f} s against {wall1:.1f} s)",
                f"peak memory of one kg build {peak1:.0f} MB",
            )
        )
        shutil.rmtree(corpus)

        read = read_plans(plans)
        graphs = {}
        for label, copies, rotate in (
            ("~20 plans an office", args.copies, True),
            ("worst case: every copy names it", args.copies, False),
            ("small", args.small, True),
        ):
            store = Store(tmp / label.split()[0].strip("~:"))
            start = time.perf_counter()
            triples = realistic_graph(store, read, copies, rotate=rotate)
            graphs[label] = (store.path, triples, time.perf_counter() - start)
            store.close()
            rows.append(
                (
                    f"graph: {label}",
                    f"{triples:,} triples, {len(read) * copies} plans",
                    f"mapped and loaded in {graphs[label][2]:.0f} s",
                )
            )
        large, worst, small = (graphs[k][0] for k in graphs)
        dump = tmp / "small.nq"
        with dump.open("wb") as output:
            Store(small).dump(output, "nq")
        values, worst_values, small_values = parameters(large), parameters(worst), parameters(small)
        for name in named_queries():
            rows.append(
                (
                    f"query {name}",
                    f"{query(large, name, values.get(name, {}), args.limit)}; "
                    f"worst case {query(worst, name, worst_values.get(name, {}), args.limit)}",
                    f"at {graphs['small'][1]:,} triples: oxigraph "
                    f"{query(small, name, small_values.get(name, {}), args.limit)}, rdflib "
                    f"{query(dump, name, small_values.get(name, {}), args.limit, 'rdflib')}",
                )
            )

        plan = next(path for path in sorted(plans.iterdir()) if path.is_file())
        run_timed(kg("build", plan, "-q", "--store", large))  # in, so that the next build replaces it
        into_large, _, _ = run_timed(kg("build", plan, "-q", "--store", large))
        into_empty, _, _ = run_timed(kg("build", plan, "-q", "--store", tmp / "empty"))
        rows.append(
            (
                "replacing one plan (whole process)",
                f"{into_large:.1f} s in the ~20 plans graph",
                f"{into_empty:.1f} s into an empty store",
            )
        )

        department = values["department-tasks"]
        one = ("--department", department["name"], "--jurisdiction", department["jurisdiction"])
        for label, command in (
            ("kg --help", kg("--help")),
            ("kg stats", kg("stats", "--store", large)),
            ("kg departments", kg("departments", "--store", large)),
            ("kg due", kg("due", "--as-of", "2025-06-30", "--store", large)),
            ("kg tasks --department", kg("tasks", *one, "--store", large)),
            ("kg view --department", kg("view", *one, "--store", large, "-o", tmp / "v.html")),
        ):
            wall, _, done = run_timed(command, limit=60)
            rows.append(
                (f"{label} (whole process)", f"{wall:.2f} s" if done else "> 60 s", "at the ~20 plans graph")
            )

    machine = (
        f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )
    table = ["| what | measured | anchor / note |", "|---|---|---|"]
    table += [f"| {what} | {measured} | {note} |" for what, measured, note in rows]
    text = "\n".join(
        [
            f"command: `{shlex.join([Path(sys.executable).name, *sys.argv])}`  ",
            f"machine: Python {machine}; plans from {plans.relative_to(ROOT.parent)}; "
            f"{time.perf_counter() - began:.0f} s in all",
            "",
            *table,
            "",
        ]
    )
    print(text)
    RESULTS.write_text(
        "# Benchmark results\n\nWritten by `make bench` (bench/store_table.py).\n\n" + text, encoding="utf-8"
    )


if __name__ == "__main__":
    main()
