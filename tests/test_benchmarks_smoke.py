"""The benchmark harness still runs end to end (a small corpus, one run): no timings asserted."""

from __future__ import annotations

import re

import pytest
import yaml

from benchmarks.run import main
from benchmarks.synthetic import generate
from briefing.commands.check import run_check

EXPECTED_COLUMNS = [
    "corpus",
    "projects",
    "pages",
    "check s",
    "check, cache kept s",
    "build s",
    "build CPU s",
    "HTML build s",
    "stock mkdocs (en) s",
    "HTML/stock",
    "HTML rebuild s",
    "rebuild/stock",
    "peak MB",
    "output MB",
    "pages/s",
]


def parse_table(text: str) -> list[dict[str, str]]:
    rows = [line for line in text.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    return [
        dict(zip(header, (cell.strip() for cell in row.strip("|").split("|")), strict=True))
        for row in rows[2:]
    ]


def number(cell: str) -> float:
    return float(re.sub(r"[^0-9.]", "", cell))


@pytest.mark.build  # builds corpora
def test_harness_prints_a_row_per_corpus_with_every_stage(capsys):
    # the real content's row is the same code path, and the PDF stage takes longer than
    # everything else: leaving them out keeps this test short
    assert main(["--sizes", "30", "--runs", "1", "--no-real", "--no-pdf", "--no-preview"]) == 0
    table = parse_table(capsys.readouterr().out)
    assert [row["corpus"] for row in table] == ["N=30"]
    columns = list(table[0])
    for column in EXPECTED_COLUMNS:
        assert column in columns
    stages = columns[columns.index("check, cache kept s") + 1 : columns.index("build s")]
    assert "load+validate s" in stages and any("engine" in s for s in stages)
    for row in table:
        for column in columns[1:]:
            value = number(row[column])
            assert value >= 0 if column in stages else value > 0, (
                row["corpus"],
                column,
                row[column],
            )
    assert table[0]["projects"] == "30"


def test_synthetic_corpus_is_valid_complete_and_deterministic(tmp_path):
    first = generate(tmp_path / "a", 30, seed=7)
    second = generate(tmp_path / "b", 30, seed=7)
    assert run_check(first) == []
    for name in ("data/projects.yaml", "data/events.yaml", "content/ko/index.md"):
        assert (first / name).read_text(encoding="utf-8") == (second / name).read_text(
            encoding="utf-8"
        )
    projects = yaml.safe_load((first / "data" / "projects.yaml").read_text(encoding="utf-8"))[
        "projects"
    ]
    events = yaml.safe_load((first / "data" / "events.yaml").read_text(encoding="utf-8"))["events"]
    assert len(projects) == 30 and len(events) == 10
    assert (
        any(e.get("anchor") for e in events)
        and any("chapter" in e for e in events)
        and any("parent" in e for e in events)
    )
    korean = (first / "content" / "ko" / "index.md").read_text(encoding="utf-8")
    assert sum("가" <= ch <= "힣" for ch in korean) > 200
