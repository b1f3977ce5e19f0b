"""Layouts of real documents: what a web page does to a plan, read back as the plan."""

from __future__ import annotations

from extract import extract_text
from extract.reading import read_source
from extract.text import normalise
from extract.unflatten import recover_layout


def assigned(document) -> set[tuple[str, str, str]]:
    titles = {task.key: task.title for task in document.tasks}
    return {(titles[a.task], a.mention, a.role.value) for a in document.assignments}


def test_items_run_into_one_line_are_cut_onto_lines_of_their_own():
    text = normalise(
        "一、扩大消费 (一)促进消费。 1.落实措施。（省商务厅负责） 2.稳定汽车消费。", recover_layout
    )
    assert text.value.split("\n") == [
        "一、扩大消费",
        "(一)促进消费。",
        "1.落实措施。（省商务厅负责）",
        "2.稳定汽车消费。",
    ]


def test_a_number_with_spaces_inside_a_table_row_is_not_an_item():
    text = normalise("序号 重点任务 牵头单位\n1 建设智慧工厂 市经信局", recover_layout)
    assert "\n1 |" in text.value or text.value.endswith("市经信局")
    assert "\n建设智慧工厂" not in text.value


def test_a_table_row_that_is_no_task_is_reported_with_its_line():
    document = extract_text(
        "重点任务表\n| 序号 | 重点任务 | 牵头单位 |\n| 1 | 建设智慧工厂 | 市经信局 |\n| 2 |  | 市财政局 |\n"
    )
    assert [(p.line, p.message) for p in document.problems] == [
        (4, "table row not read as a task: | 2 |  | 市财政局 |")
    ]


def test_a_saved_page_is_read_without_its_navigation_scripts_and_footer(tmp_path):
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><head><title>页面</title><script>var t = '牵头单位：某局';</script></head><body>"
        "<div class='nav'><a href='/'>首页</a></div>"
        "<div class='content'><p>二、重点任务</p><p>1.建设智慧工厂。（市经信局牵头）</p></div>"
        "<div class='footer'>主办单位：某市人民政府办公室</div></body></html>",
        encoding="utf-8",
    )
    assert read_source(page).text == "二、重点任务\n1.建设智慧工厂。（市经信局牵头）"


def test_a_saved_pages_merged_cells_are_written_into_every_row_they_span(tmp_path):
    page = tmp_path / "table.htm"
    page.write_text(
        "<table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th></tr>"
        "<tr><td colspan='3'>一、工业</td></tr>"
        "<tr><td>1</td><td>建设智慧工厂</td><td rowspan='2'>市经信局</td></tr>"
        "<tr><td>2</td><td>推广工业机器人</td></tr></table>",
        encoding="utf-8",
    )
    assert read_source(page).text.split("\n") == [
        "序号 | 重点任务 | 牵头单位",
        "一、工业",
        "1 | 建设智慧工厂 | 市经信局",
        "2 | 推广工业机器人 | 市经信局",
    ]


def test_a_flattened_table_with_a_merged_number_gives_each_sub_row_the_merged_cells():
    document = extract_text(
        "序号\n重点任务\n责任单位\n完成时限\n1\n新建养护楼。\n县民政局\n5月底前\n"
        "新建老年大学。\n12月底前\n2\n新建人行天桥。\n县住建局\n9月底前\n"
    )
    assert assigned(document) == {
        ("新建养护楼", "县民政局", "joint"),
        ("新建老年大学", "县民政局", "joint"),
        ("新建人行天桥", "县住建局", "joint"),
    }
