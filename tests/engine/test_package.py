"""The briefing as an installable package: its wheel, its MkDocs plugin and command,
and a fresh install.

The fresh install (``pip install .`` into a new virtual environment, then
``briefing check``) needs the package index, or pip's
cache: it is marked ``network`` and skipped with ``-m "not network"``.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT, copy_project

PACKAGE = ROOT / "briefing"


def _copy_package_source(target: Path) -> Path:
    """What a build of the package reads, outside the working tree
    (setuptools writes build/ and *.egg-info beside it)."""
    target.mkdir()
    shutil.copytree(PACKAGE, target / "briefing", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    """The package's wheel, built with this environment's setuptools (requirements.txt)."""
    source = _copy_package_source(tmp_path_factory.mktemp("source") / "briefing")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [path] = out.glob("briefing-*.whl")
    with zipfile.ZipFile(path) as archive:
        yield archive


def test_the_wheel_holds_every_module_and_the_files_the_package_reads(
    wheel: zipfile.ZipFile,
) -> None:
    names = set(wheel.namelist())
    modules = {
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert modules <= names, sorted(modules - names)
    assert (
        "briefing/engine/search_worker.js" in names
    )  # read from the package folder by search/index.py
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "content/", "data/"))]


def test_the_wheel_registers_the_plugin_and_the_command(wheel: zipfile.ZipFile) -> None:
    [entry_points] = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "[mkdocs.plugins]\nbriefing = briefing.engine.plugin:BriefingPlugin" in text
    assert "[console_scripts]\nbriefing = briefing.__main__:main" in text


def test_mkdocs_finds_the_plugin_in_this_environment() -> None:
    """scripts/setup.sh installs the package (``pip install -e .``):
    MkDocs loads plugins by entry point only."""
    from mkdocs.plugins import BasePlugin, get_plugins

    from briefing.engine.plugin import BriefingPlugin

    found = get_plugins().get("briefing")
    assert found is not None, (
        "the briefing plugin is not installed: run scripts/setup.sh (pip install --no-deps -e .)"
    )
    assert found.load() is BriefingPlugin
    assert issubclass(BriefingPlugin, BasePlugin)
    assert importlib.metadata.entry_points(group="console_scripts", name="briefing")


def _site_search_documents(site_dir: Path, lang: str) -> list[dict]:
    return json.loads(
        (site_dir / lang / "search" / "search_index.json").read_text(encoding="utf-8")
    )["docs"]


@pytest.mark.build
def test_serve_rebuilds_start_the_plugin_afresh(project: Path) -> None:
    """The warm engine processes of ``build.py serve`` keep modules loaded between rebuilds:
    a page's old text must leave the search index when the page changes."""
    from briefing.commands.serve import Workers, rebuild
    from briefing.config import read_config
    from briefing.pipeline import Paths

    paths = Paths(project)
    page = project / "content" / "en" / "about.md"
    original = page.read_text(encoding="utf-8")
    workers = Workers(read_config(project).codes)
    try:
        assert rebuild(paths, workers)
        first = _site_search_documents(paths.site_dir, "en")
        page.write_text(original + "\n\nQuokkafinch was here.\n", encoding="utf-8")
        assert rebuild(paths, workers)
        edited = _site_search_documents(paths.site_dir, "en")
        page.write_text(original, encoding="utf-8")
        assert rebuild(paths, workers)
        again = _site_search_documents(paths.site_dir, "en")
    finally:
        workers.close()
    assert sum("Quokkafinch" in d["text"] for d in edited) == 1
    assert len(edited) == len(first)
    assert again == first


def _venv_python(directory: Path) -> Path:
    return directory / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.mark.pdf  # builds with the books
@pytest.mark.network
def test_pip_install_gives_a_working_command(tmp_path: Path) -> None:
    """``pip install .`` into a new virtual environment (dependencies from the index, at the
    locked versions), then the ``briefing`` command checks a copy of the real content."""
    source = _copy_package_source(tmp_path / "source")
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = _venv_python(environment)
    install = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-c",
            str(ROOT / "requirements.txt"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if install.returncode != 0 and "Could not find a version" in install.stderr + install.stdout:
        pytest.skip("the package index cannot be reached")
    assert install.returncode == 0, install.stderr
    command = python.parent / "briefing"
    briefing = copy_project(tmp_path / "briefing")
    outside = {**os.environ, "PYTHONPATH": ""}  # the installed package, not this checkout
    # --root relative to the current folder, as one types it
    check = subprocess.run(
        [str(command), "--root", briefing.name, "check"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=outside,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    # The build in a fresh environment, books included, is the editors' set-up test
    # (tests/test_editor_setup.py); the wheel's files are asserted above.
