"""Commands load only what they use: reading the graph never loads the extractor's text
readers or segmenter, the SHACL validator, rdflib, the office-format writers or an HTTP client.

Each command runs in a fresh interpreter, which then lists the heavy modules it loaded.
(How fast start-up is, is measured by `make bench`, not here.)
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "tests" / "fixtures" / "graph" / "plans"
HEAVY = (
    "extract.document",
    "jieba",
    "rjieba",
    "pyshacl",
    "rdflib",
    "openpyxl",
    "docx",
    "pyvis",
    "http.client",
)


def heavy_modules_loaded(*args: str) -> list[str]:
    """Run `kg ARGS` in a new interpreter; the heavy modules it imported."""
    code = textwrap.dedent(f"""
        import sys
        from kg.cli import main
        try:
            main({[str(a) for a in args]!r})
        except SystemExit as stop:
            assert not stop.code, stop.code
        loaded = sorted(name for name in {HEAVY!r} if name in sys.modules)
        print(",".join(loaded), file=sys.stderr)
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return [name for name in last.split(",") if name]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "store"
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(PLANS), "--store", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return path


def test_help_loads_nothing_heavy():
    assert heavy_modules_loaded("--help") == []


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["departments"],
        ["query", "lead-load"],
        ["tasks", "--department", "省水利厅", "--jurisdiction", "江西省"],
    ],
)
def test_reading_the_graph_loads_nothing_heavy(store, command):
    assert heavy_modules_loaded(*command, "--store", store) == []
