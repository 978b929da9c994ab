"""The briefing's identity, read once from ``briefing.yml`` beside ``data/``.

Everything that makes a briefing *this* briefing lives in that file: its
titles, publisher, contact, site address, repository, the countries it
covers, the region its map shows, and its languages. The package's code and
templates name no country and decide nothing by a language code: a briefing
on another pair of countries, or with a third language, is configuration,
catalogs and content.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from briefing.diagnostics import LanguageName, Message

CONFIG_FILE = "briefing.yml"
SCRIPTS = ("hangul", "latin")  # the writing systems the generator can tell apart (html/scripts.py)
WORD_READERS = ("kiwi",)  # word analysers for search (search/korean.py); none: split at spaces


# Names reserved for examples and tests (RFC 2606, RFC 6761): nobody reads a site published there.
PLACEHOLDER_DOMAINS = (
    "example.com",
    "example.net",
    "example.org",
    "example",
    "test",
    "invalid",
    "localhost",
)


def placeholder_host(url: str) -> str | None:
    """The host of ``url`` if it is one of the placeholder names (briefing.example.org),
    else None."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host in ("127.0.0.1", "::1") or any(
        host == domain or host.endswith("." + domain) for domain in PLACEHOLDER_DOMAINS
    ):
        return host
    return None


class ConfigError(Exception):
    """``briefing.yml`` is missing a setting or has a wrong one: ``message`` names the key,
    the exception's text the file too."""

    def __init__(self, where: str, message: str, section: str = ""):
        # section: the setting the key is inside ("countries"), shown before the message
        self.message = (
            Message("{section}: {problem}", section=section, problem=message)
            if section
            else message
        )
        super().__init__(f"{where}: {self.message}")
        self.where = where


@dataclass(frozen=True, eq=False)  # compared and hashed as the one object read_config made
class LanguageConfig:
    """One language of the briefing, as ``briefing.yml`` defines it."""

    code: str  # the folder name below content/ and site/, and the key of texts in data/
    name: str  # its own name: "한국어", "English"
    locale: str  # Babel locale for dates, numbers and amounts: "ko_KR", "en_GB"
    script: (
        str  # "hangul" or "latin": marks words of the other languages, keeps words whole in print
    )
    word_reader: str | None = None  # "kiwi": search reads words into stems and parts
    keep_words_whole: bool = (
        False  # lines break only between words (Korean), on screen and on paper
    )
    currency_words: dict[str, str] = field(
        default_factory=dict
    )  # "USD": "달러": amounts as the press writes them


@dataclass(frozen=True)
class Region:
    """What the map shows: a name per language and the outline file
    (the projection is true at its middle latitude)."""

    name: dict[str, str]
    outline: Path  # relative to the project root
    country: str  # ISO code: the places of this country go on the map, others are listed beside it


@dataclass(frozen=True)
class Editions:
    """How published builds are named and compared (``editions:`` in briefing.yml)."""

    tag_prefix: str = "edition-"  # a commit tagged <prefix><name> is edition <name>
    window_days: int = 90  # without such a tag: changes of the last this many days
    listed: int = 5  # editions the "What changed" page goes back


def _editions(raw: object, where: str) -> Editions:
    if raw is None:
        return Editions()
    if not isinstance(raw, dict):
        raise ConfigError(where, Message("'editions' maps tag_prefix, window_days and listed"))
    prefix = raw.get("tag_prefix", Editions.tag_prefix)
    if not isinstance(prefix, str) or not prefix or not prefix.isprintable() or " " in prefix:
        raise ConfigError(
            where, Message("'tag_prefix' is the start of a git tag's name"), "editions"
        )
    numbers = {}
    for key in ("window_days", "listed"):
        value = raw.get(key, getattr(Editions, key))
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(
                where, Message("'{key}' is a whole number from 1", key=key), "editions"
            )
        numbers[key] = value
    return Editions(prefix, **numbers)


@dataclass(frozen=True, eq=False)
class Briefing:
    """The identity of one briefing."""

    title: dict[str, str]  # language code -> text
    short_title: dict[str, str]
    subject: dict[str, str]  # what the briefing is about, inside sentences ("… events since 2019")
    publisher: dict[str, str]
    contact: str  # where readers send corrections
    site_url: str  # ends with "/"
    repository: str  # "https://github.com/owner/name": "edit this page" links
    branch: str
    countries: dict[
        str, dict[str, str]
    ]  # ISO code -> language code -> name, for the countries the data names
    currencies: tuple[str, ...]  # ISO 4217 codes figures may be given in
    region: Region
    languages: tuple[LanguageConfig, ...]
    since: int  # the year the briefing's record starts
    # a status older than this, before the data's latest edit, is told to be unconfirmed since
    status_outdated_after_months: int = 12
    editions: Editions = field(default_factory=Editions)
    digest: str = ""  # sha256 of briefing.yml: part of the keys of checks kept in .cache/

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)

    def language(self, code: str) -> LanguageConfig:
        for language in self.languages:
            if language.code == code:
                return language
        raise KeyError(code)

    def language_name(self, code: str, in_locale: str = "en_GB") -> LanguageName:
        """The name of the language ``code`` in ``in_locale`` (English: the checker's
        messages, which say it in the language they are printed in), from Babel's data."""
        from babel import Locale

        locale = self.language(code).locale
        return LanguageName(Locale.parse(locale).get_language_name(in_locale) or code, locale)

    def others(self, code: str) -> tuple[LanguageConfig, ...]:
        """The briefing's languages other than ``code``, in configured order."""
        return tuple(language for language in self.languages if language.code != code)


def _texts(
    raw: dict, key: str, codes: tuple[str, ...], where: str, section: str = ""
) -> dict[str, str]:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise ConfigError(
            where,
            Message(
                "'{key}' must give a text per language ({codes})", key=key, codes=", ".join(codes)
            ),
            section,
        )
    missing = [
        code for code in codes if not isinstance(value.get(code), str) or not value[code].strip()
    ]
    if missing:
        raise ConfigError(
            where,
            Message("'{key}' has no text for {codes}", key=key, codes=", ".join(missing)),
            section,
        )
    return {code: value[code] for code in codes}


def _language(raw: object, where: str) -> LanguageConfig:
    if not isinstance(raw, dict):
        raise ConfigError(
            where,
            Message("each entry of 'languages' is a mapping (code, name, locale, script)"),
        )
    for key in ("code", "name", "locale", "script"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise ConfigError(where, Message("a language has no '{key}'", key=key))
    if raw["script"] not in SCRIPTS:
        raise ConfigError(
            where,
            Message(
                "language {code}: script '{script}' is not one of {scripts}",
                code=raw["code"],
                script=raw["script"],
                scripts=", ".join(SCRIPTS),
            ),
        )
    reader = raw.get("word_reader")
    if reader is not None and reader not in WORD_READERS:
        raise ConfigError(
            where,
            Message(
                "language {code}: word_reader '{reader}' is not one of {readers}",
                code=raw["code"],
                reader=reader,
                readers=", ".join(WORD_READERS),
            ),
        )
    words = raw.get("currency_words") or {}
    if not isinstance(words, dict):
        raise ConfigError(
            where,
            Message(
                "language {code}: currency_words maps currency codes to words", code=raw["code"]
            ),
        )
    return LanguageConfig(
        code=raw["code"],
        name=raw["name"],
        locale=raw["locale"],
        script=raw["script"],
        word_reader=reader,
        keep_words_whole=bool(raw.get("keep_words_whole", False)),
        currency_words={str(k): str(v) for k, v in words.items()},
    )


def parse_config(raw: object, where: str = CONFIG_FILE, digest: str = "") -> Briefing:
    """A ``Briefing`` from the parsed YAML of ``briefing.yml``;
    ``ConfigError`` names what is wrong."""
    if not isinstance(raw, dict):
        raise ConfigError(where, Message("must be a mapping of settings"))
    languages = tuple(_language(entry, where) for entry in raw.get("languages") or ())
    if len(languages) < 1:
        raise ConfigError(where, Message("'languages' lists no language"))
    codes = tuple(language.code for language in languages)
    if len(set(codes)) != len(codes):
        raise ConfigError(where, Message("a language code appears twice in 'languages'"))
    region = raw.get("region")
    if not isinstance(region, dict) or not isinstance(region.get("outline"), str):
        raise ConfigError(
            where,
            Message("'region' needs 'name' (a text per language) and 'outline' (a GeoJSON file)"),
        )
    countries = raw.get("countries") or {}
    if not isinstance(countries, dict):
        raise ConfigError(where, Message("'countries' maps ISO 3166 codes to a name per language"))
    outdated_after = raw.get("status_outdated_after_months", 12)
    if (
        isinstance(outdated_after, bool)
        or not isinstance(outdated_after, int)
        or outdated_after < 1
    ):
        raise ConfigError(
            where,
            Message("'status_outdated_after_months' must be a whole number of months (e.g. 12)"),
        )
    site_url = raw.get("site_url")
    if not isinstance(site_url, str) or not site_url.startswith(("https://", "http://")):
        raise ConfigError(where, Message("'site_url' must be the site's https:// address"))
    return Briefing(
        title=_texts(raw, "title", codes, where),
        short_title=_texts(raw, "short_title", codes, where),
        subject=_texts(raw, "subject", codes, where),
        publisher=_texts(raw, "publisher", codes, where),
        contact=str(raw.get("contact") or ""),
        site_url=site_url.rstrip("/") + "/",
        repository=str(raw.get("repository") or ""),
        branch=str(raw.get("branch") or "main"),
        countries={
            str(code): _texts(countries, code, codes, where, "countries") for code in countries
        },
        currencies=tuple(str(code) for code in raw.get("currencies") or ()),
        region=Region(
            _texts(region, "name", codes, where, "region"),
            Path(region["outline"]),
            str(region.get("country") or ""),
        ),
        languages=languages,
        since=int(raw.get("since") or 2000),
        status_outdated_after_months=outdated_after,
        editions=_editions(raw.get("editions"), where),
        digest=digest,
    )


@lru_cache(maxsize=4)
def _read(path: Path, stamp: tuple[int, int]) -> Briefing:
    try:
        content = path.read_bytes()
        raw = yaml.safe_load(content.decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            path.name,
            Message("not found; every briefing has one (see the README, 'Your own briefing')"),
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        # the parser's own words (English), with the line and column it gives
        raise ConfigError(path.name, str(exc)) from None
    return parse_config(raw, path.name, hashlib.sha256(content).hexdigest())


def read_config(root: Path) -> Briefing:
    """The briefing at ``root``: read once per version of its ``briefing.yml``."""
    path = root / CONFIG_FILE
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, 0)
    return _read(path.resolve(), stamp)
