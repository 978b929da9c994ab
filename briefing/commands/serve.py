"""``build.py serve``: preview on localhost, rebuilt when an input changes.

Serves ``site/`` (the language chooser, ``/ko/`` and ``/en/``) so the
language switcher works as published. A failed rebuild prints its errors and
keeps serving the last good site.

Rebuilds are fast because nothing starts cold: the MkDocs builds run in
worker processes kept warm between rebuilds (MkDocs, Material and Kiwi stay
loaded), templates and schemas stay compiled in this process, and the
watcher polls every 0.1 s. The PDF books are left out of the preview
(``build.py pdf`` makes them).
"""

from __future__ import annotations

import argparse
import functools
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from briefing import engine
from briefing.diagnostics import InputError, print_diagnostics
from briefing.inputs import read_briefing
from briefing.pipeline import Paths, build

WATCHED = ("content", "data", "theme", "locale", "mkdocs.yml")
POLL_SECONDS = 0.1


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


def rebuild(paths: Paths, workers: Workers | None = None) -> bool:
    started = time.perf_counter()
    try:
        build(paths, workers=workers.pool if workers else None, books=False)
    except BrokenProcessPool:
        print("rebuild failed: a build process died; starting new ones")
        if workers:
            workers.restart()
        return False
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
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path, port: int = 8000) -> int:
    paths = Paths(root)
    try:
        codes = read_briefing(paths).codes
    except InputError as exc:
        print_diagnostics(exc.diagnostics)
        return 1
    workers = Workers(codes)
    rebuild(paths, workers)
    # Serve by path, not by an open directory handle: the build swaps site/ in.
    handler = functools.partial(_Quiet, directory=str(paths.site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = ", ".join(f"{code}: /{code}/" for code in codes)
    print(f"serving http://127.0.0.1:{port}/ ({pages}); Ctrl+C to stop")
    seen = snapshot(root)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(root)
            if now != seen:
                seen = now
                rebuild(paths, workers)
    except KeyboardInterrupt:
        server.shutdown()
    finally:
        workers.close()
    return 0


def run(args: argparse.Namespace) -> int:
    return serve(Path(args.root), args.port)
