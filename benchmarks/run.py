"""The benchmark harness: ``.venv/bin/python benchmarks/run.py``.

For the real content and synthetic corpora of N projects (``synthetic.py``)
it measures, each as the median of several cold runs in fresh processes:

- ``check``: wall time of ``build.py check``;
- the full build: wall time of a process that runs ``pipeline.build``, and
  the time of every stage the build reports in ``BuildReport.timings``
  (whatever stages exist: load, render, MkDocs, search index, PDFs…);
- peak memory of the build's process tree (RSS summed over the process and
  its workers, sampled every 20 ms from /proc);
- output size and pages per second (both languages);
- the HTML build once more with ``.cache/`` kept (Kiwi's readings of Korean
  words, compiled templates, parsed data files), as an editor's next build
  or a CI run that restores its cache, and ``check`` once more with it;
- a stock baseline: plain ``mkdocs build`` with Material, one language, of
  the same staged Markdown pages (``.cache/stage/en``) with a minimal
  ``mkdocs.yml`` and the same six-item nav, so our cost is a ratio.

Prints a Markdown table and the targets of issue 9 with the measured figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import commit_all, generate  # noqa: E402
from briefing.inputs import copy_build_inputs  # noqa: E402

PYTHON = sys.executable
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
STOCK_NAV = (
    "index.md",
    "timeline.md",
    "projects/index.md",
    "organizations.md",
    "sources.md",
    "about.md",
)


# -- measuring a process tree ---------------------------------------------------
def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        found = []
        for task in tasks:
            found += [int(c) for c in (task / "children").read_text().split()]
        return found
    except OSError:
        return []


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss(current)
        todo += _children(current)
    return total


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float  # user + system time of the process and every child it waited for
    peak_bytes: int
    stdout: str


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(argv: list[str], cwd: Path | None = None) -> Measured:
    """Run a command; wall time and the peak RSS of its process tree.
    Fails loudly on a non-zero exit."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} failed ({proc.returncode}):\n{err[-3000:]}")
    return Measured(seconds, _children_cpu() - cpu_before, peak, out)


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- one corpus -------------------------------------------------------------------
BUILD_WORKER = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from briefing.pipeline import Paths, build
report = build(Paths(Path({project!r})), books={books!r})
print(json.dumps({{"timings": report.timings, "pages": report.pages,
                   "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   "children_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}))
"""


@dataclass
class Row:
    name: str
    projects: int
    pages: int = 0
    check: float = 0.0
    check_kept: float = 0.0  # check again with .cache/ kept (the parsed data files)
    build: float = 0.0
    build_cpu: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    peak_mb: float = 0.0
    output_mb: float = 0.0
    stock: float = 0.0
    stock_cpu: float = 0.0
    # the HTML build again with .cache/ kept (Kiwi's readings, compiled templates, parsed data)
    rebuild_html: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.build if self.build else 0.0

    @property
    def html_build(self) -> float:
        """The build without the PDF stage: what the stock HTML build is compared with."""
        return self.build - sum(t for stage, t in self.stages.items() if "pdf" in stage.lower())

    @property
    def ratio(self) -> float:
        return self.html_build / self.stock if self.stock else 0.0

    @property
    def rebuild_ratio(self) -> float:
        return self.rebuild_html / self.stock if self.stock else 0.0


def clean(project: Path) -> None:
    """Cold start: no site, no caches from an earlier run."""
    for name in ("site", ".cache"):
        shutil.rmtree(project / name, ignore_errors=True)


def stock_config(stage: Path, target: Path) -> Path:
    """A minimal Material site of the staged English pages (no hooks, overrides or i18n)."""
    docs = target / "docs"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(stage, docs)
    nav = "\n".join(f"  - {path}" for path in STOCK_NAV if (docs / path).exists())
    config = target / "mkdocs.yml"
    config.write_text(
        "site_name: Stock baseline\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n"
        "markdown_extensions:\n  - attr_list\n  - tables\n  - toc:\n      permalink: true\n"
        f"nav:\n{nav}\n",
        encoding="utf-8",
    )
    return config


def bench_corpus(
    name: str, project: Path, n_projects: int, runs: int, baseline: bool = True, books: bool = True
) -> Row:
    row = Row(name, n_projects)
    checks, checks_kept, builds, build_cpus, peaks, stocks, stock_cpus, rebuilds = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    stage_runs: list[dict[str, float]] = []
    for _ in range(runs):
        clean(project)
        checks.append(
            measure([PYTHON, str(ROOT / "build.py"), "--root", str(project), "check"]).seconds
        )
        clean(project)
        result = measure(
            [PYTHON, "-c", BUILD_WORKER.format(root=str(ROOT), project=str(project), books=books)]
        )
        report = json.loads(result.stdout.strip().splitlines()[-1])
        builds.append(result.seconds)
        build_cpus.append(result.cpu_seconds)
        # The sampler can miss a short spike; the kernel's own maxima cannot.
        peaks.append(
            max(result.peak_bytes, report["maxrss_kb"] * 1024, report["children_maxrss_kb"] * 1024)
        )
        stage_runs.append(report["timings"])
        row.pages = sum(report["pages"].values())
        row.output_mb = directory_size(project / "site") / 1e6
        # again, as an editor's next build or CI with a cached .cache/: no cold caches
        again = measure(
            [PYTHON, "-c", BUILD_WORKER.format(root=str(ROOT), project=str(project), books=books)]
        )
        again_report = json.loads(again.stdout.strip().splitlines()[-1])
        rebuilds.append(
            again.seconds
            - sum(t for stage, t in again_report["timings"].items() if "pdf" in stage.lower())
        )
        # an editor's check after a save: the parsed data files kept in .cache/parsed/
        checks_kept.append(
            measure([PYTHON, str(ROOT / "build.py"), "--root", str(project), "check"]).seconds
        )
        if baseline:
            with tempfile.TemporaryDirectory(prefix="stock-") as tmp:
                config = stock_config(project / ".cache" / "stage" / "en", Path(tmp) / "stock")
                stock = measure(
                    [
                        PYTHON,
                        "-m",
                        "mkdocs",
                        "build",
                        "-q",
                        "-f",
                        str(config),
                        "-d",
                        str(Path(tmp) / "out"),
                    ]
                )
                stocks.append(stock.seconds)
                stock_cpus.append(stock.cpu_seconds)
    row.check = statistics.median(checks)
    row.check_kept = statistics.median(checks_kept)
    row.build = statistics.median(builds)
    row.build_cpu = statistics.median(build_cpus)
    row.peak_mb = statistics.median(peaks) / 1e6
    row.stock = statistics.median(stocks) if stocks else 0.0
    row.stock_cpu = statistics.median(stock_cpus) if stock_cpus else 0.0
    row.rebuild_html = statistics.median(rebuilds)
    for stage in dict.fromkeys(k for run in stage_runs for k in run):
        row.stages[stage] = statistics.median(run.get(stage, 0.0) for run in stage_runs)
    return row


def real_project(target: Path) -> Path:
    copy_build_inputs(ROOT, target)
    commit_all(target)
    return target


# -- the table ----------------------------------------------------------------------
def table(rows: list[Row]) -> list[list[str]]:
    """Header row plus one row per corpus, as strings."""
    stages = list(dict.fromkeys(s for r in rows for s in r.stages))
    header = [
        "corpus",
        "projects",
        "pages",
        "check s",
        "check, cache kept s",
        *[f"{s} s" for s in stages],
        "build s",
        "build CPU s",
        "HTML build s",
        "stock mkdocs (en) s",
        "stock CPU s",
        "HTML/stock",
        "HTML rebuild s",
        "rebuild/stock",
        "peak MB",
        "output MB",
        "pages/s",
    ]
    body = []
    for r in rows:
        body.append(
            [
                r.name,
                str(r.projects),
                str(r.pages),
                f"{r.check:.2f}",
                f"{r.check_kept:.2f}",
                *[f"{r.stages.get(s, 0.0):.2f}" for s in stages],
                f"{r.build:.2f}",
                f"{r.build_cpu:.2f}",
                f"{r.html_build:.2f}",
                f"{r.stock:.2f}" if r.stock else "–",
                f"{r.stock_cpu:.2f}" if r.stock else "–",
                f"{r.ratio:.2f}×" if r.stock else "–",
                f"{r.rebuild_html:.2f}",
                f"{r.rebuild_ratio:.2f}×" if r.stock else "–",
                f"{r.peak_mb:.0f}",
                f"{r.output_mb:.1f}",
                f"{r.pages_per_second:.1f}",
            ]
        )
    return [header, *body]


def markdown(cells: list[list[str]]) -> str:
    lines = [
        "| " + " | ".join(cells[0]) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(cells[0]))) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return "\n".join(lines)


def targets(rows: list[Row]) -> list[str]:
    """Issue 9's targets with the measured figures."""
    out = []
    by_n = {r.projects: r for r in rows if r.name.startswith("N=")}
    real = next((r for r in rows if r.name == "real"), None)
    for r in rows:
        if r.stock:
            out.append(
                f"- {r.name}: HTML of both languages {r.html_build:.2f} s cold "
                f"({r.rebuild_html:.2f} s with .cache/ kept) "
                f"vs stock single-language {r.stock:.2f} s"
                f" = {r.ratio:.2f}× ({r.rebuild_ratio:.2f}×) (target ≤ 1.3×) "
                f"{'met' if r.ratio <= 1.3 else 'NOT met'}"
            )
    if 100 in by_n and 1000 in by_n:
        scale = by_n[1000].build / by_n[100].build
        out.append(
            f"- 1,000 vs 100 projects: {scale:.1f}× (target ≤ 11×) "
            f"{'met' if scale <= 11 else 'NOT met'}"
        )
    if 1000 in by_n:
        peak = by_n[1000].peak_mb
        out.append(
            f"- peak memory at 1,000 projects: {peak:.0f} MB (target ≤ 1,500 MB) "
            f"{'met' if peak <= 1500 else 'NOT met'}"
        )
        out.append(
            f"- check at 1,000 projects: {by_n[1000].check:.2f} s (target ≤ 5 s) "
            f"{'met' if by_n[1000].check <= 5 else 'NOT met'}"
        )
    if real:
        out.append(
            f"- check on the real content: {real.check:.2f} s (target ≤ 1 s) "
            f"{'met' if real.check <= 1 else 'NOT met'}"
        )
    return out


def run(
    sizes: list[int],
    runs: int,
    include_real: bool = True,
    baseline: bool = True,
    books: bool = True,
    seed: int = 0,
    progress=print,
) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        corpora: list[tuple[str, int, Path]] = []
        if include_real:
            real = real_project(Path(tmp) / "real")
            corpora.append(("real", _count_projects(real), real))
        for n in sizes:
            corpora.append((f"N={n}", n, generate(Path(tmp) / f"n{n}", n, seed)))
        for name, n, project in corpora:
            started = time.perf_counter()
            rows.append(bench_corpus(name, project, n, runs, baseline, books))
            progress(
                f"# {name}: measured in {time.perf_counter() - started:.0f} s", file=sys.stderr
            )
    return rows


def _count_projects(project: Path) -> int:
    import yaml

    data = yaml.load(
        (project / "data" / "projects.yaml").read_text(encoding="utf-8"),
        Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
    )
    return len(data["projects"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time check and build for the real content and synthetic corpora."
    )
    parser.add_argument(
        "--sizes",
        default="100,300,1000",
        help="comma-separated project counts of the synthetic corpora (default: 100,300,1000)",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per corpus; the table shows medians (default: 3)"
    )
    parser.add_argument("--no-real", action="store_true", help="skip the real content")
    parser.add_argument("--no-baseline", action="store_true", help="skip the stock mkdocs build")
    parser.add_argument(
        "--no-pdf", action="store_true", help="build without the PDF books (as build.py serve does)"
    )
    parser.add_argument(
        "--no-preview",
        action="store_true",
        help="skip the preview loop measurement (benchmarks/preview.py)",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = run(
        sizes,
        args.runs,
        include_real=not args.no_real,
        baseline=not args.no_baseline,
        books=not args.no_pdf,
        seed=args.seed,
    )
    print(markdown(table(rows)))
    print()
    print(
        f"Medians of {args.runs} cold run(s) on {os.cpu_count()} cores; "
        "times in seconds, wall clock, including Python start-up."
    )
    print("\n".join(targets(rows)))
    if not args.no_preview and not args.no_real:
        from benchmarks.preview import measure_preview, report

        print("\n".join(report(measure_preview(args.runs))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
