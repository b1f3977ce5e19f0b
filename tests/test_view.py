"""The interactive view, built from the invented plans of tests/fixtures/graph/plans."""

import re
from dataclasses import replace
from pathlib import Path

import pytest

from extract import Role
from kg.network import Responsibility
from kg.view import (
    LABEL_CHARACTERS,
    VIS_NETWORK,
    TaskInfo,
    node_count,
    render_html,
    select_responsibilities,
    style,
    task_details,
    view_network,
)

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def graph(plans_graph):
    return plans_graph.responsibilities(), task_details(plans_graph.store)


def test_one_node_per_task_and_actor_one_edge_per_responsibility(graph):
    held, tasks = graph
    network = view_network(held, tasks)
    assert (
        len(network.nodes) == node_count(held) == len({r.task for r in held}) + len({r.actor for r in held})
    )
    assert len(network.edges) == len(held)


def test_tasks_coloured_by_document_and_labelled_with_a_short_title(graph):
    held, tasks = graph
    network = view_network(held, tasks)
    task_nodes = [n for n in network.nodes if n["kind"] == "task"]
    colours = {n["color"] for n in task_nodes}
    assert len(colours) == len({tasks[n["id"]].document for n in task_nodes}) == 3
    for node in task_nodes:
        title = tasks[node["id"]].title
        assert node["label"] == (title if len(title) <= LABEL_CHARACTERS else title[:LABEL_CHARACTERS] + "…")
    legend = [item["label"] for item in network.legend]
    assert legend[:4] == ["牵头", "共同负责", "配合", "落实"]
    assert sum(label.startswith("任务：") for label in legend) == 3


def test_every_node_is_placed_before_the_page_opens(graph):
    held, tasks = graph
    network = view_network(held, tasks)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in network.nodes)
    assert network.data()["options"]["physics"]["enabled"] is False


def test_edges_styled_by_role_from_the_data_file(graph):
    held, tasks = graph
    roles = style()["roles"]
    assert list(roles) == [role.value for role in Role], "one style per role, strongest first"
    for edge in view_network(held, tasks).edges:
        assert {k: edge[k] for k in roles[edge["role"]]} == roles[edge["role"]]
    assert roles["lead"]["width"] > roles["participant"]["width"]


def test_ego_view_has_the_department_its_tasks_and_their_other_actors(graph, plans_graph):
    held, tasks = graph
    water = plans_graph.department("省水利厅", "甘肃省").iri
    ego = select_responsibilities(held, actor=water)
    mine = {r.task for r in held if r.actor == water}
    assert {r.task for r in ego} == mine
    assert ego == [r for r in held if r.task in mine]
    assert len({r.actor for r in ego}) > 1


def test_ego_view_puts_the_department_left_its_tasks_next_and_the_others_right(graph, plans_graph):
    held, tasks = graph
    water = plans_graph.department("省水利厅", "甘肃省").iri
    ego = select_responsibilities(held, actor=water)
    network = view_network(ego, tasks, focus=water)
    by_kind = {}
    for node in network.nodes:
        by_kind.setdefault(node["kind"], []).append(node)
    (focus,) = by_kind["focus"]
    assert focus["id"] == water and focus["shape"] == style()["focus"]["shape"]
    others = by_kind["department"] + by_kind.get("collective", [])
    assert {n["x"] for n in by_kind["task"]} == {focus["x"] + 420}
    assert {n["x"] for n in others} == {focus["x"] + 840}
    rows = sorted(n["y"] for n in others)
    assert all(b - a >= 36 for a, b in zip(rows, rows[1:], strict=False)), "labels a row apart"


def test_document_filter(graph, plans_graph):
    held, tasks = graph
    gansu = plans_graph.document("gansu_water").iri
    kept = select_responsibilities(held, document=gansu)
    assert kept and {tasks[r.task].key for r in kept} == {"gansu_water"}


def test_role_filter_keeps_that_role(graph):
    held, tasks = graph
    kept = select_responsibilities(held, role=Role.LEAD)
    assert kept == [r for r in held if r.role is Role.LEAD]


def test_jurisdiction_filter(graph):
    held, tasks = graph
    kept = select_responsibilities(held, jurisdiction="甘肃省")
    assert kept and {r.jurisdiction for r in kept} == {"甘肃省"}


def test_aggregated_above_the_threshold(graph):
    held, tasks = graph
    network = view_network(held, tasks, aggregate_above=3)
    departments = {r.actor for r in held if not r.collective}
    assert {n["id"] for n in network.nodes} == departments
    assert all("x" in n and "y" in n for n in network.nodes)


def xss_records() -> tuple[list[Responsibility], dict[str, TaskInfo]]:
    task = "https://w3id.org/fengong/id/doc/x/task/t1"
    info = TaskInfo(
        task=task,
        number="1",
        title=XSS,
        text=XSS,
        document="urn:doc",
        key="x",
        document_title=XSS,
        document_number=None,
    )
    held = [
        Responsibility(
            task=task,
            document="urn:doc",
            actor="urn:a",
            name=XSS,
            jurisdiction=XSS,
            role=Role.LEAD,
            collective=False,
        )
    ]
    return held, {task: info}


def test_names_reach_the_page_as_data_never_as_markup():
    held, tasks = xss_records()
    page = render_html(view_network(held, tasks))
    assert "<img src=x" not in page
    assert {n["label"] for n in view_network(held, tasks).nodes} == {XSS[:LABEL_CHARACTERS] + "…", XSS}


def test_kg_view_page_is_pyvis_page_with_its_vis_network_inline(graph):
    held, tasks = graph
    view = view_network(held, tasks)
    page = render_html(view)
    assert "function drawGraph()" in page and "new vis.Network(container, data, options)" in page
    assert (Path(VIS_NETWORK) / "vis-network.min.js").read_text(encoding="utf-8") in page
    assert page.count('<div id="mynetwork"') == 1 and 'data-testid="legend"' in page


def test_a_name_with_a_link_in_it_still_shows_as_text():
    held, tasks = xss_records()
    linked = [replace(r, name='<a href="https://example.org">省财政厅</a>') for r in held]
    page = render_html(view_network(linked, tasks))
    # pyvis switches to its own tooltip when one has "href"; it too must set text.
    assert "popup.innerText = nodeData[0].title" in page and "popup.innerHTML" not in page


def test_page_loads_nothing_remote():
    held, tasks = xss_records()
    page = render_html(view_network(held, tasks))
    assert not re.search(r"""<(script|link)\b[^>]*\b(src|href)=["']?(https?:)?//""", page)


def test_kg_view_writes_the_page_and_says_how_big_it_is(kg, plans_store, tmp_path):
    page = tmp_path / "view.html"
    result = kg("view", "--document", "gansu_water", "--store", plans_store, "-o", page)
    assert result.exit_code == 0, result.output
    # 2 tasks; 省水利厅, 省发展改革委, 省财政厅, 省住房城乡建设厅; 5 roles held.
    assert result.stdout.strip() == f"wrote 6 nodes and 5 edges to {page}"
    text = page.read_text(encoding="utf-8")
    assert "vis.DataSet" in text and "筛选条件：文件：甘肃省节约用水行动方案" in text


def test_a_document_is_found_by_words_of_its_title(kg, plans_store, tmp_path):
    page = tmp_path / "view.html"
    by_title = kg("view", "--document", "甘肃", "--store", plans_store, "-o", page)
    assert by_title.stdout.strip() == f"wrote 6 nodes and 5 edges to {page}"
    several = kg("view", "--document", "江西省", "--store", plans_store, "-o", page)
    assert several.exit_code == 1
    assert "jiangxi_air" in several.stderr and "jiangxi_water" in several.stderr


def test_an_unknown_department_is_one_line_with_near_names(kg, plans_store, tmp_path):
    unknown = kg("view", "--department", "省水力厅", "--store", plans_store, "-o", tmp_path / "view.html")
    assert unknown.exit_code == 1
    assert unknown.stderr == "kg: no department named 省水力厅; did you mean 省水利厅?\n"
