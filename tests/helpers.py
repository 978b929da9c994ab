"""What tests share besides fixtures: the project's folder, its languages and pages, copies of it.

Tests import from here; ``conftest.py`` holds only fixtures and the tiers' hook.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

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


def run_check_cli(root: Path, *args: str, **environment: str) -> subprocess.CompletedProcess:
    """``build.py check`` on ``root`` as a command line runs it, outside GitHub Actions and with
    no locale set (messages in English) unless ``environment`` says otherwise."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("GITHUB_", "LC_", "LANG"))  # LANGUAGE too
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "check", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` as an editor of a test's own repository; its output, stripped."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    }
    return subprocess.run(
        ["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def copy_built_project(built: Path, target: Path) -> Path:
    """A copy of a built project: its inputs, ``site/`` and ``.cache/`` (Kiwi's readings kept)."""
    shutil.copytree(built, target, symlinks=True)
    return target


def search_for(page: Any, query: str) -> None:
    """Type ``query`` into Material's search box as a keystroke delivers it (Playwright page).

    Material reads the box on keyup (and 1 ms after focus); ``fill`` sends no keyup, so a
    filled query would be missed whenever that moment passes before the text is in."""
    box = page.locator(".md-search__input")
    box.fill(query)
    box.dispatch_event("keyup")


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


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """``make(folder)`` once per test run, even with pytest-xdist: the first worker to ask
    makes it while the others wait on a lock, then all of them read the same folder."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder, done = base / name, base / f"{name}.done"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():  # a failed attempt is made again, and fails again, for each asker
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder


class SharedKiwi:
    """Stands in for a fresh Kiwi (``korean._load_kiwi``): reads as a Kiwi given the same user
    words reads, with one the test run keeps for those words (one loads in a second, 100 MB)."""

    loaded: ClassVar[OrderedDict[tuple[tuple[Any, ...], ...], Any]] = OrderedDict()
    KEPT = 4  # Kiwis, each for one list of user words

    def __init__(self, load: Callable[[], Any]) -> None:
        self.load = load
        self.user_words: list[tuple[Any, ...]] = []

    def add_user_word(self, *word: Any) -> bool:
        self.user_words.append(word)
        return True

    def tokenize(self, *args: Any, **kwargs: Any) -> Any:
        key = tuple(self.user_words)
        kiwi = self.loaded.pop(key, None)
        if kiwi is None:
            kiwi = self.load()
            for word in self.user_words:
                kiwi.add_user_word(*word)
        self.loaded[key] = kiwi  # the most recently used last
        while len(self.loaded) > self.KEPT:
            self.loaded.popitem(last=False)
        return kiwi.tokenize(*args, **kwargs)
