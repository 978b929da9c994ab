"""The PDF stage reads the build's own files and nothing else.

A narrative that names an address on the build machine (an image, or a link
marked ``rel="attachment"``, which WeasyPrint would embed in the PDF) must not
make the build request it, even when the checker is bypassed: a local HTTP
server counts every request it gets during full builds with the books.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.books.book import BookError
from briefing.books.fetcher import LocalFetcher, RefusedFetch
from briefing.pipeline import Paths
from tests.bypass import build_unchecked
from tests.helpers import copy_built_project


class Recorder:
    """A localhost HTTP server that answers every request with a tiny PNG and remembers the path."""

    PNG = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )

    def __init__(self) -> None:
        requests = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(Recorder.PNG)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    yield server
    server.server.shutdown()


def append(root: Path, lang: str, text: str) -> None:
    with (root / "content" / lang / "about.md").open("a", encoding="utf-8") as about:
        about.write(text)


def site_digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_attachment_links_are_neither_fetched_nor_embedded(
    built_books: Paths, tmp_path: Path, recorder: Recorder
) -> None:
    # the run's build with its PDF cache: only the PDFs that print About are laid out again
    root = copy_built_project(built_books.root, tmp_path / "attach")
    for lang in ("ko", "en"):
        append(
            root,
            lang,
            f'\n<a href="{recorder.url}/secret-{lang}.txt" rel="attachment">data</a>\n\n'
            f'[more data]({recorder.url}/list-{lang}.txt){{: rel="attachment" }}\n',
        )
    paths = Paths(root)
    build_unchecked(paths, ("content/en/about.md", "content/ko/about.md"))
    pdfs = sorted(paths.site_dir.rglob("*.pdf"))
    assert len(pdfs) > 20
    for pdf in pdfs:
        assert PdfReader(pdf).attachments == {}, pdf
    assert recorder.requests == []
    book = PdfReader(paths.site_dir / "en" / "downloads" / "briefing-en.pdf")
    assert "more data" in " ".join(page.extract_text() for page in book.pages)  # laid out anew
    about = (paths.site_dir / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert f"{recorder.url}/list-en.txt" in about and 'rel="attachment"' not in about


@pytest.mark.pdf
def test_a_remote_image_fails_the_books_without_a_request(
    built: Paths, tmp_path: Path, recorder: Recorder
) -> None:
    root = copy_built_project(built.root, tmp_path / "image")  # with the last good site
    paths = Paths(root)
    before = site_digest(paths.site_dir)
    append(root, "en", f"\n![Pixel]({recorder.url}/pixel.png)\n")
    append(root, "ko", f"\n![픽셀]({recorder.url}/pixel.png)\n")
    with pytest.raises(
        BookError, match=rf"names addresses outside the build's own files: {recorder.url}/pixel.png"
    ):
        build_unchecked(paths, ("content/en/about.md", "content/ko/about.md"))
    assert recorder.requests == []
    assert site_digest(paths.site_dir) == before


def test_the_fetcher_serves_only_files_below_its_folders(tmp_path: Path) -> None:
    inside, outside = tmp_path / "inside", tmp_path / "outside"
    inside.mkdir()
    outside.mkdir()
    (inside / "print.css").write_text("body {}", encoding="utf-8")
    (outside / "secret.txt").write_text("secret", encoding="utf-8")
    (inside / "escape.txt").symlink_to(outside / "secret.txt")
    fetcher = LocalFetcher([inside])
    response = fetcher.fetch((inside / "print.css").as_uri())
    assert response.read() == b"body {}"
    response.close()
    for url in (
        (outside / "secret.txt").as_uri(),
        (inside / "escape.txt").as_uri(),
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.png",
        "data:text/plain,hello",
        "ftp://127.0.0.1/x",
        "file://example.org/etc/passwd",
    ):
        with pytest.raises(RefusedFetch):
            fetcher.fetch(url)
    with pytest.raises(RefusedFetch, match="secret.txt"):
        fetcher.check("the test")
    missing = LocalFetcher([inside])
    with pytest.raises(
        OSError
    ):  # an image the page names but nobody saved: missing, as WeasyPrint reports it, not refused
        missing.fetch((inside / "plant.jpg").as_uri())
    assert missing.refused == []
