"""Words of the other language carry a lang attribute (WCAG 3.1.2, language of parts).

Whatever put them there (a template, a record's text, a narrative), text runs
of the other script that are not already inside an element of that language
are wrapped in ``<span lang="…">``, so screen readers switch voice and
browsers pick the right fonts and line breaking:

- on a page in a Latin-script language, every run of Hangul (say): the
  other language written in it;
- on a page in a Hangul-script language, every phrase of two or more
  Latin-script words ("Fresh Wind", "K Global Times"): names in the other
  language or romanised its way, better read by that language's voice.
  Single words (KOSME, US$) are left alone.

Which language a script stands for comes from briefing.yml (views/scripts.py).

Templates still mark the fields they know are in the other language
(``name_other``…); this pass catches what they cannot know.
"""

from __future__ import annotations

import re

from briefing.html.scan import ATTRIBUTE_LIST, attributes
from briefing.views.scripts import runs

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
RAW_TEXT = {
    "script",
    "style",
    "textarea",
    "title",
    "svg",
    "pre",
    "code",
    "kbd",
    "samp",
}  # their text is never wrapped
UNTOUCHED = "(raw)"

# The page, piece by piece
# (one regular expression: html.parser costs ten times as much on every page):
# a comment or declaration, kept as it is; a script or style element, whose text is not HTML;
# a tag; a character reference (a run of text never spans one); text.
_PIECE = re.compile(
    rf"(?P<kept><!--.*?-->|<![^>]*>|<(?P<raw>script|style)\b{ATTRIBUTE_LIST}\s*>.*?</(?P=raw)\s*>)"
    rf"|<(?P<end>/)?(?P<tag>[a-zA-Z][^\s/>]*)(?P<attributes>{ATTRIBUTE_LIST})\s*(?P<empty>/?)>"
    r"|(?P<reference>&(?:[a-zA-Z][-.a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);)"
    r"|(?P<text>[^<&]+|[<&])",
    re.DOTALL | re.IGNORECASE,
)


def mark_other_language(page: str, page_lang: str, scripts: dict[str, str]) -> str:
    """``page`` (HTML) with runs of another language's script marked with that language's lang.

    ``scripts``: each language's script (briefing.yml), the page's among them. The
    first other language written in another script than the page's is marked.
    """
    foreign = next((code for code, script in scripts.items() if script != scripts[page_lang]), None)
    if foreign is None:
        return page
    pattern = runs(scripts[foreign])

    def wrap(match: re.Match) -> str:
        return f'<span lang="{foreign}">{match.group(0)}</span>'

    out: list[str] = []
    stack: list[tuple[str, str]] = [("", page_lang)]  # open elements and the language of their text
    for piece in _PIECE.finditer(page):
        kind = (
            piece.lastgroup
        )  # the last group that closed: "text", "reference", "kept" or, for a tag, "empty"
        if kind == "text":
            in_page_language = stack[-1][1].split("-")[0] == page_lang
            out.append(pattern.sub(wrap, piece.group(0)) if in_page_language else piece.group(0))
        elif (
            kind != "empty"
        ):  # a comment, a declaration, a script or style element, a reference: kept as they are
            out.append(piece.group(0))
        elif piece.group("end"):
            tag = piece.group("tag").lower()
            out.append(f"</{tag}>")
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth][0] == tag:
                    del stack[depth:]
                    break
        else:
            out.append(piece.group(0))
            tag = piece.group("tag").lower()
            if tag not in VOID and not piece.group("empty"):
                attribute_text = piece.group("attributes")
                # html.parser's dict of the attributes keeps the last lang; an empty one inherits
                lang = (
                    dict(attributes(attribute_text)).get("lang")
                    if "lang" in attribute_text.lower()
                    else None
                ) or stack[-1][1]
                stack.append((tag, UNTOUCHED if tag in RAW_TEXT else lang))
    return "".join(out)
