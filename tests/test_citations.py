"""Documents that cite other documents: a province's plan and the national plan it carries
out, a city's plan and its province's (tests/fixtures/citations).

国务院's notice is cited by 江西省 by title and 文号 (国发〔2023〕9号); 南昌市 cites 江西省's
plan by title alone, and a law that is not in the store.
"""

from pathlib import Path

import pytest

from extract import Citation, extract_document, extract_text
from kg import Graph

FIXTURES = Path(__file__).parent / "fixtures" / "citations"


def test_a_title_with_its_number_is_one_citation():
    document = extract_document(FIXTURES / "江西省节水行动实施方案.md")
    assert document.cites == (Citation("国务院关于印发节水行动方案的通知", "国发〔2023〕9号"),)


def test_titles_alone_and_numbers_alone_are_citations_each_once():
    document = extract_text(
        "根据《甲方案》和《乙办法》（甲发〔2020〕 3号），落实（乙发〔2021〕4号）与《甲方案》。"
    )
    assert document.cites == (
        Citation("甲方案", None),
        Citation("乙办法", "甲发〔2020〕3号"),
        Citation(None, "乙发〔2021〕4号"),
    )


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    graph = Graph(tmp_path_factory.mktemp("citations") / ".kg")
    graph.build([FIXTURES])
    return graph


def links(graph, stem):
    return [(row["link"], graph.document(row["other"]).key, row["by"]) for row in graph.document_links(stem)]


def test_a_plan_links_to_the_plan_it_carries_out_and_to_those_that_carry_it_out(graph):
    assert links(graph, "江西省节水行动实施方案") == [
        ("parent", "国务院关于印发节水行动方案的通知", "number"),
        ("child", "南昌市节水行动工作方案", "title"),
    ]


def test_a_cited_document_not_in_the_store_links_nowhere(graph):
    assert links(graph, "南昌市节水行动工作方案") == [("parent", "江西省节水行动实施方案", "title")]
    assert links(graph, "国务院关于印发节水行动方案的通知") == [("child", "江西省节水行动实施方案", "number")]


STORED_LINKS = (
    "SELECT ?citing ?cited WHERE { GRAPH ?g { ?citing <http://purl.org/dc/terms/references> ?cited } }"
)


def stored_links(graph):
    """The links stored in the graph, as (citing, cited) file stems."""
    return sorted(
        (graph.document(row["citing"]).key, graph.document(row["cited"]).key)
        for row in graph.sparql(STORED_LINKS).rows
    )


PROVINCE_CITES_NATION = [("江西省节水行动实施方案", "国务院关于印发节水行动方案的通知")]
CITY_CITES_PROVINCE = [("南昌市节水行动工作方案", "江西省节水行动实施方案")]


def test_the_graph_stores_each_link_as_dcterms_references(graph):
    assert stored_links(graph) == CITY_CITES_PROVINCE + PROVINCE_CITES_NATION


def test_a_link_is_stored_when_the_cited_document_is_built_after_the_citing_one(tmp_path):
    graph = Graph(tmp_path / ".kg")
    graph.build([FIXTURES / "南昌市节水行动工作方案.md"])
    assert stored_links(graph) == []
    graph.build([FIXTURES / "江西省节水行动实施方案.md"])
    assert stored_links(graph) == CITY_CITES_PROVINCE
    assert links(graph, "江西省节水行动实施方案") == [("child", "南昌市节水行动工作方案", "title")]


def test_a_link_is_stored_when_the_citing_document_is_built_after_the_cited_one(tmp_path):
    graph = Graph(tmp_path / ".kg")
    graph.build([FIXTURES / "江西省节水行动实施方案.md"])
    graph.build([FIXTURES / "南昌市节水行动工作方案.md"])
    assert stored_links(graph) == CITY_CITES_PROVINCE
    assert links(graph, "南昌市节水行动工作方案") == [("parent", "江西省节水行动实施方案", "title")]


def test_a_link_goes_when_the_citation_is_gone_from_the_document_built_again(tmp_path):
    graph = Graph(tmp_path / ".kg")
    city = tmp_path / "南昌市节水行动工作方案.md"
    city.write_text((FIXTURES / city.name).read_text(encoding="utf-8"), encoding="utf-8")
    graph.build([FIXTURES / "江西省节水行动实施方案.md", city])
    assert stored_links(graph) == CITY_CITES_PROVINCE
    city.write_text(
        city.read_text(encoding="utf-8").replace("《江西省节水行动实施方案》和", ""), encoding="utf-8"
    )
    graph.build([city])
    assert stored_links(graph) == []
    assert links(graph, "江西省节水行动实施方案") == []
