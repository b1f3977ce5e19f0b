"""The graph commands: `kg build`, `kg stats`, `kg departments`, `kg export`, `kg validate`.

They run on the invented plans of tests/fixtures/graph/plans (two of 江西省, one of 甘肃省)
through the command line, as a user would, each test with a store of its own.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main

PLANS = Path(__file__).parent / "fixtures" / "graph" / "plans"


def kg(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture
def store(tmp_path) -> Path:
    path = tmp_path / "store"
    result = kg("build", PLANS, "--store", path)
    assert result.exit_code == 0, result.output
    return path


def stats(store: Path) -> dict:
    result = kg("stats", "--format", "json", "--store", store)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_build_says_what_it_built(tmp_path):
    result = kg("build", PLANS, "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert result.stdout.startswith("built 3 documents (9 tasks, 22 assignments, ")
    assert str(tmp_path / "store") in result.stdout


def test_stats_counts_documents_tasks_roles_and_departments(store):
    assert stats(store) == {
        "documents": 3, "tasks": 9, "unassigned": 1, "assignments": 22,
        "lead": 5, "joint": 6, "participant": 10, "implementer": 1,
        # 江西省: 水利厅, 发展改革委, 财政厅, 农业农村厅, 工业和信息化厅, 生态环境厅, 公安厅,
        # 交通运输厅; 甘肃省: 水利厅, 发展改革委, 财政厅, 住房城乡建设厅
        "departments": 12, "unresolved": 0, "collective": 1,
    }


def test_stats_text_is_one_count_a_line(store):
    lines = kg("stats", "--store", store).stdout.splitlines()
    assert lines[0].split() == ["documents", "3"]
    assert len(lines) == len(stats(store))


def test_building_again_replaces_each_documents_graph(store):
    before = kg("export", "--format", "nq", "--store", store).stdout_bytes
    assert kg("build", PLANS, "--store", store).exit_code == 0
    after = kg("export", "--format", "nq", "--store", store).stdout_bytes
    assert len(Dataset().parse(data=after, format="nquads")) == len(Dataset().parse(data=before, format="nquads"))
    assert stats(store)["documents"] == 3


def test_building_one_more_document_keeps_the_others(tmp_path):
    path = tmp_path / "store"
    kg("build", PLANS / "jiangxi_water.txt", "--store", path)
    kg("build", PLANS / "gansu_water.txt", "--store", path)
    assert stats(path)["documents"] == 2


def test_the_graph_conforms_to_the_shapes(store):
    result = kg("validate", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conforms: ")


def test_the_store_defaults_to_KG_STORE(tmp_path):
    path = tmp_path / "elsewhere"
    assert kg("build", PLANS / "gansu_water.txt", env={"KG_STORE": str(path)}).exit_code == 0
    assert stats(path)["documents"] == 1


def test_a_store_never_built_is_named_in_the_message(tmp_path):
    result = kg("stats", "--store", tmp_path / "nothing")
    assert result.exit_code == 1
    assert f"no graph in {tmp_path / 'nothing'}" in result.stderr


@pytest.mark.parametrize("format_, parse_as, graphs", [
    ("turtle", "turtle", False), ("nt", "nt", False),
    ("nq", "nquads", True), ("trig", "trig", True), ("jsonld", "json-ld", True)])
def test_export_writes_every_format(store, tmp_path, format_, parse_as, graphs):
    out = tmp_path / f"graph.{format_}"
    assert kg("export", "--format", format_, "--store", store, "-o", out).exit_code == 0
    if graphs:
        dataset = Dataset().parse(out, format=parse_as)
        names = {str(g.identifier) for g in dataset.graphs()}
        assert "https://w3id.org/fengong/id/doc/gansu_water" in names
    else:
        assert len(Graph().parse(out, format=parse_as)) > 100


def test_departments_lists_each_with_every_way_it_is_written(store):
    rows = json.loads(kg("departments", "--format", "json", "--store", store).stdout)
    industry = [r for r in rows if r["name"] == "省工业和信息化厅"]
    assert len(industry) == 1
    assert industry[0]["jurisdiction"] == "江西省"
    assert set(industry[0]["aliases"].split("、")) == {"省工信厅"}
    water = [r["jurisdiction"] for r in rows if r["name"] == "省水利厅"]
    assert sorted(water) == ["江西省", "甘肃省"]


def test_departments_unresolved_lists_names_the_gazetteer_does_not_know(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("江西省节水方案\n一、重点任务\n1.建设节水示范园区。（省节水技术推广中心牵头，省水利厅配合）\n",
                    encoding="utf-8")
    path = tmp_path / "store"
    kg("build", plan, "--store", path)
    result = kg("departments", "--unresolved", "--store", path)
    assert result.exit_code == 0
    assert [line.split("\t")[:2] for line in result.stdout.splitlines()] == [["江西省", "省节水技术推广中心"]]


def test_a_file_that_cannot_be_read_is_reported_and_the_others_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.txt").write_bytes((PLANS / "gansu_water.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    result = kg("build", folder, "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert "empty.txt" in result.stderr
    assert stats(tmp_path / "store")["documents"] == 1


def test_a_build_that_reads_nothing_leaves_the_store_as_it_was(store, tmp_path):
    before = kg("export", "--format", "nq", "--store", store).stdout_bytes
    (tmp_path / "empty.txt").write_bytes(b"")
    result = kg("build", tmp_path / "empty.txt", "--store", store)
    assert result.exit_code == 1
    assert "unchanged" in result.stderr
    assert kg("export", "--format", "nq", "--store", store).stdout_bytes == before
