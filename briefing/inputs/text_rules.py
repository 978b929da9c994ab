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
"""

from __future__ import annotations

import re
import unicodedata

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
DIRECTION = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]"
)


def nfc(text: str) -> str:
    """``text`` in Unicode's composed form (a no-op, and fast, for text already in it)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def forbidden_character(text: str) -> tuple[int, str, str] | None:
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
            f"text contains the control character {code}",
            'delete it (an escape such as "\\x01" in quotes?); '
            "feeds and spreadsheets cannot hold it",
        )
    if DIRECTION.fullmatch(char):
        return (
            match.start(),
            f"text contains the invisible direction control {code}",
            "delete it: it makes text display in another order than it is stored",
        )
    return (
        match.start(),
        f"text contains the invisible zero-width character {code}",
        "delete it: text that looks the same would differ for search, sorting and ids",
    )
