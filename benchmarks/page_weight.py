"""Page weight: what a reader's browser transfers on a cold first load, per page type.

``.venv/bin/python benchmarks/page_weight.py [--lang en]``

For one page of each kind (tests/conftest.py ``PAGE_TYPES``) in each language,
Chromium (Debian's, via Playwright) loads the page in a fresh profile (cold
cache) from a local server and every request is recorded until the network is
idle. Bytes are counted as a server would send them: text (HTML, CSS, JS,
JSON, SVG, XML) gzipped at level 6, everything else (PNG, fonts) as stored;
HTTP headers are not counted. The search index is counted apart: the budget
excludes it until the search box is used, though Material fetches it at load.

The same pages are built as a stock Material site from the same staged
Markdown with a plain mkdocs.yml (``benchmarks/run.py stock_config``: theme
material, search, attr_list/tables/toc, font: false because Google Fonts cannot
be reached here; with Material's default font setting a stock page would also
make three requests to fonts.googleapis.com / fonts.gstatic.com).

Budget (issue 7): a project page at most 200 KB and 15 requests, fonts
included, search index excluded. Exits 1 when the budget is exceeded.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import real_project, stock_config  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, LANGS, PAGE_TYPES, serve_directory  # noqa: E402

BUDGET = {"project": (200_000, 15)}
COMPRESSED_SUFFIXES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
SEARCH_INDEX = "search/search_index.json"


def wire_bytes(file: Path) -> int:
    """Bytes on the wire for ``file``: gzip level 6 for text, as stored otherwise."""
    data = file.read_bytes()
    return len(gzip.compress(data, 6, mtime=0)) if file.suffix in COMPRESSED_SUFFIXES else len(data)


def served_file(site: Path, base: str, url: str) -> Path | None:
    """The file a local request was answered with (``dir/`` → ``dir/index.html``)."""
    if not url.startswith(base):
        return None
    path = site / unquote(urlsplit(url).path.removeprefix(urlsplit(base).path))
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def weigh(browser, site: Path, base: str, page_path: str) -> dict:
    """Cold first load of one page: request count and bytes, the search index apart."""
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    context.route(lambda url: not url.startswith(base), lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(base + page_path, wait_until="networkidle")
    finally:
        context.close()
    weight = {"requests": 0, "bytes": 0, "index_bytes": 0, "elsewhere": []}
    for url in requests:
        if not url.startswith(base):
            weight["elsewhere"].append(url)
            weight["requests"] += 1
            continue
        file = served_file(site, base, url)
        size = wire_bytes(file) if file else 0
        if url.endswith(SEARCH_INDEX):
            weight["index_bytes"] += size
        else:
            weight["requests"] += 1
            weight["bytes"] += size
    return weight


def build_sites(work: Path) -> tuple[Path, Path]:
    """Our site, built now from a copy of the real content,
    and the stock Material site of the same pages."""
    from briefing.pipeline import Paths, build

    project = real_project(work / "project")
    build(Paths(project))
    stock = work / "stock-site"
    for lang in LANGS:
        config = stock_config(project / ".cache" / "stage" / lang, work / f"stock-{lang}")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                str(config),
                "-d",
                str(stock / lang),
            ],
            check=True,
            capture_output=True,
        )
    return project / "site", stock


def kb(n: int) -> str:
    return f"{n / 1000:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lang", choices=LANGS, action="append", help="only these languages (default: both)"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    over = []
    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp:
        site, stock = build_sites(Path(tmp))
        ours_server, ours_url = serve_directory(site)
        stock_server, stock_url = serve_directory(stock)
        print(
            "| page | ours KB (gzip) | ours requests | stock KB (gzip) | stock requests "
            "| search index KB ours / stock |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for lang in args.lang or LANGS:
                for kind, path in PAGE_TYPES.items():
                    ours = weigh(browser, site, ours_url, f"{lang}/{path}")
                    theirs = weigh(browser, stock, stock_url, f"{lang}/{path}")
                    print(
                        f"| {lang} {kind} | {kb(ours['bytes'])} | {ours['requests']} "
                        f"| {kb(theirs['bytes'])} | {theirs['requests']} "
                        f"| {kb(ours['index_bytes'])} / {kb(theirs['index_bytes'])} |"
                    )
                    for url in ours["elsewhere"]:
                        print(f"  ! {lang} {kind} requested another host: {url}")
                    if kind in BUDGET:
                        max_bytes, max_requests = BUDGET[kind]
                        if ours["bytes"] > max_bytes or ours["requests"] > max_requests:
                            over.append(
                                f"{lang} {kind}: {kb(ours['bytes'])} KB in {ours['requests']} "
                                f"requests (budget {kb(max_bytes)} KB, {max_requests})"
                            )
            browser.close()
        ours_server.shutdown()
        stock_server.shutdown()
    for kind, (max_bytes, max_requests) in BUDGET.items():
        print(
            f"\nbudget for a {kind} page: {kb(max_bytes)} KB and {max_requests} requests "
            f"(search index excluded): {'exceeded' if over else 'met'}"
        )
    for line in over:
        print(f"  over budget: {line}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
