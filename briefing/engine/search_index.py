"""The search index's documents: written by us, in the format of Material's search plugin.

Material's search plugin stays in ``mkdocs.yml``: it brings the search box,
its worker, and writes ``search/search_index.json`` with the index's
``config`` block. Every page tells it, with the front matter Material
documents (``search: {exclude: true}``), to leave the page alone: its own
``html.parser`` pass cut each page into sections, a large part of each
language's engine run. Instead our plugin hands each page
here: ``split_sections`` reads the page's content (ours, sanitized by nh3:
well-formed tags, quoted attributes, no comments or scripts) with one regular
expression, by the plugin's rules (but for a space between texts that read apart, such as a
table's label and value, which the plugin runs into one word), and after the build
``SearchDocuments``
puts one document per page and per heading (``location``, ``title``,
``text``, as the plugin writes them) into the plugin's index file.
``search.py`` then extends that index as before.

Content outside that simple grammar is read with ``html.parser`` into the
same tokens. A test compares the documents with what the plugin itself makes
of every real page, those spaces aside.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast

from briefing.html.scan import ATTRIBUTE_LIST, attributes

# A tag with its attributes, or the text up to the next "<".
_TOKEN = re.compile(rf"<(/?)([a-zA-Z][^\s/>]*)({ATTRIBUTE_LIST})\s*(/?)>|([^<]+)")
# What the standard tokenizer treats specially: its raw-text elements, comments, declarations.
_OUTSIDE_GRAMMAR = re.compile(r"<(?:script|style|!|\?)", re.IGNORECASE)

# One token: (closing "/" or "", tag, attribute text, self-closing "/" or "", text);
# tag or text is None.
Token = tuple[str, str | None, str | None, str | None, str | None]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements kept as tags in titles and snippets, elements left out with their content,
# and elements without content: the search plugin's lists (Material 9.8).
KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
SKIP = frozenset({"object", "script", "style"})
# Elements whose text reads apart from the text beside them: a table's cells, a term and its
# definition, a line break, a drawing's labels. The plugin joins such texts into one word
# ("SectorIndustry", "Name in Korean파블로다르"), which search then cannot find; we put
# WORD_BREAK between them, and only there (kept elements already stand between their texts).
APART = frozenset(
    "address article aside blockquote br caption dd details div dl dt figcaption figure footer"
    " h1 h2 h3 h4 h5 h6 header hr nav section summary table tbody td tfoot th thead tr"
    " svg text title".split()  # title and text: an SVG drawing's, in a page's body
)
WORD_BREAK = " "
VOID = frozenset(
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


@dataclass
class Section:
    """A heading and the content up to the next one: one search document."""

    tag: str  # h1…h6, or "hx" for content before the first heading
    depth: float  # open elements around the heading; infinity once left
    id: str | None = None  # the heading's anchor; None for the page's first section
    title: list[str] = field(default_factory=list)  # escaped text and kept tags
    text: list[str] = field(default_factory=list)
    excluded: bool = False  # the heading has data-search-exclude


def split_sections(content: str) -> list[Section]:
    """A page's content cut into sections at headings with an id,
    as Material's search plugin cuts it."""
    tokens = None if _OUTSIDE_GRAMMAR.search(content) else _tokens(content)
    return _split(tokens if tokens is not None else _parsed_tokens(content))


def _split(tokens: Iterable[Token]) -> list[Section]:
    """The plugin's rules, quirks included: headings nested in an element end with it, kept
    elements holding only whitespace are dropped, permalinks stay out of titles; but the texts
    of elements that read apart (``APART``) are kept apart by ``WORD_BREAK``."""
    data: list[Section] = []
    tags: list[str] = []  # open elements, innermost last
    headerlink: list[bool] = []  # per open element: is it a permalink <a class="headerlink">
    skip = set(SKIP)
    section = None
    apart = False  # an APART element began or ended since the last text

    def new_preface(depth: int = 0) -> Section:
        preface = Section("hx", depth)
        data.append(preface)
        return preface

    for end, tag, attribute_text, self_closing, text in tokens:
        if text is not None:
            if not skip.isdisjoint(tags):
                continue
            if "&" in text:
                text = html.unescape(text)
            if "pre" not in tags:
                text = " " if text.isspace() else text.replace("\n", " ")
            if section is None:
                section = new_preface()
            if section.tag in tags:
                if not any(headerlink):
                    section.title.append(html.escape(text, quote=False))
            elif text.isspace():
                if not section.text or not section.text[-1].isspace() or "pre" in tags:
                    section.text.append(text)
                    apart = False
            else:
                if apart and section.text and _ends_in_a_word(section.text[-1]):
                    section.text.append(WORD_BREAK)
                section.text.append(html.escape(text, quote=False))
                apart = False
            continue
        assert tag is not None  # a token without text is a tag
        tag = tag.lower()
        apart = apart or tag in APART
        if not end:
            attrs = dict(attributes(attribute_text)) if attribute_text else {}
            if tag in VOID:
                continue  # void elements are not opened, even as "<br/>"
            tags.append(tag)
            headerlink.append(tag == "a" and attrs.get("class") == "headerlink")
            if tag in _HEADINGS and "id" in attrs:
                if tag != "h1" and not data:
                    section = new_preface(len(tags))
                heading = Section(tag, len(tags), excluded="data-search-exclude" in attrs)
                if data:
                    heading.id = attrs["id"]
                data.append(heading)
                section = heading
            if section is None:
                section = new_preface()
            skipped = False
            for key, value in attrs.items():
                if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                    skip.add(tag)
                    skipped = True
                    break
            if not skipped and tag in KEEP and skip.isdisjoint(tags):
                (section.title if section.tag in tags else section.text).append(f"<{tag}>")
            if not self_closing:
                continue
        if not tags or tags[-1] != tag:
            continue
        assert section is not None  # made at the latest when this element opened
        if section.depth > len(tags):
            for earlier in reversed(data):
                if earlier.depth <= len(tags):
                    section.depth = float(
                        "inf"
                    )  # left for good: later text goes to the enclosing section
                    section = earlier
                    break
        tags.pop()
        headerlink.pop()
        if tag in skip:
            if tag not in SKIP:  # script, style and object stay skipped
                skip.remove(tag)
            continue
        if tag in KEEP and skip.isdisjoint(tags):
            parts = section.title if section.tag in tags else section.text
            index = parts.index(f"<{tag}>")
            if all(part.isspace() for part in parts[index + 1 :]):
                del parts[index:]  # an element with nothing but whitespace is dropped
            else:
                parts.append(f"</{tag}>")
    return data


def _ends_in_a_word(part: str) -> bool:
    """Whether a piece of a section's text ends in a word: not a space, not a kept tag
    (text is escaped, so only a tag ends in ">")."""
    return not part[-1:].isspace() and not part.endswith(">")


def _tokens(content: str) -> list[Token] | None:
    """Every tag and run of text of ``content``, or None where a "<" starts no tag."""
    tokens: list[Token] = []
    position = 0
    for match in _TOKEN.finditer(content):
        if match.start() != position:
            return None
        tokens.append(cast(Token, match.groups()))  # the pattern's five groups
        position = match.end()
    return tokens if position == len(content) else None


class _Tokenizer(HTMLParser):
    """The same tokens from any HTML, read with ``html.parser`` (comments are dropped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: str) -> None:
        text = "".join(
            f' {name}="{html.escape(value)}"' if value is not None else f" {name}"
            for name, value in attrs
        )
        self.tokens.append(("", tag, text, self_closing, None))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, "/")

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("/", tag, None, "", None))

    def handle_data(self, data: str) -> None:
        self.tokens.append(
            ("", None, None, "", html.escape(data, quote=False))
        )  # _split unescapes text


def _parsed_tokens(content: str) -> list[Token]:
    tokenizer = _Tokenizer()
    tokenizer.feed(content)
    tokenizer.close()
    return tokenizer.tokens


def documents(sections: list[Section], url: str, page_title: str) -> list[dict]:
    """The index documents of one page's sections, as the plugin writes them
    (at ``url``, ``page_title`` for a section without a heading of its own)."""
    found = []
    for section in sections:
        if section.excluded:
            continue
        title = "".join(section.title).strip() if section.title else page_title.strip()
        location = f"{url}#{section.id}" if section.id else url
        found.append({"location": location, "title": title, "text": "".join(section.text).strip()})
    return found


def excluded_by_page(meta: Mapping[str, Any]) -> bool:
    """Whether a page's own front matter leaves it out of search
    (Material's ``search: {exclude: true}``)."""
    return bool((meta.get("search") or {}).get("exclude"))


def leave_page_to_us(meta: MutableMapping[str, Any]) -> None:
    """Tell the search plugin to skip the page (Material's documented front matter): we index it."""
    meta["search"] = {**(meta.get("search") or {}), "exclude": True}


class SearchDocuments:
    """One language build's index documents, page by page in build order."""

    def __init__(self) -> None:
        self.docs: list[dict] = []

    def add(self, sections: list[Section], url: str, page_title: str) -> None:
        self.docs += documents(sections, url, page_title)

    def write(self, site_dir: Path) -> None:
        """Put the documents into the index the search plugin wrote (keeping its ``config``)."""
        path = site_dir / "search" / "search_index.json"
        if not path.exists():
            return  # no search plugin in mkdocs.yml: no search
        index = json.loads(path.read_text(encoding="utf-8"))
        index["docs"] = self.docs
        path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
