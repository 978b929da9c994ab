"""Search benchmark: ours against stock Material search, on the same content, in one run.

    .venv/bin/python benchmarks/search_bench.py [--projects 1000] [--seed 0]

Prints
* recall@3 of tests/site/search_queries.yaml for ko and en, for our search and for
  stock Material search (the same build with the search plugin indexing the
  pages itself and nothing extending its index: ``STOCK_SEARCH``),
  typed into the search box of headless Chromium;
* what a reader downloads for search per language, gzip (index + our worker
  language pack), beside stock's index;
* the time from keystroke to results shown, typing words of project titles
  letter by letter on the synthetic site of ``--projects`` projects
  (benchmarks/synthetic.py), for ours and stock.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent

from benchmarks.run import BUILD_WORKER  # noqa: E402
from briefing.engine import search_words as search  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, copy_project, serve_directory  # noqa: E402
from tests.site.test_search_browser import TOP, evaluate, load_queries, open_search, run_query  # noqa: E402

LANGS = ("ko", "en")

# Stock Material search, run in the build's child process before it builds: the
# search plugin indexes every page itself (no page is left to
# engine/search_index.py) and search.py leaves that index as it is. The engine's
# processes are forked from that process after this ran, so they inherit it.
STOCK_SEARCH = """
from briefing.engine import search_words as search
from briefing.engine import search_index
search_index.leave_page_to_us = lambda meta: None
search_index.SearchDocuments.write = lambda self, site_dir: None
search.write_search = lambda site_dir, data, reader: None
search.read_ahead = lambda data, texts, reader: None
"""


def build(root: Path, stock: bool) -> str:
    """Build ``root``'s HTML in a child process, as in real use; returns wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # the HTML alone (as build.py serve builds it): search does not need the PDF books
    html_only = BUILD_WORKER.format(root=str(ROOT), project=str(root), books=False)
    if stock:
        html_only = html_only.replace(
            "from briefing.pipeline import", STOCK_SEARCH + "from briefing.pipeline import", 1
        )
    subprocess.run([sys.executable, "-c", html_only], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    for lang in LANGS:  # what the comparison is about: stock is Material's index, ours is extended
        config = json.loads(search.index_path(root / "site" / lang).read_text(encoding="utf-8"))[
            "config"
        ]
        if (config["lang"] == [search.PACK]) == stock:
            raise SystemExit(
                f"{root}: the {'stock' if stock else 'extended'} search index was not built"
            )
    return f"{wall:.1f} s wall, {cpu:.1f} s CPU (both languages)"


def gzip_size(site_dir: Path) -> dict[str, int]:
    """Bytes a reader downloads for search, gzip-compressed: the index and the language pack."""
    sizes = {}
    for name, path in (
        ("index", search.index_path(site_dir)),
        ("pack", search.pack_path(site_dir)),
    ):
        sizes[name] = len(gzip.compress(path.read_bytes(), 9)) if path.exists() else 0
    return sizes


def download_size(site: Path) -> dict[str, int]:
    index = search.index_path(site)
    sizes = gzip_size(site)
    sizes["raw"] = index.stat().st_size
    sizes["stock_gzip"] = len(gzip.compress(index.read_bytes(), 9))
    return sizes


def recall(browser, site_url: str) -> dict[str, tuple[int, int, list[str]]]:
    found = {}
    queries = load_queries()
    for lang in LANGS:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        open_search(page, site_url, lang)
        rows = evaluate(page, site_url, lang, queries[lang])
        page.close()
        hits = [r for r in rows if r["rank"] and r["rank"] <= TOP]
        found[lang] = (len(hits), len(rows), [str(r["query"]) for r in rows if r not in hits])
    return found


def typing_words(site: Path, lang: str, count: int, seed: int) -> list[str]:
    """Words of project titles of the built site, as a reader would type them."""
    docs = json.loads(search.index_path(site / lang).read_text(encoding="utf-8"))["docs"]
    titles = [
        d["title"]
        for d in docs
        if d["location"].startswith("projects/")
        and "#" not in d["location"]
        and d["location"] != "projects/"
    ]
    words = sorted({w for t in titles for w in t.split() if len(w) >= 2 and w.isalpha()})
    return random.Random(seed).sample(words, min(count, len(words)))


def keystroke_times(
    browser, site_url: str, site: Path, lang: str, seed: int
) -> tuple[list[float], float]:
    """Milliseconds from each keystroke to its results, typing words letter by letter;
    and worker start-up.

    Each word replaces the previous one in the box, as when a reader selects
    the query and types over it."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    started = time.perf_counter()
    open_search(page, site_url, lang)
    ready = time.perf_counter() - started
    times = []
    for word in typing_words(site, lang, 12, seed):
        for end in range(1, len(word) + 1):
            times.append(run_query(page, word[:end])[1])
    page.close()
    return times, ready


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    slow = sum(t > 100 for t in ordered)
    return (
        f"median {statistics.median(ordered):6.1f} ms  p95 {p95:6.1f} ms  "
        f"max {ordered[-1]:6.1f} ms  over 100 ms: {slow} of {len(ordered)} keystrokes"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--projects",
        type=int,
        default=1000,
        help="projects on the synthetic site for the timing (0: skip)",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        tmp = Path(tmp)
        roots = {"ours": copy_project(tmp / "ours"), "stock": copy_project(tmp / "stock")}
        for name, root in roots.items():
            print(
                f"build real content, {name} search: {build(root, stock=name == 'stock')}",
                flush=True,
            )
        synthetic = {}
        if args.projects:
            from benchmarks.synthetic import generate

            base = generate(tmp / "synthetic-ours", args.projects, seed=args.seed)
            synthetic = {"ours": base, "stock": tmp / "synthetic-stock"}
            shutil.copytree(
                base, synthetic["stock"], ignore=shutil.ignore_patterns("site", ".cache")
            )
            for name, root in synthetic.items():
                print(
                    f"build {args.projects} synthetic projects, {name} search: "
                    f"{build(root, stock=name == 'stock')}",
                    flush=True,
                )

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            servers = []
            try:
                print(f"\nrecall@{TOP} (tests/site/search_queries.yaml, typed in Chromium)")
                for name, root in roots.items():
                    server, url = serve_directory(root / "site")
                    servers.append(server)
                    for lang, (hits, total, missed) in recall(browser, url).items():
                        print(
                            f"  {name:5} {lang}: {hits}/{total} = {hits / total:6.1%}"
                            + (f"   missed: {', '.join(missed)}" if missed else "")
                        )

                print("\nsearch download per language, gzip -9 (real content)")
                for lang in LANGS:
                    ours = download_size(roots["ours"] / "site" / lang)
                    stock = download_size(roots["stock"] / "site" / lang)
                    print(
                        f"  {lang}: ours {(ours['index'] + ours['pack']) / 1024:6.1f} KB "
                        f"(index {ours['index'] / 1024:.1f} KB + "
                        f"worker pack {ours['pack'] / 1024:.1f} KB; "
                        f"index raw {ours['raw'] / 1024:.0f} KB)"
                        f"   stock index {stock['stock_gzip'] / 1024:6.1f} KB"
                    )

                if synthetic:
                    print(
                        f"\nkeystroke to results shown, {args.projects} synthetic projects "
                        "(project-title words typed letter by letter;"
                        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
                    )
                    for name, root in synthetic.items():
                        server, url = serve_directory(root / "site")
                        servers.append(server)
                        for lang in LANGS:
                            times, ready = keystroke_times(
                                browser, url, root / "site", lang, args.seed
                            )
                            size = download_size(root / "site" / lang)
                            total = (
                                (size["index"] + size["pack"])
                                if name == "ours"
                                else size["stock_gzip"]
                            )
                            print(
                                f"  {name:5} {lang}: {summary(times)}; "
                                f"search ready after {ready:.1f} s; "
                                f"download {total / 1024:.0f} KB gzip"
                            )
            finally:
                for server in servers:
                    server.shutdown()
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
