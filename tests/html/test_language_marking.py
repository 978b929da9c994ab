"""Mixed-language text is marked (WCAG 3.1.2): Korean on English pages,
English names on Korean pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from briefing.html.langmark import mark_other_language
from tests.helpers import LANGS

SCRIPTS = {"ko": "hangul", "en": "latin"}  # as briefing.yml says

HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af]")
LATIN_PHRASE = re.compile(r"[A-Za-z]{2,}(?:[ \u00a0]+[A-Za-z]{2,})+")
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
SKIPPED = {
    "script",
    "style",
    "svg",
    "code",
    "title",
}  # not read as page text (SVG text is checked by the visuals' tests)


class _Texts(HTMLParser):
    """Every text of a page with the language it is in (the nearest lang attribute)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        inherited = self.stack[-1][1] if self.stack else ""
        self.stack.append(
            (
                tag,
                "-" if tag in SKIPPED or inherited == "-" else dict(attrs).get("lang") or inherited,
            )
        )

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] != "-" and data.strip():
            self.texts.append((self.stack[-1][1].split("-")[0], data.strip()))


def texts(html: str) -> list[tuple[str, str]]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def pages(built, lang: str):
    return sorted((built.site_dir / lang).rglob("*.html"))


def test_english_pages_mark_every_korean_word(built) -> None:
    unmarked = []
    for path in pages(built, "en"):
        unmarked += [
            f"{path.relative_to(built.site_dir)}: {text[:80]!r}"
            for lang, text in texts(path.read_text(encoding="utf-8"))
            if lang != "ko" and HANGUL.search(text)
        ]
    assert unmarked == []


def test_korean_pages_mark_english_phrases(built) -> None:
    unmarked = []
    for path in pages(built, "ko"):
        for lang, text in texts(path.read_text(encoding="utf-8")):
            if lang == "ko":
                unmarked += [
                    f"{path.relative_to(built.site_dir)}: {m!r} in {text[:60]!r}"
                    for m in LATIN_PHRASE.findall(text)
                ]
    assert unmarked == []


NAMED = {"organizations": "name", "people": "name", "projects": "name", "events": "title"}


@pytest.mark.parametrize("lang,other", [("ko", "en"), ("en", "ko")])
def test_names_in_the_other_language_carry_its_lang(built, lang: str, other: str) -> None:
    """The organizations page gives every organization's and person's name in both languages."""
    html = (built.site_dir / lang / "organizations" / "index.html").read_text(encoding="utf-8")
    in_other = {text for text_lang, text in texts(html) if text_lang == other}
    for kind in ("organizations", "people"):
        records = yaml.safe_load(
            (built.root / "data" / f"{kind}.yaml").read_text(encoding="utf-8")
        )[kind]
        for record in records:
            name = record[NAMED[kind]][other]
            assert any(name in text for text in in_other), (
                f"{kind} {record['id']}: {name!r} is not marked lang={other!r}"
            )


@pytest.mark.parametrize("lang", LANGS)
def test_marking_keeps_the_html_as_it_was(lang: str) -> None:
    html = (
        '<p class="x">A &amp; B&#8217;s <b lang="ko">한국어</b> &quot;전략기획청&quot; Fresh Wind '
        "<code>two words</code><br/></p><pre><code><b>print words</b></code></pre>"
        "<svg><text>한글 text</text></svg>"
    )
    marked = mark_other_language(html, lang, SCRIPTS)
    assert re.sub(r'<span lang="(ko|en)">|</span>', "", marked) == html
    if lang == "en":
        assert (
            '"<span lang="ko">전략기획청</span>&quot;' not in marked
            and '&quot;<span lang="ko">전략기획청</span>&quot;' in marked
        )
        assert '<span lang="ko">한국어</span>' not in marked and "<text>한글 text</text>" in marked
    else:
        assert (
            '<span lang="en">Fresh Wind</span>' in marked
            and "<code>two words</code>" in marked
            and "<b>print words</b>" in marked
        )


@pytest.mark.parametrize(
    ("html", "lang", "expected"),
    [
        ("", "en", ""),
        ("한국 before any tag", "en", '<span lang="ko">한국</span> before any tag'),
        (
            "<p>대학&amp;병원</p>",
            "en",
            '<p><span lang="ko">대학</span>&amp;<span lang="ko">병원</span></p>',
        ),
        ("<p>&#44032; 나</p>", "en", '<p>&#44032; <span lang="ko">나</span></p>'),
        ('<p LANG="ko">한국 <SPAN>어</SPAN></P>', "en", '<p LANG="ko">한국 <SPAN>어</span></p>'),
        (
            '<p data-x="lang=ko" title="a > b">한국</p>',
            "en",
            '<p data-x="lang=ko" title="a > b"><span lang="ko">한국</span></p>',
        ),
        (
            '<div lang="en"><p lang="ko-KR">Fresh Wind</p>Fresh Wind</div>',
            "ko",
            '<div lang="en"><p lang="ko-KR"><span lang="en">Fresh Wind</span></p>Fresh Wind</div>',
        ),
        (
            '<pre>한국 <span lang="en">한국</span></pre>',
            "en",
            '<pre>한국 <span lang="en"><span lang="ko">한국</span></span></pre>',
        ),
        (
            '<script>var s = "<p>한국</p>";</script><p>한국</p>',
            "en",
            '<script>var s = "<p>한국</p>";</script><p><span lang="ko">한국</span></p>',
        ),
        (
            "<!-- 한국 --><p>a < b 한국<br/>한국</p>",
            "en",
            '<!-- 한국 --><p>a < b <span lang="ko">한국</span><br/><span lang="ko">한국</span></p>',
        ),
        (
            "<p><span>open 한국</p> 한국",
            "en",
            '<p><span>open <span lang="ko">한국</span></p> <span lang="ko">한국</span>',
        ),
        # html.parser keeps the last lang of a tag; an empty one inherits
        (
            '<p lang="en" lang="ko">Fresh Wind</p><p lang="ko" lang="">Fresh Wind</p>',
            "ko",
            '<p lang="en" lang="ko"><span lang="en">Fresh Wind</span></p>'
            '<p lang="ko" lang=""><span lang="en">Fresh Wind</span></p>',
        ),
        (
            '<img src="a.png">한국<p/>한국',
            "en",
            '<img src="a.png"><span lang="ko">한국</span><p/><span lang="ko">한국</span>',
        ),
        # an SVG title is read as HTML (html.parser takes only script and style as raw text),
        # never marked
        (
            "<svg><title>한국 <tspan>어</tspan></title></svg>한국",
            "en",
            '<svg><title>한국 <tspan>어</tspan></title></svg><span lang="ko">한국</span>',
        ),
    ],
)
def test_marking_reads_html_as_a_browser_does(html: str, lang: str, expected: str) -> None:
    assert mark_other_language(html, lang, SCRIPTS) == expected
