"""What ``build`` and ``pdf`` say when they stop: one line naming why,
and that site/ was not changed."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from briefing.diagnostics import (
    InputError,
    Message,
    MessageLanguage,
    github_annotation,
    print_diagnostics,
    said,
    visible,
)

# A line of a failure's message that names a place: "theme/print/book.html:12:1: error: …"
# (``error:`` is never translated, so this reads the message in any language)
PLACED = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+)$")
SUBJECTS = {"build": Message("build"), "PDFs": Message("PDFs")}


def report_stop(
    exc: BaseException,
    subject: str,
    fmt: str = "text",
    root: Path | None = None,
    language: MessageLanguage | None = None,
) -> int | None:
    """Print why ``subject`` ("build", "PDFs") stopped, in ``language`` (None: English); its
    exit code, or None when ``exc`` is not a known way to stop.

    ``fmt`` "github" also prints each problem as a workflow annotation on standard output, at
    its file and line when it has one, so that a pull request shows a failed build on the
    lines at fault; ``root``: the briefing's folder, that file names are relative to.
    """
    import jinja2

    from briefing.books.book import BookError
    from briefing.buildinfo import BuildDateError
    from briefing.engine import EngineError
    from briefing.publish import BuildLocked

    what = SUBJECTS.get(subject, subject)
    unchanged = Message("site/ was not changed")
    message: Message
    if isinstance(exc, BuildDateError):
        message = Message(
            "{subject} not started: {reason}; {unchanged}",
            subject=what,
            reason=visible(exc.args[0] if exc.args else str(exc)),
            unchanged=unchanged,
        )
        code = 2
    elif isinstance(exc, InputError):
        print_diagnostics(exc.diagnostics, fmt, sys.stdout if fmt == "github" else None, language)
        errors = sum(d.severity == "error" for d in exc.diagnostics)
        message = Message(
            "{subject} stopped: {errors} error(s) in the input; {unchanged}",
            subject=what,
            errors=errors,
            unchanged=unchanged,
        )
        if fmt == "github":  # each problem is annotated already
            print(said(message, language), file=sys.stderr)
            return 1
        code = 1
    elif isinstance(exc, jinja2.TemplateError):
        # the template engine's own words (English) follow
        message = Message(
            "{subject} stopped: a template has an error; {unchanged}\n{problem}",
            subject=what,
            unchanged=unchanged,
            problem=_template_problem(exc, root),
        )
        code = 1
    elif isinstance(exc, EngineError):
        # the engine's own words (MkDocs, English) follow
        message = Message(
            "{subject} stopped: the site engine reported problems; {unchanged}\n{problems}",
            subject=what,
            unchanged=unchanged,
            problems=str(exc),
        )
        code = 1
    elif isinstance(exc, BookError):
        message = Message(
            "{subject} stopped: the PDF books could not be made; {unchanged}\n{problems}",
            subject=what,
            unchanged=unchanged,
            problems=exc.said_in(language),
        )
        code = 1
    elif isinstance(exc, BuildLocked):
        message = Message(
            "{subject} not started: {reason}", subject=what, reason=exc.args[0] if exc.args else ""
        )
        code = 2
    elif isinstance(
        exc, OSError
    ):  # disk full, no permission…: the build folder is gone, site/ is as it was
        message = Message(
            "{subject} stopped: {reason}; {unchanged}",
            subject=what,
            reason=str(exc),
            unchanged=unchanged,
        )
        code = 1
    elif isinstance(exc, KeyboardInterrupt):
        message = Message("{subject} interrupted; {unchanged}", subject=what, unchanged=unchanged)
        code = 130
    elif isinstance(
        exc, SystemExit
    ):  # SIGTERM (processes.raise_on_sigterm): the build folder is gone
        message = Message(
            "{subject} stopped by a signal; {unchanged}", subject=what, unchanged=unchanged
        )
        code = int(exc.code or 1)
    else:
        return None
    text = said(message, language)
    print(text, file=sys.stderr)
    if fmt == "github":
        annotate(text)
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
