"""Shared fixtures (a copy of the project, the run's builds, a browser) and the tests' tiers.

Every test gets one tier marker (``TIERS``) from the fixtures it uses: the shared ones below
(``FIXTURE_TIERS``) and a module's own expensive ones, which the module names in a
``FIXTURE_TIERS`` of its own. A test that builds in its body says so with a marker
(``@pytest.mark.build``). ``pytest -m unit`` is the quick run.

Helpers for tests to import are in ``tests/helpers.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.pipeline import Paths, build, publish_books
from briefing.search import korean
from tests.helpers import (
    SharedKiwi,
    copy_built_project,
    copy_project,
    once_per_run,
    serve_directory,
)

# Cheapest first. unit: no site is built; build: an HTML site (no PDF books); pdf: the PDF
# books are made or read; browser: Chromium. pyproject.toml declares them (--strict-markers).
TIERS = ("unit", "build", "pdf", "browser")
# A test using one of these (directly or through another fixture) is at least in its tier.
FIXTURE_TIERS = {"built": "build", "built_books": "pdf", "browser": "browser"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each test its tier; refuse a marker below what the test's fixtures need, or two."""
    wrong = []
    for item in items:
        module = getattr(item, "module", None)
        tiers = {**FIXTURE_TIERS, **getattr(module, "FIXTURE_TIERS", {})}
        used = [tiers[name] for name in getattr(item, "fixturenames", ()) if name in tiers]
        marked = {mark.name for mark in item.iter_markers() if mark.name in TIERS}
        needed = max(["unit", *used, *marked], key=TIERS.index)
        if marked - {needed}:
            wrong.append(f"{item.nodeid}: marked {sorted(marked)}, needs only {needed!r}")
        elif not marked:
            item.add_marker(needed)
    if wrong:
        raise pytest.UsageError("tests in the wrong tier:\n  " + "\n  ".join(wrong))


@pytest.fixture(autouse=True)
def shared_kiwi(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests read Korean with Kiwis the run keeps, one per list of user words: each
    reads as a fresh one would (a fresh one loads in a second, and unit tests ask for dozens)."""
    if request.node.get_closest_marker("unit"):
        monkeypatch.setattr(korean, "_load_kiwi", functools.partial(SharedKiwi, korean._load_kiwi))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the real content, safe to break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The real content's site without the PDF books, built once per run (shared by xdist's
    workers): read it, never change it."""

    def make(root: Path) -> None:
        build(Paths(copy_project(root)), books=False)

    return Paths(once_per_run(tmp_path_factory, "built", make))


@pytest.fixture(scope="session")
def built_books(built: Paths, tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """``built`` with the PDF books and fact sheets, made once per run as ``build.py pdf``
    makes them (on a copy): read it, never change it."""

    def make(root: Path) -> None:
        publish_books(Paths(copy_built_project(built.root, root)))

    return Paths(once_per_run(tmp_path_factory, "built-books", make))


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
def site_url(built: Paths) -> Iterator[str]:
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
