"""The site in a real browser (Debian's Chromium via Playwright), used as readers use it.

One session-built site and one browser serve every test (fixtures in conftest.py).
"""

from __future__ import annotations

import io
import unicodedata

import pytest
import yaml
from pypdf import PdfReader

from briefing.model import PartialDate
from briefing.views import labels
from briefing.views.formatting import format_date
from briefing.views.i18n import load_language
from tests.helpers import LANGS, PAGE_TYPES

DESKTOP = {"width": 1280, "height": 800}


def watch(page) -> list[str]:
    """Collect console errors, script errors, failed requests and HTTP errors of ``page``."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    return problems


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
@pytest.mark.parametrize("lang", LANGS)
def test_page_loads_without_errors(page, site_url: str, lang: str, kind: str) -> None:
    problems = watch(page)
    page.goto(f"{site_url}{lang}/{PAGE_TYPES[kind]}", wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1 and page.locator("h1").inner_text().strip()
    assert problems == []


# -- language switcher ---------------------------------------------------------
RECORDS = {"event": ("events", "title"), "project": ("projects", "name")}


def record_name(built, kind: str, lang: str) -> str:
    """The name, in ``lang``, of the record shown by PAGE_TYPES[kind]."""
    name, field = RECORDS[kind]
    record_id = PAGE_TYPES[kind].rstrip("/").rsplit("/", 1)[1]
    records = yaml.safe_load((built.root / "data" / f"{name}.yaml").read_text(encoding="utf-8"))[
        name
    ]
    return next(r[field][lang] for r in records if r["id"] == record_id)


def title(page) -> str:
    return page.locator("h1").inner_text().removesuffix("¶").strip()


@pytest.mark.parametrize("lang,other", [("ko", "en"), ("en", "ko")])
@pytest.mark.parametrize("kind", ["event", "project"])
def test_switcher_lands_on_the_same_record(
    page, site_url: str, built, lang: str, other: str, kind: str
) -> None:
    page.goto(f"{site_url}{lang}/{PAGE_TYPES[kind]}")
    assert title(page) == record_name(built, kind, lang)
    page.locator("a.kz-switch__link").click()
    page.wait_for_url(f"{site_url}{other}/{PAGE_TYPES[kind]}")
    assert page.locator("html").get_attribute("lang") == other
    assert title(page) == record_name(built, kind, other)


@pytest.mark.parametrize("lang,other", [("ko", "en"), ("en", "ko")])
def test_switcher_keeps_the_reader_on_the_same_entry_and_filters(
    page, site_url: str, lang: str, other: str
) -> None:
    page.goto(f"{site_url}{lang}/organizations/#kita")
    page.locator("a.kz-switch__link").click()
    page.wait_for_url(f"{site_url}{other}/organizations/#kita")
    assert page.locator("#kita").is_visible()

    page.goto(f"{site_url}{lang}/projects/")
    sector = first_sector_that_filters(page)
    page.locator("#filter-sector").select_option(sector)
    page.locator("a.kz-switch__link").click()
    page.wait_for_url(f"{site_url}{other}/projects/?sector={sector}")
    assert page.locator("#filter-sector").input_value() == sector
    assert all(s == sector for s in visible_rows(page, "sector"))


# -- projects index --------------------------------------------------------------
def rows(page):
    return page.locator("#projects-table tbody tr")


def visible_rows(page, field: str) -> list[str]:
    return page.eval_on_selector_all(
        "#projects-table tbody tr:not([hidden])", f"rows => rows.map(r => r.dataset.{field})"
    )


def first_sector_that_filters(page) -> str:
    """A sector that some but not all projects have (so filtering by it is visible)."""
    sectors = page.eval_on_selector_all(
        "#projects-table tbody tr", "rows => rows.map(r => r.dataset.sector)"
    )
    return next(s for s in sectors if 0 < sectors.count(s) < len(sectors))


@pytest.mark.parametrize("lang", LANGS)
def test_projects_filter_by_sector_status_and_event_with_state_in_the_url(
    page, site_url: str, lang: str
) -> None:
    url = f"{site_url}{lang}/projects/"
    page.goto(url)
    total = rows(page).count()
    assert total > 3
    status_line = page.locator("#project-filters [role=status]")

    sector = first_sector_that_filters(page)
    page.get_by_label(
        page.locator("#project-filters").get_attribute("data-label-sector")
    ).select_option(sector)
    shown = visible_rows(page, "sector")
    assert 0 < len(shown) < total and set(shown) == {sector}
    assert page.url == f"{url}?sector={sector}"
    assert str(len(shown)) in status_line.inner_text() and str(total) in status_line.inner_text()

    page.locator("#filter-sector").select_option("")
    statuses = page.eval_on_selector_all(
        "#projects-table tbody tr", "rows => rows.map(r => r.dataset.status)"
    )
    status = next(s for s in statuses if 0 < statuses.count(s) < total)
    page.locator("#filter-status").select_option(status)
    assert set(visible_rows(page, "status")) == {status}
    assert page.url == f"{url}?status={status}"

    page.locator("#filter-status").select_option("")
    event = page.locator("#filter-event option").nth(1).get_attribute("value")
    page.locator("#filter-event").select_option(event)
    assert all(event in events.split() for events in visible_rows(page, "events"))
    assert 0 < len(visible_rows(page, "events")) < total

    # the shared address opens the same view
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    assert page.locator("#filter-event").input_value() == event
    assert all(event in events.split() for events in visible_rows(page, "events"))


@pytest.mark.parametrize("lang", LANGS)
def test_projects_sort_by_figure_and_name(page, site_url: str, lang: str) -> None:
    page.goto(f"{site_url}{lang}/projects/")
    figure = page.locator("#projects-table thead th").nth(3)
    figure.get_by_role("button").click()
    assert figure.get_attribute("aria-sort") == "ascending"
    values = page.eval_on_selector_all(
        "#projects-table tbody tr",
        "rows => rows.map(r => parseFloat(r.cells[3].dataset.value || '-1'))",
    )
    assert values == sorted(values) and values[0] < values[-1]
    figure.get_by_role("button").click()
    assert figure.get_attribute("aria-sort") == "descending"
    values = page.eval_on_selector_all(
        "#projects-table tbody tr",
        "rows => rows.map(r => parseFloat(r.cells[3].dataset.value || '-1'))",
    )
    assert values == sorted(values, reverse=True)

    name = page.locator("#projects-table thead th").nth(0)
    name.get_by_role("button").click()
    assert (
        name.get_attribute("aria-sort") == "ascending"
        and figure.get_attribute("aria-sort") == "none"
    )
    names = page.eval_on_selector_all(
        "#projects-table tbody tr",
        "rows => rows.map(r => r.cells[0].querySelector('a').textContent.trim())",
    )
    in_order = page.evaluate(
        "names => names.every((n, i) => i === 0 || "
        "names[i - 1].localeCompare(n, document.documentElement.lang) <= 0)",
        names,
    )
    assert in_order


def pdf_text(page) -> str:
    """The text of ``page`` printed by Chromium (A4 from the print stylesheet), ligatures undone."""
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))


def printed_projects(text: str, names: set[str]) -> list[tuple[str, str]]:
    """(name, the text printed under it, on one line) for each line of ``text`` that is a name."""
    lines = [line.strip() for line in text.splitlines()]
    starts = [i for i, line in enumerate(lines) if line in names]
    ends = [*starts[1:], len(lines)]
    return [(lines[i], " ".join(lines[i + 1 : end])) for i, end in zip(starts, ends, strict=True)]


LISTED = """rows => rows.map(r => ({
  id: r.id, sector: r.dataset.sector, status: r.dataset.status,
  name: r.cells[0].querySelector("a").textContent.trim(), label: r.cells[4].textContent.trim()}))"""


@pytest.mark.parametrize("lang", LANGS)
def test_printing_a_filtered_list_gives_those_projects_with_their_facts(
    page, browser, site_url: str, built, lang: str
) -> None:
    url = f"{site_url}{lang}/projects/"
    page.goto(url)
    listed = page.eval_on_selector_all("#projects-table tbody tr", LISTED)
    # the sector and status that pick the most projects while leaving some out
    pairs = [(r["sector"], r["status"]) for r in listed]
    sector, status = max((p for p in set(pairs) if pairs.count(p) < len(pairs)), key=pairs.count)
    page.locator("#filter-sector").select_option(sector)
    page.locator("#filter-status").select_option(status)
    assert page.url == f"{url}?sector={sector}&status={status}"
    chosen = [r for r in listed if (r["sector"], r["status"]) == (sector, status)]

    # the address opens the same selection in another tab
    other = browser.new_context().new_page()
    try:
        other.goto(page.url)
        assert other.locator("#filter-sector").input_value() == sector
        assert other.locator("#filter-status").input_value() == status
        shown = other.eval_on_selector_all(
            "#projects-table tbody tr:not([hidden])", "rows => rows.map(r => r.id)"
        )
        assert shown == [r["id"] for r in chosen]
    finally:
        other.context.close()

    text = pdf_text(page)
    # exactly the chosen projects, in the order shown
    printed = printed_projects(text, {r["name"] for r in listed})
    assert [name for name, _ in printed] == [r["name"] for r in chosen], text

    # a heading says which selection this is, and the address that opens it again
    language = load_language(lang, built.root)
    _ = language.gettext
    selection = (
        f"{_('Sector')} {_(labels.SECTORS[sector])}, {_('Status')} {_(labels.STATUSES[status])}"
    )
    heading = _("Projects: %(selection)s — %(shown)s of %(total)s") % {
        "selection": selection,
        "shown": len(chosen),
        "total": len(listed),
    }
    assert heading in " ".join(text.split()), text
    assert f"projects/?sector={sector}&status={status}" in text

    # under each name: its status as of its date, each figure's kind and date, a source
    def as_of(date: object) -> str:
        return _("as of %(date)s") % {"date": format_date(PartialDate.parse(str(date)), language)}

    def records(kind: str) -> list[dict]:
        path = built.root / "data" / f"{kind}.yaml"
        return yaml.safe_load(path.read_text(encoding="utf-8"))[kind]

    projects = {p["id"]: p for p in records("projects")}
    outlets = {s["id"]: s["outlet"][lang] for s in records("sources")}
    for (name, facts), row in zip(printed, chosen, strict=True):
        record = projects[row["id"]]
        dated = as_of(record["status"]["as_of"])
        # the list's status cell also says how old the status is: its label comes first
        label = row["label"].split(dated)[0].strip()
        assert f"{label} ({dated})" in facts, (name, facts)
        assert any(outlets[s] in facts for s in record["sources"]), (name, facts)
        amounts = record.get("amounts", [])
        for amount in amounts if isinstance(amounts, list) else []:  # or 'not-reported'
            kind = _(labels.AMOUNT_KINDS[amount["kind"]])
            assert f"{kind}, {as_of(amount['as_of'])}" in facts, (name, facts)


def test_projects_without_javascript_show_the_full_table(browser, site_url: str, built) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}en/projects/?sector=energy")
        assert page.locator("#project-filters").is_hidden()
        shown = page.locator("#projects-table tbody tr:visible").count()
        assert shown == rows(page).count()
        assert shown == len(list((built.site_dir / "en" / "projects").glob("*/index.html")))
        # printing what is shown needs no script either: every project, with its sources
        names = [r["name"] for r in page.eval_on_selector_all("#projects-table tbody tr", LISTED)]
        printed = printed_projects(pdf_text(page), set(names))
        assert [name for name, _ in printed] == names
        assert all("Sources:" in facts for _, facts in printed)
    finally:
        context.close()


# -- keyboard ------------------------------------------------------------------------
FOCUSABLE = ", ".join(
    f"{control}:not([tabindex='-1'])"
    for control in (
        "a[href]",
        "button:not([disabled])",
        "select",
        "input:not([type=hidden]):not([disabled])",
        "textarea",
        "[tabindex]",
    )
)

TAB_STOP = """
async () => {
  // let transitions started by the focus move (Material's search overlay fading out) finish first
  const finite = document.getAnimations()
    .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity);
  await Promise.all(finite.map(a => a.finished.catch(() => null)));
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  if (!el.dataset.kzTab)
    el.dataset.kzTab = String(Object.keys(window.kzSeen = window.kzSeen || {}).length);
  window.kzSeen[el.dataset.kzTab] = true;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== "none";
  const underline = style.textDecorationLine.includes("underline");
  // what is drawn on top at the element's centre and just inside its top edge
  const x = rect.left + rect.width / 2;
  const coveredBy = [rect.top + rect.height / 2, rect.top + 1]
    .map(y => document.elementFromPoint(x, y))
    .filter(hit => hit && !el.contains(hit) && !hit.contains(el)
      && hit.closest(".md-header, .md-tabs"))
    .map(hit => hit.className);
  return {
    id: el.dataset.kzTab, tag: el.tagName,
    text: (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40),
    visibleFocus: outline || ring || underline,
    covered: !el.closest(".md-header, .md-tabs") && coveredBy.length > 0,
  };
}
"""

UNREACHED = """
sel => Array.from(document.querySelectorAll(sel))
  .filter(el => el.checkVisibility({visibilityProperty: true})
    && el.getBoundingClientRect().width > 0 && !el.dataset.kzTab)
  .map(el => el.outerHTML.slice(0, 120))
"""


def tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab until focus comes back to the first stop; the stops, in order."""
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(TAB_STOP)
        if stop is None:
            continue
        if stops and stop["id"] == stops[0]["id"]:
            return stops
        stops.append(stop)
    raise AssertionError(f"focus never came back to the start after {limit} Tab presses")


@pytest.mark.parametrize("kind", ["project", "projects"])
@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_only(browser, site_url: str, lang: str, kind: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{site_url}{lang}/{PAGE_TYPES[kind]}")
        # the skip link comes first, shows itself, and moves the reader to the page's title
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        assert skip.evaluate("el => el.classList.contains('md-skip')")
        assert skip.is_visible() and skip.bounding_box()["width"] > 10
        h1_id = page.locator("h1").get_attribute("id")
        assert skip.get_attribute("href") == f"#{h1_id}"
        page.keyboard.press("Enter")
        # the hash changes as a same-document navigation,
        # which Playwright's page.url learns of later
        page.wait_for_function(
            "id => decodeURIComponent(location.hash.slice(1)) === id", arg=h1_id, timeout=5000
        )
        assert (
            page.locator("h1").bounding_box()["y"]
            >= page.locator(".md-header").bounding_box()["height"]
        )

        page.goto(f"{site_url}{lang}/{PAGE_TYPES[kind]}")
        stops = tab_through(page)
        assert len(stops) > 10
        hidden_focus = [s for s in stops if not s["visibleFocus"]]
        assert hidden_focus == [], "focus not visible on: " + ", ".join(
            f"{s['tag']} {s['text']!r}" for s in hidden_focus
        )
        covered = [s for s in stops if s["covered"]]
        assert covered == [], "focused but under the sticky header: " + ", ".join(
            f"{s['tag']} {s['text']!r}" for s in covered
        )
        assert page.evaluate(UNREACHED, FOCUSABLE) == [], "controls Tab never reaches"

        # backwards too: Shift+Tab scrolls up, where the sticky header could cover the focus
        for _ in range(len(stops) // 2):
            page.keyboard.press("Shift+Tab")
            stop = page.evaluate(TAB_STOP)
            assert not stop["covered"], f"under the sticky header: {stop}"
    finally:
        context.close()


# -- mobile and print -------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_no_horizontal_scrolling_at_360_px(browser, site_url: str, lang: str) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        for kind, path in PAGE_TYPES.items():
            page.goto(f"{site_url}{lang}/{path}")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 360, f"{kind}: page is {width} px wide in a 360 px window"
        # the projects table scrolls inside its own box, which the keyboard can reach
        page.goto(f"{site_url}{lang}/projects/")
        box = page.locator(".kz-table-scroll")
        assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label")
        assert page.locator("#projects-table tbody tr").first.locator("a").first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_print_shows_the_project_without_navigation_or_search(
    page, site_url: str, lang: str
) -> None:
    page.goto(f"{site_url}{lang}/{PAGE_TYPES['project']}")
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    for chrome in (
        ".md-header",
        ".md-tabs",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-search",
        ".kz-switch",
        ".md-footer",
        ".md-skip",
    ):
        assert page.locator(chrome).first.is_hidden(), f"{chrome} is printed"
    assert page.locator("h1").is_visible()
    assert page.locator(".kz-facts__table").is_visible()
