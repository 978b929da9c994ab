"""The build, stage by stage: load → validate → derive → render → publish."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import engine, korean, search
from .book import build_books
from .content import ContentPage
from .diagnostics import Diagnostic, InputError
from .headers import secure_site
from .i18n import LANGUAGE_CODES, N_, load_language
from .inputs import Inputs, Paths, content_parity, load_inputs, read_inputs  # noqa: F401 (the build's stages 1-2, re-exported)
from .model import Dataset
from .opendata import Publication, write_open_data
from .publish import build_lock, new_build_dir, recover, swap_in
from .render import PageRenderer, write_pages
from .staleness import start_history, translation_staleness
from .urls import PAGES, page_source_path
from .visuals import read_outline


@dataclass
class BuildReport:
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    engine_warnings: dict[str, list[str]] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)


NAV = ((N_("Home"), "home"), (N_("Timeline"), "timeline"), (N_("Projects"), "projects"), (N_("Organizations"), "organizations"), (N_("Sources"), "sources"), (N_("Downloads"), "downloads"), (N_("About"), "about"))


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


def render_language(paths: Paths, data: Dataset, content: dict[str, ContentPage], code: str, stage_dir: Path,
                    stale: dict[str, str] | None = None) -> int:
    """Write one language's Markdown pages into ``stage_dir/<code>``; ``stale``: pages whose other language is newer.

    Returns the number of pages. Runs in the language's engine process when
    there is one, so both languages render at once.
    """
    languages = {c: load_language(c, paths.locale_dir) for c in LANGUAGE_CODES}
    publication = Publication(engine.site_base_url(paths.root), languages)
    pages = PageRenderer(data, content, languages[code], paths.theme_dir, publication, read_outline(paths.data_dir), stale=stale).pages()
    shutil.rmtree(stage_dir / code, ignore_errors=True)
    write_pages(pages, stage_dir / code)
    # downloads and the feed sit beside the pages; the engine copies them as they are
    write_open_data(data, languages[code], publication, stage_dir / code)
    return len(pages)


def render_stage(paths: Paths, data: Dataset, content: dict[str, dict[str, ContentPage]], stage_dir: Path,
                 stale: dict[str, dict[str, str]] | None = None, workers: engine.LanguageWorkers | None = None) -> dict[str, int]:
    """Every language's pages into ``stage_dir``: each in its worker from ``engine.warm_workers``, else one after the other."""
    stale = stale or {}
    if workers is None:
        return {code: render_language(paths, data, content[code], code, stage_dir, stale.get(code)) for code in LANGUAGE_CODES}
    futures = {code: workers.submit_for(code, render_language, paths, data, content[code], code, stage_dir, stale.get(code))
               for code in LANGUAGE_CODES}
    return {code: future.result() for code, future in futures.items()}


def staged_texts(stage_dir: Path) -> list[str]:
    """The staged Markdown of every language: nearly every word the search indexes will hold."""
    return [path.read_text(encoding="utf-8") for path in sorted(stage_dir.rglob("*.md"))]


def write_chooser(paths: Paths, out_dir: Path) -> None:
    """``site/index.html``: plain links to both languages; a script picks by browser language."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths.theme_dir / "chooser"), autoescape=True)
    languages = [load_language(code, paths.locale_dir) for code in LANGUAGE_CODES]
    html = env.get_template("index.html").render(
        languages=[{"code": lang.code, "name": lang.native_name, "title": lang.gettext("Korea–Kazakhstan Economic Cooperation Briefing")} for lang in languages]
    )
    (out_dir / "index.html").write_text(html, encoding="utf-8")
    shutil.copy(paths.theme_dir / "chooser" / "chooser.js", out_dir / "chooser.js")


def build(paths: Paths, parallel: bool = True, workers: engine.LanguageWorkers | None = None, books: bool = True) -> BuildReport:
    """Build everything into a fresh folder and swap it in only if all of it succeeded.

    ``workers``: processes kept warm by ``build.py serve`` (see ``engine.warm_workers``);
    ``books=False`` (the preview) leaves out the PDFs, which take longer than all the HTML.
    """
    report = BuildReport()
    own_workers = workers is None and parallel and engine.can_build_in_parallel(len(LANGUAGE_CODES))
    if own_workers:  # started first: the engine imports in them while this process reads and renders
        workers = engine.warm_workers(LANGUAGE_CODES)
    try:
        # the engine's processes are done before the PDF books; their memory goes back before the books peak
        _build(paths, report, parallel, workers, books, release_workers=workers.shutdown if own_workers else None)
    except BaseException:
        if own_workers:
            workers.shutdown(wait=False, cancel_futures=True)
        raise
    if own_workers:
        workers.shutdown()
    return report


def give_back_memory() -> None:
    """Return freed memory to the system (malloc_trim), so the PDF processes started next can have it."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _build(paths: Paths, report: BuildReport, parallel: bool, workers: engine.LanguageWorkers | None, books: bool, release_workers=None) -> None:
    with build_lock(paths.cache_dir):
        recover(paths.site_dir)
        started = time.perf_counter()
        git = start_history(paths.root)  # git reads the history on the other core while the files are read
        inputs = read_inputs(paths)
        try:
            data, content, warnings = inputs.checked()
        except InputError:
            git.stop()
            raise
        stale = translation_staleness(paths.root, inputs.files, content, git)
        del inputs  # the parsed files and their positions: only the checks and the staleness need them
        report.warnings = warnings + stale.diagnostics
        report.timings["load+validate"] = time.perf_counter() - started

        started = time.perf_counter()
        stage_dir = paths.cache_dir / "stage"
        report.pages = render_stage(paths, data, content, stage_dir, stale.notices, workers)
        report.timings["render pages"] = time.perf_counter() - started

        out_dir = new_build_dir(paths.site_dir)
        try:
            started = time.perf_counter()
            reader = korean.reader(paths.cache_dir)
            report.engine_warnings = engine.build_languages(
                language_builds(paths, stage_dir, out_dir), workers=workers,
                meanwhile=lambda: search.read_ahead(data, staged_texts(stage_dir), reader),
            )
            report.timings["mkdocs (both languages)"] = time.perf_counter() - started
            started = time.perf_counter()
            for code in LANGUAGE_CODES:
                search.write_search(out_dir / code, data, reader)
            reader.save()
            report.timings["search"] = time.perf_counter() - started
            write_chooser(paths, out_dir)
            if books:
                reader.release_kiwi()  # not copied into the PDF processes; build.py serve (no books) keeps it
                if release_workers is not None:
                    release_workers()
                give_back_memory()  # Kiwi and the search stage's leftovers: about 120 MB at 1,000 projects
                started = time.perf_counter()
                build_books(paths.root, data, content, out_dir, parallel=parallel)
                report.timings["pdf books (both languages)"] = time.perf_counter() - started
            secure_site(out_dir)  # last before the swap: it hashes the finished pages' inline scripts
            swap_in(out_dir, paths.site_dir)
        except BaseException:
            shutil.rmtree(out_dir, ignore_errors=True)
            raise
