"""The Downloads page's facts about each briefing pack: its pages and size.

The pages are rendered before the print stage lays the packs out, so the
Downloads page leaves an empty ``<span class="kz-pack-facts" data-pack="...">``
per pack (``theme/pages/downloads.md``); once the PDFs are in the build folder
(laid out, reused from the cache, or carried over by the preview)
``label_packs`` writes into each span what the file itself says.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from babel.numbers import format_decimal
from pypdf import PdfReader

from briefing.views.i18n import Language, load_languages
from briefing.views.urls import PAGES

_PACK_FACTS = re.compile(r'<span class="kz-pack-facts" data-pack="([^"]+)"></span>')


def pack_facts(pdf: Path) -> tuple[int, int]:
    """The pages and bytes of the PDF at ``pdf``."""
    return len(PdfReader(pdf).pages), pdf.stat().st_size


def label_packs(root: Path, out_dir: Path) -> int:
    """Write each pack's page count and size into every language's Downloads page in
    ``out_dir``; the number of packs labelled (a pack with no file stays unlabelled)."""
    labelled = 0
    for code, lang in load_languages(root).items():
        page = out_dir / code / PAGES["downloads"] / "index.html"
        if not page.is_file():
            continue
        parts = _PACK_FACTS.split(page.read_text(encoding="utf-8"))
        # split keeps each span's data-pack value at the odd positions
        for position in range(1, len(parts), 2):
            facts = _facts_text(out_dir / code, html.unescape(parts[position]), lang)
            labelled += bool(facts)
            parts[position] = (
                f'<span class="kz-pack-facts" data-pack="{parts[position]}">'
                f"{html.escape(facts)}</span>"
            )
        page.write_text("".join(parts), encoding="utf-8")
    return labelled


def _facts_text(folder: Path, file: str, lang: Language) -> str:
    """ "12 pages, 340 kB" for the pack ``file`` below the language's ``folder``; "" if absent."""
    pdf = folder / file
    if not pdf.resolve().is_relative_to(folder.resolve()) or not pdf.is_file():
        return ""
    pages, size = pack_facts(pdf)
    return lang.gettext("%(count)s pages, %(size)s kB") % {
        "count": pages,
        "size": format_decimal(round(size / 1000), locale=lang.locale),
    }
