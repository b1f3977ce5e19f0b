"""Specification tests: one small document per annotation form or reading difficulty.

Fixture convention
------------------
Every form lives in ``tests/fixtures/forms`` as a pair of files:

``<name>.txt`` (or ``.html``, ``.md``, ``.tsv``)
    A short plan written in the style of a real one (UTF-8, 5–25 lines): a title,
    a heading such as ``二、重点任务`` and a few numbered tasks that use the form
    under test.  Fixtures are plain documents: no comments, no markup beyond what
    a real plan carries.  Give every task a distinct title.  A ``.html`` fixture is
    a web page as saved by a browser: the plan inside navigation, scripts and a
    footer, which are not part of the document.

``<name>.expected.jsonl``
    The exact rows the extractor must produce, one JSON object per line with only
    the keys ``task``, ``mention``, ``role`` and ``derived``, e.g.
    ``{"task": "加强组织领导", "mention": "省发展改革委", "role": "lead", "derived": false}``.
    Every task appears: a task with no assignment at all has one row
    ``{"task": "...", "mention": null, "role": null, "derived": false}``.
    Titles follow the reading guide: the task's text after the number marker up
    to the first ``。`` (the whole line or cell when there is none), white space
    removed.  Mentions are written as the guide records them (white space removed,
    brackets full width, trailing 等/等部门/等单位 dropped).  Write non-ASCII
    characters as they are (``ensure_ascii=False``).

To add a form, drop a new pair of files into the directory; the parametrised
tests below pick it up.  If the expected reading rests on a choice the reading
guide does not spell out, record it in ``NOTES`` so it is printed with any failure.

The row set is compared as a set of (task, mention, role, derived) tuples; the
``number`` of a task is not asserted.  A few properties the rows cannot show
(``open_list``, the span of an assignment) have their own tests at the end.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from extract import extract_document, read_source
from extract.output import rows

FORMS = Path(__file__).parent / "fixtures" / "forms"
# A fixture is any document beside an .expected.jsonl, in one of the formats people have.
DOCUMENTS = {p.stem: p for p in FORMS.iterdir() if p.suffix in {".txt", ".html", ".md", ".tsv"}}
NAMES = sorted(DOCUMENTS)

# Readings chosen where the reading guide is silent or leaves room, by fixture.
NOTES = {
    "lead_with_participants": "open_list belongs to the list that ends in 等/等部门: the participants of "
    "tasks 1 and 2 carry it, their leads (written in a separate 牵头 list) do not.",
    "responsible_and_cooperating_units": "各设区市人民政府 in a 责任单位 list with no lead is joint like the departments "
    "beside it (role follows how the actor is written).",
    "bracket_labels": "【责任单位】 beside 【牵头单位】 makes every actor in it a participant, a local "
    "government included; the labels may stand on their own line or end the text.",
    "responsibility_lines": "责任单位/配合单位 written as separate lines after the paragraph read like the "
    "bracketed form; a 责任单位 line without a 配合单位 line is joint; 完成时限 "
    "assigns nothing.",
    "directive_local_governments": "The directive reaches every later task of the body, an unannotated one in "
    "保障措施 included, but not the rows of the attached table (附件). A task that "
    "names the same government itself keeps its own role, not derived (implementer "
    "in task 3, participant in task 4).",
    "table_xiatong": "Only the actor inside the clause closed by 下同 (各部门) is carried on; the "
    "department before the bracket is not. Group heading rows are not tasks and do "
    "not stop 下同.",
    "xiatong_reading_rule": "The 负责单位 list stands before the 。 that ends its clause; the clause closed "
    "by 下同 names nobody, so nothing is derived, not even on the unannotated task.",
    "table_directive_above": "The directive above the table reaches only the table's rows, not the body task "
    "written before the 附件; a row whose cell names the government keeps it joint.",
    "table_pipe": "Header row and group cells (信息基础设施, 融合基础设施) are not tasks; numbering "
    "restarts per group, titles stay distinct.",
    "table_markdown": "With a separate 序号 column the title is the task cell up to the first 。; rows "
    "like '一、能效提升' with empty cells are group headings; a local government in "
    "the 配合单位 column is a participant; 完成时限 assigns nothing.",
    "table_tab": "Tab-separated table: 责任单位 beside a 牵头单位 column is participant; 完成时间 "
    "assigns nothing; group rows are not tasks.",
    "mentions_split_and_brackets": "The 、 inside 各县（市、区） does not split the list; 〔〕 and half-width brackets "
    "become full width.",
    "mentions_names": "和 between two complete names splits them (省交通运输厅和省能源局), 和 inside a "
    "name does not (省工业和信息化厅, 省住房和城乡建设厅).",
    "strongest_role": "An actor named twice in one annotation is recorded once, with the strongest "
    "role (lead over participant, joint over implementer).",
    "messy_pdf_text": "An annotation left open at the end of a task stops at the end of that task; "
    "the next task is read on its own.",
    "heading_levels": "Tasks are the leaves of the numbering tree: an item with numbered children is "
    "a heading, whatever its level, and leaves of different depths are all tasks.",
    "heading_fullwidth_dot_pdf_damage": "'1．' is a number marker like '1.'; '(十 一)' and '( 十二)' are markers damaged by "
    "PDF extraction.",
    "heading_mixed_width_parens": "'(一)' at the start of a line is a number marker even in half width; a task "
    "under 保障措施 without annotation is still a task.",
    "not_tasks_preamble_situation": "面临形势, 指导思想, 工作原则 and 主要目标 items, numbered or not, are not tasks.",
    "not_tasks_preamble_goals": "指导思想, 基本原则, 发展目标, 目标指标 and 工作路径 items are not tasks.",
    "not_tasks_cover_notice": "The numbered points of the 通知 and the items of a 工作目标 section are not "
    "tasks; the running text of the notice assigns nothing.",
    "running_text_not_assigning": "领导小组…负责, 各市政府…负总责, 省财政厅负责…, 企业牵头… and 由X会同Y… in running "
    "text assign nothing; only the bracketed annotation does.",
    "multi_paragraph_task": "工作目标：/主要任务：/重点工程： paragraphs belong to the task above them (they "
    "are not a preamble 工作目标 section); the annotation at the end of the last one "
    "is the task's.",
    "label_head_words": "A label's role comes from its head word: 牵头责任/主要责任/主责 lead, 协同责任/主要"
    "协作/参与/协同配合 participant; a 责任单位 list beside a participant label (协同配合"
    "单位) leads, as in 责任单位：X；配合单位：Y.",
    "label_host_cohost": "A 提案 handling list is a list of tasks; the title stops before the bracketed "
    "annotation; two 主办单位 with no 协办单位 both lead; a space may separate labels.",
    "label_run_into_list": "A label written straight against its first name (牵头单位市市场监管局, 牵头单位：X"
    "配合单位：Y) ends where the label word ends; the name keeps all its characters.",
    "label_separators": "Half-width : , ; ( ) separate labels as their full-width forms do; so does a space. "
    "责任单位 beside 牵头单位 is participant, local governments included.",
    "label_brackets": "Round, square, 〔〕 and 【】 brackets around a whole labelled annotation read alike.",
    "label_own_line": "A label on a line of its own (with or without ：) governs the names on the lines "
    "below it, up to the next label or the next task; names one per line are a list.",
    "table_flat_spaces": "One row a line, cells separated by spaces: the header names the columns "
    "(主要责任单位 lead, 协同配合单位 participant, 时限要求 a deadline); '一、…' rows "
    "are group headings, not tasks.",
    "table_cell_per_line": "One cell a line ending in '|': the header's five lines fix the row width.",
    "table_cell_and_pipe_lines": "Cells and '|' on alternate lines; a group cell (重点工作) before the 序号 is written "
    "only on the first row of its group. The title is the task cell after the 序号; a "
    "lone 责任主体 column is joint.",
    "table_cell_per_paragraph": "One cell a paragraph: a responsibility cell of several names comes as several "
    "paragraphs, all joint; the deadline cell (…前) closes the row. Under one merged "
    "序号 (3) two sub-rows, each with its own task, unit and deadline, are two tasks.",
    "table_category_merged": "A 类别 cell written once for the rows it spans is skipped: the title is the task "
    "cell after the 序号; 责任单位 beside a 牵头单位 column is participant, a local "
    "government included.",
    "table_merged_lead_group": "A 牵头单位 cell written once over a group leads every row of the group; 业主单位 "
    "beside it is participant; a 业主单位 that is the lead itself is recorded once, as "
    "lead; 当月进度 assigns nothing; the running text before the table assigns nothing.",
    "traditional_script": "Traditional labels and role words read like Simplified; mentions stay Traditional.",
    "traditional_table": "A table with no 序号 column: the title is the first cell (重點任務); 負責科室 is joint; "
    "a cell '綜合科牽頭，各業務科室配合' reads as that annotation.",
    "numbering_yishi_ershi": "一是/二是/三是 at the start of a line number tasks under the （一） item, restarting "
    "in each group; the （一） item is then a heading. Its title runs from after 一是 to "
    "the first 。.",
    "numbering_year_after_number": "'2.2024年…' is item 2 whose text starts with a year, not a number 2.2; an "
    "unannotated item stays a task.",
    "group_annotation_after_subitems": "An annotation on its own line after (1)…(4) and before item 2 belongs to each of "
    "(1)…(4) as its own (not derived); the item (1. 推进政务服务标准化) is a heading.",
    "group_annotation_responsibility_line": "责任单位/配合单位 lines after the numbered 推进措施 belong to every one of them; "
    "【目标任务】 text is not a task; 联系人/联系电话 lines assign nothing.",
    "lead_respectively": "X、Y分别牵头 makes both lead; '分别牵头' is not part of any name.",
    "reading_rule_first_listed": "The rule applies from its own annotation on: in a list of several with no role "
    "words of their own (…负责) the first is lead and the others participant; a list of "
    "one stays joint; lists marked 牵头/配合 keep their marking. The 下同 closes a clause "
    "that names nobody, so nothing is derived, not even on the unannotated task.",
    "reading_rule_except_respectively": "The rule is stated in the introduction and applies to every later list, a local "
    "government in a list included (participant when not first); a list marked 分别牵头 "
    "follows its marking.",
    "directive_no_division": "具体任务均涉及相关市（州）人民政府，不再做分工，下同 names the implementer of the task "
    "it is written on (not derived) and of every later task of the body, 保障措施 "
    "included (derived), but not of the rows of the 附件 table.",
    "directive_policy_measures": "A directive standing on its own before the first task reaches every task of the "
    "body (all derived); a task that names the same government itself keeps its own "
    "role (participant), not derived.",
    "people_not_actors": "牵头负责领导/分管领导/责任人/责任领导/联系人 name people and assign nothing, whether on "
    "lines of their own or inside the bracket; 由…同志负总责 is running text. A 牵头单位 "
    "with nobody beside it still leads.",
    "people_columns_table": "责任领导 and 联系人 columns hold people and assign nothing; 责任科室 is joint; a "
    "工作领导小组 is an actor.",
    "targets_breakdown": "In a 分工方案, numbered 主要预期目标 items with a 部门分工 line are tasks; the target "
    "item without one (4) is not. 分管省领导 is a person. 部门分工 reads its clause: "
    "X牵头 lead, Y配合 participant.",
    "title_before_annotation": "The title stops before an annotation inside the task's sentence, whether after a "
    "'，' (，牵头部门：X。) or in brackets before the 。; the report text after it "
    "(进度较慢的为某县) names no actors.",
    "mentions_shared_head": "相关市、县政府, 长春、吉林、通化市政府 and 各县（市、区）党委和人民政府 are one mention "
    "each (their parts share one head); 各乡镇人民政府、街道办事处 are two.",
    "internal_units": "Internal units (科室, 办公室, 领导小组) are actors; a row whose group cell is written "
    "only once ends in an empty cell ('| |'); '办公室牵头，各科室配合' in the cell reads as "
    "that annotation.",
    "html_article_table": "Only the article body is read: the page title, scripts, navigation and footer "
    "(主办：…办公室) assign nothing. A rowspan 牵头单位 cell leads both its rows; colspan "
    "group rows are not tasks; an empty 配合单位 cell adds nobody.",
    "html_paragraphs": "Each <p> is a paragraph of the plan; <strong> headings are headings; an annotation "
    "after <br> belongs to its paragraph's task; &nbsp; is white space; the footer "
    "(主办单位：…) assigns nothing.",
}

ROLES = {"lead", "participant", "joint", "implementer"}


def _value(role):
    """A role as its plain string (rows may carry the Role enum itself)."""
    return getattr(role, "value", role)


def _path(name: str) -> Path:
    return DOCUMENTS[name]


@cache
def _document(name: str):
    return extract_document(str(_path(name)))


def _source(name: str) -> str:
    """The text that spans index into: the file as read (a web page's text, not its markup)."""
    return read_source(_path(name)).text


def _expected(name: str) -> list[dict]:
    path = FORMS / f"{name}.expected.jsonl"
    assert path.exists(), f"{path.name} is missing: every fixture needs its expected rows"
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        assert set(row) == {"task", "mention", "role", "derived"}, f"{path.name}:{number}: {row}"
        out.append(row)
    return out


def _key(row: dict) -> tuple:
    return (row["task"], row["mention"], _value(row["role"]), bool(row.get("derived")))


def _show(key: tuple) -> str:
    task, mention, role, derived = key
    if mention is None:
        return f"{task} | (no assignment)"
    return f"{task} | {mention} | {role}" + (" | derived" if derived else "")


def _context(name: str) -> str:
    lines = []
    if name in NOTES:
        lines.append(f"reading: {NOTES[name]}")
    problems = _document(name).problems
    if problems:
        lines.append("extractor problems:")
        lines.extend(f"  {p}" for p in problems)
    return "\n".join(lines)


def _norm(text: str) -> str:
    """Text as mentions are recorded: no white space, brackets full width."""
    return re.sub(r"\s+", "", text).translate(str.maketrans("()〔〕", "（）（）"))


# --- every fixture -------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_rows(name):
    """The (task, mention, role, derived) rows are exactly the expected ones."""
    got = {_key(r) for r in rows(_document(name))}
    want = {_key(r) for r in _expected(name)}
    if got != want:
        missing = sorted(want - got)
        unexpected = sorted(got - want)
        message = [f"{name}: rows differ from {name}.expected.jsonl"]
        if missing:
            message.append(f"missing ({len(missing)}):")
            message.extend(f"  - {_show(k)}" for k in missing)
        if unexpected:
            message.append(f"unexpected ({len(unexpected)}):")
            message.extend(f"  + {_show(k)}" for k in unexpected)
        context = _context(name)
        if context:
            message.append(context)
        pytest.fail("\n".join(message), pytrace=False)


@pytest.mark.parametrize("name", NAMES)
def test_tasks(name):
    """Every expected task is found, unassigned ones included, and nothing else."""
    want = {r["task"] for r in _expected(name)}
    document = _document(name)
    from_rows = {r["task"] for r in rows(document)}
    if from_rows != want:
        message = [f"{name}: task titles differ"]
        message.extend(f"  - {t}" for t in sorted(want - from_rows))
        message.extend(f"  + {t}" for t in sorted(from_rows - want))
        context = _context(name)
        if context:
            message.append(context)
        pytest.fail("\n".join(message), pytrace=False)
    # Titles are distinct in every fixture, so each must belong to exactly one task.
    counts = Counter(t.title for t in document.tasks)
    repeated = sorted(t for t, n in counts.items() if n > 1)
    assert not repeated, f"{name}: tasks read more than once: {repeated}"


@pytest.mark.parametrize("name", NAMES)
def test_one_row_per_task_and_actor(name):
    """Each (task, actor) pair has exactly one role; rows are well formed."""
    document = _document(name)
    seen = Counter()
    for row in rows(document):
        assert row["doc"] == _path(name).stem, row
        if row["mention"] is None:
            assert row["role"] is None, row
        else:
            assert _value(row["role"]) in ROLES, row
        seen[(row["task"], row["mention"])] += 1
    twice = sorted((t, m) for (t, m), n in seen.items() if n > 1)
    assert not twice, f"{name}: more than one row for {twice}"


@pytest.mark.parametrize("name", NAMES)
def test_spans_point_into_the_text(name):
    """Spans are offsets into the decoded text; an assignment's own span names its actor."""
    source = _source(name)
    document = _document(name)
    for a in document.assignments:
        span = a.span
        assert 0 <= span.start < span.end <= len(source), (a.mention, span)
        assert span.line == source.count("\n", 0, span.start) + 1, (a.mention, span)
        if not a.derived:
            quoted = _norm(source[span.start : span.end])
            assert a.mention in quoted, f"{name}: span of {a.mention} reads {source[span.start : span.end]!r}"


# --- open_list -------------------------------------------------------------------

OPEN_LISTS = {
    "lead_with_participants": {
        ("推进重点行业能效提升", "省工业和信息化厅"): False,
        ("推进重点行业能效提升", "省发展改革委"): True,
        ("推进重点行业能效提升", "省生态环境厅"): True,
        ("推进重点行业能效提升", "省市场监管局"): True,
        ("加快工业园区循环化改造", "省发展改革委"): False,
        ("加快工业园区循环化改造", "省工业和信息化厅"): True,
        ("加快工业园区循环化改造", "省商务厅"): True,
        ("完善绿色制造服务体系", "省工业和信息化厅"): False,
        ("完善绿色制造服务体系", "省科技厅"): False,
        ("完善绿色制造服务体系", "省财政厅"): False,
    },
    "label_head_words": {
        ("培育数字产业集群", "市工业和信息化局"): False,
        ("培育数字产业集群", "市投资促进局"): True,
        ("培育数字产业集群", "市科技局"): True,
    },
    "label_host_cohost": {
        ("关于完善居家养老服务网络的提案", "市民政局"): False,
        ("关于完善居家养老服务网络的提案", "市卫生健康委"): True,
    },
    "mentions_names": {
        ("提升制造业知识产权创造质量", "省工业和信息化厅"): False,
        ("提升制造业知识产权创造质量", "省发展改革委"): True,
        ("提升制造业知识产权创造质量", "省市场监管局（知识产权局）"): True,
        ("推进国有企业知识产权运营", "省商务厅"): True,
        ("推进国有企业知识产权运营", "省政府国资委"): True,
        ("强化建设工程领域技术创新保护", "省住房和城乡建设厅"): False,
        ("强化建设工程领域技术创新保护", "省交通运输厅"): False,
        ("强化建设工程领域技术创新保护", "省能源局"): False,
        ("健全知识产权公共服务网络", "省直相关部门"): False,
        ("加大知识产权执法力度", "省公安厅"): False,
        ("加大知识产权执法力度", "各有关部门"): False,
    },
}


@pytest.mark.parametrize("name", sorted(OPEN_LISTS))
def test_open_list(name):
    """open_list is true exactly for actors of a list ending in 等/等部门/等单位."""
    got = {
        (r["task"], r["mention"]): r["open_list"] for r in rows(_document(name)) if r["mention"] is not None
    }
    want = OPEN_LISTS[name]
    wrong = sorted(
        f"{task} | {mention}: expected {flag}, got {got.get((task, mention), 'no row')}"
        for (task, mention), flag in want.items()
        if (task, mention) not in got or bool(got[(task, mention)]) != flag
    )
    assert not wrong, f"{name}: open_list\n  " + "\n  ".join(wrong)


# --- spans of particular annotations --------------------------------------------


def _task(document, title):
    found = [t for t in document.tasks if t.title == title]
    assert len(found) == 1, f"task {title!r}: found {len(found)}"
    return found[0]


def _line_of(source: str, needle: str) -> int:
    return source.count("\n", 0, source.index(needle)) + 1


def test_span_covers_bracketed_annotation():
    name = "lead_with_participants"
    source, document = _source(name), _document(name)
    annotation = "省工业和信息化厅牵头，省发展改革委、省生态环境厅、省市场监管局等按职责分工负责"
    task = _task(document, "推进重点行业能效提升")
    assignments = document.assignments_of(task)
    assert {a.mention for a in assignments} == {
        "省工业和信息化厅",
        "省发展改革委",
        "省生态环境厅",
        "省市场监管局",
    }
    for a in assignments:
        quoted = source[a.span.start : a.span.end]
        assert annotation in quoted, (a.mention, quoted)
        assert "\n" not in quoted, (a.mention, quoted)
        assert a.span.line == _line_of(source, annotation)


def test_span_covers_responsibility_lines():
    name = "responsibility_lines"
    source, document = _source(name), _document(name)
    task = _task(document, "完善分类投放设施")
    by_mention = {a.mention: a for a in document.assignments_of(task)}
    expected = {
        "市城市管理局": "责任单位：市城市管理局",
        "市住房城乡建设局": "配合单位：市住房城乡建设局、市机关事务局",
        "市机关事务局": "配合单位：市住房城乡建设局、市机关事务局",
    }
    assert set(by_mention) == set(expected)
    for mention, text in expected.items():
        span = by_mention[mention].span
        assert text in source[span.start : span.end], (mention, source[span.start : span.end])


@pytest.mark.parametrize(
    "name, directive",
    [
        ("directive_local_governments", "以下各项任务均需各地政府落实"),
        ("table_directive_above", "各项任务均需各县（区）人民政府落实"),
        ("directive_no_division", "具体任务均涉及相关市（州）人民政府，不再做分工"),
        ("directive_policy_measures", "以下政策措施均需各设区市人民政府结合实际抓好落实"),
    ],
)
def test_derived_span_is_the_directive(name, directive):
    source, document = _source(name), _document(name)
    derived = [a for a in document.assignments if a.derived]
    assert derived, "no derived assignments"
    for a in derived:
        quoted = source[a.span.start : a.span.end]
        assert directive in quoted, (a.mention, quoted)
        assert a.span.line == _line_of(source, directive)


@pytest.mark.parametrize(
    "name, title, text",
    [
        (
            "table_tab",
            "组织企业参加境外重点展会",
            "1 | 组织企业参加境外重点展会 | 省商务厅 | 省贸促会、省财政厅 | 2024年12月",
        ),
        ("table_pipe", "千兆光网城市建设工程", "2.千兆光网城市建设工程 | 市工信局、市通信管理局"),
    ],
)
def test_a_rows_text_is_its_cells_whatever_separates_them(name, title, text):
    assert _task(_document(name), title).text == text
