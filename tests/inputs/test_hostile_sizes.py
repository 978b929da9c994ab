"""Inputs too large to write as corpus cases, made here in Python:
each is refused with its exact message.

These are the inputs that made the build's work grow faster than its input
(a line of '[' for Python-Markdown, thousands of equal headings for the anchor
check, a 5 MB summary for the books' layout, a blockquote 2,000 deep for
WeasyPrint). Their timings are in benchmarks/hostile_inputs.py, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.commands.check import run_check
from briefing.diagnostics import InputError
from briefing.pipeline import Paths, build
from tests.helpers import copy_built_project

NARRATIVE = "content/en/events/state-visit-2019.md"
SUMMARY = (
    "      en: A US$200 million ferroalloy plant in Pavlodar. Support for it was on the agenda of "
    "the 2019 working group, where the two sides shared the plans and schedule for taking it "
    "forward."
)


def where(text: str, needle: str) -> str:
    """``line:col`` of the first ``needle`` in ``text``."""
    offset = text.index(needle)
    return (
        f"{text.count(chr(10), 0, offset) + 1}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"
    )


def append_to(root: Path, file: str, addition: str) -> str:
    path = root / file
    text = path.read_text(encoding="utf-8") + addition
    path.write_text(text, encoding="utf-8")
    return text


def brackets(root: Path) -> str:
    text = append_to(root, NARRATIVE, "\n" + "[" * 10_000 + "\n")
    return (
        f"{NARRATIVE}:{where(text, '[' * 10_000)}: error: "
        "paragraph has 10,000 '[' brackets; the limit is 50 "
        "(split it into several paragraphs, or write a bracket that is not a link as \\[)"
    )


def long_line(root: Path) -> str:
    text = append_to(root, NARRATIVE, "\nPasted " + "x" * 40_000 + "\n")
    line = where(text, "Pasted ").split(":")[0]
    return (
        f"{NARRATIVE}:{line}:10001: error: line is 40,007 characters long; the limit is 10,000 "
        "(break the text into paragraphs; a line this long is pasted data)"
    )


def long_paragraph(root: Path) -> str:
    text = append_to(root, NARRATIVE, "\nPasted\n" + ("y" * 9_000 + "\n") * 3)
    line = where(text, "Pasted\n").split(":")[0]
    return (
        f"{NARRATIVE}:{line}:1: error: paragraph is 27,009 characters long; the limit is 20,000 "
        "(split it into several paragraphs with blank lines between them)"
    )


def equal_headings(root: Path) -> str:
    text = append_to(
        root, "content/en/about.md", "\n[see](#no-such-anchor)\n\n" + "## Same\n\n" * 20_000
    )
    return (
        f"content/en/about.md:{where(text, '#no-such-anchor')}: error: "
        "anchor '#no-such-anchor' does not exist on this page "
        "(anchors are the page's headings: lower-case words joined by '-', "
        "or an explicit '{ #id }' after the heading)"
    )


def deep_blockquote(root: Path) -> str:
    text = append_to(root, NARRATIVE, "\n" + ">" * 2_000 + " deep\n")
    return (
        f"{NARRATIVE}:{where(text, '>' * 2_000)}: error: "
        "quotes and lists are nested more than 20 levels deep "
        "(nest at most a few levels; a deeper '>' or list is usually a pasting mistake)"
    )


def deep_list(root: Path) -> str:
    nested = "".join("  " * level + "- item\n" for level in range(30))
    text = append_to(root, NARRATIVE, "\n" + nested)
    line = int(where(text, "  " * 20 + "- item").split(":")[0])
    return (
        f"{NARRATIVE}:{line}:41: error: quotes and lists are nested more than 20 levels deep "
        "(nest at most a few levels; a deeper '>' or list is usually a pasting mistake)"
    )


def huge_summary(root: Path) -> str:
    path = root / "data/projects.yaml"
    text = path.read_text(encoding="utf-8")
    assert SUMMARY in text
    text = text.replace(SUMMARY, "      en: " + "pasted " * 750_000, 1)  # 5.25 MB on one line
    path.write_text(text, encoding="utf-8")
    return (
        f"data/projects.yaml:{where(text, 'pasted ')}: error: "
        "projects[pavlodar-ferroalloy-plant].summary.en: "
        "text is 5,249,999 characters long; the limit is 20,000 "
        "(shorten it; longer text belongs in a page under content/ (was something pasted twice?))"
    )


def huge_title(root: Path) -> str:
    page = "content/en/about.md"
    path = root / page
    text = path.read_text(encoding="utf-8").replace(
        "title: About this briefing", "title: " + "T" * 5_000, 1
    )
    path.write_text(text, encoding="utf-8")
    return (
        f"{page}:2:8: error: title: text is 5,000 characters long; the limit is 1,000 "
        "(a title is a line and a description a sentence or two)"
    )


CASES: dict[str, Callable[[Path], str]] = {
    "10,000 '[' on one line": brackets,
    "a 40 KB line": long_line,
    "a 27 KB paragraph": long_paragraph,
    "20,000 equal headings and a missing anchor": equal_headings,
    "a blockquote 2,000 deep": deep_blockquote,
    "a list 30 deep": deep_list,
    "a 5 MB one-line summary": huge_summary,
    "a 5,000-character page title": huge_title,
}


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_a_pathological_input_is_refused_exactly(
    make: Callable[[Path], str], project: Path
) -> None:
    expected = make(project)
    lines = [d.format() for d in run_check(project, staleness=False)]
    assert expected in lines, "\n".join(lines)


def site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_the_build_refuses_each_and_keeps_site(built: Paths, tmp_path: Path) -> None:
    project = copy_built_project(built.root, tmp_path / "project")  # with the last good site
    paths = Paths(project)
    before = site_files(paths.site_dir)
    pristine = {
        name: (project / name).read_bytes()
        for name in ("data/projects.yaml", NARRATIVE, "content/en/about.md")
    }
    for name, make in CASES.items():
        expected = make(project)
        with pytest.raises(InputError) as refused:
            build(paths, parallel=False, books=False)
        assert expected in [d.format() for d in refused.value.diagnostics], name
        assert site_files(paths.site_dir) == before, name
        for file, content in pristine.items():
            (project / file).write_bytes(content)


def test_a_layout_that_recurses_too_deep_names_the_deepest_page(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF stage's safety net:
    WeasyPrint's RecursionError becomes file:line of the page that nests deepest."""
    from types import SimpleNamespace

    from briefing.books import book
    from briefing.inputs.content import read_content

    text = append_to(
        project, NARRATIVE, "\n<div>\n" + "<div>" * 2_000 + "deep" + "</div>" * 2_001 + "\n"
    )
    content, _problems = read_content(project / "content", project, ("ko", "en"))
    job = SimpleNamespace(lang="en", content=content["en"])
    line = int(where(text, "<div><div>").split(":")[0])

    def recurse(*_args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(book, "_write_language", recurse)
    with pytest.raises(book.BookError) as failed:
        book.write_language(job)
    assert str(failed.value) == (
        f"{NARRATIVE}:{line}:1: error: the PDF layout ran out of stack (RecursionError); "
        "this page nests its HTML 2,001 levels deep here "
        "(nest quotes, lists and HTML elements at most a few levels)"
    )
