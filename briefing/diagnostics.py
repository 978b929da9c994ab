"""Problems found in the input, each tied to a file, line and column."""

from __future__ import annotations

import html
import string
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and how to fix it."""

    file: str
    line: int
    col: int
    severity: str  # "error" or "warning"
    message: str
    hint: str = ""
    field: str = ""

    def format(self) -> str:
        """One line, with control characters from the input shown as escapes
        (see ``visible``), never acted on."""
        where = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return visible(
            f"{self.file}:{self.line}:{self.col}: {self.severity}: {where}{self.message}{hint}"
        )

    def format_github(self) -> str:
        where = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return github_annotation(
            self.severity, f"{where}{self.message}{hint}", self.file, self.line, self.col
        )


def github_annotation(
    severity: str, message: str, file: str = "", line: int = 0, col: int = 0
) -> str:
    """A GitHub workflow command that annotates ``file`` at ``line`` and ``col`` (when given)
    with ``message``, every value escaped as GitHub's toolkit does."""
    kind = "error" if severity == "error" else "warning"
    text = _escape_github_data(visible(message))
    if not file:
        return f"::{kind}::{text}"
    where = f"file={_escape_github_property(visible(file))}"
    if line:
        where += f",line={line}" + (f",col={col}" if col else "")
    return f"::{kind} {where}::{text}"


def _escape_github_data(text: str) -> str:
    # As @actions/core's escapeData: % first, then CR and LF (a raw newline would end the command).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    # As @actions/core's escapeProperty: also ':' and ',', which end a property's value.
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def has_control_characters(text: str) -> bool:
    """Whether ``text`` has a character a terminal or a log would act on rather than show."""
    return any(_is_control(c) for c in text)


# Bidirectional overrides and isolates reorder what follows them on screen (Trojan source),
# and the line and paragraph separators break lines: shown as escapes like the C0/C1 controls.
_LAYOUT_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def _is_control(char: str) -> bool:
    return char in _LAYOUT_CONTROLS or unicodedata.category(char) == "Cc"


def visible(text: str) -> str:
    """``text`` with each control character written as a Python-style escape.

    ``\\n``, ``\\r`` and ``\\t``; ``\\xNN`` for the other C0 and C1 controls and DEL
    (ESC is ``\\x1b``); ``\\uNNNN`` for the bidirectional overrides and isolates and
    the line and paragraph separators. Nothing is removed: the escape names the
    character. A backslash already in the text is left as it is.
    """
    if not has_control_characters(text):
        return text
    return "".join(_escape_char(c) if _is_control(c) else c for c in text)


def _escape_char(char: str) -> str:
    short = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return short.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def step_summary(diagnostics: list[Diagnostic]) -> str:
    """Every problem as a Markdown table, for $GITHUB_STEP_SUMMARY
    (GitHub shows only 10 annotations of a step)."""
    errors = sum(d.severity == "error" for d in diagnostics)
    lines = [
        "### build.py check",
        "",
        f"{errors} error(s), {len(diagnostics) - errors} warning(s)",
        "",
    ]
    if diagnostics:
        lines += [
            "| File | Line | Column | Severity | Problem |",
            "| --- | --- | --- | --- | --- |",
        ]
        for d in sorted(diagnostics):
            where = f"{d.field}: " if d.field else ""
            hint = f" ({d.hint})" if d.hint else ""
            cells = (d.file, str(d.line), str(d.col), d.severity, f"{where}{d.message}{hint}")
            lines.append("| " + " | ".join(_markdown_text(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n\n"


def _markdown_text(text: str) -> str:
    """``text`` shown literally in a Markdown table cell: no link, emphasis,
    HTML or autolink of its own."""
    out = []
    for char in visible(text):
        if char in "&<>\"'":
            out.append(html.escape(char))
        elif (
            char in string.punctuation
        ):  # CommonMark lets a backslash escape any ASCII punctuation; '|' ends a cell
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def print_diagnostics(
    diagnostics: list[Diagnostic], fmt: str = "text", stream: TextIO | None = None
) -> None:
    """Each diagnostic on a line of ``stream`` (standard error),
    as text or as GitHub workflow annotations."""
    for diagnostic in sorted(diagnostics):
        print(
            diagnostic.format_github() if fmt == "github" else diagnostic.format(),
            file=stream or sys.stderr,
        )


def error(
    file: str, line: int, col: int, message: str, hint: str = "", field: str = ""
) -> Diagnostic:
    return Diagnostic(file, line, col, "error", message, hint, field)


def warning(
    file: str, line: int, col: int, message: str, hint: str = "", field: str = ""
) -> Diagnostic:
    return Diagnostic(file, line, col, "warning", message, hint, field)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


class InputError(Exception):
    """Raised when the input has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))
