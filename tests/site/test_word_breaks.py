"""Korean on screen breaks lines only between words (briefing.yml: keep_words_whole).

Each Korean word of every page type, and of the search results after a query,
is measured in Chromium on a phone and a desktop screen: a word whose
characters lie on more than one line box was broken inside ("알라타우 시 / 티").
On the phone, where lines are short, every page of the site is measured (a
long project title beside the PDF link broke only on some record pages).
"""

from __future__ import annotations

import pytest

from tests.helpers import LANGS, PAGE_TYPES
from tests.site.test_search_browser import PROBE, run_query

# Every page type a reader meets; search results are measured after a query below.
PAGES = {
    **PAGE_TYPES,
    "dictionary": "downloads/dictionary/",
    "downloads": "downloads/",
}
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
# A query per language whose results show Korean words.
QUERIES = {"ko": "카자흐스탄 협력", "en": "삼룩카즈나"}

# A word is a run of letters and digits holding a Hangul character: punctuation
# between such runs ("한-카자흐스탄", "산업·에너지", "(청와대)") is where a line may break.
# Each word's characters are one Range; its client rects are one per line box it lies on.
# SVG text (the map's and the timeline's labels) is measured too: it never wraps.
BROKEN_WORDS = r"""
() => {
  const hangul = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]/;
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // text a reader cannot see (the closed search panel on a phone is 0 px wide) is not measured
    const seen = { opacityProperty: true, visibilityProperty: true };
    if (!hangul.test(node.data) || !node.parentElement.checkVisibility(seen)) continue;
    const words = /[\p{L}\p{N}]+/gu;
    for (let m = words.exec(node.data); m; m = words.exec(node.data)) {
      if (!hangul.test(m[0])) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = [];
      for (const r of range.getClientRects()) {
        const newLine = !tops.some(top => Math.abs(top - r.top) < r.height / 2);
        if (r.width > 0 && r.height > 0 && newLine) tops.push(r.top);
      }
      if (tops.length > 1) {
        const parent = node.parentElement;
        const first = (parent.getAttribute("class") || "").split(" ")[0];
        const name = first ? `${parent.localName}.${first}` : parent.localName;
        broken.push(`${m[0]} (in ${name}, on ${tops.length} lines)`);
      }
    }
  }
  return broken;
}
"""


def open_search_box(page) -> None:
    """Open Material's search (a button on a phone, the box on a desktop); wait for its worker."""
    button = page.locator("label.md-header__button[for=__search]")
    (button if button.is_visible() else page.locator("input.md-search__input")).click()
    for _ in range(1200):  # polled: the site's Content-Security-Policy forbids wait_for_function
        if page.evaluate("() => Boolean(window.__kzSearch && window.__kzSearch.ready)"):
            return
        page.wait_for_timeout(50)
    raise AssertionError("Material's search worker never became ready")


def every_page(built, lang: str) -> list[str]:
    """Every page of the language's site, by path below its root."""
    root = built.site_dir / lang
    return sorted(
        str(index.parent.relative_to(root)) + "/"
        for index in root.rglob("index.html")
        if index.parent != root
    )


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("lang", LANGS)
def test_korean_words_are_never_broken_across_lines(
    browser, site_url: str, built, lang: str, screen: str
) -> None:
    context = browser.new_context(viewport=SCREENS[screen])
    try:
        page = context.new_page()
        page.add_init_script(PROBE)
        broken: dict[str, list[str]] = {}
        words = 0
        pages = dict(PAGES)
        if screen == "phone":
            pages |= {path: path for path in every_page(built, lang)}
        for kind, path in pages.items():
            page.goto(f"{site_url}{lang}/{path}")
            words += page.evaluate(
                "() => (document.body.innerText.match(/[\\uac00-\\ud7af]+/g) || []).length"
            )
            if found := page.evaluate(BROKEN_WORDS):
                broken[kind] = found
        open_search_box(page)
        groups, _ = run_query(page, QUERIES[lang])
        assert groups, f"no search results for {QUERIES[lang]!r}"
        if found := page.evaluate(BROKEN_WORDS):
            broken["search results"] = found
        assert words > 100  # the pages hold Korean words to measure (names on the English site)
        assert broken == {}, "\n".join(f"{kind}: {', '.join(w)}" for kind, w in broken.items())
    finally:
        context.close()
