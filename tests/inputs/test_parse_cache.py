"""Parsed data kept in .cache/parsed/ by file hash: used only when nothing it came from changed."""

from __future__ import annotations

from pathlib import Path

from briefing.config import read_config
from briefing.diagnostics import has_errors
from briefing.inputs import Paths, read_inputs
from briefing.inputs.dataset import load_data_files, validate_data
from briefing.inputs.parse_cache import CACHE_NAME, ParseCache


def _load(project: Path) -> tuple[ParseCache, dict, list]:
    cache = ParseCache(project / ".cache" / CACHE_NAME)
    files = load_data_files(project / "data", project, cache)
    return cache, files, validate_data(files, read_config(project), cache)


def test_an_unchanged_file_is_not_parsed_again(project: Path) -> None:
    first_cache, first, first_problems = _load(project)
    assert first_cache.hits == 0
    cache, again, problems = _load(project)
    assert cache.misses == 0 and cache.hits == len(again) + 1  # every file and the data's checks
    for kind, loaded in first.items():
        assert again[kind].data == loaded.data, kind
        assert again[kind].positions == loaded.positions, kind
    assert problems == first_problems


def test_a_changed_file_is_read_again_and_only_it(project: Path) -> None:
    _load(project)
    projects = project / "data" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    first_id = text.split("- id: ", 1)[1].split("\n", 1)[0].strip()
    projects.write_text(
        text.replace(f"- id: {first_id}\n", f"- id: {first_id}-renamed\n", 1), encoding="utf-8"
    )
    cache, files, _problems = _load(project)
    assert cache.misses == 2  # projects.yaml and the checks of the data as a whole
    ids = [record["id"] for record in files["project"].data["projects"]]
    assert f"{first_id}-renamed" in ids and first_id not in ids


def test_an_error_comes_back_after_a_good_version_was_kept(project: Path) -> None:
    """Breaking a file that was cached while good: the message names the file,
    line and field as without a cache."""
    read_inputs(Paths(project))
    events = project / "data" / "events.yaml"
    good = events.read_text(encoding="utf-8")
    events.write_text(good.replace("start: 2019-04-21", "start: 21 April", 1), encoding="utf-8")
    cached = read_inputs(Paths(project)).problems
    uncached = validate_data(load_data_files(project / "data", project), read_config(project))
    assert has_errors(cached)
    assert [d for d in cached if d.file == "data/events.yaml"] == [
        d for d in uncached if d.file == "data/events.yaml"
    ]
    events.write_text(good, encoding="utf-8")
    assert not has_errors(read_inputs(Paths(project)).problems)


def test_a_damaged_cache_file_is_made_again(project: Path) -> None:
    _load(project)
    for kept in (project / ".cache" / CACHE_NAME).iterdir():
        kept.write_bytes(kept.read_bytes()[: len(kept.read_bytes()) // 2])
    cache, files, problems = _load(project)
    assert cache.hits == 0
    assert not has_errors(problems)
    assert files["project"].data == load_data_files(project / "data", project)["project"].data


def test_no_cache_folder_still_builds_the_inputs(project: Path) -> None:
    """A .cache/parsed that cannot be a folder (here: a file) only means nothing is kept."""
    (project / ".cache").mkdir()
    (project / ".cache" / CACHE_NAME).write_text("not a folder", encoding="utf-8")
    inputs = read_inputs(Paths(project))
    assert inputs.data is not None and not has_errors(inputs.problems)
    assert (project / ".cache" / CACHE_NAME).read_text(encoding="utf-8") == "not a folder"


def test_a_key_covers_the_file_name_and_the_bytes() -> None:
    cache = ParseCache(None)
    assert cache.key("data/a.yaml", b"x: 1") != cache.key("data/b.yaml", b"x: 1")
    assert cache.key("data/a.yaml", b"x: 1") != cache.key("data/a.yaml", b"x: 2")
    assert cache.key("ab", "c") != cache.key("a", "bc")


def test_checks_that_found_errors_are_made_again(project: Path) -> None:
    """Problems of invalid data are worded by jsonschema, whose version the key leaves out:
    they are never kept."""
    projects = project / "data" / "projects.yaml"
    projects.write_text(
        projects.read_text(encoding="utf-8").replace("sector: ", "sector: 42  # ", 1),
        encoding="utf-8",
    )
    _cache, _files, first = _load(project)
    assert has_errors(first)
    cache, _files, again = _load(project)
    assert (
        cache.misses == 1 and again == first
    )  # the files come back from the cache, their checks do not
