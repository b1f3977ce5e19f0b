"""The web explorer's pages, through Starlette's test client, on the invented plans and a
plan whose names and texts are markup."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from kg import Graph
from kg.view import VIS_NETWORK
from kg.web.app import address, explorer

MARKUP = Path(__file__).parent / "fixtures" / "web"
NAME = "<img/src=x/onerror=alert（1）>"  # as the plan writes it, once read


@pytest.fixture(scope="module")
def graph(tmp_path_factory, plans) -> Graph:
    graph = Graph(tmp_path_factory.mktemp("web") / "store")
    graph.build([plans, MARKUP])
    return graph


@pytest.fixture(scope="module")
def client(graph) -> TestClient:
    return TestClient(explorer(graph))


def ledger_ids(workbook: bytes) -> list[str]:
    """The task ids of a ledger workbook, read from its 任务标识 column."""
    rows = list(load_workbook(io.BytesIO(workbook)).active.iter_rows(values_only=True))
    (header,) = [row for row in rows if "任务标识" in row]
    column = header.index("任务标识")
    return [row[column] for row in rows[rows.index(header) + 1 :] if row[column]]


def test_home_lists_documents_with_their_counts_and_the_busiest_departments(client, graph):
    page = client.get("/").text
    for document in graph.documents():
        assert f'href="{address(document.iri)}"' in page
        assert (document.title or document.key) in page
    assert "任务最多的部门" in page


def test_suggestions_for_a_kind_of_office_name_every_jurisdictions_office(client, graph):
    offices = {d.iri for d in graph.departments() if d.kind and d.kind.endswith("/development-reform")}
    assert len({d.jurisdiction for d in graph.departments() if d.iri in offices}) > 1
    found = client.get("/suggest", params={"q": "发改委"}).json()
    assert {item["url"] for item in found} == {address(iri) for iri in offices}


def test_suggestions_by_jurisdiction(client):
    found = client.get("/suggest", params={"q": "甘肃"}).json()
    assert found and all("甘肃省" in item["detail"] for item in found)


def test_department_page_lists_its_tasks_with_co_actors_as_links(client, graph):
    water = graph.department("省水利厅", "甘肃省")
    page = client.get(address(water.iri)).text
    tasks = graph.tasks(water)
    assert page.count('data-testid="task-row"') == len(tasks) == water.tasks
    for task in tasks:
        assert task.title in page
    finance = graph.department("省财政厅", "甘肃省")
    assert f'href="{address(finance.iri)}"' in page


def test_department_page_filters_by_role(client, graph):
    water = graph.department("省水利厅", "甘肃省")
    led = [t for t in graph.tasks(water) if t.role_of(water.iri).role == "lead"]
    page = client.get(address(water.iri), params={"role": "lead"}).text
    assert page.count('data-testid="task-row"') == len(led)


def test_task_lists_download_in_every_format(client, graph):
    water = graph.department("省水利厅", "甘肃省")
    tasks = graph.tasks(water)
    xlsx = client.get(f"{address(water.iri)}/tasks.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    assert ledger_ids(xlsx.content) == [t.id for t in tasks]
    assert client.get(f"{address(water.iri)}/tasks.docx").content[:2] == b"PK"
    assert client.get(f"{address(water.iri)}/tasks.csv").text.startswith("\ufeff序号,")
    assert client.get(f"{address(water.iri)}/tasks.exe").status_code == 404


def test_document_page_highlights_each_annotation_and_lists_who_it_names(client, graph):
    document = graph.document("gansu_water")
    page = client.get(address(document.iri)).text
    assert page.count('<mark class="annotation"') >= document.tasks
    for task in graph.tasks(graph.department("省水利厅", "甘肃省")):
        assert task.title in page


def test_document_page_lists_what_extraction_read_only_in_part(client, graph):
    page = client.get(address(graph.document("河北省节水行动方案").iri)).text
    warnings = page.split('data-testid="warnings"')[1].split("</div>")[0]
    assert "第 7 行：annotation cut off" in warnings
    assert 'data-testid="warnings"' not in client.get(address(graph.document("gansu_water").iri)).text


def test_task_page_quotes_the_annotation_and_links_both_ways(client, graph):
    document = graph.document("gansu_water")
    task = f"{document.iri}/task/t1"
    page = client.get(address(task)).text
    assert f'href="{address(document.iri)}#task-t1"' in page
    assert page.count('data-testid="assignment"') >= 1
    mark = page.split('<mark class="annotation" id="span-')[1].split('"')[0]
    assert f'href="#annotation-{mark}"' in page and f'id="annotation-{mark}"' in page
    assert f'href="#span-{mark}"' in page


def test_markup_in_names_and_texts_is_shown_as_text(client, graph):
    (department,) = [d for d in graph.departments() if d.name == NAME]
    pages = [
        client.get("/").text,
        client.get(address(department.iri)).text,
        client.get(address(graph.document("河北省标记测试任务分工表").iri)).text,
        client.get("/search", params={"q": "img"}).text,
    ]
    for page in pages:
        assert "<img/src" not in page and "<script>alert" not in page
    assert "&lt;img/src=x/onerror=alert（1）&gt;" in pages[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[2]


def test_network_page_and_its_gephi_files(client, graph):
    page = client.get("/network", params={"jurisdiction": "甘肃省"}).text
    assert "甘肃省" in page and 'data-graph="graph-data"' in page
    gexf = client.get("/network.gexf", params={"jurisdiction": "甘肃省"})
    read = nx.read_gexf(io.BytesIO(gexf.content))
    water = graph.department("省水利厅", "甘肃省")
    assert water.iri in read and all(d["jurisdiction"] == "甘肃省" for _, d in read.nodes(data=True))
    graphml = client.get("/network.graphml", params={"jurisdiction": "甘肃省"})
    assert set(nx.read_graphml(io.BytesIO(graphml.content))) == set(read)


def test_graphs_are_drawn_by_the_vis_network_kg_view_inlines(client):
    page = client.get("/network").text
    assert '<script src="/static/vis-network/vis-network.min.js">' in page
    served = client.get("/static/vis-network/vis-network.min.js").content
    assert served == (Path(VIS_NETWORK) / "vis-network.min.js").read_bytes()


def test_query_page_offers_every_named_query_and_loads_nothing_remote(client, graph):
    page = client.get("/query").text
    for named in graph.named_queries():
        assert f'data-query="{named.name}"' in page
    assert 'src="http' not in page and 'href="http' not in page
    assert client.get("/static/vendor/yasgui-4.6.2/yasgui.min.js").status_code == 200


def test_unknown_addresses_are_404(client):
    assert client.get("/department/000000/nothing").status_code == 404
    assert client.get("/doc/nothing").status_code == 404
    assert client.get("/doc/nothing/task/t1").status_code == 404
