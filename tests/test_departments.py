"""Specification of department resolution: which mentions of a document are one department.

Each test states one rule with names made up for it. `resolve` takes a document's
mentions and its jurisdiction and returns the department of each mention.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from extract import extract_text
from extract.departments import resolve
from extract.gazetteer import kinds
from extract.jurisdictions import code_of, provinces
from extract.mentions import split_actors
from extract.output import rows


def keys(mentions, jurisdiction="湖北省", text=""):
    return {m: d.key for m, d in resolve(mentions, jurisdiction, text).items()}


def one_department(mentions, jurisdiction="湖北省", text="") -> bool:
    return len(set(keys(mentions, jurisdiction, text).values())) == 1


# --- names of one office


@pytest.mark.parametrize(
    "names",
    [
        ["省发展和改革委员会", "省发展改革委", "省发改委"],
        ["省住房和城乡建设厅", "省住房城乡建设厅", "省住建厅"],
        ["省工业和信息化厅", "省工信厅"],
        ["省经济和信息化厅", "省经信厅", "省经济和信息化委", "省经信委"],
        ["省机关事务管理局", "省机关事务局", "省事管局"],
        ["省市场监督管理局", "省市场监管局"],
    ],
)
def test_full_short_and_abbreviated_names_are_one_department(names):
    assert one_department(names)


def test_a_countys_bureau_is_the_commission_of_a_province_or_city():
    assert one_department(["县发展和改革局", "县发改局", "县发展改革委"], "秭归县")
    assert one_department(["县卫生健康局", "县卫健委"], "秭归县")


def test_a_gazetteer_department_is_named_as_its_jurisdictions_level_writes_it():
    provincial = resolve(["省发改委"], "湖北省")["省发改委"]
    assert (provincial.name, provincial.kind) == ("省发展改革委", "development-reform")
    assert resolve(["市住建局"], "宜昌市")["市住建局"].name == "市住房城乡建设局"  # a city has no 厅


def test_level_word_and_bare_name_are_one_department():
    assert one_department(["省生态环境厅", "生态环境厅"])
    assert one_department(["自治区发展改革委", "发展改革委"], "广西壮族自治区")


def test_jurisdiction_name_before_the_office_is_its_level_word():
    assert one_department(["湖北省发展和改革委员会", "省发展改革委"])


def test_short_jurisdiction_name_before_the_office_is_its_level_word():
    assert one_department(["湖南气象局", "省气象局"], "湖南省")
    assert one_department(["宜昌海关", "海关"], "宜昌市")


def test_an_office_named_after_its_place_keeps_that_name():
    assert resolve(["海关"], "宜昌市")["海关"].name == "宜昌海关"


def test_party_prefix_and_committee_are_read_through():
    assert one_department(["中共湖北省委组织部", "省委组织部", "湖北省委组织部"])
    assert one_department(["中共湖北省委", "省委"])


# --- whose office it is


def test_bare_office_in_a_provincial_plan_is_the_provinces():
    department = resolve(["交通运输厅"], "湖北省")["交通运输厅"]
    assert department.key == keys(["省交通运输厅"])["省交通运输厅"]
    assert department.name == "省交通运输厅"


def test_bare_office_in_a_municipal_plan_is_the_citys():
    assert one_department(["市交通运输局", "交通运输局", "市交通局", "宜昌市交通运输局"], "宜昌市")


def test_a_provincial_office_named_in_a_city_plan_is_not_the_citys():
    found = resolve(["生态环境厅", "市生态环境局"], "宜昌市")
    assert found["生态环境厅"].key != found["市生态环境局"].key
    assert found["生态环境厅"].kind is None


def test_another_levels_office_stays_apart_from_the_jurisdictions_own():
    found = resolve(["市发改委", "县发改委", "县发展改革委"], "宜昌市")
    assert len({d.key for d in found.values()}) == 3
    assert found["市发改委"].kind == "development-reform"
    assert found["县发改委"].kind is None and found["县发改委"].name == "县发改委"


@pytest.mark.parametrize(
    "old, new",
    [
        ("省经济和信息化厅", "省工业和信息化厅"),
        ("省环保厅", "省生态环境厅"),
        ("省环境保护厅", "省生态环境厅"),
        ("省农业厅", "省农业农村厅"),
        ("省林业局", "省林草局"),
        ("省林业厅", "省林业和草原局"),
        ("省卫生计生委", "省卫生健康委"),
        ("省金融办", "省地方金融监管局"),
    ],
)
def test_offices_of_differently_named_mandates_stay_apart(old, new):
    assert not one_department([old, new])


def test_a_bracketed_second_name_is_kept_but_not_read():
    found = resolve(["省市场监管局（省知识产权局）", "省市场监督管理局"], "湖北省")
    assert found["省市场监管局（省知识产权局）"].key == found["省市场监督管理局"].key
    assert found["省市场监督管理局"].aliases == tuple(sorted(found))


# --- short forms a document makes for itself


def test_an_unknown_name_ending_one_other_unknown_name_is_that_department():
    full, short = "省新能源汽车推广应用工作领导小组办公室", "领导小组办公室"
    found = resolve([full, short], "湖北省")
    assert found[short].key == found[full].key
    assert found[short].name == full


def test_an_unknown_name_ending_two_others_is_left_alone():
    found = resolve(
        ["省新能源汽车推广应用工作领导小组办公室", "省节能工作领导小组办公室", "领导小组办公室"], "湖北省"
    )
    assert len({d.key for d in found.values()}) == 3


def test_too_short_an_ending_is_no_abbreviation():
    assert not one_department(["省低碳城市促进会", "促进会"])


def test_a_defined_abbreviation_is_the_name_it_is_defined_for():
    text = "由省政府牵头成立湖北省氢能产业发展工作专班（以下简称“氢能专班”），统筹推进氢能产业。"
    found = resolve(["氢能专班", "省氢能产业发展工作专班"], "湖北省", text)
    assert found["氢能专班"].key == found["省氢能产业发展工作专班"].key
    assert found["氢能专班"].name == "省氢能产业发展工作专班"


def test_a_definition_reaches_back_to_the_name_not_the_sentence():
    text = "省政府牵头成立湖北省低碳城市工作办公室（以下简称“低碳办”）。"
    assert resolve(["低碳办"], "湖北省", text)["低碳办"].name == "省低碳城市工作办公室"


def test_a_defined_abbreviation_of_an_unknown_name_stays_unresolved():
    text = "设立省碳普惠管理中心（简称碳普惠中心）。"
    department = resolve(["碳普惠中心"], "湖北省", text)["碳普惠中心"]
    assert department.name == "省碳普惠管理中心"
    assert not department.resolved


def test_a_defined_abbreviation_of_a_gazetteer_name_takes_its_kind():
    text = "湖北省发展和改革委员会（以下简称“省发改”）负责统筹。"
    department = resolve(["省发改", "省发展改革委"], "湖北省", text)["省发改"]
    assert department.kind == "development-reform"
    assert department.aliases == tuple(sorted(["省发改", "省发展改革委"]))


# --- collective actors


@pytest.mark.parametrize(
    "mention",
    [
        "各有关部门",
        "省有关部门",
        "省直相关部门",
        "各市州人民政府",
        "省节能领导小组各成员单位",
        "县（市、区）人民政府",
        "相关部门",
    ],
)
def test_a_collective_actor_is_no_department(mention):
    department = resolve([mention], "湖北省")[mention]
    assert department.collective and department.kind is None and department.resolved


def test_collective_actors_are_never_merged():
    found = resolve(["各有关部门", "有关部门", "省有关部门", "省各有关部门", "省直有关部门"], "湖北省")
    assert len({d.key for d in found.values()}) == 5


def test_a_collective_actor_is_scoped_to_its_jurisdiction():
    assert keys(["各有关部门"], "湖北省") != keys(["各有关部门"], "湖南省")
    assert keys(["各有关部门"], "湖北省") == keys(["各有关部门"], "湖北省")


# --- keys across documents


def test_the_same_name_in_two_jurisdictions_is_two_departments():
    assert keys(["省生态环境厅"], "湖北省") != keys(["省生态环境厅"], "湖南省")
    assert keys(["省碳普惠管理中心"], "湖北省") != keys(["省碳普惠管理中心"], "湖南省")


def test_the_same_office_in_two_documents_of_one_jurisdiction_is_one_department():
    first = resolve(["省发改委"], "湖北省")["省发改委"]
    second = resolve(["湖北省发展和改革委员会"], "湖北省")["湖北省发展和改革委员会"]
    assert (first.key, first.name) == (second.key, second.name)


def test_a_gazetteer_kind_and_an_unknown_name_never_share_a_key():
    found = resolve(["省发改委", "省development-reform"], "湖北省")
    assert found["省发改委"].key != found["省development-reform"].key


def test_without_a_jurisdiction_the_document_scopes_the_key():
    first = resolve(["省发改委"], None, doc="a")["省发改委"]
    assert first.key != resolve(["省发改委"], None, doc="b")["省发改委"].key
    assert first.jurisdiction is None


@pytest.mark.parametrize(
    "title",
    ["某某市2025年重点任务分工", "某某市深化改革重点任务分解表", "某某市1至9月份民生工程实施进度通报"],
)
def test_a_breakdown_or_progress_report_titled_by_its_city_is_that_citys(title):
    document = extract_text(
        f"{title}\n\n一、重点任务\n1.推进改革。（市卫健委、市财政局）\n2.完善制度。（市卫生健康委）\n",
        doc="d",
    )
    assert document.jurisdiction == "某某市"
    assert len({a.department for a in document.assignments if "卫" in a.mention}) == 1


# --- names the gazetteer does not know


def test_an_unknown_name_is_kept_and_reported_unresolved():
    found = resolve(["湖北省碳普惠管理中心", "省碳普惠管理中心"], "湖北省")
    department = found["省碳普惠管理中心"]
    assert department.key == found["湖北省碳普惠管理中心"].key
    assert (department.name, department.kind, department.resolved) == ("省碳普惠管理中心", None, False)


# --- run-together lists


def test_jieba_splits_offices_whose_separators_were_lost():
    assert split_actors("省发展改革委省财政厅省生态环境厅").names == (
        "省发展改革委",
        "省财政厅",
        "省生态环境厅",
    )
    # No level word marks where the second name starts: only the dictionary knows.
    assert split_actors("生态环境厅发展改革委").names == ("生态环境厅", "发展改革委")


def test_without_two_known_offices_the_level_word_rule_splits():
    assert split_actors("省碳普惠管理办公室省低碳发展促进会").names == (
        "省碳普惠管理办公室",
        "省低碳发展促进会",
    )


def test_one_office_is_never_split():
    for name in ("省委宣传部", "省政府国资委", "省发展改革委直属机关党委", "省工业和信息化厅"):
        assert split_actors(name).names == (name,)


# --- the gazetteer file


def test_every_kind_has_a_unique_ascii_slug_and_an_english_name():
    ids = [kind.id for kind in kinds()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids)
    assert all(kind.en and kind.names for kind in kinds())


def test_no_name_is_claimed_by_two_kinds():
    claims = Counter(name for kind in kinds() for name in kind.names)
    assert [name for name, count in claims.items() if count > 1] == []


# --- jurisdictions


def test_every_province_level_division_has_its_code():
    assert len(provinces()) == 34
    assert all(re.fullmatch(r"\d{2}0000", code_of(full)) for full, _ in provinces())
    assert (code_of("河南省"), code_of("苏州市"), code_of("无名市")) == ("410000", "320500", None)


# --- in a document

PLAN = """湖北省发展和改革委员会
湖北省氢能产业发展实施方案

二、重点任务
（一）培育氢能装备产业。支持电解槽研发。（省发改委牵头，工业和信息化厅、各有关部门按职责分工负责）
（二）建设加氢站网络。有序布局加氢站。（省发展改革委、省住建厅负责）
"""


def test_assignments_name_their_departments_by_key():
    document = extract_text(PLAN, doc="plan")
    for assignment in document.assignments:
        department = document.department(assignment.department)
        assert assignment.mention in department.aliases
    drc = document.department("湖北省|development-reform")
    assert drc.aliases == tuple(
        sorted(["湖北省发展和改革委员会", "省发展改革委", "省发改委"])
    )  # the issuer too


def test_rows_give_the_key_or_what_department_id_makes_of_it():
    document = extract_text(PLAN, doc="plan")
    assert {r["department"] for r in rows(document) if r["mention"] == "省发改委"} == {
        "湖北省|development-reform"
    }
    named = rows(document, department_id=lambda d: d.name)
    assert {r["department"] for r in named if r["mention"] == "工业和信息化厅"} == {"省工业和信息化厅"}
