"""Editions: commits in a temporary repository (edition-1 tagged, then a status changed, a
project added, an amount changed), built; the What changed page, the feed, the footers and
the book's annex say so in both languages. A copy without git history still builds."""

from __future__ import annotations

import html
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.buildinfo import build_info
from briefing.inputs import copy_build_inputs, load_inputs
from briefing.inputs.editions import edition_history
from briefing.pipeline import Paths, build
from tests.helpers import ROOT, git

ATOM = "{http://www.w3.org/2005/Atom}"
PROJECT = "turkistan-highway"
ADDED = """  - id: turkistan-bypass
    name: {ko: 투르키스탄 우회도로, en: Turkistan bypass road}
    sector: transport
    kind: facility
    location: turkistan
    status:
      value: planned
      as_of: 2019-09-27
      source: newspim-2019-09-27
    summary:
      ko: 투르키스탄 시 외곽을 도는 도로 계획이다.
      en: A planned road around the city of Turkistan.
    sources: [newspim-2019-09-27]
    updated: 2026-12-01
"""


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def built_site(root: Path) -> Paths:
    build_info.cache_clear()  # the commit and its tags changed since the last build
    paths = Paths(root)
    build(paths, books=False)
    return paths


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repository(tmp_path_factory.mktemp("editions") / "briefing")


def make_repository(target: Path) -> Path:
    """A copy of the project in a new repository: edition-1 tagged, then three commits
    (a status, a new project, an amount)."""
    root = copy_build_inputs(ROOT, target)
    git(root, "init", "-q", "-b", "main")
    commit(root, "First edition")
    git(root, "tag", "edition-1")
    projects = root / "data" / "projects.yaml"
    block = f"  - id: {PROJECT}\n"
    text = projects.read_text(encoding="utf-8")
    start = text.index(block)
    end = text.index("  - id: ", start + len(block))
    record = text[start:end]
    changed = record.replace(
        "      value: tender-delayed\n      as_of: 2019-09-27\n",
        "      value: under-construction\n      as_of: 2026-12-01\n",
    )
    assert changed != record
    projects.write_text(text[:start] + changed + text[end:], encoding="utf-8")
    commit(root, "Turkistan highway: under construction")
    edit(projects, f"  - id: {PROJECT}\n", ADDED + f"  - id: {PROJECT}\n")
    commit(root, "Add the Turkistan bypass")
    edit(projects, "      - value: 480000000\n", "      - value: 520000000\n")
    commit(root, "Turkistan highway: a larger budget")
    return root


def article_text(site: Path, lang: str, page: str) -> str:
    source = (site / lang / page / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", source, re.S)
    assert article, page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article.group(0))).split())


def footer_text(site: Path, lang: str, page: str) -> str:
    source = (site / lang / page / "index.html").read_text(encoding="utf-8")
    footer = re.search(r'<div class="md-copyright">.*?</div>\s*</div>', source, re.S)
    assert footer, page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", footer.group(0))).split())


EXPECTED = {
    "ko": [
        "투르키스탄 고속도로 사업의 상태 변경: 발주 지연(2019년 9월 27일 기준) "
        "→ 건설 중(2026년 12월 1일 기준).",
        "프로젝트 추가: 투르키스탄 우회도로.",
        "투르키스탄 고속도로 사업의 사업 규모 변경: 4억 8,000만 달러 → 5억 2,000만 달러",
    ],
    "en": [
        "Status of Turkistan highway project changed from Tender delayed (as of 27 September "
        "2019) to Under construction (as of 1 December 2026).",
        "Project Turkistan bypass road added.",
        "Project size of Turkistan highway project changed from $480 million to $520 million",
    ],
}
SINCE = {"ko": "제1판", "en": "Edition 1"}


@pytest.mark.build
def test_what_changed_lists_the_commits_since_the_tagged_edition(repository: Path) -> None:
    paths = built_site(repository)
    commit_id = git(repository, "rev-parse", "--short=10", "HEAD")
    for lang, sentences in EXPECTED.items():
        page = article_text(paths.site_dir, lang, "changes")
        for sentence in sentences:
            assert sentence in page, (lang, sentence, page[:3000])
        assert SINCE[lang] in page  # compared with edition-1
        assert "Pavlodar" not in page and "파블로다르" not in page  # unchanged records stay out
        # every page's footer names this (untagged) edition by its date and commit
        for where in ("", "changes", f"projects/{PROJECT}"):
            footer = footer_text(paths.site_dir, lang, where)
            assert commit_id in footer, (lang, where, footer)
        assert ("판" if lang == "ko" else "Edition of") in footer_text(paths.site_dir, lang, "")
        not_found = (paths.site_dir / lang / "404.html").read_text(encoding="utf-8")
        assert commit_id in not_found  # a page without front matter names it too

    feed = ET.parse(paths.site_dir / "en" / "feed.xml").getroot()
    changes = [
        entry.findtext(f"{ATOM}title") or ""
        for entry in feed.iter(f"{ATOM}entry")
        if entry.find(f"{ATOM}category").get("term") == "change"
    ]
    assert any(EXPECTED["en"][0] in title for title in changes), changes
    assert any("Turkistan bypass road" in title for title in changes), changes
    ko_feed = (paths.site_dir / "ko" / "feed.xml").read_text(encoding="utf-8")
    assert EXPECTED["ko"][1] in ko_feed


@pytest.mark.build
def test_a_tagged_edition_is_named_and_keeps_its_changes(repository: Path) -> None:
    git(repository, "tag", "edition-2")
    try:
        paths = built_site(repository)
    finally:
        git(repository, "tag", "-d", "edition-2")
    for lang, name in (("ko", "제2판"), ("en", "Edition 2")):
        assert name in footer_text(paths.site_dir, lang, "")
        page = article_text(paths.site_dir, lang, "changes")
        assert name in page and SINCE[lang] in page
        assert EXPECTED[lang][1] in page
        # edition 1, the first, is listed with nothing to compare it with
        assert ("첫 판입니다" if lang == "ko" else "The first edition") in page
    edition = (paths.site_dir / "en" / "downloads" / "edition.json").read_text(encoding="utf-8")
    assert '"tag": "edition-2"' in edition and '"tag": "edition-1"' in edition


@pytest.mark.pdf
def test_the_book_has_an_annex_of_changes(repository: Path, tmp_path: Path) -> None:
    from briefing.books import book

    build_info.cache_clear()
    paths = Paths(repository)
    data, content, _ = load_inputs(paths)
    history = edition_history(repository, paths.briefing.editions)
    for lang in ("ko", "en"):
        job = book.BookJob(repository, lang, data, content[lang], tmp_path, history=history)
        result = book.write_language(job, (book.BOOK,))
        reader = PdfReader(tmp_path / result.book)
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
        squashed = text.replace(" ", "")
        title = (
            "이전 판 이후 변경 사항"
            if result.lang == "ko"
            else "Changes since the previous edition"
        )
        assert title.replace(" ", "") in squashed
        for sentence in EXPECTED[result.lang][:2]:
            assert sentence.replace(" ", "") in squashed, (result.lang, sentence)
        assert git(repository, "rev-parse", "--short=10", "HEAD") in text  # on the cover
        assert git(repository, "rev-parse", "--short=10", "HEAD") in str(
            reader.metadata.get("/Subject", "")
        )


@pytest.mark.build
def test_without_history_the_page_says_so_and_the_build_succeeds(tmp_path: Path) -> None:
    root = copy_build_inputs(ROOT, tmp_path / "archive")
    env = os.environ.get("GIT_CEILING_DIRECTORIES")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path)  # no repository above the copy
    try:
        paths = built_site(root)
    finally:
        if env is None:
            del os.environ["GIT_CEILING_DIRECTORIES"]
        else:
            os.environ["GIT_CEILING_DIRECTORIES"] = env
    assert "not available" in article_text(paths.site_dir, "en", "changes")
    assert "이력이 없어" in article_text(paths.site_dir, "ko", "changes")
    assert "Edition of" in footer_text(paths.site_dir, "en", "")


def test_a_figure_of_another_kind_is_added_not_changed(repository: Path) -> None:
    """Figures are compared only with one of the same kind, currency and unit."""
    from briefing.inputs.editions import _Snapshot, compare
    from briefing.inputs.load import parse_yaml_bytes
    from briefing.model import Project

    text = (repository / "data" / "projects.yaml").read_bytes()
    raw = next(
        p
        for p in parse_yaml_bytes(text, "data/projects.yaml").data["projects"]
        if p["id"] == PROJECT
    )
    old = Project.of(raw)
    other_kind = dict(raw, amounts=[dict(raw["amounts"][0], kind="investment", value=1)])
    other_currency = dict(raw, amounts=[dict(raw["amounts"][0], currency="EUR", value=1)])
    for changed in (other_kind, other_currency):
        changes = compare(
            _Snapshot({"project": {PROJECT: old}}),
            _Snapshot({"project": {PROJECT: Project.of(changed)}}),
        )
        assert [c.what for c in changes] == ["figure-added"]


@pytest.mark.parametrize(
    "editions,named",
    [
        ({"window_days": 0}, "window_days"),
        ({"listed": "five"}, "listed"),
        ({"tag_prefix": ""}, "tag_prefix"),
        ("edition-", "editions"),
    ],
)
def test_bad_editions_settings_name_the_key(editions: object, named: str) -> None:
    import yaml

    from briefing.config import ConfigError, parse_config

    raw = yaml.safe_load((ROOT / "briefing.yml").read_text(encoding="utf-8"))
    with pytest.raises(ConfigError, match=named):
        parse_config({**raw, "editions": editions})
    assert parse_config({**raw, "editions": {"window_days": 30}}).editions.window_days == 30
