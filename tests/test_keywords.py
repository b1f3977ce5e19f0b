"""Keywords of a task: what it is about, not who does it or how plans word every task."""

from extract.config import DEFAULT
from extract.keywords import task_keywords

TASK = (
    "推进氢能装备产业发展。支持电解槽、燃料电池电堆等关键装备研发，加快加氢站建设，"
    "开展氢燃料电池汽车示范应用，推动氢能在钢铁、化工领域替代应用。"
    "（省发展改革委牵头，省工业和信息化厅、省碳普惠管理中心等按职责分工负责）"
)


def test_keywords_name_the_tasks_topic():
    assert {"氢能", "燃料电池", "电解槽"} <= set(task_keywords(TASK))


def test_keywords_leave_out_departments_and_their_annotation():
    words = set(task_keywords(TASK, limit=50))
    body, annotation = TASK.split("（", 1)
    assert words and not {w for w in words if w in annotation and w not in body}


def test_keywords_leave_out_department_names_in_running_text():
    words = task_keywords("省生态环境厅要会同省住房城乡建设厅开展城镇污水处理厂提标改造。", limit=50)
    assert "污水处理厂" in words or "污水" in words
    assert not {"省生态环境厅", "省住房城乡建设厅"} & set(words)


def test_keywords_leave_out_stop_words_and_numbers():
    stop = set(DEFAULT.stopwords.read_text(encoding="utf-8").split())
    words = task_keywords("加强推进2025年前完善建立健全光伏发电项目建设。", limit=50)
    assert words and not stop & set(words)
    assert not any(any(c.isdigit() for c in w) for w in words)


def test_keywords_are_limited_and_deterministic():
    assert len(task_keywords(TASK, limit=3)) == 3
    assert task_keywords(TASK) == task_keywords(TASK)
    assert task_keywords(TASK, limit=3) == task_keywords(TASK)[:3]


def test_a_text_without_words_has_no_keywords():
    assert task_keywords("") == ()
