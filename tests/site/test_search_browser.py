"""Search as a reader uses it: each query of tests/site/search_queries.yaml typed into
Material's search box in headless Chromium, the first three results read from
the page. The helpers are shared with benchmarks/search_bench.py."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

QUERIES = Path(__file__).with_name("search_queries.yaml")
TOP = 3

# Installed before the page's scripts: counts what Material's search worker
# answers, so a reader of the results knows they belong to the query typed
# (the worker answers in order; queries are never dropped).
PROBE = """
(() => {
  const Native = window.Worker;
  const probe = window.__kzSearch = { ready: false, sent: [], answered: null, count: 0 };
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ev => {
        const type = ev.data && ev.data.type;
        if (type === 1) probe.ready = true;
        if (type === 3) { probe.answered = probe.sent.shift(); probe.count += 1; }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) probe.sent.push(message.data);
      return super.postMessage(message, ...rest);
    }
  };
})();
"""

# Type a query the way a keystroke delivers it to Material (it reads the box on
# keyup), wait for the worker's answer and the frame that shows it; returns ms.
TYPE_AND_WAIT = """
async (query) => {
  const probe = window.__kzSearch;
  const input = document.querySelector("input.md-search__input");
  const before = probe.count;
  input.value = query;
  const start = performance.now();
  input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: query.slice(-1) }));
  while (!(probe.count > before && probe.answered === query))
    await new Promise(resolve => setTimeout(resolve, 0));
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.now() - start;
}
"""

READ_RESULTS = """
() => [...document.querySelectorAll("li.md-search-result__item")].map(item =>
  [...item.querySelectorAll("a.md-search-result__link")].map(a => ({
    href: a.href,
    title: (a.querySelector("h1, h2") || a).textContent.trim(),
    html: a.querySelector("article") ? a.querySelector("article").innerHTML : "",
  })))
"""


def load_queries() -> dict[str, list[dict]]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def open_search(page, site_url: str, lang: str) -> None:
    """Open the language's home page and wait until Material's search worker is ready."""
    page.add_init_script(PROBE)
    page.goto(f"{site_url}{lang}/")
    page.locator("input.md-search__input").click()
    # polled from Python: the site's Content-Security-Policy forbids the eval
    # behind wait_for_function
    deadline = time.monotonic() + 60
    while not page.evaluate("() => Boolean(window.__kzSearch && window.__kzSearch.ready)"):
        assert time.monotonic() < deadline, "Material's search worker never became ready"
        page.wait_for_timeout(50)


def run_query(page, query: str) -> tuple[list[list[dict]], float]:
    """Type ``query``; returns the result groups (one per page, its links) and the
    milliseconds until they showed."""
    elapsed = page.evaluate(TYPE_AND_WAIT, query)
    return page.evaluate(READ_RESULTS), elapsed


def site_path(href: str, site_url: str, lang: str) -> str:
    """``http://host/ko/projects/x/?h=…#s`` → ``projects/x/#s``."""
    parts = urlsplit(href)
    prefix = urlsplit(f"{site_url}{lang}/").path
    path = parts.path[len(prefix) :] if parts.path.startswith(prefix) else parts.path
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def rank_of(expected: str, groups: list[list[dict]], site_url: str, lang: str) -> int | None:
    """1-based rank of the result group that holds ``expected`` (a page, or page#anchor),
    or None."""
    for rank, group in enumerate(groups, start=1):
        for link in group:
            found = site_path(link["href"], site_url, lang)
            if found == expected or ("#" not in expected and found.split("#")[0] == expected):
                return rank
    return None


def evaluate(page, site_url: str, lang: str, queries: list[dict]) -> list[dict]:
    """Run every query; one row per query with its rank, time and first results."""
    rows = []
    for item in queries:
        groups, elapsed = run_query(page, str(item["query"]))
        rank = rank_of(item["expect"], groups, site_url, lang)
        rows.append({**item, "rank": rank, "ms": elapsed, "groups": groups})
    return rows


def misses(rows: list[dict]) -> list[str]:
    out = []
    for row in rows:
        if row["rank"] is None or row["rank"] > TOP:
            top = [group[0]["title"] for group in row["groups"][:TOP] if group]
            out.append(f"{row['query']!r} → {row['expect']} (rank {row['rank']}; top: {top})")
    return out


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_query_finds_its_page_in_the_top_three(page, site_url: str, lang: str) -> None:
    open_search(page, site_url, lang)
    rows = evaluate(page, site_url, lang, load_queries()[lang])
    assert not misses(rows), "\n".join(misses(rows))


def test_results_show_title_readable_snippet_and_highlight(page, site_url: str) -> None:
    open_search(page, site_url, "ko")
    groups, _ = run_query(page, "병원")
    first = groups[0][0]
    assert "카라간다 대학병원 사업" in first["title"]
    # the word holding the match is marked, and the snippet is the page's own sentence
    assert "<mark>대학병원을</mark>" in first["html"]
    assert "카라간다에 대학병원을 짓는" in first["html"].replace("<mark>", "").replace(
        "</mark>", ""
    )
    assert "\u200b" not in first["html"]


def test_a_query_with_a_particle_finds_what_stock_search_misses(page, site_url: str) -> None:
    # the page says 희토류 and 희토류가, never 희토류를
    open_search(page, site_url, "ko")
    groups, _ = run_query(page, "희토류를")
    assert rank_of("projects/rare-earths-cooperation/", groups, site_url, "ko") == 1
    assert "<mark>희토류</mark>" in groups[0][0]["html"]


def test_korean_name_finds_the_record_on_the_english_site(page, site_url: str) -> None:
    open_search(page, site_url, "en")
    groups, _ = run_query(page, "삼룩카즈나")
    assert rank_of("organizations/#samruk-kazyna", groups, site_url, "en") == 1
    assert groups[0][0]["title"].startswith("Organizations")  # the record shows under its page
