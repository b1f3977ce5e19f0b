"""Accuracy on the development corpus, measured by the project's scorer.

The corpus and its hand-made gold live beside the checkout in ../shared; they are never
copied into the repository. Without them these tests skip and say why.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extract import extract_document
from extract.mentions import normalise_mention
from extract.output import rows
from kg import Graph

# Every test here reads ../shared, through the `shared` fixture, which skips without it.


@pytest.fixture(scope="module")
def gold(shared):
    return shared / "eval" / "gold"


@pytest.fixture(scope="module")
def documents(shared):
    return [extract_document(path) for path in sorted((shared / "corpus").iterdir()) if path.is_file()]


def score(shared: Path, documents, gold: Path, predictions: Path) -> dict:
    """The scorer's report on `documents` against the gold files in `gold`."""
    with predictions.open("w", encoding="utf-8") as handle:
        for document in documents:
            for row in rows(document):
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    scorer = shared / "eval" / "score.py"
    result = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(predictions), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def report(shared, gold, documents, tmp_path_factory):
    return score(shared, documents, gold, tmp_path_factory.mktemp("score") / "predictions.jsonl")


def test_assignments_f1_is_at_least_098(report):
    assert report["all"]["f1"] >= 0.98, report["missed"][:10] + report["spurious"][:10]


@pytest.mark.parametrize("role", ["lead", "participant", "joint", "implementer"])
def test_every_role_f1_is_at_least_095(report, role):
    assert report["all"]["by_role"][role]["f1"] >= 0.95


def test_tasks_are_found_with_recall_at_least_095(report):
    assert report["tasks_found"]["recall"] >= 0.95, report["unmatched_task_titles"]


def test_unassigned_tasks_f1_is_at_least_090(report):
    assert report["unassigned_tasks"]["f1"] >= 0.90


def test_departments_f1_is_at_least_097(report):
    assert report["departments"]["f1"] >= 0.97, report["departments"]


def test_no_department_key_is_shared_by_two_jurisdictions(documents):
    jurisdictions: dict[str, set] = {}
    for document in documents:
        for assignment in document.assignments:
            jurisdictions.setdefault(assignment.department, set()).add(document.jurisdiction)
    assert {key: places for key, places in jurisdictions.items() if len(places) > 1} == {}


def test_every_assignment_span_quotes_its_annotation_in_the_file(documents):
    for document in documents:
        original = Path(document.path).read_text(encoding="utf-8")
        for assignment in document.assignments:
            quoted = normalise_mention(original[assignment.span.start : assignment.span.end])
            if not assignment.derived:
                assert normalise_mention(assignment.mention) in quoted, (document.doc, assignment)
            line = original.count("\n", 0, assignment.span.start) + 1
            assert assignment.span.line == line


def test_task_spans_start_at_their_number(documents):
    for document in documents:
        original = Path(document.path).read_text(encoding="utf-8")
        for task in document.tasks:
            if task.part.startswith("table"):
                continue
            opening = re.sub(r"\s+", "", original[task.span.start : task.span.start + 12])
            assert opening[:1] in "0123456789一二三四五六七八九十（(〔①第", (
                document.doc,
                task.number,
                opening,
            )


def test_document_metadata_is_read_from_the_header(documents, gold):
    by_doc = {d.doc: d for d in documents}
    for gold_file in gold.glob("*.json"):
        answer = json.loads(gold_file.read_text(encoding="utf-8"))
        document = by_doc[answer["doc"]]
        assert document.jurisdiction == answer["jurisdiction"]
        assert re.sub(r"\W", "", document.title or "") == re.sub(r"\W", "", answer["title"])


# --- plans as people have them: excerpts copied from government websites


@pytest.fixture(scope="module")
def web_report(shared, tmp_path_factory):
    corpus, gold = shared / "corpus-web", shared / "eval" / "gold-web"
    if not (corpus.is_dir() and gold.is_dir()):
        pytest.skip(f"the web excerpts and their gold are not at {corpus} and {gold}")
    documents = [extract_document(path) for path in sorted(corpus.iterdir()) if path.is_file()]
    return score(shared, documents, gold, tmp_path_factory.mktemp("web") / "predictions.jsonl")


def test_web_assignments_f1_is_at_least_095(web_report):
    assert web_report["all"]["f1"] >= 0.95, web_report["missed"][:10] + web_report["spurious"][:10]


@pytest.mark.parametrize("role", ["lead", "participant", "joint", "implementer"])
def test_web_every_role_with_gold_has_f1_at_least_090(web_report, role):
    scored = web_report["all"]["by_role"][role]
    assert scored["gold"] == 0 or scored["f1"] >= 0.90, scored


def test_web_tasks_are_found_with_precision_and_recall_at_least_095(web_report):
    found = web_report["tasks_found"]
    assert found["precision"] >= 0.95 and found["recall"] >= 0.95, web_report["unmatched_task_titles"]


def test_web_unassigned_tasks_f1_is_at_least_080(web_report):
    assert web_report["unassigned_tasks"]["f1"] >= 0.80, web_report["unassigned_tasks"]


# --- the knowledge graph built from the corpus


@pytest.fixture(scope="module")
def graph(shared, tmp_path_factory):
    graph = Graph(tmp_path_factory.mktemp("corpus") / "store")
    graph.build([shared / "corpus"])
    return graph


def gold_counts(gold: Path) -> dict:
    """What `kg stats` must say of the corpus, counted from the gold files."""
    counts = {
        "documents": 0,
        "tasks": 0,
        "unassigned": 0,
        "assignments": 0,
        "lead": 0,
        "joint": 0,
        "participant": 0,
        "implementer": 0,
    }
    actors = set()
    for gold_file in gold.glob("*.json"):
        answer = json.loads(gold_file.read_text(encoding="utf-8"))
        canonical = {m: key for key, mentions in (answer.get("departments") or {}).items() for m in mentions}
        counts["documents"] += 1
        for task in answer["tasks"]:
            counts["tasks"] += 1
            counts["unassigned"] += not task["assignments"]
            for assignment in task["assignments"]:
                counts["assignments"] += 1
                counts[assignment["role"]] += 1
                actors.add(
                    (answer["jurisdiction"], canonical.get(assignment["mention"], assignment["mention"]))
                )
    counts["actors"] = len(actors)
    return counts


def test_the_graphs_counts_equal_the_golds(graph, gold):
    counts = graph.stats()
    counts["actors"] = counts.pop("departments") + counts.pop("collective")
    counts.pop("unresolved")
    assert counts == gold_counts(gold)


def test_the_corpus_graph_conforms_to_the_shapes(graph):
    assert graph.validate().violations == []


def test_building_the_corpus_again_keeps_the_triple_count(graph, shared):
    before = graph.store.triple_count()
    graph.build([shared / "corpus"])
    assert graph.store.triple_count() == before
