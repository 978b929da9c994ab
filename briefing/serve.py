"""``build.py serve``: preview on localhost, rebuilt when an input changes.

Serves ``site/`` (the language chooser, ``/ko/`` and ``/en/``) so the
language switcher works as published. A failed rebuild prints its errors and
keeps serving the last good site.
"""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .diagnostics import InputError
from .pipeline import Paths, build

WATCHED = ("content", "data", "theme", "locale", "mkdocs.yml")


def snapshot(root: Path) -> dict[str, float]:
    """Modification times of every watched file."""
    times = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else path.rglob("*") if path.exists() else []
        for f in files:
            if f.is_file():
                times[str(f)] = f.stat().st_mtime
    return times


def rebuild(paths: Paths) -> bool:
    started = time.perf_counter()
    try:
        build(paths)
    except InputError as exc:
        for d in exc.diagnostics:
            print(d.format())
        print("rebuild failed; still serving the last good site")
        return False
    except Exception as exc:  # keep the preview alive whatever went wrong
        print(f"rebuild failed: {exc}; still serving the last good site")
        return False
    print(f"rebuilt in {time.perf_counter() - started:.1f} s")
    return True


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


def serve(root: Path, port: int = 8000) -> int:
    paths = Paths(root)
    rebuild(paths)
    # Serve by path, not by an open directory handle: the build swaps site/ in.
    handler = functools.partial(_Quiet, directory=str(paths.site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://127.0.0.1:{port}/ (ko: /ko/, en: /en/); Ctrl+C to stop")
    seen = snapshot(root)
    try:
        while True:
            time.sleep(0.5)
            now = snapshot(root)
            if now != seen:
                seen = now
                rebuild(paths)
    except KeyboardInterrupt:
        server.shutdown()
    return 0
