"""Load YAML safely, remembering where every value came from.

Data files and front matter are untrusted text from pull requests. They are
read with PyYAML's safe loader, but before any object is built the event
stream is scanned so that huge files, deep nesting and alias bombs are refused
with a clear message and bounded memory.

Lines and columns are counted the way editors and ``grep -n`` count them
(lines end at ``\n``), from each node's character offset, not from PyYAML's
own count, which also breaks lines at U+2028, U+0085 and lone ``\r``.
"""

from __future__ import annotations

import bisect
import datetime
import gc
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from briefing.diagnostics import N_, Diagnostic, Message, error
from briefing.inputs.input_files import InputTooLarge, UnreadableInput, read_input
from briefing.inputs.text_rules import forbidden_character, nfc
from briefing.inputs.yaml_errors import DASH_MISSING, DASH_MISSING_HINT, explain

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40
# Every composed node is kept in memory: this many values is the most one file
# may hold, far above the real files and the supported scale (1,000 projects).
MAX_NODES = 400_000
FAST_LOADER = getattr(yaml, "CSafeLoader", None)
# What PyYAML's pure-Python reader refuses; such text goes to that reader for its message.
NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE

Path_ = tuple  # a data path: keys and list indexes from the document root


# Where a value starts, then where its key starts (0, 0 for list items and the
# document root), 1-based. A plain tuple of numbers, not an object: the cycle
# collector stops tracking those, where a position object per value made as
# many objects for each full collection to walk for the rest of the build.
Position = tuple[int, int, int, int]


@dataclass
class LoadedYaml:
    """A parsed document with the position of each value and key."""

    file: str
    data: Any = None
    positions: dict[Path_, Position] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # refused characters in text values (text_rules.py): path, message, hint; worded by
    # validate.text_diagnostics with the record's id, and they do not stop the schema check
    text_problems: list[tuple[Path_, str, str]] = field(default_factory=list)
    digest: str = ""  # sha256 of the file's bytes; "" when they could not be read
    # unquoted text followed by " #" on its line: YAML kept only the part before the '#' and
    # dropped the rest as a comment; path, line and column of the '#', the text kept
    cut_by_comment: list[tuple[Path_, int, int, str]] = field(default_factory=list)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``path`` (or its key),
        falling back to the nearest parent."""
        while True:
            pos = self.positions.get(tuple(path))
            if pos is not None:
                line, col, key_line, key_col = pos
                if key and key_line:
                    return key_line, key_col
                return line, col
            if not path:
                return 1, 1
            path = path[:-1]


def load_yaml_file(path: Path, display_name: str, root: Path | None = None) -> LoadedYaml:
    """Read and parse one YAML file; problems become diagnostics, never exceptions.

    Only a regular file inside ``root`` (default: anywhere) is read (``input_files.read_input``).
    """
    raw = read_yaml_bytes(path, display_name, root)
    return raw if isinstance(raw, LoadedYaml) else parse_yaml_bytes(raw, display_name)


def read_yaml_bytes(path: Path, display_name: str, root: Path | None = None) -> bytes | LoadedYaml:
    """The file's bytes, or a ``LoadedYaml`` that says why it cannot be read."""
    try:
        return read_input(path, root or Path(path.absolute().anchor), MAX_BYTES)
    except UnreadableInput as exc:
        return LoadedYaml(
            display_name, diagnostics=[error(display_name, 1, 1, exc.message, exc.hint)]
        )
    except InputTooLarge as exc:
        return LoadedYaml(
            display_name,
            diagnostics=[
                error(
                    display_name,
                    1,
                    1,
                    Message(
                        "file is too large ({size} bytes; the limit is {limit})",
                        size=f"{exc.size:,}",
                        limit=f"{MAX_BYTES:,}",
                    ),
                    Message("split the records into smaller files or remove pasted binary data"),
                )
            ],
        )


def yaml_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse_yaml_bytes(raw: bytes, display_name: str, digest: str | None = None) -> LoadedYaml:
    """Parse a file's bytes;
    the result carries their digest (``yaml_digest``: the parse cache's key)."""
    loaded = _load_yaml_bytes(raw, display_name)
    loaded.digest = digest or yaml_digest(raw)
    return loaded


def _load_yaml_bytes(raw: bytes, display_name: str) -> LoadedYaml:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        return LoadedYaml(
            display_name,
            diagnostics=[
                error(
                    display_name,
                    line,
                    col,
                    Message(
                        "file is not valid UTF-8 (byte {byte})", byte=f"0x{raw[exc.start]:02x}"
                    ),
                    Message("save the file as UTF-8"),
                )
            ],
        )
    return load_yaml_text(text, display_name)


def load_yaml_text(text: str, display_name: str, line_offset: int = 0) -> LoadedYaml:
    """Parse YAML text; ``line_offset`` shifts reported lines (for front matter)."""
    with cycle_collection_paused():
        return _load_yaml_text(text, display_name, line_offset)


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Hold back Python's cycle collector while a document's nodes and values pile up.

    Every value made here is kept, and each full collection along the way walks
    all of them again: at the supported scale that took longer than parsing. The few
    cycles made meanwhile (PyYAML's loaders) are collected once it resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_yaml_text(text: str, display_name: str, line_offset: int) -> LoadedYaml:
    result = LoadedYaml(display_name)
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        result.diagnostics.append(
            error(
                display_name,
                1 + line_offset,
                1,
                Message("text is too large (the limit is {limit} bytes)", limit=f"{MAX_BYTES:,}"),
                Message("split it into smaller files"),
            )
        )
        return result
    lines = _Lines(text, line_offset)
    # libyaml (C) parses about ten times faster; whenever it reports a syntax
    # error, the pure-Python loader runs again so messages stay exactly the same.
    loader = FAST_LOADER if FAST_LOADER and not NON_PRINTABLE.search(text) else yaml.SafeLoader
    problem = _scan_events(text, display_name, lines, loader)
    if problem:
        result.diagnostics.append(problem)
        return result
    try:
        try:
            node = yaml.compose(text, Loader=loader)
        except yaml.MarkedYAMLError:  # e.g. a second document: the event scan accepts streams
            if loader is yaml.SafeLoader:
                raise
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        result.diagnostics.append(_syntax_error(exc, display_name, lines, text))
        return result
    if node is None:
        return result
    builder = _Builder(result, lines, text if _COMMENT_AFTER.search(text) else "")
    result.data = builder.build(node, ())
    return result


class _Mark(Protocol):
    """Where the parser is: PyYAML's own mark or libyaml's, both with the offset."""

    index: int


class _Lines:
    """Line and column (1-based) of a character offset, lines ending at ``\\n``."""

    def __init__(self, text: str, line_offset: int = 0):
        self.starts = [0]
        index = text.find("\n")
        while index != -1:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)
        self.length = len(text)
        self.line_offset = line_offset

    def at(self, index: int) -> tuple[int, int]:
        index = min(max(index, 0), self.length)
        row = bisect.bisect_right(self.starts, index) - 1
        return row + 1 + self.line_offset, index - self.starts[row] + 1

    def mark(self, mark: _Mark | None) -> tuple[int, int]:
        return self.at(mark.index) if mark is not None else (1 + self.line_offset, 1)


def _scan_events(
    text: str, file: str, lines: _Lines, loader: type = yaml.SafeLoader
) -> Diagnostic | None:
    """Walk the event stream once: syntax errors, depth, aliases, size."""
    depth = 0
    count = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            count += 1
            tag = getattr(event, "tag", None)  # scalars and collections have one
            if tag not in (None, "!"):
                return error(
                    file,
                    *lines.mark(event.start_mark),
                    Message("YAML tags ({tag}) are not allowed", tag=_short_tag(tag)),
                    Message("remove the tag; put text in quotes instead"),
                )
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return error(
                    file,
                    *lines.mark(event.start_mark),
                    Message("YAML anchors and aliases (&name, *name) are not allowed"),
                    Message("write the value out in full"),
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return error(
                        file,
                        *lines.mark(event.start_mark),
                        Message("nesting is deeper than {depth} levels", depth=MAX_DEPTH),
                        Message("records are at most a few levels deep; check the indentation"),
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if count > MAX_NODES:
                return error(
                    file,
                    *lines.mark(event.start_mark),
                    Message("more than {count} YAML values", count=f"{MAX_NODES:,}"),
                    Message("split the records into smaller files"),
                )
    except yaml.YAMLError as exc:
        if loader is not yaml.SafeLoader:  # libyaml words its errors differently
            return _scan_events(text, file, lines)
        return (
            _syntax_error(exc, file, lines, text)
            if isinstance(exc, yaml.MarkedYAMLError)
            else _reader_error(exc, file, lines)
        )
    return None


def _reader_error(exc: yaml.YAMLError, file: str, lines: _Lines) -> Diagnostic:
    if isinstance(
        exc, yaml.reader.ReaderError
    ):  # a character YAML does not allow; it has an offset, not a mark
        return error(
            file,
            *lines.at(exc.position),
            Message("character {code} is not allowed in YAML text", code=f"U+{exc.character:04X}"),
            Message(
                "delete it; it is invisible in most editors (pasted from a binary file or a PDF?)"
            ),
        )
    return error(
        file, *lines.at(0), Message("YAML syntax error: {problem}", problem=str(exc))
    )  # pragma: no cover - every other PyYAML error is marked


def _syntax_error(
    exc: yaml.MarkedYAMLError, file: str, lines: _Lines, text: str = ""
) -> Diagnostic:
    explained = explain(exc, text) if text else None
    if explained is not None:  # one of the usual slips, said plainly (yaml_errors.py)
        return error(file, *lines.at(explained.index), explained.message, explained.hint)
    line, col = lines.mark(exc.problem_mark or exc.context_mark)
    # PyYAML's own words past the slips yaml_errors.py explains: English in every language
    problem: str = exc.problem or Message("invalid YAML")
    hint = Message("check indentation and quoting around this point")
    if "'\\t'" in problem or "\\t" in problem or "tab" in problem.lower():
        problem = Message("a tab character is not allowed in YAML indentation")
        hint = Message("indent with spaces")
    elif exc.context and problem.startswith(
        "but "
    ):  # e.g. "expected a single document in the stream, but found another document"
        problem = f"{exc.context}, {problem}"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    return error(file, line, col, Message("YAML syntax error: {problem}", problem=problem), hint)


class _Builder:
    """Turn a composed node tree into plain Python values plus positions."""

    def __init__(self, result: LoadedYaml, lines: _Lines, text: str = ""):
        self.result = result
        self.lines = lines
        self.constructor = yaml.SafeLoader("")
        self.source = text  # the document, when a comment may follow a value on its line

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        return self.lines.mark(node.start_mark)

    def build(self, node: yaml.Node, path: Path_, key_node: yaml.Node | None = None) -> Any:
        line, col = self.pos(node)
        key_line, key_col = self.pos(key_node) if key_node is not None else (0, 0)
        self.result.positions[path] = (line, col, key_line, key_col)
        if isinstance(node, yaml.MappingNode):
            mapping: dict[Any, Any] = {}
            for key_node_, value_node in node.value:
                key = self.scalar(key_node_)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    key = str(key)
                if key in mapping:
                    kl, kc = self.pos(key_node_)
                    self.result.diagnostics.append(
                        error(
                            self.result.file,
                            kl,
                            kc,
                            Message("key '{key}' appears twice in the same mapping", key=key),
                            Message("keep one of them"),
                            _dotted(path),
                        )
                    )
                    continue
                mapping[key] = self.build(value_node, (*path, key), key_node_)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            parts = [part for item in node.value for part in self.records_in(item)]
            values = []
            for index, (item, dash_missing) in enumerate(parts):
                values.append(self.build(item, (*path, index)))
                if dash_missing:  # worded with the record's id, like text problems
                    key = item.value[0][0].value
                    self.result.text_problems.append(
                        ((*path, index), DASH_MISSING, Message(DASH_MISSING_HINT, key=key))
                    )
            return values
        return self.scalar(node, path)

    def records_in(self, item: yaml.Node) -> list[tuple[yaml.Node, bool]]:
        """A list item, or the entries run together in it, each with whether its '- ' is missing.

        A mapping whose first key comes again is entries whose '- ' was left out, which YAML
        reads as one entry with every key twice: each is read as the entry it was meant to
        be, and said once, where its '- ' is missing."""
        if not isinstance(item, yaml.MappingNode) or len(item.value) < 2:
            return [(item, False)]
        first = item.value[0][0]
        if not isinstance(first, yaml.ScalarNode):
            return [(item, False)]
        starts = [0] + [
            i
            for i, (key, _value) in enumerate(item.value)
            if i and isinstance(key, yaml.ScalarNode) and key.value == first.value
        ]
        if len(starts) == 1:
            return [(item, False)]
        parts: list[tuple[yaml.Node, bool]] = []
        for begin, end in zip(starts, [*starts[1:], len(item.value)], strict=True):
            pairs = item.value[begin:end]
            node = yaml.MappingNode(
                item.tag, pairs, pairs[0][0].start_mark, pairs[-1][1].end_mark, item.flow_style
            )
            parts.append((node, begin > 0))
        return parts

    def text(self, node: yaml.ScalarNode, path: Path_) -> str:
        """A string value: refused characters reported (text_rules.py), the text in NFC."""
        value = node.value
        if value.isascii() and value.isprintable():  # most values: nothing to refuse or compose
            return value
        found = forbidden_character(value)
        if found is not None:
            self.result.text_problems.append((path, found[1], found[2]))
        return nfc(value)

    def scalar(self, node: yaml.Node, path: Path_ = ()) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            line, col = self.pos(node)
            self.result.diagnostics.append(
                error(
                    self.result.file,
                    line,
                    col,
                    Message("a mapping or list cannot be used as a key"),
                )
            )
            return "?"
        if node.tag == _STR:  # most values: PyYAML's str constructor returns the text as it is
            if self.source and not node.style:  # plain: "" from libyaml, None from PyYAML
                self.comment_after(node, path)
            if _SURROGATE.search(node.value):
                return self.surrogate(node, path)
            return self.text(node, path)
        try:
            value = self.constructor.construct_object(node)
        except Exception as exc:  # noqa: BLE001 - PyYAML's constructors also raise KeyError, AttributeError…
            line, col = self.pos(node)
            tag = node.tag.rsplit(":", 1)[-1]
            kind = Message(_KINDS[tag]) if tag in _KINDS else Message("a {tag}", tag=tag)
            reason = (
                exc.problem
                if isinstance(exc, yaml.MarkedYAMLError)
                else known_reason(str(exc).split(";")[0])
                if isinstance(exc, ValueError)
                else ""
            )
            hint = (
                Message("dates are YYYY-MM-DD with a real day")
                if tag == "timestamp"
                else Message("put the value in quotes if it is text")
            )
            value = _excerpt(node.value)
            self.result.diagnostics.append(
                error(
                    self.result.file,
                    line,
                    col,
                    Message(
                        "cannot read {value} as {kind}: {reason}",
                        value=value,
                        kind=kind,
                        reason=reason,
                    )
                    if reason
                    else Message("cannot read {value} as {kind}", value=value, kind=kind),
                    hint,
                    _dotted(path),
                )
            )
            return node.value
        if isinstance(value, (datetime.date, datetime.datetime)):
            # Keep dates as the text the editor wrote; the schema checks the form.
            return node.value
        if isinstance(value, bytes):
            return node.value
        return value

    def comment_after(self, node: yaml.ScalarNode, path: Path_) -> None:
        """Note an unquoted text that a comment follows on its last line."""
        comment = _COMMENT_AFTER.match(self.source, node.end_mark.index)
        if comment is not None:
            line, col = self.lines.at(comment.end() - 1)
            self.result.cut_by_comment.append((path, line, col, node.value))

    def surrogate(self, node: yaml.ScalarNode, path: Path_) -> str:
        """A ``\\ud800``-style escape in a double-quoted string:
        half a UTF-16 pair, which no UTF-8 file can hold."""
        found = _SURROGATE.search(node.value)
        assert found is not None  # called for a value that has one
        half = found.group()
        line, col = self.pos(node)
        self.result.diagnostics.append(
            error(
                self.result.file,
                line,
                col,
                Message(
                    "text contains the escape {escape}, "
                    "half of a UTF-16 surrogate pair and not a character",
                    escape=f"\\u{ord(half):04x}",
                ),
                Message("write the character itself (the file is UTF-8) instead of \\u escapes"),
                _dotted(path),
            )
        )
        return _SURROGATE.sub("\ufffd", node.value)  # later checks see text that can be written out


_STR = "tag:yaml.org,2002:str"
# A comment after a value on its line: YAML needs a space or tab before the '#'.
_COMMENT_AFTER = re.compile(r"[ \t]+#")
# Lone halves of UTF-16 pairs: PyYAML turns "\ud800" into one; writing it as UTF-8 fails.
_SURROGATE = re.compile("[\ud800-\udfff]")

# What a plain scalar was taken for, in messages.
_KINDS = {
    "int": N_("a whole number"),
    "float": N_("a number"),
    "bool": N_("true or false"),
    "timestamp": N_("a timestamp"),
    "null": N_("an empty value"),
    "merge": N_("a merge key (<<)"),
}
# What Python's calendar says of an impossible date, in the checker's words (other reasons are
# shown as Python gives them).
DATE_REASONS = {
    "day is out of range for month": N_("day is out of range for month"),
    "month must be in 1..12": N_("month must be in 1..12"),
    "year 0 is out of range": N_("year 0 is out of range"),
}


def known_reason(text: str) -> str:
    """Why Python refused a value, said in the printed language when it is a known reason."""
    return Message(DATE_REASONS[text]) if text in DATE_REASONS else text


def _short_tag(tag: str) -> str:
    return (
        "!!" + tag.removeprefix("tag:yaml.org,2002:")
        if tag.startswith("tag:yaml.org,2002:")
        else tag
    )


def _excerpt(value: str, limit: int = 40) -> str:
    """A value as quoted in a message: never a whole pasted blob."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
