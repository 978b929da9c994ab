"""``build.py build``: the site and the PDFs into site/,
swapped in only when all of it succeeded."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from briefing.commands import printed_language
from briefing.commands.stopped import report_stop
from briefing.diagnostics import Message, print_diagnostics, said


def run(args: argparse.Namespace) -> int:
    from briefing.pipeline import Paths, build
    from briefing.processes import raise_on_sigterm

    raise_on_sigterm()
    paths = Paths(args.root)
    started = time.perf_counter()
    try:
        report = build(paths, parallel=not args.serial)
    except BaseException as exc:
        code = report_stop(exc, "build", args.format, Path(args.root), printed_language(args))
        if code is None:
            raise
        return code
    language = printed_language(args)
    stream = sys.stdout if args.format == "github" else None
    print_diagnostics(report.warnings, args.format, stream, language)
    for stage, seconds in report.timings.items():  # stage names are the pipeline's own
        print(f"  {stage:<28} {seconds:6.2f} s")
    pages = ", ".join(
        said(Message("{lang}: {pages} pages", lang=lang, pages=n), language)
        for lang, n in report.pages.items()
    )
    built = Message(
        "built {site} ({pages}) in {seconds} s",
        site=str(paths.site_dir),
        pages=pages,
        seconds=f"{time.perf_counter() - started:.1f}",
    )
    print(said(built, language))
    return 0
