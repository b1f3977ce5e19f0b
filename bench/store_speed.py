"""How fast the graph store builds, rebuilds and answers.

Writes a synthetic responsibility graph shaped like the one `kg` makes (one graph per
document; per task its text, span and provenance, three assignments and the direct role
edges: about 50 triples), from a seeded random generator so that runs compare. Then, in a
fresh store on disk: the first build, a rebuild that replaces every graph, a build that
replaces one document, two queries, the size on disk and peak memory.

    python bench/store_speed.py [--documents 200] [--tasks 100] [--seed 1] [--keep DIR]
                                [--baseline]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

from extract_speed import OFFICES  # the same offices as the extraction benchmark's plans
from pyoxigraph import NamedNode

FG = "https://w3id.org/fengong/ontology#"
ID = "https://w3id.org/fengong/id/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PREF_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
# (role, direct edge): one lead, one participant and one joint assignment per task.
ROLES = (("Lead", "leads"), ("Participant", "participatesIn"), ("Joint", "sharesResponsibilityFor"))

DEPARTMENT_TASKS = f"""
PREFIX fg: <{FG}>
SELECT ?department ?task ?title WHERE {{ ?department fg:leads ?task . ?task fg:title ?title }}
"""
LEADS_PER_DEPARTMENT = f"""
PREFIX fg: <{FG}>
SELECT ?department (COUNT(?task) AS ?tasks)
WHERE {{ ?department fg:leads ?task }} GROUP BY ?department ORDER BY DESC(?tasks)
"""


def literal(value: int, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def document_graph(n: int, tasks: int, departments: list[str], rng: random.Random) -> tuple[str, str]:
    """A document's graph IRI and its N-Triples."""
    base = f"{ID}doc/plan_{n:05d}"
    doc = f"<{base}>"
    run = f"<{ID}run/{n:08x}>"
    lines = [
        f"{doc} {A} <{FG}PolicyDocument> .",
        f'{doc} <http://purl.org/dc/terms/title> "某省第{n}号实施方案"@zh .',
        f"{run} {A} <{FG}ExtractionRun> .",
    ]
    named = set()
    for t in range(1, tasks + 1):
        task, span = f"<{base}/task/t{t}>", f"<{base}/span/{t * 90}-{t * 90 + 40}>"
        lines += [
            f"{task} {A} <{FG}Task> .",
            f"{task} <{FG}document> {doc} .",
            f'{task} <{FG}number> "二（一）{t}" .',
            f'{task} <{FG}title> "推进第{t}项重点任务" .',
            f'{task} <{FG}text> "推进第{t}项重点任务。严格落实国家产业政策，加大财政资金支持力度。" .',
            f"{task} <{FG}position> {literal(t, 'positiveInteger')} .",
            f'{task} <{FG}part> "body" .',
            f'{task} <{FG}key> "t{t}" .',
            f"{task} <{PROV}wasDerivedFrom> {span} .",
            f"{task} <{PROV}wasGeneratedBy> {run} .",
            f"{span} {A} <{FG}TextSpan> .",
            f"{span} <{OA}hasSource> {doc} .",
            f"{span} <{OA}start> {literal(t * 90, 'nonNegativeInteger')} .",
            f"{span} <{OA}end> {literal(t * 90 + 40, 'nonNegativeInteger')} .",
            f'{span} <{OA}exact> "省发展改革委牵头，省财政厅配合" .',
            f"{span} <{FG}line> {literal(t + 10, 'positiveInteger')} .",
        ]
        for a, department in enumerate(rng.sample(departments, len(ROLES))):
            named.add(department)
            role, edge = ROLES[a]
            assignment = f"<{base}/task/t{t}/assignment/a{a}>"
            lines += [
                f"{assignment} {A} <{FG}Assignment> .",
                f"{assignment} <{FG}task> {task} .",
                f"{assignment} <{FG}agent> {department} .",
                f"{assignment} <{FG}role> <{FG}{role}> .",
                f'{assignment} <{FG}mention> "省{rng.choice(OFFICES)}" .',
                f'{assignment} <{FG}derived> "false"^^<{XSD}boolean> .',
                f'{assignment} <{FG}openList> "false"^^<{XSD}boolean> .',
                f"{assignment} <{PROV}wasDerivedFrom> {span} .",
                f"{assignment} <{PROV}wasGeneratedBy> {run} .",
                f"{department} <{FG}{edge}> {task} .",
            ]
    # Each document describes the departments it names, as the graph builder does.
    for department in sorted(named):
        lines += [
            f"{department} {A} <{FG}Department> .",
            f'{department} {PREF_LABEL} "部门{department[-6:-1]}"@zh .',
        ]
    return base, "\n".join(lines) + "\n"


def corpus(documents: int, tasks: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    departments = [f"<{ID}department/{i:04x}>" for i in range(300)]
    return [document_graph(n, tasks, departments, rng) for n in range(documents)]


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_time(action, runs: int = 5) -> float:
    return statistics.median(timed(action) for _ in range(runs))


def disk_size(folder: Path) -> int:
    """Bytes under a folder, each hard-linked file once."""
    seen, total = set(), 0
    for root, _, files in os.walk(folder):
        for name in files:
            status = os.stat(os.path.join(root, name))
            if status.st_ino not in seen:
                seen.add(status.st_ino)
                total += status.st_size
    return total


def build(store, graphs: list[tuple[str, str]]) -> None:
    with store.build() as b:
        for graph, ntriples in graphs:
            b.replace_graph(graph, ntriples)


def load_per_graph(folder: Path, graphs: list[tuple[str, str]]) -> None:
    """The plain way, for comparison: one transactional `load` per graph into one database."""
    import pyoxigraph

    db = pyoxigraph.Store(str(folder))
    for graph, ntriples in graphs:
        db.load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=NamedNode(graph))
    db.flush()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", "-n", type=int, default=200, help="documents (graphs)")
    parser.add_argument("--tasks", type=int, default=100, help="tasks per document")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the graphs")
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    parser.add_argument(
        "--baseline", action="store_true", help="also time one pyoxigraph load() per graph into one database"
    )
    args = parser.parse_args(argv)

    from kg.store import Store

    graphs = corpus(args.documents, args.tasks, args.seed)
    triples = sum(ntriples.count("\n") for _, ntriples in graphs)
    megabytes = sum(len(ntriples.encode()) for _, ntriples in graphs) / 1e6
    rss_before = peak_rss_mb()

    with tempfile.TemporaryDirectory(prefix="fengong-store-") as tmp:
        folder = args.keep or Path(tmp) / "kg"
        store = Store(folder)
        first = timed(lambda: build(store, graphs))
        assert store.triple_count() == triples, (store.triple_count(), triples)
        again = timed(lambda: build(store, graphs))
        assert store.triple_count() == triples, "a rebuild must not grow the store"
        store.close()  # lets the next build delete the versions read so far
        one = timed(lambda: build(store, graphs[:1]))

        department = NamedNode(f"{ID}department/{random.Random(args.seed).randrange(300):04x}")
        led = len(list(store.query(DEPARTMENT_TASKS, {"department": department})))
        department_ms = (
            median_time(lambda: list(store.query(DEPARTMENT_TASKS, {"department": department}))) * 1000
        )
        group_ms = median_time(lambda: list(store.query(LEADS_PER_DEPARTMENT))) * 1000
        store.close()
        size = disk_size(folder)
        rss_after = peak_rss_mb()
        if args.baseline:
            baseline = timed(lambda: load_per_graph(Path(tmp) / "baseline", graphs))
            baseline_size = disk_size(Path(tmp) / "baseline")

    print("command:    " + shlex.join([sys.executable, *sys.argv]))
    print(f"python:     {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    print(
        f"graphs:     {len(graphs)} documents x {args.tasks} tasks, {triples:,} triples, "
        f"{megabytes:.0f} MB of N-Triples (seed {args.seed})"
    )
    print(f"build:      {first:.1f} s, {triples / first:,.0f} triples/s")
    print(f"rebuild:    {again:.1f} s, {triples / again:,.0f} triples/s (every graph replaced)")
    print(f"one graph:  {one * 1000:.0f} ms to replace one document's graph")
    print(
        f"query:      {department_ms:.1f} ms for one department's {led} led tasks, "
        f"{group_ms:.0f} ms for lead counts (GROUP BY), median of 5"
    )
    print(f"disk:       {size / 1e6:.0f} MB, {size / triples:.0f} B/triple")
    print(
        f"peak RSS:   {rss_after:.0f} MB ({rss_before:.0f} MB before the first build, "
        f"the graphs' text included)"
    )
    if args.baseline:
        print(
            f"baseline:   {baseline:.1f} s, {triples / baseline:,.0f} triples/s, "
            f"{baseline_size / 1e6:.0f} MB on disk (one load() per graph into one database)"
        )


if __name__ == "__main__":
    main()
