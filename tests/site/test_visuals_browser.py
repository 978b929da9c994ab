"""Pictures and open data in a real browser, in both languages.

The timeline, map and charts must draw, every mark must lead to the record it
stands for, and the downloads must parse (JSON against its schema, CSV with
Python's csv module) with every record in them.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import defaultdict

import jsonschema
import pytest

from briefing.inputs.dataset import read_dataset
from briefing.model import Dataset
from briefing.pipeline import Paths

LANGS = ("ko", "en")


@pytest.fixture(scope="module")
def data(built: Paths) -> Dataset:
    dataset, _ = read_dataset(built.data_dir, built.root)
    return dataset


def absolute(site_url: str, lang: str, path: str) -> str:
    return f"{site_url}{lang}/{path}"


def hrefs(page, selector: str) -> list[tuple[str, str]]:
    """(resolved href, a data-* key) of every element matching ``selector``."""
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => [new URL(e.getAttribute('href'), document.baseURI).href, e.dataset.event || e.dataset.place || ''])",
    )


@pytest.mark.parametrize("lang", LANGS)
def test_visual_timeline_draws_every_event_and_links_each_to_its_page(page, site_url: str, data: Dataset, lang: str) -> None:
    page.goto(absolute(site_url, lang, ""))
    figure = page.locator("#timeline-figure")
    box = figure.locator("svg.kz-vtl__svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 60

    marks = hrefs(page, "#timeline-figure svg a.kz-vtl__mark")
    assert sorted(e for _, e in marks) == sorted(data.events)
    for href, event_id in marks:
        assert href == absolute(site_url, lang, f"events/{event_id}/")
    anchors = page.eval_on_selector_all("#timeline-figure a.kz-vtl__mark--anchor", "els => els.map(e => e.dataset.event)")
    assert sorted(anchors) == sorted(e.id for e in data.anchors())
    # the anchors are drawn larger than the other events
    radii = page.eval_on_selector_all("#timeline-figure a.kz-vtl__mark circle", "els => els.map(c => [c.parentElement.dataset.event, c.r.baseVal.value])")
    anchor_r = min(r for e, r in radii if data.events[e].anchor)
    assert all(r < anchor_r for e, r in radii if not data.events[e].anchor)

    # the list: an <ol> with <time datetime>, sub-events nested in their parent's item
    items = hrefs(page, "#timeline-figure ol.kz-vtl__list li > a")
    listed = page.eval_on_selector_all("#timeline-figure ol.kz-vtl__list li", "els => els.map(e => e.dataset.event)")
    assert sorted(listed) == sorted(data.events)
    assert all(href.endswith("/") and "/events/" in href for href, _ in items)
    for event in data.events.values():
        item = page.locator(f'#timeline-figure ol.kz-vtl__list li[data-event="{event.id}"]')
        assert item.locator("> time").get_attribute("datetime") == event.start.iso()
        assert item.locator("> a").inner_text() == event.title[lang]
        if event.parent:
            parent_item = page.locator(f'#timeline-figure ol.kz-vtl__list > li[data-event="{event.parent}"]')
            assert parent_item.locator(f'ol.kz-vtl__sub > li[data-event="{event.id}"]').count() == 1


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_item_click_opens_the_event(page, site_url: str, data: Dataset, lang: str) -> None:
    anchor = data.anchors()[-1]
    page.goto(absolute(site_url, lang, ""))
    page.locator(f'#timeline-figure svg a[data-event="{anchor.id}"] circle').click()
    page.wait_for_url(absolute(site_url, lang, f"events/{anchor.id}/"))
    assert anchor.title[lang] in page.locator("h1").inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_map_has_a_marker_per_site_in_kazakhstan_linking_to_its_projects(page, site_url: str, data: Dataset, lang: str) -> None:
    by_place: dict[str, list[str]] = defaultdict(list)
    for project in data.projects.values():
        if project.location:
            by_place[project.location].append(project.id)
    in_kz = {p for p in by_place if data.places[p].country == "KZ"}
    page.goto(absolute(site_url, lang, ""))
    svg = page.locator("#map-figure svg.kz-map__svg")
    assert svg.locator("path.kz-map__land").get_attribute("d").count("M") >= 1
    frame = svg.bounding_box()
    assert frame and frame["width"] > 300

    markers = hrefs(page, "#map-figure svg a.kz-map__marker")
    assert sorted(p for _, p in markers) == sorted(in_kz)
    for href, place_id in markers:
        marker = svg.locator(f'a[data-place="{place_id}"]')
        assert marker.locator("text.kz-map__label").text_content() == data.places[place_id].name[lang]
        dot = marker.locator("circle").bounding_box()
        assert dot and frame["x"] <= dot["x"] <= frame["x"] + frame["width"] and frame["y"] <= dot["y"] <= frame["y"] + frame["height"]
        projects = by_place[place_id]
        if len(projects) == 1:
            assert href == absolute(site_url, lang, f"projects/{projects[0]}/")
        else:  # several projects: the marker leads to their list under the map
            assert href == absolute(site_url, lang, f"#map-{place_id}")
            row = page.locator(f"#map-{place_id}")
            listed = sorted(h.rstrip("/").rsplit("/", 1)[-1] for h, _ in hrefs(page, f"#map-{place_id} a"))
            assert listed == sorted(projects)
            assert row.locator("th").inner_text() == data.places[place_id].name[lang]

    # places abroad (Seoul) are listed beside the map, not drawn on it
    abroad = {p for p in by_place if p not in in_kz}
    assert {p for _, p in hrefs(page, "#map-figure .kz-map__aside li")} == abroad


@pytest.mark.parametrize("lang", LANGS)
def test_map_marker_for_several_projects_shows_their_list(page, site_url: str, data: Dataset, lang: str) -> None:
    counts: dict[str, int] = defaultdict(int)
    for project in data.projects.values():
        if project.location and data.places[project.location].country == "KZ":
            counts[project.location] += 1
    place_id = max(counts, key=counts.get)
    page.goto(absolute(site_url, lang, ""))
    page.locator(f'#map-figure svg a[data-place="{place_id}"] circle').click()
    assert page.url.endswith(f"#map-{place_id}")
    assert page.locator(f"#map-{place_id}").is_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_charts_show_each_projects_own_figure(page, site_url: str, data: Dataset, lang: str) -> None:
    """One bar per project and figure, of one kind and currency, drawn to scale: nothing added up."""
    sizes = {p.id: a for p in data.projects.values() for a in p.amounts if a.kind == "project-size" and a.currency == "USD"}
    page.goto(absolute(site_url, lang, ""))
    chart = page.locator("#chart-project-size-usd")
    assert chart.is_visible()
    rows = chart.locator("tbody tr")
    assert rows.count() == len(sizes)
    widths = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        project_id = row.get_attribute("data-project")
        assert float(row.locator(".kz-chart__amount").get_attribute("data-value")) == sizes[project_id].value
        linked = {h.rstrip("/").rsplit("/", 1)[-1] for h, _ in hrefs(page, f'#chart-project-size-usd tr[data-project="{project_id}"] th a')}
        assert linked == {project_id}
        widths[project_id] = row.locator("svg.kz-chart__bar rect").bounding_box()["width"]
    largest = max(sizes, key=lambda p: sizes[p].value)
    for project_id, width in widths.items():  # bars are drawn to scale
        assert width == pytest.approx(widths[largest] * sizes[project_id].value / sizes[largest].value, rel=0.02, abs=1)


@pytest.mark.parametrize("lang", LANGS)
def test_visuals_fit_a_phone(browser, site_url: str, data: Dataset, lang: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(absolute(site_url, lang, ""))
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for selector in ("#timeline-figure ol.kz-vtl__list", "#map-figure svg", "#chart-project-size-usd"):
            box = page.locator(selector).bounding_box()
            assert box and box["width"] <= 360 and box["height"] > 50, selector
        label = page.locator("#map-figure text.kz-map__label").first
        assert label.evaluate("t => t.getBoundingClientRect().height") >= 9  # still legible when scaled down
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_parse_and_hold_every_record(page, site_url: str, data: Dataset, lang: str) -> None:
    page.goto(absolute(site_url, lang, "downloads/"))
    links = dict(page.eval_on_selector_all("article a[download]", "els => els.map(a => [a.textContent.trim(), a.href])"))
    schema_links = dict(page.eval_on_selector_all("article td a[href$='.schema.json']", "els => els.map(a => [a.textContent.trim(), a.href])"))
    for kind in ("projects", "events"):
        document = json.loads(page.request.get(links[f"{kind}.json"]).text())
        schema = json.loads(page.request.get(schema_links[f"{kind}.schema.json"]).text())
        jsonschema.validate(document, schema)
        assert [r["id"] for r in document[kind]] == list(getattr(data, kind))

    response = page.request.get(links["projects.csv"])
    raw = response.body()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads Korean correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert sorted(r[0] for r in body) == sorted(data.projects)
    sector = header.index("분야" if lang == "ko" else "Sector")
    for row in body:
        project = data.projects[row[0]]
        assert row[sector] != project.sector  # a label, not a code
        assert row[header.index("사업" if lang == "ko" else "Project")] == project.name[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_feed_lists_every_project_and_event(page, site_url: str, data: Dataset, lang: str) -> None:
    response = page.request.get(absolute(site_url, lang, "feed.xml"))
    assert response.ok
    root = ET.fromstring(response.body())
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == len(data.projects) + len(data.events)
    updated = [e.find(f"{atom}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    ids = {e.find(f"{atom}id").text.rstrip("/").rsplit("/", 2)[-2:][1] for e in entries}
    assert ids == set(data.projects) | set(data.events)


@pytest.mark.parametrize("lang", LANGS)
def test_event_page_has_json_ld_and_a_cite_block(page, site_url: str, data: Dataset, lang: str) -> None:
    event = next(e for e in data.events.values() if e.parent)
    page.goto(absolute(site_url, lang, f"events/{event.id}/"))
    doc = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert doc["@type"] == "Event" and doc["startDate"] == event.start.iso() and doc["name"] == event.title[lang]
    assert doc["superEvent"]["@id"].endswith(f"/{lang}/events/{event.parent}/")
    cite = page.locator("#cite")
    # folded: on a short record the block outweighed the record; a click opens it
    assert cite.get_attribute("open") is None and not cite.locator(".kz-cite-block__text").first.is_visible()
    cite.locator("summary").click()
    assert cite.locator(".kz-cite-block__text").first.is_visible()
    assert cite.locator(".kz-cite-block__permalink a").get_attribute("href").endswith(f"/{lang}/events/{event.id}/")
    styles = cite.locator(".kz-cite-block__text")
    assert sorted(styles.nth(i).get_attribute("lang") for i in range(styles.count())) == ["en", "ko"]
    assert event.title["ko"] in cite.locator('.kz-cite-block__text[lang="ko"]').inner_text()
    assert event.title["en"] in cite.locator('.kz-cite-block__text[lang="en"]').inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_project_page_cites_and_links_to_downloads(page, site_url: str, lang: str) -> None:
    page.goto(absolute(site_url, lang, "projects/turkistan-highway/"))
    cite = page.locator("#cite")
    assert cite.locator(".kz-cite-block__permalink a").get_attribute("href").endswith(f"/{lang}/projects/turkistan-highway/")
    data_links = cite.locator("a[download]")
    for i in range(data_links.count()):
        assert page.request.get(data_links.nth(i).evaluate("a => a.href")).ok
    page.goto(absolute(site_url, lang, "downloads/"))
    doc = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert doc["@type"] == "Dataset"
    for download in doc["distribution"]:
        # published addresses: the same path must exist in the local build
        path = download["contentUrl"].split(f"/{lang}/", 1)[1]
        assert page.request.get(absolute(site_url, lang, path)).ok
