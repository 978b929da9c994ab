"""Hostile files and a hostile environment: names, links, devices, caches, dates, deployment.

What a pull request (or the machine the build runs on) can put in the way of
``build.py check`` and ``build.py build``: each must end in a message naming
the file, never a traceback, a hang, an injected log line or a changed ``site/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefing.commands.check import run_check
from briefing.diagnostics import error
from tests.helpers import run_check_cli

ROOT = Path(__file__).resolve().parents[2]
PAGE = "---\ntitle: Notes\ndescription: Notes.\nupdated: 2026-11-22\n---\n\nText.\n"


# -- 1. workflow commands ---------------------------------------------------------------------


def test_github_properties_are_escaped_as_the_toolkit_does() -> None:
    annotation = error("a%b:c,d\r\ne.md", 3, 4, "50% done\x1b[2J\nnext").format_github()
    # control characters are first shown as escapes, then the toolkit's own escaping applies
    assert (
        annotation == "::error file=a%25b%3Ac%2Cd\\r\\ne.md,line=3,col=4::50%25 done\\x1b[2J\\nnext"
    )
    assert "\n" not in annotation and "\r" not in annotation


def test_a_file_name_cannot_write_its_own_annotation(project: Path) -> None:
    name = "notes\n::warning file=README.md,line=1::Looks fine.md"
    for lang in ("en", "ko"):
        (project / "content" / lang / name).write_text(PAGE, encoding="utf-8")
    result = run_check_cli(project, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ")) for line in lines), lines
    assert not [line for line in lines if line.startswith("::warning file=README.md")]
    shown = (
        "::error file=content/{}/notes\\n"
        "%3A%3Awarning file=README.md%2Cline=1%3A%3ALooks fine.md,line=1,col=1::"
    )
    for lang in ("en", "ko"):
        assert [line for line in lines if line.startswith(shown.format(lang))], lines


def test_the_step_summary_lists_every_problem_as_text(project: Path, tmp_path: Path) -> None:
    """GitHub shows 10 annotations of a step; the summary has them all,
    and markup in them stays text."""
    for n in range(12):
        for lang in ("en", "ko"):
            (
                project
                / "content"
                / lang
                / f"x{n}<img src=y>|[l](https:\\\\evil.example)*b*\x1b[2J.md"
            ).write_text(PAGE, encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = run_check_cli(project, "--format", "github", GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 1
    annotations = result.stdout.splitlines()
    assert len(annotations) >= 24
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, as GitHub asks
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<img" not in html and "<a " not in html and "<em>" not in html and "\x1b" not in html
    assert html.count("<tr>") == len(annotations) + 1  # the header row and one row per problem
    rows = html.split("<tr>")[2:]
    assert all(row.count("<td>") == 5 for row in rows)
    assert "x0&lt;img src=y&gt;|[l](https:\\\\evil.example)*b*\\x1b[2J.md" in html


# -- 2. terminal safety -----------------------------------------------------------------------


def test_control_characters_are_shown_as_escapes_never_sent() -> None:
    line = error(
        "data/x.yaml",
        1,
        2,
        "text 'a\x1b]8;;https://evil.example\x07b\u202ec\x9b' is wrong",
        "hint\ttab",
    ).format()
    assert line == (
        "data/x.yaml:1:2: error: "
        "text 'a\\x1b]8;;https://evil.example\\x07b\\u202ec\\x9b' is wrong (hint\\ttab)"
    )


def test_a_data_file_linked_outside_the_repository_is_refused_unquoted(
    project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "private" / "credentials.yaml"
    secret.parent.mkdir()
    secret.write_text("people: TOKEN-7f3a secret first line\n", encoding="utf-8")
    (project / "data" / "people.yaml").unlink()
    (project / "data" / "people.yaml").symlink_to(secret)
    result = run_check_cli(project)
    assert result.returncode == 1
    assert (
        "data/people.yaml:1:1: error: file is a symbolic link to a place outside the repository "
        "(commit the file itself: the build reads only files in the repository)"
    ) in result.stdout.splitlines()
    assert "TOKEN-7f3a" not in result.stdout + result.stderr
    assert (
        str(tmp_path) not in result.stdout + result.stderr
    )  # neither the link's target nor the project's own path


# -- 3 and 4. what is not a regular file in the repository ------------------------------------

NOT_REGULAR = (
    "the build reads only regular files in the repository; "
    "put the file itself there or delete this entry"
)


def make_entries(project: Path) -> dict[str, str]:
    """Entries a checkout can hold that are not pages; the exact line ``check`` prints for each."""
    en = project / "content" / "en"
    (en / "dangling.md").symlink_to(project / "content" / "en" / "gone.md")
    (en / "folder.md").mkdir()
    os.mkfifo(en / "pipe.md")
    (en / "zero.md").symlink_to("/dev/zero")
    (project / "theme" / "etc").symlink_to("/etc")
    return {
        "dangling": "content/en/dangling.md:1:1: error: "
        "file is a symbolic link to nothing (its target does not exist) "
        "(restore what it points to, or delete the link)",
        "folder": "content/en/folder.md:1:1: error: "
        "a folder has the name of a file the build reads "
        "(rename the folder: names ending in .md or .yaml are read as files)",
        "pipe": "content/en/pipe.md:1:1: error: "
        f"file is a named pipe (FIFO), not a regular file ({NOT_REGULAR})",
        "zero": "content/en/zero.md:1:1: error: "
        "file is a symbolic link to a place outside the repository "
        "(commit the file itself: the build reads only files in the repository)",
        "theme": "theme/etc:1:1: error: "
        "folder is a symbolic link to a place outside the repository "
        "(commit the file itself: the build reads only files in the repository)",
    }


def test_links_folders_pipes_and_devices_are_named_not_read(project: Path) -> None:
    """A FIFO would block ``check`` and /dev/zero fill its memory:
    a subprocess, so that a regression fails, not hangs."""
    expected = make_entries(project)
    result = run_check_cli(project)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    for line in expected.values():
        assert lines.count(line) == 1, (line, lines)
    assert "Traceback" not in result.stderr


def test_a_device_inside_the_repository_is_not_opened(project: Path) -> None:
    """A link inside the repository is read like its target, so the target's kind is what counts."""
    os.mkfifo(project / "data" / "geo" / "pipe")
    (project / "data" / "people.yaml").unlink()
    (project / "data" / "people.yaml").symlink_to("geo/pipe")
    lines = run_check_cli(project).stdout.splitlines()
    assert (
        "data/people.yaml:1:1: error: "
        f"file is a symbolic link to a named pipe (FIFO), not a regular file ({NOT_REGULAR})"
        in lines
    )


def test_a_link_inside_the_repository_is_read(project: Path) -> None:
    people = project / "data" / "people.yaml"
    people.rename(project / "data" / "geo" / "people-kept.yaml")
    people.symlink_to("geo/people-kept.yaml")
    assert [d.format() for d in run_check(project, staleness=False)] == []


def test_an_unreadable_page_is_named(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root (the tests run as root):
    the refusal to open is simulated at ``os.open``."""
    from briefing.inputs import input_files

    real_open = os.open

    def refuse_about(path, flags, *args):  # noqa: ANN001, ANN202 - os.open's own signature
        if str(path).endswith("content/ko/about.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(input_files.os, "open", refuse_about)
    lines = [d.format() for d in run_check(project, staleness=False)]
    assert lines == [
        "content/ko/about.md:1:1: error: "
        "cannot read file: Permission denied (check that the file can be read)"
    ]


def test_a_build_stopped_by_such_entries_leaves_site_as_it_was(project: Path) -> None:
    from briefing.diagnostics import InputError
    from briefing.pipeline import Paths, build

    site = project / "site"
    (site / "en").mkdir(parents=True)
    (site / "index.html").write_bytes(b"<!doctype html><title>the last good build</title>\n")
    (site / "en" / "index.html").write_bytes(b"\x00kept\xff")
    before = snapshot(site)
    expected = make_entries(project)
    with pytest.raises(InputError) as raised:
        build(Paths(project), parallel=False, books=False)
    lines = [d.format() for d in raised.value.diagnostics]
    assert set(expected.values()) <= set(lines)
    assert snapshot(site) == before


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- 5. faults and environment -----------------------------------------------------------------


class _RunsCode:
    """Unpickling this calls os.mkdir:
    what a crafted pickle in .cache/ could do with any function."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):  # noqa: ANN204 - pickle's protocol
        return (os.mkdir, (str(self.marker),))


def test_a_crafted_or_damaged_parse_cache_is_made_again_and_runs_nothing(
    project: Path, tmp_path: Path
) -> None:
    import hashlib
    import pickle

    from briefing.inputs import Paths, read_inputs
    from briefing.inputs.dataset import load_data_files
    from briefing.inputs.parse_cache import CACHE_NAME, ParseCache

    read_inputs(Paths(project))  # keeps every data file's parse
    cache = ParseCache(project / ".cache" / CACHE_NAME)
    marker = tmp_path / "code-ran"
    raw = (project / "data" / "people.yaml").read_bytes()
    key = cache.key("data/people.yaml", hashlib.sha256(raw).hexdigest())
    crafted = pickle.dumps(_RunsCode(marker))
    cache._path("yaml:data/people.yaml").write_bytes(
        f"{key} {hashlib.sha256(crafted).hexdigest()}\n".encode() + crafted
    )
    foreign = pickle.dumps(
        {"data": "not a LoadedYaml"}
    )  # the right header, the wrong kind of value
    projects_key = cache.key(
        "data/projects.yaml",
        hashlib.sha256((project / "data" / "projects.yaml").read_bytes()).hexdigest(),
    )
    cache._path("yaml:data/projects.yaml").write_bytes(
        f"{projects_key} {hashlib.sha256(foreign).hexdigest()}\n".encode() + foreign
    )
    inputs = read_inputs(Paths(project))
    assert not marker.exists()
    assert inputs.data is not None and [d.format() for d in inputs.problems] == []
    assert inputs.files["person"].data == load_data_files(project / "data", project)["person"].data
    again = ParseCache(project / ".cache" / CACHE_NAME)
    load_data_files(project / "data", project, again)
    assert again.misses == 0  # both were written again, good this time


def test_a_damaged_korean_words_cache_is_made_again(tmp_path: Path) -> None:
    import json

    from briefing.search import korean

    cache_file = tmp_path / korean.CACHE_NAME
    good = korean.Reader(cache_file)
    expected = good.read(["협력을"])
    good.save()
    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    key = next(iter(stored["readings"]))
    stored["readings"][key] = [None, 7, "not a list"]  # a damaged reading with the right version
    cache_file.write_text(json.dumps(stored), encoding="utf-8")
    damaged = korean.Reader(cache_file)
    assert damaged.readings == {}
    assert damaged.read(["협력을"]) == expected
    damaged.save()
    assert korean.Reader(cache_file).readings[key] == expected["협력을"]
    cache_file.write_text('{"version": "x", "readings": ', encoding="utf-8")  # cut short
    assert korean.Reader(cache_file).read(["협력을"]) == expected


def run_build_cli(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GITHUB_") and k != "SOURCE_DATE_EPOCH"
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"],
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=600,
    )


@pytest.mark.parametrize("value", ["soon", "-5", "1e9", "99999999999999999999", "\u0663\u0663"])
def test_a_bad_source_date_epoch_stops_the_build_with_a_message(value: str, project: Path) -> None:
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_bytes(b"the last good build\n")
    result = run_build_cli(project, {"SOURCE_DATE_EPOCH": value})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"build not started: SOURCE_DATE_EPOCH is {value!r}: "
        "it must be a whole number of seconds since 1970-01-01 UTC, "
        "from 0 to 253402300799 (e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)), or unset; "
        "site/ was not changed"
    ]
    assert snapshot(site) == {"index.html": b"the last good build\n"}


def test_without_git_the_dates_come_from_the_files_and_a_warning_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime

    from briefing.buildinfo import build_info

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    newest = datetime.datetime(2031, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    os.utime(project / "data" / "events.yaml", (newest.timestamp(), newest.timestamp()))
    info = build_info(project)
    assert info.timestamp == newest and info.commit == ""
    assert info.note == (
        "this folder is not a git checkout with commits: "
        "the site and the PDFs are dated 2031-03-04, the newest input file's modification date"
    )


@pytest.mark.build
def test_a_new_page_builds_into_a_linked_site_and_the_link_stays(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CONTRIBUTING's contact.md example, published outside the navigation;
    ``site`` a link into the web server's tree."""
    from briefing.pipeline import Paths, build

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for lang, text in (("en", "Write to the editors."), ("ko", "편집진에게 메일을 보내 주세요.")):
        (project / "content" / lang / "contact.md").write_text(
            "---\ntitle: Contact\ndescription: How to reach the editors.\n"
            f"updated: 2026-11-22\n---\n\n{text}\n",
            encoding="utf-8",
        )
    served = tmp_path / "www" / "briefing"
    served.mkdir(parents=True)
    (served / "old.html").write_text("the last good build\n", encoding="utf-8")
    (project / "site").symlink_to(served)
    report = build(Paths(project), parallel=False, books=False)
    assert (project / "site").is_symlink() and os.readlink(project / "site") == str(served)
    assert (served / "en" / "contact" / "index.html").is_file() and (
        served / "ko" / "contact" / "index.html"
    ).is_file()
    assert not (served / "old.html").exists()
    assert sorted(p.name for p in served.parent.iterdir()) == [
        "briefing"
    ]  # no build or previous folder left beside it
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []
    dates = [d.format() for d in report.warnings if d.field == "dates"]
    assert len(dates) == 1 and dates[0].startswith(
        ".:1:1: warning: dates: this folder is not a git checkout with commits: "
    )


def test_a_swap_cut_short_behind_a_site_link_is_undone(tmp_path: Path) -> None:
    """Killed between the two renames: the next build puts the old folder back behind the link."""
    from briefing.publish import BUILD_PREFIX, PREVIOUS_PREFIX, recover

    served = tmp_path / "www" / "briefing"
    (served.parent / f"{PREVIOUS_PREFIX}41").mkdir(parents=True)
    (served.parent / f"{PREVIOUS_PREFIX}41" / "index.html").write_text(
        "the last good build\n", encoding="utf-8"
    )
    (served.parent / f"{BUILD_PREFIX}41").mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / "site").symlink_to(served)
    recover(project / "site")
    assert (project / "site").is_symlink()
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "the last good build\n"
    assert sorted(p.name for p in served.parent.iterdir()) == ["briefing"]
