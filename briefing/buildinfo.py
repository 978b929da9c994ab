"""What a build is of: the commit, and a timestamp that does not change between builds.

Reproducible output needs every date written into files (sitemaps, PDF
metadata) to come from the content's history, not from the clock.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefing.diagnostics import Message

# The last second of the year 9999: dates past it cannot be written as YYYY-MM-DD.
MAX_EPOCH = 253_402_300_799


class BuildDateError(Exception):
    """SOURCE_DATE_EPOCH is set to something that is not a date the build can write."""


@dataclass(frozen=True)
class BuildInfo:
    commit: str  # short hash, or "" outside git
    timestamp: (
        datetime.datetime
    )  # UTC; from SOURCE_DATE_EPOCH, the last commit or (outside git) the newest input file
    # why the date is not the last commit's, for a warning;
    # "" when it is (or SOURCE_DATE_EPOCH is set)
    note: str = ""
    tags: tuple[str, ...] = ()  # the tags on the commit (an edition's: editions.py)

    @property
    def epoch(self) -> int:
        return int(self.timestamp.timestamp())

    @property
    def version(self) -> str:
        return self.commit or "unversioned"


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as a number of seconds, None when unset;
    ``BuildDateError`` when it is not one."""
    text = os.environ.get("SOURCE_DATE_EPOCH")
    if text is None or text == "":
        return None
    # ASCII digits only: str.isdigit() also takes '²' and '٣',
    # which int() then refuses or reads otherwise
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_EPOCH:
        shown = text if len(text) <= 40 and text.isprintable() else repr(text[:40]) + "…"
        raise BuildDateError(
            Message(
                "SOURCE_DATE_EPOCH is {value}: "
                "it must be a whole number of seconds since 1970-01-01 UTC, "
                "from 0 to {most} (e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)), or unset",
                value=repr(shown),
                most=MAX_EPOCH,
            )
        )
    return int(text)


def _newest_input_time(root: Path) -> int | None:
    """The modification time of the newest file the build reads,
    as the date of a checkout without history."""
    from briefing.inputs import BUILD_INPUTS  # not at the top: inputs imports most of the package

    newest = None
    for name in BUILD_INPUTS:
        top = root / name
        paths = (
            [top]
            if top.is_file()
            else (p for p in top.rglob("*") if p.is_file() and not p.is_symlink())
            if top.is_dir()
            else []
        )
        for path in paths:
            newest = max(newest or 0, int(path.stat().st_mtime))
    return newest


@lru_cache(maxsize=8)
def build_info(root: Path) -> BuildInfo:
    """Commit and timestamp of ``root``; SOURCE_DATE_EPOCH wins when set
    (``BuildDateError`` when it is not a date)."""
    commit = _git(root, "rev-parse", "--short=10", "HEAD")
    epoch = source_date_epoch()
    note = ""
    if epoch is None:
        committed = _git(root, "log", "-1", "--format=%ct")
        if committed.isascii() and committed.isdigit():
            epoch = int(committed)
        else:
            # Not 1970-01-01, which no reader would take for the content's date:
            # the newest input file's, else today's.
            newest = _newest_input_time(root)
            epoch = (
                newest
                if newest is not None
                else int(datetime.datetime.now(datetime.UTC).timestamp())
            )
            source = (
                Message("the newest input file's modification date")
                if newest is not None
                else Message("today's date")
            )
            why = (
                Message("git is not installed")
                if shutil.which("git") is None
                else Message("this folder is not a git checkout with commits")
            )
            day = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).date().isoformat()
            note = Message(
                "{why}: the site and the PDFs are dated {day}, {source}",
                why=why,
                day=day,
                source=source,
            )
    tags = tuple(sorted(_git(root, "tag", "--points-at", "HEAD").split())) if commit else ()
    return BuildInfo(commit, datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC), note, tags)
