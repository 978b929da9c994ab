"""Every fact a reader sees names its source: the glossary of organizations and people,
the timeline and the home page's cards, measured in the browser.

Each entry (a glossary definition, a timeline item, a card) is matched to its
record, and the citations visible in it must be the record's sources, every one.
"""

from __future__ import annotations

import pytest
import yaml

from tests.helpers import LANGS

# Each entry on the page with the id of its record and the source ids it visibly cites.
# A citation belongs to the innermost entry holding it (a timeline item's own, not its parts').
ENTRIES = """
([selector, kind]) => [...document.querySelectorAll(selector)].map(entry => {
  const id = kind === "glossary"
    ? entry.previousElementSibling.id
    : new URL(entry.querySelector(":scope > a").href).pathname.split("/").filter(Boolean).pop();
  const cited = [...entry.querySelectorAll('a[href*="sources/#"]')]
    .filter(a => a.closest("li, dd") === entry && a.checkVisibility())
    .map(a => decodeURIComponent(new URL(a.href).hash.slice(1)));
  return { id, cited };
})
"""
PAGES = {
    # page: (entries, how to find the record, data files of the records, which records)
    "organizations/": (".kz-glossary dd", "glossary", ("organizations", "people"), "all"),
    "timeline/": (".kz-timeline li", "event", ("events",), "all"),
    "": ("li.kz-anchor", "event", ("events",), "anchors"),
}


def records(built, name: str) -> list[dict]:
    path = built.root / "data" / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))[name]


@pytest.mark.parametrize("path", list(PAGES), ids=["organizations", "timeline", "home"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_fact_shown_cites_its_record_s_sources(
    page, site_url: str, built, lang: str, path: str
) -> None:
    selector, kind, files, which = PAGES[path]
    sources = {
        record["id"]: record["sources"]
        for name in files
        for record in records(built, name)
        if which == "all" or record.get("anchor")
    }
    page.goto(f"{site_url}{lang}/{path}")
    entries = page.evaluate(ENTRIES, [selector, kind])
    assert sorted(entry["id"] for entry in entries) == sorted(sources)
    uncited = {
        entry["id"]: entry["cited"]
        for entry in entries
        if sorted(set(entry["cited"])) != sorted(set(sources[entry["id"]]))
    }
    assert uncited == {}, (
        f"entries whose visible citations are not their record's sources: {uncited}"
    )
