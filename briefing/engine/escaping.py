"""Material's templates under Jinja autoescaping.

MkDocs creates its template environment without autoescaping, and Material
prints ``page.meta.title`` and ``page.title`` as they are: a project name such
as ``</title><script>…`` would become markup in every page that names it.
``plugin.BriefingPlugin.on_env`` turns autoescaping on; this module marks the few values that
really are HTML so they are not escaped twice:

- ``page.content``: our Markdown rendered and sanitized (``sanitize.py``);
- ``page.title`` and the table-of-contents titles: MkDocs keeps these as
  HTML text when they come from a heading, and as plain text when they come
  from front matter or ``nav``; both are normalised to escaped text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink


def _heading_text(html_text: str) -> str:
    """Plain text of a title MkDocs took from a rendered heading
    (tags stripped, entities decoded)."""
    return Markup(html_text).striptags()


def _title_text(page: Page) -> str:
    title = page.title or ""
    # Only a title from the first H1 is HTML text; front matter and nav titles are plain.
    if "title" not in page.meta and title == getattr(page, "_title_from_render", None):
        return _heading_text(title)
    return str(title)


def _mark_toc(items: Iterable[AnchorLink]) -> None:
    for item in items:
        item.title = Markup.escape(_heading_text(str(item.title)))
        _mark_toc(item.children)


def mark_page_html(page: Page) -> None:
    """Prepare one page for autoescaped templates (call right before its template renders)."""
    page.content = Markup(page.content or "")
    page.title = Markup.escape(_title_text(page))
    _mark_toc(page.toc)
