"""The built site, as a reader of each language sees it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from briefing.commands.check import run_check
from briefing.pipeline import Paths, build

LANGS = ("ko", "en")


def read(paths: Paths, lang: str, url: str) -> str:
    return (paths.site_dir / lang / url / "index.html").read_text(encoding="utf-8")


def records(paths: Paths, name: str) -> list[dict]:
    raw = yaml.safe_load((paths.root / "data" / f"{name}.yaml").read_text(encoding="utf-8"))
    return raw[name]


@pytest.mark.parametrize("lang", LANGS)
def test_every_project_and_event_has_a_page(built: Paths, lang: str) -> None:
    for project in records(built, "projects"):
        html = read(built, lang, f"projects/{project['id']}")
        assert project["name"][lang] in html.replace("&amp;", "&")
    for event in records(built, "events"):
        html = read(built, lang, f"events/{event['id']}")
        assert event["title"][lang] in html.replace("&amp;", "&")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict] = []
        self.html_lang = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang", "")
        if tag in ("a", "link"):
            self.links.append({"tag": tag, **attrs})


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("lang,other", [("ko", "en"), ("en", "ko")])
def test_switcher_lands_on_the_same_project(built: Paths, lang: str, other: str) -> None:
    page = parse(read(built, lang, "projects/hyundai-almaty-plant"))
    assert page.html_lang == lang
    switch = [a for a in page.links if a["tag"] == "a" and a.get("hreflang") == other]
    assert switch, "no language switcher link"
    assert switch[0]["href"] == f"../../../{other}/projects/hyundai-almaty-plant/"
    target = (
        built.site_dir
        / lang
        / "projects"
        / "hyundai-almaty-plant"
        / switch[0]["href"]
        / "index.html"
    )
    assert parse(target.read_text(encoding="utf-8")).html_lang == other


@pytest.mark.parametrize("lang", LANGS)
def test_pages_have_hreflang_canonical_and_as_of(built: Paths, lang: str) -> None:
    for url in (
        "",
        "timeline",
        "projects",
        "organizations",
        "sources",
        "about",
        "events/state-visit-2021",
    ):
        html = read(built, lang, url)
        links = parse(html).links
        alternates = {
            link["hreflang"]: link["href"]
            for link in links
            if link["tag"] == "link" and link.get("rel") == "alternate" and "hreflang" in link
        }
        suffix = f"{url}/" if url else ""
        assert alternates["ko"].endswith(f"/ko/{suffix}") and alternates["en"].endswith(
            f"/en/{suffix}"
        )
        assert any(
            link.get("rel") == "canonical" and link["href"].endswith(f"/{lang}/{suffix}")
            for link in links
        )
        assert 'class="kz-as-of"' in html


def test_amounts_and_dates_follow_each_locale(built: Paths) -> None:
    ko = read(built, "ko", "projects/shymkent-new-city")
    en = read(built, "en", "projects/shymkent-new-city")
    assert "13억 5,000만 달러" in ko
    assert "$1.35 billion" in en
    ko_event = read(built, "ko", "events/working-group-1-2019")
    en_event = read(built, "en", "events/working-group-1-2019")
    assert "2019년 9월 27일" in ko_event
    assert "27 September 2019" in en_event
    assert "누르술탄" in ko_event and "Nur-Sultan" in en_event  # the capital's name on that date
    assert re.search(r"약 1억 달러", read(built, "ko", "projects/earth-observation-satellite"))
    assert "about $100 million" in read(built, "en", "projects/earth-observation-satellite")


def test_language_chooser_links_both_languages(built: Paths) -> None:
    chooser = parse((built.site_dir / "index.html").read_text(encoding="utf-8"))
    hrefs = {a["href"] for a in chooser.links if a["tag"] == "a"}
    assert {"ko/", "en/"} <= hrefs
    assert (built.site_dir / "ko" / "search" / "search_index.json").exists()
    assert (built.site_dir / "en" / "search" / "search_index.json").exists()


@pytest.mark.build  # the engine finds it
def test_a_broken_link_in_a_narrative_stops_the_build(project) -> None:
    from briefing.diagnostics import InputError
    from briefing.engine import EngineError

    paths = Paths(project)
    page = project / "content" / "en" / "about.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee [the plan](projects/no-such-project.md).\n",
        encoding="utf-8",
    )
    with pytest.raises((EngineError, InputError)) as caught:
        build(paths)
    assert "no-such-project" in str(caught.value)
    assert not paths.site_dir.exists()


def test_korean_headings_get_korean_anchors(built: Paths) -> None:
    # the toc extension's default slug drops Hangul, which left ids like "_1"
    about = (built.site_dir / "ko" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'id="다루는-범위"' in about and 'id="_1"' not in about


def test_the_checker_knows_korean_anchors(project) -> None:
    index = project / "content" / "ko" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "\n[다루는 범위](about.md#다루는-범위), [예전 앵커](about.md#_1)\n",
        encoding="utf-8",
    )
    anchors = [d.message for d in run_check(project) if "anchor" in d.message]
    assert anchors == ["anchor '#_1' does not exist on about.md"]


def corrections(html: str) -> _Links:
    """The links of the page's corrections note (theme/overrides/partials/corrections.html)."""
    found = re.search(r'<aside class="kz-corrections".*?</aside>', html, re.S)
    return parse(found.group(0) if found else "")


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_says_where_to_send_a_correction(built: Paths, lang: str) -> None:
    config = yaml.safe_load((built.root / "briefing.yml").read_text(encoding="utf-8"))
    repository, branch = config["repository"], config["branch"]
    pages = sorted((built.site_dir / lang).rglob("index.html"))
    assert len(pages) > 40
    for path in pages:
        links = [a["href"] for a in corrections(path.read_text(encoding="utf-8")).links]
        assert any(href.startswith(f"mailto:{config['contact']}?subject=") for href in links), path
    # the editors' own pages: their Markdown file in the repository's editor
    for page in (built.root / "content" / lang).rglob("*.md"):
        source = page.relative_to(built.root).as_posix()
        url = page.relative_to(built.root / "content" / lang).as_posix().removesuffix(".md")
        url = "" if url == "index" else url
        links = [a["href"] for a in corrections(read(built, lang, url)).links]
        assert f"{repository}/edit/{branch}/{source}" in links, url
    # records: their data file at the line the record starts on
    for kind, page_dir in (("projects", "projects"), ("events", "events")):
        lines = (built.root / "data" / f"{kind}.yaml").read_text(encoding="utf-8").splitlines()
        for record in records(built, kind):
            links = [
                a["href"]
                for a in corrections(read(built, lang, f"{page_dir}/{record['id']}")).links
            ]
            line = next(
                n for n, text in enumerate(lines, 1) if text.strip() == f"- id: {record['id']}"
            )
            assert f"{repository}/blob/{branch}/data/{kind}.yaml#L{line}" in links, record["id"]
