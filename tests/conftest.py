"""Shared fixtures: a private copy of the project's inputs, and a built site."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.inputs import copy_build_inputs
from briefing.pipeline import Paths, build

ROOT = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    """Copy the inputs of a build (not site/ or caches) into ``target``."""
    return copy_build_inputs(ROOT, target)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the real content, safe to break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The real content, built once per test session."""
    paths = Paths(copy_project(tmp_path_factory.mktemp("built")))
    build(paths)
    return paths


# -- browser fixtures ------------------------------------------------------
# Debian's Chromium driven by Playwright; the built site served on localhost.
LANGS = ("ko", "en")
# One page of each kind, by path below a language's root (the same in both languages).
PAGE_TYPES = {
    "home": "",
    "timeline": "timeline/",
    "event": "events/summit-2019/",
    "projects": "projects/",
    "project": "projects/turkistan-highway/",
    "organizations": "organizations/",
    "sources": "sources/",
    "about": "about/",
    "changes": "changes/",
}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-default-browser-check",
]


def serve_directory(directory: Path):
    """Serve ``directory`` on a free localhost port in a thread; returns (server, base URL)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site_url(built: Paths):
    """Base URL (ending in /) of the real content's built site, served on localhost."""
    server, url = serve_directory(built.site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Debian's package) driven by Playwright."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/setup.sh (make test does)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser page; closed after the test."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
