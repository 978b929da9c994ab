"""The build, stage by stage: load → validate → derive → render → publish."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from briefing import engine
from briefing.books.book import build_books
from briefing.books.bookparts import give_back_memory
from briefing.buildinfo import build_info
from briefing.diagnostics import Diagnostic, InputError, warning
from briefing.html.headers import secure_site
from briefing.inputs import Inputs, Paths, content_parity, load_inputs, read_briefing, read_inputs  # noqa: F401 (the build's stages 1-2, re-exported)
from briefing.inputs.content import ContentPage
from briefing.inputs.staleness import start_history, translation_staleness
from briefing.model import Dataset
from briefing.publish import build_lock, new_build_dir, recover, swap_in
from briefing.render import PageRenderer, write_pages
from briefing.search import index as search
from briefing.search import korean
from briefing.views.i18n import N_, load_language, load_languages
from briefing.views.opendata import Publication, write_open_data
from briefing.views.scripts import language_css
from briefing.views.urls import PAGES, page_source_path
from briefing.views.visuals import read_outline


@dataclass
class BuildReport:
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    engine_warnings: dict[str, list[str]] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)


LANGUAGE_CSS = "assets/languages.css"
NAV = ((N_("Home"), "home"), (N_("Timeline"), "timeline"), (N_("Projects"), "projects"), (N_("Organizations"), "organizations"), (N_("Sources"), "sources"), (N_("Downloads"), "downloads"), (N_("About"), "about"))


def language_builds(paths: Paths, stage_dir: Path, out_dir: Path, strict: bool = True,
                    content: dict[str, dict[str, ContentPage]] | None = None) -> list[engine.LanguageBuild]:
    """The engine's task per language; ``content``: the editors' pages, those outside ``NAV`` published as not in the nav."""
    builds = []
    briefing = paths.briefing
    for code in briefing.codes:
        lang = load_language(code, paths.root)
        nav = tuple((lang.gettext(title), page_source_path(PAGES[key])) for title, key in NAV)
        in_nav = {path for _title, path in nav}
        own_pages = tuple(sorted(path for path in (content or {}).get(code, {}) if path not in in_nav))
        builds.append(engine.LanguageBuild(
            lang=code, root=str(paths.root), docs_dir=str(stage_dir / code), site_dir=str(out_dir / code),
            site_name=lang.title, site_url=briefing.site_url, languages=tuple((other.code, other.name) for other in briefing.languages),
            publisher=lang.publisher, nav=nav, strict=strict,
            pages_not_in_nav=own_pages,
        ))
    return builds


def render_language(paths: Paths, data: Dataset, content: dict[str, ContentPage], code: str, stage_dir: Path,
                    stale: dict[str, str] | None = None) -> int:
    """Write one language's Markdown pages into ``stage_dir/<code>``; ``stale``: pages whose other language is newer.

    Returns the number of pages. Runs in the language's engine process when
    there is one, so both languages render at once.
    """
    languages = load_languages(paths.root)
    publication = Publication(paths.briefing.site_url, languages)
    outline = read_outline(paths.root, paths.briefing)
    pages = PageRenderer(data, content, languages[code], paths.theme_dir, publication, outline, stale=stale).pages()
    shutil.rmtree(stage_dir / code, ignore_errors=True)
    write_pages(pages, stage_dir / code)
    styles = stage_dir / code / LANGUAGE_CSS  # mkdocs.yml's extra_css
    styles.parent.mkdir(parents=True, exist_ok=True)
    styles.write_text(language_css(paths.briefing.languages), encoding="utf-8")
    # downloads and the feed sit beside the pages; the engine copies them as they are
    write_open_data(data, languages[code], publication, stage_dir / code)
    return len(pages)


def render_stage(paths: Paths, data: Dataset, content: dict[str, dict[str, ContentPage]], stage_dir: Path,
                 stale: dict[str, dict[str, str]] | None = None, workers: engine.LanguageWorkers | None = None) -> dict[str, int]:
    """Every language's pages into ``stage_dir``: each in its worker from ``engine.warm_workers``, else one after the other."""
    stale = stale or {}
    codes = paths.briefing.codes
    if workers is None:
        return {code: render_language(paths, data, content[code], code, stage_dir, stale.get(code)) for code in codes}
    futures = {code: workers.submit_for(code, render_language, paths, data, content[code], code, stage_dir, stale.get(code))
               for code in codes}
    return {code: future.result() for code, future in futures.items()}


def staged_texts(stage_dir: Path) -> list[str]:
    """The staged Markdown of every language: nearly every word the search indexes will hold."""
    return [path.read_text(encoding="utf-8") for path in sorted(stage_dir.rglob("*.md"))]


def write_chooser(paths: Paths, out_dir: Path) -> None:
    """``site/index.html``: plain links to every language; a script picks by browser language."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths.theme_dir / "chooser"), autoescape=True)
    html = env.get_template("index.html").render(
        languages=[{"code": lang.code, "name": lang.native_name, "title": lang.title} for lang in load_languages(paths.root).values()]
    )
    (out_dir / "index.html").write_text(html, encoding="utf-8")
    shutil.copy(paths.theme_dir / "chooser" / "chooser.js", out_dir / "chooser.js")


def build(paths: Paths, parallel: bool = True, workers: engine.LanguageWorkers | None = None, books: bool = True) -> BuildReport:
    """Build everything into a fresh folder and swap it in only if all of it succeeded.

    ``workers``: processes kept warm by ``build.py serve`` (see ``engine.warm_workers``);
    ``books=False`` (the preview) leaves out the PDFs, which take longer than all the HTML.
    """
    report = BuildReport()
    codes = read_briefing(paths).codes
    info = build_info(paths.root)  # a bad SOURCE_DATE_EPOCH stops the build here, before any work (BuildDateError)
    if info.note:
        report.warnings.append(warning(".", 1, 1, info.note, "build from a git checkout or set SOURCE_DATE_EPOCH", "dates"))
    own_workers = workers is None and parallel and engine.can_build_in_parallel(len(codes))
    if own_workers:  # started first: the engine imports in them while this process reads and renders
        workers = engine.warm_workers(codes)
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
        stale = translation_staleness(paths.root, inputs.files, content, paths.briefing, git)
        del inputs  # the parsed files and their positions: only the checks and the staleness need them
        report.warnings += warnings + stale.diagnostics
        report.timings["load+validate"] = time.perf_counter() - started

        started = time.perf_counter()
        stage_dir = paths.cache_dir / "stage"
        report.pages = render_stage(paths, data, content, stage_dir, stale.notices, workers)
        report.timings["render pages"] = time.perf_counter() - started

        out_dir = new_build_dir(paths.site_dir)
        try:
            started = time.perf_counter()
            reader = korean.reader(paths.cache_dir, enabled=any(c.word_reader == "kiwi" for c in paths.briefing.languages))
            report.engine_warnings = engine.build_languages(
                language_builds(paths, stage_dir, out_dir, content=content), workers=workers,
                meanwhile=lambda: search.read_ahead(data, staged_texts(stage_dir), reader),
            )
            report.timings["mkdocs (both languages)"] = time.perf_counter() - started
            started = time.perf_counter()
            for code in paths.briefing.codes:
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
