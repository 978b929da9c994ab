"""Material's search plugin, splitting pages into sections without ``html.parser``.

The plugin cuts every page's content into one search document per heading
with a ``html.parser.HTMLParser`` subclass. At 1,000 projects that was a
quarter of each language's engine run. The content it reads is ours and
already sanitized (nh3 in the ``on_page_content`` hook): well-formed tags,
quoted attributes, no comments, scripts or stray ``<``. ``SectionParser``
reads it with one regular expression (``html_scan``) and applies the
plugin's rules to it, quirks included, so the sections are the plugin's (a
test compares them on every real page). Content outside that simple grammar
goes to the plugin's own parser, as before.
"""

from __future__ import annotations

import html
import re

from material.plugins.search import plugin as material_search

from briefing.html.scan import ATTRIBUTE_LIST, attributes

# A tag with its attributes, or the text up to the next "<".
_TOKEN = re.compile(rf"<(/?)([a-zA-Z][^\s/>]*)({ATTRIBUTE_LIST})\s*(/?)>|([^<]+)")
# What the standard tokenizer treats specially: its raw-text elements, comments, declarations.
_OUTSIDE_GRAMMAR = re.compile(r"<(?:script|style|!|\?)", re.IGNORECASE)


_MaterialParser = material_search.Parser
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_KEEP = frozenset(_MaterialParser().keep)  # the tags the plugin keeps in snippets (p, li, code…)
_SKIP = frozenset(_MaterialParser().skip)  # the elements it leaves out (script, style, object)


class SectionParser:
    """What the plugin's ``Parser`` makes of a page (its ``data``: a list of sections), made faster.

    The plugin's handlers compare elements by tag name alone (its ``Element``
    hashes and compares by tag), so the open elements are kept here as tag
    names, and the skip set as a set of tag names. Every rule below is one of
    the plugin's handlers, quirks included: the test suite checks the result
    against the plugin's own parser on every built page.
    """

    def __init__(self) -> None:
        self.data: list[material_search.Section] = []

    def feed(self, content: str) -> None:
        tokens = None if _OUTSIDE_GRAMMAR.search(content) else _tokens(content)
        if tokens is None:
            parser = _MaterialParser()
            parser.feed(content)
            parser.close()
            self.data = parser.data
            return
        self._split(tokens)

    def close(self) -> None:
        pass

    def _split(self, tokens: list[re.Match]) -> None:
        data = self.data
        tags: list[str] = []  # open elements, innermost last
        headerlink: list[bool] = []  # per open element: is it a permalink <a class="headerlink">
        skip = set(_SKIP)
        section = None

        def new_preface(depth: int = 0) -> material_search.Section:
            preface = material_search.Section(material_search.Element("hx"), depth)
            data.append(preface)
            return preface

        for match in tokens:
            end, tag, attribute_text, self_closing, text = match.groups()
            if text is not None:
                if not skip.isdisjoint(tags):
                    continue
                if "&" in text:
                    text = html.unescape(text)
                if "pre" not in tags:
                    text = " " if text.isspace() else text.replace("\n", " ")
                if section is None:
                    section = new_preface()
                if section.el.tag in tags:
                    if not any(headerlink):
                        section.title.append(html.escape(text, quote=False))
                elif text.isspace():
                    if not section.text or not section.text[-1].isspace() or "pre" in tags:
                        section.text.append(text)
                else:
                    section.text.append(html.escape(text, quote=False))
                continue
            tag = tag.lower()
            if not end:
                attrs = dict(attributes(attribute_text)) if attribute_text else {}
                if tag in material_search.void:
                    continue  # the plugin ignores void elements, even as "<br/>"
                tags.append(tag)
                headerlink.append(tag == "a" and attrs.get("class") == "headerlink")
                if tag in _HEADINGS and "id" in attrs:
                    if tag != "h1" and not data:
                        section = new_preface(len(tags))
                    heading = material_search.Section(material_search.Element(tag, attrs), len(tags))
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
                if not skipped and tag in _KEEP and skip.isdisjoint(tags):
                    (section.title if section.el.tag in tags else section.text).append(f"<{tag}>")
                if not self_closing:
                    continue
            if not tags or tags[-1] != tag:
                continue
            if section.depth > len(tags):
                for earlier in reversed(data):
                    if earlier.depth <= len(tags):
                        section.depth = float("inf")  # left for good, as the plugin does
                        section = earlier
                        break
            tags.pop()
            headerlink.pop()
            if tag in skip:
                if tag not in _SKIP:  # the plugin never un-skips these
                    skip.remove(tag)
                continue
            if tag in _KEEP and skip.isdisjoint(tags):
                parts = section.title if section.el.tag in tags else section.text
                index = parts.index(f"<{tag}>")
                if all(part.isspace() for part in parts[index + 1:]):
                    del parts[index:]  # an element with nothing but whitespace is dropped
                else:
                    parts.append(f"</{tag}>")


def _tokens(content: str) -> list[re.Match] | None:
    """Every tag and run of text of ``content``, or None where a "<" starts no tag."""
    tokens = []
    position = 0
    for match in _TOKEN.finditer(content):
        if match.start() != position:
            return None
        tokens.append(match)
        position = match.end()
    return tokens if position == len(content) else None


def use_section_parser() -> None:
    """Make the search plugin split pages with ``SectionParser``."""
    material_search.Parser = SectionParser
