"""Huge, deep and self-multiplying YAML is refused with a clear file:line:col, in bounded memory.

Each case is loaded in a fresh Python process that reports its own peak
memory (``resource.getrusage``) above what it used before loading, so the
bound is on memory, not time; the time is printed for the record.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.inputs.load import MAX_BYTES, MAX_DEPTH, MAX_NODES

ROOT = Path(__file__).resolve().parents[2]
MEMORY_BOUND_MB = 300

MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
from briefing.inputs.load import load_yaml_file

path = Path(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
loaded = load_yaml_file(path, "data/projects.yaml")
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "diagnostics": [d.format() for d in loaded.diagnostics],
    "extra_mb": (peak - before) / 1024,
    "seconds": seconds,
}))
"""


def load_measured(path: Path) -> dict:
    """Load ``path`` as data/projects.yaml in a fresh process:
    its diagnostics, extra peak MB and seconds."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"the loader crashed:\n{done.stderr}"
    result = json.loads(done.stdout)
    outcome = "refused" if result["diagnostics"] else "loaded"
    print(
        f"{path.name}: {path.stat().st_size:,} bytes {outcome} in {result['seconds']:.2f} s, "
        f"{result['extra_mb']:.0f} MB above baseline"
    )
    return result


def billion_laughs() -> str:
    lines = [
        "projects:",
        '  - &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"  - &{name} [{', '.join([f'*{previous}'] * 10)}]")
    return "\n".join(lines) + "\n"


def huge_file(target: Path, size: int) -> Path:
    """Realistic-looking records repeated to ``size`` bytes, written in blocks."""
    record = (
        "  - id: pasted-project\n"
        "    name: {ko: 붙여넣은 사업, en: Pasted project}\n"
        "    sector: industry\n"
    )
    block = record * 1000
    with target.open("w", encoding="utf-8") as out:
        out.write("projects:\n")
        written = 0
        while written < size:
            out.write(block)
            written += len(block.encode("utf-8"))
    return target


def where(text: str, opening: str, nth: int) -> str:
    """``line:col`` of the ``nth`` occurrence of ``opening`` in ``text``."""
    offset = -1
    for _ in range(nth):
        offset = text.index(opening, offset + 1)
    return (
        f"{text.count(chr(10), 0, offset) + 1}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"
    )


DEEP = (
    f"nesting is deeper than {MAX_DEPTH} levels "
    "(records are at most a few levels deep; check the indentation)"
)
FLOW_LISTS = "projects: " + "[" * 10_000 + "]" * 10_000 + "\n"
BLOCK_LISTS = "projects:\n" + "- " * 10_000 + "x\n"
FLOW_MAPPINGS = "projects: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"
# The document's mapping is the first level, so the 40th opening starts level 41.
CASES = {
    # name: (file text, the exact message)
    "alias-bomb": (
        billion_laughs(),
        "data/projects.yaml:2:5: error: YAML anchors and aliases (&name, *name) are not allowed "
        "(write the value out in full)",
    ),
    "flow-lists-10000-deep": (
        FLOW_LISTS,
        f"data/projects.yaml:{where(FLOW_LISTS, '[', MAX_DEPTH)}: error: {DEEP}",
    ),
    "block-lists-10000-deep": (
        BLOCK_LISTS,
        f"data/projects.yaml:{where(BLOCK_LISTS, '- ', MAX_DEPTH)}: error: {DEEP}",
    ),
    "flow-mappings-10000-deep": (
        FLOW_MAPPINGS,
        f"data/projects.yaml:{where(FLOW_MAPPINGS, '{', MAX_DEPTH)}: error: {DEEP}",
    ),
    # Five events (stream, document, mapping, key, list) come before the items, one a line from
    # line 2: the value that goes over the limit is item MAX_NODES + 1 - 5.
    "two-million-values": (
        "projects:\n" + "- 1\n" * 2_000_000,
        f"data/projects.yaml:{(MAX_NODES + 1 - 5) + 1}:3: error: "
        f"more than {MAX_NODES:,} YAML values (split the records into smaller files)",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_yaml_is_refused_with_its_position_in_bounded_memory(
    name: str, tmp_path: Path
) -> None:
    text, expected = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_measured(path)
    assert result["diagnostics"] == [expected]
    assert result["extra_mb"] < MEMORY_BOUND_MB


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = huge_file(tmp_path / "huge.yaml", 50 * 1024 * 1024)
    size = path.stat().st_size
    result = load_measured(path)
    assert result["diagnostics"] == [
        "data/projects.yaml:1:1: error: "
        f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,}) "
        "(split the records into smaller files or remove pasted binary data)"
    ]
    assert result["extra_mb"] < MEMORY_BOUND_MB


def test_the_largest_accepted_file_stays_within_the_memory_bound(tmp_path: Path) -> None:
    """Just under the value limit is still loaded, and its nodes fit in the same bound."""
    path = tmp_path / "many.yaml"
    path.write_text("projects:\n" + "- 1\n" * (MAX_NODES - 10), encoding="utf-8")
    result = load_measured(path)
    assert result["diagnostics"] == []
    assert result["extra_mb"] < MEMORY_BOUND_MB


@pytest.mark.parametrize("command", ["check", "build"])
def test_build_py_refuses_an_alias_bomb_and_keeps_the_site(command: str, project: Path) -> None:
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    (project / "data" / "places.yaml").write_text(
        billion_laughs().replace("projects:", "places:"), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "build.py", "--root", str(project), command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1
    refused = (
        "data/places.yaml:2:5: error: YAML anchors and aliases (&name, *name) are not allowed "
        "(write the value out in full)"
    )
    assert refused in output
    assert "Traceback" not in output
    if command == "build":
        assert "site/ was not changed" in output
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"


def test_a_huge_markdown_page_is_refused_without_being_read(project: Path) -> None:
    from briefing.commands.check import run_check

    page = project / "content" / "en" / "about.md"
    with page.open("a", encoding="utf-8") as handle:
        handle.write("Pasted text. " * 200_000)  # about 2.6 MB
    messages = [d.format() for d in run_check(project) if d.severity == "error"]
    assert len(messages) == 1, messages
    assert messages[0].startswith("content/en/about.md:1:1: error: page is too large (")
