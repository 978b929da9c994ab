"""Shared fixtures: a private copy of the project's inputs, and a built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.pipeline import Paths, build

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("data", "content", "theme", "locale", "schemas", "mkdocs.yml")


def copy_project(target: Path) -> Path:
    """Copy the inputs of a build (not site/ or caches) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy(source, target / name)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the real content, safe to break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The real content, built once per test session."""
    paths = Paths(copy_project(tmp_path_factory.mktemp("built")))
    build(paths)
    return paths
