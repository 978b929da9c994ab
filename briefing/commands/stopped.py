"""What ``build`` and ``pdf`` say when they stop: one line naming why,
and that site/ was not changed."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from briefing.diagnostics import InputError, github_annotation, print_diagnostics, visible

# A line of a failure's message that names a place: "theme/print/book.html:12:1: error: …"
PLACED = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+)$")


def report_stop(
    exc: BaseException, subject: str, fmt: str = "text", root: Path | None = None
) -> int | None:
    """Print why ``subject`` ("build", "PDFs") stopped; its exit code,
    or None when ``exc`` is not a known way to stop.

    ``fmt`` "github" also prints each problem as a workflow annotation on standard output, at
    its file and line when it has one, so that a pull request shows a failed build on the
    lines at fault; ``root``: the briefing's folder, that file names are relative to.
    """
    import jinja2

    from briefing.books.book import BookError
    from briefing.buildinfo import BuildDateError
    from briefing.engine import EngineError
    from briefing.publish import BuildLocked

    unchanged = "site/ was not changed"
    if isinstance(exc, BuildDateError):
        message, code = f"{subject} not started: {visible(str(exc))}; {unchanged}", 2
    elif isinstance(exc, InputError):
        print_diagnostics(exc.diagnostics, fmt, sys.stdout if fmt == "github" else None)
        errors = sum(d.severity == "error" for d in exc.diagnostics)
        message, code = f"{subject} stopped: {errors} error(s) in the input; {unchanged}", 1
        if fmt == "github":  # each problem is annotated already
            print(message, file=sys.stderr)
            return code
    elif isinstance(exc, jinja2.TemplateError):
        message, code = (
            f"{subject} stopped: a template has an error; {unchanged}\n"
            f"{_template_problem(exc, root)}",
            1,
        )
    elif isinstance(exc, EngineError):
        message, code = (
            f"{subject} stopped: the site engine reported problems; {unchanged}\n{exc}",
            1,
        )
    elif isinstance(exc, BookError):
        message, code = f"{subject} stopped: the PDF books could not be made; {unchanged}\n{exc}", 1
    elif isinstance(exc, BuildLocked):
        message, code = f"{subject} not started: {exc}", 2
    elif isinstance(
        exc, OSError
    ):  # disk full, no permission…: the build folder is gone, site/ is as it was
        message, code = f"{subject} stopped: {exc}; {unchanged}", 1
    elif isinstance(exc, KeyboardInterrupt):
        message, code = f"{subject} interrupted; {unchanged}", 130
    elif isinstance(
        exc, SystemExit
    ):  # SIGTERM (processes.raise_on_sigterm): the build folder is gone
        message, code = f"{subject} stopped by a signal; {unchanged}", int(exc.code or 1)
    else:
        return None
    print(message, file=sys.stderr)
    if fmt == "github":
        annotate(message)
    return code


def annotate(message: str) -> None:
    """``message`` as workflow annotations: each of its lines that names a file and line at
    that place, the whole message (the reason, without a place) once more."""
    for line in message.splitlines():
        placed = PLACED.match(line)
        if placed:
            print(
                github_annotation(
                    "error",
                    placed["message"],
                    placed["file"],
                    int(placed["line"]),
                    int(placed["col"]),
                )
            )
    print(github_annotation("error", message))


def _template_problem(exc: BaseException, root: Path | None) -> str:
    """A template's error as ``file:line:1: error: message``, the file relative to ``root``."""
    where = getattr(exc, "filename", None) or ""
    if where and root is not None and Path(where).is_relative_to(root):
        where = Path(where).relative_to(root).as_posix()
    line = getattr(exc, "lineno", None) or 1
    text = getattr(exc, "message", None) or str(exc)
    return f"{where}:{line}:1: error: {visible(text)}" if where else visible(text)
