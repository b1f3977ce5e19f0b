"""The `kg view` page in headless Chromium: it renders, logs no error, and runs no name.

Chromium comes from the system (`make browser`, which `make test` runs first); Playwright
never downloads its own. Run outside `make` on a machine without it, the test skips.
"""
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from extract import Role
from kg.network import Responsibility
from kg.view import TaskInfo, render_html, view_network

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
XSS = "<img src=x onerror=alert(1)>"
DOC = "https://w3id.org/fengong/id/doc/x"
TASKS = [f"{DOC}/task/t{n}" for n in (1, 2)]


def page_file(tmp_path: Path) -> Path:
    tasks = {t: TaskInfo(task=t, number=t[-1], title=XSS, text="加强统筹。", document=DOC,
                         key="x", document_title="某方案", document_number="某发〔2024〕1号")
             for t in TASKS}
    held = [Responsibility(task=TASKS[0], document=DOC, actor="urn:xss", name=XSS,
                           jurisdiction="某省", role=Role.LEAD, collective=False),
            Responsibility(task=TASKS[1], document=DOC, actor="urn:xss", name=XSS,
                           jurisdiction="某省", role=Role.PARTICIPANT, collective=False),
            Responsibility(task=TASKS[1], document=DOC, actor="urn:b", name="省财政厅",
                           jurisdiction="某省", role=Role.LEAD, collective=False)]
    path = tmp_path / "view.html"
    path.write_text(render_html(view_network(held, tasks)), encoding="utf-8")
    return path


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH: `make browser` installs it")
def test_page_renders_every_node_and_runs_no_name(tmp_path):
    errors, dialogs = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(page_file(tmp_path).as_uri())
            page.wait_for_function("typeof network !== 'undefined'", timeout=10_000)
            assert page.evaluate("network.body.data.nodes.length") == 4
            assert page.evaluate("nodes.get('urn:xss').label") == XSS
            # Hover the node: its tooltip must show the name as text.
            x, y = page.evaluate("""() => {
                const p = network.canvasToDOM(network.getPositions(['urn:xss'])['urn:xss']);
                const box = document.getElementById('mynetwork').getBoundingClientRect();
                return [box.left + p.x, box.top + p.y]; }""")
            page.mouse.move(x, y)
            page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
            tooltip = page.locator("div.vis-tooltip")
            assert XSS in tooltip.inner_text()
            assert tooltip.locator("img").count() == 0
            assert page.locator("img").count() == 0
        finally:
            browser.close()
    assert not dialogs, dialogs
    assert not errors, errors
