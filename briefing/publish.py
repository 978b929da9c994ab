"""Stage 5: publish a finished build atomically, never losing the last good site.

A build writes into ``.site-build-<pid>/`` beside ``site/``; only when every
part succeeded is it swapped in with two renames. A crash between the renames
leaves ``.site-previous-*``, which the next run puts back. A lock file keeps
two builds from overlapping.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from briefing.diagnostics import Message
from briefing.processes import close_in_children, keep_in_children, process_exists

BUILD_PREFIX = ".site-build-"
PREVIOUS_PREFIX = ".site-previous-"


class BuildLocked(Exception):
    """Another build holds the lock."""


@contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """Hold ``.cache/build.lock`` (``flock``) for the duration;
    raise ``BuildLocked`` if a running build has it.

    Forked workers close their copy of the lock (``processes.close_in_children``).
    A lock still held after its build process is gone (a worker of a build
    killed before that was so) is taken over with a note: the file is
    replaced, so the leftover holds a lock nobody asks for.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / "build.lock"
    handle = _locked(path)
    close_in_children(handle.fileno())
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        keep_in_children(handle.fileno())
        handle.seek(0)
        handle.truncate()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _locked(path: Path) -> IO[str]:
    handle = open(path, "a+")  # noqa: SIM115 (held for the build: closed by build_lock)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return handle
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.EACCES):
            handle.close()
            raise
    handle.seek(0)
    holder = handle.read().strip()
    handle.close()
    if not holder.isdigit() or process_exists(int(holder)):
        raise BuildLocked(
            Message(
                "another build is running (process {process}); wait for it to finish or stop it",
                process=holder,
            )
            if holder
            else Message(
                "another build is running (process unknown); wait for it to finish or stop it"
            )
        )
    # The build that wrote its number is gone; what holds the lock is a process it left behind.
    fresh = path.with_name(f"{path.name}.{os.getpid()}")
    handle = open(fresh, "w+")  # noqa: SIM115
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a new file: nobody else has it
    os.replace(fresh, path)
    print(
        f"note: build process {holder} is gone but left the build lock held; taken over",
        file=sys.stderr,
    )
    return handle


def published_dir(site_dir: Path) -> Path:
    """The folder a build replaces:
    ``site_dir`` itself, or where it leads when it is a symbolic link.

    ``site`` is often a link into the web server's tree; the link stays, and the
    folder it names is swapped (the new build is made beside that folder, so the
    swap is a rename on one file system).
    """
    return Path(os.path.realpath(site_dir)) if site_dir.is_symlink() else site_dir


def recover(site_dir: Path) -> None:
    """Undo what an interrupted build left: restore a half-swapped site,
    remove stray build folders."""
    target = published_dir(site_dir)
    parent = target.parent
    previous = sorted(parent.glob(PREVIOUS_PREFIX + "*"))
    if previous and not target.exists():
        previous[-1].rename(target)
        previous = previous[:-1]
    strays = [*previous, *parent.glob(BUILD_PREFIX + "*")]
    if parent != site_dir.parent:  # left beside the link by a build before it was one
        strays += [
            *site_dir.parent.glob(PREVIOUS_PREFIX + "*"),
            *site_dir.parent.glob(BUILD_PREFIX + "*"),
        ]
    for stray in strays:
        shutil.rmtree(stray, ignore_errors=True)


def new_build_dir(site_dir: Path) -> Path:
    path = published_dir(site_dir).parent / f"{BUILD_PREFIX}{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


@contextmanager
def new_site(site_dir: Path) -> Iterator[Path]:
    """A fresh build folder beside ``site_dir``: swapped in when the block succeeds,
    removed when it fails."""
    build_dir = new_build_dir(site_dir)
    try:
        yield build_dir
        swap_in(build_dir, site_dir)
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise


def carry_over(site_dir: Path, out_dir: Path, pattern: str) -> list[Path]:
    """Put the files of the published site that match ``pattern`` and ``out_dir`` lacks into it.

    ``build.py serve`` makes no PDFs: the PDFs an earlier build wrote come along
    into each of its builds instead of going with the old site. They are hard
    links (no copy of megabytes per rebuild), which is safe because no build
    writes into a published file: each writes a fresh folder, and
    ``publish_books`` copies the site before writing. Returns the files put in.
    """
    published = published_dir(site_dir)
    if not published.is_dir():
        return []
    carried = []
    for source in sorted(published.rglob(pattern)):
        target = out_dir / source.relative_to(published)
        if source.is_symlink() or not source.is_file() or target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:  # a file system without hard links
            shutil.copy2(source, target)
        carried.append(target)
    return carried


def swap_in(build_dir: Path, site_dir: Path) -> None:
    """Make ``build_dir`` the new ``site_dir`` (or the folder it links to);
    the old one is removed only afterwards."""
    target = published_dir(site_dir)
    previous = target.parent / f"{PREVIOUS_PREFIX}{os.getpid()}"
    if target.exists():
        target.rename(previous)
    try:
        build_dir.rename(target)
    except BaseException:
        # Put the old site back at once rather than leaving it to the next run's recover().
        if previous.exists() and not target.exists():
            previous.rename(target)
        raise
    shutil.rmtree(previous, ignore_errors=True)
