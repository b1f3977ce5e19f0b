"""Turning files into text: encodings, formats, bad input and folders."""

from __future__ import annotations

import codecs
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.reading import SUPPORTED, ReadError, Source, find_sources, read_source

PLAN = (
    "临江市大气污染防治行动方案\n"
    "一、重点任务\n"
    "（一）优化产业结构。严格落实国家产业政策，坚决遏制高耗能、高排放、低水平项目盲目发展。"
    "（市发展改革委牵头，市工业和信息化局、市生态环境局等按职责分工负责）\n"
    "（二）推进扬尘污染治理。加强施工工地扬尘管控，严格落实六个百分之百要求。（市住房城乡建设局负责）\n"
    "（三）强化机动车污染防治。加快淘汰国三及以下排放标准柴油货车，推广新能源汽车。"
    "（市公安局、市交通运输局按职责分工负责）\n"
    "二、保障措施\n"
    "加强组织领导，健全工作机制，强化资金保障，严格考核问责，确保各项任务落到实处。\n"
)

# Bytes that no decoder path accepts: invalid UTF-8, no BOM, no NUL, not GB18030,
# and too messy for charset detection.
UNDECODABLE = b"plan \xff\xfa\x80\x81 text\xfe\xfb\n" * 20


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def read_error(path: Path) -> str:
    with pytest.raises(ReadError) as caught:
        read_source(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message[len(f"{path}: ") :]


# ---------------------------------------------------------------- encodings


def test_utf8_file_is_decoded_as_utf8(tmp_path):
    source = read_source(write(tmp_path, "plan.txt", PLAN.encode("utf-8")))
    assert source == Source(tmp_path / "plan.txt", PLAN, "utf_8", "text")


def test_utf8_bom_is_removed_and_reported(tmp_path):
    source = read_source(write(tmp_path, "plan.txt", codecs.BOM_UTF8 + PLAN.encode("utf-8")))
    assert source.text == PLAN
    assert source.encoding == "utf_8_sig"


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_file_is_detected_and_decoded(tmp_path, codec):
    data = PLAN.encode(codec)
    assert len(PLAN) > 200
    source = read_source(write(tmp_path, "plan.txt", data))
    assert source.text == PLAN
    assert source.encoding == "gb18030"


@pytest.mark.parametrize(
    "line",
    [
        "二、保障措施",
        "市政府各部门：",
        "（市住房城乡建设局负责）",
        "人民政府，市政府各部门：",
        "格落实六个百分之百要求。",
        "（一）优化产",
    ],
)
def test_short_gbk_text_is_read_as_gb18030_not_as_another_cjk_codec(tmp_path, line):
    # Charset detection alone takes some of these for cp949 or utf_16_be.
    source = read_source(write(tmp_path, "short.txt", line.encode("gbk")))
    assert (source.text, source.encoding) == (line, "gb18030")


def test_gb18030_only_characters_are_decoded(tmp_path):
    text = PLAN + "䶮与𠀀\n"  # outside GBK: GB18030 four-byte sequences
    source = read_source(write(tmp_path, "plan.txt", text.encode("gb18030")))
    assert (source.text, source.encoding) == (text, "gb18030")


def test_big5_text_is_not_forced_into_gb18030(tmp_path):
    text = "關於印發臨江市大氣污染防治行動方案的通知。各區人民政府，市政府各部門：現將方案印發給你們，請認真貫徹落實。"
    source = read_source(write(tmp_path, "trad.txt", text.encode("big5")))
    assert source.text == text
    assert source.encoding != "gb18030"


@pytest.mark.parametrize(
    "bom, codec", [(codecs.BOM_UTF16_LE, "utf_16_le"), (codecs.BOM_UTF16_BE, "utf_16_be")]
)
def test_utf16_with_bom_is_decoded_and_bom_removed(tmp_path, bom, codec):
    source = read_source(write(tmp_path, "plan.txt", bom + PLAN.encode(codec)))
    assert source.text == PLAN
    assert source.encoding == "utf_16"


def test_utf32_with_bom_is_decoded(tmp_path):
    source = read_source(write(tmp_path, "plan.txt", PLAN.encode("utf_32")))
    assert (source.text, source.encoding) == (PLAN, "utf_32")


def test_utf16_without_bom_is_recognised_by_its_nul_bytes(tmp_path):
    source = read_source(write(tmp_path, "plan.txt", PLAN.encode("utf_16_le")))
    assert (source.text, source.encoding) == (PLAN, "utf_16_le")


@pytest.mark.parametrize("codec", ["utf-8", "gbk", "utf_16"])
def test_crlf_line_ends_are_kept_as_they_are(tmp_path, codec):
    text = PLAN.replace("\n", "\r\n")
    source = read_source(write(tmp_path, "plan.txt", text.encode(codec)))
    assert source.text == text
    assert source.text.count("\r\n") == PLAN.count("\n")


plan_text = st.text(
    alphabet=st.sampled_from(
        "一二三（）、，。：；省市县发展改革委生态环境厅牵头负责配合等部门abcXYZ0123456789 .,:()\t\r\n\u3000\f"
    ),
    min_size=1,
    max_size=300,
).filter(lambda t: t.strip())


@settings(max_examples=200, deadline=None)
@given(text=plan_text, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf_16", "utf_32"]))
def test_any_unicode_text_comes_back_exactly_as_written(tmp_path_factory, text, codec):
    path = tmp_path_factory.mktemp("prop") / "plan.txt"
    path.write_bytes(text.encode(codec))
    assert read_source(path).text == text


def test_spaces_and_tabs_are_not_normalised(tmp_path):
    text = "  一、重点任务\t\n（一）  省生态环境 厅牵头\u3000\n\n\n"
    assert read_source(write(tmp_path, "plan.txt", text)).text == text


def test_markdown_file_has_markdown_format(tmp_path):
    source = read_source(write(tmp_path, "plan.md", "# 标题\n\n正文\n"))
    assert (source.format, source.text) == ("markdown", "# 标题\n\n正文\n")


def test_suffix_is_matched_case_insensitively(tmp_path):
    assert read_source(write(tmp_path, "PLAN.TXT", PLAN)).format == "text"


# ---------------------------------------------------------------- bad text files


def test_zero_byte_file_is_empty(tmp_path):
    assert read_error(write(tmp_path, "empty.txt", b"")) == "empty file"


@pytest.mark.parametrize(
    "data",
    [
        b" \r\n\t\n",
        codecs.BOM_UTF8 + b"\n\n",
        "\u3000 \n".encode("gbk"),
        codecs.BOM_UTF16_LE + " \n".encode("utf_16_le"),
    ],
)
def test_whitespace_or_bom_only_file_is_empty(tmp_path, data):
    assert read_error(write(tmp_path, "blank.txt", data)) == "empty file"


def test_file_with_nul_bytes_is_binary(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    assert read_error(write(tmp_path, "image.txt", data)) == "binary file, not text"


def test_nul_bytes_after_a_utf8_bom_are_binary(tmp_path):
    data = codecs.BOM_UTF8 + b"abc\x00\x00def\x00"
    assert read_error(write(tmp_path, "odd.txt", data)) == "binary file, not text"


def test_file_of_control_characters_is_binary(tmp_path):
    data = bytes(range(1, 9)) * 40 + b"some text"
    assert read_error(write(tmp_path, "ctrl.txt", data)) == "binary file, not text"


def test_undecodable_bytes_are_reported(tmp_path):
    assert read_error(write(tmp_path, "garbled.txt", UNDECODABLE)) == (
        "cannot decode text (tried UTF-8, UTF-16, GB18030 and charset detection)"
    )


def test_unsupported_suffix_is_reported(tmp_path):
    assert read_error(write(tmp_path, "plan.xyz", PLAN)) == "unsupported file type .xyz"


def test_file_without_suffix_is_unsupported(tmp_path):
    assert read_error(write(tmp_path, "README", PLAN)).startswith("unsupported file type")


def test_missing_file_is_reported(tmp_path):
    assert read_error(tmp_path / "missing.txt") == "no such file"


# ---------------------------------------------------------------- tables


def test_csv_rows_become_tab_separated_lines(tmp_path):
    data = (
        "序号,重点任务,牵头单位,配合单位\r\n"
        '1,推进产业结构调整,市发展改革委,"市工业和信息化局,市生态环境局"\r\n'
        '2,"加强扬尘管控\n（分两行）",市住房城乡建设局,\r\n'
    )
    source = read_source(write(tmp_path, "table.csv", data.encode("gbk")))
    assert source.format == "table"
    assert source.encoding == "gb18030"
    assert source.text.split("\n") == [
        "序号\t重点任务\t牵头单位\t配合单位",
        "1\t推进产业结构调整\t市发展改革委\t市工业和信息化局,市生态环境局",
        "2\t加强扬尘管控 （分两行）\t市住房城乡建设局\t",
    ]


def test_tsv_rows_become_tab_separated_lines(tmp_path):
    data = "任务\t责任单位\n改厕\t县农业农村局、县卫生健康局\n"
    source = read_source(write(tmp_path, "table.tsv", data))
    assert source.text == "任务\t责任单位\n改厕\t县农业农村局、县卫生健康局"
    assert (source.format, source.encoding) == ("table", "utf_8")


# ---------------------------------------------------------------- docx


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("某某县农村人居环境整治方案")
    document.add_paragraph("")
    document.add_paragraph("（一）推进农村改厕。（县农业农村局牵头，县财政局配合）")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("序号", "任务", "责任单位"),
            ("1", "推进农村改厕", "县农业农村局"),
            ("2", "治理生活污水", "县生态环境分局"),
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    merged.text = "治理生活污水"
    merged.add_paragraph("县生态环境分局")
    document.add_paragraph("二、保障措施")
    document.save(path)
    return path


def test_docx_paragraphs_and_tables_are_read_in_document_order(tmp_path):
    source = read_source(make_docx(tmp_path / "plan.docx"))
    assert (source.format, source.encoding) == ("docx", None)
    assert source.text.split("\n") == [
        "某某县农村人居环境整治方案",
        "",
        "（一）推进农村改厕。（县农业农村局牵头，县财政局配合）",
        "序号 | 任务 | 责任单位",
        "1 | 推进农村改厕 | 县农业农村局",
        "2 | 治理生活污水 县生态环境分局",
        "二、保障措施",
    ]


def test_docx_vertically_merged_cell_is_repeated_on_each_row(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "改厕"
    table.cell(1, 0).text = "污水"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "县农业农村局"
    document.save(tmp_path / "v.docx")
    assert read_source(tmp_path / "v.docx").text == "改厕 | 县农业农村局\n污水 | 县农业农村局"


def test_damaged_docx_is_reported_with_the_reason(tmp_path):
    message = read_error(write(tmp_path, "broken.docx", b"PK\x03\x04 not really a zip"))
    assert message.startswith("cannot read as .docx: ")


def test_docx_without_text_is_reported(tmp_path):
    docx.Document().save(tmp_path / "blank.docx")
    assert read_error(tmp_path / "blank.docx") == "empty document, no text"


# ---------------------------------------------------------------- pdf


def make_pdf(lines: list[str]) -> bytes:
    """A minimal valid PDF with one page showing `lines` (Latin-1) in Helvetica."""
    content = (
        "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
        if lines
        else ""
    )
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_text_layer_is_read(tmp_path):
    source = read_source(write(tmp_path, "plan.pdf", make_pdf(["Action plan", "1. Lead: Ministry"])))
    assert (source.format, source.encoding) == ("pdf", None)
    assert source.text.split("\n") == ["Action plan", "1. Lead: Ministry"]


def test_pdf_without_text_layer_is_reported(tmp_path):
    assert read_error(write(tmp_path, "scan.pdf", make_pdf([]))) == "no text layer (scanned PDF?)"


def test_damaged_pdf_is_reported_with_the_reason(tmp_path):
    message = read_error(write(tmp_path, "broken.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type"))
    assert message.startswith("cannot read as PDF")


def test_damaged_pdf_message_is_short(tmp_path):
    message = read_error(write(tmp_path, "broken.pdf", b"not a pdf at all" * 100))
    assert len(message) < 120


# ---------------------------------------------------------------- folders


def test_folder_is_expanded_recursively_sorted_and_filtered(tmp_path):
    for name in [
        "b.txt",
        "a.md",
        "sub/c.docx",
        "sub/deeper/d.PDF",
        "sub/e.csv",
        "f.tsv",
        "notes.xyz",
        ".hidden.txt",
        ".git/config.txt",
        "sub/~$c.docx",
        "g.markdown",
        "h.text",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    paths, problems = find_sources([tmp_path])
    assert [(p.path, p.fatal) for p in problems] == [(str(tmp_path / "notes.xyz"), False)]
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "a.md",
        "b.txt",
        "f.tsv",
        "g.markdown",
        "h.text",
        "sub/c.docx",
        "sub/deeper/d.PDF",
        "sub/e.csv",
    ]


def test_file_named_explicitly_is_kept_whatever_its_suffix(tmp_path):
    odd = write(tmp_path, "plan.xyz", PLAN)
    paths, problems = find_sources([odd])
    assert (paths, problems) == ([odd], [])
    assert read_error(odd) == "unsupported file type .xyz"


def test_missing_path_is_a_fatal_problem(tmp_path):
    paths, problems = find_sources([tmp_path / "nowhere"])
    assert paths == []
    [problem] = problems
    assert problem.path == str(tmp_path / "nowhere")
    assert problem.fatal
    assert problem.message == "no such file or folder"


def test_folder_without_supported_files_is_a_fatal_problem(tmp_path):
    (tmp_path / "notes.xyz").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    paths, problems = find_sources([tmp_path])
    assert paths == []
    [problem] = [p for p in problems if p.fatal]
    assert problem.path == str(tmp_path)
    assert problem.message.startswith("no .txt, ")
    assert problem.message.endswith(" files in this folder")
    assert all(suffix in problem.message for suffix in SUPPORTED)


def test_a_file_given_twice_is_read_once(tmp_path):
    plan = write(tmp_path, "plan.txt", PLAN)
    paths, _ = find_sources([plan, tmp_path, plan])
    assert paths == [plan]


def test_files_and_folders_keep_the_order_given(tmp_path):
    (tmp_path / "dir").mkdir()
    inner = write(tmp_path / "dir", "a.txt", PLAN)
    outer = write(tmp_path, "z.txt", PLAN)
    paths, _ = find_sources([outer, tmp_path / "dir"])
    assert paths == [outer, inner]
