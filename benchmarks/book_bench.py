"""How long the PDF books take: ``.venv/bin/python benchmarks/book_bench.py [--runs N]``.

Copies the real content to a temporary folder and, for each language, times
the briefing book (HTML, layout and PDF) and the one-page fact sheets, each
in a fresh process so font caches start cold. Prints wall-clock and CPU
seconds (CPU time shows how much of a slow run was waiting for a busy
machine), page counts and file sizes; then times both languages together as
``build()`` runs them (two processes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import real_project  # noqa: E402
from briefing.books import book  # noqa: E402
from briefing.config import read_config  # noqa: E402
from briefing.pipeline import Paths, load_inputs  # noqa: E402

LIMIT_SECONDS = 20.0  # per book, from the issue


def one_language(root: Path, lang: str, out: Path) -> dict:
    """Runs in a fresh process: one language's book and sheets, with wall and CPU time."""
    data, content, _ = load_inputs(Paths(root))
    wall, cpu = time.perf_counter(), time.process_time()
    result = book.write_language(book.BookJob(root, lang, data, content[lang], out))
    return {
        "lang": lang,
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "book": result.timings["book"],
        "sheets": result.timings["fact sheets"],
        "pages": result.pages,
        "sheet_count": len(result.sheets),
        "book_mb": (out / result.book).stat().st_size / 1e6,
    }


def both_languages(root: Path, out: Path) -> float:
    data, content, _ = load_inputs(Paths(root))
    started = time.perf_counter()
    book.build_books(root, data, content, out, parallel=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
        root = real_project(Path(tmp) / "project")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(
            f"{'lang':<5}{'book s (median)':>17}{'book runs':>24}{'sheets s':>10}{'CPU s':>8}"
            f"{'pages':>7}{'sheets':>8}{'book MB':>9}"
        )
        for lang in read_config(ROOT).codes:
            runs = []
            for n in range(args.runs):
                with ProcessPoolExecutor(max_workers=1) as pool:
                    runs.append(
                        pool.submit(
                            one_language, root, lang, Path(tmp) / f"out-{lang}-{n}"
                        ).result()
                    )
            books = [r["book"] for r in runs]
            last = runs[-1]
            verdict = (
                "ok" if statistics.median(books) < LIMIT_SECONDS else f"OVER {LIMIT_SECONDS:.0f} s"
            )
            print(
                f"{lang:<5}{statistics.median(books):>15.2f} {verdict:<3}"
                f"{' '.join(f'{b:.2f}' for b in books):>22}"
                f"{statistics.median(r['sheets'] for r in runs):>10.2f}"
                f"{statistics.median(r['cpu'] for r in runs):>8.2f}"
                f"{last['pages']:>7}{last['sheet_count']:>8}{last['book_mb']:>9.2f}"
            )
        together = both_languages(root, Path(tmp) / "out-both")
        print(f"both languages with sheets, in parallel as build() runs them: {together:.2f} s")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
