"""``build.py pdf``: rebuild only the PDF books and fact sheets in site/, atomically."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from briefing.diagnostics import InputError, print_diagnostics, visible


def run(args: argparse.Namespace) -> int:
    from briefing.books.book import BookError
    from briefing.buildinfo import BuildDateError, build_info
    from briefing.pipeline import Paths, publish_books
    from briefing.processes import raise_on_sigterm
    from briefing.publish import BuildLocked

    raise_on_sigterm()
    started = time.perf_counter()
    try:
        build_info(Path(args.root))  # a bad SOURCE_DATE_EPOCH is said here, not from inside a book's process
        results = publish_books(Paths(Path(args.root)), parallel=not args.serial)
    except BuildDateError as exc:
        print(f"PDFs not started: {visible(str(exc))}; site/ was not changed", file=sys.stderr)
        return 2
    except InputError as exc:
        print_diagnostics(exc.diagnostics)
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
