"""Publishing never loses the last good site.

A failed build, a build killed with SIGKILL in the middle, and a second
build started while one runs all leave the previous ``site/`` byte for byte
as it was; the next run removes what the killed one left; a build writes
nowhere but ``site/``, its ``.site-build-*`` folder and ``.cache/``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing import __main__ as cli
from briefing import publish
from briefing.engine import EngineError
from briefing.pipeline import Paths
from tests.helpers import copy_project

ROOT = Path(__file__).resolve().parents[2]
BUILD = [sys.executable, str(ROOT / "build.py")]


def tree(directory: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file and folder under ``directory`` (relative path → sha256 of the bytes, or 'dir')."""
    found = {}
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory).as_posix()
        if rel.split("/")[0] in skip:
            continue
        found[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob(".site-*"))


def run_build(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*BUILD, "--root", str(root), "build"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


@pytest.fixture
def with_old_site(project: Path, built: Paths) -> Path:
    """A project whose site/ is a complete earlier build."""
    shutil.copytree(built.site_dir, project / "site")
    return project


def test_bad_input_leaves_the_previous_site_byte_identical(with_old_site: Path) -> None:
    before = tree(with_old_site / "site")
    events = with_old_site / "data" / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace("start: 2019-09-27", "start: 2019.09.27", 1),
        encoding="utf-8",
    )
    done = run_build(with_old_site)
    assert done.returncode == 1
    assert "data/events.yaml:" in done.stderr and "date must be written YYYY-MM-DD" in done.stderr
    assert "site/ was not changed" in done.stderr
    assert tree(with_old_site / "site") == before
    assert leftovers(with_old_site) == []


def fake_engine_writing_half_a_site(builds, **_options):
    """The engine gets half-way, writing pages into the build folder, then fails."""
    half = Path(builds[0].site_dir)
    half.mkdir(parents=True)
    (half / "index.html").write_text("<p>half a page", encoding="utf-8")
    raise EngineError(
        f"{builds[0].lang}: Doc file 'about.md' contains a link 'nowhere.md', "
        "but the target is not found"
    )


def fake_engine_writing_a_site(builds, **_options):
    for build in builds:
        Path(build.site_dir).mkdir(parents=True)
        (Path(build.site_dir) / "index.html").write_text(
            "<html><head></head><body>new</body></html>", encoding="utf-8"
        )
        (
            Path(build.site_dir) / "search"
        ).mkdir()  # and the search plugin's index, as MkDocs writes it
        (Path(build.site_dir) / "search" / "search_index.json").write_text(
            '{"config": {"fields": {}}, "docs": []}', encoding="utf-8"
        )
    return {build.lang: [] for build in builds}


def disk_full(_site_dir: Path) -> str:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (
            {"engine.build_languages": fake_engine_writing_half_a_site},
            "build stopped: the site engine reported problems; site/ was not changed",
        ),
        (
            {
                "engine.build_languages": fake_engine_writing_a_site,
                "build_books": lambda *a, **k: [],
                "secure_site": disk_full,
            },
            "build stopped: [Errno 28] No space left on device; site/ was not changed",
        ),
    ],
    ids=["engine-fails-half-way", "disk-full-before-the-swap"],
)
def test_a_failure_after_output_was_written_leaves_the_previous_site(
    with_old_site: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    failure: dict,
    message: str,
) -> None:
    from briefing import pipeline

    for name, replacement in failure.items():
        owner, _, attribute = name.rpartition(".")
        monkeypatch.setattr(getattr(pipeline, owner) if owner else pipeline, attribute, replacement)
    before = tree(with_old_site / "site")
    assert cli.main(["--root", str(with_old_site), "build"]) == 1
    assert message in capsys.readouterr().err
    assert tree(with_old_site / "site") == before
    assert leftovers(with_old_site) == []


def test_a_failed_rename_during_the_swap_puts_the_old_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "en" / "index.html").write_text("old", encoding="utf-8")
    fresh = publish.new_build_dir(site)
    (fresh / "index.html").write_text("new", encoding="utf-8")
    before = tree(site)
    real_rename = Path.rename

    def second_rename_fails(self: Path, target):
        if self == fresh:
            raise OSError(5, "Input/output error")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", second_rename_fails)
    with pytest.raises(OSError):
        publish.swap_in(fresh, site)
    assert tree(site) == before


def test_recover_restores_a_site_left_half_swapped(tmp_path: Path) -> None:
    """A kill between the two renames of the swap leaves site/ missing;
    the next run puts it back."""
    previous = tmp_path / ".site-previous-4242"
    (previous / "en").mkdir(parents=True)
    (previous / "en" / "index.html").write_text("last good", encoding="utf-8")
    (tmp_path / ".site-build-4242" / "ko").mkdir(parents=True)
    publish.recover(tmp_path / "site")
    assert (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8") == "last good"
    assert leftovers(tmp_path) == []


# -- a real build process, killed ------------------------------------------------
def wait_for(condition, what: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


def entries_in_build_folders(root: Path) -> int:
    return sum(1 for folder in root.glob(".site-build-*") for _ in folder.rglob("*"))


def group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


FIXTURE_TIERS = {"killed_build": "pdf"}  # tests/conftest.py: the tier of a test using it


@pytest.fixture(scope="module")
def killed_build(
    built: Paths, built_books: Paths, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    """Start a build, stop it while the engine writes, try a second build, kill the first,
    then build again.

    The build runs with its own empty TMPDIR and HOME so writes outside the
    project show up too. The run's ``.cache/`` is kept: the next build takes its PDFs
    from there instead of laying them out again.
    """
    work = tmp_path_factory.mktemp("kill")
    root = copy_project(work / "project")
    shutil.copytree(built.site_dir, root / "site")
    shutil.copytree(built_books.cache_dir, root / ".cache")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(TMPDIR=str(work / "tmp"), HOME=str(work / "home"))
    (work / "tmp").mkdir()
    (work / "home").mkdir()
    record: dict = {
        "root": root,
        "old_site": tree(root / "site"),
        "inputs": tree(root, skip=("site", ".cache")),
        "work": work,
    }

    log = (work / "first.log").open("w")
    started = time.monotonic()
    first = subprocess.Popen(
        [*BUILD, "--root", str(root), "build"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        # The engine is running once it has written into the build folder.
        wait_for(
            lambda: entries_in_build_folders(root) > 0 or first.poll() is not None,
            "the engine to write its first files",
        )
        assert first.poll() is None, "the build finished before it could be stopped"
        os.kill(first.pid, signal.SIGSTOP)
        record["building_into"] = leftovers(root)
        record["written"] = entries_in_build_folders(root)
        print(
            f"stopped build {first.pid} after {time.monotonic() - started:.1f} s "
            f"with {record['written']} entries in {record['building_into']}"
        )
        record["second"] = run_build(root, env)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=60)
        record["first_status"] = first.returncode
        wait_for(
            lambda: group_gone(first.pid), "the killed build's worker processes to end", timeout=120
        )
    finally:
        if not group_gone(first.pid):
            os.killpg(first.pid, signal.SIGKILL)
        log.close()
    record["site_after_kill"] = tree(root / "site")
    record["left_after_kill"] = leftovers(root)
    record["next"] = run_build(root, env)
    record["left_after_next"] = leftovers(root)
    return record


def test_a_build_killed_mid_way_leaves_the_old_site_byte_identical(killed_build: dict) -> None:
    assert killed_build["first_status"] == -signal.SIGKILL
    assert killed_build["written"] > 0, "the build was killed before the engine wrote anything"
    assert killed_build["site_after_kill"] == killed_build["old_site"]


def test_a_second_build_is_refused_while_one_runs(killed_build: dict) -> None:
    second = killed_build["second"]
    assert second.returncode == 2
    assert "build not started: another build is running (process" in second.stderr
    assert "Traceback" not in second.stderr


def test_the_next_run_removes_what_the_killed_build_left_and_publishes(killed_build: dict) -> None:
    assert killed_build["left_after_kill"], (
        "the killed build left nothing to clean up: the test did not kill it mid-way"
    )
    nxt = killed_build["next"]
    assert nxt.returncode == 0, nxt.stderr
    assert killed_build["left_after_next"] == []
    assert (killed_build["root"] / "site" / "en" / "index.html").is_file()


def test_a_build_writes_only_site_its_build_folder_and_cache(killed_build: dict) -> None:
    root = killed_build["root"]
    assert tree(root, skip=("site", ".cache")) == killed_build["inputs"], (
        "content/, data/ or another input changed"
    )
    assert {p.name for p in root.iterdir()} <= {*killed_build["inputs"], "site", ".cache"}
    work = killed_build["work"]
    assert list((work / "tmp").iterdir()) == [], "files left in TMPDIR"
    assert list((work / "home").rglob("*")) == [], "files written under HOME"
