"""Shared fixtures: a private copy of the project's inputs, a built site, a browser.

Helpers for tests to import are in ``tests/helpers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.pipeline import Paths, build
from tests.helpers import copy_project, serve_directory


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
