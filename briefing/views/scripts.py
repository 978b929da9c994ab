"""Writing systems, defined once: which characters belong to a script
(``briefing.yml`` names each language's).

Used to mark words of another language with their ``lang`` (html/langmark),
to keep words whole in print (books/book) and to find the words Kiwi reads
for search (search/).
"""

from __future__ import annotations

import re
from functools import cache

from briefing.config import LanguageConfig

# Character classes (inside [...]) of each script the generator knows.
CHARACTERS = {
    # Jamo, compatibility Jamo, Jamo extended A and B, syllables
    "hangul": "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff",
    "latin": "A-Za-z\u00c0-\u024f",
}
# A phrase of a script as one marked run: Hangul words with the spaces and punctuation between
# them; Latin only from two words on
# (single words such as KOSME or US$ read the same in any language).
_RUNS = {
    "hangul": r"[{c}]+(?:[\s·,.\-–]+[{c}]+)*",
    "latin": r"[{c}][{c}'’.&-]*(?:[ \u00a0]+[{c}][{c}'’.&-]*)+",
}


@cache
def characters(script: str) -> re.Pattern[str]:
    """One character of ``script``."""
    return re.compile(f"[{CHARACTERS[script]}]")


@cache
def runs(script: str) -> re.Pattern[str]:
    """A run of text in ``script`` that reads as one phrase of its language."""
    return re.compile(_RUNS[script].format(c=CHARACTERS[script]))


def language_css(languages: tuple[LanguageConfig, ...], screen: bool = True) -> str:
    """Typography that depends on the language, from briefing.yml:
    the rules name languages by their codes so that templates need not.

    A language that keeps words whole breaks lines only between words
    (``word-break: keep-all``; a word longer than the line may still wrap),
    and Hangul gets more room between lines.
    """
    rules = []
    for language in languages:
        selector = f":lang({language.code})"
        if language.keep_words_whole and screen:
            # Every element in the language: headings, tables, cards, navigation, search results.
            # Important, because the theme's components set their own word-break (links, code,
            # search results: break-word) and would split words again. break-word, not anywhere:
            # anywhere lets a table cell shrink to one character and break every word in it.
            rules.append(
                f"{selector} {{ word-break: keep-all !important;"
                " overflow-wrap: break-word !important; }"
            )
        if language.script == "hangul" and not screen:
            rules.append(f'html[lang="{language.code}"] {{ line-height: 1.7; }}')
        if language.script == "latin" and not screen:
            rules.append(f'html[lang="{language.code}"] cite{selector} {{ font-style: italic; }}')
    return "\n".join(rules) + "\n"
