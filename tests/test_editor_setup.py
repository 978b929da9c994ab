"""The editors' set-up of CONTRIBUTING ("Set up your computer"), as an editor runs it.

A copy of the repository's files in a new git repository, owned by an ordinary user when
the tests run as root; a new virtual environment; ``pip install -c requirements.txt
-e '.[editor]'`` and ``pre-commit install``; then ``check``, ``build`` (with the PDF books)
and ``serve``. No apt, Node or Chromium: the environment must not hold the test tools.
The install needs the package index: marked ``network``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT

# An unprivileged user for the run when the tests run as root (Debian's "nobody").
NOBODY = 65534


def _tracked_files_copy(target: Path) -> None:
    """The working tree's version of every tracked file, as a fresh clone would hold them."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _interpreter_for(user_id: int | None) -> str:
    """A Python 3.11+ that the user may run (root's own may live in root's home)."""
    candidates = (
        [sys.executable] if user_id is None else ["/usr/bin/python3", "/usr/local/bin/python3"]
    )
    for candidate in candidates:
        if Path(candidate).exists():
            return candidate
    pytest.skip("no Python an ordinary user can run")


@pytest.fixture
def editor_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder of the editor's own (pytest's are private to root when root runs the tests)."""
    if os.geteuid() != 0:
        yield tmp_path
        return
    with tempfile.TemporaryDirectory(prefix="editor-") as folder:
        os.chown(folder, NOBODY, NOBODY)
        yield Path(folder)


@pytest.mark.pdf  # builds with the books
@pytest.mark.network
def test_editor_setup_without_root_checks_builds_and_serves(editor_folder: Path) -> None:
    user_id = NOBODY if os.geteuid() == 0 else None
    tmp_path = editor_folder
    home = tmp_path / "home"
    clone = tmp_path / "briefing"
    home.mkdir()
    clone.mkdir()
    _tracked_files_copy(clone)
    if user_id is not None:
        for path in [home, clone, *clone.rglob("*")]:
            os.chown(path, user_id, user_id, follow_symlinks=False)
    environment = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        # the machine's package index settings, if any (a mirror, a certificate)
        **{name: value for name, value in os.environ.items() if name.startswith("PIP_")},
    }
    as_editor: dict[str, Any] = {"cwd": clone, "env": environment}
    if user_id is not None:
        as_editor |= {"user": user_id, "group": user_id, "extra_groups": []}

    def run(*command: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, **as_editor)

    for command in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        [
            "git",
            "-c",
            "user.name=Editor",
            "-c",
            "user.email=e@example.org",
            "commit",
            "-qm",
            "Clone",
        ],
    ):
        assert run(*command).returncode == 0

    # The three commands of CONTRIBUTING, as written there.
    assert run(_interpreter_for(user_id), "-m", "venv", ".venv").returncode == 0
    install = run(
        ".venv/bin/pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "-c",
        "requirements.txt",
        "-e",
        ".[editor]",
        timeout=900,
    )
    if install.returncode != 0 and "Could not find a version" in install.stdout + install.stderr:
        pytest.skip("the package index cannot be reached")
    assert install.returncode == 0, install.stderr
    hook = run(".venv/bin/pre-commit", "install")
    assert hook.returncode == 0, hook.stderr
    assert (clone / ".git" / "hooks" / "pre-commit").exists()

    installed = run(".venv/bin/pip", "list", "--format=freeze").stdout.lower()
    for test_tool in ("playwright", "pytest", "hypothesis"):
        assert f"\n{test_tool}==" not in "\n" + installed, (
            f"{test_tool} came with the editors' set-up"
        )

    check = run(".venv/bin/python", "build.py", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    built = run(".venv/bin/python", "build.py", "build", timeout=900)
    assert built.returncode == 0, built.stdout + built.stderr
    for lang in ("ko", "en"):
        assert (clone / "site" / lang / "index.html").exists()
        assert (clone / "site" / lang / "search" / "search_index.json").stat().st_size > 0
        assert (clone / "site" / lang / "downloads" / f"briefing-{lang}.pdf").stat().st_size > 0

    _serve_answers(as_editor)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve_answers(as_editor: dict[str, Any]) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [".venv/bin/python", "build.py", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **as_editor,
    )
    try:
        page = _poll(lambda: _get(f"http://127.0.0.1:{port}/ko/"), server)
        assert '<html lang="ko"' in page
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0]
    assert server.returncode is not None, output


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (localhost)
        return str(response.read().decode())


def _poll(fetch: Callable[[], str], server: subprocess.Popen[str]) -> str:
    """The page, once the server has built the site and answers (a few minutes at most)."""
    for _ in range(600):
        if server.poll() is not None:
            pytest.fail(f"serve stopped: {server.communicate()[0]}")
        try:
            return fetch()
        except OSError:
            time.sleep(0.5)
    pytest.fail("serve did not answer")
