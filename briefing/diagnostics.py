"""Problems found in the input, each tied to a file, line and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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
        where = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {where}{self.message}{hint}"

    def format_github(self) -> str:
        kind = "error" if self.severity == "error" else "warning"
        where = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        text = _escape_github(f"{where}{self.message}{hint}")
        return f"::{kind} file={self.file},line={self.line},col={self.col}::{text}"


def _escape_github(text: str) -> str:
    # GitHub's workflow-command escaping: % first, then newlines.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def error(file: str, line: int, col: int, message: str, hint: str = "", field: str = "") -> Diagnostic:
    return Diagnostic(file, line, col, "error", message, hint, field)


def warning(file: str, line: int, col: int, message: str, hint: str = "", field: str = "") -> Diagnostic:
    return Diagnostic(file, line, col, "warning", message, hint, field)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


class InputError(Exception):
    """Raised when the input has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))
