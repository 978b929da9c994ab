"""``build.py check``: every problem in data and content, without building HTML."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic, InputError
from .pipeline import Paths, load_inputs


def run_check(root: Path) -> list[Diagnostic]:
    """All diagnostics, sorted by file and line."""
    try:
        _data, _content, diagnostics = load_inputs(Paths(root))
    except InputError as exc:
        diagnostics = exc.diagnostics
    return sorted(diagnostics)
