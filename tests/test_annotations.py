"""Reading one annotation's text (without its brackets) into roles.

The fixtures in tests/fixtures/forms show each form inside a whole document; these are
the clause-level forms that PDF spacing and house styles add on top of them.
"""

import pytest

from extract.annotations import read_annotation

CASES = {
    # labels whose separating space was lost when PDF spaces were removed
    "牵头单位：省发展改革委配合单位：省财政厅": {"省发展改革委": "lead", "省财政厅": "participant"},
    # clauses separated by 、 instead of ，
    "省发展改革委牵头、省财政厅配合": {"省发展改革委": "lead", "省财政厅": "participant"},
    "省发展改革委为牵头单位，省财政厅、省自然资源厅为配合单位": {
        "省发展改革委": "lead",
        "省财政厅": "participant",
        "省自然资源厅": "participant",
    },
    "由省发展改革委牵头，会同省财政厅等部门负责": {"省发展改革委": "lead", "省财政厅": "participant"},
    # names run together once the spaces between them were removed
    "责任单位：省发展改革委省财政厅省生态环境厅": {
        "省发展改革委": "joint",
        "省财政厅": "joint",
        "省生态环境厅": "joint",
    },
    # a completion date inside the annotation assigns nothing
    "责任单位：省能源局、省发展改革委；完成时限：2025年": {"省能源局": "joint", "省发展改革委": "joint"},
    "省委宣传部和省文明办按职责分工负责": {"省委宣传部": "joint", "省文明办": "joint"},
    "省公安厅、省妇联、省科协按职责分工负责": {"省公安厅": "joint", "省妇联": "joint", "省科协": "joint"},
    "省发展改革委负责，省财政厅配合": {"省发展改革委": "lead", "省财政厅": "participant"},
}


@pytest.mark.parametrize("content", CASES)
def test_annotation_reads_as_a_careful_reader_would(content):
    reading = read_annotation(content)
    assert {f.mention: f.role.value for f in reading.found} == CASES[content]
    assert not reading.unparsed


def test_an_inline_completion_date_is_the_deadline():
    assert read_annotation("责任单位：省能源局；完成时限：2025年底前").deadline == "2025年底前"


@pytest.mark.parametrize(
    "content", ["含自备电厂", "VOCs", "以下简称“两高”项目", "2025年底前完成", "如城市更新由住建部门负责"]
)
def test_brackets_of_running_text_assign_nothing(content):
    assert not read_annotation(content).found


def test_a_reference_to_listed_units_carries_nothing_below():
    reading = read_annotation(
        "负责单位：省财政厅、省税务局。未明确牵头单位的，由所列负责单位按职责分工负责，下同"
    )
    assert {f.mention for f in reading.found} == {"省财政厅", "省税务局"}
    assert not reading.carries


def test_a_directive_inside_an_annotation_carries_that_annotations_implementers():
    reading = read_annotation(
        "省生态环境厅牵头，各省辖市人民政府、航空港区管委会负责落实"
        "〔以下各项任务均需各地政府落实，不再一一列出〕"
    )
    assert [f.mention for f in reading.carries[0].found] == ["各省辖市人民政府", "航空港区管委会"]
