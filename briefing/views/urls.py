"""Where each page lives. Both languages use the same paths."""

from __future__ import annotations

import posixpath
from functools import cache


def project_url(project_id: str) -> str:
    return f"projects/{project_id}/"


def event_url(event_id: str) -> str:
    return f"events/{event_id}/"


PAGES = {
    "home": "",
    "timeline": "timeline/",
    "projects": "projects/",
    "organizations": "organizations/",
    "sources": "sources/",
    "about": "about/",
    "downloads": "downloads/",
}
DOWNLOADS = PAGES["downloads"]  # the open data files sit beside this page
DICTIONARY = "downloads/dictionary/"
FEED = "feed.xml"


def page_source_path(url: str) -> str:
    """The Markdown path that produces ``url`` (``projects/x/`` → ``projects/x.md``)."""
    if url == "":
        return "index.md"
    if url == "projects/":
        return "projects/index.md"
    return url.rstrip("/") + ".md"


def source_path_url(path: str) -> str:
    """The URL a Markdown path is published at (``about.md`` → ``about/``)."""
    path = path.removesuffix(".md")
    if path == "index":
        return ""
    if path.endswith("/index"):
        return path[: -len("index")]
    return path + "/"


def relative(from_url: str, to_url: str) -> str:
    """A link from one page to another, both given as site-relative directory URLs."""
    target, _, fragment = to_url.partition("#")
    rel = _relpath(_segments(target), _segments(from_url)) if target != from_url else "."
    if (target.endswith("/") or target == "") and rel != ".":
        rel += "/"
    elif rel == ".":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


# Pages link to each other tens of thousands of times a build (63,000 links at
# 1,000 projects); ``posixpath.relpath`` normalized both ends on every call.
# These two do what it does, each address split once.
@cache  # one entry per page address
def _segments(url: str) -> tuple[str, ...]:
    """The parts of a site-relative URL as ``posixpath.relpath`` sees them (``"/" + url``, normalized)."""
    return tuple(part for part in posixpath.normpath("/" + url).split("/") if part)


def _relpath(path: tuple[str, ...], start: tuple[str, ...]) -> str:
    """``posixpath.relpath`` of two split paths: up from ``start`` to what they share, then down to ``path``."""
    shared = 0
    for a, b in zip(path, start, strict=False):
        if a != b:
            break
        shared += 1
    return "/".join((posixpath.pardir,) * (len(start) - shared) + path[shared:]) or posixpath.curdir


def other_language_url(from_url: str, lang: str, to_url: str | None = None) -> str:
    """Link to the same page (or ``to_url``) in the build of ``lang`` beside this one."""
    depth = from_url.count("/")
    target = from_url if to_url is None else to_url
    return "../" * (depth + 1) + f"{lang}/" + target


def heading_slug(text: str, separator: str = "-") -> str:
    """The id of a heading: its words, lower-case, joined by ``separator``, Hangul kept.

    The toc extension's default drops every letter outside ASCII, which left
    Korean headings with ids like ``_1`` that change when a heading is added.
    Used by the engine, the PDF books and the checker alike.
    """
    from markdown.extensions.toc import slugify_unicode

    return slugify_unicode(text, separator)
