"""Command line: ``python build.py [build|serve|check|schemas|i18n]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .diagnostics import Diagnostic, InputError

ROOT = Path(__file__).resolve().parent.parent


def _print_diagnostics(diagnostics: list[Diagnostic], fmt: str = "text", stream=sys.stderr) -> None:
    for d in sorted(diagnostics):
        print(d.format_github() if fmt == "github" else d.format(), file=stream)


def cmd_build(args: argparse.Namespace) -> int:
    from .book import BookError
    from .engine import EngineError
    from .pipeline import Paths, build
    from .processes import raise_on_sigterm
    from .publish import BuildLocked

    raise_on_sigterm()
    paths = Paths(args.root)
    started = time.perf_counter()
    try:
        report = build(paths, parallel=not args.serial)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(d.severity == "error" for d in exc.diagnostics)
        print(f"build stopped: {errors} error(s) in the input; site/ was not changed", file=sys.stderr)
        return 1
    except EngineError as exc:
        print(f"build stopped: the site engine reported problems; site/ was not changed\n{exc}", file=sys.stderr)
        return 1
    except BookError as exc:
        print(f"build stopped: the PDF books could not be made; site/ was not changed\n{exc}", file=sys.stderr)
        return 1
    except BuildLocked as exc:
        print(f"build not started: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # disk full, no permission…: the build folder is gone, site/ is as it was
        print(f"build stopped: {exc}; site/ was not changed", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("build interrupted; site/ was not changed", file=sys.stderr)
        return 130
    except SystemExit as exc:  # SIGTERM (processes.raise_on_sigterm): the build folder is gone
        print("build stopped by a signal; site/ was not changed", file=sys.stderr)
        return int(exc.code or 1)
    _print_diagnostics(report.warnings)
    for stage, seconds in report.timings.items():
        print(f"  {stage:<28} {seconds:6.2f} s")
    pages = ", ".join(f"{lang}: {n} pages" for lang, n in report.pages.items())
    print(f"built {paths.site_dir} ({pages}) in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from .book import BookError, publish_books
    from .processes import raise_on_sigterm
    from .publish import BuildLocked

    raise_on_sigterm()
    started = time.perf_counter()
    try:
        results = publish_books(Path(args.root), parallel=not args.serial)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics)
        print("PDFs not built: errors in the input; site/ was not changed", file=sys.stderr)
        return 1
    except BookError as exc:
        print(f"PDFs not built; site/ was not changed\n{exc}", file=sys.stderr)
        return 1
    except BuildLocked as exc:
        print(f"PDFs not started: {exc}", file=sys.stderr)
        return 2
    for result in results:
        timings = ", ".join(f"{part} {seconds:.1f} s" for part, seconds in result.timings.items())
        volumes = f" in {len(result.volumes)} volumes" if result.volumes else ""
        print(f"  site/{result.book.as_posix()} ({result.pages} pages; {len(result.sheets)} fact sheets{volumes}; {timings})")
    print(f"built the PDFs in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .check import run_check

    started = time.perf_counter()
    diagnostics = run_check(Path(args.root))
    _print_diagnostics(diagnostics, args.format, stream=sys.stdout)
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    sys.stdout.flush()  # the problems first, then the count, also when both go to one terminal
    if args.format == "text":
        print(f"{errors} error(s), {warnings} warning(s) in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 1 if errors else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(Path(args.root), args.port)


def cmd_schemas(args: argparse.Namespace) -> int:
    from .schemas import write_schemas

    for path in write_schemas(Path(args.root) / "schemas"):
        print(f"wrote {path}")
    return 0


def cmd_i18n(args: argparse.Namespace) -> int:
    from .catalogs import update_catalogs

    for line in update_catalogs(Path(args.root)):
        print(line)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build the Korea–Kazakhstan economic cooperation briefing: the Korean and English sites under site/.",
    )
    p.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this checkout)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    b = sub.add_parser("build", help="build site/ko, site/en and the language chooser (default)")
    b.add_argument("--serial", action="store_true", help="build the languages one after the other")
    b.set_defaults(func=cmd_build)
    d = sub.add_parser("pdf", help="rebuild only the PDF books and fact sheets in site/<lang>/downloads/ (atomically)")
    d.add_argument("--serial", action="store_true", help="build the languages one after the other")
    d.set_defaults(func=cmd_pdf)
    c = sub.add_parser("check", help="check data and content without building; exit 1 on errors")
    c.add_argument("--format", choices=("text", "github"), default="text", help="github: workflow annotations")
    c.set_defaults(func=cmd_check)
    s = sub.add_parser("serve", help="build, serve site/ on localhost and rebuild when content/, data/ or theme/ change")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)
    sub.add_parser("schemas", help="write the JSON Schemas of the data files to schemas/").set_defaults(func=cmd_schemas)
    sub.add_parser("i18n", help="extract UI strings and update locale/*/LC_MESSAGES/messages.po").set_defaults(func=cmd_i18n)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        args = parser().parse_args(["build", *(argv or [])])
    return args.func(args)
