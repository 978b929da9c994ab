"""Dates, numbers and amounts as a reader of each language expects them.

All figures go through Babel's locale data; the only choices made here are
which CLDR format to use (long dates, compact "million"/"억" numbers) and how
to phrase qualifiers ("about", "up to"), which come from the UI catalogs.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_interval, format_skeleton
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_currency_symbol,
)
from babel.units import format_unit

from briefing.model import Amount, PartialDate
from briefing.views.i18n import Language
from briefing.views.scripts import characters

# Pages show the same few thousand dates tens of thousands of times, and Babel
# looks up its locale data anew on each call; a date's
# text depends on nothing but the date and the locale, so each is made once.
DISTINCT_DATES = 1 << 16


def format_date(value: PartialDate, lang: Language) -> str:
    """``2019년 4월 22일`` / ``22 April 2019``; partial dates show month or year only."""
    return _date_text(value, lang.locale)


@lru_cache(maxsize=DISTINCT_DATES)
def _date_text(value: PartialDate, locale: Locale) -> str:
    day = value.first_day()
    if value.precision == "day":
        return babel_format_date(day, "long", locale=locale)
    if value.precision == "month":
        return format_skeleton("yMMMM", day, locale=locale)
    return format_skeleton("y", day, locale=locale)


def format_date_range(start: PartialDate, end: PartialDate | None, lang: Language) -> str:
    """A span such as ``2021년 8월 16일~17일`` / ``16–17 Aug 2021``."""
    return _date_range_text(start, end, lang.locale)


@lru_cache(maxsize=DISTINCT_DATES)
def _date_range_text(start: PartialDate, end: PartialDate | None, locale: Locale) -> str:
    if end is None or end == start or start.precision != "day" or end.precision != "day":
        return _date_text(start, locale)
    return format_interval(start.first_day(), end.first_day(), "yMMMd", locale=locale)


def format_number(value: float, lang: Language) -> str:
    """A plain count: ``2,392``; large counts in words (``190만``, ``1.9 million``)."""
    if abs(value) >= MYRIAD and _myriad_units(lang.locale):
        return _myriad_number(value, lang)
    if abs(value) >= 1_000_000:
        return format_compact_decimal(
            value, format_type="long", locale=lang.locale, fraction_digits=2
        )
    return format_decimal(value, locale=lang.locale)


MYRIAD = 10_000


@lru_cache(maxsize=4)  # read once per locale: every amount asks
def _myriad_units(locale: Locale) -> tuple[tuple[int, str], ...]:
    """The locale's units of ten thousand and up (조, 억, 만), read from CLDR's compact patterns;
    none where it counts in thousands.

    East Asian locales group large numbers by ten thousand ("13억 5,000만"), and
    CLDR says so: their compact patterns start a new unit at 10^4 ("0만").
    """
    patterns = locale.compact_decimal_formats["short"]["other"]
    units = []
    for magnitude, pattern in patterns.items():
        text = pattern.pattern
        if text.count("0") == 1:  # "0만", "0억", "0조": one digit means a new unit
            units.append((int(magnitude), text.replace("0", "")))
    return (
        tuple(sorted(units, reverse=True))
        if any(magnitude == MYRIAD for magnitude, _ in units)
        else ()
    )


def _myriad_number(value: float, lang: Language) -> str:
    """``1350000000`` → ``13억 5,000만``: each myriad group with its unit."""
    remaining = round(value)
    parts = []
    for magnitude, unit in _myriad_units(lang.locale):
        if magnitude < MYRIAD:
            continue
        count, remaining = divmod(remaining, magnitude)
        if count:
            parts.append(format_decimal(count, locale=lang.locale) + unit)
    if remaining:
        parts.append(format_decimal(remaining, locale=lang.locale))
    return " ".join(parts)


def format_money(value: float, currency: str, lang: Language) -> str:
    """``$200 million`` / ``2억 달러``; ``KRW 1 trillion`` / ``1조 원``."""
    words = lang.config.currency_words
    if currency in words:  # the amount as the language's press writes it: "2억 달러"
        number = (
            _myriad_number(value, lang)
            if value >= MYRIAD and _myriad_units(lang.locale)
            else format_decimal(value, locale=lang.locale)
        )
        return f"{number} {words[currency]}"
    number = format_number(value, lang)
    symbol = get_currency_symbol(currency, locale="en_US")
    if len(symbol) == 1 and symbol in "$€":
        return f"{symbol}{number}"
    return f"{currency} {number}"


def _format_quantity(
    value: float, amount: Amount, lang: Language, upper: float | None = None
) -> str:
    """One figure, or a range when ``upper`` is given, with its currency or unit."""
    if amount.currency:
        text = format_money(value, amount.currency, lang)
        return (
            text
            if upper is None
            else _range(text, format_money(upper, amount.currency, lang), lang)
        )
    if amount.unit == "km2":
        text = format_unit(value, "area-square-kilometer", length="short", locale=lang.locale)
        return text if upper is None else _range(text, _format_quantity(upper, amount, lang), lang)
    if amount.unit == "percent":
        text = format_percent(value / 100, locale=lang.locale)
        return text if upper is None else _range(text, _format_quantity(upper, amount, lang), lang)
    # Counts name their unit once, after the whole range: "30,000–45,000 vehicles a year".
    assert amount.unit is not None  # validate.py: an amount has a currency or a unit
    number = format_number(value, lang)
    if upper is not None:
        number = _range(number, format_number(upper, lang), lang)
    phrase = UNIT_PHRASES[amount.unit](lang, upper if upper is not None else value)
    # a number that ends in a word ("190만") stands apart from its counter: "190만 명"
    if number[-1:].isalpha() and phrase.partition("{number}")[2][:1].isalpha():
        phrase = phrase.replace("{number}", "{number} ", 1)
    return phrase.format(number=number)


def _range(low: str, high: str, lang: Language) -> str:
    return lang.gettext("{low}–{high}").format(low=low, high=high)


UNIT_PHRASES = {
    "vehicle": lambda lang, n: lang.ngettext("{number} vehicle", "{number} vehicles", n),
    "vehicle-per-year": lambda lang, n: lang.ngettext(
        "{number} vehicle a year", "{number} vehicles a year", n
    ),
    "person": lambda lang, n: lang.ngettext("{number} person", "{number} people", n),
    "job": lambda lang, n: lang.ngettext("{number} job", "{number} jobs", n),
    "company": lambda lang, n: lang.ngettext("{number} company", "{number} companies", n),
}

APPROXIMATION_PHRASES = {
    "about": lambda lang: lang.gettext("about {amount}"),
    "up-to": lambda lang: lang.gettext("up to {amount}"),
    "at-least": lambda lang: lang.gettext("at least {amount}"),
    "more-than": lambda lang: lang.gettext("more than {amount}"),
}


# A figure shows on its project's page, in the projects table and in the CSV:
# each is formatted once per language.
DISTINCT_FIGURES = 1 << 16


def format_amount(amount: Amount, lang: Language) -> str:
    """The figure with its currency or unit, range and qualifier."""
    # the numbers' reprs tell apart figures that compare equal but read differently (0 and -0.0)
    return _amount_text(amount, repr(amount.value), repr(amount.value_max), lang)


@lru_cache(maxsize=DISTINCT_FIGURES)
def _amount_text(amount: Amount, _value: str, _value_max: str, lang: Language) -> str:
    text = _format_quantity(amount.value, amount, lang, upper=amount.value_max)
    if amount.approx:
        text = APPROXIMATION_PHRASES[amount.approx](lang).format(amount=text)
    return text


def collation_key(text: str, lang: Language) -> tuple[str, str]:
    """Where ``text`` goes in a list of names in ``lang``: the order readers look names up in.

    Babel has no collation, so this follows the parts of Unicode's (CLDR's) that our names
    meet: case and accents do not count (Karaganda before KOSME, Öskemen beside Oskemen);
    spaces and punctuation come before digits, digits before letters; the letters of the
    language's own script come first (CLDR's Korean order puts Hangul before Latin), and
    Hangul syllables follow their code points, which are in 가나다 order. The text itself
    breaks ties, so the order is total.
    """
    script = lang.config.script
    return "".join(_collation_units(char, script) for char in text), text


# A character's rank before its folded form: separators, digits, own script, other letters.
_SEPARATOR, _DIGIT, _OWN_LETTER, _OTHER_LETTER = "\x00", "\x01", "\x02", "\x03"
_HANGUL_SYLLABLES = ("\uac00", "\ud7a3")


@lru_cache(maxsize=1 << 14)
def _collation_units(char: str, script: str) -> str:
    if not char.isalnum():
        return _SEPARATOR
    if _HANGUL_SYLLABLES[0] <= char <= _HANGUL_SYLLABLES[1]:
        folded = char  # decomposed, a syllable would sort by its jamo, not in 가나다 order
    else:
        decomposed = unicodedata.normalize("NFKD", char)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    if char.isdigit():
        rank = _DIGIT
    else:
        rank = _OWN_LETTER if characters(script).match(char) else _OTHER_LETTER
    return "".join(rank + c for c in folded)
