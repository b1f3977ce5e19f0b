"""The `kg view` page in headless Chromium: legible on its own, and it runs no name.

Chromium comes from the system (`make browser`, which `make test` runs first); Playwright
never downloads its own. Screenshots go to out/screenshots/.
"""

from pathlib import Path

from extract import Role
from kg.network import Responsibility
from kg.view import TaskInfo, render_html, view_network

XSS = "<img src=x onerror=alert(1)>"
DOC = "https://w3id.org/fengong/id/doc/x"
TASKS = [f"{DOC}/task/t{n}" for n in (1, 2)]
NODE_AT = """id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
    const box = network.body.container.getBoundingClientRect();
    return [box.left + p.x, box.top + p.y]; }"""


def xss_page(tmp_path: Path) -> Path:
    tasks = {
        t: TaskInfo(
            task=t,
            number=t[-1],
            title=XSS,
            text="加强统筹。<script>alert(2)</script>",
            document=DOC,
            key="x",
            document_title="某方案",
            document_number="某发〔2024〕1号",
        )
        for t in TASKS
    }
    held = [
        Responsibility(
            task=TASKS[0],
            document=DOC,
            actor="urn:xss",
            name=XSS,
            jurisdiction="某省",
            role=Role.LEAD,
            collective=False,
        ),
        Responsibility(
            task=TASKS[1],
            document=DOC,
            actor="urn:xss",
            name=XSS,
            jurisdiction="某省",
            role=Role.PARTICIPANT,
            collective=False,
        ),
        Responsibility(
            task=TASKS[1],
            document=DOC,
            actor="urn:b",
            name="省财政厅",
            jurisdiction="某省",
            role=Role.LEAD,
            collective=False,
        ),
    ]
    path = tmp_path / "view.html"
    path.write_text(render_html(view_network(held, tasks, focus="urn:xss", title=XSS)), encoding="utf-8")
    return path


def test_names_and_texts_show_as_text_and_run_nothing(browser_page, tmp_path):
    page = browser_page.page
    page.goto(xss_page(tmp_path).as_uri())
    page.wait_for_function("typeof network !== 'undefined'", timeout=10_000)
    assert page.evaluate("network.body.data.nodes.length") == 4
    assert page.evaluate("nodes.get('urn:xss').label") == XSS
    assert page.locator("h1").inner_text() == XSS
    page.mouse.move(*page.evaluate(NODE_AT, TASKS[0]))
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    tooltip = page.locator("div.vis-tooltip")
    assert "<script>alert(2)</script>" in tooltip.inner_text()
    assert page.locator("img").count() == 0
    assert not browser_page.dialogs, browser_page.dialogs
    assert not browser_page.errors, browser_page.errors


def test_ego_view_is_legible_on_its_own(browser_page, kg, plans_store, tmp_path):
    output = tmp_path / "ego.html"
    assert (
        kg(
            "view",
            "--department",
            "省水利厅",
            "--jurisdiction",
            "甘肃省",
            "--store",
            plans_store,
            "-o",
            output,
        ).exit_code
        == 0
    )
    page = browser_page.page
    page.goto(output.as_uri())
    page.wait_for_function("typeof network !== 'undefined'", timeout=10_000)
    assert page.locator("h1").inner_text() == "省水利厅的职责关系图"
    assert "部门：省水利厅（甘肃省）" in page.get_by_test_id("filters").inner_text()
    legend = page.get_by_test_id("legend").inner_text()
    for label in ("牵头", "共同负责", "配合", "落实", "所查部门", "部门", "任务："):
        assert label in legend
    nodes = page.evaluate("nodes.get()")
    assert all(node["label"].strip() for node in nodes), "every node has a label"
    (focus,) = [node for node in nodes if node["kind"] == "focus"]
    assert focus["label"] == "省水利厅" and focus["shape"] == "star"
    # Laid out before the page opened: physics is off, and nothing moves.
    before = page.evaluate("network.getPositions()")
    page.wait_for_timeout(500)
    assert page.evaluate("network.getPositions()") == before
    browser_page.screenshot("kg-view-ego")
    assert not browser_page.errors, browser_page.errors
