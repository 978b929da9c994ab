"""Words of the other language carry a lang attribute (WCAG 3.1.2, language of parts).

Whatever put them there (a template, a record's text, a narrative), text runs
of the other script that are not already inside an element of that language
are wrapped in ``<span lang="…">``, so screen readers switch voice and
browsers pick the right fonts and line breaking:

- on English pages, every run of Hangul: Hangul is always Korean;
- on Korean pages, every phrase of two or more Latin-script words ("Fresh
  Wind", "K Global Times"). In this briefing Latin phrases are English names
  or names romanised the English way, better read by an English voice than
  spelled out by a Korean one. Single words (KOSME, US$) are left alone.

Templates still mark the fields they know are in the other language
(``name_other``…); this pass catches what they cannot know.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af"
# Korean words with the spaces and punctuation between them: one span per phrase
HANGUL_RUN = re.compile(rf"[{HANGUL}]+(?:[\s·,.\-–]+[{HANGUL}]+)*")
LATIN_PHRASE = re.compile(r"[A-Za-z][A-Za-z'’.&-]*(?:[ \u00a0]+[A-Za-z][A-Za-z'’.&-]*)+")
# what each page language marks: (pattern, lang of the marked text)
FOREIGN = {"en": (HANGUL_RUN, "ko"), "ko": (LATIN_PHRASE, "en")}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
RAW_TEXT = {"script", "style", "textarea", "title", "svg", "pre", "code", "kbd", "samp"}  # their text is never wrapped
UNTOUCHED = "(raw)"


class _Marker(HTMLParser):
    """Re-emits the HTML unchanged except for the other language's runs of text."""

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[tuple[str, str]] = [("", page_lang)]
        self.page_lang = page_lang
        self.pattern, self.foreign = FOREIGN[page_lang]

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag not in VOID:
            lang = dict(attrs).get("lang") or self.stack[-1][1]
            self.stack.append((tag, UNTOUCHED if tag in RAW_TEXT else lang))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        if self.stack[-1][1].split("-")[0] != self.page_lang:
            self.out.append(data)  # already in another language, or raw text
        else:
            self.out.append(self.pattern.sub(lambda m: f'<span lang="{self.foreign}">{m.group(0)}</span>', data))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def mark_other_language(html: str, page_lang: str) -> str:
    """``html`` with the other language's runs of text marked with their lang."""
    if page_lang not in FOREIGN:
        return html
    marker = _Marker(page_lang)
    marker.feed(html)
    marker.close()
    return "".join(marker.out)
