"""The static-site engine: MkDocs 1.6 with Material, one build per language.

This package is the only place that knows about MkDocs. It takes a folder of
Markdown pages per language (from ``render``) and produces HTML. Swapping the
engine means rewriting this package and the Material overrides in
``theme/overrides``, nothing else.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from briefing.processes import die_with_parent

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

T = TypeVar("T")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# The name engine/plugin.py is registered under
# (pyproject.toml, [project.entry-points."mkdocs.plugins"]).
PLUGIN = "briefing"


@dataclass(frozen=True)
class LanguageBuild:
    """What one language's engine run needs."""

    lang: str
    root: str  # project root (holds mkdocs.yml, theme/, locale/)
    docs_dir: str
    site_dir: str
    site_name: str
    site_url: str  # the whole site's address (every language below it)
    languages: tuple[
        tuple[str, str], ...
    ]  # (code, own name) of every language, in the briefing's order
    publisher: str  # in this language: the footer's line
    nav: tuple[tuple[str, str], ...]  # (title, Markdown path)
    strict: bool = True
    # Editors' own pages outside the navigation (content/<lang>/contact.md): published, reached
    # by links. Named one by one rather than by a pattern, so a generated page left out of the
    # nav still stops the build.
    pages_not_in_nav: tuple[str, ...] = ()
    # Files the pages use that sit beside docs_dir, in the stage's files/ (content/files/), as
    # "files/map.png": a page's link ../files/map.png names them (engine/plugin.py lists them).
    shared_files: tuple[str, ...] = ()
    # this build's edition in this language ("Edition 3 · 1a2b3c4d5e"): every footer names it,
    # pages without front matter (the 404 page) too
    edition: str = ""


class EngineError(Exception):
    """The engine refused the pages (broken link, template error…)."""


def _config(build: LanguageBuild) -> MkDocsConfig:
    from mkdocs.config import load_config

    root = Path(build.root)
    config = load_config(
        str(root / "mkdocs.yml"),
        docs_dir=build.docs_dir,
        site_dir=build.site_dir,
        site_url=f"{build.site_url}{build.lang}/",
        site_name=build.site_name,
        nav=[{title: path} for title, path in build.nav],
        not_in_nav="\n".join(
            [
                _not_in_nav(root),
                *("/" + _gitignore_literal(path) for path in build.pages_not_in_nav),
            ]
        ),
        strict=build.strict,
        theme={**_theme_settings(root), "language": build.lang},
        plugins=_plugins(root, build),
    )
    config.extra["lang"] = build.lang  # for the templates
    config.extra["languages"] = [{"code": code, "name": name} for code, name in build.languages]
    config.extra["site_root"] = build.site_url
    config.extra["publisher"] = build.publisher
    config.extra["edition"] = build.edition
    # Material includes partials/alternate.html only when this is set; our
    # override of that partial links to the same page in the other languages.
    config.extra["alternate"] = [
        {"lang": code} for code, _name in build.languages if code != build.lang
    ]
    return config


def _plugins(root: Path, build: LanguageBuild) -> list:
    """mkdocs.yml's plugins, then ours: last, so that it runs after ``search`` for every event
    (engine/plugin.py)."""
    import yaml

    listed = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")).get("plugins") or []
    if isinstance(listed, dict):
        listed = [{name: options} for name, options in listed.items()]
    others = [
        item
        for item in listed
        if (item if isinstance(item, str) else next(iter(item), None)) != PLUGIN
    ]
    ours = {"root": str(root), "lang": build.lang, "shared_files": list(build.shared_files)}
    return [*others, {PLUGIN: ours}]


def _not_in_nav(root: Path) -> str:
    """The ``not_in_nav`` patterns of mkdocs.yml (generated pages reached by links only)."""
    import yaml

    return str(
        yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")).get("not_in_nav") or ""
    ).strip()


def _gitignore_literal(path: str) -> str:
    """``path`` as a gitignore pattern matching only itself
    (not_in_nav is read as gitignore lines)."""
    return "".join("\\" + c if c in "\\[]*?!# " else c for c in path)


def _theme_settings(root: Path) -> dict:
    """The ``theme:`` mapping of mkdocs.yml, with custom_dir made absolute."""
    import yaml

    raw = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]
    raw = dict(raw)
    raw["custom_dir"] = str(root / raw["custom_dir"])
    return raw


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _source_date_epoch(root: Path) -> Iterator[None]:
    """MkDocs dates the sitemaps and their gzip headers from SOURCE_DATE_EPOCH,
    else from the clock."""
    from briefing.buildinfo import build_info

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(build_info(root).epoch)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def build_language(build: LanguageBuild) -> list[str]:
    """Run MkDocs for one language; returns warnings, raises ``EngineError`` on failure."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        with _source_date_epoch(Path(build.root)):
            mkdocs_build(_config(build))
    except (MkDocsException, SystemExit) as exc:
        detail = "\n".join(collector.messages) or str(exc)
        raise EngineError(f"{build.lang}: {detail}") from None
    finally:
        logger.removeHandler(collector)
    return collector.messages


def build_languages(
    builds: list[LanguageBuild],
    workers: LanguageWorkers | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> dict[str, list[str]]:
    """Build every language: in ``workers`` (from ``warm_workers``), else one after the other here.

    ``meanwhile`` runs in this process while they build (after they started:
    it may start threads, which a fork must not copy).
    """
    futures = [workers.submit(build_language, b) for b in builds] if workers is not None else None
    if meanwhile is not None:
        meanwhile()
    results = (
        [f.result() for f in futures]
        if futures is not None
        else [build_language(b) for b in builds]
    )
    return {b.lang: r for b, r in zip(builds, results, strict=True)}


def _warm_up() -> None:
    """Import MkDocs, Material and the Markdown extensions once per worker process."""
    die_with_parent()
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.structure.pages  # noqa: F401

    import briefing.engine.plugin  # noqa: F401


class LanguageWorkers:
    """One process per language that stays up between builds (``build.py serve``).

    Each language always goes to its own process, so what that process
    loaded for it (MkDocs, Material, the theme) is still there at the next
    rebuild. Not an ``Executor``: a task goes to the process of its language,
    so ``submit`` takes a language's build, not any arguments.
    """

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.pools = {
            code: ProcessPoolExecutor(max_workers=1, initializer=_warm_up) for code in languages
        }
        # start them now, before the caller starts threads (fork) and while it does other work
        for pool in self.pools.values():
            pool.submit(int)

    def submit(self, fn: Callable[[LanguageBuild], T], build: LanguageBuild, /) -> Future[T]:
        return self.submit_for(build.lang, fn, build)

    def submit_for(self, lang: str, fn: Callable[..., T], /, *args: object) -> Future[T]:
        """Run ``fn(*args)`` in ``lang``'s process
        (the build renders each language's pages there)."""
        return self.pools[lang].submit(fn, *args)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        for pool in self.pools.values():
            pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def warm_workers(languages: tuple[str, ...]) -> LanguageWorkers:
    """One process per language that imports the engine now, while the caller does other work.

    ``build.py serve`` keeps them between rebuilds; a build starts them before
    it reads its inputs, so the imports cost no time of their own.
    """
    return LanguageWorkers(languages)


class OwnWorkers:
    """The engine's processes during one build: the warm ones of ``build.py serve``,
    or the build's own (or none)."""

    def __init__(self, pool: LanguageWorkers | None, own: bool) -> None:
        self.pool = pool
        self.own = own

    def release(self) -> None:
        """Let the build's own processes go (their memory with them);
        the warm ones stay for the next rebuild."""
        if self.own and self.pool is not None:
            self.pool.shutdown()
            self.pool = None


@contextmanager
def language_workers(
    languages: tuple[str, ...], warm: LanguageWorkers | None, parallel: bool
) -> Iterator[OwnWorkers]:
    """``warm`` if given; else, when there are cores to spare,
    a process per language started now, ended with the block."""
    if warm is not None or not parallel or not can_build_in_parallel(len(languages)):
        yield OwnWorkers(warm, own=False)
        return
    workers = OwnWorkers(warm_workers(languages), own=True)
    try:
        yield workers
    except BaseException:
        if workers.pool is not None:
            workers.pool.shutdown(wait=False, cancel_futures=True)
        raise
    workers.release()


def can_build_in_parallel(languages: int) -> bool:
    return languages > 1 and (os.cpu_count() or 1) > 1
