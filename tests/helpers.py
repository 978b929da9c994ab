"""What tests share besides fixtures: the project's folder, its languages and pages, copies of it.

Tests import from here; ``conftest.py`` holds only fixtures.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from briefing.inputs import copy_build_inputs

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ko", "en")
# One page of each kind, by path below a language's root (the same in both languages).
PAGE_TYPES = {
    "home": "",
    "timeline": "timeline/",
    "event": "events/summit-2019/",
    "projects": "projects/",
    "project": "projects/turkistan-highway/",
    "organizations": "organizations/",
    "sources": "sources/",
    "about": "about/",
    "changes": "changes/",
}


def copy_project(target: Path) -> Path:
    """Copy the inputs of a build (not site/ or caches) into ``target``."""
    return copy_build_inputs(ROOT, target)


def serve_directory(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``directory`` on a free localhost port in a thread; returns (server, base URL)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
