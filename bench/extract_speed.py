"""How fast the extractor reads action plans.

Builds a synthetic corpus of plan texts from a seeded random generator (so runs are
comparable), extracts every document with `extract.extract_document`, and prints
documents/s, MB/s, tasks/s, MB per CPU-second and peak memory.

    python bench/extract_speed.py [--documents 200] [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import shlex
import sys
import tempfile
import time
from pathlib import Path

JURISDICTIONS = {
    "省": ["河南省", "江苏省", "安徽省", "四川省", "湖南省", "辽宁省", "浙江省", "陕西省"],
    "市": ["洛阳市", "苏州市", "芜湖市", "绵阳市", "岳阳市", "大连市", "嘉兴市", "宝鸡市"],
}
LOCALS = {
    "省": ["各省辖市人民政府", "各市人民政府", "各地级以上市人民政府"],
    "市": ["各区人民政府", "各县（市、区）人民政府", "各县区政府"],
}
OFFICES = [
    "发展改革委",
    "工业和信息化厅",
    "生态环境厅",
    "财政厅",
    "住房城乡建设厅",
    "交通运输厅",
    "农业农村厅",
    "水利厅",
    "自然资源厅",
    "商务厅",
    "科技厅",
    "教育厅",
    "能源局",
    "市场监管局",
    "统计局",
    "应急管理厅",
    "公安厅",
    "林业局",
    "机关事务管理局",
    "政府国资委",
    "地方金融监管局",
    "卫生健康委",
    "文化和旅游厅",
    "人力资源社会保障厅",
]
TOPICS = [
    ("推进", "产业结构绿色低碳转型"),
    ("加强", "生态环境分区管控"),
    ("实施", "重点行业节能降碳改造"),
    ("加快", "清洁能源替代"),
    ("强化", "机动车污染防治"),
    ("深化", "扬尘污染综合治理"),
    ("推动", "公共机构节能"),
    ("完善", "绿色低碳标准体系"),
    ("健全", "碳排放统计核算制度"),
    ("提升", "建筑能效水平"),
    ("开展", "农村人居环境整治"),
    ("构建", "废旧物资循环利用体系"),
    ("优化", "交通运输结构"),
    ("落实", "能源消费强度控制"),
    ("培育", "节能环保产业"),
]
CLAUSES = [
    "严格落实国家产业政策",
    "坚决遏制高耗能高排放低水平项目盲目发展",
    "分批推进技术改造",
    "到2025年完成改造项目200个以上",
    "健全长效管护机制",
    "加大财政资金支持力度",
    "鼓励社会资本参与",
    "定期调度重点任务进展",
    "建立健全监测评估体系",
    "强化督促检查",
    "因地制宜选择技术路线",
    "推广先进适用技术",
    "加强部门协同联动",
    "压实属地责任",
]
SECTIONS = ["一", "二", "三", "四", "五", "六", "七", "八"]


def department(rng: random.Random, level: str) -> str:
    office = rng.choice(OFFICES)
    if level == "市":
        office = office.replace("厅", "局")
    return level + office


def departments(rng: random.Random, level: str, n: int) -> list[str]:
    picked: list[str] = []
    while len(picked) < n:
        name = department(rng, level)
        if name not in picked:
            picked.append(name)
    return picked


# The annotation forms plans use; "" stands for a task with no annotation.
ANNOTATION_FORMS = (
    "",
    "（{lead}牵头，{listed}{open}按职责分工负责）",
    "（{lead}、{listed}按职责分工负责）",
    "（{lead}负责）",
    "（{lead}会同{listed}负责）",
    "（{lead}牵头，{listed}配合）",
    "\n牵头单位：{lead}\n配合单位：{listed}",
    "（责任单位：{lead}、{listed}）",
)


def annotation(rng: random.Random, level: str) -> str:
    """One of the annotation forms plans use, or nothing."""
    form = rng.choice(ANNOTATION_FORMS)
    lead, *others = departments(rng, level, rng.randint(2, 4))
    return form.format(lead=lead, listed="、".join(others), open=rng.choice(["", "等"]))


def task(rng: random.Random, level: str, directive: str = "") -> str:
    verb, topic = rng.choice(TOPICS)
    body = "，".join(rng.sample(CLAUSES, rng.randint(2, 5)))
    note = annotation(rng, level)
    if directive:
        # The directive closes a bracketed annotation, or stands as one.
        note = note[:-1] + "，" + directive + "）" if note.startswith("（") else f"（{directive}）{note}"
    return f"{verb}{topic}。{body}。{note}"


def plan(rng: random.Random) -> tuple[str, int]:
    """A plan's text and the number of tasks written into it."""
    level = rng.choice(["省", "市"])
    place = rng.choice(JURISDICTIONS[level])
    year = rng.randint(2016, 2024)
    title = f"{place}{rng.choice(TOPICS)[1]}实施方案"
    lines = [
        f"{place}人民政府关于印发{title}的通知",
        f"{place[0]}政{rng.choice(['发', '办'])}〔{year}〕{rng.randint(1, 90)}号",
        f"{LOCALS[level][0]}，{level}政府各部门：",
        f"现将《{title}》印发给你们，请认真贯彻落实。",
        f"{place}人民政府",
        f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        "",
        title,
        "一、总体要求",
        f"（一）指导思想。{'，'.join(rng.sample(CLAUSES, 4))}。",
        f"（二）工作目标。到{year + 5}年，{'，'.join(rng.sample(CLAUSES, 3))}。",
    ]
    tasks = 0
    sections = rng.randint(2, 6)
    for s in range(sections):
        lines.append(f"{SECTIONS[s + 1]}、{rng.choice(TOPICS)[1]}")
        for sub in range(rng.randint(1, 4)):
            lines.append(f"（{SECTIONS[sub]}）{rng.choice(TOPICS)[1]}")
            for item in range(rng.randint(2, 6)):
                directive = ""
                if s == 0 and sub == 0 and item == 0 and rng.random() < 0.5:
                    local = rng.choice(LOCALS[level])
                    directive = f"{local}负责落实〔以下各项任务均需{local}落实，不再一一列出〕"
                lines.append(f"{item + 1}.{task(rng, level, directive)}")
                tasks += 1
    lines.append(f"{SECTIONS[sections + 1]}、保障措施")
    for sub, name in enumerate(["加强组织领导", "强化资金保障", "严格督查考核"]):
        lines.append(
            f"（{SECTIONS[sub]}）{name}。{'，'.join(rng.sample(CLAUSES, 3))}。{annotation(rng, level)}"
        )
        tasks += 1
    return "\n".join(lines) + "\n", tasks


def build_corpus(folder: Path, documents: int, seed: int) -> tuple[list[Path], int, int]:
    rng = random.Random(seed)
    paths, written, size = [], 0, 0
    for n in range(documents):
        text, tasks = plan(rng)
        # One plan in four in GB18030, as many government sites still publish.
        data = text.encode("gb18030") if n % 4 == 3 else text.encode("utf-8")
        path = folder / f"plan_{n:05d}.txt"
        path.write_bytes(data)
        paths.append(path)
        written += tasks
        size += len(data)
    return paths, written, size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", "-n", type=int, default=200, help="documents to generate")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus")
    parser.add_argument("--keep", type=Path, help="write the corpus to this folder and keep it")
    args = parser.parse_args(argv)

    from extract import extract_document

    with tempfile.TemporaryDirectory(prefix="fengong-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths, written, size = build_corpus(folder, args.documents, args.seed)

        tasks = assignments = problems = 0
        start, cpu_start = time.perf_counter(), time.process_time()
        for path in paths:
            document = extract_document(path)
            tasks += len(document.tasks)
            assignments += len(document.assignments)
            problems += len(document.problems)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    megabytes = size / 1e6
    print("command:   " + shlex.join([sys.executable, *sys.argv]))
    print(f"python:    {platform.python_version()} on {platform.machine()}")
    print(
        f"corpus:    {len(paths)} documents, {megabytes:.2f} MB, {written} tasks written "
        f"(seed {args.seed}{', kept in ' + str(folder) if args.keep else ''})"
    )
    print(f"extracted: {tasks} tasks, {assignments} assignments, {problems} problems in {seconds:.2f} s")
    print(
        f"speed:     {len(paths) / seconds:.1f} documents/s, {megabytes / seconds:.2f} MB/s, "
        f"{tasks / seconds:.0f} tasks/s"
    )
    # On a shared machine the wall clock counts other people's work; CPU time does far less.
    print(f"cpu:       {cpu:.2f} s, {megabytes / cpu:.2f} MB per CPU-second")
    print(f"peak RSS:  {rss_mb:.1f} MB")


if __name__ == "__main__":
    main()
