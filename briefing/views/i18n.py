"""UI languages: Babel locales and the gettext catalogs of our own strings.

Message catalogs live in ``locale/<lang>/LC_MESSAGES/messages.po`` (English
source strings); they are compiled in memory at build time, so no ``.mo``
files are committed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGE_CODES = ("ko", "en")
# Dates in English read "22 April 2019" (British order), which suits an
# international readership; Korean uses the standard Korean locale.
BABEL_LOCALES = {"ko": "ko_KR", "en": "en_GB"}
NATIVE_NAMES = {"ko": "한국어", "en": "English"}


def N_(message: str) -> str:
    """Mark a string for extraction; translated where shown."""
    return message


LANGUAGE_NAMES = {"ko": N_("Korean"), "en": N_("English")}


@dataclass(frozen=True)
class Language:
    """One site language: its code, Babel locale and translated UI strings."""

    code: str
    locale: Locale
    translations: NullTranslations

    @property
    def other(self) -> str:
        return "en" if self.code == "ko" else "ko"

    @property
    def other_name(self) -> str:
        """The other language's name, in this language ("English" / "한국어")."""
        return self.gettext(LANGUAGE_NAMES[self.other])

    @property
    def native_name(self) -> str:
        return NATIVE_NAMES[self.code]

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: float) -> str:
        return self.translations.ngettext(singular, plural, n)


def catalog_path(locale_dir: Path, code: str) -> Path:
    return locale_dir / code / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=8)
def _compile(po_bytes: bytes, code: str) -> Translations:
    catalog = read_po(io.BytesIO(po_bytes), locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def load_language(code: str, locale_dir: Path) -> Language:
    """The language ``code`` with its compiled catalog (English falls back to the source strings)."""
    path = catalog_path(locale_dir, code)
    translations: NullTranslations = _compile(path.read_bytes(), code) if path.exists() else NullTranslations()
    return Language(code, Locale.parse(BABEL_LOCALES[code]), translations)
