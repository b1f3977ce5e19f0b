"""The data files the extractor reads by are chosen by a configuration passed in."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from extract import extract_text
from extract.config import DATA, DEFAULT, Config

PLAN = "二、重点任务\n1.建设智慧工厂。（主抓单位：市经信局）\n"


def roles(document) -> set[tuple[str, str]]:
    return {(a.mention, a.role.value) for a in document.assignments}


def with_lead_label(tmp_path: Path, label: str) -> Config:
    """Today's vocabulary with one more lead label."""
    words = (DATA / "vocabulary.toml").read_text(encoding="utf-8")
    changed = words.replace('lead = ["牵头"]', f'lead = ["牵头", "{label}"]', 1)
    assert changed != words
    path = tmp_path / "vocabulary.toml"
    path.write_text(changed, encoding="utf-8")
    return replace(DEFAULT, vocabulary=path)


def test_the_default_configuration_is_the_data_files_of_the_package():
    assert DEFAULT == Config()
    assert all(Path(getattr(DEFAULT, name)).parent == DATA for name in DEFAULT.__dataclass_fields__)


def test_a_vocabulary_passed_in_is_the_one_read_by(tmp_path):
    assert roles(extract_text(PLAN)) == set()
    assert roles(extract_text(PLAN, config=with_lead_label(tmp_path, "主抓单位"))) == {("市经信局", "lead")}


def test_reading_by_one_configuration_leaves_the_default_as_it_was(tmp_path):
    extract_text(PLAN, config=with_lead_label(tmp_path, "主抓单位"))
    assert roles(extract_text(PLAN)) == set()
