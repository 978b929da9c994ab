"""Stage 4: write each language's pages as Markdown documents for the engine.

Narratives from ``content/<lang>/`` are combined with facts rendered from
``theme/pages/`` templates. The result is a plain folder of Markdown files
with front matter: any static-site engine could take it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import jinja2
import yaml
from markupsafe import Markup

from briefing.diagnostics import InputError, Message, error
from briefing.inputs.content import ContentPage
from briefing.inputs.editions import Edition, EditionHistory
from briefing.inputs.input_files import InputTooLarge, UnreadableInput, read_input
from briefing.inputs.page_files import MAX_DOCUMENT_BYTES, SHARED_FOLDER, published_path
from briefing.model import Dataset, PartialDate, Text
from briefing.views.changes import changes_view, edition_label
from briefing.views.derive import View, Views
from briefing.views.i18n import MESSAGE_LANGUAGE, Language
from briefing.views.opendata import Publication, dictionary_view, downloads_view, jsonld_text
from briefing.views.urls import (
    DICTIONARY,
    PAGES,
    event_url,
    page_source_path,
    project_url,
    repository_file_url,
    source_path_url,
)
from briefing.views.visuals import Outline, Visuals

# Where a file of the briefing's own is, as named in messages and in repository links.
SourceFile = tuple[str, int | None]  # ("data/projects.yaml", 42) or ("content/en/about.md", None)


@dataclass(frozen=True)
class RenderedPage:
    """A page ready for the engine: where it goes, its front matter and body."""

    path: str
    meta: dict
    body: str

    def text(self) -> str:
        front = yaml.dump(self.meta, Dumper=DUMPER, allow_unicode=True, sort_keys=True, width=1000)
        return f"---\n{front}---\n\n{self.body.strip()}\n"


# libyaml's emitter writes the same text as PyYAML's, about seven times faster.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _SharedBytecode(jinja2.BytecodeCache):
    """Templates compiled once per process and reused by every language's environment.

    Jinja checks each entry against the template source's checksum, so an
    edited template (``build.py serve``) is compiled again.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_BYTECODE = _SharedBytecode()


def template_environment(theme_dir: Path, lang: Language) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme_dir / "pages"),
        bytecode_cache=TEMPLATE_BYTECODE,
        # Each language's render makes its own environment, so its templates are read
        # once; checking their files' times again on each of 5,000 renders found nothing.
        auto_reload=False,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        # Every value a template prints is plain text unless it is Markup
        # (narratives, macros, drawings).
        finalize=plain_text,
    )
    env.filters["plain"] = plain_text
    # a method the i18n extension adds to the environment, unknown to Jinja's types
    env.install_gettext_translations(  # type: ignore[attr-defined]
        lang.translations, newstyle=True
    )
    return env


# HTML's own five, and the characters that start Markdown syntax in a heading or paragraph:
# emphasis, code, links and images, attribute lists (`{ #id }`), closing hashes, table cells,
# escapes. Written as character references they are the same text to a browser and no
# syntax to Python-Markdown.
_PLAIN_TEXT = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]#|!"}
_LINE_BREAK = re.compile(r"\r\n?|\n")
_NEEDS_ESCAPE = re.compile(r"[&<>\"'\\`*_{}\[\]#|!\r\n]")


def plain_text(value: object) -> object:
    """A value printed into a page's Markdown, as text: HTML-escaped and Markdown-escaped.

    Markup (HTML made by our own templates and the sanitized narratives) passes through.
    A line break becomes a space: in a heading it would end the heading, in a block of
    HTML a blank line would end the block (a browser shows either as a space anyway).
    """
    if hasattr(value, "__html__"):
        return value
    text = str(value)
    if _NEEDS_ESCAPE.search(text) is None:  # most values: ids, numbers, dates, plain words
        return Markup(text)
    return Markup(_LINE_BREAK.sub(" ", text).translate(_PLAIN_TEXT))


class PageRenderer:
    """Renders every page of one language."""

    def __init__(
        self,
        data: Dataset,
        content: dict[str, ContentPage],
        lang: Language,
        theme_dir: Path,
        publication: Publication | None = None,
        outline: Outline | None = None,
        stale: dict[str, str] | None = None,
        history: EditionHistory | None = None,
    ):
        self.data = data
        self.stale = (
            stale or {}
        )  # page path -> ISO date the other language changed after this one (staleness.py)
        self.content = content
        self.lang = lang
        self.views = Views(data, lang)
        self.visuals = Visuals(data, lang, outline)
        self.publication = publication  # absolute links: citations, JSON-LD, downloads
        self.env = template_environment(theme_dir, lang)
        self.as_of = self.views.date(data.latest_update())
        # the editions (inputs/editions.py); without them (a renderer alone, in tests),
        # an edition of the data's date
        self.history = history or EditionHistory(
            Edition("", "", data.latest_update().last_day().isoformat())
        )
        self.edition = edition_label(self.history.current, lang)

    def render(self, template: str, **context: object) -> str:
        other = self.lang.other
        return self.env.get_template(template).render(
            lang=self.lang.code,
            other=other,
            other_language_name=self.lang.other_name,
            region=self.lang.briefing.region.name[self.lang.code],
            since=self.lang.briefing.since,
            message_lang=MESSAGE_LANGUAGE,  # the language of the schema's field descriptions
            **context,
        )

    def meta(
        self,
        title: str,
        description: str,
        updated: View | None = None,
        kind: str = "page",
        record: str = "",
        jsonld: dict | None = None,
    ) -> dict:
        updated = updated or self.as_of
        extra = {"jsonld": jsonld_text(jsonld)} if jsonld else {}
        return {
            **extra,
            "title": title,
            "description": description,
            "as_of": updated["text"],
            "as_of_iso": updated["iso"],
            "page_kind": kind,
            "record": record,
            "edition": self.edition,  # every footer names it (partials/copyright.html)
        }

    def narrative(self, path: str) -> ContentPage | None:
        return self.content.get(path)

    def corrections(self, path: str, title: str, files: Sequence[SourceFile]) -> dict:
        """How a reader reports an error on the page at ``path``: the editors' address
        (briefing.yml contact) and the page's source files in the repository
        (theme/overrides/partials/corrections.html).
        """
        briefing = self.lang.briefing
        t = self.lang.gettext
        url = source_path_url(path)
        address = self.publication.permalink(self.lang.code, url) if self.publication else url
        mail = ""
        if briefing.contact:
            letter = {
                "subject": t("Correction: %(title)s") % {"title": title},
                "body": t("Page: %(address)s") % {"address": address} + "\n\n",
            }
            mail = f"mailto:{briefing.contact}?{urlencode(letter, quote_via=quote)}"
        links = [
            {
                "name": file,
                "line": line,
                "href": repository_file_url(briefing.repository, briefing.branch, file, line),
            }
            for file, line in (files if briefing.repository else ())
        ]
        return {"contact": briefing.contact, "mail": mail, "files": links}

    def record_file(self, key: str, record_id: str) -> SourceFile:
        """The data file and line of a record (``key``: ``projects``, ``events``…)."""
        return self.data.written_at.get((key, record_id), (f"data/{key}.yaml", None))

    def page(
        self, path: str, meta: dict, body: str, files: Sequence[SourceFile] = ()
    ) -> RenderedPage:
        """A page with its title as the one H1 and its "as of" date under it;
        ``files``: its sources."""
        as_of = {"text": meta["as_of"], "iso": meta["as_of_iso"]}
        meta = {**meta, "corrections": self.corrections(path, meta["title"], files)}
        if path in self.stale:  # shown by theme/overrides/partials/stale.html
            since = self.views.date(PartialDate.parse(self.stale[path]))
            meta = {
                **meta,
                "stale_since": since["text"],
                "stale_since_iso": since["iso"],
                "stale_language": self.lang.other_name,
                "stale_lang": self.lang.other,
            }
        return RenderedPage(
            path,
            meta,
            # a record's page gives the day the record was edited, not the day its facts refer to
            self.render(
                "_page.md",
                title=meta["title"],
                as_of=as_of,
                record=bool(meta["record"]),
                body=Markup(body),
            ),
        )

    def pages(self) -> list[RenderedPage]:
        t = self.lang.gettext
        out: list[RenderedPage] = []
        generated = {"index.md"} | {f"events/{e}.md" for e in self.data.events}
        home = self.narrative("index.md")
        out.append(
            self.page(
                "index.md",
                self.meta(
                    home.title if home else self.lang.subject,
                    str(home.meta.get("description", "")) if home else "",
                    kind="home",
                ),
                self.render(
                    "home.md",
                    h=self.views.home(),
                    vis=self.home_visuals(),
                    narrative=_markdown(home.body if home else ""),
                ),
                [(home.file, None)] if home else [],
            )
        )
        out.append(
            self.page(
                page_source_path(PAGES["timeline"]),
                self.meta(
                    t("Timeline"),
                    t("%(subject)s: events since %(year)s, in date order.")
                    % {"subject": self.lang.subject, "year": self.lang.briefing.since},
                    kind="timeline",
                ),
                self.render(
                    "timeline.md",
                    t=self.views.timeline(),
                    vis={"timeline": self.visuals.timeline(PAGES["timeline"])},
                ),
                [("data/events.yaml", None)],
            )
        )
        out.append(
            self.page(
                page_source_path(PAGES["projects"]),
                self.meta(
                    t("Projects"),
                    t("All projects of %(subject)s with sector, place, figures and status.")
                    % {"subject": self.lang.subject},
                    kind="projects",
                ),
                self.render("projects.md", v=self.views.projects_index()),
                [("data/projects.yaml", None)],
            )
        )
        out.append(
            self.page(
                page_source_path(PAGES["organizations"]),
                self.meta(
                    t("Organizations and people"),
                    t("Bilingual glossary of the organizations and people in the briefing."),
                    kind="organizations",
                ),
                self.render("organizations.md", v=self.views.organizations()),
                [("data/organizations.yaml", None), ("data/people.yaml", None)],
            )
        )
        out.append(
            self.page(
                page_source_path(PAGES["sources"]),
                self.meta(
                    t("Sources"),
                    t("The articles and public records every fact in the briefing comes from."),
                    kind="sources",
                ),
                self.render("sources.md", v=self.views.sources()),
                [("data/sources.yaml", None)],
            )
        )
        for project in self.data.projects.values():
            view = self.views.project(project)
            out.append(
                self.page(
                    page_source_path(project_url(project.id)),
                    self.meta(
                        view["name"],
                        project.summary[self.lang.code],
                        view["updated"],
                        kind="project",
                        record=project.id,
                    ),
                    self.render(
                        "project.md",
                        p=view,
                        cite=self.cite(
                            "project", project.name, project_url(project.id), project.updated
                        ),
                    ),
                    [self.record_file("projects", project.id)],
                )
            )
        for event in self.data.events.values():
            story = self.narrative(f"events/{event.id}.md")
            view = self.views.event(event, story)
            out.append(
                self.page(
                    page_source_path(event_url(event.id)),
                    self.meta(
                        view["title"],
                        event.summary[self.lang.code],
                        self.views.date(_later(event.updated, story)),
                        kind="event",
                        record=event.id,
                        jsonld=self.publication.event_jsonld(self.data, event, self.lang)
                        if self.publication
                        else None,
                    ),
                    self.render(
                        "event.md",
                        e=view,
                        narrative=_markdown(story.body if story else ""),
                        cite=self.cite("event", event.title, event_url(event.id), event.updated),
                    ),
                    [
                        self.record_file("events", event.id),
                        *([(story.file, None)] if story else []),
                    ],
                )
            )
        out.extend(self.open_data_pages())
        out.append(self.changes_page())
        for path, page in sorted(self.content.items()):
            if path in generated:
                continue
            updated = page.meta.get("updated")
            out.append(
                self.page(
                    path,
                    self.meta(
                        page.title,
                        str(page.meta.get("description", "")),
                        self.views.date(PartialDate.parse(str(updated))) if updated else None,
                        kind="article",
                    ),
                    page.body,
                    [(page.file, None)],
                )
            )
        return out

    def changes_page(self) -> RenderedPage:
        """What changed, edition by edition (views/changes.py)."""
        t = self.lang.gettext
        path = page_source_path(PAGES["changes"])
        meta = self.meta(
            t("What changed"),
            t("What changed in the briefing's data and pages, edition by edition."),
            kind="changes",
        )
        return RenderedPage(
            path,
            {**meta, "corrections": self.corrections(path, meta["title"], ())},
            self.render(
                "_page.md",
                title=meta["title"],
                as_of={"text": meta["as_of"], "iso": meta["as_of_iso"]},
                body=Markup(
                    self.render(
                        "changes.md", v=changes_view(self.history, self.lang, PAGES["changes"])
                    )
                ),
            ),
        )

    def home_visuals(self) -> dict:
        here = PAGES["home"]
        return {
            "timeline": self.visuals.timeline(here),
            "map": self.visuals.map(here),
            "charts": self.visuals.charts(here),
        }

    def cite(self, kind: str, title: Text, url: str, updated: PartialDate) -> dict | None:
        return (
            self.publication.cite_view(kind, title, url, updated, self.lang)
            if self.publication
            else None
        )

    def open_data_pages(self) -> list[RenderedPage]:
        """The downloads page and its data dictionary
        (the files themselves come from ``opendata.write_open_data``)."""
        if self.publication is None:
            return []
        t = self.lang.gettext

        def reported(path: str, meta: dict) -> dict:
            """Made from every data file: the editors' address, no one source file."""
            return {**meta, "corrections": self.corrections(path, meta["title"], ())}

        downloads, dictionary = page_source_path(PAGES["downloads"]), page_source_path(DICTIONARY)
        return [
            RenderedPage(
                downloads,
                reported(
                    downloads,
                    self.meta(
                        t("Downloads"),
                        t(
                            "The briefing's data as JSON and CSV, "
                            "with schemas, a data dictionary and a feed of changes."
                        ),
                        kind="downloads",
                        jsonld=self.publication.dataset_jsonld(self.data, self.lang),
                    ),
                ),
                self.render(
                    "downloads.md", d=downloads_view(self.data, self.lang, self.publication)
                ),
            ),
            RenderedPage(
                dictionary,
                reported(
                    dictionary,
                    self.meta(
                        t("Data dictionary"),
                        t(
                            "What each column of projects.csv "
                            "and each field of the JSON downloads means."
                        ),
                        kind="dictionary",
                    ),
                ),
                self.render("dictionary.md", d=dictionary_view(self.lang)),
            ),
        ]


def _later(updated: PartialDate, narrative: ContentPage | None) -> PartialDate:
    """An event page's date: the record's ``updated``, or its narrative's when that is later
    (the narrative's front matter has only ``updated``; content.py)."""
    if narrative is None or not narrative.meta.get("updated"):
        return updated
    written = PartialDate.parse(str(narrative.meta["updated"]))
    return written if written.key() > updated.key() else updated


def _markdown(source: str) -> Markup:
    """Editors' Markdown goes to the engine as Markdown; the engine's output is sanitized."""
    return Markup(source)


def write_pages(pages: list[RenderedPage], docs_dir: Path) -> None:
    """Write pages into an empty ``docs_dir``."""
    for page in pages:
        target = docs_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text(), encoding="utf-8")


def write_page_files(
    pages: Iterable[ContentPage], content_dir: Path, lang: str, docs_dir: Path
) -> None:
    """Copy the files of ``lang``'s own folder that ``pages`` use into ``docs_dir``, same paths.

    Only files a page uses are published: a draft or a working file left in
    ``content/`` stays private. Files of ``content/files/`` go to ``write_shared_files``.
    """
    for path in sorted({path for page in pages for path in page.files}):
        published = published_path(path, lang)
        if published is not None and path.startswith(f"{lang}/"):
            _copy_input(content_dir, path, docs_dir / published)


def shared_files(pages: Iterable[ContentPage]) -> tuple[str, ...]:
    """The files of ``content/files/`` that ``pages`` use, below content/ (``files/map.png``)."""
    return tuple(
        sorted(
            {path for page in pages for path in page.files if path.startswith(f"{SHARED_FOLDER}/")}
        )
    )


def write_shared_files(
    content: dict[str, dict[str, ContentPage]], content_dir: Path, stage_dir: Path
) -> None:
    """Copy the files of ``content/files/`` any page uses to ``stage_dir/files/``.

    There a page's link (``../../files/map.png`` from ``events/``) names the same file as in
    ``content/``; the engine publishes it in each language that uses it.
    """
    shutil.rmtree(stage_dir / SHARED_FOLDER, ignore_errors=True)
    for path in shared_files(page for pages in content.values() for page in pages.values()):
        _copy_input(content_dir, path, stage_dir / path)


def _copy_input(content_dir: Path, path: str, target: Path) -> None:
    """``content/<path>`` (checked by ``build.py check``) to ``target``, read as any input."""
    shown = f"content/{path}"
    try:
        data = read_input(content_dir / path, content_dir.parent, MAX_DOCUMENT_BYTES)
    except UnreadableInput as exc:  # changed since it was checked
        raise InputError([error(shown, 1, 1, exc.message, exc.hint)]) from None
    except InputTooLarge as exc:
        raise InputError(
            [
                error(
                    shown,
                    1,
                    1,
                    Message(
                        "file is {size} bytes; it changed since it was checked",
                        size=f"{exc.size:,}",
                    ),
                )
            ]
        ) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
