"""The build, stage by stage: load → validate → derive → render → publish."""

from __future__ import annotations

import shutil
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import engine
from .book import build_books
from .content import ContentPage, read_content
from .dataset import build_dataset, load_data_files, validate_data
from .diagnostics import Diagnostic, InputError, error, has_errors
from .headers import secure_site
from .i18n import LANGUAGE_CODES, N_, NATIVE_NAMES, load_language
from .load import LoadedYaml
from .markdown_checks import check_pages
from .model import Dataset
from .opendata import Publication, write_open_data
from .publish import build_lock, new_build_dir, recover, swap_in
from .render import PageRenderer, write_pages
from .urls import PAGES, page_source_path
from .visuals import read_outline


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


@dataclass
class BuildReport:
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    engine_warnings: dict[str, list[str]] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)


NAV = ((N_("Home"), "home"), (N_("Timeline"), "timeline"), (N_("Projects"), "projects"), (N_("Organizations"), "organizations"), (N_("Sources"), "sources"), (N_("Downloads"), "downloads"), (N_("About"), "about"))


def content_parity(content: dict[str, dict[str, ContentPage]]) -> list[Diagnostic]:
    """Every page exists in both languages under the same path."""
    found = []
    for lang in LANGUAGE_CODES:
        for other in LANGUAGE_CODES:
            if other == lang:
                continue
            for path, page in content[lang].items():
                if path not in content[other]:
                    found.append(error(page.file, 1, 1, f"page has no {NATIVE_NAMES[other]} version", f"add content/{other}/{path}"))
    return found


@dataclass
class Inputs:
    """Everything read from ``data/`` and ``content/``, and every problem found in it."""

    files: dict[str, LoadedYaml]  # record kind -> parsed data file, with positions
    data: Dataset | None  # None when the data has errors
    content: dict[str, dict[str, ContentPage]]
    problems: list[Diagnostic]


def read_inputs(paths: Paths) -> Inputs:
    """Stages load and validate, going on past problems so that all of them are reported at once."""
    files = load_data_files(paths.data_dir, paths.root)
    problems = validate_data(files)
    data = None if has_errors(problems) else build_dataset(files)
    content, content_problems = read_content(paths.content_dir, paths.root)
    problems.extend(content_problems)
    problems.extend(content_parity(content))
    problems.extend(check_pages(content, files, paths.theme_dir, paths.content_dir))
    if data is not None:
        problems.extend(_narratives_match_records(data, content))
    return Inputs(files, data, content, problems)


def load_inputs(paths: Paths) -> tuple[Dataset, dict[str, dict[str, ContentPage]], list[Diagnostic]]:
    """Stages load and validate: raise ``InputError`` with every problem found."""
    inputs = read_inputs(paths)
    if has_errors(inputs.problems) or inputs.data is None:
        raise InputError(inputs.problems)
    return inputs.data, inputs.content, inputs.problems


def _narratives_match_records(data: Dataset, content: dict[str, dict[str, ContentPage]]) -> list[Diagnostic]:
    found = []
    for pages in content.values():
        for path, page in pages.items():
            if path.startswith("events/") and path.removeprefix("events/").removesuffix(".md") not in data.events:
                found.append(error(page.file, 1, 1, f"no event with id '{path.removeprefix('events/').removesuffix('.md')}' in data/events.yaml", "event narratives are named after an event id"))
            if path.startswith("projects/"):
                found.append(error(page.file, 1, 1, "projects/ pages are generated from data/projects.yaml", "put the text in the project's summary"))
    return found


def language_builds(paths: Paths, stage_dir: Path, out_dir: Path, strict: bool = True) -> list[engine.LanguageBuild]:
    builds = []
    for code in LANGUAGE_CODES:
        lang = load_language(code, paths.locale_dir)
        nav = tuple((lang.gettext(title), page_source_path(PAGES[key])) for title, key in NAV)
        builds.append(engine.LanguageBuild(
            lang=code, root=str(paths.root), docs_dir=str(stage_dir / code), site_dir=str(out_dir / code),
            site_name=lang.gettext("Korea–Kazakhstan Economic Cooperation Briefing"), nav=nav, strict=strict,
        ))
    return builds


def render_stage(paths: Paths, data: Dataset, content: dict[str, dict[str, ContentPage]], stage_dir: Path) -> dict[str, int]:
    """Write each language's Markdown pages into ``stage_dir/<lang>``."""
    counts = {}
    shutil.rmtree(stage_dir, ignore_errors=True)
    languages = {code: load_language(code, paths.locale_dir) for code in LANGUAGE_CODES}
    publication = Publication(engine.site_base_url(paths.root), languages)
    outline = read_outline(paths.data_dir)
    for code, lang in languages.items():
        pages = PageRenderer(data, content[code], lang, paths.theme_dir, publication, outline).pages()
        write_pages(pages, stage_dir / code)
        # downloads and the feed sit beside the pages; the engine copies them as they are
        write_open_data(data, lang, publication, stage_dir / code)
        counts[code] = len(pages)
    return counts


def write_chooser(paths: Paths, out_dir: Path) -> None:
    """``site/index.html``: plain links to both languages; a script picks by browser language."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths.theme_dir / "chooser"), autoescape=True)
    languages = [load_language(code, paths.locale_dir) for code in LANGUAGE_CODES]
    html = env.get_template("index.html").render(
        languages=[{"code": lang.code, "name": lang.native_name, "title": lang.gettext("Korea–Kazakhstan Economic Cooperation Briefing")} for lang in languages]
    )
    (out_dir / "index.html").write_text(html, encoding="utf-8")
    shutil.copy(paths.theme_dir / "chooser" / "chooser.js", out_dir / "chooser.js")


def build(paths: Paths, parallel: bool = True, workers: Executor | None = None) -> BuildReport:
    """Build everything into a fresh folder and swap it in only if all of it succeeded.

    ``workers``: processes kept warm by ``build.py serve`` (see ``engine.warm_workers``).
    """
    report = BuildReport()
    with build_lock(paths.cache_dir):
        recover(paths.site_dir)
        started = time.perf_counter()
        data, content, warnings = load_inputs(paths)
        report.warnings = warnings
        report.timings["load+validate"] = time.perf_counter() - started

        started = time.perf_counter()
        stage_dir = paths.cache_dir / "stage"
        report.pages = render_stage(paths, data, content, stage_dir)
        report.timings["render pages"] = time.perf_counter() - started

        out_dir = new_build_dir(paths.site_dir)
        try:
            started = time.perf_counter()
            report.engine_warnings = engine.build_languages(language_builds(paths, stage_dir, out_dir), parallel=parallel, workers=workers)
            report.timings["mkdocs (both languages)"] = time.perf_counter() - started
            write_chooser(paths, out_dir)
            started = time.perf_counter()
            build_books(paths.root, data, content, out_dir, parallel=parallel)
            report.timings["pdf books (both languages)"] = time.perf_counter() - started
            secure_site(out_dir)  # last before the swap: it hashes the finished pages' inline scripts
            swap_in(out_dir, paths.site_dir)
        except BaseException:
            shutil.rmtree(out_dir, ignore_errors=True)
            raise
    return report
