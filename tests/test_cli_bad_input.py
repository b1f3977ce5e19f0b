"""`kg extract` reports each unreadable input on one line and goes on with the rest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent

PLAN = (
    "一、重点任务\n"
    "（一）加强生态环境分区管控。全面落实主体功能区战略。"
    "（省生态环境厅牵头，省发展改革委等按职责分工负责）\n"
)
ROW_KEYS = {"doc", "task", "number", "mention", "role", "derived", "department", "open_list", "span"}

# Invalid UTF-8, no BOM, no NUL, not GB18030, too messy for charset detection.
UNDECODABLE = b"plan \xff\xfa\x80\x81 text\xfe\xfb\n" * 20


@pytest.fixture
def inputs(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    files = {
        "good": ("plan.txt", PLAN.encode("utf-8")),
        "empty": ("empty.txt", b""),
        "binary": ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" + bytes(range(256)) * 4),
        "garbled": ("garbled.txt", UNDECODABLE),
    }
    paths = {}
    for key, (name, data) in files.items():
        paths[key] = folder / name
        paths[key].write_bytes(data)
    return paths


def extract(args: list[str]):
    return CliRunner().invoke(main, ["extract", *args])


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def lines_naming(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if name in line]


def test_each_unreadable_file_gets_one_line_and_the_rest_is_extracted(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    result = extract([*map(str, inputs.values()), "-o", str(out)])

    assert result.exit_code == 0, result.output
    for key, reason in [("empty", "empty file"), ("binary", "binary file")]:
        [line] = lines_naming(result.stderr, inputs[key].name)
        assert reason in line
    assert len(lines_naming(result.stderr, inputs["garbled"].name)) == 1
    assert lines_naming(result.stderr, inputs["good"].name) == []

    found = rows(out)
    assert {row["doc"] for row in found} == {"plan"}
    assert all(ROW_KEYS <= row.keys() for row in found)
    assert any(row["mention"] == "省生态环境厅" and row["role"] == "lead" for row in found)


def test_undecodable_file_is_reported_as_not_decodable_or_binary(inputs, tmp_path):
    result = extract([str(inputs["garbled"]), str(inputs["good"]), "-o", str(tmp_path / "o.jsonl")])
    [line] = lines_naming(result.stderr, inputs["garbled"].name)
    assert "cannot decode" in line or "binary" in line


def test_a_folder_with_bad_files_is_read_file_by_file(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    result = extract([str(inputs["good"].parent), "-o", str(out)])

    assert result.exit_code == 0, result.output
    for key in ("empty", "binary", "garbled"):
        assert len(lines_naming(result.stderr, inputs[key].name)) == 1
    assert any(row["mention"] == "省生态环境厅" and row["role"] == "lead" for row in rows(out))


def test_nothing_readable_exits_non_zero(inputs, tmp_path):
    bad = [inputs[key] for key in ("empty", "binary", "garbled")]
    result = extract([*map(str, bad), "-o", str(tmp_path / "out.jsonl")])

    assert result.exit_code != 0
    for path in bad:
        assert len(lines_naming(result.stderr, path.name)) == 1


def test_missing_file_is_named_and_exits_non_zero(tmp_path):
    missing = tmp_path / "nowhere.txt"
    result = extract([str(missing), "-o", str(tmp_path / "out.jsonl")])

    assert result.exit_code != 0
    assert len(lines_naming(result.stderr, "nowhere.txt")) == 1


def test_unsupported_file_named_explicitly_is_reported(inputs, tmp_path):
    odd = tmp_path / "plan.xyz"
    odd.write_text(PLAN, encoding="utf-8")
    result = extract([str(odd), str(inputs["good"]), "-o", str(tmp_path / "out.jsonl")])

    assert result.exit_code == 0, result.output
    [line] = lines_naming(result.stderr, "plan.xyz")
    assert "unsupported file type .xyz" in line


def test_folder_without_supported_files_gives_one_line_naming_it(tmp_path):
    folder = tmp_path / "nothing_here"
    folder.mkdir()
    (folder / "notes.xyz").write_text("x", encoding="utf-8")
    result = extract([str(folder), "-o", str(tmp_path / "out.jsonl")])

    assert result.exit_code != 0
    [line] = lines_naming(result.stderr, f"{folder}: ")
    assert "no .txt" in line


def test_files_of_a_folder_that_are_not_read_are_reported_with_the_reason(inputs, tmp_path):
    folder = inputs["good"].parent
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "README").write_text("notes", encoding="utf-8")
    (folder / ".hidden.txt").write_text(PLAN, encoding="utf-8")
    result = extract([str(folder), "-o", str(tmp_path / "out.jsonl")])

    assert result.exit_code == 0, result.output
    [doc] = lines_naming(result.stderr, "old.doc")
    assert (
        doc == f"kg: warning: {folder / 'old.doc'}: skipped: .doc is not read (only .txt, .text, .md, "
        ".markdown, .csv, .tsv, .docx, .pdf, .html or .htm)"
    )
    [bare] = lines_naming(result.stderr, "README")
    assert "skipped: a file with no suffix is not read" in bare
    assert lines_naming(result.stderr, ".hidden") == []


def test_files_of_one_name_in_one_folder_are_read_once(inputs, tmp_path):
    folder = inputs["good"].parent
    (folder / "plan.md").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = extract([str(folder), "-o", str(out)])

    [line] = lines_naming(result.stderr, "plan.md")
    assert (
        line
        == f"kg: warning: {folder / 'plan.md'}: skipped: same name as {inputs['good']}, taken for a copy of it"
    )
    assert len(rows(out)) == len(rows_of(PLAN, tmp_path))


def test_files_of_one_name_in_two_folders_are_both_read_and_said_to_share_rows(inputs, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "plan.txt").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = extract([str(inputs["good"]), str(other / "plan.txt"), "-o", str(out)])

    [line] = lines_naming(result.stderr, str(other / "plan.txt"))
    assert "its rows have the same doc 'plan' as" in line
    assert len(rows(out)) == 2 * len(rows_of(PLAN, tmp_path))


def rows_of(text: str, tmp_path: Path) -> list[dict]:
    alone = tmp_path / "alone" / "plan.txt"
    alone.parent.mkdir(exist_ok=True)
    alone.write_text(text, encoding="utf-8")
    extract([str(alone), "-o", str(tmp_path / "alone.jsonl")])
    return rows(tmp_path / "alone.jsonl")


def test_empty_folder_beside_a_good_file_still_exits_zero(inputs, tmp_path):
    folder = tmp_path / "empty_folder"
    folder.mkdir()
    out = tmp_path / "out.jsonl"
    result = extract([str(folder), str(inputs["good"]), "-o", str(out)])

    assert result.exit_code == 0, result.output
    assert len(lines_naming(result.stderr, "empty_folder")) == 1
    assert rows(out)


def test_module_entry_point_runs_the_same_command(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "kg", "extract", str(inputs["good"]), str(inputs["empty"]), "-o", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    [line] = lines_naming(done.stderr, inputs["empty"].name)
    assert "empty file" in line
    assert any(row["mention"] == "省生态环境厅" and row["role"] == "lead" for row in rows(out))
