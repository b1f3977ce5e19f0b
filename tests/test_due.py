"""`kg due`: what is overdue, due soon or ongoing on a fixed day, with its warning level.

The plans are tests/fixtures/deadlines: a county's plan dated 2024-02-20 (`6月底前` is
2024-06-30, a group's `2024年底前完成`, `持续推进`, `每季度`) and an undated table.
"""

import json
from datetime import date
from pathlib import Path

import pytest

from kg.due import period_end

FIXTURES = Path(__file__).parent / "fixtures" / "deadlines"


@pytest.fixture(scope="module")
def store_path(kg, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / ".kg"
    result = kg("build", FIXTURES, "--store", path, "-q")
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def due(kg):
    def run(store_path, *args) -> list[dict]:
        result = kg("due", "--store", store_path, "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return run


def test_due_within_the_horizon_is_blue_and_ongoing_tasks_follow(due, store_path):
    rows = due(store_path, "--as-of", "2024-06-25")
    assert [(r["level"], r["due"], r["days"], r["deadline"], r["task"]) for r in rows] == [
        ("blue", "2024-06-30", 5, "6月底前", "开展河湖“清四乱”专项行动"),
        ("blue", "2024-06-30", 5, "每季度", "报送重点项目进展"),
        (None, "2024-12-31", 189, "每年", "开展安全生产大检查"),
        (None, None, None, "持续推进", "推进城乡供水一体化"),
    ]


def test_a_recurring_task_is_next_due_at_the_end_of_its_period(due, store_path):
    def quarterly(as_of):
        return next(
            (r["level"], r["due"], r["days"])
            for r in due(store_path, "--as-of", as_of)
            if r["deadline"] == "每季度"
        )

    assert quarterly("2024-07-01") == (None, "2024-09-30", 91)
    assert quarterly("2024-09-10") == ("blue", "2024-09-30", 20)
    assert quarterly("2024-09-30") == ("blue", "2024-09-30", 0)


@pytest.mark.parametrize(
    "every, day, end",
    [
        ("P1M", date(2024, 2, 10), date(2024, 2, 29)),
        ("P3M", date(2024, 5, 10), date(2024, 6, 30)),
        ("P6M", date(2024, 7, 1), date(2024, 12, 31)),
        ("P1Y", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_a_period_ends_with_the_calendars_month_quarter_half_or_year(every, day, end):
    assert period_end(every, day) == end


def test_a_period_that_does_not_divide_a_year_has_no_end_of_the_calendar():
    assert period_end("P5M", date(2024, 1, 1)) is None


def test_a_task_names_its_lead_participants_implementers_document_and_words(due, store_path):
    rows = {row["task"]: row for row in due(store_path, "--as-of", "2024-06-25")}
    river, water = rows["开展河湖“清四乱”专项行动"], rows["推进城乡供水一体化"]
    assert (river["lead"], river["participants"], river["implementers"]) == ("县水利局", "", "各乡镇人民政府")
    assert river["document"] == "青溪县2024年重点工作任务分工方案"
    assert "各乡镇人民政府负责落实" in river["quote"]
    assert (water["lead"], water["participants"]) == ("县水利局", "县财政局")
    assert river["id"].startswith("https://w3id.org/fengong/id/doc/")


def test_past_its_due_date_a_task_is_red(due, store_path):
    river = due(store_path, "--as-of", "2024-07-05")[0]
    assert (river["level"], river["days"]) == ("red", -5)


def test_beyond_the_horizon_a_dated_task_is_not_listed_and_a_recurring_one_has_no_level(due, store_path):
    rows = due(store_path, "--as-of", "2024-06-25", "--within", "3")
    assert [(r["level"], r["task"]) for r in rows] == [
        (None, "报送重点项目进展"),
        (None, "开展安全生产大检查"),
        (None, "推进城乡供水一体化"),
    ]
    titles = [r["task"] for r in due(store_path, "--as-of", "2024-12-15")]
    assert titles[:2] == ["开展河湖“清四乱”专项行动", "完成乡镇污水处理设施提标改造"]


def test_only_a_departments_tasks(due, store_path):
    rows = due(store_path, "--as-of", "2024-12-15", "--department", "县财政局")
    assert [r["task"] for r in rows] == ["推进城乡供水一体化"]


def test_a_bad_date_is_refused(kg, store_path):
    result = kg("due", "--store", store_path, "--as-of", "2024-13-01")
    assert result.exit_code == 2 and "not a date" in result.output


def test_csv_never_starts_a_cell_with_a_formula(kg, tmp_path):
    plan = tmp_path / "临水市招商工作要点.md"
    plan.write_text(
        "# 临水市招商工作要点\n\n临水市人民政府\n2024年1月15日\n\n## 一、重点工作\n\n"
        '1. =HYPERLINK("http://example.invalid/","点此")。建立招商台账。'
        "（牵头单位：市投资促进局；完成时限：持续推进）\n",
        encoding="utf-8",
    )
    store = tmp_path / ".kg"
    assert kg("build", plan, "--store", store, "-q").exit_code == 0
    result = kg("due", "--store", store, "--as-of", "2024-06-01", "--format", "csv")
    assert "'=HYPERLINK(" in result.stdout and ",=" not in result.stdout
