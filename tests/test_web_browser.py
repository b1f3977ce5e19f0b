"""A user's path through the explorer in headless Chromium, on the development corpus (or
the examples when it is absent), with a plan whose names and texts are markup beside it.

Each page is saved as a screenshot at 1440x900 in out/screenshots/ to be looked at.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from test_web import ledger_ids

from kg import Graph
from kg.web.app import Explorer, address

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MARKUP = Path(__file__).parent / "fixtures" / "web"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Graph:
    graph = Graph(tmp_path_factory.mktemp("browse") / "store")
    graph.build([CORPUS if CORPUS.exists() else EXAMPLES, MARKUP])
    return graph


@pytest.fixture(scope="module")
def site(graph):
    """What `kg serve` serves, the explorer beside /sparql, on a free port; its address."""
    server = graph.serve("127.0.0.1", 0, routes=Explorer(graph).routes())
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.port}"
    server.stop()
    thread.join()


def busiest_name(graph: Graph) -> tuple[str, str]:
    """The name several jurisdictions' offices share that holds most tasks, and the
    jurisdiction whose office of that name holds most: what a user would search for."""
    shared = {}
    for d in graph.departments():
        if not d.collective and d.jurisdiction:
            shared.setdefault(d.name, []).append(d)
    name = max((n for n, ds in shared.items() if len(ds) > 1), key=lambda n: max(d.tasks for d in shared[n]))
    return name, max(shared[name], key=lambda d: d.tasks).jurisdiction


def test_search_a_department_read_its_tasks_check_a_reading_and_download_the_list(browser_page, graph, site):
    page = browser_page.page
    name, jurisdiction = ("省生态环境厅", "河南省") if CORPUS.exists() else busiest_name(graph)
    department = graph.department(name, jurisdiction)
    page.goto(site)
    browser_page.screenshot("home")
    page.locator(".hero input[data-suggest]").press_sequentially(name)
    choice = page.locator(".hero .suggestions a", has_text=jurisdiction).first
    choice.wait_for()
    browser_page.screenshot("home-suggestions")
    choice.click()
    page.wait_for_url(f"**{address(department.iri)}")
    rows = page.get_by_test_id("task-row")
    assert rows.count() == department.tasks == len(graph.tasks(department))
    assert f"共 {department.tasks} 项任务" in page.get_by_test_id("summary").inner_text()
    page.wait_for_function("typeof network !== 'undefined'")
    assert page.evaluate("nodes.get().every(n => n.label && n.label.trim())")
    browser_page.screenshot("department")
    page.locator("#graph").scroll_into_view_if_needed()
    browser_page.screenshot("department-graph")

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    assert ledger_ids(Path(download.value.path()).read_bytes()) == [t.id for t in graph.tasks(department)]

    rows.first.get_by_role("link").first.click()
    page.wait_for_url("**/task/*")
    assert page.locator("mark.annotation").first.is_visible()
    assert page.get_by_test_id("assignment").count() >= 1
    browser_page.screenshot("task")

    page.get_by_role("link", name="在文件中查看").click()
    page.wait_for_url("**#task-*")
    task = page.locator("article.task:target")
    assert task.locator("mark.annotation").count() >= 1
    assert task.locator("mark.annotation").first.is_visible()
    browser_page.screenshot("document")
    assert not browser_page.errors, browser_page.errors


def test_network_of_a_jurisdiction(browser_page, graph, site):
    page = browser_page.page
    _, jurisdiction = ("", "河南省") if CORPUS.exists() else busiest_name(graph)
    page.goto(f"{site}/network?jurisdiction={jurisdiction}")
    page.wait_for_function("typeof network !== 'undefined'")
    departments = {
        r.actor for r in graph.responsibilities() if r.jurisdiction == jurisdiction and not r.collective
    }
    assert set(page.evaluate("nodes.getIds()")) == departments
    page.wait_for_timeout(300)
    browser_page.screenshot("network")
    assert not browser_page.errors, browser_page.errors


def test_markup_in_names_and_texts_shows_as_text(browser_page, graph, site):
    page = browser_page.page
    (department,) = [d for d in graph.departments() if d.name.startswith("<img")]
    page.goto(site + address(department.iri))
    assert page.locator("h1").inner_text().startswith(department.name)
    page.goto(site + address(graph.document("河北省标记测试任务分工表").iri))
    assert "推进<script>alert(1)</script>工作" in page.locator("main").inner_text()
    page.goto(site + "/search?q=img")
    assert department.name in page.locator("main").inner_text()
    assert page.locator("main img").count() == 0
    assert not browser_page.dialogs, browser_page.dialogs
    assert not browser_page.errors, browser_page.errors


def test_sparql_page_runs_a_named_query(browser_page, graph, site):
    page = browser_page.page
    page.goto(f"{site}/query")
    page.wait_for_function("typeof yasgui !== 'undefined'")
    browser_page.screenshot("sparql")
    page.locator("button.load[data-query='lead-load']").click()
    page.evaluate("yasgui.getTab().getYasqe().query()")
    rows = page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for(timeout=15_000)
    first = rows.first.inner_text()
    leader = max(graph.lead_load(), key=lambda load: load.lead)
    assert leader.name in page.locator(".yasr").inner_text()
    assert first
    browser_page.screenshot("sparql-results")
    assert not browser_page.errors, browser_page.errors
