"""Hostile files and a hostile environment: names, links, devices, caches, dates, deployment.

What a pull request (or the machine the build runs on) can put in the way of
``build.py check`` and ``build.py build``: each must end in a message naming
the file, never a traceback, a hang, an injected log line or a changed ``site/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from markdown_it import MarkdownIt

from briefing.diagnostics import error

ROOT = Path(__file__).resolve().parent.parent
PAGE = "---\ntitle: Notes\ndescription: Notes.\nupdated: 2026-11-22\n---\n\nText.\n"


def run_check_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "check", *args],
                          capture_output=True, text=True, env={**clean, **(env or {})}, timeout=120)


# -- 1. workflow commands ---------------------------------------------------------------------


def test_github_properties_are_escaped_as_the_toolkit_does() -> None:
    annotation = error("a%b\r\nc:d,e.md", 3, 4, "50% done\r\nnext").format_github()
    assert annotation == "::error file=a%25b%0D%0Ac%3Ad%2Ce.md,line=3,col=4::50% done%0D%0Anext".replace("50% ", "50%25 ")


def test_a_file_name_cannot_write_its_own_annotation(project: Path) -> None:
    name = "notes\n::warning file=README.md,line=1::Looks fine.md"
    for lang in ("en", "ko"):
        (project / "content" / lang / name).write_text(PAGE, encoding="utf-8")
    result = run_check_cli(project, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ")) for line in lines), lines
    assert not [line for line in lines if line.startswith("::warning file=README.md")]
    shown = "::error file=content/{}/notes\\n%3A%3Awarning file=README.md%2Cline=1%3A%3ALooks fine.md,line=1,col=1::"
    for lang in ("en", "ko"):
        assert [line for line in lines if line.startswith(shown.format(lang))], lines


def test_the_step_summary_lists_every_problem_as_text(project: Path, tmp_path: Path) -> None:
    """GitHub shows 10 annotations of a step; the summary has them all, and markup in them stays text."""
    for n in range(12):
        for lang in ("en", "ko"):
            (project / "content" / lang / f"x{n}<img src=y>|[l](https:\\\\evil.example)*b*\x1b[2J.md").write_text(PAGE, encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = run_check_cli(project, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    annotations = result.stdout.splitlines()
    assert len(annotations) >= 24
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, as GitHub asks
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<img" not in html and "<a " not in html and "<em>" not in html and "\x1b" not in html
    assert html.count("<tr>") == len(annotations) + 1  # the header row and one row per problem
    rows = html.split("<tr>")[2:]
    assert all(row.count("<td>") == 5 for row in rows)
    assert "x0&lt;img src=y&gt;|[l](https:\\\\evil.example)*b*\\x1b[2J.md" in html
