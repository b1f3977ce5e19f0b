"""Normalising text without losing where each character came from."""

from hypothesis import given
from hypothesis import strategies as st

from extract.layout import paragraphs
from extract.text import normalise


def test_pdf_spaces_between_chinese_characters_are_removed():
    assert normalise("省生态环境 厅牵头，省  工业和信息化厅").value == "省生态环境厅牵头，省工业和信息化厅"


def test_spaces_between_latin_words_are_kept():
    assert normalise("PM 2.5 and  VOCs 治理").value == "PM 2.5 and VOCs治理"


def test_full_width_spaces_crlf_and_bom_are_normalised():
    assert (
        normalise("\ufeff一、总体要求\r\n\u3000\u3000（一）指导思想\r\n").value
        == "一、总体要求\n（一）指导思想\n"
    )


def test_markdown_heading_hashes_are_dropped():
    assert (
        normalise("## 二、重点任务\n### （一）加强**组织**领导").value == "二、重点任务\n（一）加强组织领导"
    )


def test_a_paragraph_broken_mid_name_is_rejoined():
    text = paragraphs(
        normalise("（四）推进。（财政厅、教育厅、住房\n\n城乡建设厅按职责分工负责）\n（五）下一项。")
    )
    assert text.value.split("\n") == [
        "（四）推进。（财政厅、教育厅、住房城乡建设厅按职责分工负责）",
        "（五）下一项。",
    ]


def test_headings_titles_and_signatures_keep_their_lines():
    source = "山东省人民政府\n2017年12月20日\n一、总体要求\n（一）指导思想\n全面贯彻落实。"
    assert paragraphs(normalise(source)).value.split("\n") == source.split("\n")


def test_a_sentence_wrapped_over_lines_is_one_paragraph():
    text = paragraphs(normalise("7. 建立健全绿色低碳产业体系。大力发展电子信息、装备\n制造、先进材料。"))
    assert text.value == "7.建立健全绿色低碳产业体系。大力发展电子信息、装备制造、先进材料。"


def test_spans_map_back_to_the_original_characters():
    original = "一、 重点任务\r\n\r\n1. 加强 管控。（省生态环境 厅牵头）"
    text = paragraphs(normalise(original))
    at = text.value.index("省生态环境厅")
    start, end = text.span(at, at + len("省生态环境厅"))
    assert original[start:end] == "省生态环境 厅"


_document_chars = st.text(
    alphabet=st.sampled_from(list("省市厅局牵头负责、，。（）() \u3000\n\r\t1.一二AbC")), max_size=200
)


@given(_document_chars)
def test_every_kept_character_points_at_itself_in_the_original(original):
    text = paragraphs(normalise(original))
    assert len(text.origin) == len(text.value)
    assert list(text.origin) == sorted(set(text.origin))  # strictly increasing
    for char, at in zip(text.value, text.origin, strict=True):
        if char not in " \n":
            assert original[at] == char
