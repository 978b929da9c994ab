"""The build, stage by stage: load → validate → derive → render → publish."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from briefing import engine
from briefing.books.book import BookResult, build_books
from briefing.books.packs import label_packs
from briefing.buildinfo import build_info
from briefing.config import CONFIG_FILE, placeholder_host
from briefing.diagnostics import Diagnostic, InputError, Message, warning
from briefing.engine import search_words as search
from briefing.html.headers import secure_site
from briefing.inputs import (  # the build's stages 1-2, re-exported
    Inputs,  # noqa: F401
    Paths,
    config_key_line,
    content_parity,  # noqa: F401
    load_inputs,
    read_briefing,
    read_inputs,
)
from briefing.inputs.content import ContentPage
from briefing.inputs.editions import EditionHistory, current_edition, edition_history
from briefing.inputs.staleness import Staleness, start_history, translation_staleness
from briefing.model import Dataset
from briefing.publish import build_lock, carry_over, new_site, recover
from briefing.render import (
    PageRenderer,
    shared_files,
    write_page_files,
    write_pages,
    write_shared_files,
)
from briefing.search import korean
from briefing.views.changes import edition_label
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
NAV = (
    (N_("Home"), "home"),
    (N_("Timeline"), "timeline"),
    (N_("Projects"), "projects"),
    (N_("Organizations"), "organizations"),
    (N_("Sources"), "sources"),
    (N_("Downloads"), "downloads"),
    (N_("What changed"), "changes"),
    (N_("About"), "about"),
)


def language_builds(
    paths: Paths,
    stage_dir: Path,
    out_dir: Path,
    strict: bool = True,
    content: dict[str, dict[str, ContentPage]] | None = None,
) -> list[engine.LanguageBuild]:
    """The engine's task per language; ``content``: the editors' pages,
    those outside ``NAV`` published as not in the nav."""
    builds = []
    briefing = paths.briefing
    edition = current_edition(paths.root, briefing.editions)
    for code in briefing.codes:
        lang = load_language(code, paths.root)
        nav = tuple((lang.gettext(title), page_source_path(PAGES[key])) for title, key in NAV)
        in_nav = {path for _title, path in nav}
        pages = (content or {}).get(code, {})
        own_pages = tuple(sorted(path for path in pages if path not in in_nav))
        builds.append(
            engine.LanguageBuild(
                lang=code,
                root=str(paths.root),
                docs_dir=str(stage_dir / code),
                site_dir=str(out_dir / code),
                site_name=lang.title,
                site_url=briefing.site_url,
                languages=tuple((other.code, other.name) for other in briefing.languages),
                publisher=lang.publisher,
                nav=nav,
                strict=strict,
                pages_not_in_nav=own_pages,
                shared_files=shared_files(pages.values()),
                edition=edition_label(edition, lang),
            )
        )
    return builds


def render_language(
    paths: Paths,
    data: Dataset,
    content: dict[str, ContentPage],
    code: str,
    stage_dir: Path,
    stale: dict[str, str] | None = None,
    history: EditionHistory | None = None,
) -> int:
    """Write one language's Markdown pages into ``stage_dir/<code>``;
    ``stale``: pages whose other language is newer; ``history``: the editions and their changes.

    Returns the number of pages. Runs in the language's engine process when
    there is one, so both languages render at once.
    """
    languages = load_languages(paths.root)
    publication = Publication(paths.briefing.site_url, languages)
    outline = read_outline(paths.root, paths.briefing)
    pages = PageRenderer(
        data,
        content,
        languages[code],
        paths.theme_dir,
        publication,
        outline,
        stale=stale,
        history=history,
    ).pages()
    shutil.rmtree(stage_dir / code, ignore_errors=True)
    write_pages(pages, stage_dir / code)
    # the images and documents the language's pages use, beside them (content/files/: render_stage)
    write_page_files(content.values(), paths.content_dir, code, stage_dir / code)
    styles = stage_dir / code / LANGUAGE_CSS  # mkdocs.yml's extra_css
    styles.parent.mkdir(parents=True, exist_ok=True)
    styles.write_text(language_css(paths.briefing.languages), encoding="utf-8")
    # downloads and the feed sit beside the pages; the engine copies them as they are
    write_open_data(data, languages[code], publication, stage_dir / code, history)
    return len(pages)


def render_stage(
    paths: Paths,
    data: Dataset,
    content: dict[str, dict[str, ContentPage]],
    stale: Staleness,
    workers: engine.LanguageWorkers | None,
    report: BuildReport,
    history: EditionHistory | None = None,
) -> Path:
    """Every language's pages into ``.cache/stage/``: each in its worker from
    ``engine.warm_workers``, else one after the other."""
    stage_dir = paths.cache_dir / "stage"
    codes = paths.briefing.codes
    # once for every language: .cache/stage/files/ mirrors content/files/, beside their folders
    write_shared_files(content, paths.content_dir, stage_dir)
    if workers is None:
        report.pages = {
            code: render_language(
                paths, data, content[code], code, stage_dir, stale.notices.get(code), history
            )
            for code in codes
        }
        return stage_dir
    futures = {
        code: workers.submit_for(
            code,
            render_language,
            paths,
            data,
            content[code],
            code,
            stage_dir,
            stale.notices.get(code),
            history,
        )
        for code in codes
    }
    report.pages = {code: future.result() for code, future in futures.items()}
    return stage_dir


def staged_texts(stage_dir: Path) -> list[str]:
    """The staged Markdown of every language: nearly every word the search indexes will hold."""
    return [path.read_text(encoding="utf-8") for path in sorted(stage_dir.rglob("*.md"))]


def write_chooser(paths: Paths, out_dir: Path) -> None:
    """``site/index.html``: plain links to every language; a script picks by browser language."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.theme_dir / "chooser"), autoescape=True
    )
    html = env.get_template("index.html").render(
        languages=[
            {"code": lang.code, "name": lang.native_name, "title": lang.title}
            for lang in load_languages(paths.root).values()
        ]
    )
    (out_dir / "index.html").write_text(html, encoding="utf-8")
    shutil.copy(paths.theme_dir / "chooser" / "chooser.js", out_dir / "chooser.js")


def build(
    paths: Paths,
    parallel: bool = True,
    workers: engine.LanguageWorkers | None = None,
    books: bool = True,
) -> BuildReport:
    """Build everything into a fresh folder and swap it in only if all of it succeeded.

    ``workers``: processes kept warm by ``build.py serve`` (see ``engine.warm_workers``);
    ``books=False`` (the preview) leaves out the PDFs, which take longer than all the HTML.
    """
    report = BuildReport()
    briefing = read_briefing(paths)
    # dates: from the commit (or SOURCE_DATE_EPOCH),
    # so that two builds of one commit are the same bytes
    report.warnings += build_dates(paths)
    # the address every permalink, citation, feed and sitemap starts with
    report.warnings += site_address(paths)
    # the engine's processes start first: they import the engine while this one reads and renders
    with (
        engine.language_workers(briefing.codes, workers, parallel) as engine_workers,
        build_lock(paths.cache_dir),
    ):
        recover(paths.site_dir)
        # load and validate: every problem of data and pages at once,
        # and which translations are behind
        with timed(report, "load+validate"):
            data, content, stale = load_stage(paths, report)
        # editions: what changed in data/ and content/ since the previous edition, from git
        with timed(report, "editions"):
            history = edition_history(paths.root, briefing.editions)
            if history.problem:
                report.warnings.append(
                    warning(
                        ".",
                        1,
                        1,
                        f"the What changed page lists no changes: {history.problem}",
                        "build from a git checkout with its history and edition tags",
                        "editions",
                    )
                )
        # render: each language's Markdown pages into .cache/stage/<lang>/
        with timed(report, "render pages"):
            stage_dir = render_stage(
                paths, data, content, stale, engine_workers.pool, report, history
            )
        with new_site(paths.site_dir) as out_dir:
            # publish: the engine makes each language's site from its pages;
            # Kiwi reads their words meanwhile
            reader = korean.reader(
                paths.cache_dir,
                enabled=any(language.word_reader == "kiwi" for language in briefing.languages),
            )
            with timed(report, "engine (every language)"):
                publish_stage(
                    paths,
                    data,
                    content,
                    stage_dir,
                    out_dir,
                    engine_workers,
                    reader,
                    report,
                    keep_workers=not books,
                )
            # search: each language's index learns the other forms of its words
            with timed(report, "search"):
                search_stage(paths, data, out_dir, reader, keep_kiwi=not books)
            write_chooser(paths, out_dir)
            # print: the PDF books and fact sheets
            if books:
                with timed(report, "pdf books (every language)"):
                    # what the stages before let go: the books' processes start next
                    give_back_memory()
                    build_books(
                        paths.root,
                        data,
                        content,
                        out_dir,
                        parallel=parallel,
                        history=history,
                        cache_dir=paths.cache_dir,
                    )
            else:  # the preview makes none: the PDFs an earlier build wrote stay
                carry_over(paths.site_dir, out_dir, "*.pdf")
            # the Downloads page says how long and how large each briefing pack came out
            label_packs(paths.root, out_dir)
            # secure: last before the swap,
            # one Content-Security-Policy hashing the finished pages' scripts
            secure_site(out_dir)
    return report


@contextmanager
def timed(report: BuildReport, stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    report.timings[stage] = time.perf_counter() - started


def build_dates(paths: Paths) -> list[Diagnostic]:
    """A warning when the build's date is not its commit's;
    ``BuildDateError`` stops a bad SOURCE_DATE_EPOCH before any work."""
    info = build_info(paths.root)
    return (
        [
            warning(
                ".",
                1,
                1,
                info.note,
                Message("build from a git checkout or set SOURCE_DATE_EPOCH"),
                "dates",
            )
        ]
        if info.note
        else []
    )


def site_address(paths: Paths) -> list[Diagnostic]:
    """One warning for the build when briefing.yml's site_url is a placeholder host
    (example.org)."""
    site_url = paths.briefing.site_url
    host = placeholder_host(site_url)
    if host is None:
        return []
    return [
        warning(
            CONFIG_FILE,
            config_key_line(paths.root, "site_url"),
            1,
            Message(
                "the site's address {address} is a placeholder ({host}): every permalink, "
                "citation, feed entry and sitemap of this build points there",
                address=site_url,
                host=host,
            ),
            Message("set site_url to the address the site is published at"),
            "site_url",
        )
    ]


def load_stage(
    paths: Paths, report: BuildReport
) -> tuple[Dataset, dict[str, dict[str, ContentPage]], Staleness]:
    """Stages load and validate (``InputError`` with every problem),
    then the translations' staleness from git."""
    git = start_history(
        paths.root
    )  # git reads the history on the other core while the files are read
    inputs = read_inputs(paths)
    try:
        data, content, warnings = inputs.checked()
    except InputError:
        git.stop()
        raise
    # the parsed files and their positions are let go with ``inputs``:
    # only the checks and the staleness need them
    stale = translation_staleness(paths.root, inputs.files, content, paths.briefing, git)
    report.warnings += warnings + stale.diagnostics
    return data, content, stale


def publish_stage(
    paths: Paths,
    data: Dataset,
    content: dict[str, dict[str, ContentPage]],
    stage_dir: Path,
    out_dir: Path,
    engine_workers: engine.OwnWorkers,
    reader: korean.Reader,
    report: BuildReport,
    keep_workers: bool,
) -> None:
    """Each language's site into ``out_dir/<lang>/``;
    the engine's processes are let go after it unless ``keep_workers``."""
    report.engine_warnings = engine.build_languages(
        language_builds(paths, stage_dir, out_dir, content=content),
        workers=engine_workers.pool,
        meanwhile=lambda: search.read_ahead(data, staged_texts(stage_dir), reader),
    )
    if not keep_workers:  # their memory goes back before the PDF books peak
        engine_workers.release()


def search_stage(
    paths: Paths, data: Dataset, out_dir: Path, reader: korean.Reader, keep_kiwi: bool
) -> None:
    """Every language's search index extended with the words' other forms;
    Kiwi is let go unless ``keep_kiwi`` (build.py serve)."""
    for code in paths.briefing.codes:
        search.write_search(out_dir / code, data, reader)
    reader.save()
    if not keep_kiwi:  # not copied into the PDF processes
        reader.release_kiwi()


def publish_books(paths: Paths, parallel: bool = True) -> list[BookResult]:
    """``build.py pdf``: the print stage alone, published atomically like a full build.

    The current ``site/`` is copied into a fresh build folder, the PDFs are
    written into the copy, and the copy is swapped in; if anything fails, the
    old site stays as it was.
    """
    with build_lock(paths.cache_dir):
        recover(paths.site_dir)
        data, content, _ = load_inputs(paths)
        with new_site(paths.site_dir) as out_dir:
            if paths.site_dir.exists():
                shutil.copytree(paths.site_dir, out_dir, dirs_exist_ok=True)
            results = build_books(
                paths.root, data, content, out_dir, parallel=parallel, cache_dir=paths.cache_dir
            )
            label_packs(paths.root, out_dir)
            return results


def give_back_memory() -> None:
    """Return freed memory to the system (glibc's malloc_trim),
    so the PDF processes started next can have it."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
