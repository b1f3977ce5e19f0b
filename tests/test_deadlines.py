"""Deadlines (完成时限): each written form read as dates, next to the words as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, namespace

from extract import extract_document
from extract.deadlines import group_deadline, read_deadline
from extract.records import DeadlineKind
from kg.build import build
from kg.ontology import FG
from kg.store import Store
from kg.validate import store_graph, validate

FIXTURES = Path(__file__).parent / "fixtures" / "deadlines"
BY, PERIOD, RECURRING = DeadlineKind.BY, DeadlineKind.PERIOD, DeadlineKind.RECURRING
ONGOING, UNPARSED = DeadlineKind.ONGOING, DeadlineKind.UNPARSED


def test_end_of_a_written_year():
    due = read_deadline("2025年底前")
    assert (due.kind, due.end, due.year_from_document) == (BY, "2025-12-31", False)


def test_end_of_a_month_of_a_written_year():
    assert (read_deadline("2024年6月底前").kind, read_deadline("2024年6月底前").end) == (BY, "2024-06-30")


def test_a_month_without_year_takes_the_documents_year_and_says_so():
    due = read_deadline("6月底前", 2024)
    assert (due.kind, due.end, due.year_from_document) == (BY, "2024-06-30", True)


def test_a_month_without_year_in_an_undated_document_is_flagged():
    due = read_deadline("6月底前", None)
    assert (due.kind, due.end, due.written) == (UNPARSED, None, "6月底前")
    assert "no year" in due.note


def test_end_of_this_year():
    assert read_deadline("年底前", 2016).end == "2016-12-31"


def test_a_day():
    assert read_deadline("2024年9月30日前").end == "2024-09-30"
    assert read_deadline("2024-09-30").end == "2024-09-30"


def test_a_year_in_chinese_numerals():
    assert read_deadline("二〇二五年十二月底前").end == "2025-12-31"


def test_quarter_half_year_and_part_of_a_month():
    assert read_deadline("2024年第三季度").end == "2024-09-30"
    assert read_deadline("2024年上半年").end == "2024-06-30"
    assert read_deadline("2024年6月中旬").end == "2024-06-20"


def test_a_bare_year_means_its_end():
    assert read_deadline("到2025年").end == "2025-12-31"


def test_words_of_the_action_may_follow_the_date():
    assert read_deadline("5月底前动工", 2016).end == "2016-05-31"
    assert read_deadline("9月投入使用", 2016).end == "2016-09-30"


def test_a_span_of_years_is_a_period():
    due = read_deadline("2023—2025年")
    assert (due.kind, due.start, due.end) == (PERIOD, "2023-01-01", "2025-12-31")
    assert read_deadline("2023-2025年").start == "2023-01-01"


def test_a_span_of_months_is_a_period():
    due = read_deadline("3月至6月", 2024)
    assert (due.kind, due.start, due.end, due.year_from_document) == (
        PERIOD,
        "2024-03-01",
        "2024-06-30",
        True,
    )


@pytest.mark.parametrize(
    "written, every",
    [("每季度", "P3M"), ("每年", "P1Y"), ("每月", "P1M"), ("每半年", "P6M"), ("每季度末报送", "P3M")],
)
def test_recurring(written, every):
    due = read_deadline(written)
    assert (due.kind, due.every, due.end) == (RECURRING, every, None)


@pytest.mark.parametrize("written", ["持续推进", "长期坚持", "常态化推进"])
def test_ongoing(written):
    due = read_deadline(written)
    assert (due.kind, due.end) == (ONGOING, None)


@pytest.mark.parametrize("written", ["尽快完成", "2024年6月底前完成试点，2025年底前全面推开", "2月30日前"])
def test_anything_else_is_kept_as_written_and_flagged(written):
    due = read_deadline(written, 2024)
    assert (due.kind, due.written, due.end, due.start) == (UNPARSED, written, None, None)
    assert due.note


def test_a_deadline_on_a_heading_is_found_innermost_first():
    assert group_deadline(("一、近期任务（2024年底前完成）", "（一）推进设施建设")) == "2024年底前完成"
    assert group_deadline(("重点任务。完成时限：2025年6月底前",)) == "2025年6月底前"
    assert group_deadline(("一、落实2024年版标准（2024年版）",)) is None


def _tasks(name: str) -> dict:
    return {task.title: task for task in extract_document(FIXTURES / name).tasks}


def test_a_plans_deadlines_read_with_its_date():
    tasks = _tasks("青溪县2024年重点工作分工方案.md")
    river = tasks["开展河湖“清四乱”专项行动"]
    assert (river.deadline, river.due.end, river.due.year_from_document) == ("6月底前", "2024-06-30", True)
    assert tasks["推进城乡供水一体化"].due.kind is ONGOING
    assert tasks["报送重点项目进展"].due.every == "P3M"


def test_a_deadline_written_for_a_group_applies_to_its_tasks():
    tasks = _tasks("青溪县2024年重点工作分工方案.md")
    for title in ("完成乡镇污水处理设施提标改造", "建成县级农产品检测中心"):
        due = tasks[title].due
        assert (due.written, due.end, due.from_group) == ("2024年底前完成", "2024-12-31", True)
        assert tasks[title].deadline is None


def test_a_tables_deadline_column():
    tasks = _tasks("青溪县重点任务分工表.md")
    assert tasks["建设县城停车场"].due.end == "2025-06-30"
    assert (tasks["整治农村人居环境"].due.start, tasks["整治农村人居环境"].due.end) == (
        "2023-01-01",
        "2025-12-31",
    )
    assert tasks["开展安全生产大检查"].due.every == "P1Y"
    assert tasks["推进数字乡村建设"].due.kind is UNPARSED


# --- in the graph: typed literals per ontology.ttl (fg:dueDate, fg:dueStart, fg:dueEvery)


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("deadlines") / "kg")
    build(sorted(str(path) for path in FIXTURES.glob("*.md")), store)
    return store_graph(store)


def _task_node(graph, title):
    return graph.value(predicate=FG.title, object=Literal(title))


def test_the_graph_holds_the_words_the_kind_and_typed_dates(graph):
    node = _task_node(graph, "整治农村人居环境")
    assert graph.value(node, FG.deadline) == Literal("2023—2025年")
    assert graph.value(node, FG.deadlineKind) == FG.DuePeriod
    assert graph.value(node, FG.dueStart) == Literal("2023-01-01", datatype=namespace.XSD.date)
    assert graph.value(node, FG.dueDate) == Literal("2025-12-31", datatype=namespace.XSD.date)
    quarterly = _task_node(graph, "报送重点项目进展")
    assert graph.value(quarterly, FG.dueEvery) == Literal("P3M", datatype=namespace.XSD.duration)
    assert graph.value(quarterly, FG.dueDate) is None


def test_the_graph_says_where_a_year_or_a_deadline_came_from(graph):
    river = _task_node(graph, "开展河湖“清四乱”专项行动")
    assert graph.value(river, FG.yearFromDocument) == Literal(True)
    grouped = _task_node(graph, "建成县级农产品检测中心")
    assert graph.value(grouped, FG.deadlineFromGroup) == Literal(True)
    assert graph.value(_task_node(graph, "推进数字乡村建设"), FG.deadlineKind) == FG.DueUnparsed


def test_deadlines_conform_to_the_shapes(graph):
    assert validate(graph) == []
