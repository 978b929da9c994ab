"""Stages load and validate: read ``data/`` and ``content/`` and find every problem in them.

Kept apart from ``pipeline.py`` so that ``build.py check`` imports only what it
runs (no engine, templates or PDF code) and stays fast enough to run on save.
"""

from __future__ import annotations

import difflib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from briefing.config import CONFIG_FILE, Briefing, ConfigError, read_config
from briefing.diagnostics import N_, Diagnostic, InputError, Message, error, has_errors
from briefing.inputs.content import ContentPage, read_content
from briefing.inputs.dataset import build_dataset, load_data_files, validate_data
from briefing.inputs.input_files import scan_inputs
from briefing.inputs.load import LoadedYaml
from briefing.inputs.markdown_checks import check_pages
from briefing.inputs.parse_cache import CACHE_NAME as PARSE_CACHE
from briefing.inputs.parse_cache import ParseCache
from briefing.model import Dataset

# What a build reads, relative to the project root (everything else is output or tooling).
BUILD_INPUTS = ("briefing.yml", "data", "content", "theme", "locale", "schemas", "mkdocs.yml")


def copy_build_inputs(source: Path, target: Path) -> Path:
    """Copy a project's build inputs (not site/ or caches) into ``target``:
    for tests and benchmarks."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BUILD_INPUTS:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.exists():
            shutil.copy(path, target / name)
    return target


@dataclass(frozen=True)
class Paths:
    """Where the project's inputs and outputs are."""

    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def theme_dir(self) -> Path:
        return self.root / "theme"

    @property
    def locale_dir(self) -> Path:
        return self.root / "locale"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"

    @property
    def briefing(self) -> Briefing:
        """The briefing's identity (``briefing.yml``); ``ConfigError`` if it is missing or wrong."""
        return read_config(self.root)


def content_parity(
    content: dict[str, dict[str, ContentPage]], briefing: Briefing
) -> list[Diagnostic]:
    """Every page exists in every language under the same path."""
    found = []
    for lang in briefing.codes:
        for other in briefing.others(lang):
            # the other language's pages that this one lacks: a misspelt name is among them
            unmatched = sorted(set(content[other.code]) - set(content[lang]))
            for path, page in content[lang].items():
                if path not in content[other.code]:
                    close = difflib.get_close_matches(path, unmatched, n=1, cutoff=0.75)
                    values = {
                        "language": briefing.language_name(other.code),
                        "path": f"content/{other.code}/{path}",
                        "close": f"content/{other.code}/{close[0]}" if close else "",
                    }
                    found.append(
                        error(
                            page.file,
                            1,
                            1,
                            Message(NO_OTHER_VERSION, **values),
                            Message(MISNAMED_HINT if close else NO_OTHER_VERSION_HINT, **values),
                        )
                    )
    return found


NO_OTHER_VERSION = N_("page has no {language} version")
NO_OTHER_VERSION_HINT = N_("add {path}")
MISNAMED_HINT = N_(
    "is it {close}, under another name? a page has the same file name in every language; "
    "else add {path}"
)
NO_SUCH_EVENT = N_("no event with id '{id}' in data/events.yaml")
NO_SUCH_EVENT_HINT = N_("event narratives are named after an event id")
NO_SUCH_EVENT_CLOSE_HINT = N_(
    "did you mean '{close}.md'? event narratives are named after an event id"
)


@dataclass
class Inputs:
    """Everything read from ``data/`` and ``content/``, and every problem found in it."""

    files: dict[str, LoadedYaml]  # record kind -> parsed data file, with positions
    data: Dataset | None  # None when the data has errors
    content: dict[str, dict[str, ContentPage]]
    problems: list[Diagnostic]
    briefing: Briefing | None = None  # None when briefing.yml could not be read

    def checked(self) -> tuple[Dataset, dict[str, dict[str, ContentPage]], list[Diagnostic]]:
        """Data, content and warnings;
        raise ``InputError`` with every problem if any is an error."""
        if has_errors(self.problems) or self.data is None:
            raise InputError(self.problems)
        return self.data, self.content, self.problems


def config_key_line(root: Path, key: str) -> int:
    """The line of the top-level ``key`` in briefing.yml, else 1."""
    if not (root / CONFIG_FILE).is_file():
        return 1
    lines = (root / CONFIG_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
    return next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), 1)


def config_problem(exc: ConfigError, root: Path) -> Diagnostic:
    """The problem at the line of the top-level key it names ('site_url'),
    else at the file's start."""
    message = exc.message
    key = re.search(r"'(\w+)'", message)
    line = config_key_line(root, key.group(1)) if key else 1
    return error(
        CONFIG_FILE,
        line,
        1,
        message,
        Message("see the README, 'Your own briefing'"),
        key.group(1) if key else "",
    )


def read_briefing(paths: Paths) -> Briefing:
    """The briefing's identity; ``InputError`` naming briefing.yml if it cannot be read."""
    try:
        return paths.briefing
    except ConfigError as exc:
        raise InputError([config_problem(exc, paths.root)]) from None


def read_inputs(paths: Paths) -> Inputs:
    """Stages load and validate, going on past problems so that all of them are reported at once."""
    try:
        briefing = paths.briefing
    except ConfigError as exc:  # nothing can be judged without the languages
        return Inputs({}, None, {}, [config_problem(exc, paths.root)])
    cache = ParseCache(paths.cache_dir / PARSE_CACHE)
    files = load_data_files(paths.data_dir, paths.root, cache)
    problems = validate_data(files, briefing, cache)
    data = None if has_errors(problems) else build_dataset(files)
    content, content_problems = read_content(paths.content_dir, paths.root, briefing.codes)
    problems.extend(content_problems)
    problems.extend(content_parity(content, briefing))
    problems.extend(check_pages(content, files, paths.theme_dir, paths.content_dir, briefing.codes))
    if data is not None:
        problems.extend(_narratives_match_records(data, content))
    # links, devices and pipes anywhere in the inputs
    # (theme/, locale/… too: the engine reads and copies them);
    # a page or data file refused by its reader is refused here in the same words: listed once
    problems.extend(scan_inputs(paths.root, BUILD_INPUTS))
    return Inputs(files, data, content, list(dict.fromkeys(problems)), briefing)


def load_inputs(
    paths: Paths,
) -> tuple[Dataset, dict[str, dict[str, ContentPage]], list[Diagnostic]]:
    """Stages load and validate: raise ``InputError`` with every problem found."""
    return read_inputs(paths).checked()


def _narratives_match_records(
    data: Dataset, content: dict[str, dict[str, ContentPage]]
) -> list[Diagnostic]:
    found = []
    for pages in content.values():
        for path, page in pages.items():
            rid = path.removeprefix("events/").removesuffix(".md")
            if path.startswith("events/") and rid not in data.events:
                close = difflib.get_close_matches(rid, list(data.events), n=1, cutoff=0.6)
                values = {"id": rid, "close": close[0] if close else ""}
                found.append(
                    error(
                        page.file,
                        1,
                        1,
                        Message(NO_SUCH_EVENT, **values),
                        Message(
                            NO_SUCH_EVENT_CLOSE_HINT if close else NO_SUCH_EVENT_HINT, **values
                        ),
                    )
                )
            if path.startswith("projects/"):
                found.append(
                    error(
                        page.file,
                        1,
                        1,
                        Message("projects/ pages are generated from data/projects.yaml"),
                        Message("put the text in the project's summary"),
                    )
                )
    return found
