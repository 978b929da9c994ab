"""``build.py check``: every problem in data and content, without building HTML.

It runs the build's own load and validate stages (``inputs.read_inputs``:
YAML, schema, references, front matter, page parity, Markdown links, anchors,
images, headings and raw HTML), then compares the Korean and English sides
with git (``staleness.py``). Nothing stops at the first problem: the editor
gets them all at once, sorted by file and line.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from briefing.commands import printed_language
from briefing.diagnostics import (
    Diagnostic,
    Message,
    count_line,
    print_diagnostics,
    said,
    step_summary,
)
from briefing.inputs import Paths, read_inputs
from briefing.inputs.staleness import start_history, translation_staleness


def run_check(root: Path, staleness: bool = True) -> list[Diagnostic]:
    """All diagnostics, sorted by file, line and column; ``staleness=False`` skips git."""
    git = (
        start_history(root) if staleness else None
    )  # git works on the other core while the files are read
    inputs = read_inputs(Paths(root))
    found = list(inputs.problems)
    if git is not None and inputs.briefing is not None:
        found.extend(
            translation_staleness(
                root, inputs.files, inputs.content, inputs.briefing, git
            ).diagnostics
        )
    elif git is not None:
        git.stop()
    return sorted(set(found))


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    diagnostics = run_check(Path(args.root))
    language = printed_language(args)
    print_diagnostics(diagnostics, args.format, stream=sys.stdout, language=language)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if (
        summary
    ):  # GitHub shows only the first 10 annotations of a step: the run's page lists them all
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(step_summary(diagnostics, language))
    sys.stdout.flush()  # the problems first, then the count, also when both go to one terminal
    if args.format == "text":
        took = Message(
            "{count} in {seconds} s",
            count=count_line(diagnostics),
            seconds=f"{time.perf_counter() - started:.2f}",
        )
        print(said(took, language), file=sys.stderr)
    return 1 if any(d.severity == "error" for d in diagnostics) else 0
