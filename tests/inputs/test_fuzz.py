"""Property-based tests of the loader and the validator (Hypothesis).

For any text, YAML-like or a mangled copy of a real data file, loading and
validating either accept it or report problems, each at a ``file:line:col``
that exists in that file. They never raise.
"""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.config import read_config
from briefing.diagnostics import Diagnostic, has_errors
from briefing.inputs import schema
from briefing.inputs.content import split_front_matter
from briefing.inputs.dataset import build_dataset, load_data_files, validate_data
from briefing.inputs.load import load_yaml_text

ROOT = Path(__file__).resolve().parents[2]
BRIEFING = read_config(ROOT)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

# Pieces YAML gives meaning to, plus characters it refuses or treats oddly.
FRAGMENTS = [
    "a",
    "id",
    "name",
    "ko",
    "en",
    "2019-09-27",
    "2019-02-31",
    "1e999",
    "0x1F",
    "~",
    "null",
    "yes",
    "1" * 40,
    ":",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&x ",
    "*x",
    "!!str ",
    "!!python/object ",
    "!x ",
    "<<: ",
    "? ",
    "|",
    ">",
    "'",
    '"',
    "#",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\n",
    "\n  ",
    "\n    ",
    "\t",
    "\r",
    "\r\n",
    "\x00",
    "\x1b",
    "\x7f",
    "\u0085",
    "\u2028",
    "\ufeff",
    "\ud800",
    "é",
    "한국",
    "𝄞",
    "\\",
    "@",
    "`",
]
yamlish = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_text = st.text(max_size=200)


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def assert_located(
    diagnostics: list[Diagnostic], texts: dict[str, str], line_offset: int = 0
) -> None:
    """Every diagnostic names a known file and a line and column inside it
    (or just past its end)."""
    for d in diagnostics:
        assert d.severity in ("error", "warning"), d
        assert d.message, d
        assert d.file in texts, d
        lines = lines_of(texts[d.file])
        assert 1 <= d.line - line_offset <= len(lines), d.format()
        assert 1 <= d.col <= len(lines[d.line - line_offset - 1]) + 1, d.format()


@FUZZ
@given(text=st.one_of(yamlish, any_text), line_offset=st.integers(0, 3))
def test_loading_any_text_reports_located_problems_or_data(text: str, line_offset: int) -> None:
    loaded = load_yaml_text(text, "data/x.yaml", line_offset=line_offset)
    assert_located(loaded.diagnostics, {"data/x.yaml": text}, line_offset)
    if not loaded.diagnostics and text.strip():
        for path in loaded.positions:
            assert loaded.where(path) >= (1 + line_offset, 1)


@FUZZ
@given(front_matter=st.one_of(yamlish, any_text), body=any_text)
def test_front_matter_problems_point_into_the_markdown_file(front_matter: str, body: str) -> None:
    text = f"---\n{front_matter}\n---\n{body}"
    _meta, _body, _line, problems = split_front_matter(text, "content/en/x.md")
    assert_located(problems, {"content/en/x.md": text})


# -- mutations of the real data files ----------------------------------------
REAL = load_data_files(ROOT / "data", ROOT)
REAL_TEXT = {
    kind: (ROOT / "data" / f.filename).read_text(encoding="utf-8")
    for kind, f in ((f.kind, f) for f in schema.DATA_FILES)
}
KINDS = sorted(REAL_TEXT)


@st.composite
def mutated_data_file(draw) -> tuple[str, str]:
    """One real data file after a few editor-like accidents:
    lines lost, doubled, swapped, re-indented, pasted into."""
    kind = draw(st.sampled_from(KINDS))
    lines = REAL_TEXT[kind].split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(
            st.sampled_from(
                ["delete", "double", "swap", "indent", "dedent", "paste", "cut", "truncate"]
            )
        )
        if action == "delete":
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "indent":
            lines[at] = "  " + lines[at]
        elif action == "dedent":
            lines[at] = lines[at].removeprefix("  ")
        elif action == "paste":
            col = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:col] + draw(yamlish) + lines[at][col:]
        elif action == "cut":
            col = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:col] + lines[at][col + draw(st.integers(1, 12)) :]
        else:
            lines = lines[: at + 1]
        if not lines:
            lines = [""]
    return kind, "\n".join(lines)


@FUZZ
@given(mutation=mutated_data_file())
def test_validating_a_mangled_data_file_reports_located_problems(mutation: tuple[str, str]) -> None:
    kind, text = mutation
    files = copy.deepcopy(REAL)
    display = files[kind].file
    files[kind] = load_yaml_text(text, display)
    diagnostics = validate_data(files, BRIEFING)
    texts = {loaded.file: REAL_TEXT[k] for k, loaded in files.items()}
    texts[display] = text
    assert_located(diagnostics, texts)
    if not has_errors(diagnostics):
        build_dataset(files)  # what the build does next must not fail either


def test_the_real_data_is_accepted() -> None:
    """The mutations start from valid files, so every problem found above comes from a mutation."""
    assert not has_errors(validate_data(copy.deepcopy(REAL), BRIEFING))
