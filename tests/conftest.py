"""What several test modules share: the invented plans, the command line as a user runs
it, a graph built once from the plans, and the development corpus when it is present."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from kg import Graph
from kg.cli import main

# Hypothesis: 100 examples a property in `make test`; `make fuzz` takes the fuzz profile
# (pytest --hypothesis-profile=fuzz). No deadline: the machine's load is not the code's speed.
settings.register_profile("quick", max_examples=100, deadline=None)
settings.register_profile("fuzz", max_examples=10_000, deadline=None)
settings.load_profile("quick")

# Two plans of 江西省 that name the same offices in different ways, one of 甘肃省 that
# names offices of the same names.
PLANS = Path(__file__).parent / "fixtures" / "graph" / "plans"
# The development corpus and its gold, beside the checkout; never copied into it.
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def plans() -> Path:
    return PLANS


@pytest.fixture(scope="session")
def kg() -> Callable[..., Result]:
    """`kg(*args, input=..., env=...)` runs the command line; exceptions other than the
    exit are raised, not hidden in the result."""

    def run(*args: object, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(main, [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def plans_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the plans. Tests read it; a test that writes builds its own."""
    path = tmp_path_factory.mktemp("plans") / "store"
    Graph(path).build([PLANS])
    return path


@pytest.fixture(scope="session")
def plans_graph(plans_store: Path) -> Graph:
    return Graph(plans_store)


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, with the corpus, its gold and the scorer; the test skips without them."""
    needed = [SHARED / "corpus", SHARED / "eval" / "gold", SHARED / "eval" / "score.py"]
    if not all(path.exists() for path in needed):
        pytest.skip(
            f"the development corpus and scorer are not at {SHARED} (they sit beside the checkout in CI)"
        )
    return SHARED


@dataclass
class Listener:
    port: int
    received: list[bytes]  # what each connection sent first


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A TCP listener on the loopback interface that reads each connection once and closes
    it unanswered: what it received shows what a query made this machine send."""
    found = Listener(0, [])
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    found.port = server.getsockname()[1]
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                with contextlib.suppress(OSError):
                    found.received.append(connection.recv(65536))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield found
    stop.set()
    thread.join()
    server.close()


# --- pages in a browser: the system's Chromium (`make browser`), driven by Playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "out" / "screenshots"


@dataclass
class BrowserPage:
    """A page at 1440x900 that records console errors, uncaught exceptions and dialogs."""

    page: object
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        """Save what the page shows under out/screenshots/ (not committed), to look at."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture(scope="session")
def chromium():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("no chromium on PATH: `make browser` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    watched = BrowserPage(page)
    page.on("console", lambda m: m.type == "error" and watched.errors.append(m.text))
    page.on("pageerror", lambda e: watched.errors.append(str(e)))
    page.on("dialog", lambda d: (watched.dialogs.append(d.message), d.dismiss()))
    yield watched
    context.close()
