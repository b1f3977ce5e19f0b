"""Building and extracting in parallel give what one process gives; the first build of a
store wins, and a second is refused before it reads anything; files too large are refused.

Builds run as real processes (`python -m kg`), as a user runs them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg.build as building
from kg.build import build
from kg.ontology import ONTOLOGY_GRAPH
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def kg(*args: object, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)], cwd=ROOT, capture_output=True, text=True, **options
    )


def exported(store: Path) -> list[str]:
    """The documents' N-Quads, sorted, with what differs from run to run (its IRI and start)
    made equal. (The ontology's graph is left out: its blank nodes differ from load to load.)"""
    done = kg("export", "--format", "nq", "--store", store)
    assert done.returncode == 0, done.stderr
    text = re.sub(r"/run/[0-9a-f]+", "/run/R", done.stdout)
    text = re.sub(r'"[^"]*"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>', '"T"', text)
    return sorted(line for line in text.splitlines() if not line.endswith(f"<{ONTOLOGY_GRAPH}> ."))


def test_extracting_with_two_jobs_writes_what_one_job_writes(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert kg("extract", EXAMPLES, "-q", "-o", one).returncode == 0
    assert kg("extract", EXAMPLES, "-q", "--jobs", "2", "-o", two).returncode == 0
    assert one.read_bytes() == two.read_bytes() != b""


def test_building_with_two_jobs_builds_what_one_job_builds(tmp_path):
    one = kg("build", EXAMPLES, "-q", "--store", tmp_path / "one")
    two = kg("build", EXAMPLES, "-q", "--jobs", "2", "--store", tmp_path / "two")
    assert one.returncode == two.returncode == 0
    assert one.stdout.replace("one", "two") == two.stdout
    assert exported(tmp_path / "one") == exported(tmp_path / "two")


@pytest.fixture
def many_plans(tmp_path) -> Path:
    """Enough copies of the examples that building them takes a while."""
    folder = tmp_path / "plans"
    for copy in range(25):
        shutil.copytree(EXAMPLES, folder / f"copy{copy:02d}")
    return folder


def test_the_build_started_first_wins_and_a_second_is_refused_before_reading(tmp_path, many_plans):
    store = tmp_path / "kg"
    command = [sys.executable, "-m", "kg", "build", str(many_plans), "-q", "--store", str(store)]
    first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The first build holds the lock (its pid is in the lock file) before it reads a file.
        deadline = time.monotonic() + 60
        while (store / "lock").read_text().strip() != str(first.pid) if (store / "lock").exists() else True:
            assert first.poll() is None and time.monotonic() < deadline, "the first build never took the lock"
            time.sleep(0.01)
        second = kg("build", EXAMPLES, "--store", store)
        assert first.poll() is None, "the second build was decided only after the first had finished"
        assert second.returncode == 1
        assert f"is being built by another process (pid {first.pid})" in second.stderr
        assert "examples" not in second.stderr.replace(str(store), ""), "the second build read files"
    finally:
        out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert out.startswith("built 100 documents")


def test_a_file_above_the_size_limit_is_refused_with_its_size_and_the_limit(tmp_path, monkeypatch):
    small = EXAMPLES / "某市大气污染防治行动方案.txt"
    monkeypatch.setattr(building, "MAX_FILE_BYTES", small.stat().st_size)
    big = tmp_path / "big.txt"
    big.write_bytes(small.read_bytes() + "推进工作。".encode() * 10)
    reported = []
    built = build([str(big), str(small)], Store(tmp_path / "kg"), reported.append)
    assert len(built.documents) == 1
    [problem] = [p for p in reported if p.fatal]
    assert str(problem.path) == str(big)
    assert problem.message == (
        f"too large to read ({big.stat().st_size:,} bytes; "
        f"the limit is {small.stat().st_size:,} bytes a file)"
    )
