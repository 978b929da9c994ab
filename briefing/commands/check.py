"""``build.py check``: every problem in data and content, without building HTML.

It runs the build's own load and validate stages (``inputs.read_inputs``:
YAML, schema, references, front matter, page parity, Markdown links, anchors,
images, headings and raw HTML), then compares the Korean and English sides
with git (``staleness.py``). Nothing stops at the first problem: the editor
gets them all at once, sorted by file and line.
"""

from __future__ import annotations

from pathlib import Path

from briefing.diagnostics import Diagnostic
from briefing.inputs import Paths, read_inputs
from briefing.inputs.staleness import start_history, translation_staleness


def run_check(root: Path, staleness: bool = True) -> list[Diagnostic]:
    """All diagnostics, sorted by file, line and column; ``staleness=False`` skips git."""
    git = start_history(root) if staleness else None  # git works on the other core while the files are read
    inputs = read_inputs(Paths(root))
    found = list(inputs.problems)
    if git is not None:
        found.extend(translation_staleness(root, inputs.files, inputs.content, git).diagnostics)
    return sorted(set(found))
