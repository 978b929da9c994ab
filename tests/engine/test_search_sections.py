"""briefing/engine/search_index.py:
the index we write is the one Material's search plugin would write, but for a space between
texts that read apart (table cells, terms and definitions), which the plugin runs together."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from material.plugins.search import plugin as material_search

from briefing import engine
from briefing.engine import search_index
from briefing.pipeline import Paths, language_builds


def plugin_sections(content: str) -> list[tuple]:
    parser = material_search.Parser()
    parser.feed(content)
    parser.close()
    return [(s.el.tag, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in parser.data]


# Stands for our word breaks where we compare with the plugin: taken out, the texts must agree.
MARK = "\x00"


def our_sections(content: str) -> list[tuple]:
    """Our sections, without the word breaks the plugin does not make."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "WORD_BREAK", MARK)
        sections = search_index.split_sections(content)
    return [
        (s.tag, s.depth, s.id, s.title, [part for part in s.text if part != MARK], s.excluded)
        for s in sections
    ]


def without_marks(index: dict) -> dict:
    return {
        **index,
        "docs": [{**doc, "text": doc["text"].replace(MARK, "")} for doc in index["docs"]],
    }


def engine_indexes(paths: Paths, out: Path) -> dict[str, list[dict]]:
    """Each language's documents as the engine's build leaves them
    (before ``search.py`` extends them)."""
    indexes = {}
    for build in language_builds(paths, paths.cache_dir / "stage", out):
        engine.build_language(build)
        indexes[build.lang] = json.loads(
            (out / build.lang / "search" / "search_index.json").read_text(encoding="utf-8")
        )
    return indexes


@pytest.fixture(scope="module")
def indexes(built: Paths, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The real pages' index as the plugin writes it (pages left to it) and as we write it;
    the pages that went to html.parser in our build."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "leave_page_to_us", lambda meta: None)
        patch.setattr(search_index.SearchDocuments, "write", lambda self, site_dir: None)
        plugin = engine_indexes(built, tmp_path_factory.mktemp("plugin"))
    fallbacks: list[str] = []
    plugin_parses: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        parsed_tokens = search_index._parsed_tokens
        patch.setattr(
            search_index,
            "_parsed_tokens",
            lambda content: fallbacks.append(content) or parsed_tokens(content),
        )
        patch.setattr(
            material_search.Parser, "feed", lambda self, content: plugin_parses.append(content)
        )
        patch.setattr(search_index, "WORD_BREAK", MARK)
        ours = engine_indexes(built, tmp_path_factory.mktemp("ours"))
    return {"plugin": plugin, "ours": ours, "fallbacks": fallbacks, "plugin_parses": plugin_parses}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_real_page_is_indexed_as_the_plugin_indexes_it(indexes: dict, lang: str) -> None:
    plugin, ours = indexes["plugin"][lang], indexes["ours"][lang]
    assert len(plugin["docs"]) > 200  # every page and section went through it
    breaks = sum(doc["text"].count(MARK) for doc in ours["docs"])
    assert breaks > 200  # every facts table: its labels and values
    # locations, titles and texts, in the same order
    assert without_marks(ours)["docs"] == plugin["docs"]
    assert ours["config"] == plugin["config"]


def test_the_plugin_parses_no_page_and_every_page_takes_the_fast_way(indexes: dict) -> None:
    assert indexes["plugin_parses"] == []
    assert indexes["fallbacks"] == []


@pytest.mark.parametrize(
    "content",
    [
        "",
        "plain text before any tag",
        '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1><p>Intro &amp; more</p>',
        '<h2 id="a">Not first</h2><p>text</p><h3 id="b">Sub</h3><ul><li>one</li><li> </li></ul>',
        '<div><h2 id="nested">In a div</h2><p>inside</p></div><p>after the div</p>',
        "<p>a</p><p> </p><p>\n</p><pre><code>line 1\n  line 2</code></pre>",
        "<div data-search-exclude><p>hidden</p><div>inner</div>shown again</div><p>after</p>",
        '<h1 id="t">Title</h1><h2 id="x" data-search-exclude>Left out</h2><p>its text</p>'
        '<h2 id="y">Kept</h2>',
        '<table class="linenodiv"><tr><td>1</td></tr></table><p>code</p>',
        '<p>break<br>here<br/>and <img src="x.png" alt="a > b"> there</p>',
        "<p title='single' data-x=bare hidden>attributes</p><P CLASS=\"x\">upper</P>",
        "<p>entities: &lt;tag&gt; &#44032; &nbsp; &quot;q&quot;</p>",
        '<h2 id="x">Heading <code>code</code></h2><p>body</p><span/>',
        # outside the simple grammar: read with html.parser
        "<p>a stray < sign</p>",
        '<p>before</p><script>var s = "<p>";</script><p>after</p>',
        "<!-- a comment --><p>text</p>",
        '<p title="a &amp; b" hidden>x &lt; y</p><style>p { }</style><br/><h2 id="s">S</h2>',
    ],
)
def test_edge_cases_are_split_as_the_plugin_splits_them(content: str) -> None:
    assert our_sections(content) == plugin_sections(content)


def test_a_stray_angle_bracket_goes_to_html_parser() -> None:
    assert search_index._tokens("<p>a < b</p>") is None
    assert search_index._tokens('<p class="a>b">x</p>') is not None


def test_a_section_without_a_heading_of_its_own_takes_the_page_title() -> None:
    sections = search_index.split_sections('<p>intro</p><h2 id="more">More</h2><p>R&amp;D</p>')
    assert search_index.documents(sections, "about/", "About us") == [
        {"location": "about/", "title": "About us", "text": "<p>intro</p>"},
        {"location": "about/#more", "title": "More", "text": "<p>R&amp;D</p>"},
    ]


@pytest.mark.parametrize(
    "content,text",
    [
        ("<table><tr><th>Sector</th><td>Industry</td></tr></table>", "Sector Industry"),
        ("<dl><dt>Kind</dt><dd>Summit</dd></dl>", "Kind Summit"),
        ("<td>a</td>\n<td>b</td>", "a b"),  # a space there already: no second one
        ("line<br>break", "line break"),
        ("<svg><a><title>Almaty: 3</title><text>Almaty</text></a></svg>", "Almaty: 3 Almaty"),
        ("<p>one</p><p>two</p>", "<p>one</p><p>two</p>"),  # kept tags stand between them
        ("<p>a <em>b</em>c</p>", "<p>a bc</p>"),  # inline elements join, as in the page
    ],
)
def test_texts_that_read_apart_are_separate_words(content: str, text: str) -> None:
    (section,) = search_index.split_sections(content)
    assert "".join(section.text).strip() == text


@pytest.mark.parametrize(
    "lang,label,value",
    [
        ("en", "Sector", "Industry"),
        ("en", "Name in Korean", "파블로다르 합금철 플랜트"),
        ("ko", "영어 명칭", "Pavlodar ferroalloy plant"),
        ("ko", "분야", "산업"),
    ],
)
def test_a_facts_label_and_its_value_are_separate_words_in_the_index(
    built: Paths, lang: str, label: str, value: str
) -> None:
    index = json.loads(
        (built.site_dir / lang / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    (page,) = [d for d in index["docs"] if d["location"] == "projects/pavlodar-ferroalloy-plant/"]
    assert f"{label} {value}" in page["text"]
    joined = re.compile(r"Name in Korean[가-힣]|영어 명칭[A-Za-z]|SectorIndustry|분야산업")
    assert not [d["location"] for d in index["docs"] if joined.search(d["text"])]
