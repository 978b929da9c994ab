"""``build.py build``: the site and the PDFs into site/, swapped in only when all of it succeeded."""

from __future__ import annotations

import argparse
import sys
import time

from briefing.diagnostics import InputError, print_diagnostics, visible


def run(args: argparse.Namespace) -> int:
    from briefing.books.book import BookError
    from briefing.buildinfo import BuildDateError
    from briefing.engine import EngineError
    from briefing.pipeline import Paths, build
    from briefing.processes import raise_on_sigterm
    from briefing.publish import BuildLocked

    raise_on_sigterm()
    paths = Paths(args.root)
    started = time.perf_counter()
    try:
        report = build(paths, parallel=not args.serial)
    except BuildDateError as exc:
        print(f"build not started: {visible(str(exc))}; site/ was not changed", file=sys.stderr)
        return 2
    except InputError as exc:
        print_diagnostics(exc.diagnostics)
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
    print_diagnostics(report.warnings)
    for stage, seconds in report.timings.items():
        print(f"  {stage:<28} {seconds:6.2f} s")
    pages = ", ".join(f"{lang}: {n} pages" for lang, n in report.pages.items())
    print(f"built {paths.site_dir} ({pages}) in {time.perf_counter() - started:.1f} s")
    return 0
