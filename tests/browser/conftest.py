"""Browser fixtures: Playwright driving Debian's chromium against a site served on localhost.

Playwright cannot download its own browser here, so it launches /usr/bin/chromium (installed
by `make test`). Screenshots go to test-output/screenshots/ for review.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# A ceiling for waits, not a speed check: CI machines are shared, and a loaded one once took
# longer than Playwright's default 5 s to show the first results of a freshly built site.
expect.set_options(timeout=30_000)


def chromium_path() -> str:
    path = os.environ.get("PIA_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "chromium が見つかりません。`make test` が Debian の chromium をインストールします。"
        )
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a directory over HTTP on localhost; returns a function dir → base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    page.console_errors = console_errors  # type: ignore[attr-defined]
    traffic = RequestLog(page)
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        # A failure that does not reproduce locally is diagnosed from this alone.
        print(f"console errors: {console_errors}\n{traffic.summary()}")
    context.close()


class RequestLog:
    """The page's requests still pending or failed, for the report of a failed test."""

    def __init__(self, page) -> None:
        self.started: dict[object, float] = {}
        self.failed: list[str] = []
        self.clock = time.monotonic()
        page.on("request", lambda r: self.started.setdefault(r, time.monotonic()))
        page.on("requestfinished", lambda r: self.started.pop(r, None))
        page.on("requestfailed", self.fail)

    def fail(self, request) -> None:
        self.started.pop(request, None)
        self.failed.append(f"{request.url}: {request.failure}")

    def summary(self) -> str:
        pending = [
            f"{request.url} (since {started - self.clock:.1f} s)"
            for request, started in self.started.items()
        ]
        return f"pending requests: {pending}\nfailed requests: {self.failed}"


def save_screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
