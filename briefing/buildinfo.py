"""What a build is of: the commit, and a timestamp that does not change between builds.

Reproducible output needs every date written into files (sitemaps, PDF
metadata) to come from the content's history, not from the clock.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class BuildInfo:
    commit: str  # short hash, or "" outside git
    timestamp: datetime.datetime  # UTC; from SOURCE_DATE_EPOCH or the last commit

    @property
    def epoch(self) -> int:
        return int(self.timestamp.timestamp())

    @property
    def version(self) -> str:
        return self.commit or "unversioned"


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


@lru_cache(maxsize=8)
def build_info(root: Path) -> BuildInfo:
    """Commit and timestamp of ``root``; SOURCE_DATE_EPOCH wins when set."""
    commit = _git(root, "rev-parse", "--short=10", "HEAD")
    epoch_text = os.environ.get("SOURCE_DATE_EPOCH") or _git(root, "log", "-1", "--format=%ct")
    epoch = int(epoch_text) if epoch_text.isdigit() else 0
    return BuildInfo(commit, datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC))
