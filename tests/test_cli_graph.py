"""The graph commands: `kg build`, `kg stats`, `kg departments`, `kg export`, `kg validate`.

They run on the invented plans of tests/fixtures/graph/plans (two of 江西省, one of 甘肃省)
through the command line, as a user would, each test with a store of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from kg.ontology import FG


@pytest.fixture
def store(kg, plans, tmp_path) -> Path:
    path = tmp_path / "store"
    result = kg("build", plans, "--store", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def stats(kg):
    def counts(store: Path) -> dict:
        result = kg("stats", "--format", "json", "--store", store)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return counts


def test_build_says_what_it_built(kg, plans, tmp_path):
    result = kg("build", plans, "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert result.stdout.startswith("built 3 documents (9 tasks, 22 assignments, ")
    assert str(tmp_path / "store") in result.stdout


def test_stats_counts_documents_tasks_roles_and_departments(stats, store):
    assert stats(store) == {
        "documents": 3,
        "tasks": 9,
        "unassigned": 1,
        "assignments": 22,
        "lead": 5,
        "joint": 6,
        "participant": 10,
        "implementer": 1,
        # 江西省: 水利厅, 发展改革委, 财政厅, 农业农村厅, 工业和信息化厅, 生态环境厅, 公安厅,
        # 交通运输厅; 甘肃省: 水利厅, 发展改革委, 财政厅, 住房城乡建设厅
        "departments": 12,
        "unresolved": 0,
        "collective": 1,
    }


def test_stats_text_is_one_count_a_line(kg, stats, store):
    lines = kg("stats", "--store", store).stdout.splitlines()
    assert lines[0].split() == ["documents", "3"]
    assert len(lines) == len(stats(store))


def test_building_again_replaces_each_documents_graph(kg, plans, stats, store):
    before = kg("export", "--format", "nq", "--store", store).stdout_bytes
    assert kg("build", plans, "--store", store).exit_code == 0
    after = kg("export", "--format", "nq", "--store", store).stdout_bytes
    assert len(Dataset().parse(data=after, format="nquads")) == len(
        Dataset().parse(data=before, format="nquads")
    )
    assert stats(store)["documents"] == 3


def test_building_one_more_document_keeps_the_others(kg, plans, stats, tmp_path):
    path = tmp_path / "store"
    kg("build", plans / "jiangxi_water.txt", "--store", path)
    kg("build", plans / "gansu_water.txt", "--store", path)
    assert stats(path)["documents"] == 2


def test_the_graph_conforms_to_the_shapes(kg, store):
    result = kg("validate", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conforms: ")


def test_the_store_defaults_to_KG_STORE(kg, plans, stats, tmp_path):
    path = tmp_path / "elsewhere"
    assert kg("build", plans / "gansu_water.txt", env={"KG_STORE": str(path)}).exit_code == 0
    assert stats(path)["documents"] == 1


def test_a_store_never_built_is_named_in_the_message(kg, stats, tmp_path):
    result = kg("stats", "--store", tmp_path / "nothing")
    assert result.exit_code == 1
    assert f"no graph in {tmp_path / 'nothing'}" in result.stderr


@pytest.mark.parametrize(
    "format_, parse_as, graphs",
    [
        ("turtle", "turtle", False),
        ("nt", "nt", False),
        ("nq", "nquads", True),
        ("trig", "trig", True),
        ("jsonld", "json-ld", True),
    ],
)
def test_export_writes_every_format(kg, store, tmp_path, format_, parse_as, graphs):
    out = tmp_path / f"graph.{format_}"
    assert kg("export", "--format", format_, "--store", store, "-o", out).exit_code == 0
    if graphs:
        dataset = Dataset().parse(out, format=parse_as)
        documents = {str(g.identifier) for g in dataset.graphs() if (None, RDF.type, FG.PolicyDocument) in g}
        assert len(documents) == 3
    else:
        assert len(Graph().parse(out, format=parse_as)) > 100


def test_departments_lists_each_with_every_way_it_is_written(kg, store):
    rows = json.loads(kg("departments", "--format", "json", "--store", store).stdout)
    industry = [r for r in rows if r["name"] == "省工业和信息化厅"]
    assert len(industry) == 1
    assert industry[0]["jurisdiction"] == "江西省"
    assert set(industry[0]["aliases"].split("、")) == {"省工信厅"}
    water = [r["jurisdiction"] for r in rows if r["name"] == "省水利厅"]
    assert sorted(water) == ["江西省", "甘肃省"]


def test_departments_unresolved_lists_names_the_gazetteer_does_not_know(kg, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "江西省节水方案\n一、重点任务\n1.建设节水示范园区。（省节水技术推广中心牵头，省水利厅配合）\n",
        encoding="utf-8",
    )
    path = tmp_path / "store"
    kg("build", plan, "--store", path)
    result = kg("departments", "--unresolved", "--store", path)
    assert result.exit_code == 0
    assert [line.split("\t")[:2] for line in result.stdout.splitlines()] == [["江西省", "省节水技术推广中心"]]


def test_a_file_that_cannot_be_read_is_reported_and_the_others_built(kg, plans, stats, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.txt").write_bytes((plans / "gansu_water.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    result = kg("build", folder, "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert "empty.txt" in result.stderr
    assert stats(tmp_path / "store")["documents"] == 1


def test_a_build_that_reads_nothing_leaves_the_store_as_it_was(kg, store, tmp_path):
    before = kg("export", "--format", "nq", "--store", store).stdout_bytes
    (tmp_path / "empty.txt").write_bytes(b"")
    result = kg("build", tmp_path / "empty.txt", "--store", store)
    assert result.exit_code == 1
    assert "unchanged" in result.stderr
    assert kg("export", "--format", "nq", "--store", store).stdout_bytes == before


def test_an_output_into_a_missing_folder_is_one_line(kg, store, tmp_path):
    missing = tmp_path / "missing" / "out"
    for command in (
        ["stats"],
        ["export"],
        ["view"],
        ["tasks", "--department", "省财政厅", "--jurisdiction", "甘肃"],
    ):
        result = kg(*command, "--store", store, "-o", missing)
        assert result.exit_code == 1
        assert result.stderr == f"kg: {missing}: No such file or directory\n", command


def test_task_lists_onto_a_file_are_refused_in_one_line(kg, store, tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("", encoding="utf-8")
    result = kg("tasks", "--all", "--store", store, "-o", taken)
    assert result.exit_code == 1
    assert result.stderr == f"kg: {taken} is a file: task lists are written into a folder\n"


def test_two_files_of_one_name_in_two_folders_are_two_documents(kg, plans, stats, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "plan.txt").write_bytes((plans / "gansu_water.txt").read_bytes())
    result = kg("build", tmp_path / "a", tmp_path / "b", "--store", tmp_path / "store")
    assert result.stdout.startswith("built 2 documents")
    assert stats(tmp_path / "store")["documents"] == 2
