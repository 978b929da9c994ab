"""How long ``build.py serve`` takes to show an edit: ``.venv/bin/python benchmarks/preview.py``.

Copies the real content to a temporary folder, starts ``build.py serve`` on a
free port, then several times: saves an edit (a paragraph appended to a
Markdown page, or a project's summary changed in ``data/projects.yaml``) and
polls the served page every 20 ms until the edit shows. Prints the seconds
from save to visible page (median and all runs) for each kind of edit.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import real_project  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(url: str, marker: str, timeout: float) -> float | None:
    """Seconds until ``marker`` is in the page at ``url`` (None after ``timeout``)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if marker in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.02)
    return None


def edit_markdown(project: Path, marker: str) -> str:
    """Append a paragraph to the English about page; returns the page's path in the site."""
    page = project / "content" / "en" / "about.md"
    page.write_text(
        page.read_text(encoding="utf-8") + f"\n\nPreview check {marker}.\n", encoding="utf-8"
    )
    return "en/about/"


def edit_project(project: Path, marker: str) -> str:
    """Put the marker at the start of the first project's English summary;
    returns that page's path."""
    path = project / "data" / "projects.yaml"
    text = path.read_text(encoding="utf-8")
    project_id = re.search(r"^  - id: (\S+)", text, re.M).group(1)
    summary = re.search(r"^    summary:\n(?:      \w\w: .*\n)*?      en: ", text, re.M)
    text = text[: summary.end()] + f"{marker} " + text[summary.end() :]
    path.write_text(text, encoding="utf-8")
    return f"en/projects/{project_id}/"


EDITS = {"Markdown page": edit_markdown, "project in data/projects.yaml": edit_project}


def measure_preview(
    runs: int = 3, warmup: int = 2, timeout: float = 120.0, progress=None
) -> dict[str, list[float]]:
    """Seconds from save to visible change, per kind of edit.

    The first ``warmup`` rounds of edits are reported under "(warm-up)": the
    server's processes load Kiwi and analyse each language's words on their
    first rebuilds; an editing session is in the steady state after that.
    """
    results: dict[str, list[float]] = {name: [] for name in EDITS}
    results.update({f"{name} (warm-up)": [] for name in EDITS})
    with tempfile.TemporaryDirectory(prefix="briefing-preview-") as tmp:
        project = real_project(Path(tmp) / "project")
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "--root",
                str(project),
                "serve",
                "--port",
                str(port),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            for line in server.stdout:
                if progress:
                    progress(line.rstrip())
                if line.startswith("serving"):
                    break
            else:
                raise RuntimeError("build.py serve stopped before serving")
            # keep reading the server's output so its pipe never fills up
            threading.Thread(
                target=lambda: [progress(x.rstrip()) if progress else None for x in server.stdout],
                daemon=True,
            ).start()
            for run in range(warmup + runs):
                for name, edit in EDITS.items():
                    time.sleep(
                        1.0
                    )  # let the watcher settle so each edit is timed from a quiet state
                    marker = (
                        f"PREVIEW{run}{abs(hash(name)) % 10_000}X{time.monotonic_ns() % 1_000_000}"
                    )
                    url = base + edit(project, marker)
                    seconds = wait_for(url, marker, timeout)
                    if seconds is None:
                        raise RuntimeError(
                            f"{name}: the edit did not show at {url} within {timeout:.0f} s"
                        )
                    results[name if run >= warmup else f"{name} (warm-up)"].append(seconds)
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    return results


def report(results: dict[str, list[float]]) -> list[str]:
    lines = []
    for name, seconds in results.items():
        if not seconds:
            continue
        median = statistics.median(seconds)
        runs = ", ".join(f"{s:.2f}" for s in seconds)
        verdict = (
            "" if "warm-up" in name else f" (target ≤ 2 s) {'met' if median <= 2 else 'NOT met'}"
        )
        lines.append(f"- preview after saving a {name}: {median:.2f} s median ({runs}){verdict}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Seconds from saving an edit to seeing it in build.py serve."
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--warmup",
        type=int,
        default=2,
        help="rounds of edits before the measured ones (default: 2)",
    )
    parser.add_argument("--verbose", action="store_true", help="show the server's output")
    args = parser.parse_args(argv)
    results = measure_preview(
        args.runs,
        args.warmup,
        progress=(lambda line: print(line, file=sys.stderr)) if args.verbose else None,
    )
    print("\n".join(report(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
