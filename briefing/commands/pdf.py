"""``build.py pdf``: rebuild only the PDF books, fact sheets and packs in site/, atomically."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from briefing.commands import printed_language
from briefing.commands.stopped import report_stop
from briefing.diagnostics import Message, said


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
        code = report_stop(exc, "PDFs", args.format, Path(args.root), printed_language(args))
        if code is None:
            raise
        return code
    language = printed_language(args)
    for result in results:
        timings = ", ".join(f"{part} {seconds:.1f} s" for part, seconds in result.timings.items())
        book = f"site/{result.book.as_posix()}"
        fields = {
            "pages": result.pages,
            "sheets": len(result.sheets),
            "packs": len(result.packs),
            "rendered": result.rendered,
            "timings": timings,
        }
        line = (
            Message(
                "{book} ({pages} pages; {sheets} fact sheets in {volumes} volumes; {packs} packs; "
                "{rendered} PDFs laid out, the others unchanged; {timings})",
                book=book,
                volumes=len(result.volumes),
                **fields,
            )
            if result.volumes
            else Message(
                "{book} ({pages} pages; {sheets} fact sheets; {packs} packs; "
                "{rendered} PDFs laid out, the others unchanged; {timings})",
                book=book,
                **fields,
            )
        )
        print("  " + said(line, language))
    built = Message("built the PDFs in {seconds} s", seconds=f"{time.perf_counter() - started:.1f}")
    print(said(built, language))
    return 0
