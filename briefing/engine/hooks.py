"""MkDocs hooks: our UI strings in Material's templates, and sanitized pages.

Loaded by MkDocs from this file's path (see ``engine.HOOKS``); hooks run after
all plugins for each event.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2


def _briefing(config):
    root = Path(config.extra["briefing_root"])
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    import briefing

    return briefing, root


def _bytecode_dir(root: Path) -> Path:
    from briefing.inputs import Paths

    path = Paths(root).cache_dir / "jinja"
    path.mkdir(parents=True, exist_ok=True)
    return path


def on_config(config):
    _briefing(config)
    from briefing.engine.search_index import SearchDocuments
    from briefing.views.urls import heading_slug

    global _SEARCH
    _SEARCH = SearchDocuments()  # this module stays loaded between builds (build.py serve)
    if "toc" in config.markdown_extensions:
        config.mdx_configs.setdefault("toc", {})["slugify"] = heading_slug
    return config


def on_env(env, config, files):
    _, root = _briefing(config)
    from briefing.views.i18n import load_language

    lang = load_language(config.extra["lang"], root)
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(lang.translations, newstyle=True)
    # MkDocs leaves autoescaping off and Material prints titles as they are;
    # with it on, HTML-valued page fields are marked once here (engine/escaping.py).
    from briefing.engine.escaping import mark_page_html

    env.autoescape = True
    # Material's templates are compiled again by every build (0.4 s of a
    # language's 1 s on the real content); keep the compiled code in .cache/.
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_bytecode_dir(root)))
    for file in files.documentation_pages():
        if file.page is not None:
            mark_page_html(file.page)
    return env


# This build's search documents (engine/search_index.py), and each page's sections until its turn, by page source.
_SEARCH = None
_SECTIONS: dict[str, list] = {}

# Each page's blocks of HTML while Python-Markdown converts the rest (engine/raw_html.py), by page source.
_SET_ASIDE: dict[str, list[str]] = {}


def on_page_markdown(markdown, page, config, files):
    _briefing(config)
    from briefing.engine.raw_html import set_aside

    markdown, _SET_ASIDE[page.file.src_uri] = set_aside(markdown)
    return markdown


def on_page_content(html, page, config, files):
    _briefing_module, root = _briefing(config)
    from briefing.config import read_config
    from briefing.engine import search_index
    from briefing.engine.raw_html import anchor_ids, put_back
    from briefing.html.langmark import mark_other_language
    from briefing.html.sanitize import sanitize_html

    blocks = _SET_ASIDE.pop(page.file.src_uri, [])
    html = put_back(html, blocks)
    if page.present_anchor_ids is not None:  # links to them are checked like links to any heading
        page.present_anchor_ids |= anchor_ids(blocks)
    scripts = {language.code: language.script for language in read_config(root).languages}
    html = mark_other_language(sanitize_html(html), config.extra["lang"], scripts)
    # the search plugin indexes nothing (its on_page_context comes next); we index the page as it would
    if not search_index.excluded_by_page(page.meta):
        _SECTIONS[page.file.src_uri] = search_index.split_sections(html)
    search_index.leave_page_to_us(page.meta)
    return html


def on_page_context(context, page, config, nav):
    _briefing(config)
    from briefing.engine.escaping import mark_page_html
    from briefing.views.urls import other_language_url

    sections = _SECTIONS.pop(page.file.src_uri, None)
    if sections is not None:  # the page's title as the search plugin reads it, now that on_env marked it
        _SEARCH.add(sections, page.url, str(page.meta.get("title", page.title)))
    mark_page_html(page)  # again: a plugin may have replaced page.content since on_env
    lang = config.extra["lang"]
    languages = config.extra["languages"]
    context["other_languages"] = [
        {"code": other["code"], "name": other["name"], "href": other_language_url(page.url, other["code"])} for other in languages if other["code"] != lang
    ]
    site_root = config.extra["site_root"]
    context["hreflang_links"] = [{"lang": other["code"], "href": f"{site_root}{other['code']}/{page.url}"} for other in languages]
    context["x_default_href"] = site_root
    return context


def on_post_page(output, page, config):
    _briefing(config)
    from briefing.engine.material_fixes import drop_toggle_autocomplete

    return drop_toggle_autocomplete(output)


def on_post_template(output_content, template_name, config):
    # 404.html is a template, not a page
    return on_post_page(output_content, None, config)


def on_post_build(config):
    _briefing(config)
    from mkdocs.exceptions import PluginError

    from briefing.engine.material_fixes import MaterialChanged, drop_alternate_sitemap_requests

    _SEARCH.write(Path(config.site_dir))  # after the search plugin wrote its index: hooks run after plugins
    try:
        drop_alternate_sitemap_requests(Path(config.site_dir))
    except MaterialChanged as exc:
        raise PluginError(str(exc)) from None
