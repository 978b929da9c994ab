"""Load YAML safely, remembering where every value came from.

Data files and front matter are untrusted text from pull requests. They are
read with PyYAML's safe loader, but before any object is built the event
stream is scanned so that huge files, deep nesting and alias bombs are refused
with a clear message and bounded memory.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, error

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 2_000_000

Path_ = tuple  # a data path: keys and list indexes from the document root


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    col: int  # 1-based
    key_line: int = 0
    key_col: int = 0


@dataclass
class LoadedYaml:
    """A parsed document with the position of each value and key."""

    file: str
    data: Any = None
    positions: dict[Path_, Position] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``path`` (or its key), falling back to the nearest parent."""
        while True:
            pos = self.positions.get(tuple(path))
            if pos is not None:
                if key and pos.key_line:
                    return pos.key_line, pos.key_col
                return pos.line, pos.col
            if not path:
                return 1, 1
            path = path[:-1]


def load_yaml_file(path: Path, display_name: str) -> LoadedYaml:
    """Read and parse one YAML file; problems become diagnostics, never exceptions."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return LoadedYaml(display_name, diagnostics=[error(display_name, 1, 1, f"cannot read file: {exc.strerror}")])
    if size > MAX_BYTES:
        return LoadedYaml(
            display_name,
            diagnostics=[
                error(
                    display_name, 1, 1,
                    f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})",
                    "split the records into smaller files or remove pasted binary data",
                )
            ],
        )
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return LoadedYaml(display_name, diagnostics=[error(display_name, line, 1, "file is not valid UTF-8", "save the file as UTF-8")])
    return load_yaml_text(text, display_name)


def load_yaml_text(text: str, display_name: str, line_offset: int = 0) -> LoadedYaml:
    """Parse YAML text; ``line_offset`` shifts reported lines (for front matter)."""
    result = LoadedYaml(display_name)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        result.diagnostics.append(error(display_name, 1, 1, f"text is too large (limit {MAX_BYTES:,} bytes)"))
        return result
    problem = _scan_events(text, display_name, line_offset)
    if problem:
        result.diagnostics.append(problem)
        return result
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:  # pragma: no cover - the scan above reports these first
        result.diagnostics.append(_syntax_error(exc, display_name, line_offset))
        return result
    if node is None:
        return result
    builder = _Builder(result, line_offset)
    result.data = builder.build(node, ())
    return result


def _scan_events(text: str, file: str, line_offset: int) -> Diagnostic | None:
    """Walk the event stream once: syntax errors, depth, aliases, size."""
    depth = 0
    count = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            count += 1
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return error(
                    file, mark.line + 1 + line_offset, mark.column + 1,
                    "YAML anchors and aliases (&name, *name) are not allowed",
                    "write the value out in full",
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return error(
                        file, mark.line + 1 + line_offset, mark.column + 1,
                        f"nesting is deeper than {MAX_DEPTH} levels",
                        "records are at most a few levels deep; check the indentation",
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if count > MAX_NODES:
                return error(file, mark.line + 1 + line_offset, mark.column + 1, f"more than {MAX_NODES:,} YAML values")
    except yaml.MarkedYAMLError as exc:
        return _syntax_error(exc, file, line_offset)
    except yaml.YAMLError as exc:  # reader errors (control characters) have no problem_mark
        mark = getattr(exc, "position", None)
        return error(file, 1 + line_offset, 1, f"YAML syntax error: {exc}")
    return None


def _syntax_error(exc: yaml.MarkedYAMLError, file: str, line_offset: int) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + line_offset
    col = mark.column + 1 if mark else 1
    problem = exc.problem or "invalid YAML"
    hint = "check indentation and quoting around this point"
    if "'\\t'" in problem or "\\t" in problem or "tab" in problem.lower():
        problem = "a tab character is not allowed in YAML indentation"
        hint = "indent with spaces"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    return error(file, line, col, f"YAML syntax error: {problem}", hint)


class _Builder:
    """Turn a composed node tree into plain Python values plus positions."""

    def __init__(self, result: LoadedYaml, line_offset: int):
        self.result = result
        self.line_offset = line_offset
        self.constructor = yaml.SafeLoader("")

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: Path_, key_node: yaml.Node | None = None) -> Any:
        line, col = self.pos(node)
        key_line, key_col = self.pos(key_node) if key_node is not None else (0, 0)
        self.result.positions[path] = Position(line, col, key_line, key_col)
        if isinstance(node, yaml.MappingNode):
            mapping: dict[Any, Any] = {}
            for key_node_, value_node in node.value:
                key = self.scalar(key_node_)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    key = str(key)
                if key in mapping:
                    kl, kc = self.pos(key_node_)
                    self.result.diagnostics.append(
                        error(self.result.file, kl, kc, f"key '{key}' appears twice in the same mapping", "keep one of them", _dotted(path))
                    )
                    continue
                mapping[key] = self.build(value_node, (*path, key), key_node_)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: Path_ = ()) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            line, col = self.pos(node)
            self.result.diagnostics.append(error(self.result.file, line, col, "a mapping or list cannot be used as a key"))
            return "?"
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            line, col = self.pos(node)
            self.result.diagnostics.append(
                error(self.result.file, line, col, f"cannot read value {node.value!r}: {exc}", "dates are YYYY-MM-DD with a real day", _dotted(path))
            )
            return node.value
        if isinstance(value, (datetime.date, datetime.datetime)):
            # Keep dates as the text the editor wrote; the schema checks the form.
            return node.value
        if isinstance(value, bytes):
            return node.value
        return value


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted_path = _dotted
