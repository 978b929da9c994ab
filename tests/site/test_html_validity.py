"""The Nu Html Checker (npm vnu-jar, run with the machine's Java) over the whole built site."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def test_every_page_is_valid_html(built) -> None:
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail(
            "Java or vnu-jar is missing: run scripts/setup.sh (default-jre-headless, npm ci)"
        )
    pages = list(built.site_dir.rglob("*.html"))
    assert len(pages) > 40
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", str(built.site_dir)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = result.stderr.replace(built.site_dir.as_uri(), "").strip()
    assert result.returncode == 0 and not errors, errors[:5000]
