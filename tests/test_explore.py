"""Marking an annotation's words in a task's text (`kg.explore.highlights`)."""

from kg.explore import AssignmentRecord, highlights


def assignment(quote: str, start: int = 10) -> AssignmentRecord:
    return AssignmentRecord(
        assignment="urn:a",
        task="urn:t",
        document="urn:d",
        actor="urn:x",
        name="省水利厅",
        jurisdiction="甘肃省",
        collective=False,
        role="lead",
        role_label="牵头",
        strength=4,
        mention="省水利厅",
        derived=False,
        open_list=False,
        start=start,
        end=start + len(quote),
        line=3,
        quote=quote,
    )


def marked(text: str, *held: AssignmentRecord) -> list[str]:
    return [piece.text for piece in highlights(text, held) if piece.spans]


def test_the_quote_is_found_whatever_white_space_the_file_had():
    text = "推进节水。(省水利厅牵头,省财政厅配合)"
    assert marked(text, assignment("(\xa0省水利厅牵头,省财政厅  配合)")) == ["(省水利厅牵头,省财政厅配合)"]


def test_a_table_rows_cells_are_marked_one_by_one():
    text = "1 | 推进节水 | 省水利厅 | 省财政厅 | 2025年底前"
    assert marked(text, assignment("省水利厅\t省财政厅")) == ["省水利厅", "省财政厅"]


def test_words_written_elsewhere_mark_nothing_and_the_text_stays_whole():
    text = "推进节水。"
    pieces = highlights(text, [assignment("以下各项任务均需各市落实")])
    assert "".join(p.text for p in pieces) == text and not any(p.spans for p in pieces)


def test_two_annotations_over_the_same_words_both_mark_them():
    text = "推进节水。（省水利厅牵头）"
    first, second = assignment("（省水利厅牵头）", 10), assignment("省水利厅", 11)
    spans = {piece.text: piece.spans for piece in highlights(text, [first, second])}
    assert spans["省水利厅"] == ((10, 18), (11, 15))
