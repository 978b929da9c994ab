"""The print stage: an A4 briefing book per language and a one-page PDF per project.

WeasyPrint lays out HTML from the Jinja templates in ``theme/print/`` over the
same view models as the site (``derive.Views``) and the same narratives
(``content/<lang>/``, rendered with the site's Markdown extensions and
sanitized like every web page), so the printed text never drifts from the
site's.

Pango may break a line between any two Hangul syllables and WeasyPrint has no
``word-break: keep-all``; ``keep_words_whole`` wraps each word of such a script (Hangul) in a
no-wrap span so lines break only between words.
"""

from __future__ import annotations

import copy
import datetime
import functools
import html
import multiprocessing
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import jinja2
import markdown
from markupsafe import Markup
from pypdf import PdfReader

from briefing.books.fetcher import LocalFetcher, RefusedFetch
from briefing.books.pdf_cache import CACHE_FOLDER, PdfCache
from briefing.buildinfo import build_info
from briefing.config import read_config
from briefing.diagnostics import Diagnostic, Message, MessageLanguage, error, said
from briefing.engine.markdown import markdown_settings
from briefing.html.sanitize import sanitize_html
from briefing.inputs.content import ContentPage
from briefing.inputs.editions import EditionHistory, current_edition, edition_history
from briefing.inputs.page_files import content_path, is_file_link, published_path
from briefing.model import Dataset, Event, Project
from briefing.processes import die_with_parent, stop_children
from briefing.views.changes import changes_view, edition_label
from briefing.views.derive import Views
from briefing.views.i18n import load_language
from briefing.views.labels import SECTORS, STATUSES
from briefing.views.packs import MOMENT, Pack, packs_of
from briefing.views.scripts import characters, language_css
from briefing.views.urls import (
    BOOK_PATH,
    BOOK_SHEETS_IN_BOOK,
    PAGES,
    REFERENCE_PATH,
    SheetVolume,
    event_url,
    has_reference_volume,
    heading_slug,
    project_url,
    sheet_volumes,
    source_path_url,
)

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration

SHEET_PATH = "downloads/projects/{id}.pdf"

# Fixed ids of the book's parts; records get "<prefix>-<id>" (see BookAnchors).
SECTION_IDS = {
    "contents": "contents",
    "intro": "intro",
    "timeline": "timeline",
    "events": "events",
    "projects": "projects",
    "glossary": "glossary",
    "sources": "sources",
    "changes": "changes",
    "about": "about",
}
_PAGE_SECTIONS = {
    PAGES["home"]: "intro",
    PAGES["timeline"]: "timeline",
    PAGES["projects"]: "projects",
    PAGES["organizations"]: "glossary",
    PAGES["sources"]: "sources",
    PAGES["about"]: "about",
    PAGES["changes"]: "changes",
}
_FRAGMENT_PREFIXES = {"timeline": "tl-", "glossary": "g-", "sources": "src-"}
REFERENCE_SECTIONS = ("glossary", "sources")  # what the reference volume holds when there is one
_BASE = "https://book.invalid/"  # resolves relative links; never written out


class BookError(Exception):
    """The print stage could not produce a PDF: each problem a line, a ``Diagnostic`` where it
    has a file and line (it crosses from the book's process as its arguments)."""

    def __init__(self, *problems: Diagnostic | str):
        super().__init__(*problems)
        self.problems = problems

    def __str__(self) -> str:
        return self.said_in(None)

    def said_in(self, language: MessageLanguage | None) -> str:
        """The problems, a line each, in ``language`` (None: English)."""
        return "\n".join(
            problem.format(language) if isinstance(problem, Diagnostic) else said(problem, language)
            for problem in self.problems
        )


# -- links: site URLs become anchors inside the book --------------------------
class BookAnchors:
    """Where each page and record of the site is inside the book."""

    def __init__(self, data: Dataset, reference_file: str | None = None):
        """``reference_file``: the reference volume beside the book,
        which then holds the glossary and the sources."""
        self.event_sections = {e.id for e in data.anchors()}
        self.reference_file = reference_file
        self.reference_anchors = (
            {SECTION_IDS[section] for section in REFERENCE_SECTIONS},
            tuple(_FRAGMENT_PREFIXES[section] for section in REFERENCE_SECTIONS),
        )

    def project(self, project_id: str) -> str:
        return f"project-{project_id}"

    def event(self, event_id: str) -> str:
        """An anchor event has its own section; any other event is found in the timeline."""
        return f"event-{event_id}" if event_id in self.event_sections else self.timeline(event_id)

    def timeline(self, event_id: str) -> str:
        return f"tl-{event_id}"

    def for_url(self, url: str) -> str | None:
        """The anchor for a site-relative URL (``sources/#x`` → ``src-x``),
        or None if the book lacks it."""
        path, _, fragment = url.partition("#")
        if path.startswith("projects/") and path != PAGES["projects"]:
            return self.project(path.strip("/").split("/")[-1])
        if path.startswith("events/"):
            return self.event(path.strip("/").split("/")[-1])
        section = _PAGE_SECTIONS.get(path)
        if section is None:
            return None
        if fragment and section in _FRAGMENT_PREFIXES:
            return _FRAGMENT_PREFIXES[section] + fragment
        return SECTION_IDS[section]

    def for_href(self, href: str, here: str) -> str | None:
        """``href`` as written on the page at site URL ``here``, as ``#anchor``;
        external links unchanged."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", href):
            return href
        absolute = urljoin(_BASE + here, href)
        if not absolute.startswith(_BASE):
            return None
        target, _, fragment = absolute[len(_BASE) :].partition("#")
        if target.endswith(".md"):
            target = source_path_url(target)
        anchor = self.for_url(target + (f"#{fragment}" if fragment else ""))
        if anchor and self.reference_file and self.in_reference(anchor):
            # WeasyPrint writes every id as a named destination; "nameddest=" is the open parameter
            # that Acrobat, pdf.js and Chromium's viewer all follow across files
            return f"{self.reference_file}#nameddest={anchor}"
        return f"#{anchor}" if anchor else None

    def in_reference(self, anchor: str) -> bool:
        sections, prefixes = self.reference_anchors
        return anchor in sections or anchor.startswith(prefixes)

    def localize(self, view: Any, here: str) -> Any:
        """A copy of ``view`` whose ``href`` values point inside the book."""
        if isinstance(view, dict):
            return {
                k: (
                    self.for_href(v, here) or ""
                    if k == "href" and isinstance(v, str)
                    else self.localize(v, here)
                )
                for k, v in view.items()
            }
        if isinstance(view, list):
            return [self.localize(v, here) for v in view]
        return view


class PackAnchors(BookAnchors):
    """Anchors inside a pack: a link to anything the pack does not hold is dropped."""

    def __init__(self, data: Dataset, present: set[str]) -> None:
        super().__init__(data)
        self.present = present

    def for_href(self, href: str, here: str) -> str | None:
        found = super().for_href(href, here)
        if found and found.startswith("#") and found[1:] not in self.present:
            return None
        return found


class _Rewriter(HTMLParser):
    """Re-emits HTML unchanged; subclasses override what they change."""

    RAW = {"style", "script", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.raw_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.RAW:
            self.raw_depth += 1
        self.out.append(self.get_starttag_text() or "")  # None only outside a start tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.RAW:
            self.raw_depth -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data if self.raw_depth else html.escape(data, quote=False))

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def result(self, text: str) -> str:
        self.feed(text)
        self.close()
        return "".join(self.out)


def _start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    parts = "".join(f' {k}="{html.escape(v or "", quote=True)}"' for k, v in attrs)
    return f"<{tag}{parts}>"


@dataclass(frozen=True)
class NarrativeFiles:
    """Where the images and files a narrative uses are: read from ``content/``, published online."""

    content_dir: Path
    online: str  # the language's published address, ending in "/"

    def local(self, page: ContentPage, address: str) -> str | None:
        """The file below content/ that ``address`` (as written on ``page``) names, if the checker
        passed it for the page (``page.files``); None otherwise."""
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or address.startswith("/") or not parts.path:
            return None
        target = content_path(page.lang, page.path, unquote(parts.path))
        return target if target in page.files else None


class _LinkRewriter(_Rewriter):
    """Links to pages become anchors inside the book; images are read from content/, and a link
    to a file (a PDF) leads to its published copy and shows the file's name (paper has no link)."""

    def __init__(self, anchors: BookAnchors, page: ContentPage, files: NarrativeFiles) -> None:
        super().__init__()
        self.anchors = anchors
        self.page = page
        self.files = files
        self.file_name = ""  # of the file the open <a> links, written after it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.image(attrs)
            return
        if tag != "a":
            super().handle_starttag(tag, attrs)
            return
        kept = [(k, v) for k, v in attrs if k != "href"]
        href = dict(attrs).get("href")
        if href and is_file_link(urlsplit(href).path) and not urlsplit(href).scheme:
            target = self.files.local(self.page, href)
            published = published_path(target, self.page.lang) if target else None
            self.file_name = PurePosixPath(target).name if target else ""
            link = f"{self.files.online}{quote(published)}" if published else None
        else:
            link = self.anchors.for_href(href, self.page.path) if href else None
        self.out.append(_start_tag("a", [("href", link), *kept] if link else kept))

    def handle_endtag(self, tag: str) -> None:
        super().handle_endtag(tag)
        if tag == "a" and self.file_name:
            name = html.escape(self.file_name, quote=False)
            self.out.append(f' <span class="file-name">({name})</span>')
            self.file_name = ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.image(attrs)
            return
        super().handle_startendtag(tag, attrs)

    def image(self, attrs: list[tuple[str, str | None]]) -> None:
        """An image of the page, read from its file below content/.

        An address on another host stays as written: the fetcher refuses it and the stage
        fails naming it; a path to no published file loses its ``src`` (the alt text stays).
        """
        kept = [(k, v) for k, v in attrs if k != "src"]
        src = dict(attrs).get("src")
        if src and (urlsplit(src).scheme or urlsplit(src).netloc):
            self.out.append(_start_tag("img", attrs))
            return
        target = self.files.local(self.page, src) if src else None
        source = (self.files.content_dir / target).as_uri() if target else None
        self.out.append(_start_tag("img", [("src", source), *kept] if source else kept))


# -- words stay whole (briefing.yml: keep_words_whole) ------------------------------
WORD_JOINER = "\u2060"
# Elements that continue a line: a word can run across their boundaries.
INLINE = {
    "a",
    "abbr",
    "b",
    "cite",
    "code",
    "em",
    "i",
    "mark",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
}


class _WholeWords(_Rewriter):
    """Wraps every word that contains Hangul in ``<span class="kw">`` (``white-space: nowrap``).

    Where a word runs across an inline element's edge (``<a>프로그램</a>을``),
    a word joiner at the start of the continuing text forbids the break there.
    """

    def __init__(self, script: re.Pattern[str]) -> None:
        super().__init__()
        self.script = script  # a character of the scripts whose words stay whole
        self.in_body = False
        self.open_word = ""  # the text of the word the last text node ended in, if it did

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        if tag not in INLINE:
            self.open_word = ""
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in INLINE:
            self.open_word = ""
        super().handle_endtag(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open_word = ""
        super().handle_startendtag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.raw_depth or not self.in_body:
            super().handle_data(data)
            return
        pieces = re.split(r"(\s+)", data)
        first = pieces[0]
        if (
            first
            and self.open_word
            and (self.script.search(first) or self.script.search(self.open_word))
        ):
            self.out.append(WORD_JOINER)
        for piece in _group_amounts(pieces):
            if piece and not piece.isspace() and (self.script.search(piece) or " " in piece):
                self.out.append(f'<span class="kw">{html.escape(piece, quote=False)}</span>')
            else:
                self.out.append(html.escape(piece, quote=False))
        last = pieces[-1]
        if last:
            self.open_word = (self.open_word + last) if len(pieces) == 1 else last
        elif data:
            self.open_word = ""


# "4억 8,000만 달러" and "$480 million" are one amount each: a line should not end inside.
MYRIAD_GROUP = re.compile(r"\d[만억조]$")
LARGE_NUMBER_WORD = re.compile(r"^(million|billion|trillion)\b")


def _group_amounts(pieces: list[str]) -> list[str]:
    """Text split at whitespace (spaces kept as pieces),
    each amount's parts joined into one piece."""
    grouped: list[str] = []
    for piece in pieces:
        joins = (
            len(grouped) >= 2
            and grouped[-1] == " "
            and piece
            and not piece.isspace()
            and (
                MYRIAD_GROUP.search(grouped[-2])
                or (grouped[-2][-1:].isdigit() and LARGE_NUMBER_WORD.match(piece))
            )
        )
        if joins:
            grouped.pop()
            grouped[-1] += " " + piece
        else:
            grouped.append(piece)
    return grouped


def keep_words_whole(document: str, scripts: tuple[str, ...]) -> str:
    """``document`` with each word written in one of ``scripts`` kept on one line."""
    if not scripts:
        return document
    return _WholeWords(
        re.compile("|".join(characters(script).pattern for script in scripts))
    ).result(document)


# -- narratives ---------------------------------------------------------------------
def narrative_html(
    page: ContentPage | None,
    settings: tuple[list[str], dict],
    anchors: BookAnchors,
    files: NarrativeFiles,
) -> Markup:
    """A content page as sanitized HTML whose links point inside the book, with its images."""
    if page is None:
        return Markup("")
    names, configs = settings
    try:
        rendered = markdown.markdown(page.body, extensions=names, extension_configs=configs)
        return Markup(_LinkRewriter(anchors, page, files).result(sanitize_html(rendered)))
    except Exception as exc:  # noqa: BLE001 - whatever the converter raises, it raised on this page's text
        raise BookError(
            error(
                page.file,
                page.body_line,
                1,
                Message(
                    "the PDF stage could not convert this page ({problem})",
                    problem=f"{type(exc).__name__}: {exc}",
                ),
            )
        ) from exc


# -- the books --------------------------------------------------------------------
def css_content(template: str, **counters: str) -> Markup:
    """A translated string such as "Page {page} of {pages}" as a CSS ``content`` value.

    Each ``{name}`` becomes the CSS function given for it (``counter(page)``);
    the text around it becomes quoted strings.
    """
    tokens = []
    for part in re.split(r"(\{\w+\})", template):
        name = part[1:-1] if part.startswith("{") and part.endswith("}") else None
        if name in counters:
            tokens.append(counters[name])
        elif part:
            tokens.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return Markup(" ".join(tokens))


@dataclass(frozen=True)
class BookJob:
    """What one language's print run needs (picklable: it crosses to a worker process)."""

    root: Path
    lang: str
    data: Dataset
    content: dict[str, ContentPage]
    out_dir: Path  # the build's site folder; PDFs go below out_dir/<lang>/
    sheets_of: tuple[str, ...] | None = (
        None  # the projects whose one-page PDFs to write, if not all
    )
    # the editions and what changed (inputs/editions.py), read from git once for every book
    history: EditionHistory | None = None
    cache_dir: Path | None = None  # .cache/: PDFs whose inputs did not change are reused


@dataclass
class BookResult:
    lang: str
    book: Path  # relative to the site folder
    pages: int
    sheets: list[Path] = field(default_factory=list)
    volumes: list[Path] = field(
        default_factory=list
    )  # the fact sheets' volumes (past BOOK_SHEETS_IN_BOOK projects)
    # the glossary and sources as a volume of their own (past BOOK_SHEETS_IN_BOOK projects)
    reference: Path | None = None
    packs: list[Path] = field(default_factory=list)  # the briefing packs (views/packs.py)
    timings: dict[str, float] = field(default_factory=dict)
    rendered: int = 0  # PDFs laid out in this run (the others came from the PDF cache)


class BookWriter:
    """Builds the print HTML of one language from the view models and narratives."""

    def __init__(self, job: BookJob):
        self.job = job
        self.lang = load_language(job.lang, job.root)
        # the scripts of the languages that break lines only between words
        # (briefing.yml: keep_words_whole)
        self.whole_word_scripts = tuple(
            dict.fromkeys(c.script for c in self.lang.briefing.languages if c.keep_words_whole)
        )
        self.views = Views(job.data, self.lang)
        self.has_reference = has_reference_volume(len(job.data.projects))
        self.anchors = BookAnchors(job.data, self.reference_file() if self.has_reference else None)
        self.settings = markdown_settings(job.root, slugify=heading_slug)
        self.info = build_info(job.root)
        self.history = job.history or EditionHistory(
            current_edition(job.root, self.lang.briefing.editions)
        )
        self.fetcher = LocalFetcher(
            [job.root / "theme" / "print", job.root / "content", job.out_dir]
        )
        self.files = NarrativeFiles(
            job.root / "content", f"{self.lang.briefing.site_url}{self.lang.code}/"
        )
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(job.root / "theme" / "print"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
        )
        # a method the i18n extension adds to the environment, unknown to Jinja's types
        self.env.install_gettext_translations(  # type: ignore[attr-defined]
            self.lang.translations, newstyle=True
        )

    # -- views for print ---------------------------------------------------------
    def common(self) -> dict:
        t = self.lang.gettext
        created = self.info.timestamp.astimezone(datetime.UTC)
        return {
            "lang": self.lang.code,
            "other": self.lang.other,
            "other_language_name": self.lang.other_name,
            "language_name": self.lang.native_name,
            "site_title": self.lang.title,
            "language_css": Markup(language_css(self.lang.briefing.languages, screen=False)),
            "keywords": ", ".join(
                [
                    *(self.lang.country_name(code) for code in self.lang.briefing.countries),
                    self.lang.subject,
                ]
            ),
            "author": self.lang.publisher,
            "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "version": self.info.version,
            "edition": edition_label(self.history.current, self.lang),
            "as_of": self.views.date(self.job.data.latest_update()),
            "page_of": css_content(
                t("Page {page} of {pages}"), page="counter(page)", pages="counter(pages)"
            ),
            "page_ref": css_content(t("p. {page}"), page="target-counter(attr(href), page)"),
            "numbered": True,  # "Page n of N" in the footer
            "ids": SECTION_IDS,
        }

    def project(self, project: Project, anchors: BookAnchors | None = None) -> dict:
        anchors = anchors or self.anchors
        view = anchors.localize(self.views.project(project), project_url(project.id))
        return {
            **view,
            "anchor": anchors.project(project.id),
            "online": f"{self.lang.briefing.site_url}{self.lang.code}/{project_url(project.id)}",
        }

    def event_section(self, event: Event, anchors: BookAnchors | None = None) -> dict:
        anchors = anchors or self.anchors
        here = event_url(event.id)
        story = self.job.content.get(f"events/{event.id}.md")
        view = anchors.localize(self.views.event(event, story), here)
        return {
            **view,
            "anchor": anchors.event(event.id),
            "narrative": narrative_html(story, self.settings, anchors, self.files),
        }

    def timeline(self) -> dict:
        view = self.anchors.localize(self.views.timeline(), PAGES["timeline"])
        entries = [e for chapter in view["chapters"] for e in chapter["events"]] + view["other"]
        for entry in entries:  # events outside the chapters too, and the parts of each
            entry["book_anchor"] = self.anchors.timeline(entry["id"])
            for child in entry["children"]:
                child["book_anchor"] = self.anchors.timeline(child["id"])
        return view

    def index_order(self) -> list[str]:
        """The project ids in the order of the book's index,
        which the volumes of fact sheets follow too."""
        projects = self.job.data.projects
        return sorted(
            projects, key=lambda project_id: (self.views.by_name(projects[project_id]), project_id)
        )

    def volume_title(self, volume: SheetVolume) -> str:
        return volume.title(self.lang.gettext)

    def volume_file(self, volume: SheetVolume) -> str:
        """The volume's file name; it sits beside the book, so this is the book's link to it."""
        return PurePosixPath(volume.path(self.lang.code)).name

    def reference_title(self) -> str:
        return self.lang.gettext("Reference: organizations, people and sources")

    def reference_file(self) -> str:
        """The reference volume's file name; it sits beside the book,
        so this is the book's link to it."""
        return PurePosixPath(REFERENCE_PATH.format(lang=self.lang.code)).name

    def glossary(self) -> dict:
        glossary = self.anchors.localize(self.views.organizations(), PAGES["organizations"])
        for entry in glossary["organizations"] + glossary["people"]:
            entry["book_anchor"] = self.anchors.for_url(f"{PAGES['organizations']}#{entry['id']}")
        return glossary

    def sources(self) -> list[dict]:
        sources = self.anchors.localize(self.views.sources(), PAGES["sources"])["sources"]
        for entry in sources:
            entry["book_anchor"] = self.anchors.for_url(f"{PAGES['sources']}#{entry['id']}")
        return sources

    def book_html(self) -> str:
        data, content = self.job.data, self.job.content
        home, about = content.get("index.md"), content.get("about.md")
        projects = [self.project(data.projects[project_id]) for project_id in self.index_order()]
        volumes = sheet_volumes(len(projects))
        for position, view in enumerate(projects if volumes else []):
            # every fact sheet is one page (the sheets' layout checks it),
            # so position gives volume and page
            volume, page = divmod(position, BOOK_SHEETS_IN_BOOK)
            view["sheet"] = {
                "href": f"{self.volume_file(volumes[volume])}#page={page + 1}",
                "text": self.lang.gettext("vol. {volume}, p. {page}").format(
                    volume=volume + 1, page=page + 1
                ),
            }
        document = self.env.get_template("book.html").render(
            **self.common(),
            # The home page's title is the site's own; in the book it would repeat the cover.
            intro={
                "title": self.lang.gettext("Introduction"),
                "html": narrative_html(home, self.settings, self.anchors, self.files),
            },
            about={
                "title": about.title if about else "",
                "html": narrative_html(about, self.settings, self.anchors, self.files),
            },
            figures=self.views.key_figures(),
            timeline=self.timeline(),
            events=[self.event_section(e) for e in data.anchors()],
            projects=projects,
            volumes=[{"title": self.volume_title(v), "href": self.volume_file(v)} for v in volumes],
            reference={"title": self.reference_title(), "href": self.reference_file()}
            if self.has_reference
            else None,
            glossary=None if self.has_reference else self.glossary(),
            sources=None if self.has_reference else self.sources(),
            changes=self.changes(),
        )
        return keep_words_whole(document, self.whole_word_scripts)

    def changes(self) -> dict:
        """The annex "Changes since the previous edition": the current edition's changes."""
        view = changes_view(self.history, self.lang)
        return {**view, "latest": view["editions"][0] if view["editions"] else None}

    def reference_html(self) -> str:
        """The reference volume: the glossary of organizations and people, and the sources,
        as a document of its own."""
        common = self.common()
        running_title = self.reference_title()
        book_name = PurePosixPath(BOOK_PATH.format(lang=self.lang.code)).name
        document = self.env.get_template("reference.html").render(
            **common,
            document_title=f"{running_title} · {common['site_title']}",
            running_title=running_title,
            book_href=book_name,
            book_name=book_name,
            glossary=self.glossary(),
            sources=self.sources(),
        )
        return keep_words_whole(document, self.whole_word_scripts)

    def pack_subject(self, pack: Pack) -> str:
        """What the pack is about: the moment's title or the sector's name."""
        if pack.kind == MOMENT:
            return self.job.data.events[pack.id].title[self.lang.code]
        return self.lang.gettext(SECTORS[pack.id])

    def pack_html(self, pack: Pack) -> str:
        """One briefing pack: cover, the moment's story or the sector's overview, a short
        timeline, one fact sheet per project, and the sources all of it cites."""
        data = self.job.data
        t = self.lang.gettext
        cited: dict[str, None] = {}
        # the moment's narrative, or the sector's overview if an editor wrote one
        story = self.job.content.get(
            f"events/{pack.id}.md" if pack.kind == MOMENT else f"sectors/{pack.id}.md"
        )
        cited.update(dict.fromkeys(story.cited_sources() if story else []))
        if pack.kind == MOMENT:
            cited.update(dict.fromkeys(data.events[pack.id].sources))
        for project_id in pack.projects:
            project = data.projects[project_id]
            cited.update(dict.fromkeys(project.sources))
            cited.update(
                dict.fromkeys([project.status.source, *(a.source for a in project.amounts)])
            )
        sources = [s for s in self.sources() if s["id"] in cited]
        present = {
            SECTION_IDS["timeline"],
            SECTION_IDS["projects"],
            SECTION_IDS["sources"],
            *(f"project-{p}" for p in pack.projects),
            *(f"tl-{e}" for e in pack.events),
            *(s["book_anchor"] for s in sources),
        }
        if pack.kind == MOMENT:
            present.add(f"event-{pack.id}")
        anchors = PackAnchors(data, present)
        projects = [self.project(data.projects[p], anchors) for p in pack.projects]
        timeline = []
        for event_id in pack.events:
            event = data.events[event_id]
            timeline.append(
                {
                    **self.views.event_ref(event, PAGES["timeline"]),
                    "summary": event.summary[self.lang.code],
                    "book_anchor": anchors.timeline(event_id),
                }
            )
        subject = self.pack_subject(pack)
        overview = None
        if pack.kind != MOMENT:
            statuses = [
                {
                    "label": t(label),
                    "count": sum(1 for p in projects if p["status"]["value"] == code),
                }
                for code, label in STATUSES.items()
            ]
            overview = {
                "html": narrative_html(story, self.settings, anchors, self.files),
                "lead": self.lang.ngettext(
                    "%(count)s project of the briefing is in this sector.",
                    "%(count)s projects of the briefing are in this sector.",
                    len(projects),
                )
                % {"count": len(projects)},
                "statuses": [s for s in statuses if s["count"]],
            }
        common = self.common()
        document = self.env.get_template("pack.html").render(
            **common,
            document_title=f"{subject} · {common['site_title']}",
            running_title=subject,
            kicker=t("Briefing pack: moment")
            if pack.kind == MOMENT
            else t("Briefing pack: sector"),
            subject=subject,
            event=self.event_section(data.events[pack.id], anchors)
            if pack.kind == MOMENT
            else None,
            overview=overview,
            timeline=timeline,
            projects=projects,
            sources=sources,
        )
        return keep_words_whole(document, self.whole_word_scripts)

    def sheets_html(self, project_ids: list[str], volume: SheetVolume | None = None) -> str:
        """The fact sheets of ``project_ids``, one per page, each standing alone;
        titled as ``volume`` if given."""
        common = self.common()
        projects = [self.project(self.job.data.projects[project_id]) for project_id in project_ids]
        if volume is None:
            running_title, title = (
                common["site_title"],
                f"{self.lang.gettext('Project fact sheets')} · {common['site_title']}",
            )
        else:
            running_title = self.volume_title(volume)
            title = f"{running_title} · {common['site_title']}"
        document = self.env.get_template("sheets.html").render(
            **{
                **common,
                # one-page PDFs are cut from a layout of many sheets, whose page count they
                # would show ("15 / 25"): a sheet alone needs no page number; a volume keeps its own
                "numbered": volume is not None,
            },
            projects=projects,
            document_title=title,
            running_title=running_title,
        )
        return keep_words_whole(document, self.whole_word_scripts)


def _render(document: str, base: Path, fetcher: LocalFetcher) -> Document:
    from weasyprint import HTML

    return HTML(string=document, base_url=str(base), url_fetcher=fetcher).render(
        font_config=_font_config()
    )


@functools.cache
def _font_config() -> FontConfiguration:
    """One font configuration for every document this process lays out: the fonts are
    looked up once, not once per pack or batch of sheets (about a tenth of a pack's time)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


BOOK, REFERENCE, VOLUMES, SHEETS = "book", "reference volume", "fact sheet volumes", "fact sheets"
PACKS = "briefing packs"


def write_language(
    job: BookJob, what: tuple[str, ...] = (BOOK, REFERENCE, VOLUMES, SHEETS, PACKS)
) -> BookResult:
    """Write ``<lang>/downloads/briefing-<lang>.pdf``, the reference volume and the volumes of
    fact sheets if there are any, every project's one-page PDF and the briefing packs
    (or only ``what`` of them)."""
    try:
        return _write_language(job, what)
    except RecursionError:
        raise BookError(_too_deep_for_layout(job)) from None
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or str(job.root / "theme" / "print")
        where = (
            Path(where).relative_to(job.root).as_posix()
            if Path(where).is_relative_to(job.root)
            else where
        )
        line = getattr(exc, "lineno", None) or 1
        raise BookError(
            error(
                where,
                line,
                1,
                Message(
                    "{problem} ({lang} print template)",
                    problem=exc.message or str(exc),
                    lang=job.lang,
                ),
            )
        ) from None
    except RefusedFetch as exc:
        raise BookError(Message("{lang}: {problem}", lang=job.lang, problem=exc.args[0])) from None


def _too_deep_for_layout(job: BookJob) -> Diagnostic | Message:
    """WeasyPrint recurses once per level of nesting:
    name the page of this language that nests deepest."""
    from briefing.inputs.markdown_checks import nesting_depth

    depths = [(*nesting_depth(page.body), page) for page in job.content.values()]
    if not depths:
        return Message("{lang}: the PDF layout nested too deep (RecursionError)", lang=job.lang)
    depth, line, page = max(depths, key=lambda found: found[0])
    return error(
        page.file,
        page.body_line + line,
        1,
        Message(
            "the PDF layout ran out of stack (RecursionError); "
            "this page nests its HTML {depth} levels deep here",
            depth=f"{depth:,}",
        ),
        Message("nest quotes, lists and HTML elements at most a few levels"),
    )


SHEETS_PER_LAYOUT = 25


def write_book(writer: BookWriter, path: Path, cache: PdfCache | None = None) -> int:
    """Write ``writer``'s book to ``path`` (``cache``'s copy if its inputs did not change);
    its page count."""
    document = writer.book_html()
    key = cache.key(document) if cache else ""
    if cache and cache.fetch(key, path):
        return len(PdfReader(path).pages)
    book = _render(document, writer.job.root / "theme" / "print", writer.fetcher)
    volume_files = {writer.volume_file(v) for v in sheet_volumes(len(writer.job.data.projects))}
    if writer.has_reference:
        volume_files.add(writer.reference_file())
    for page in book.pages:
        page.links = [_relative_volume_link(link, volume_files) for link in page.links]
    book.write_pdf(path)
    if cache:
        cache.remember(key, path)
    return len(book.pages)


def write_reference(writer: BookWriter, path: Path, cache: PdfCache | None = None) -> int:
    """Write ``writer``'s reference volume to ``path`` (``cache``'s copy if its inputs did not
    change); its page count."""
    document = writer.reference_html()
    key = cache.key(document) if cache else ""
    if cache and cache.fetch(key, path):
        return len(PdfReader(path).pages)
    reference = _render(document, writer.job.root / "theme" / "print", writer.fetcher)
    book_file = {PurePosixPath(BOOK_PATH.format(lang=writer.lang.code)).name}
    for page in reference.pages:
        page.links = [_relative_volume_link(link, book_file) for link in page.links]
    reference.write_pdf(path)
    if cache:
        cache.remember(key, path)
    return len(reference.pages)


def _relative_volume_link(link: tuple, volume_files: set[str]) -> tuple:
    """A link to another volume of the book (``volume_files``), made relative again:
    it sits beside the book wherever both are copied.

    WeasyPrint resolves every link against the document's base (``theme/print/``).
    """
    kind, target, *rest = link
    if kind == "external" and target.startswith("file:"):
        parts = urlsplit(target)
        name = PurePosixPath(parts.path).name
        if name in volume_files:
            return (kind, name + (f"#{parts.fragment}" if parts.fragment else ""), *rest)
    return link


def _write_language(job: BookJob, what: tuple[str, ...]) -> BookResult:
    writer = BookWriter(job)
    # a PDF whose inputs are those of an earlier build's is that build's file (pdf_cache.py)
    cache = PdfCache(
        job.cache_dir / CACHE_FOLDER if job.cache_dir else None, job.root / "theme" / "print"
    )
    target_dir = job.out_dir / job.lang
    book_path = target_dir / BOOK_PATH.format(lang=job.lang)
    result = BookResult(job.lang, book_path.relative_to(job.out_dir), 0)
    if BOOK in what:
        started = time.perf_counter()
        book_path.parent.mkdir(parents=True, exist_ok=True)
        result.pages = write_book(writer, book_path, cache)
        writer.fetcher.check(Message("the {lang} book", lang=job.lang))
        cache.keep()
        result.timings[BOOK] = time.perf_counter() - started
    if REFERENCE in what and writer.has_reference:
        started = time.perf_counter()
        reference_path = target_dir / REFERENCE_PATH.format(lang=job.lang)
        reference_path.parent.mkdir(parents=True, exist_ok=True)
        write_reference(writer, reference_path, cache)
        writer.fetcher.check(Message("the {lang} reference volume", lang=job.lang))
        cache.keep()
        result.reference = reference_path.relative_to(job.out_dir)
        result.timings[REFERENCE] = time.perf_counter() - started
    if VOLUMES in what and sheet_volumes(len(job.data.projects)):
        started = time.perf_counter()
        result.volumes = [
            path.relative_to(job.out_dir) for path in _write_volumes(writer, target_dir, cache)
        ]
        writer.fetcher.check(Message("the {lang} fact sheet volumes", lang=job.lang))
        cache.keep()
        result.timings[VOLUMES] = time.perf_counter() - started
    if SHEETS in what:
        started = time.perf_counter()
        result.sheets = [
            path.relative_to(job.out_dir) for path in _write_sheets(writer, target_dir, cache)
        ]
        writer.fetcher.check(Message("the {lang} fact sheets", lang=job.lang))
        cache.keep()
        result.timings[SHEETS] = time.perf_counter() - started
    if PACKS in what:
        started = time.perf_counter()
        result.packs = [path.relative_to(job.out_dir) for path in _write_packs(writer, cache)]
        writer.fetcher.check(Message("the {lang} briefing packs", lang=job.lang))
        cache.keep()
        result.timings[PACKS] = time.perf_counter() - started
    result.rendered = len(cache.rendered)
    return result


def _write_packs(writer: BookWriter, cache: PdfCache) -> list[Path]:
    """Every briefing pack of the language (views/packs.py); a pack whose HTML, stylesheet and
    files are those of an earlier build's is that build's PDF, not laid out again."""
    written = []
    for pack in packs_of(writer.job.data):
        document = writer.pack_html(pack)
        path = writer.job.out_dir / writer.job.lang / pack.path(writer.job.lang)
        key = cache.key(document)
        if not cache.fetch(key, path):
            path.parent.mkdir(parents=True, exist_ok=True)
            _render(document, writer.job.root / "theme" / "print", writer.fetcher).write_pdf(path)
            cache.remember(key, path)
        written.append(path)
    return written


def _write_volumes(writer: BookWriter, target_dir: Path, cache: PdfCache) -> list[Path]:
    """Each volume of fact sheets, laid out on its own
    (WeasyPrint holds a document's whole layout in memory) unless ``cache`` has it."""
    order = writer.index_order()
    written = []
    for volume in sheet_volumes(len(order)):
        batch = order[volume.first - 1 : volume.last]
        document = writer.sheets_html(batch, volume)
        path = target_dir / volume.path(writer.job.lang)
        written.append(path)
        key = cache.key(document)
        if cache.fetch(key, path):
            continue
        sheets = _render(document, writer.job.root / "theme" / "print", writer.fetcher)
        if len(sheets.pages) != len(batch):  # the book's index would send readers to the wrong page
            raise BookError(*_overflowing_sheets(writer, sheets.pages, batch))
        path.parent.mkdir(parents=True, exist_ok=True)
        sheets.write_pdf(path)
        cache.remember(key, path)
        del sheets
    return written


def _write_sheets(writer: BookWriter, target_dir: Path, cache: PdfCache) -> list[Path]:
    """Every project's one-page PDF; those whose sheet is unchanged come from ``cache``."""
    job = writer.job
    print_dir = job.root / "theme" / "print"
    wanted = sorted(job.data.projects) if job.sheets_of is None else list(job.sheets_of)
    written = [target_dir / SHEET_PATH.format(id=project_id) for project_id in wanted]
    # a sheet's key is its own HTML alone; it is laid out beside others, a batch at a time
    keys = {project_id: cache.key(writer.sheets_html([project_id])) for project_id in wanted}
    projects = [
        project_id
        for project_id, path in zip(wanted, written, strict=True)
        if not cache.fetch(keys[project_id], path)
    ]
    site_title = writer.lang.title
    # a few dozen sheets per layout: WeasyPrint holds a document's whole layout in memory
    for first in range(0, len(projects), SHEETS_PER_LAYOUT):
        batch = projects[first : first + SHEETS_PER_LAYOUT]
        sheets = _render(writer.sheets_html(batch), print_dir, writer.fetcher)
        if len(sheets.pages) != len(batch):
            raise BookError(*_overflowing_sheets(writer, sheets.pages, batch))
        for page, project_id in zip(sheets.pages, batch, strict=True):
            path = target_dir / SHEET_PATH.format(id=project_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            single = sheets.copy([page])
            single.metadata = copy.copy(
                sheets.metadata
            )  # copies share metadata; each sheet has its own title
            single.metadata.title = f"{job.data.projects[project_id].name[job.lang]} · {site_title}"
            single.write_pdf(path)
            cache.remember(keys[project_id], path)
        del sheets
    return written


def _overflowing_sheets(
    writer: BookWriter, pages: list, batch: list[str]
) -> list[Diagnostic | Message]:
    """A diagnostic for each project of ``batch`` whose fact sheet ran over one page."""
    anchors = [writer.anchors.project(project_id) for project_id in batch]
    starts = [
        next((n for n, page in enumerate(pages) if anchor in page.anchors), len(pages))
        for anchor in anchors
    ]
    ends = [*starts[1:], len(pages)]
    projects_file = writer.job.root / "data" / "projects.yaml"
    text = projects_file.read_text(encoding="utf-8") if projects_file.is_file() else ""
    found: list[Diagnostic | Message] = []
    for project_id, start, end in zip(batch, starts, ends, strict=True):
        if end - start > 1:
            record = re.search(
                rf"^\s*-?\s*id:\s*['\"]?{re.escape(project_id)}['\"]?\s*$", text, re.MULTILINE
            )
            line = text.count("\n", 0, record.start()) + 1 if record else 1
            found.append(
                error(
                    "data/projects.yaml",
                    line,
                    1,
                    Message(
                        "the {lang} fact sheet takes {pages} pages",
                        lang=writer.lang.code,
                        pages=end - start,
                    ),
                    Message(
                        "each must fit on one page: "
                        "shorten the summary, or the names of partners and places"
                    ),
                    f"projects[{project_id}]",
                )
            )
    return found or [
        Message(
            "{lang}: {projects} project fact sheets took {pages} pages; each must fit on one page",
            lang=writer.lang.code,
            projects=len(batch),
            pages=len(pages),
        )
    ]


# Past this many projects no two large layouts are in memory at once: the book without its
# fact sheets is still one layout, and two of them would not fit the memory budget
# (docs/performance.md).
BOOKS_SIDE_BY_SIDE_UP_TO = 300
SHEETS_PER_TASK = (
    250  # one-page PDFs per task past BOOKS_SIDE_BY_SIDE_UP_TO: small tasks share two cores evenly
)


def build_books(
    root: Path,
    data: Dataset,
    content: dict[str, dict[str, ContentPage]],
    out_dir: Path,
    parallel: bool = True,
    history: EditionHistory | None = None,
    cache_dir: Path | None = None,
) -> list[BookResult]:
    """Every language's PDFs into ``out_dir``, in parallel processes when there are cores to spare.

    ``history``: the editions the build read (else they are read from git here, once).

    Up to ``BOOKS_SIDE_BY_SIDE_UP_TO`` projects each language has a process
    (its book, its reference volume and volumes of fact sheets if any, its
    one-page PDFs). Past it, first every language's book and then its
    reference volume are laid out one at a time with nothing beside them
    (at 1,000 projects each is 0.8–0.9 GB); then two processes share the
    small layouts: the volumes of fact sheets (100 sheets a layout) and the
    one-page PDFs (``SHEETS_PER_LAYOUT`` a layout) and the briefing packs, the two
    languages' volumes first and last so that they do not meet. ``cache_dir``: PDFs
    whose inputs are unchanged since an earlier build are taken from ``cache_dir/pdf/``.
    Every task gets a freshly started interpreter (not a fork of the build, whose memory it would
    carry), which gives all its memory back when it ends.
    """
    briefing = read_config(root)
    history = history or edition_history(root, briefing.editions)
    jobs = [
        BookJob(root, code, data, content[code], out_dir, history=history, cache_dir=cache_dir)
        for code in briefing.codes
    ]
    if not parallel or (os.cpu_count() or 1) < 2:
        return [write_language(job) for job in jobs]
    if len(data.projects) <= BOOKS_SIDE_BY_SIDE_UP_TO:
        with ProcessPoolExecutor(max_workers=len(jobs), initializer=die_with_parent) as pool:
            try:
                return list(pool.map(write_language, jobs))
            except BaseException:
                stop_children()  # a failed or stopped build does not wait for the other book
                raise
    fresh = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(
            max_workers=1, max_tasks_per_child=1, mp_context=fresh, initializer=die_with_parent
        ) as alone:
            large = [
                [alone.submit(write_language, job, (part,)) for part in (BOOK, REFERENCE)]
                for job in jobs
            ]
            parts = [[future.result() for future in language] for language in large]
        project_ids = sorted(data.projects)
        small = [
            [
                (job, (SHEETS,))
                for job in (
                    replace(job, sheets_of=tuple(project_ids[first : first + SHEETS_PER_TASK]))
                    for first in range(0, len(project_ids), SHEETS_PER_TASK)
                )
            ]
            for job in jobs
        ]
        for language, job in enumerate(
            jobs
        ):  # the packs after the sheets; the first language's volumes first, the last one's last
            small[language].append((job, (PACKS,)))
            small[language].insert(0 if language == 0 else len(small[language]), (job, (VOLUMES,)))
        with ProcessPoolExecutor(
            max_workers=2, max_tasks_per_child=1, mp_context=fresh, initializer=die_with_parent
        ) as beside:
            futures = [
                [beside.submit(write_language, job, what) for job, what in tasks] for tasks in small
            ]
            for language, tasks in enumerate(futures):
                parts[language] += [future.result() for future in tasks]
        return [_joined(language) for language in parts]
    except BaseException:
        stop_children()
        raise


def _joined(parts: list[BookResult]) -> BookResult:
    """One language's result from the results of the tasks that wrote its parts."""
    first = parts[0]
    timings: dict[str, float] = {}
    for part in parts:
        for stage, seconds in part.timings.items():
            timings[stage] = timings.get(stage, 0.0) + seconds
    return BookResult(
        first.lang,
        first.book,
        sum(part.pages for part in parts),
        [s for part in parts for s in part.sheets],
        [v for part in parts for v in part.volumes],
        next((part.reference for part in parts if part.reference), None),
        [p for part in parts for p in part.packs],
        timings,
        sum(part.rendered for part in parts),
    )
