"""Every UI string of our templates and code has a Korean translation."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.pofile import read_po

from briefing.commands.i18n import extract, untranslated
from briefing.views.i18n import catalog_path

ROOT = Path(__file__).resolve().parents[2]


def test_korean_catalog_translates_every_extracted_string() -> None:
    catalog = read_po(io.BytesIO(catalog_path(ROOT / "locale", "ko").read_bytes()), locale="ko")
    extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in extract(ROOT) if m.id}
    in_catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert extracted - in_catalog == set(), "run: python build.py i18n, then translate"
    assert untranslated(catalog) == []


def test_built_korean_pages_show_korean_ui(built) -> None:
    html = (built.site_dir / "ko" / "projects" / "turkistan-highway" / "index.html").read_text(
        encoding="utf-8"
    )
    for korean in ("분야", "진행 상황", "발주 지연", "출처", "한-카자흐스탄 경제협력 브리핑"):
        assert korean in html
    for english in (">Sector<", ">Status<", "Tender delayed"):
        assert english not in html
