"""UI languages: Babel locales and the gettext catalogs of our own strings.

Message catalogs live in ``locale/<lang>/LC_MESSAGES/messages.po`` (English
source strings); they are compiled in memory at build time, so no ``.mo``
files are committed.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from briefing.config import Briefing, ConfigError, LanguageConfig, read_config

# The language of the catalogs' msgids (templates, pages, the checker's messages)
from briefing.diagnostics import MESSAGE_LANGUAGE as MESSAGE_LANGUAGE
from briefing.diagnostics import N_ as N_  # marks a string for extraction
from briefing.diagnostics import MessageLanguage


@dataclass(frozen=True)
class Language:
    """One language of a briefing: its configuration, Babel locale and translated UI strings."""

    config: LanguageConfig
    briefing: Briefing
    locale: Locale
    translations: NullTranslations

    @property
    def code(self) -> str:
        return self.config.code

    @property
    def others(self) -> tuple[LanguageConfig, ...]:
        return self.briefing.others(self.code)

    @property
    def other(self) -> str:
        """The language shown beside this one (names "in the other language",
        the switcher's first link)."""
        others = self.others
        return others[0].code if others else self.code

    @property
    def other_name(self) -> str:
        """The other language's name, in this language ("영어" / "Korean"),
        from Babel's locale data."""
        return self.name_of(self.other)

    def name_of(self, code: str) -> str:
        """The name of the briefing's language ``code`` in this language."""
        return (
            Locale.parse(self.briefing.language(code).locale).get_language_name(self.locale) or code
        )

    @property
    def native_name(self) -> str:
        return self.config.name

    @property
    def title(self) -> str:
        return self.briefing.title[self.code]

    @property
    def subject(self) -> str:
        return self.briefing.subject[self.code]

    @property
    def publisher(self) -> str:
        return self.briefing.publisher[self.code]

    def country_name(self, code: str) -> str:
        """A country of the briefing by its ISO code, in this language;
        international bodies' "INT" translated."""
        if code in self.briefing.countries:
            return self.briefing.countries[code][self.code]
        return self.gettext("International") if code == "INT" else code

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: float) -> str:
        # gettext's plural rules count whole things and warn on a float (deprecated there):
        # a figure with a fraction takes the form of the next whole number ("1.5 vehicles")
        return self.translations.ngettext(singular, plural, math.ceil(n))


def catalog_path(locale_dir: Path, code: str) -> Path:
    return locale_dir / code / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=8)
def _compile(po_bytes: bytes, code: str) -> Translations:
    catalog = read_po(io.BytesIO(po_bytes), locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def load_language(code: str, root: Path) -> Language:
    """The briefing at ``root``'s language ``code`` with its compiled catalog
    (a language without one shows the source strings)."""
    briefing = read_config(root)
    path = catalog_path(root / "locale", code)
    translations: NullTranslations = (
        _compile(path.read_bytes(), code) if path.exists() else NullTranslations()
    )
    config = briefing.language(code)
    return Language(config, briefing, Locale.parse(config.locale), translations)


def load_languages(root: Path) -> dict[str, Language]:
    """Every language of the briefing at ``root``, in configured order."""
    return {code: load_language(code, root) for code in read_config(root).codes}


def message_language(root: Path, code: str) -> MessageLanguage | None:
    """Language ``code`` to print the checker's messages in; None for English, which needs no
    catalog. A language without a catalog, or a message without a translation in it, is
    printed in English."""
    if code == MESSAGE_LANGUAGE:
        return None
    try:
        locale = read_config(root).language(code).locale
    except (ConfigError, KeyError):
        locale = code
    path = catalog_path(root / "locale", code)
    return MessageLanguage(code, locale, _translations(path.read_bytes()) if path.exists() else {})


@lru_cache(maxsize=4)
def _translations(po_bytes: bytes) -> dict[str, str]:
    """msgid -> translation of every translated, checked (not fuzzy) message of a catalog."""
    return {
        message.id: message.string
        for message in read_po(io.BytesIO(po_bytes))
        if isinstance(message.id, str)
        and message.id
        and isinstance(message.string, str)
        and message.string
        and not message.fuzzy
    }
