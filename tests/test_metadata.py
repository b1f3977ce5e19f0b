"""A document's date: the full date that signs it, read wherever its lines were joined."""

from __future__ import annotations

from pathlib import Path

from extract import extract_document, extract_text

FIXTURES = Path(__file__).parent / "fixtures" / "metadata"
WEB_COPY = FIXTURES / "青溪县2024年为民办实事督办通知.txt"
SIGNED_IN_NUMERALS = FIXTURES / "青溪县2023年农村供水保障工作方案.txt"


def test_a_signature_joined_into_a_long_line_dates_the_document():
    assert extract_document(WEB_COPY).date == "2024年2月28日"


def test_a_web_copys_month_deadlines_take_the_year_of_its_signature():
    dues = [(t.due.written, t.due.end, t.due.year_from_document) for t in extract_document(WEB_COPY).tasks]
    assert dues == [("12月底前", "2024-12-31", True), ("9月底前", "2024-09-30", True)]


def test_a_signature_in_chinese_numerals_on_the_line_after_the_issuer():
    document = extract_document(SIGNED_IN_NUMERALS)
    assert document.date == "二〇二三年三月一日"
    assert [t.due.end for t in document.tasks] == ["2023-06-30", "2023-12-31"]


def test_a_date_inside_a_sentence_does_not_date_the_document():
    text = (
        "青溪县道路养护工作方案\n请各单位于2024年3月25日前报送计划,2024年4月1日起施行。\n"
        "一、重点任务\n(一)养护县道。(县交通运输局负责,6月底前完成)\n"
    )
    document = extract_text(text)
    assert document.date is None
    assert "no year" in document.tasks[0].due.note
