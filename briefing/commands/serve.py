"""``build.py serve``: preview on localhost, rebuilt when an input changes.

Serves ``site/`` (the language chooser, ``/ko/`` and ``/en/``) so the
language switcher works as published, and rebuilds it when a file of
``content/``, ``data/``, ``theme/``, ``locale/`` or ``mkdocs.yml`` changes.

The browser follows by itself: every HTML page the server sends gets a
small script (``/__preview/preview.js``) that asks ``/__preview/version``
a few times a second and reloads the page once a rebuild has finished. A
failed rebuild keeps the last good site and prints its problems; the
pages then also carry a panel listing every one of them
(``file:line:col: severity: message (hint)``, in the page's language),
until a rebuild succeeds. When no build has succeeded yet, or the page
asked for is not in the last good site, that list is the whole page, not a
404. The script and the panel are added as pages are sent, never written
into ``site/``: it stays what a build makes, and a published site carries
no preview code.

The PDF books are left out of the preview (``build.py build`` or
``build.py pdf`` makes them). Those an earlier build wrote stay in
``site/`` across rebuilds (``pipeline.build`` carries them over), and a
link to a PDF that is not there opens a page saying where PDFs come from.

Rebuilds are fast because nothing starts cold: the MkDocs builds run in
worker processes kept warm between rebuilds (MkDocs, Material and Kiwi stay
loaded), templates and schemas stay compiled in this process, and the
watcher polls every 0.1 s (a change is built once a poll finds the files still).
"""

from __future__ import annotations

import argparse
import functools
import html
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefing import engine
from briefing.commands import printed_language
from briefing.diagnostics import (
    InputError,
    Message,
    MessageLanguage,
    print_diagnostics,
    said,
    visible,
)
from briefing.inputs import read_briefing
from briefing.pipeline import Paths, build
from briefing.views.i18n import N_, load_language

WATCHED = ("content", "data", "theme", "locale", "mkdocs.yml")
POLL_SECONDS = 0.1

# The preview's own addresses; no page of a briefing is published under this folder.
PREVIEW_ROUTE = "/__preview/"
VERSION_ROUTE = PREVIEW_ROUTE + "version"
SCRIPT_ROUTE = PREVIEW_ROUTE + "preview.js"
STYLE_ROUTE = PREVIEW_ROUTE + "preview.css"

REBUILD_FAILED = N_("The last rebuild failed")
SHOWING_LAST_GOOD = N_(
    "This page is from the last good build. Fix these problems and save: "
    "the page reloads by itself."
)
NOTHING_BUILT = N_(
    "There is no good build to show yet. Fix these problems and save: the page reloads by itself."
)
NO_PDF = N_("This PDF is not in the preview")
WHERE_PDFS_COME_FROM = N_(
    "The preview makes the pages only. The PDF books and fact sheets are made by %(build)s "
    "(the whole site) or %(pdf)s (the PDFs alone); once made, they stay in the preview."
)

# Asks for the version every 0.3 s; reloads when it is not the one the page was sent with.
# A download link to a missing PDF would save the help page under the PDF's name: the script
# opens the help page instead. CSP: a file of this origin ('self'), no inline code.
PREVIEW_SCRIPT = """\
(() => {
  "use strict";
  const shown = document.currentScript.dataset.version;
  const poll = () => {
    fetch("/__preview/version", { cache: "no-store" })
      .then((response) => response.text())
      .then((version) => (version === shown ? setTimeout(poll, 300) : location.reload()))
      .catch(() => setTimeout(poll, 1000)); // the server is restarting or stopped
  };
  setTimeout(poll, 300);
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a[download][href]");
    if (!link || link.origin !== location.origin || !/\\.pdf$/i.test(link.pathname)) return;
    if (link.dataset.previewChecked) return;
    event.preventDefault();
    fetch(link.href, { method: "HEAD", cache: "no-store" }).then((response) => {
      if (!response.ok) {
        location.href = link.href;
        return;
      }
      link.dataset.previewChecked = "yes";
      link.click();
    });
  }, true);
})();
"""

PREVIEW_STYLE = """\
.briefing-preview {
  position: fixed; top: 0; left: 0; right: 0; z-index: 100000;
  max-height: 70vh; overflow: auto; box-sizing: border-box;
  background: #fff3f3; color: #4a0000; border-bottom: 4px solid #b3001b;
  box-shadow: 0 2px 12px rgba(0, 0, 0, 0.35);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  text-align: left;
}
.briefing-preview summary {
  padding: 0.6em 1em; font-weight: 700; font-size: 1.1em; cursor: pointer;
}
.briefing-preview p, .briefing-preview ol { margin: 0 1em 0.8em; }
.briefing-preview ol { padding-left: 1.5em; }
.briefing-preview li { margin: 0.3em 0; }
.briefing-preview p, .briefing-preview summary { word-break: keep-all; overflow-wrap: anywhere; }
.briefing-preview code {
  font: 14px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  white-space: pre-wrap; overflow-wrap: anywhere; color: inherit; background: none;
}
.briefing-preview-pdf { background: #f2f4ff; color: #0d1b4c; border-bottom-color: #3f51b5; }
.briefing-preview-page { margin: 0; }
.briefing-preview-page .briefing-preview { position: static; max-height: none; box-shadow: none; }
"""


@dataclass(frozen=True)
class Status:
    """What the last rebuild left: its version (pages reload when it changes) and its problems."""

    version: str
    problems: tuple[str, ...] = ()  # one line each; none when it succeeded


class Preview:
    """What the watcher (which rebuilds) tells the server's threads (which send pages)."""

    def __init__(self, root: Path, languages: tuple[str, ...]) -> None:
        self.root = root
        self.languages = languages
        # A restarted server counts from 1 again: the session tells its versions apart.
        self.session = f"{os.getpid()}-{time.time_ns()}"
        self.rebuilds = 0
        self.status = Status(f"{self.session}.0")

    def record(self, problems: list[str]) -> None:
        """The outcome of a rebuild; one assignment, so a thread reads the old or the new whole."""
        self.rebuilds += 1
        self.status = Status(f"{self.session}.{self.rebuilds}", tuple(problems))

    def gettext(self, lang: str) -> Callable[[str], str]:
        """``lang``'s UI strings from ``locale/``, read again per page (they change too)."""
        try:
            return load_language(lang, self.root).gettext
        except Exception:  # a broken briefing.yml or catalog is among the problems shown
            return str

    def language_of(self, route: str, accept_language: str) -> str:
        """The language a request is in: its first folder, else the browser's, else the first."""
        first = route.strip("/").split("/", 1)[0]
        if first in self.languages:
            return first
        for tag in _preferred_tags(accept_language):
            for code in self.languages:
                if tag == code.lower() or tag.split("-", 1)[0] == code.lower():
                    return code
        return self.languages[0]


def _preferred_tags(accept_language: str) -> list[str]:
    """The language tags of an Accept-Language header, most wanted first."""
    weighted = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, position, tag.strip().lower()))
    return [tag for _q, _position, tag in sorted(weighted)]


def problems_panel(status: Status, gettext: Callable[[str], str], site_exists: bool) -> str:
    """The list of a failed rebuild's problems, all escaped (editors' files wrote them)."""
    note = SHOWING_LAST_GOOD if site_exists else NOTHING_BUILT
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in status.problems)
    return (
        '<aside class="briefing-preview" role="alert"><details open>'
        f"<summary>{html.escape(gettext(REBUILD_FAILED))}</summary>"
        f"<p>{html.escape(gettext(note))}</p><ol>{items}</ol></details></aside>"
    )


def preview_code(status: Status, panel: str = "") -> str:
    """What ends every page sent: the preview's style, the panel if any, its script."""
    return (
        f'<link rel="stylesheet" href="{STYLE_ROUTE}">{panel}'
        f'<script src="{SCRIPT_ROUTE}" data-version="{html.escape(status.version)}"></script>'
    )


def with_preview(page: str, code: str) -> str:
    """``page`` with ``code`` just before its last ``</body>`` (at its end if it has none)."""
    end = page.lower().rfind("</body>")
    return page + code if end < 0 else page[:end] + code + page[end:]


def preview_page(lang: str, title: str, body: str, code: str) -> str:
    """A page of the preview's own (the problems, or where PDFs come from)."""
    return (
        f'<!doctype html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head>"
        f'<body class="briefing-preview-page">{body}{code}</body></html>\n'
    )


class PreviewHandler(SimpleHTTPRequestHandler):
    """Files of ``site/``, with the preview's script (and panel) in every HTML page sent."""

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # The browser asks again for each file (304 when unchanged): a reload shows the rebuild.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:
        self.respond(with_body=True)

    def do_HEAD(self) -> None:
        self.respond(with_body=False)

    def respond(self, with_body: bool) -> None:
        route = unquote(urlsplit(self.path).path)
        status = self.preview.status
        if route.startswith(PREVIEW_ROUTE):
            self.send_preview_file(route, status, with_body)
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir() and route.endswith("/"):
            target = target / "index.html"
        lang = self.preview.language_of(route, self.headers.get("Accept-Language", ""))
        site_exists = Path(self.directory).is_dir()
        if target.suffix == ".html" and target.is_file():
            try:
                page = target.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):  # swapped away meanwhile: the reload follows
                page = None
            if page is not None:
                panel = self.panel(status, lang, site_exists)
                code = preview_code(status, panel)
                self.send_text(HTTPStatus.OK, with_preview(page, code), with_body)
                return
        if not target.exists() and target.suffix.lower() == ".pdf":
            page = self.pdf_help(lang, status, site_exists)
            self.send_text(HTTPStatus.NOT_FOUND, page, with_body)
            return
        if not target.exists() and status.problems:
            gettext = self.preview.gettext(lang)
            page = preview_page(
                lang,
                gettext(REBUILD_FAILED),
                problems_panel(status, gettext, site_exists),
                preview_code(status),
            )
            missing = HTTPStatus.NOT_FOUND if site_exists else HTTPStatus.SERVICE_UNAVAILABLE
            self.send_text(missing, page, with_body)
            return
        if with_body:
            super().do_GET()
        else:
            super().do_HEAD()

    def panel(self, status: Status, lang: str, site_exists: bool) -> str:
        if not status.problems:
            return ""
        return problems_panel(status, self.preview.gettext(lang), site_exists)

    def pdf_help(self, lang: str, status: Status, site_exists: bool) -> str:
        """Where PDFs come from (and a failed rebuild's problems, if any)."""
        gettext = self.preview.gettext(lang)
        commands = {"build": "<code>build.py build</code>", "pdf": "<code>build.py pdf</code>"}
        body = (
            '<aside class="briefing-preview briefing-preview-pdf">'
            f"<details open><summary>{html.escape(gettext(NO_PDF))}</summary>"
            f"<p>{html.escape(gettext(WHERE_PDFS_COME_FROM)) % commands}</p></details></aside>"
        )
        code = preview_code(status, self.panel(status, lang, site_exists))
        return preview_page(lang, gettext(NO_PDF), body, code)

    def send_preview_file(self, route: str, status: Status, with_body: bool) -> None:
        files = {
            VERSION_ROUTE: ("text/plain", status.version),
            SCRIPT_ROUTE: ("text/javascript", PREVIEW_SCRIPT),
            STYLE_ROUTE: ("text/css", PREVIEW_STYLE),
        }
        if route not in files:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        kind, text = files[route]
        self.send_text(HTTPStatus.OK, text, with_body, kind)

    def send_text(
        self, code: HTTPStatus, text: str, with_body: bool = True, kind: str = "text/html"
    ) -> None:
        body = text.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)


def make_server(paths: Paths, preview: Preview, port: int = 8000) -> ThreadingHTTPServer:
    """The preview's server on ``127.0.0.1:port`` (0: any free port), bound now, not yet serving."""
    # Serve by path, not by an open directory handle: the build swaps site/ in.
    handler = functools.partial(PreviewHandler, preview=preview, directory=str(paths.site_dir))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file."""
    stamps = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else path.rglob("*") if path.exists() else []
        for f in files:
            if f.is_file():
                status = f.stat()
                stamps[str(f)] = (status.st_mtime_ns, status.st_size)
    return stamps


def pause() -> None:
    """The watcher's wait between two polls."""
    time.sleep(POLL_SECONDS)


def settled(
    root: Path, changed: dict[str, tuple[int, int]], wait: Callable[[], None] = pause
) -> dict[str, tuple[int, int]]:
    """The watched files' snapshot once a poll (after ``wait``) finds nothing more changing
    after ``changed``.

    An editor that saves in place empties the file and then writes it: a build started in
    between would read half a file and fail, and show that failure until the next save."""
    while True:
        wait()
        now = snapshot(root)
        if now == changed:
            return now
        changed = now


class Workers:
    """The warm engine processes, started again if one of them died."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = languages
        self.pool: engine.LanguageWorkers = engine.warm_workers(languages)

    def restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = engine.warm_workers(self.languages)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def rebuild(
    paths: Paths,
    workers: Workers | None = None,
    preview: Preview | None = None,
    language: MessageLanguage | None = None,
) -> bool:
    """Build the site without the PDFs; print (and tell ``preview``) the problems if that fails,
    in ``language`` (None: English)."""
    problems = build_problems(paths, workers, language)
    if preview is not None:
        preview.record(problems)
    return not problems


def build_problems(
    paths: Paths, workers: Workers | None, language: MessageLanguage | None = None
) -> list[str]:
    """Build; the problems that stopped it, each a line (printed too), or none."""
    started = time.perf_counter()
    try:
        build(paths, workers=workers.pool if workers else None, books=False)
    except BrokenProcessPool:
        if workers:
            workers.restart()
        problems = [
            said(
                Message("a build process died; new ones are started: save again to rebuild"),
                language,
            )
        ]
    except InputError as exc:
        problems = [d.format(language) for d in exc.diagnostics]
    except Exception as exc:  # keep the preview alive whatever went wrong
        problems = [visible(str(exc)) or type(exc).__name__]
    else:
        rebuilt = Message("rebuilt in {seconds} s", seconds=f"{time.perf_counter() - started:.1f}")
        print(said(rebuilt, language))
        return []
    for line in problems:
        print(line)
    print(
        said(
            Message(
                "rebuild failed; still serving the last good site "
                "(the browser shows these problems)"
            ),
            language,
        )
    )
    return problems


def serve(root: Path, port: int = 8000, language: MessageLanguage | None = None) -> int:
    paths = Paths(root)
    try:
        codes = read_briefing(paths).codes
    except InputError as exc:
        print_diagnostics(exc.diagnostics, language=language)
        return 1
    preview = Preview(root, codes)
    # Bound before the first build: a port in use shows at once, and a browser
    # opened meanwhile waits for the first build instead of being refused.
    server = make_server(paths, preview, port)
    workers = Workers(codes)
    serving: threading.Thread | None = None
    try:
        seen = snapshot(root)
        rebuild(paths, workers, preview, language)
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()
        pages = ", ".join(f"{code}: /{code}/" for code in codes)
        serving_at = Message(
            "serving {address} ({pages}); Ctrl+C to stop",
            address=f"http://127.0.0.1:{server.server_address[1]}/",
            pages=pages,
        )
        print(said(serving_at, language))
        while True:
            pause()
            now = snapshot(root)
            if now != seen:
                seen = settled(root, now)
                rebuild(paths, workers, preview, language)
    except KeyboardInterrupt:
        pass
    finally:
        if serving is not None:
            server.shutdown()
        server.server_close()
        workers.close()
    return 0


def run(args: argparse.Namespace) -> int:
    return serve(Path(args.root), args.port, printed_language(args))
