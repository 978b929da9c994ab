"""Links typed slightly wrong and indented paragraphs: what the checker says, against what
the site's own Markdown (Python-Markdown with mkdocs.yml's extensions) publishes.

The checker reads pages with markdown-it; each slip it reports must be one the site
really publishes wrong: as literal text, as a code block, or as a link to an address
with a space or a line break in it (no valid address, and one that markdown-it, hence
the checker, does not see as a link at all). Text that only looks close must pass, and
be published as the editor meant.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from briefing.engine.markdown import markdown_settings
from briefing.inputs.content import ContentPage
from briefing.inputs.markdown_checks import INDENTED_BLOCK, PageChecker, Records, _parser
from briefing.inputs.markdown_slips import link_slips
from briefing.views.urls import heading_slug

ROOT = Path(__file__).resolve().parents[2]


def site_html(text: str) -> str:
    """What the site makes of ``text``: the Markdown dialect of mkdocs.yml."""
    names, configs = markdown_settings(ROOT, heading_slug)
    return markdown.markdown(text, extensions=names, extension_configs=configs)


def check_body(body: str, path: str = "about.md") -> list[str]:
    """The checker's messages on a page with ``body``."""
    page = ContentPage(path, "en", f"content/en/{path}", {"title": "T"}, body, 6)
    return [d.message for d in PageChecker(page, {}, Records(), ROOT / "content").run()]


def slips(text: str) -> list[str]:
    """What the checker says of links typed wrong in ``text``."""
    found = {
        slip.message
        for token in _parser().parse(text)
        if token.type == "inline"
        for slip in link_slips(token.children or [])
    }
    return [message for message in check_body(text) if message in found]


def links(html: str) -> list[tuple[str, str]]:
    """(address, text) of every link in ``html``."""
    return re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)


def working_links(html: str) -> list[tuple[str, str]]:
    return [(href, text) for href, text in links(html) if not re.search(r"\s", href)]


# (page text, the start of the one message, the text the editor meant as a link)
SLIPS = [
    (
        "회담 [정상회담](summit-2021.md 이후",
        "link '[정상회담](summit-2021.md' is not closed",
        "정상회담",
    ),
    (
        "[정상회담](summit-2021.md은 8월에 열렸다.",
        "link '[정상회담](summit-2021.md' is not closed",
        "정상회담",
    ),
    (
        "[정상회담](summit-2021.md은 8월 ([K](../sources.md#k))",
        "link '[정상회담](summit-2021.md' is not closed",
        "정상회담",
    ),
    (
        "[정상회담](summit-2021.md\n다음 줄)",
        "link '[정상회담](summit-2021.md' is not closed",
        "정상회담",
    ),
    (
        "끝에 [정상회담](summit-2021.md",
        "link '[정상회담](summit-2021.md' is not closed",
        "정상회담",
    ),
    ("[정상회담] (summit-2021.md) 이후", "'[정상회담] (summit-2021.md)' is not a link", "정상회담"),
    ("[정상회담(summit-2021.md) 이후", "'[정상회담(summit-2021.md)' is not a link", "정상회담"),
    ("(summit-2021.md)[정상회담] 이후", "'(summit-2021.md)[정상회담]' is not a link", "정상회담"),
    ("[x](https://example.com/a b) y", "link address 'https://example.com/a b' contains", "x"),
    ("see [x](../sources.md#a b) y", "link address '../sources.md#a b' contains a space", "x"),
    ("![plant] (plant.jpg)", "'[plant] (plant.jpg)' is not a link", "plant"),
]


@pytest.mark.parametrize("text, message, label", SLIPS)
def test_a_slip_is_reported_and_the_site_publishes_it_broken(
    text: str, message: str, label: str
) -> None:
    found = slips(text)
    assert len(found) == 1 and found[0].startswith(message), found
    # on the site, the text meant as a link is no link to a working address either: it is
    # literal text, or a link to an address with a space or a line break
    html = site_html(text)
    assert label in html
    assert not [link for link in working_links(html) if link[1] == label], html


# Brackets and parentheses that are not meant as links, or links written right.
FINE = [
    "a [sic] (b) c",
    "양극재 전구체 [2차전지 소재] (잠정) 사업",
    "[정상회담](summit-2021.md)은 8월에 열렸다.",
    "[a]( b.md )",
    '[a](b.md "title")',
    "x `[a](b.md` y",
    "\\[a\\](b.md c)",
    "[a](b.md)(c)",
    "자세한 내용 [1] 참조 (2019년)",
]


@pytest.mark.parametrize("text", FINE)
def test_text_that_only_looks_close_passes(text: str) -> None:
    assert slips(text) == []
    html = site_html(text)
    assert len(working_links(html)) == len(links(html)), html


INDENTED = [
    "    Indented with four spaces ([Newspim](../sources.md#newspim-2019-09-27))",
    "\tIndented with a tab.",
    "Intro.\n\n     Five spaces after a blank line.",
    "## Heading\n\n    A paragraph under it.",
]


@pytest.mark.parametrize("text", INDENTED)
def test_an_indented_paragraph_is_reported_and_the_site_shows_it_as_code(text: str) -> None:
    assert INDENTED_BLOCK in check_body(text)
    assert "<pre><code>" in site_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "- item\n\n    continued in the item",
        "Text\n    that goes on, indented",
        "```\nfenced code\n```",
        "1. first\n\n    more of the first",
    ],
)
def test_indented_text_that_belongs_to_a_list_or_paragraph_passes(text: str) -> None:
    assert INDENTED_BLOCK not in check_body(text)
    assert "<pre><code>" not in site_html(text) or text.startswith("```")


def test_the_real_pages_have_no_slips() -> None:
    for page in sorted((ROOT / "content").rglob("*.md")):
        body = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        assert slips(body) == [], page
        assert "<pre><code>" not in site_html(body), page
