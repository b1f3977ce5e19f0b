"""What cannot be read or written is one line naming it, never a traceback; the rest goes on.

Each case runs `kg` as a user does, in its own process, against a real failure: a full disk
(/dev/full, or a small tmpfs in a private mount namespace), a file or folder it may not
read or write, a file whose extraction fails in any way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import build as building

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FULL = Path("/dev/full")
PLAN = (
    "一、重点任务\n（一）加强生态环境分区管控。全面落实主体功能区战略。（省生态环境厅牵头，省财政厅配合）\n"
)


def run_kg(*args: object, privileged: bool = True) -> subprocess.CompletedProcess:
    """`kg ARGS` in a new process; unprivileged: without root's licence to ignore file modes."""
    command = [sys.executable, "-m", "kg", *map(str, args)]
    if not privileged and os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("root reads and writes any file, and setpriv is not there to stop it")
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def on_a_full_disk(*args: object) -> subprocess.CompletedProcess:
    """`kg ARGS` with /tmp/full a 256 KB file system, nearly full, of its own mount namespace."""
    if (
        not shutil.which("unshare")
        or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode
    ):
        pytest.skip("no private mount namespace here (unshare -rm) to make a full disk in")
    script = (
        "mount -t tmpfs -o size=256k tmpfs /tmp/full && "
        "dd if=/dev/zero of=/tmp/full/filler bs=1k count=240 2>/dev/null && "
        'exec "$@"'
    )
    command = ["unshare", "-rm", "sh", "-c", script, "sh", sys.executable, "-m", "kg", *map(str, args)]
    Path("/tmp/full").mkdir(exist_ok=True)
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def one_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("failures") / "store"
    assert run_kg("build", EXAMPLES, "--store", path, "-q").returncode == 0
    return path


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    "command",
    [
        ["extract", EXAMPLES],
        ["stats"],
        ["export"],
        ["query", "lead-load"],
        ["departments"],
        ["validate"],
        ["view"],
        ["tasks", "--department", "市生态环境局"],
        ["tasks", "--department", "市生态环境局", "--format", "xlsx"],
        ["tasks", "--department", "市生态环境局", "--format", "docx"],
    ],
    ids=lambda command: " ".join(getattr(part, "name", part) for part in command),
)
def test_an_output_on_a_full_disk_is_one_line_naming_it(store, command):
    store_option = [] if command[0] == "extract" else ["--store", store]
    done = run_kg(*command, *store_option, "-o", FULL)
    assert done.returncode == 1
    assert one_line(done) == f"kg: {FULL}: No space left on device"


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
def test_standard_output_on_a_full_disk_is_one_line(store):
    with FULL.open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "kg", "stats", "--store", store],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    assert done.returncode == 1
    assert one_line(done) == "kg: standard output: No space left on device"


def test_a_build_on_a_full_disk_is_one_line_naming_the_store():
    done = on_a_full_disk("build", EXAMPLES, "--store", "/tmp/full/store", "-q")
    assert done.returncode == 1
    assert one_line(done) == "kg: the store /tmp/full/store could not be written: No space left on device"


def test_task_lists_on_a_full_disk_name_the_file(store):
    done = on_a_full_disk("tasks", "--all", "--format", "xlsx", "-o", "/tmp/full/lists", "--store", store)
    assert done.returncode == 1
    line = one_line(done)
    assert line.startswith("kg: /tmp/full/lists/") and line.endswith(".xlsx: No space left on device")


def test_an_unreadable_file_is_one_line_and_the_others_are_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    secret = folder / "secret.txt"
    secret.write_text(PLAN, encoding="utf-8")
    secret.chmod(0)
    out = tmp_path / "out.jsonl"
    done = run_kg("extract", folder, "-o", out, privileged=False)
    assert done.returncode == 0
    assert one_line(done) == f"kg: {secret}: Permission denied"
    assert '"mention": "省生态环境厅"' in out.read_text(encoding="utf-8")

    done = run_kg("build", folder, "--store", tmp_path / "store", privileged=False)
    assert done.returncode == 0 and done.stdout.startswith("built 1 documents")
    assert f"kg: {secret}: Permission denied" in done.stderr.splitlines()


def test_a_store_whose_lock_cannot_be_written_is_one_line(tmp_path):
    store = tmp_path / "store"
    assert run_kg("build", EXAMPLES, "--store", store, "-q").returncode == 0
    (store / "lock").chmod(0o444)
    done = run_kg("build", EXAMPLES, "--store", store, "-q", privileged=False)
    assert done.returncode == 1
    line = one_line(done)
    assert str(store) in line and "Permission denied" in line


def test_an_output_folder_that_cannot_be_written_is_one_line(store, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    for command in (["extract", EXAMPLES], ["view", "--store", store], ["export", "--store", store]):
        done = run_kg(*command, "-o", locked / "out", privileged=False)
        assert done.returncode == 1
        assert one_line(done) == f"kg: {locked / 'out'}: Permission denied"


def test_any_failure_on_one_file_is_one_line_naming_it_and_the_others_go_on(monkeypatch, tmp_path, kg):
    # Whatever the extractor might raise on some file, not only the failures it foresees.
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "odd.txt").write_text(PLAN, encoding="utf-8")
    extract_document = building.extract_document

    def failing(path, *args, **kwargs):
        if Path(path).name == "odd.txt":
            raise RuntimeError("something nobody foresaw")
        return extract_document(path, *args, **kwargs)

    monkeypatch.setattr(building, "extract_document", failing)
    result = kg("extract", tmp_path, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0
    [line] = result.stderr.splitlines()
    assert line == f"kg: {tmp_path / 'odd.txt'}: could not be read: RuntimeError: something nobody foresaw"
    assert '"mention": "省生态环境厅"' in (tmp_path / "out.jsonl").read_text(encoding="utf-8")

    result = kg("build", tmp_path, "--store", tmp_path / "store")
    assert result.exit_code == 0 and result.stdout.startswith("built 1 documents")


def test_a_file_the_extractor_cannot_follow_does_not_stop_the_folder(tmp_path):
    # Brackets nested past Python's recursion limit: read, or reported in one line.
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    nested = tmp_path / "nested.txt"
    nested.write_text(
        "一、任务\n（一）推进工作。" + "（" * 3000 + "省财政厅负责" + "）" * 3000 + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    done = run_kg("extract", tmp_path, "-o", out, "-q")
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    assert all(line.startswith(f"kg: {nested}: ") for line in done.stderr.splitlines())
    assert '"mention": "省生态环境厅"' in out.read_text(encoding="utf-8")
