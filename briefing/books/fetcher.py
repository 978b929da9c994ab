"""What the PDF stage may read: the build's own files, nothing else.

WeasyPrint's default URL fetcher requests any address a document names
(images, stylesheets, ``rel="attachment"`` targets, which it embeds in the
PDF). A narrative could then make the build machine fetch an internal
address and publish the answer. The books read only ``file:`` URLs below the
folders given here; every other address is refused and remembered, and the
print stage fails naming it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from briefing.diagnostics import Message


class RefusedFetch(Exception):
    """The document named an address outside the build's own files."""


class LocalFetcher(URLFetcher):
    """A WeasyPrint URL fetcher (its documented subclassing API)
    that serves only files below ``roots``."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(parts.path)).resolve()
        # a missing file below the roots is not refused: WeasyPrint says it is missing,
        # as for any image
        return any(path.is_relative_to(root) for root in self.roots) and (
            path.is_file() or not path.exists()
        )

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if not self.allows(url):
            self.refused.append(url)
            raise RefusedFetch(Message("not one of the build's own files: {url}", url=url))
        return super().fetch(url, headers)

    def check(self, what: str) -> None:
        """Raise ``RefusedFetch`` naming every address ``what`` asked for and did not get."""
        if self.refused:
            addresses = ", ".join(sorted(set(self.refused)))
            raise RefusedFetch(
                Message(
                    "{what} names addresses outside the build's own files: {addresses} "
                    "(the books read nothing else; `build.py check` names the page)",
                    what=what,
                    addresses=addresses,
                )
            )
