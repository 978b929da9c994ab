"""axe-core, a judge no one here wrote, on every kind of page in both languages (WCAG 2.2 AA)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import LANGS, PAGE_TYPES, search_for

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")


@pytest.fixture
def page(browser):
    """A fresh page whose Content-Security-Policy lets the test inject axe
    (the site's own scripts are unaffected)."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def axe_violations(page) -> list[str]:
    """Serious and critical axe findings on the page as it is now, one line each."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/setup.sh (npm ci)")
    # Judge the settled page: a colour caught half-way through a transition
    # (search results fade their background) is not what a reader sees.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        RULES,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        f"{', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
@pytest.mark.parametrize("lang", LANGS)
def test_page_has_no_serious_accessibility_violations(
    page, site_url: str, lang: str, kind: str
) -> None:
    page.goto(f"{site_url}{lang}/{PAGE_TYPES[kind]}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["", "en/404.html", "ko/404.html"])
def test_chooser_and_not_found_pages(page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_enhanced_states(page, site_url: str, lang: str) -> None:
    """The filtered and sorted projects index, and the open search dialog with results."""
    page.goto(f"{site_url}{lang}/projects/")
    page.locator("#filter-status").select_option(index=1)
    page.locator("#projects-table thead th button").first.click()
    assert axe_violations(page) == []

    page.goto(f"{site_url}{lang}/")
    search_for(page, "Almaty" if lang == "en" else "알마티")
    page.locator(".md-search-result__item").first.wait_for()
    assert axe_violations(page) == []
