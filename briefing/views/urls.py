"""Where each page lives. Both languages use the same paths."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
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


# The printed briefing, below each language's folder (written by book.py).
BOOK_PATH = "downloads/briefing-{lang}.pdf"
SHEETS_VOLUME_PATH = "downloads/briefing-{lang}-sheets-{volume}.pdf"
# Up to this many projects the book holds every fact sheet; past it the book keeps the
# projects' index and the sheets are published in volumes of at most this many
# (ARCHITECTURE.md, stage 6).
BOOK_SHEETS_IN_BOOK = 100


@dataclass(frozen=True)
class SheetVolume:
    """One volume of fact sheets: the projects ``first``..``last``
    (1-based, in the index's order), one page each."""

    number: int
    first: int
    last: int

    def path(self, lang: str) -> str:
        return SHEETS_VOLUME_PATH.format(lang=lang, volume=self.number)

    def title(self, gettext: Callable[[str], str]) -> str:
        """ "Fact sheets, volume 2 (projects 101–200)" in the language of ``gettext``."""
        return gettext("Fact sheets, volume {volume} (projects {first}–{last})").format(
            volume=self.number, first=self.first, last=self.last
        )


REFERENCE_PATH = "downloads/briefing-{lang}-reference.pdf"


def has_reference_volume(project_count: int) -> bool:
    """Whether the glossary of organizations and people and the sources
    leave the book for a volume of their own.

    They do when the fact sheets do (ARCHITECTURE.md, stage 6): then the book and the reference are
    each laid out alone, so no single layout holds both.
    """
    return project_count > BOOK_SHEETS_IN_BOOK


def sheet_volumes(project_count: int) -> list[SheetVolume]:
    """The volumes the fact sheets are published in; none while the book holds them."""
    if project_count <= BOOK_SHEETS_IN_BOOK:
        return []
    return [
        SheetVolume(
            start // BOOK_SHEETS_IN_BOOK + 1,
            start + 1,
            min(start + BOOK_SHEETS_IN_BOOK, project_count),
        )
        for start in range(0, project_count, BOOK_SHEETS_IN_BOOK)
    ]


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


def repository_file_url(repository: str, branch: str, file: str, line: int | None = None) -> str:
    """Where a reader suggests a change to ``file`` of the briefing's repository (briefing.yml).

    A page: the file in the repository's editor (``<repository>/edit/<branch>/<file>``). A
    record: the data file at the record's line (``/blob/…#L<line>``), whose page has the
    editor's button; an editor cannot open at a line.
    """
    from urllib.parse import quote

    path = quote(f"{branch}/{file}")
    if line is None:
        return f"{repository.rstrip('/')}/edit/{path}"
    return f"{repository.rstrip('/')}/blob/{path}#L{line}"


def relative(from_url: str, to_url: str) -> str:
    """A link from one page to another, both given as site-relative directory URLs."""
    target, _, fragment = to_url.partition("#")
    rel = _relpath(_segments(target), _segments(from_url)) if target != from_url else "."
    if (target.endswith("/") or target == "") and rel != ".":
        rel += "/"
    elif rel == ".":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


# Pages link to each other tens of thousands of times a build, and
# ``posixpath.relpath`` normalized both ends on every call.
# These two do what it does, each address split once.
@cache  # one entry per page address
def _segments(url: str) -> tuple[str, ...]:
    """The parts of a site-relative URL as ``posixpath.relpath`` sees them
    (``"/" + url``, normalized)."""
    return tuple(part for part in posixpath.normpath("/" + url).split("/") if part)


def _relpath(path: tuple[str, ...], start: tuple[str, ...]) -> str:
    """``posixpath.relpath`` of two split paths: up from ``start`` to what they share,
    then down to ``path``."""
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
