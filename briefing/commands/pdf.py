"""``build.py pdf``: rebuild only the PDF books and fact sheets in site/, atomically."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from briefing.commands import printed_language
from briefing.commands.stopped import report_stop


def run(args: argparse.Namespace) -> int:
    from briefing.buildinfo import build_info
    from briefing.pipeline import Paths, publish_books
    from briefing.processes import raise_on_sigterm

    raise_on_sigterm()
    started = time.perf_counter()
    try:
        build_info(
            Path(args.root)
        )  # a bad SOURCE_DATE_EPOCH is said here, not from inside a book's process
        results = publish_books(Paths(Path(args.root)), parallel=not args.serial)
    except BaseException as exc:
        code = report_stop(exc, "PDFs", printed_language(args))
        if code is None:
            raise
        return code
    for result in results:
        timings = ", ".join(f"{part} {seconds:.1f} s" for part, seconds in result.timings.items())
        volumes = f" in {len(result.volumes)} volumes" if result.volumes else ""
        print(
            f"  site/{result.book.as_posix()} ({result.pages} pages; "
            f"{len(result.sheets)} fact sheets{volumes}; {timings})"
        )
    print(f"built the PDFs in {time.perf_counter() - started:.1f} s")
    return 0
