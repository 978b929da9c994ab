"""A page's start tags and the text of chosen elements, read with the standard library's parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each element named in ``text_of``."""

    def __init__(self, text_of: tuple[str, ...] = ("title", "h1")) -> None:
        super().__init__(convert_charrefs=True)
        self.text_of = text_of
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.text_of:
            self._open.append(tag)
            self.texts.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.texts[tag][-1] += data


def parse(path: Path, text_of: tuple[str, ...] = ("title", "h1")) -> Elements:
    parser = Elements(text_of)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser
