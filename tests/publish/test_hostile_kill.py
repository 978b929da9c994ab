"""A build killed during the PDF stage leaves no process behind and no lock held.

The build runs as ``build.py build`` in a session of its own; once its PDF
workers are running, the build process alone is killed (SIGKILL, as an
out-of-memory killer or a CI timeout would; SIGTERM, as ``kill`` would). No
process of that session may survive, ``site/`` stays as it was, and the next
build starts at once and succeeds.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.pipeline import Paths
from tests.helpers import copy_built_project

ROOT = Path(__file__).resolve().parents[2]


def session_processes(session: int) -> list[int]:
    """Live processes (not zombies) of ``session``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        state, sid = fields[0], int(fields[3])
        if sid == session and state != "Z":
            found.append(int(entry.name))
    return found


def start_build(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_pdf_workers(build: subprocess.Popen, root: Path) -> None:
    """Until the build has written its chooser (the last step before the books)
    and forked PDF workers."""
    chooser = root / f".site-build-{build.pid}" / "index.html"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert build.poll() is None, build.communicate()
        if chooser.exists() and len(session_processes(build.pid)) > 1:
            time.sleep(1)  # into the layout, not its start-up
            return
        time.sleep(0.05)
    pytest.fail("the build never reached the PDF stage")


def wait_until_gone(session: int) -> list[int]:
    """Processes of ``session`` still alive after up to 30 s
    (the kernel delivers the workers' signal at once)."""
    deadline = time.monotonic() + 30
    while (left := session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def site_digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def project(built_books: Paths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the run's build: the inputs, the site the killed builds must leave as it was.

    About is edited in every language, so each build lays out the books again (and is killed
    while it does) but takes the fact sheets and packs from the PDF cache."""
    root = copy_built_project(built_books.root, tmp_path_factory.mktemp("killed") / "project")
    for about in root.glob("content/*/about.md"):
        with about.open("a", encoding="utf-8") as page:
            page.write("\nEdited since the last build.\n")
    return root


@dataclass
class Killed:
    """What a build killed in its PDF stage left."""

    stderr: str
    running: list[int]  # its session's processes still alive
    site_kept: bool  # site/ byte for byte as it was
    build_folders: list[str]  # .site-build-* folders right after it


FIXTURE_TIERS = {"killed": "pdf"}  # tests/conftest.py: the tier of a test using it


@pytest.fixture(scope="module")
def killed(project: Path) -> tuple[dict[str, Killed], subprocess.CompletedProcess]:
    """A build killed with SIGKILL, then one killed with SIGTERM, each once its PDF workers
    run; then the next build. Each build after a kill is the test that it starts at once."""
    before = site_digest(project / "site")
    found = {}
    for signum in (signal.SIGKILL, signal.SIGTERM):
        build = start_build(project)
        wait_for_pdf_workers(build, project)
        os.kill(build.pid, signum)
        _, stderr = build.communicate(timeout=120)
        found[signum.name] = Killed(
            stderr,
            wait_until_gone(build.pid),
            site_digest(project / "site") == before,
            sorted(folder.name for folder in project.glob(".site-build-*")),
        )
    after = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(project), "build"],
        capture_output=True,
        text=True,
    )
    return found, after


@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM"])
def test_a_build_killed_in_the_pdf_stage_leaves_nothing_running(
    killed: tuple[dict[str, Killed], subprocess.CompletedProcess], signal_name: str
) -> None:
    run = killed[0][signal_name]
    if signal_name == "SIGTERM":
        assert "build stopped by a signal; site/ was not changed" in run.stderr
        assert run.build_folders == [], "a stopped build removes its folder"
    assert run.running == []
    assert run.site_kept


def test_the_build_after_a_killed_one_starts_at_once_and_succeeds(
    killed: tuple[dict[str, Killed], subprocess.CompletedProcess], project: Path
) -> None:
    # the SIGTERM build, started after the SIGKILL one, got as far as its PDF stage
    after = killed[1]
    assert "another build is running" not in after.stderr
    assert after.returncode == 0, after.stderr
    assert not list(project.glob(".site-build-*"))


@pytest.mark.pdf
def test_a_lock_left_by_a_vanished_build_is_taken_over(project: Path) -> None:
    """A leftover process of a build that is gone still holds the lock:
    the next build takes it over and says so."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a+'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print(flush=True); time.sleep(600)",
            str(project / ".cache" / "build.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        holder.stdout.readline()
        gone = subprocess.Popen(["true"])
        gone.wait()
        (project / ".cache" / "build.lock").write_text(
            str(gone.pid)
        )  # a build process that no longer exists
        built = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--root", str(project), "build"],
            capture_output=True,
            text=True,
        )
        assert built.returncode == 0, built.stderr
        assert (
            f"note: build process {gone.pid} is gone but left the build lock held; taken over"
            in built.stderr
        )
    finally:
        holder.kill()
        holder.wait()


def test_a_running_build_is_not_taken_over(project: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time; f = open(sys.argv[1], 'a+'); "
            "fcntl.flock(f, fcntl.LOCK_EX); "
            "f.seek(0); f.truncate(); f.write(str(os.getpid())); f.flush(); "
            "print(flush=True); time.sleep(600)",
            str(project / ".cache" / "build.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        holder.stdout.readline()
        built = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--root", str(project), "build"],
            capture_output=True,
            text=True,
        )
        assert built.returncode == 2
        assert f"build not started: another build is running (process {holder.pid})" in built.stderr
    finally:
        holder.kill()
        holder.wait()
