"""Time ``check`` and the HTML build on pathological inputs, and print a table of seconds.

Each input once made the build's work grow faster than its size (issue 16):
Python-Markdown's link search on a line of '[', the anchor check on thousands
of equal headings, the books' layout of a 5 MB summary, WeasyPrint's recursion
on a blockquote 2,000 deep, Babel on a 400-digit amount. Now each is refused
by ``check``; the table shows how long the refusal takes, how long the build
(without the books) takes to refuse it, and for the Markdown inputs how long
Python-Markdown alone would have spent had it been let through. The last row
is the worst page the limits accept: a 1 MB narrative of paragraphs at the
bracket and length limits, built in full.

    python -m benchmarks.hostile_inputs
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from briefing.commands.check import run_check
from briefing.diagnostics import InputError
from briefing.inputs import copy_build_inputs
from briefing.inputs.markdown_checks import MAX_BLOCK_CHARS, MAX_BRACKETS, MAX_LINE_CHARS
from briefing.pipeline import Paths, build

ROOT = Path(__file__).resolve().parent.parent
NARRATIVE = "content/en/events/state-visit-2019.md"
SUMMARY = (
    "      en: A US$200 million ferroalloy plant in Pavlodar. Support for it was on the agenda of "
    "the 2019 working group, where the two sides shared the plans and schedule for taking it "
    "forward."
)
AMOUNT = "      - value: 200000000\n"


def _append(root: Path, file: str, addition: str) -> str:
    path = root / file
    path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")
    return addition


def _replace(root: Path, file: str, old: str, new: str) -> str:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file} no longer contains {old[:40]!r}: update the benchmark"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return new


def worst_accepted_page() -> str:
    """About 1 MB of paragraphs,
    each two lines just under the line limit with the most brackets allowed."""
    line = ("[" + "x" * (MAX_LINE_CHARS // MAX_BRACKETS - 2) + " ") * (MAX_BRACKETS // 2)
    paragraph = f"{line}\n{line}\n"
    assert len(paragraph) <= MAX_BLOCK_CHARS and paragraph.count("[") <= MAX_BRACKETS
    return "\n" + "\n".join([paragraph] * (1_000_000 // len(paragraph)))


# name -> what to do to a fresh copy of the real content;
# returns the Markdown added (for Python-Markdown alone), or "".
INPUTS: dict[str, Callable[[Path], str]] = {
    "10,000 '[' on one line": lambda root: _append(root, NARRATIVE, "\n" + "[" * 10_000 + "\n"),
    "40 KB line of '['": lambda root: _append(root, NARRATIVE, "\n" + "[" * 40_000 + "\n"),
    "20,000 headings + missing anchor": lambda root: (
        _append(
            root, "content/en/about.md", "\n[see](#no-such-anchor)\n\n" + "## Same\n\n" * 20_000
        )
        and ""
    ),
    "2,000-deep blockquote": lambda root: _append(root, NARRATIVE, "\n" + ">" * 2_000 + " deep\n"),
    "5 MB one-line summary": lambda root: (
        _replace(root, "data/projects.yaml", SUMMARY, "      en: " + "pasted " * 750_000) and ""
    ),
    "400-digit amount": lambda root: (
        _replace(root, "data/projects.yaml", AMOUNT, "      - value: " + "9" * 400 + "\n") and ""
    ),
    "worst accepted page (1 MB)": lambda root: _append(root, NARRATIVE, worst_accepted_page()),
}


def python_markdown_seconds(text: str) -> str:
    """Python-Markdown alone on ``text`` with the site's extensions, or '-' when there is none."""
    if not text:
        return "-"
    import markdown

    from briefing.engine.markdown import markdown_settings
    from briefing.views.urls import heading_slug

    extensions, configs = markdown_settings(ROOT, heading_slug)
    if text.count("[") > 20_000:  # quadratic: minutes; the 10,000 row shows the growth
        return "not run"
    started = time.perf_counter()
    markdown.markdown(text, extensions=extensions, extension_configs=configs)
    return f"{time.perf_counter() - started:.2f}"


def measure(name: str, make: Callable[[Path], str], workdir: Path) -> list[str]:
    root = copy_build_inputs(ROOT, workdir / "project")
    try:
        added = make(root)
        started = time.perf_counter()
        diagnostics = run_check(root, staleness=False)
        check_seconds = time.perf_counter() - started
        errors = [d for d in diagnostics if d.severity == "error"]
        started = time.perf_counter()
        try:
            build(Paths(root), parallel=False, books=False)
            outcome = "built"
        except InputError:
            outcome = "refused"
        build_seconds = time.perf_counter() - started
        verdict = errors[0].message.split(";")[0][:48] if errors else "accepted"
        return [
            name,
            f"{check_seconds:.2f}",
            f"{build_seconds:.2f} ({outcome})",
            python_markdown_seconds(added),
            verdict,
        ]
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--only", action="append", help="run only inputs whose name contains this text"
    )
    args = parser.parse_args(argv)
    rows = [["input", "check s", "build, no books s", "Python-Markdown alone s", "check says"]]
    with tempfile.TemporaryDirectory(prefix="hostile-") as workdir:
        for name, make in INPUTS.items():
            if args.only and not any(part in name for part in args.only):
                continue
            rows.append(measure(name, make, Path(workdir)))
            print(f"  {name}: done", flush=True)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print(
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            + " |"
        )
        if index == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
