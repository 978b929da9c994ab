"""The briefing's MkDocs plugin:
our UI strings in Material's templates, sanitized pages, our search documents.

Registered by entry point as ``briefing`` (pyproject.toml). ``engine._config``
puts it last in ``plugins``, after ``search``: MkDocs calls the plugins of one
event in list order, and ``on_page_context`` and ``on_post_build`` below must
run after the search plugin's. MkDocs makes a new plugin for every
``load_config`` (one per language build, also in ``build.py serve``'s warm
processes), and ``on_config`` starts the build's state afresh all the same.
The methods follow the order of MkDocs' events.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from briefing.config import ConfigError
from briefing.engine import search_index
from briefing.engine.escaping import mark_page_html
from briefing.engine.material_fixes import (
    MaterialChanged,
    drop_alternate_sitemap_requests,
    drop_toggle_autocomplete,
)
from briefing.engine.raw_html import anchor_ids, put_back, set_aside
from briefing.html.langmark import mark_other_language
from briefing.html.sanitize import sanitize_html
from briefing.views.i18n import Language, catalog_path, load_language
from briefing.views.urls import heading_slug, other_language_url


class BriefingPluginConfig(Config):
    """The plugin's options (set by ``engine._config`` for each language build)."""

    root = config_options.Dir(
        exists=True
    )  # the briefing's folder: locale/ and .cache/ are read from it
    lang = config_options.Type(
        str
    )  # the language this build makes: a code of briefing.yml's languages
    # files beside docs_dir that this language's pages use ("files/map.png"): see on_files
    shared_files = config_options.ListOfItems(config_options.Type(str), default=[])


class BriefingContext(TemplateContext, total=False):
    """A page's template context with the keys this plugin adds (theme/overrides read them)."""

    other_languages: list[dict[str, str]]
    hreflang_links: list[dict[str, str]]
    x_default_href: str


class BriefingPlugin(BasePlugin[BriefingPluginConfig]):
    """One language build's pages made ours: translated, autoescaped, sanitized, indexed our way."""

    def __init__(self) -> None:
        self._start_build_state()

    def _start_build_state(self) -> None:
        self.language: Language | None = None
        self.scripts: dict[
            str, str
        ] = {}  # language code -> writing system, to mark the other languages' words
        # This build's search documents (engine/search_index.py),
        # and each page's sections until its turn, by page source.
        self.search = search_index.SearchDocuments()
        self.sections: dict[str, list[search_index.Section]] = {}
        # Each page's blocks of HTML while Python-Markdown converts the rest
        # (engine/raw_html.py), by page source.
        self.set_aside: dict[str, list[str]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._start_build_state()
        root = Path(self.config.root)
        try:
            self.language = load_language(self.config.lang, root)
        except ConfigError as exc:  # names briefing.yml and the setting
            raise PluginError(str(exc)) from None
        except Exception as exc:  # a catalog that cannot be read or compiled: name it
            raise PluginError(f"{catalog_path(root / 'locale', self.config.lang)}: {exc}") from None
        self.scripts = {
            language.code: language.script for language in self.language.briefing.languages
        }
        if "toc" in config.markdown_extensions:
            config.mdx_configs.setdefault("toc", {})["slugify"] = heading_slug
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """List the shared files this language uses (``.cache/stage/files/``) among its files.

        The stage mirrors ``content/``: a page links ``../files/map.png`` from the language's
        top, as on disk. Each is listed at that path beside ``docs_dir``, where MkDocs' own
        link resolution looks for it (so it checks and rewrites such links as any other), and
        published inside this language's site, ``<lang>/files/map.png``.
        """
        shared_dir = Path(config.docs_dir).parent
        for path in self.config.shared_files:
            # INCLUDED: left undefined, MkDocs' default exclusion of hidden names ('.*') takes '..'
            file = File.generated(
                config,
                f"../{path}",
                abs_src_path=str(shared_dir / path),
                inclusion=InclusionLevel.INCLUDED,
            )
            file.dest_uri = path
            files.append(file)
        return files

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if "jinja2.ext.InternationalizationExtension" not in env.extensions:
            env.add_extension("jinja2.ext.i18n")
        assert self.language is not None  # on_config, which MkDocs calls first, loaded it
        # a method the i18n extension adds to the environment, unknown to Jinja's types
        env.install_gettext_translations(  # type: ignore[attr-defined]
            self.language.translations, newstyle=True
        )
        # MkDocs leaves autoescaping off and Material prints titles as they are;
        # with it on, HTML-valued page fields are marked once here (engine/escaping.py).
        env.autoescape = True
        # Material's templates are compiled again by every build; keep the compiled code in .cache/.
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self._bytecode_dir()))
        for file in files.documentation_pages():
            if file.page is not None:
                mark_page_html(file.page)
        return env

    def _bytecode_dir(self) -> Path:
        from briefing.inputs import Paths

        path = Paths(Path(self.config.root)).cache_dir / "jinja"
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PluginError(f"{path}: cannot create the template cache: {exc.strerror}") from None
        return path

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        markdown, self.set_aside[page.file.src_uri] = set_aside(markdown)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        blocks = self.set_aside.pop(page.file.src_uri, [])
        html = put_back(html, blocks)
        if (
            page.present_anchor_ids is not None
        ):  # links to them are checked like links to any heading
            page.present_anchor_ids |= anchor_ids(blocks)
        html = mark_other_language(sanitize_html(html), self.config.lang, self.scripts)
        # MkDocs runs every page's on_page_content before any on_page_context, so the search
        # plugin (whose on_page_context indexes) reads this front matter and skips the page; we
        # index it
        if not search_index.excluded_by_page(page.meta):
            self.sections[page.file.src_uri] = search_index.split_sections(html)
        search_index.leave_page_to_us(page.meta)
        return html

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        sections = self.sections.pop(page.file.src_uri, None)
        if (
            sections is not None
        ):  # the page's title as the search plugin reads it, now that on_env marked it
            self.search.add(sections, page.url, str(page.meta.get("title", page.title)))
        # again: the search plugin's on_page_context (before this one) replaced page.content
        mark_page_html(page)
        lang = self.config.lang
        languages = config.extra["languages"]
        ours = cast(BriefingContext, context)  # the same dict, with our keys declared
        ours["other_languages"] = [
            {
                "code": other["code"],
                "name": other["name"],
                "href": other_language_url(page.url, other["code"]),
            }
            for other in languages
            if other["code"] != lang
        ]
        site_root = config.extra["site_root"]
        ours["hreflang_links"] = [
            {"lang": other["code"], "href": f"{site_root}{other['code']}/{page.url}"}
            for other in languages
        ]
        ours["x_default_href"] = site_root
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return drop_toggle_autocomplete(output)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return drop_toggle_autocomplete(output_content)  # 404.html is a template, not a page

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        index = site_dir / "search" / "search_index.json"
        try:
            self.search.write(
                site_dir
            )  # into the index the search plugin's on_post_build (before this one) wrote
        except (OSError, ValueError) as exc:
            raise PluginError(f"{index}: cannot add the search documents: {exc}") from None
        try:
            drop_alternate_sitemap_requests(site_dir)
        except MaterialChanged as exc:
            raise PluginError(str(exc)) from None
