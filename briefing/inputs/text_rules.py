"""Characters no text of the briefing may hold, and the one form all text is kept in.

Every text read from ``data/`` and ``content/`` is normalised to NFC on read
(a macOS editor may save Korean in NFD: decomposed jamo that search, sorting
and comparison treat as other text). Refused, as they are invisible and
change what readers or programs get:

- control characters (U+0000–U+001F but tab and line feed, U+007F–U+009F):
  ``feed.xml`` cannot hold them and spreadsheets misread them;
- direction controls (U+202A–U+202E, U+2066–U+2069): text displayed in
  another order than it is stored ("Trojan source");
- zero-width characters (U+200B–U+200D, U+2060, U+FEFF): two names that
  look the same are different text to search, sorting and ids.

Placeholders ("TODO", "미정", "…") are refused in texts and pages: they were
never meant to be published.
"""

from __future__ import annotations

import re
import unicodedata

from briefing.diagnostics import N_, Message

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
DIRECTION = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]"
)


def nfc(text: str) -> str:
    """``text`` in Unicode's composed form (a no-op, and fast, for text already in it)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def forbidden_character(text: str) -> tuple[int, Message, Message] | None:
    """The offset of the first refused character in ``text``, a message and a hint;
    None if there is none."""
    match = FORBIDDEN.search(text)
    if match is None:
        return None
    char = match.group()
    code = f"U+{ord(char):04X}"
    if CONTROL.fullmatch(char):
        return (
            match.start(),
            Message("text contains the control character {code}", code=code),
            Message(
                'delete it (an escape such as "\\x01" in quotes?); '
                "feeds and spreadsheets cannot hold it"
            ),
        )
    if DIRECTION.fullmatch(char):
        return (
            match.start(),
            Message("text contains the invisible direction control {code}", code=code),
            Message("delete it: it makes text display in another order than it is stored"),
        )
    return (
        match.start(),
        Message("text contains the invisible zero-width character {code}", code=code),
        Message("delete it: text that looks the same would differ for search, sorting and ids"),
    )


# What editors write where the text is still to come. Matched against a whole text (letter
# case, spaces and a last '.' or ':' aside); TODO and FIXME in capitals, "lorem ipsum" and a
# text starting "TBD:" are matched anywhere. "미정" (undecided) is a placeholder only as a
# whole text: inside a sentence it is Korean like any other word.
PLACEHOLDER_TEXTS = frozenset(
    {
        "todo",
        "tbd",
        "tba",
        "tbc",
        "fixme",
        "xxx",
        "...",
        "…",
        "?",
        "??",
        "???",
        "-",
        "placeholder",
        "translation needed",
        "to be translated",
        "미정",
        "번역 필요",
        "번역 예정",
        "추후 작성",
        "작성 중",
    }
)
PLACEHOLDER_WORDS = re.compile(r"\b(?:TODO|FIXME)\b")
PLACEHOLDER_START = re.compile(r"^(?:todo|fixme|tbd|tba|tbc)[ \t]*:|\blorem ipsum\b", re.I)


def placeholder(text: str) -> str | None:
    """The placeholder ``text`` is or holds (as written), or None when it is real text."""
    whole = " ".join(text.split())
    if whole.lower() in PLACEHOLDER_TEXTS or whole.rstrip(".:").lower() in PLACEHOLDER_TEXTS:
        return whole
    match = PLACEHOLDER_WORDS.search(text) or PLACEHOLDER_START.search(whole)
    return match.group() if match else None


# What the checker says of them (validate.text_slips, content.py for front matter): templates,
# said with Message(template, field=…).
CUT_BY_COMMENT = N_(
    "the text ends at ' #': YAML reads the rest of the line as a comment and keeps only '{kept}'"
)
CUT_BY_COMMENT_HINT = Message(
    "if the '#' and what follows belong to the text, put the whole text in double quotes; "
    "a comment goes on a line of its own"
)
PLACEHOLDER = N_("'{placeholder}' is a placeholder, not text to publish")
PLACEHOLDER_HINT = Message(
    "write the text; a field that is not required can be left out until then"
)
PLACEHOLDER_IN_PAGE_HINT = Message("write the text, or leave the paragraph out until it is written")


def text_tail(text: str, limit: int = 40) -> str:
    """The end of a text, where a message points: '…(양극재 전구체)'."""
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]
