"""Checks on the editors' Markdown pages, with the line and column of each problem.

Pages are parsed with markdown-it-py, whose tokens carry line maps. Checked:
internal links and their anchors resolve (content pages and the generated
pages of projects, events, timeline, organizations and sources), images have
alt text, headings start at ``##`` and skip no level, no raw HTML that runs
code or embeds other sites, no ``javascript:``/``data:`` links, and in event
narratives every paragraph with a figure cites a source.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing.diagnostics import N_, Diagnostic, Message, error, warning
from briefing.inputs.content import ContentPage
from briefing.inputs.load import LoadedYaml
from briefing.inputs.markdown_slips import link_slips
from briefing.inputs.page_files import (
    SHARED_FOLDER,
    content_path,
    file_problem,
    is_file_link,
    published_path,
    shared_link,
    unused_files,
)
from briefing.inputs.text_rules import PLACEHOLDER, PLACEHOLDER_IN_PAGE_HINT, placeholder
from briefing.views.urls import (
    DICTIONARY,
    DOWNLOADS,
    PAGES,
    event_url,
    heading_slug,
    page_source_path,
    project_url,
)

# Tags that run code, restyle the site or embed other sites; the sanitizer
# drops them from the HTML anyway, so in a page they are always a mistake.
FORBIDDEN_TAGS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "link",
        "meta",
        "form",
    }
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "srcset", "data", "poster"})
# Attributes whose address the browser or the PDF stage loads by itself: the site promises no
# third-party requests, and the books read nothing but the build's own files.
EMBEDDING_ATTRIBUTES = frozenset({"src", "srcset", "data", "poster"})
REMOTE_IMAGE_HINT = Message(
    "save the image next to the page and write its file name: "
    "pages and books load nothing from other hosts"
)
ATTR_LIST = re.compile(r"\s*\{:?([^{}]*)\}\s*$")  # `## Heading { #id }` (Python-Markdown attr_list)
# Python-Markdown's attr_list reads `{: key="value" }` after a paragraph, heading, link or image
ATTR_LISTS = re.compile(r"\{:?[ \t]*([^{}\n]*)\}")
ATTR_PAIR = re.compile(r"""([A-Za-z_:][-\w:.]*)[ \t]*=[ \t]*("[^"]*"|'[^']*'|[^\s"'}]+)""")
TEMPLATE_USES = re.compile(r"\{%-?\s*(?:include|import|from)\s+[\"']([^\"']+)[\"']")
TEMPLATE_DYNAMIC_ID = re.compile(r"\bid=\"[^\"]*\{\{([^}]*)\}\}|\{\s*#\{\{([^}]*)\}\}")
MODELED_IDS = {
    "o.id",
    "p.id",
    "ch.anchor.id",
    "r.id",
    "s.id",
}  # record ids, see site_targets' `dynamic`
TEMPLATE_ANCHOR = re.compile(r"\{\s*#([A-Za-z][\w-]*)\s*\}|\bid=\"([A-Za-z][\w-]*)\"")
DIGIT = re.compile(r"\d")
ATTR_LIST_ID = re.compile(r"(?:^|\s)#([^\s{}]+)")  # `{ #id }`
# Ids an editor may give: the same form as the data's ids. Material finds its own elements by
# ids starting with "__" (__config, __search, __drawer, __toc, __palette_0, __nav_1…), so a
# page must not name one of its elements so (sanitize.py drops such ids too).
CONTENT_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
ENGINE_ID_PREFIX = "__"
INDENTED_BLOCK = Message(
    "text indented by four spaces or a tab is published as a code block: "
    "as typed, in a box, with its links not working"
)
INDENTED_BLOCK_HINT = Message(
    "start the line at the left margin; for code, put it between two lines of ```"
)
CITATION_EXAMPLE = "([Newspim, 27 September 2019](../sources.md#newspim-2019-09-27))"
# Bounds that keep the site's Markdown (Python-Markdown) and the books' layout
# (WeasyPrint) proportional to a page's size. Python-Markdown's link search is
# quadratic: its work grows with the brackets of a paragraph times its length
# (see benchmarks/hostile_inputs.py), and WeasyPrint recurses once per level
# of nesting. The real pages stay far below each: lines of 1,400 characters,
# paragraphs of 1,300, 11 brackets in one paragraph, two levels of nesting.
MAX_LINE_CHARS = 10_000
MAX_BLOCK_CHARS = 20_000
MAX_BRACKETS = 50
MAX_NESTING = 20
# markdown-it silently drops what lies deeper than its own limit (20 token
# levels, reached by ten nested lists); above ours, so the checker sees the page whole.
PARSER_NESTING = 4 * MAX_NESTING + 20
CONTAINERS = {
    "blockquote_open": 1,
    "bullet_list_open": 1,
    "ordered_list_open": 1,
    "blockquote_close": -1,
    "bullet_list_close": -1,
    "ordered_list_close": -1,
}


class _LinksAsWritten(MarkdownIt):
    """Keeps every link as written: markdown-it would otherwise drop javascript:
    links silently and percent-encode the rest, and we want to report them."""

    def validateLink(self, url: str) -> bool:
        return True

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link


@cache
def _parser() -> MarkdownIt:
    md = _LinksAsWritten("commonmark", {"html": True, "maxNesting": PARSER_NESTING})
    return md.enable("table")


# -- what a page may link to ----------------------------------------------------------------


@dataclass
class Records:
    """Ids (and event titles) read from the data files, even from files with errors."""

    ids: dict[str, set[str]] = field(default_factory=dict)  # kind -> ids
    event_titles: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> lang -> title
    anchor_events: set[str] = field(default_factory=set)
    loaded: set[str] = field(default_factory=set)  # kinds whose file could be read

    @classmethod
    def of(cls, files: dict[str, LoadedYaml]) -> Records:
        from briefing.inputs.schema import DATA_FILE_BY_KIND

        records = cls()
        for kind, loaded in files.items():
            key = DATA_FILE_BY_KIND[kind].key
            items = loaded.data.get(key) if isinstance(loaded.data, dict) else None
            if not isinstance(items, list):
                continue
            records.loaded.add(kind)
            ids = records.ids.setdefault(kind, set())
            for item in items:
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    continue
                ids.add(item["id"])
                if kind == "event":
                    title = item.get("title")
                    records.event_titles[item["id"]] = (
                        {k: v for k, v in title.items() if isinstance(v, str)}
                        if isinstance(title, dict)
                        else {}
                    )
                    if item.get("anchor") is True:
                        records.anchor_events.add(item["id"])
        return records

    def known(self, kind: str, rid: str) -> bool:
        """True if the id exists, or if its file could not be read (then we cannot tell)."""
        return kind not in self.loaded or rid in self.ids.get(kind, set())


class Target:
    """A page of one language's site and the anchors it has (None: not known).

    Anchors are worked out only when a link asks for one: most links have none.
    """

    def __init__(
        self,
        path: str,
        anchors: Callable[[], set[str]] | None,
        label: str = "",
        certain: bool = True,
    ):
        self.path = path
        self._anchors = anchors
        self.label = label  # how to name the page's source in hints, e.g. "data/sources.yaml"
        self.certain = certain  # False: the page also has generated anchors the checker cannot list

    @cached_property
    def anchors(self) -> frozenset[str] | None:
        return None if self._anchors is None else frozenset(self._anchors())


def _template_texts(theme_dir: Path, template: str, seen: set[str] | None = None) -> list[str]:
    """A page template and the templates it imports or includes."""
    seen = set() if seen is None else seen
    if template in seen:
        return []
    seen.add(template)
    try:
        text = (theme_dir / "pages" / template).read_text(encoding="utf-8")
    except OSError:
        return []
    return [text] + [
        t for other in TEMPLATE_USES.findall(text) for t in _template_texts(theme_dir, other, seen)
    ]


def template_anchors(theme_dir: Path, template: str) -> set[str]:
    """Fixed anchors written into a page template and the templates it imports:
    ``{ #id }`` and ``id="id"``."""
    return {
        a or b
        for text in _template_texts(theme_dir, template)
        for a, b in TEMPLATE_ANCHOR.findall(text)
    }


def template_anchors_known(theme_dir: Path, template: str) -> bool:
    """False when the template makes ids from values the checker does not model
    (charts, map rows…)."""
    return all(
        a.strip() in MODELED_IDS or b.strip() in MODELED_IDS
        for text in _template_texts(theme_dir, template)
        for a, b in TEMPLATE_DYNAMIC_ID.findall(text)
    )


def heading_ids(title: str, bodies: Iterable[ContentPage | None], reserved: set[str]) -> set[str]:
    """The ids MkDocs' toc gives the page title (the one H1) and the headings of ``bodies``.

    Explicit ids (``{ #id }``) are taken first, as the toc extension does, then
    each heading gets ``heading_slug(text)`` made unique with ``_1``, ``_2``…
    """
    from markdown.extensions.toc import (
        unique,
    )  # MkDocs' own, imported only when an anchor is checked

    used = set(reserved)
    # toc's own cache of taken suffixes: 20,000 equal headings cost 20,000 steps, not 200 million
    counters: dict[str, int] = {}
    headings: list[tuple[str, str | None]] = [(title, None)]
    for page in bodies:
        if page is None:
            continue
        for heading in _headings(_parser().parse(page.body)):
            headings.append(heading)
            if heading[1]:
                used.add(heading[1])
    found = set(used)
    for text, explicit in headings:
        if not explicit:
            found.add(unique(heading_slug(text, "-"), used, counters))
    return found


def _headings(tokens: list[Token]) -> Iterator[tuple[str, str | None]]:
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            text, explicit = _heading_text(tokens[i + 1])
            yield text, explicit


def _heading_text(inline: Token) -> tuple[str, str | None]:
    text = _plain_text(inline.children or [])
    match = ATTR_LIST.search(text)
    if not match:
        return text.strip(), None
    ids = re.findall(r"#([\w-]+)", match.group(1))
    return text[: match.start()].strip(), ids[-1] if ids else None


def _first_line(block: Token) -> int:
    """The body line (0-based) a block token starts on; markdown-it maps every block token."""
    return block.map[0] if block.map else 0


def _plain_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain_text(child.children or []))
    return "".join(parts)


def site_targets(
    content: dict[str, ContentPage], lang: str, records: Records, theme_dir: Path
) -> dict[str, Target]:
    """Every page of one language's site a content page may link to, with its anchors."""
    templates = {
        key: template_anchors(theme_dir, f"{key}.md")
        for key in (*PAGES, "project", "event")
        if (theme_dir / "pages" / f"{key}.md").is_file()
    }
    certain = {key: template_anchors_known(theme_dir, f"{key}.md") for key in templates}
    frame = template_anchors(theme_dir, "_page.md")
    citations = {f"cite-{s}" for s in records.ids.get("source", set())}
    dynamic = {
        "timeline": records.anchor_events,
        "projects": records.ids.get("project", set()),
        "organizations": records.ids.get("organization", set()) | records.ids.get("person", set()),
        "sources": records.ids.get("source", set()),
    }
    # a data file that could not be read: its ids, and the anchors made of them, are not known
    unread = {key for key, kinds in DYNAMIC_KINDS.items() if not set(kinds) <= records.loaded}
    targets: dict[str, Target] = {}
    for key, url in PAGES.items():
        path = page_source_path(url)
        fixed = (
            templates[key] | dynamic.get(key, set()) | frame
            if key in templates and key not in unread
            else None
        )
        targets[path] = Target(
            path,
            None if fixed is None else fixed.copy,
            _label(key),
            certain.get(key, True),
        )
    cited = "source" in records.loaded  # else the citation anchors are not known
    for project in records.ids.get("project", set()):
        path = page_source_path(project_url(project))
        targets[path] = Target(
            path,
            (lambda: templates.get("project", set()) | frame | citations) if cited else None,
        )
    for event in records.ids.get("event", set()):
        path = page_source_path(event_url(event))
        title = records.event_titles.get(event, {}).get(lang, "")
        reserved = templates.get("event", set()) | frame | citations
        story = content.get(path)
        targets[path] = Target(
            path, partial(heading_ids, title, [story], reserved) if cited else None
        )
    home = content.get("index.md")
    if home is not None:
        targets["index.md"] = Target(
            "index.md",
            lambda: heading_ids(home.title, [home], templates.get("home", set()) | frame),
            certain=certain.get("home", True),
        )
    for path, page in content.items():
        if not path.startswith("events/") and path != "index.md":
            targets[path] = Target(path, partial(heading_ids, page.title, [page], frame))
    return targets


@cache
def _other_generated_pages() -> frozenset[str]:
    """Generated pages outside ``urls.PAGES`` (the data dictionary);
    imported only when a link looks broken."""

    return frozenset({page_source_path(DICTIONARY)})


# The data files whose ids are the anchors of a generated page.
DYNAMIC_KINDS = {
    "timeline": ("event",),
    "projects": ("project",),
    "organizations": ("organization", "person"),
    "sources": ("source",),
}


def _label(key: str) -> str:
    return {
        "sources": "data/sources.yaml",
        "organizations": Message("data/organizations.yaml or data/people.yaml"),
        "projects": "data/projects.yaml",
        "timeline": "data/events.yaml (anchor: true)",
    }.get(key, "")


# -- the checks -----------------------------------------------------------------------------


class _Locator:
    """Finds where a piece of text of a block starts in the file, occurrence after occurrence."""

    def __init__(self, page: ContentPage, lines: list[str], block: list[int] | None):
        self.page = page
        self.lines = lines
        self.start, self.end = (block[0], block[1]) if block else (0, len(lines))
        self.cursor = (self.start, 0)

    def find(self, needle: str, case: bool = True) -> tuple[int, int]:
        """File line and column (1-based) of the next ``needle`` in the block."""
        line, col = self.cursor
        wanted = needle if case else needle.lower()
        while needle and line < min(self.end, len(self.lines)):
            text = self.lines[line] if case else self.lines[line].lower()
            at = text.find(wanted, col)
            if at >= 0:
                self.cursor = (line, at + len(needle))
                return self.page.body_line + line, at + 1
            line, col = line + 1, 0
        return self.page.body_line + self.start, 1

    def find_written(self, needle: str) -> tuple[int, int] | None:
        """Like ``find``, for text that markdown-it left literal: not found (None) when the page
        has it only with a backslash before it (an escape: meant as written)."""
        line, col = self.cursor
        while needle and line < min(self.end, len(self.lines)):
            at = self.lines[line].find(needle, col)
            if at > 0 and self.lines[line][at - 1] == "\\":
                col = at + 1
                continue
            if at >= 0:
                self.cursor = (line, at + len(needle))
                return self.page.body_line + line, at + 1
            line, col = line + 1, 0
        return None


class _Html(HTMLParser):
    """Start tags of a raw HTML fragment, with their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


class _Depth(HTMLParser):
    """The deepest nesting of elements in an HTML fragment, and the line
    (0-based) where it is reached."""

    VOID = frozenset(
        {
            "area",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.deepest = (0, 0)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)
            if len(self.open) > self.deepest[0]:
                self.deepest = (len(self.open), self.getpos()[0] - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def nesting_depth(body: str) -> tuple[int, int]:
    """How deep a page's Markdown and raw HTML nest (levels), and the body line
    (0-based) of the deepest point."""
    markdown_depth = (0, 0)
    depth = 0
    for token in _parser().parse(body):
        depth += CONTAINERS.get(token.type, 0)
        if depth > markdown_depth[0] and token.map:
            markdown_depth = (depth, token.map[0])
    html = _Depth()
    html.feed(body)
    return max(markdown_depth, html.deepest)


def _html_tags(fragment: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Html()
    parser.feed(fragment)
    parser.close()
    return parser.tags


class PageChecker:
    """Every Markdown problem of one page."""

    def __init__(
        self,
        page: ContentPage,
        targets: dict[str, Target],
        records: Records,
        content_dir: Path,
        generated_ids: frozenset[str] = frozenset(),
    ):
        self.page = page
        self.generated_ids = (
            generated_ids  # ids the page's generated part (around this narrative) has
        )
        self.targets = targets
        self.records = records
        self.content_dir = content_dir
        self.lines = page.body.split("\n")
        self.found: list[Diagnostic] = []
        self.here = targets.get(page.path)
        self.files: set[str] = set()  # below content/: the files the page uses, each checked
        self.named: set[str] = set()  # below content/: every file a link names, used or refused

    def problem(
        self, where: tuple[int, int], message: str, hint: str = "", severity: str = "error"
    ) -> None:
        make = error if severity == "error" else warning
        self.found.append(make(self.page.file, where[0], where[1], message, hint))

    def run(self) -> list[Diagnostic]:
        self.long_lines()
        self.deep_html()
        tokens = _parser().parse(self.page.body)
        level = 1  # the title, from front matter, is the page's H1
        depth = 0
        for i, token in enumerate(tokens):
            depth += CONTAINERS.get(token.type, 0)
            if depth > MAX_NESTING and CONTAINERS.get(token.type) == 1:
                self.too_deep(token)
                break  # one message; what lies deeper is not looked at
            if token.type == "heading_open":
                level = self.heading(token, level)
                self.heading_id(token, tokens[i + 1])
            elif token.type == "html_block":
                self.raw_html(token.content, _Locator(self.page, self.lines, token.map))
                self.unclosed_comment(token)
            elif token.type == "inline":
                self.inline(token)
            elif token.type == "code_block":
                self.indented_block(token)
            elif token.type == "paragraph_open" and self.page.path.startswith("events/"):
                self.citation(token, tokens[i + 1])
        return self.found

    # sizes that would make the build's work grow faster than the page

    def long_lines(self) -> None:
        for index, line in enumerate(self.lines):
            if len(line) > MAX_LINE_CHARS:
                self.problem(
                    (self.page.body_line + index, MAX_LINE_CHARS + 1),
                    Message(
                        "line is {length} characters long; the limit is {limit}",
                        length=f"{len(line):,}",
                        limit=f"{MAX_LINE_CHARS:,}",
                    ),
                    Message("break the text into paragraphs; a line this long is pasted data"),
                )

    def deep_html(self) -> None:
        html = _Depth()
        html.feed(self.page.body)
        depth, line = html.deepest
        if depth > MAX_NESTING:
            self.problem(
                (self.page.body_line + line, 1),
                Message(
                    "HTML elements are nested more than {most} levels deep ({depth})",
                    most=MAX_NESTING,
                    depth=depth,
                ),
                Message("nest at most a few levels; the PDF layout recurses once per level"),
            )

    def too_deep(self, token: Token) -> None:
        line = token.map[0] if token.map else 0
        col = (
            len(self.lines[line]) - len(self.lines[line].lstrip()) + 1
            if line < len(self.lines)
            else 1
        )
        self.problem(
            (self.page.body_line + line, col),
            Message("quotes and lists are nested more than {most} levels deep", most=MAX_NESTING),
            Message("nest at most a few levels; a deeper '>' or list is usually a pasting mistake"),
        )

    def block_size(self, token: Token, locate: _Locator) -> bool:
        """False (and a message) when one paragraph, heading or cell is too long or has too many
        brackets to convert."""
        text = token.content
        where = (self.page.body_line + token.map[0], 1) if token.map else (self.page.body_line, 1)
        if len(text) > MAX_BLOCK_CHARS:
            self.problem(
                where,
                Message(
                    "paragraph is {length} characters long; the limit is {limit}",
                    length=f"{len(text):,}",
                    limit=f"{MAX_BLOCK_CHARS:,}",
                ),
                Message("split it into several paragraphs with blank lines between them"),
            )
            return False
        brackets = text.count("[")
        if brackets > MAX_BRACKETS:
            self.problem(
                locate.find("["),
                Message(
                    "paragraph has {count} '[' brackets; the limit is {limit}",
                    count=f"{brackets:,}",
                    limit=MAX_BRACKETS,
                ),
                Message(
                    "split it into several paragraphs, or write a bracket that is not a link as \\["
                ),
            )
            return False
        return True

    # headings

    def heading(self, token: Token, previous: int) -> int:
        level = int(token.tag[1])
        line = self.page.body_line + _first_line(token)
        col = self.lines[_first_line(token)].find("#") + 1 or 1
        marks = "#" * level
        if level == 1:
            self.problem(
                (line, col),
                Message("a '# ' heading in the page body"),
                Message(
                    "the page title comes from 'title:' in the front matter; "
                    "start sections with '## '"
                ),
            )
        elif level > previous + 1:
            self.problem(
                (line, col),
                Message(
                    "heading level jumps from '{previous}' to '{marks}'",
                    previous="#" * previous,
                    marks=marks,
                ),
                Message(
                    "use '{marks} ' here, or add the missing level above",
                    marks="#" * (previous + 1),
                ),
            )
        return max(level, 2)

    def heading_id(self, heading: Token, inline: Token) -> None:
        """A heading without ``{ #id }`` gets its words as id:
        those must not name an engine element."""
        text, explicit = _heading_text(inline)
        slug = heading_slug(text, "-")
        if explicit is None and slug.startswith(ENGINE_ID_PREFIX):
            line = _first_line(heading)
            where = (self.page.body_line + line, (self.lines[line].find(text) + 1) or 1)
            self.problem(
                where,
                Message("heading's id '{id}' is reserved for the theme's own elements", id=slug),
                Message(
                    "ids starting with '__' belong to Material (its settings, search and menus); "
                    "reword the heading or give it an id: {{ #{id} }}",
                    id=slug.strip("_") or "section",
                ),
            )

    def element_id(self, value: str, locate: _Locator) -> None:
        """An id written in raw HTML or an attribute list: the data's id form,
        not one the page already uses."""
        where = locate.find(value)
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "section"
        if value.startswith(ENGINE_ID_PREFIX):
            self.problem(
                where,
                Message("id '{id}' is reserved for the theme's own elements", id=value),
                Message(
                    "ids starting with '__' belong to Material (its settings, search and menus); "
                    "choose another, e.g. '{suggestion}'",
                    suggestion=suggestion,
                ),
            )
        elif not CONTENT_ID.fullmatch(value):
            self.problem(
                where,
                Message("id '{id}' is not allowed", id=value),
                Message(
                    "ids are lower-case letters, digits and hyphens (e.g. '{suggestion}')",
                    suggestion=suggestion,
                ),
            )
        elif value in self.generated_ids:
            self.problem(
                where,
                Message("id '{id}' is already used by the generated part of this page", id=value),
                Message("choose another id; two elements with one id break links to both"),
            )

    # links, images and inline HTML

    def inline(self, token: Token) -> None:
        locate = _Locator(self.page, self.lines, token.map)
        if not self.block_size(token, locate):
            return
        for child in token.children or []:
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                self.link(href, locate.find(href) if href else locate.find("]("))
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                where = locate.find("![")
                if not child.content.strip():
                    self.problem(
                        where,
                        Message("image has no alt text"),
                        Message(
                            "describe the image between the brackets: "
                            "![Hyundai plant in Almaty](plant.jpg)"
                        ),
                    )
                self.link(src, locate.find(src) if src else where, image=True)
            elif child.type == "html_inline":
                self.raw_html(child.content, locate)
        self.attribute_lists(token.content, locate)
        self.link_slips(token)
        held = placeholder(_plain_text(token.children or []))
        if held is not None:
            self.problem(
                _Locator(self.page, self.lines, token.map).find(held.split()[0], case=False),
                Message(PLACEHOLDER, placeholder=held),
                PLACEHOLDER_IN_PAGE_HINT,
            )

    def link_slips(self, token: Token) -> None:
        """Links typed slightly wrong, which the page would show as typed (markdown_slips.py)."""
        locate = _Locator(self.page, self.lines, token.map)
        for slip in link_slips(token.children or []):
            where = locate.find_written(slip.needle)
            if where is not None:
                self.problem((where[0], where[1] + slip.point), slip.message, slip.hint)

    def indented_block(self, token: Token) -> None:
        """Text indented by four spaces or a tab is a code block, in markdown-it and on the site:
        shown as typed, in a monospace box, its links not links. Code is fenced with ```."""
        line = token.map[0] if token.map else 0
        self.problem(
            (self.page.body_line + line, 1),
            INDENTED_BLOCK,
            INDENTED_BLOCK_HINT,
        )

    def attribute_lists(self, text: str, locate: _Locator) -> None:
        """Attributes written in ``{: … }`` lists: the same rules as raw HTML attributes."""
        for attributes in ATTR_LISTS.finditer(text):
            for name, quoted in ATTR_PAIR.findall(attributes.group(1)):
                name = name.lower()
                self.attribute(
                    name,
                    quoted.strip("\"'"),
                    locate,
                    Message("the attribute list's {name}", name=name),
                    Message("remove it from the { … } list"),
                )
            for value in ATTR_LIST_ID.findall(attributes.group(1)):
                self.element_id(value, locate)

    def attribute(
        self, name: str, value: str | None, locate: _Locator, where: str, remove: str
    ) -> None:
        """One attribute, from raw HTML or an attribute list: no event handlers,
        no script addresses."""
        if name.startswith("on"):
            self.problem(
                locate.find(name, case=False),
                Message("event handler attribute '{name}' is not allowed", name=name),
                Message("pages cannot run scripts; {remove}", remove=remove),
            )
            return
        if name == "rel":
            # WeasyPrint embeds the target of rel="attachment" in the PDF;
            # no link of a page needs rel
            self.problem(
                locate.find(name, case=False),
                Message("attribute 'rel' is not allowed"),
                Message(
                    '{remove}; rel="attachment" would put the link\'s target into the PDF books',
                    remove=remove,
                ),
            )
            return
        if name == "id" and value is not None:
            self.element_id(value, locate)
            return
        scheme = urlsplit(value.strip()).scheme.lower() if name in URL_ATTRIBUTES and value else ""
        if value and scheme in ("javascript", "vbscript", "data"):
            self.problem(
                locate.find(value),
                Message(
                    "'{scheme}:' address in {where} is not allowed", scheme=scheme, where=where
                ),
                Message("link to a page of the briefing or to an https:// address"),
            )
        elif name in EMBEDDING_ATTRIBUTES and value:
            candidates = (
                [c.split()[0] for c in value.split(",") if c.strip()]
                if name == "srcset"
                else [value.strip()]
            )
            for address in candidates:
                parts = urlsplit(address)
                if parts.scheme or parts.netloc:
                    self.problem(
                        locate.find(address),
                        Message(
                            "{where} loads from another host ('{address}')",
                            where=where,
                            address=address,
                        ),
                        REMOTE_IMAGE_HINT,
                    )

    def link(self, href: str, where: tuple[int, int], image: bool = False) -> None:
        what = Message("image") if image else Message("link")
        href = href.strip()
        if not href:
            self.problem(
                where,
                Message("{what} has no target", what=what),
                Message("write the page or address between the parentheses: [text](about.md)"),
            )
            return
        parts = urlsplit(href)
        scheme = parts.scheme.lower()
        not_allowed = (
            Message("image from a '{scheme}:' address is not allowed", scheme=scheme)
            if image
            else Message("link to a '{scheme}:' address is not allowed", scheme=scheme)
        )
        if scheme in ("javascript", "vbscript", "data", "file"):
            hint = (
                REMOTE_IMAGE_HINT
                if image
                else Message("link to a page of the briefing (about.md) or to an https:// address")
            )
            self.problem(where, not_allowed, hint)
            return
        if image and (scheme or parts.netloc):
            self.problem(
                where,
                Message("image from another host ('{href}') is not allowed", href=href),
                REMOTE_IMAGE_HINT,
            )
            return
        if scheme or parts.netloc:
            if scheme not in SAFE_SCHEMES:
                self.problem(where, not_allowed, Message("use an https:// address"))
            return
        if href.startswith("/"):
            self.problem(
                where,
                Message("{what} '{href}' starts at the site root", what=what, href=href),
                Message(
                    "links are relative to this page's file, "
                    "e.g. ../about.md or ../projects/turkistan-highway.md"
                ),
            )
            return
        path = unquote(parts.path)
        if not path:
            self.anchor(self.here, parts.fragment, where, same_page=True)
            return
        if image or is_file_link(path):
            self.file_link(href, path, where, image)
            return
        target_path = posixpath.normpath(posixpath.join(posixpath.dirname(self.page.path), path))
        if target_path.startswith("../") or target_path == "..":
            self.problem(
                where,
                Message(
                    "{what} '{href}' points outside {folder}",
                    what=what,
                    href=href,
                    folder=f"content/{self.page.lang}/",
                ),
                Message(
                    "link to pages of the same language; "
                    "the language switcher links the other language"
                ),
            )
            return
        if not target_path.endswith(".md"):
            self.not_a_page(href, target_path, where)
            return
        target = self.targets.get(target_path)
        if target is None and target_path in _other_generated_pages():
            return
        if target is None:
            self.missing_page(href, target_path, where)
            return
        self.anchor(target, parts.fragment, where)

    def not_a_page(self, href: str, target_path: str, where: tuple[int, int]) -> None:
        guess = target_path.rstrip("/") + ".md"
        if (
            guess + "/index.md" in self.targets
            or f"{target_path.rstrip('/')}/index.md" in self.targets
        ):
            guess = f"{target_path.rstrip('/')}/index.md"
        self.problem(
            where,
            Message("link '{href}' does not name a Markdown file", href=href),
            Message(
                "link to the page's .md file, e.g. {example}",
                example=posixpath.relpath(guess, posixpath.dirname(self.page.path) or "."),
            ),
        )

    def file_link(self, href: str, path: str, where: tuple[int, int], image: bool) -> None:
        """An image, or a link to a file (a PDF, a picture) in content/<lang>/ or content/files/."""
        lang = self.page.lang
        name = posixpath.basename(path)
        what = Message("image") if image else Message("link")
        target = content_path(lang, self.page.path, path)
        share = shared_link(name, lang, self.page.path)
        shared = f"content/{SHARED_FOLDER}/"
        if published_path(target, lang) is None:
            self.problem(
                where,
                Message(
                    "{what} '{href}' points outside {folder} and {shared}",
                    what=what,
                    href=href,
                    folder=f"content/{lang}/",
                    shared=shared,
                ),
                Message(
                    "a file both languages use goes in {shared}; from this page its link is {link}",
                    shared=shared,
                    link=share,
                ),
            )
            return
        self.named.add(target)
        problem = file_problem(self.content_dir, target, lang, href, image)
        if problem is not None:
            self.problem(where, problem.message, problem.hint)
            return
        if not os.path.lexists(self.content_dir / target):
            self.problem(
                where,
                Message("image file '{href}' does not exist", href=href)
                if image
                else Message("link target '{href}' does not exist", href=href),
                self.missing_file_hint(target, path, share),
            )
            return
        self.files.add(target)

    def missing_file_hint(self, target: str, path: str, share: str) -> Message:
        """Where to put a missing file (its exact path), or a file there with a close name."""
        folder = self.content_dir / posixpath.dirname(target)
        beside = (
            sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix != ".md")
            if folder.is_dir()
            else []
        )
        close = difflib.get_close_matches(posixpath.basename(target), beside, n=1, cutoff=0.6)
        if close:
            return Message(
                "did you mean '{suggestion}'?",
                suggestion=posixpath.join(posixpath.dirname(path), close[0]),
            )
        if target.startswith(f"{SHARED_FOLDER}/"):
            return Message("put the file at {path} or fix the path", path=f"content/{target}")
        return Message(
            "put the file at {path} or fix the path; a file both languages use goes "
            "in {shared}, linked as {link}",
            path=f"content/{target}",
            shared=f"content/{SHARED_FOLDER}/",
            link=share,
        )

    def missing_page(self, href: str, target_path: str, where: tuple[int, int]) -> None:
        folder, _, name = target_path.rpartition("/")
        rid = name.removesuffix(".md")
        kind = {"projects": "project", "events": "event"}.get(folder)
        if kind and rid != "index":
            if not self.records.known(kind, rid):
                ids = sorted(self.records.ids.get(kind, set()))
                close = difflib.get_close_matches(rid, ids, n=1, cutoff=0.6)
                hint = (
                    Message("did you mean '{suggestion}'?", suggestion=close[0])
                    if close
                    else Message("use the id of a record in {file}", file=f"data/{folder}.yaml")
                )
                unknown = (
                    Message("link to unknown project id '{id}'", id=rid)
                    if kind == "project"
                    else Message("link to unknown event id '{id}'", id=rid)
                )
                self.problem(where, unknown, hint)
            return  # the page of a record in an unreadable file: reported there
        close = difflib.get_close_matches(target_path, list(self.targets), n=1, cutoff=0.6)
        page_dir = posixpath.dirname(self.page.path) or "."
        hint = (
            Message(
                "did you mean '{suggestion}'?", suggestion=posixpath.relpath(close[0], page_dir)
            )
            if close
            else Message("check the file name; links are relative to this page's file")
        )
        self.problem(
            where, Message("link to a page that does not exist: '{href}'", href=href), hint
        )

    def anchor(
        self, target: Target | None, fragment: str, where: tuple[int, int], same_page: bool = False
    ) -> None:
        if not fragment or target is None or target.anchors is None:
            return
        fragment = unquote(fragment)
        if fragment in target.anchors:
            return
        page = Message("this page") if same_page else target.path
        close = difflib.get_close_matches(fragment, sorted(target.anchors), n=1, cutoff=0.6)
        if close:
            hint = Message("did you mean '{suggestion}'?", suggestion=f"#{close[0]}")
        elif target.label:
            hint = Message(
                "anchors on {page} are the ids in {file}", page=target.path, file=target.label
            )
        else:
            hint = Message(
                "anchors are the page's headings: lower-case words joined by '-', "
                "or an explicit '{ #id }' after the heading"
            )
        if not target.certain:
            self.problem(
                where,
                Message("anchor '#{anchor}' was not found on {page}", anchor=fragment, page=page),
                Message(
                    "{hint}; the page also has generated anchors the checker cannot list",
                    hint=hint,
                ),
                severity="warning",
            )
            return
        self.problem(
            where,
            Message("anchor '#{anchor}' does not exist on {page}", anchor=fragment, page=page),
            hint,
        )

    # raw HTML

    def unclosed_comment(self, block: Token) -> None:
        """``<!--`` without ``-->`` hides the rest of the page,
        from readers and from these checks."""
        at = block.content.find("<!--")
        if at >= 0 and "-->" not in block.content[at:]:
            line = _first_line(block) + block.content.count("\n", 0, at)
            col = self.lines[line].find("<!--") + 1 or 1
            self.problem(
                (self.page.body_line + line, col),
                Message("comment '<!--' is not closed"),
                Message("end it with '-->'; everything after it is hidden and not checked"),
            )

    def raw_html(self, fragment: str, locate: _Locator) -> None:
        for tag, attrs in _html_tags(fragment):
            where = locate.find(f"<{tag}", case=False)
            if tag in FORBIDDEN_TAGS:
                self.problem(
                    where,
                    Message("raw HTML <{tag}> is not allowed in pages", tag=tag),
                    Message(
                        "write the text in Markdown; embeds and scripts are removed from the site"
                    ),
                )
                continue
            if tag == "img":
                self.html_image_file(dict(attrs).get("src"), locate)
            for name, value in attrs:
                self.attribute(
                    name, value, locate, f"<{tag} {name}>", Message("remove the attribute")
                )
            if tag == "img" and not any(
                name == "alt" and (value or "").strip() for name, value in attrs
            ):
                self.problem(
                    where,
                    Message("image has no alt text"),
                    Message(
                        'add alt="…" describing the image, or use Markdown: '
                        "![description](file.jpg)"
                    ),
                )

    def html_image_file(self, src: str | None, locate: _Locator) -> None:
        """Raw HTML keeps its addresses as written: a file of the briefing would not be found."""
        parts = urlsplit((src or "").strip())
        if src and src.strip() and not parts.scheme and not parts.netloc:
            self.problem(
                locate.find(src),
                Message("raw HTML <img> cannot show a file of the briefing ('{src}')", src=src),
                Message(
                    "write the image in Markdown, which the site and the books publish: "
                    "![description]({src})",
                    src=src.strip(),
                ),
            )

    # figures and citations

    def citation(self, paragraph: Token, inline: Token) -> None:
        children = inline.children or []
        if not DIGIT.search(_plain_text(children)):
            return
        for child in children:
            if child.type == "link_open" and self.cites_source(str(child.attrGet("href") or "")):
                return
        row = _first_line(paragraph)
        line = self.page.body_line + row
        col = len(self.lines[row]) - len(self.lines[row].lstrip()) + 1
        self.problem(
            (line, col),
            Message("paragraph with figures cites no source"),
            Message(
                "end it with a link to the source on the sources page, "
                "e.g. ([Newspim, 27 September 2019](../sources.md#newspim-2019-09-27))"
            ),
            severity="warning",
        )

    def cites_source(self, href: str) -> bool:
        parts = urlsplit(href)
        if parts.scheme or not parts.fragment:
            return False
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(self.page.path), unquote(parts.path))
        )
        return target == page_source_path(PAGES["sources"])


def check_pages(
    content: dict[str, dict[str, ContentPage]],
    files: dict[str, LoadedYaml],
    theme_dir: Path,
    content_dir: Path,
    languages: tuple[str, ...],
) -> list[Diagnostic]:
    """Markdown problems of every content page in every language (``languages``: their codes)."""
    records = Records.of(files)
    generated_ids = _generated_ids(theme_dir, records)
    found: list[Diagnostic] = _record_ids_over_page_ids(files, theme_dir)
    used: set[str] = set()  # below content/: the files some page names
    for lang in languages:
        pages = content.get(lang, {})
        targets = site_targets(pages, lang, records, theme_dir)
        found.extend(_pages_over_generated_pages(pages, records))
        for page in pages.values():
            checker = PageChecker(
                page,
                targets,
                records,
                content_dir,
                generated_ids.get(_template_of(page.path), frozenset()),
            )
            found.extend(checker.run())
            page.files = tuple(sorted(checker.files))
            used.update(checker.named)
    if content_dir.is_dir():
        found.extend(unused_files(content_dir, used, languages))
    return found


def _pages_over_generated_pages(
    pages: dict[str, ContentPage], records: Records
) -> list[Diagnostic]:
    """Content pages at the address of a generated page: the build would put one over the other.

    Only ``index.md`` and ``events/<id>.md`` are merged into generated pages (as their narratives).
    """
    from briefing.views.urls import source_path_url

    generated = {PAGES[key] for key in ("timeline", "projects", "organizations", "sources")} | {
        DOWNLOADS,
        DICTIONARY,
    }  # render.PageRenderer.pages
    generated |= {project_url(p) for p in records.ids.get("project", set())}
    events = {event_url(e) for e in records.ids.get("event", set())}
    found = []
    for path, page in sorted(pages.items()):
        url = source_path_url(path)
        merged = path == "index.md" or (path.startswith("events/") and path.count("/") == 1)
        if url in generated or (url in events and not merged) or (url == "" and path != "index.md"):
            found.append(
                error(
                    page.file,
                    1,
                    1,
                    Message(
                        "page would take the place of the generated page '{url}'", url=url or "/"
                    ),
                    Message(
                        "rename the file; generated pages take a narrative only "
                        "from index.md and events/<event id>.md"
                    ),
                )
            )
    return found


# "… is also the id of an organization (data/organizations.yaml:3)", per kind of record listed.
ALSO_THE_ID_OF = {
    "project": N_("id '{id}' is also the id of a project ({place})"),
    "organization": N_("id '{id}' is also the id of an organization ({place})"),
    "person": N_("id '{id}' is also the id of a person ({place})"),
    "source": N_("id '{id}' is also the id of a source ({place})"),
}
# Records listed on one generated page, each with its id as the element's id (and link anchor).
LISTED_ON = {
    "project": "projects.md",
    "organization": "organizations.md",
    "person": "organizations.md",
    "source": "sources.md",
}


def _record_ids_over_page_ids(files: dict[str, LoadedYaml], theme_dir: Path) -> list[Diagnostic]:
    """Record ids that are also a fixed id of the page listing them,
    or another record's id there."""
    from briefing.inputs.schema import DATA_FILE_BY_KIND

    frame = template_anchors(theme_dir, "_page.md")
    found = []
    on_page: dict[
        str, dict[str, tuple[str, LoadedYaml, int]]
    ] = {}  # page template -> id -> first kind, file, index
    for kind, template in LISTED_ON.items():
        loaded = files.get(kind)
        if loaded is None or not isinstance(loaded.data, dict):
            continue
        key = DATA_FILE_BY_KIND[kind].key
        items = loaded.data.get(key)
        if not isinstance(items, list):
            continue
        fixed = template_anchors(theme_dir, template) | frame
        seen = on_page.setdefault(template, {})
        for index, item in enumerate(items):
            rid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(rid, str):
                continue
            line, col = loaded.where((key, index, "id"))
            page = template.removesuffix(".md")
            if rid in fixed:
                found.append(
                    error(
                        loaded.file,
                        line,
                        col,
                        Message(
                            "id '{id}' is also an id of the generated {page} page",
                            id=rid,
                            page=page,
                        ),
                        Message("choose another id; a link to either would reach the first"),
                        f"{key}[{rid}].id",
                    )
                )
            elif rid in seen and seen[rid][0] != kind:
                other_kind, other, other_index = seen[rid]
                other_line, _ = other.where((DATA_FILE_BY_KIND[other_kind].key, other_index, "id"))
                found.append(
                    error(
                        loaded.file,
                        line,
                        col,
                        Message(
                            ALSO_THE_ID_OF[other_kind],
                            id=rid,
                            place=f"{other.file}:{other_line}",
                        ),
                        Message(
                            "both are listed on the {page} page, where an id names one element; "
                            "choose another id",
                            page=page,
                        ),
                        f"{key}[{rid}].id",
                    )
                )
            else:
                seen.setdefault(rid, (kind, loaded, index))
    return found


def _template_of(path: str) -> str:
    """The page template a content page's body is put into ("" for a page of its own)."""
    return "event" if path.startswith("events/") else "home" if path == "index.md" else ""


def _generated_ids(theme_dir: Path, records: Records) -> dict[str, frozenset[str]]:
    """The fixed ids of the templates that narratives go into, and of the frame every page has."""
    frame = template_anchors(theme_dir, "_page.md")
    citations = {f"cite-{s}" for s in records.ids.get("source", set())}
    return {
        "": frozenset(frame),
        "home": frozenset(template_anchors(theme_dir, "home.md") | frame),
        "event": frozenset(template_anchors(theme_dir, "event.md") | frame | citations),
    }
