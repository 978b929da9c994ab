"""What ``build`` and ``pdf`` say when they stop: one line naming why,
and that site/ was not changed."""

from __future__ import annotations

import sys

from briefing.diagnostics import InputError, print_diagnostics, visible


def report_stop(exc: BaseException, subject: str) -> int | None:
    """Print why ``subject`` ("build", "PDFs") stopped; its exit code,
    or None when ``exc`` is not a known way to stop."""
    from briefing.books.book import BookError
    from briefing.buildinfo import BuildDateError
    from briefing.engine import EngineError
    from briefing.publish import BuildLocked

    unchanged = "site/ was not changed"
    if isinstance(exc, BuildDateError):
        message, code = f"{subject} not started: {visible(str(exc))}; {unchanged}", 2
    elif isinstance(exc, InputError):
        print_diagnostics(exc.diagnostics)
        errors = sum(d.severity == "error" for d in exc.diagnostics)
        message, code = f"{subject} stopped: {errors} error(s) in the input; {unchanged}", 1
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
    return code
