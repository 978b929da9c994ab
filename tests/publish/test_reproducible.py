"""The same inputs build to the same bytes: every page, search index, sitemap and PDF.

Dates written into files come from the commit (``buildinfo``), never from the
clock, so building again — later, elsewhere, in another order — changes nothing.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.books.pdf_cache import CACHE_FOLDER
from briefing.buildinfo import build_info
from briefing.engine import _source_date_epoch
from briefing.pipeline import Paths

ROOT = Path(__file__).resolve().parents[2]


def hashes(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def build_py(root: Path, *flags: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "build", *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr


# The PDFs the second build lays out again; it takes the others from the first build's PDF
# cache, which it may only do when their HTML, stylesheet and files hash the same (so those
# are compared through their inputs, and these through WeasyPrint's output too).
LAID_OUT_AGAIN = (
    "ko/downloads/briefing-ko.pdf",  # the book: contents, bookmarks, links, Korean
    "en/downloads/packs/moment-state-visit-2019-en.pdf",
    # two fact sheets, laid out as a batch of two (the first build laid them out among all)
    "en/downloads/projects/almaty-ring-road.pdf",
    "en/downloads/projects/turkistan-highway.pdf",
)


def test_building_twice_gives_byte_identical_files(built_books: Paths, tmp_path: Path) -> None:
    """The run's shared build and ``build.py build`` on a copy of its inputs write the same bytes.

    The shared build made the HTML in this process, each language in an engine
    process, and the PDFs afterwards as ``build.py pdf`` makes them; the second
    build makes both languages in one process (``--serial``), so nothing one
    language leaves in the process (Kiwi's caches) may change the other. It starts
    cold but for the PDF cache, less the entries of ``LAID_OUT_AGAIN``.
    """
    second = tmp_path / "second"
    shutil.copytree(built_books.root, second, ignore=shutil.ignore_patterns("site", ".cache"))
    one = hashes(built_books.site_dir)
    again = {one[name] for name in LAID_OUT_AGAIN}
    cache = second / ".cache" / CACHE_FOLDER
    shutil.copytree(built_books.cache_dir / CACHE_FOLDER, cache)
    removed = {}
    for entry in cache.iterdir():
        pdf = entry.read_bytes()
        if hashlib.sha256(pdf).hexdigest() in again:
            removed[entry.name] = pdf
            entry.unlink()
    assert len(removed) == len(LAID_OUT_AGAIN), "each PDF laid out again had its cache entry"

    build_py(second, "--serial")
    two = hashes(second / "site")
    kinds = {Path(name).suffix for name in one}
    assert {".html", ".json", ".xml", ".gz", ".pdf"} <= kinds, (
        f"the comparison covers pages, search indexes, sitemaps and PDFs: {sorted(kinds)}"
    )
    print(f"{len(one)} files compared; kinds: {' '.join(sorted(kinds))}")
    assert sorted(two) == sorted(one), "the two builds wrote different files"
    assert sorted(name for name in one if one[name] != two[name]) == []
    # laid out again from the same inputs (the same keys), not found elsewhere
    assert {name: (cache / name).read_bytes() for name in removed} == removed


def test_sitemaps_are_dated_by_the_commit_not_the_clock(built: Paths) -> None:
    commit_day = build_info(built.root).timestamp.date()
    midnight = int(
        datetime.datetime.combine(commit_day, datetime.time(), tzinfo=datetime.UTC).timestamp()
    )
    for lang in ("ko", "en"):
        sitemap = (built.site_dir / lang / "sitemap.xml").read_text(encoding="utf-8")
        assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {commit_day.isoformat()}
        packed = (built.site_dir / lang / "sitemap.xml.gz").read_bytes()
        assert struct.unpack("<I", packed[4:8])[0] == midnight, "gzip header time"
        assert gzip.decompress(packed).decode("utf-8") == sitemap


def test_the_engine_dates_its_output_from_the_last_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.utils import get_build_date, get_build_timestamp

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / "data" / "places.yaml").write_text("places: []\n", encoding="utf-8")
    when = "2024-05-06T07:08:09+00:00"
    git = ["git", "-C", str(root), "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run(
        [*git, "commit", "-q", "-m", "data"],
        check=True,
        env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "PATH": "/usr/bin:/bin"},
    )
    with _source_date_epoch(root):
        assert get_build_date() == "2024-05-06"
        assert get_build_timestamp() == int(datetime.datetime.fromisoformat(when).timestamp())
    import os

    assert "SOURCE_DATE_EPOCH" not in os.environ, "the engine leaves the environment as it found it"
