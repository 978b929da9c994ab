"""Blocks of HTML in a page's Markdown, set aside before Python-Markdown and put back after.

The pages rendered from ``data/`` are mostly blocks of HTML (fact tables,
event lists, citations) between Markdown headings. Python-Markdown passes such
blocks through unchanged, but finds them by feeding the whole page to an
``html.parser`` tokenizer, and MkDocs feeds it to another one to collect the
ids it holds: a large part of each language's engine run. A block
that is well-formed HTML, starts a paragraph with a block-level element and
ends at the end of a line comes out of Markdown exactly as it went in, so it
can wait outside: ``set_aside`` puts a placeholder paragraph in its place,
``put_back`` puts it back in the HTML, and ``anchor_ids`` gives MkDocs the ids
it would have collected (links to them are checked). Anything else (comments,
scripts, ``<pre>``, a tag left open, text after a closing tag) stays in the
Markdown for Python-Markdown, as before.
"""

from __future__ import annotations

import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

from briefing.html.scan import ATTRIBUTE_LIST, attributes

_BLANK_LINES = re.compile(r"(\n[ \t]*\n)")
_TAG = re.compile(rf"<(/?)([a-zA-Z][a-zA-Z0-9-]*)({ATTRIBUTE_LIST})\s*(/?)>")
# Where Python-Markdown does more than pass the text through, or a "<" that starts no tag.
_SPECIAL = re.compile(
    r"<(?:!|\?|/?(?:script|style|pre|textarea)\b)|<(?![a-zA-Z/])|</(?![a-zA-Z])", re.IGNORECASE
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_BLOCK_LEVEL = frozenset(BLOCK_LEVEL_ELEMENTS)
PLACEHOLDER_WORD = "KZRAWHTMLBLOCK"
PLACEHOLDER = PLACEHOLDER_WORD + "{}Z"
# In a paragraph of its own; bare where Python-Markdown kept it as text (inside raw HTML around it).
_PLACED = re.compile(r"<p>KZRAWHTMLBLOCK(\d+)Z</p>|KZRAWHTMLBLOCK(\d+)Z")


def _is_whole_block(text: str) -> bool:
    """Well-formed HTML whose every top-level element is block-level and starts and ends a line."""
    if _SPECIAL.search(text):
        return False
    open_tags: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        between = text[position : match.start()]
        if not open_tags and between.strip():
            return False  # text outside any element: Markdown would format it
        closing, tag, self_closing = match.group(1), match.group(2).lower(), match.group(4)
        if not open_tags:
            line_start = match.start() == 0 or text[match.start() - 1] == "\n"
            if closing or tag not in _BLOCK_LEVEL or not line_start or self_closing:
                return False
        if closing:
            if not open_tags or open_tags.pop() != tag:
                return False
            if (
                not open_tags
                and not text.startswith("\n", match.end())
                and match.end() != len(text)
            ):
                return False  # more after the element on its line
        elif tag not in _VOID and not self_closing:
            open_tags.append(tag)
        position = match.end()
    return not open_tags and not text[position:].strip()


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with its whole blocks of HTML replaced by placeholders, and those blocks."""
    blocks: list[str] = []
    if PLACEHOLDER_WORD in markdown:
        return (
            markdown,
            blocks,
        )  # a page that spells a placeholder itself keeps all its HTML in the Markdown
    parts = _BLANK_LINES.split(markdown)  # paragraphs, with the blank lines between them
    for index in range(0, len(parts), 2):
        if parts[index].startswith("<") and _is_whole_block(parts[index]):
            blocks.append(parts[index])
            parts[index] = PLACEHOLDER.format(len(blocks) - 1)
    return "".join(parts), blocks


def put_back(html: str, blocks: list[str]) -> str:
    """The HTML of the page with the blocks back in place of their placeholders."""
    if not blocks:
        return html

    def block(match: re.Match) -> str:
        if match.group(1) is not None:
            # Python-Markdown keeps the newline of the blank line after a block
            # (there always is one)
            return blocks[int(match.group(1))] + "\n"
        return blocks[int(match.group(2))]

    return _PLACED.sub(
        block, html
    ).strip()  # as Python-Markdown strips its output, after putting its blocks back


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ids in the blocks, as MkDocs collects them from raw HTML:
    ``id`` of any element, ``name`` of ``<a>``."""
    ids = set()
    for block in blocks:
        for tag in _TAG.finditer(block):
            for name, value in attributes(tag.group(3)):
                if value is not None and (
                    name == "id" or (name == "name" and tag.group(2).lower() == "a")
                ):
                    ids.add(value)
    return ids
