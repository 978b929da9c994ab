"""Problems found in the input, each tied to a file, line and column, said in a language.

A message is written once, in English (the catalogs' source language), as a ``Message``: a
template with named fields (``"page has no {language} version"``) and the values that fill
them. ``build.py i18n`` extracts the templates into ``locale/<lang>/LC_MESSAGES/messages.po``
beside the site's strings; printing in another language looks the template up there and fills
in the same values. The values that come from the input (file names, ids, what an editor
wrote) are never translated; those that are words of the checker (``Message`` again, or a
``LanguageName``) are said in the printed language too.

The machine-readable part of a line stays as it is in every language:
``file:line:col: error:`` (or ``warning:``), the field (``projects[x].name``) and GitHub's
``::error file=…`` commands, which editors' problem matchers and GitHub parse.
"""

from __future__ import annotations

import html
import string
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TextIO

# The language the code's messages and UI strings are written in (the catalogs' msgids):
# printing in it needs no catalog.
MESSAGE_LANGUAGE = "en"


class Message(str):
    """A message in English that can be said in another language.

    It *is* its English text, so whatever compares, sorts, hashes or searches diagnostics
    works as before; ``template`` is the catalogs' msgid, and ``params`` fill its fields.
    With fields it is a ``str.format`` template (``{name}`` a field, ``{{`` a brace); without,
    it is shown as written, braces and all (``{ #id }``). The name of the class is the
    marker ``build.py i18n`` extracts templates by: write ``Message("…", …)`` with the
    template as a literal, or mark a template kept in a constant with ``N_``. Text built
    from a message with ``+`` or an f-string is plain English again, and is printed as such
    in every language.
    """

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, /, **params: object) -> Message:
        text = super().__new__(cls, template.format(**params) if params else template)
        text.template = template
        text.params = params
        return text

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, object]]:
        # pickled (the checks kept in .cache/) and copied as template and fields
        return (self.template,), self.params

    def said_in(self, language: MessageLanguage) -> str:
        """The message in ``language``; all of it in English when the catalog has no
        translation of the template (a message is never half in one language)."""
        template = language.translation(self.template)
        if template is None:
            return str(self)
        if not self.params:
            return template
        return template.format(
            **{name: said(value, language) for name, value in self.params.items()}
        )


def N_(template: str) -> str:
    """Mark a message template kept in a constant for ``build.py i18n``; ``Message`` says it."""
    return template


class LanguageName(str):
    """The name of one of the briefing's languages: English as text,
    said in the printed language's own words (한국어 → "Korean", English → "영어")."""

    locale: str

    def __new__(cls, english: str, locale: str) -> LanguageName:
        name = super().__new__(cls, english)
        name.locale = locale
        return name

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return str(self), self.locale

    def said_in(self, language: MessageLanguage) -> str:
        return language.language_name(self.locale) or str(self)


def said(value: object, language: MessageLanguage | None) -> str:
    """``value`` as printed in ``language`` (None: English): a ``Message`` or
    ``LanguageName`` in that language, anything else as it is."""
    if language is not None and isinstance(value, Message | LanguageName):
        return value.said_in(language)
    return str(value)


class MessageLanguage:
    """A language to print messages in other than English: its catalog's translations of the
    templates and its Babel locale, for the names of languages."""

    def __init__(self, code: str, locale: str, translations: Mapping[str, str]):
        self.code = code
        self.locale = locale
        self.translations = translations

    def translation(self, template: str) -> str | None:
        return self.translations.get(template) or None

    def language_name(self, locale: str) -> str:
        """The language of Babel locale ``locale`` named in this language; "" when Babel does
        not know either (the name is then said in English, like an untranslated message)."""
        from babel import Locale, UnknownLocaleError  # only when printing in another language

        try:
            return Locale.parse(locale).get_language_name(self.locale) or ""
        except (UnknownLocaleError, ValueError):
            return ""


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and how to fix it.

    ``message`` and ``hint`` are usually ``Message`` values (English text that can be said
    in another language); diagnostics sort by their English text in every language.
    """

    file: str
    line: int
    col: int
    severity: str  # "error" or "warning"
    message: str
    hint: str = ""
    field: str = ""

    def format(self, language: MessageLanguage | None = None) -> str:
        """One line, in ``language`` (None: English), with control characters from the
        input shown as escapes (see ``visible``), never acted on."""
        return visible(
            f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.text(language)}"
        )

    def text(self, language: MessageLanguage | None = None) -> str:
        """The field, message and hint: ``field: message (hint)``, in ``language``."""
        where = f"{self.field}: " if self.field else ""
        hint = f" ({said(self.hint, language)})" if self.hint else ""
        return f"{where}{said(self.message, language)}{hint}"

    def format_github(self, language: MessageLanguage | None = None) -> str:
        return github_annotation(self.severity, self.text(language), self.file, self.line, self.col)


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


def count_line(diagnostics: Iterable[Diagnostic]) -> Message:
    """ "2 error(s), 1 warning(s)"."""
    found = list(diagnostics)
    errors = sum(d.severity == "error" for d in found)
    return Message(
        "{errors} error(s), {warnings} warning(s)", errors=errors, warnings=len(found) - errors
    )


SEVERITY_WORDS = {"error": Message("error"), "warning": Message("warning")}


def step_summary(diagnostics: list[Diagnostic], language: MessageLanguage | None = None) -> str:
    """Every problem as a Markdown table, for $GITHUB_STEP_SUMMARY
    (GitHub shows only 10 annotations of a step), in ``language`` (None: English).

    A table for people, parsed by no tool: its severity words are translated too."""
    lines = ["### build.py check", "", said(count_line(diagnostics), language), ""]
    if diagnostics:
        head = [
            Message("File"),
            Message("Line"),
            Message("Column"),
            Message("Severity"),
            Message("Problem"),
        ]
        lines += [
            "| " + " | ".join(said(cell, language) for cell in head) + " |",
            "| --- | --- | --- | --- | --- |",
        ]
        for d in sorted(diagnostics):
            severity = said(SEVERITY_WORDS.get(d.severity, d.severity), language)
            cells = (d.file, str(d.line), str(d.col), severity, d.text(language))
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
    diagnostics: list[Diagnostic],
    fmt: str = "text",
    stream: TextIO | None = None,
    language: MessageLanguage | None = None,
) -> None:
    """Each diagnostic on a line of ``stream`` (standard error),
    as text or as GitHub workflow annotations, in ``language`` (None: English)."""
    for diagnostic in sorted(diagnostics):
        print(
            diagnostic.format_github(language) if fmt == "github" else diagnostic.format(language),
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
