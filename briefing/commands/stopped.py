"""What ``build`` and ``pdf`` say when they stop: one line naming why,
and that site/ was not changed."""

from __future__ import annotations

import sys

from briefing.diagnostics import (
    InputError,
    Message,
    MessageLanguage,
    print_diagnostics,
    said,
    visible,
)

SUBJECTS = {"build": Message("build"), "PDFs": Message("PDFs")}


def report_stop(
    exc: BaseException, subject: str, language: MessageLanguage | None = None
) -> int | None:
    """Print why ``subject`` ("build", "PDFs") stopped, in ``language`` (None: English);
    its exit code, or None when ``exc`` is not a known way to stop."""
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
        print_diagnostics(exc.diagnostics, language=language)
        errors = sum(d.severity == "error" for d in exc.diagnostics)
        message = Message(
            "{subject} stopped: {errors} error(s) in the input; {unchanged}",
            subject=what,
            errors=errors,
            unchanged=unchanged,
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
    print(said(message, language), file=sys.stderr)
    return code
