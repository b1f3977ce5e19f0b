"""Hostile and odd input: reading stays linear, nothing is lost silently, places are right.

Each pathological document is 10^5 characters long. Its extraction must finish within a
generous multiple of the time an ordinary plan of the same length takes, so the bound
follows the machine rather than a wall-clock number.
"""

from __future__ import annotations

import time

import pytest

from extract import extract_document, extract_text
from extract.reading import read_source

LENGTH = 100_000
# An ordinary plan's task, repeated to the length of the pathological ones.
ORDINARY = (
    "{n}.推进重点行业节能降碳改造。分批推进技术改造，健全长效管护机制。"
    "（省发展改革委牵头，省财政厅、省工业和信息化厅按职责分工负责）\n"
)
SLOWER_THAN_ORDINARY = 20  # a linear reader is within a small factor; a quadratic one is not


def repeated(piece: str, length: int = LENGTH) -> str:
    return (piece * (length // len(piece) + 1))[:length]


def ordinary_plan(length: int = LENGTH) -> str:
    lines, size, n = ["二、重点任务\n"], 0, 1
    while size < length:
        lines.append(ORDINARY.format(n=n))
        size += len(lines[-1])
        n += 1
    return "".join(lines)[:length]


def seconds(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


@pytest.fixture(scope="module")
def ordinary_seconds(tmp_path_factory) -> float:
    path = tmp_path_factory.mktemp("ordinary") / "plan.txt"
    path.write_text(ordinary_plan(), encoding="utf-8")
    extract_document(path)  # vocabularies loaded, patterns compiled
    return min(seconds(lambda: extract_document(path)) for _ in range(2))


PATHOLOGICAL = {
    "directive words repeated": "1.任务。（" + repeated("以下均需落实", LENGTH - 10) + "）",
    "落实 clauses with no full stop": "1.任务。" + repeated("各项工作均要抓好落实，", LENGTH - 5),
    "short comma lines": "二、重点任务\n1.任务。\n" + repeated("加强管理，\n", LENGTH - 12),
    "one long annotation of names": "1.任务。（"
    + repeated("省发展改革委、", LENGTH - 20)
    + "省财政厅（牵头））",
    "a long run of name characters before a mark": "1.任务。（" + repeated("甲", LENGTH - 20) + "（牵头））",
    "many annotation paragraphs in one task": "1.任务。\n" + repeated("（省财政厅负责）\n", LENGTH - 6),
    "deeply nested brackets": "1.任务。"
    + "（" * (LENGTH // 2 - 10)
    + "省财政厅负责"
    + "）" * (LENGTH // 2 - 10),
    "many labelled lines": "1.任务。\n"
    + repeated("牵头单位：省财政厅\n配合单位：省发展改革委\n", LENGTH - 6),
    "one huge line of items": " ".join(f"{n}.推进工作。（省财政厅负责）" for n in range(1, 6000))[:LENGTH],
    "pipes everywhere": repeated("| 一 | 二 |\n", LENGTH),
    "cells one a line": "序号\n重点任务\n责任单位\n" + repeated("1\n任务\n省财政厅\n", LENGTH - 14),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_input_is_read_in_linear_time(name, tmp_path, ordinary_seconds):
    path = tmp_path / "plan.txt"
    path.write_text(PATHOLOGICAL[name], encoding="utf-8")
    taken = seconds(lambda: extract_document(path))
    assert taken <= SLOWER_THAN_ORDINARY * ordinary_seconds + 0.5, (name, taken, ordinary_seconds)


def test_deep_nesting_is_read_with_a_warning_and_no_recursion_error(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PATHOLOGICAL["deeply nested brackets"], encoding="utf-8")
    document = extract_document(path)
    assert any("nested" in problem.message for problem in document.problems)


def test_items_numbered_past_999_are_items():
    text = "二、重点任务\n" + "".join(f"{n}.推进第{n}项工作。（省财政厅负责）\n" for n in range(1, 1101))
    document = extract_text(text)
    assert [task.number for task in document.tasks][-3:] == ["二1098", "二1099", "二1100"]
    assert len(document.assignments) == 1100


def test_a_pipe_inside_an_items_sentence_does_not_make_it_a_table_row():
    document = extract_text(
        "二、重点任务\n1.推进A|B两类园区改造。（省发展改革委负责）\n2.推进C类园区改造。（省财政厅负责）\n"
    )
    assert [(task.title, [a.mention for a in document.assignments_of(task)]) for task in document.tasks] == [
        ("推进A|B两类园区改造", ["省发展改革委"]),
        ("推进C类园区改造", ["省财政厅"]),
    ]


def test_one_department_written_two_ways_in_one_task_holds_one_role_the_strongest():
    document = extract_text(
        "河南省减污降碳协同增效行动方案\n二、重点任务\n"
        "1.推进产业结构调整。（河南省发展和改革委员会牵头，省发展改革委、省财政厅按职责分工负责）\n"
    )
    roles = {}
    for assignment in document.assignments:
        roles.setdefault(assignment.department, set()).add(assignment.role.value)
    assert sorted(map(sorted, roles.values())) == [["lead"], ["participant"]]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_are_right_for_every_line_end(newline):
    text = newline.join(
        [
            "河南省行动方案",
            "二、重点任务",
            "1.推进改造。（省财政厅负责）",
            "2.推进节能。（省发展改革委负责）",
            "",
        ]
    )
    document = extract_text(text)
    assert [a.span.line for a in document.assignments] == [3, 4]
    assert [t.span.line for t in document.tasks] == [3, 4]


def test_quote_is_exactly_the_original_text_at_its_span():
    original = "二、重点任务\n1.推进改造。（省生态环境 厅牵头，省  财政厅配合）\n"
    document = extract_text(original)
    for assignment in document.assignments:
        assert assignment.quote == original[assignment.span.start : assignment.span.end]


def test_a_file_mixing_utf8_and_gbk_is_read_with_a_warning(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(
        "二、重点任务\n1.推进改造。（省财政厅负责）\n".encode()
        + "2.推进节能。（省发展改革委负责）\n".encode("gbk")
    )
    source = read_source(path)
    document = extract_document(path)
    assert "1.推进改造" in source.text and "2.推进节能" in source.text
    assert any("GBK" in problem.message or "gb" in problem.message.lower() for problem in document.problems)
