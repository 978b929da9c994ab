"""``build.py check`` on the editors' slips that used to pass unnoticed (issue 17, second round).

Each file in ``tests/inputs/editor_mistakes/`` is laid out as a case of ``bad_inputs/``
(see ``test_check.py``) and run the same way: one mistake applied to a fresh copy of the
real content, and the exact line the checker must print for it, in English (``expect``) and
with ``--lang ko`` (``expect_ko``): the same file, line and column, the message and its hint
wholly in Korean. One more placeholder,
``{next_year}``, stands for a day a year after the check runs (YYYY-MM-DD), for mistakes
about the future; and a file may be renamed before the edit:
``rename: content/en/about.md`` moves it to ``file``.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from briefing.commands.check import run_check
from tests.inputs.test_check import (
    apply_case,
    assert_said_in_korean,
    commit_edit,
    exit_code,
    load_case,
    repo,
)

__all__ = ["repo"]  # the fixture: the real content in a git repository of its own

CASES_DIR = Path(__file__).parent / "editor_mistakes"
CASES = sorted(CASES_DIR.glob("*.yaml"))


def dated(case: dict) -> dict:
    """``case`` with ``{next_year}`` written out as a date."""
    today = datetime.date.today()
    next_year = today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat()
    return {
        key: value.replace("{next_year}", next_year) if isinstance(value, str) else value
        for key, value in case.items()
    }


def load_editor_case(path: Path) -> dict:
    return dated(load_case(path))


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_editor_mistake_is_reported_exactly(case_file: Path, project: Path) -> None:
    case = load_editor_case(case_file)
    if "rename" in case:
        (project / case["rename"]).rename(project / case["file"])
    expected = apply_case(case, project)
    diagnostics = run_check(project, staleness=False)
    lines = [d.format() for d in diagnostics]
    assert expected in lines, (
        f"{case['description']}: expected\n  {expected}\ngot\n  " + "\n  ".join(lines)
    )
    assert exit_code(diagnostics) == case.get("exit_code", 1)
    assert_said_in_korean(case, diagnostics, expected, project)


def test_the_corpus_holds_many_distinct_mistakes() -> None:
    cases = [load_case(c) for c in CASES]
    assert len(cases) >= 25
    assert len({c["description"] for c in cases}) == len(cases)
    assert len({(c["file"], c["expect"]) for c in cases}) == len(cases)
    assert [c["description"] for c in cases if "expect_ko" not in c] == []
    assert len({(c["file"], c["expect_ko"]) for c in cases}) == len(cases)


# -- what the decisions behind the corpus mean for the built pages ---------------------------


def rendered(project: Path, lang: str) -> dict:
    from briefing.inputs import Paths, read_inputs
    from briefing.render import PageRenderer
    from briefing.views.i18n import load_language

    paths = Paths(project)
    data, content, _warnings = read_inputs(paths).checked()
    renderer = PageRenderer(data, content[lang], load_language(lang, paths.root), paths.theme_dir)
    return {page.path: page for page in renderer.pages()}


def test_an_event_page_takes_title_and_description_from_the_record(project: Path) -> None:
    """One source of truth: data/events.yaml; the narrative's front matter has only 'updated',
    and the page's date is the later of the record's and the narrative's."""
    page = rendered(project, "en")["events/state-visit-2019.md"]
    assert page.meta["title"] == "President Moon Jae-in's state visit to Kazakhstan"
    assert page.meta["description"].startswith("Moon Jae-in spent 21–23 April 2019")
    narrative = project / "content/en/events/state-visit-2019.md"
    events = project / "data/events.yaml"
    record_date = re.search(
        r"id: state-visit-2019\n(?:    .*\n)*?    updated: (\S+)", events.read_text()
    )
    assert record_date is not None
    dated = {"record": record_date.group(1)}
    # the narrative older than the record: the record's date; newer: the narrative's
    narrative.write_text(
        re.sub(
            r"updated: \S+", "updated: 2020-01-01", narrative.read_text(encoding="utf-8"), count=1
        ),
        encoding="utf-8",
    )
    assert (
        rendered(project, "en")["events/state-visit-2019.md"].meta["as_of_iso"] == dated["record"]
    )
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            f"    updated: {dated['record']}", "    updated: 2019-12-31", 1
        ),
        encoding="utf-8",
    )
    assert rendered(project, "en")["events/state-visit-2019.md"].meta["as_of_iso"] == "2020-01-01"


def test_an_emptied_text_asks_nobody_to_follow_it(repo: Path) -> None:
    """Emptying 'en:' is an error of its own; the Korean side is not told to "catch up"."""
    commit_edit(
        repo,
        "data/projects.yaml",
        "      en: A US$200 million ferroalloy plant in Pavlodar",
        '      en: ""\n      # A US$200 million ferroalloy plant in Pavlodar',
        "Pavlodar: drop the English summary for now",
    )
    lines = [d.format() for d in run_check(repo)]
    assert [line for line in lines if "translation" in line or "up to date" in line] == []
    assert any(
        "projects[pavlodar-ferroalloy-plant].summary.en: text is empty" in line for line in lines
    ), lines


def test_a_data_file_that_cannot_be_read_is_one_error(project: Path) -> None:
    """A slip that stops data/sources.yaml from being read is said once: the links of every page
    to the sources page (whose anchors are the sources' ids) are not all reported missing."""
    path = project / "data/sources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    published: 2019-09-27", "     published: 2019-09-27", 1), encoding="utf-8"
    )
    lines = [d.format() for d in run_check(project, staleness=False)]
    assert len(lines) == 1, lines
    assert lines[0].startswith("data/sources.yaml:11:6: error: this line starts in column 6")


def test_records_run_together_are_read_as_meant(project: Path) -> None:
    """A record whose '- ' is missing is one error, and read as the record it was meant to be:
    nothing that cites it is reported unknown."""
    path = project / "data/sources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - id: kglobaltimes-2021-08", "    id: kglobaltimes-2021-08", 1),
        encoding="utf-8",
    )
    errors = [d for d in run_check(project, staleness=False) if d.severity == "error"]
    assert [d.message for d in errors] == ["a new entry of this list starts here without '- '"]


EVENTS_OUTSIDE_CHAPTERS = """\
  - id: energy-dialogue-2026
    title: {ko: 한-카자흐스탄 에너지 대화, en: Korea–Kazakhstan energy dialogue}
    kind: meeting
    start: 2026-03-10
    place: seoul
    summary:
      ko: 양국 에너지 당국이 서울에서 만났다.
      en: The two countries' energy officials met in Seoul.
    sources: [primeeconomy-2025-10-15]
    updated: 2026-11-22
  - id: energy-dialogue-dinner-2026
    title: {ko: 에너지 대화 만찬, en: Energy dialogue dinner}
    kind: meeting
    start: 2026-03-10
    place: seoul
    parent: energy-dialogue-2026
    summary:
      ko: 대화 뒤 만찬이 열렸다.
      en: A dinner followed the dialogue.
    sources: [primeeconomy-2025-10-15]
    updated: 2026-11-22
"""


def test_an_event_outside_the_anchor_chapters_builds_and_shows(project: Path) -> None:
    """'chapter:' is optional: an event of no anchor's story is listed under "Other events",
    as fully as the chapters' events (kind, summary, its parts), and its page names no
    chapter; the book's timeline has an anchor for it and for each of its parts."""
    from briefing.books import book
    from briefing.inputs import Paths, read_inputs

    with (project / "data/events.yaml").open("a", encoding="utf-8") as events:
        events.write(EVENTS_OUTSIDE_CHAPTERS)
    assert [d.format() for d in run_check(project, staleness=False)] == []
    pages = rendered(project, "en")
    timeline = pages["timeline.md"].text()
    other = timeline[timeline.index("## Other events") :]
    assert '<a href="../events/energy-dialogue-2026/">Korea–Kazakhstan energy dialogue</a>' in other
    assert '<span class="kz-note">Meeting</span>' in other
    assert "The two countries&#39; energy officials met in Seoul." in other
    assert '<a href="../events/energy-dialogue-dinner-2026/">Energy dialogue dinner</a>' in other
    event = pages["events/energy-dialogue-2026.md"].text()
    assert "alatau-roadshow-2025" not in event and "state-visit" not in event
    paths = Paths(project)
    data, content, _warnings = read_inputs(paths).checked()
    writer = book.BookWriter(book.BookJob(paths.root, "en", data, content["en"], project / "out"))
    (entry,) = writer.timeline()["other"]
    assert entry["book_anchor"] == "tl-energy-dialogue-2026"
    assert [c["book_anchor"] for c in entry["children"]] == ["tl-energy-dialogue-dinner-2026"]


# -- pull requests: a failed build is annotated on the lines at fault ------------------------


def test_a_build_stopped_by_bad_input_annotates_each_problem(project: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.inputs.test_check import ROOT

    case = load_editor_case(CASES_DIR / "placeholder-todo-summary.yaml")
    expected = apply_case(case, project)
    file, line, col, rest = expected.split(":", 3)
    message = rest.removeprefix(" error: ")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(project), "build"]
        + ["--format", "github"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 1
    assert f"::error file={file},line={line},col={col}::{message}" in result.stdout.splitlines()
    assert "build stopped: 1 error(s) in the input; site/ was not changed" in result.stderr


def test_a_template_error_is_annotated_at_its_line(tmp_path: Path, capsys) -> None:
    import jinja2

    from briefing.commands.stopped import report_stop

    template = tmp_path / "theme" / "pages" / "timeline.md"
    template.parent.mkdir(parents=True)
    template.write_text("line one\nline two\n{% if %}\n{% endif %}\n", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(template.parent))
    try:
        env.get_template("timeline.md")
    except jinja2.TemplateSyntaxError as exc:
        exc.filename = str(template)
        code = report_stop(exc, "build", "github", tmp_path)
    out = capsys.readouterr()
    assert code == 1
    annotation = out.out.splitlines()[0]
    assert annotation.startswith("::error file=theme/pages/timeline.md,line=3,col=1::")
    assert "Expected an expression" in annotation
    assert out.err.startswith("build stopped: a template has an error; site/ was not changed\n")


def test_a_book_error_is_annotated_at_the_place_it_names(capsys) -> None:
    from briefing.books.book import BookError
    from briefing.commands.stopped import report_stop

    error = BookError("theme/print/book.html:12:1: error: 'e' is undefined (en print template)")
    assert report_stop(error, "PDFs", "github") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "::error file=theme/print/book.html,line=12,col=1::'e' is undefined (en print template)"
    )
    assert lines[1].startswith("::error::PDFs stopped: the PDF books could not be made")
