"""PyYAML's syntax errors, said as what the editor did and how to undo it.

PyYAML words a problem by its parser's state ("mapping values are not allowed
here", "expected <block end>, but found '<scalar>'"). The few slips editors
make most often are recognised from that wording and the line it points at,
and said plainly, at the place to fix:

- a text with ': ' in it, unquoted: YAML takes the colon for another field;
- a text that starts with a quote mark and goes on after the closing one;
- a line indented one space too many or too few;
- a record (an entry of a list) whose '- ' is missing.

Anything else keeps PyYAML's own words. Each message is one string with named
placeholders, so that it can be translated whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from briefing.diagnostics import N_, Message

COLON_IN_TEXT = Message(
    "the text contains ': ' (a colon and a space), which YAML reads as the start of another field"
)
COLON_IN_TEXT_HINT = N_("put the whole text in quotes: {example}")
QUOTE_AT_START = N_(
    "the text starts with a quote mark, so YAML takes {quoted} for the whole text "
    "and cannot read what follows it"
)
QUOTE_AT_START_HINT = N_("put the whole text in quotes of the other kind: {example}")
INDENTATION = N_(
    "this line starts in column {found}, the line above in column {above}: "
    "YAML cannot tell which record or field it belongs to"
)
INDENTATION_HINT = Message(
    "start it in the same column as the lines it belongs with; "
    "one space too many or too few is enough to break the file"
)
DASH_MISSING = Message("a new entry of this list starts here without '- '")
DASH_MISSING_HINT = N_(
    "start it with '- {key}:', the '- ' in the same column as the other entries'"
)

# "key: value" on a line, or "- value" in a list; the value's first character
KEY_VALUE = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?:(?P<key>[^\s:#'\"][^:#]*?):[ \t]+)?")
EXAMPLE_CHARS = 80


@dataclass(frozen=True)
class Explained:
    index: int  # character offset in the document the message points at
    message: str
    hint: str


def explain(exc: yaml.MarkedYAMLError, text: str) -> Explained | None:
    """A plain account of a syntax error of ``text``, or None to keep PyYAML's words."""
    mark = exc.problem_mark
    if mark is None:
        return None
    problem, context = exc.problem or "", exc.context or ""
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    line = text[start : end if end >= 0 else len(text)]
    at = mark.index - start
    if problem == "mapping values are not allowed here":
        before = line[:at]
        if re.fullmatch(r"[ \t]*(?:-[ \t]+)?[^\s:#]+[ \t]*", before):
            # a field indented so that YAML took it for more of the text above
            return _indentation(text, start, line)
        return _colon_in_text(start, line, at)
    if "found '<scalar>'" in problem and "block" in context:
        return _quote_at_start(start, line, at)
    if "flow" in context and problem.endswith("but got '<scalar>'"):
        return _flow_quote_at_start(start, line, at)
    if "flow mapping" in context and problem.endswith("but got ':'"):
        return _flow_colon_in_text(start, line, at)
    if "found '<block mapping start>'" in problem or "found '<block sequence start>'" in problem:
        return _indentation(text, start, line)
    if problem == "expected <block end>, but found '?'" and "block collection" in context:
        key = line.strip().split(":", 1)[0]
        return Explained(
            start + _indent(line), DASH_MISSING, Message(DASH_MISSING_HINT, key=_short(key, 30))
        )
    return None


def _colon_in_text(start: int, line: str, at: int) -> Explained | None:
    match = KEY_VALUE.match(line)
    value = line[match.end() :].rstrip() if match else ""
    if not match or not value:
        return None
    lead = match.group("lead").strip()
    key = match.group("key")
    prefix = f"{key}: " if key else f"{lead} " if lead else ""
    return Explained(
        start + at, COLON_IN_TEXT, Message(COLON_IN_TEXT_HINT, example=prefix + _quoted(value))
    )


def _quote_at_start(start: int, line: str, at: int) -> Explained | None:
    match = KEY_VALUE.match(line)
    if not match or match.end() >= at or line[match.end()] not in "\"'":
        return None
    value = line[match.end() :].rstrip()
    if value.startswith("#"):
        return None
    key = match.group("key")
    lead = match.group("lead").strip()
    prefix = f"{key}: " if key else f"{lead} " if lead else ""
    quoted = line[match.end() : at].rstrip()
    other = "'" if value[0] == '"' else '"'
    return Explained(
        start + match.end(),
        Message(QUOTE_AT_START, quoted=_short(quoted, 40)),
        Message(QUOTE_AT_START_HINT, example=prefix + _quoted(value, other)),
    )


def _flow_quote_at_start(start: int, line: str, at: int) -> Explained | None:
    """In ``[…]`` or ``{…}``: an item that starts with a quote and goes on after it."""
    seg = line[:at].rstrip()
    if not seg or seg[-1] not in "\"'":
        return None
    opening = seg.rfind(seg[-1], 0, len(seg) - 1)
    if opening < 0:
        return None
    value = line[opening : _item_end(line, at)].rstrip()
    key = re.search(r"([^\s,{\[:]+):[ \t]+$", line[:opening])
    prefix = f"{key.group(1)}: " if key else ""
    other = "'" if value[0] == '"' else '"'
    return Explained(
        start + opening,
        Message(QUOTE_AT_START, quoted=_short(seg[opening:], 40)),
        Message(QUOTE_AT_START_HINT, example=prefix + _quoted(value, other)),
    )


def _flow_colon_in_text(start: int, line: str, at: int) -> Explained | None:
    """In ``{ko: …, en: …}``: a text with ': ' in it."""
    item = max(line.rfind(",", 0, at), line.rfind("{", 0, at)) + 1
    match = re.match(r"[ \t]*([^\s:,{}]+):[ \t]+", line[item:at])
    if match is None:
        return None
    value = line[item + match.end() : _item_end(line, at)].rstrip()
    return Explained(
        start + at,
        COLON_IN_TEXT,
        Message(COLON_IN_TEXT_HINT, example=f"{match.group(1)}: {_quoted(value)}"),
    )


def _item_end(line: str, at: int) -> int:
    """Where the item of a ``[…]`` or ``{…}`` around ``at`` ends."""
    ends = [i for i in (line.find(c, at) for c in ",]}") if i >= 0]
    return min(ends) if ends else len(line)


def _indentation(text: str, start: int, line: str) -> Explained | None:
    found = _indent(line)
    dash = line.lstrip().startswith("- ")
    above = _line_above(text, start, dash)
    if above is None or _indent(above) == found:
        return None
    return Explained(
        start + found,
        Message(INDENTATION, found=found + 1, above=_indent(above) + 1),
        INDENTATION_HINT,
    )


def _line_above(text: str, start: int, dash: bool) -> str | None:
    """The nearest line above with content (not blank, not a comment); for a list item,
    the nearest item above."""
    end = start - 1
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        candidate = text[begin:end]
        stripped = candidate.strip()
        if stripped and not stripped.startswith("#"):
            if not dash or stripped.startswith("- "):
                return candidate
            if _indent(candidate) < _indent(text[start : text.find("\n", start)]):
                return candidate  # the list's parent: no item above
        end = begin - 1
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _quoted(value: str, quote: str = '"') -> str:
    """``value`` in YAML quotes, shortened for a hint."""
    value = _short(value, EXAMPLE_CHARS)
    if quote == '"' and ('"' in value or "\\" in value):
        quote = "'"
    if quote == "'":
        return "'" + value.replace("'", "''") + "'"
    return '"' + value + '"'


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
