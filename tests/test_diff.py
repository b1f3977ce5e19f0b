"""`kg diff OLD NEW`: what changed between a plan's 征求意见稿 and its final text.

tests/fixtures/diff holds both versions of an invented plan: one task kept as it was, one
reworded and given a participant more, one whose lead and participant swap roles, one that
loses a participant, one dropped and one added.
"""

import csv
import io
import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "diff"
DRAFT = FIXTURES / "临水市优化营商环境实施方案（征求意见稿）.md"
FINAL = FIXTURES / "临水市优化营商环境实施方案.md"

EXPECTED = """\
= 1.00 推行企业开办“一网通办”
~ 0.79 优化工程建设项目审批 -> 深化工程建设项目审批制度改革
    + 市生态环境局 participant
= 1.00 完善涉企收费清单制度
    ~ 市财政局 participant -> lead
    ~ 市发展改革委 lead -> participant
= 1.00 加强中小企业融资服务
    - 人行临水市中心支行 participant
+ 建立涉企政策“免申即享”机制
- 开展“营商环境体验官”活动
"""


def test_two_files(kg):
    result = kg("diff", DRAFT, FINAL)
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED


def test_two_documents_of_the_store_read_as_the_two_files(kg, tmp_path):
    store = tmp_path / ".kg"
    assert kg("build", FIXTURES, "--store", store, "-q").exit_code == 0
    result = kg("diff", "征求意见稿", "临水市优化营商环境实施方案", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED


def test_csv_has_one_row_per_change(kg):
    result = kg("diff", DRAFT, FINAL, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["change"], r["actor"], r["old_role"], r["new_role"]) for r in rows if r["actor"]] == [
        ("actor added", "市生态环境局", "", "participant"),
        ("role changed", "市财政局", "participant", "lead"),
        ("role changed", "市发展改革委", "lead", "participant"),
        ("actor dropped", "人行临水市中心支行", "participant", ""),
    ]
    assert [(r["change"], r["old"], r["new"]) for r in rows if r["change"] in ("added", "dropped")] == [
        ("added", "", "建立涉企政策“免申即享”机制"),
        ("dropped", "开展“营商环境体验官”活动", ""),
    ]


def test_json_lists_matched_added_and_dropped(kg):
    answer = json.loads(kg("diff", DRAFT, FINAL, "--format", "json").stdout)
    assert [(m["old"], m["new"], m["score"]) for m in answer["matched"]] == [
        ("推行企业开办“一网通办”", "推行企业开办“一网通办”", 1.0),
        ("优化工程建设项目审批", "深化工程建设项目审批制度改革", 0.79),
        ("完善涉企收费清单制度", "完善涉企收费清单制度", 1.0),
        ("加强中小企业融资服务", "加强中小企业融资服务", 1.0),
    ]
    assert answer["matched"][2]["changes"] == [
        {"actor": "市财政局", "old": "participant", "new": "lead"},
        {"actor": "市发展改革委", "old": "lead", "new": "participant"},
    ]
    assert answer["added"] == ["建立涉企政策“免申即享”机制"]
    assert answer["dropped"] == ["开展“营商环境体验官”活动"]


def test_a_version_that_is_neither_a_file_nor_a_stored_document_is_refused(kg, tmp_path):
    store = tmp_path / ".kg"
    assert kg("build", FIXTURES, "--store", store, "-q").exit_code == 0
    result = kg("diff", "没有这个文件", FINAL, "--store", store)
    assert result.exit_code == 1 and "没有这个文件" in result.stderr


@pytest.mark.parametrize("threshold, matched", [(0.8, 3), (0.5, 4)])
def test_a_match_needs_the_threshold(threshold, matched):
    from extract import extract_document
    from kg.diff import compare, document_versions

    old, new = (document_versions(extract_document(path)) for path in (DRAFT, FINAL))
    assert len(compare(old, new, threshold).matched) == matched
