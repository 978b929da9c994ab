"""Untrusted HTML goes through a real sanitizer (nh3), never a regex.

Pages are built from editors' Markdown and YAML text; whatever raw HTML they
contain, only this allow-list reaches readers.
"""

from __future__ import annotations

from collections.abc import Callable

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "select",
    "option",
    "svg",
    "path",
    "circle",
    "g",
    "text",
    "title",
    "desc",
    "polygon",
    "polyline",
    "line",
    "rect",
    "section",
    "tspan",
}
GENERIC_ATTRIBUTES = {
    "class",
    "id",
    "lang",
    "title",
    "dir",
    "role",
    "aria-label",
    "aria-hidden",
    "aria-describedby",
    "aria-labelledby",
    "hidden",
}
ATTRIBUTES = {
    # no "rel": WeasyPrint embeds the target of rel="attachment" in the PDF books
    "a": {"href", "hreflang", "download", "type"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "time": {"datetime"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "option": {"value", "selected"},
    "select": {"name"},
    # SVG attribute names are case-sensitive: html5ever keeps viewBox, so must we.
    "svg": {"viewBox", "preserveAspectRatio", "width", "height", "xmlns", "focusable"},
    "path": {"d", "fill", "stroke", "stroke-width"},
    "circle": {"cx", "cy", "r", "fill", "stroke", "stroke-width"},
    "polygon": {"points", "fill", "stroke"},
    "polyline": {"points", "fill", "stroke"},
    "rect": {"x", "y", "width", "height", "fill", "rx"},
    "line": {"x1", "x2", "y1", "y2", "stroke"},
    "text": {"x", "y", "text-anchor", "font-size"},
    "tspan": {"x", "y", "dx", "dy"},
    "g": {"transform"},
}
URL_SCHEMES = {"https", "http", "mailto"}
# Material's own elements are found by ids starting with "__" (__config holds its settings,
# __search, __drawer, __toc, __palette_0, __nav_1…); the theme's own names never start so.
ENGINE_ID_PREFIX = "__"


def _no_engine_ids(tag: str, attribute: str, value: str) -> str | None:
    """Drop an ``id`` in the engine's namespace: an element of the page body named ``__config``
    comes before Material's own and would be read as its settings (DOM clobbering)."""
    if attribute == "id" and value.startswith(ENGINE_ID_PREFIX):
        return None
    return value


def sanitize_html(html: str) -> str:
    """Keep the allow-listed tags and attributes; drop scripts, handlers,
    unsafe URLs and engine ids."""
    clean = _clean(html)
    # nh3 writes every attribute as name="value", so an engine id in its output shows as
    # ' id="__'; only then clean again with the filter (calling Python for every attribute
    # of every page would double the sanitizer's time).
    return _clean(html, _no_engine_ids) if f' id="{ENGINE_ID_PREFIX}' in clean else clean


def _clean(html: str, attribute_filter: Callable[[str, str, str], str | None] | None = None) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={
            **{tag: set(attrs) for tag, attrs in ATTRIBUTES.items()},
            "*": GENERIC_ATTRIBUTES,
        },
        generic_attribute_prefixes={"data-"},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=attribute_filter,
    )
