"""briefing/engine/raw_html.py:
blocks of HTML wait outside Python-Markdown and come back unchanged."""

from __future__ import annotations

import markdown
import pytest

from briefing.engine.raw_html import anchor_ids, put_back, set_aside
from briefing.pipeline import Paths
from briefing.views.urls import heading_slug


def convert(text: str) -> str:
    """What MkDocs's Markdown makes of ``text`` (the extensions of mkdocs.yml)."""
    md = markdown.Markdown(
        extensions=["attr_list", "tables", "toc"],
        extension_configs={"toc": {"permalink": True, "slugify": heading_slug}},
    )
    return md.convert(text)


def convert_set_aside(text: str) -> str:
    text, blocks = set_aside(text)
    return put_back(convert(text), blocks)


def body(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def test_every_staged_real_page_converts_to_the_same_html(built: Paths) -> None:
    pages = sorted((built.cache_dir / "stage").rglob("*.md"))
    assert len(pages) > 80
    set_aside_blocks = 0
    for page in pages:
        text = body(page)
        set_aside_blocks += len(set_aside(text)[1])
        assert convert_set_aside(text) == convert(text), page
    assert set_aside_blocks > 300  # the fact tables, lists and notes of the generated pages


@pytest.mark.parametrize(
    "text",
    [
        '# Title\n\n<p class="a">one</p>\n\n## Next\n\ntext',
        "<div>\n<table>\n<tr><td>a<br>b</td></tr>\n</table>\n</div>\n"
        "<p>right after</p>\n\nMarkdown *after*",
        "<p>a</p>\n\n\n\n<p>b</p>\n",
        "<p>last</p>",
        "<p>text after the element</p> and *Markdown*\n\nmore",
        "<span>inline first</span>\n\n<p>block</p>",
        "<div>\n\n<p>inside a block left open</p>\n\n</div>",
        "<!-- a comment -->\n\n<p>after it</p>\n\n<!--\n\n<p>inside it</p>\n\n-->",
        "<pre>\n  kept\n</pre>\n\n<p>a</p>",
        "<p>unclosed\n\n<p>b</p>",
        "- a list\n\n<ul><li>a raw list</li></ul>\n\n    <p>indented: code</p>",
        "<p>a < b</p>\n\n<p>&amp; &#44032;</p>",
        "<hr>\n\n<p>after a rule</p>",
        "text\n<p>a block under a line of text</p>\n\ntext",
        "<p>a</p>\n \t\n<p>b</p>",
    ],
)
def test_tricky_markdown_converts_to_the_same_html(text: str) -> None:
    assert convert_set_aside(text) == convert(text)


def test_only_whole_blocks_are_set_aside() -> None:
    text, blocks = set_aside("<p>one</p>\n\n<p>open\n\n<p>two</p> tail\n\n<div><p>three</p></div>")
    assert blocks == ["<p>one</p>", "<div><p>three</p></div>"]
    assert "<p>open" in text and "<p>two</p> tail" in text


def test_ids_in_blocks_are_anchors_as_mkdocs_counts_them() -> None:
    blocks = [
        '<dl><dt id="kotra">KOTRA</dt><dd><a name="old">x</a><span name="no">y</span></dd></dl>',
        '<p id="a&amp;b" class="x">z</p>',
    ]
    assert anchor_ids(blocks) == {"kotra", "old", "a&b"}


def test_a_page_that_spells_a_placeholder_keeps_its_html_in_the_markdown() -> None:
    text = "<p>a block</p>\n\nKZRAWHTMLBLOCK0Z and KZRAWHTMLBLOCK7Z in the text\n\n<p>another</p>"
    assert set_aside(text) == (text, [])
    assert convert_set_aside(text) == convert(text)
