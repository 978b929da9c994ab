"""Briefing packs: one moment's or one sector's pages, their listing, and reuse between builds."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

from briefing.books import book
from briefing.books.packs import label_packs
from briefing.config import read_config
from briefing.inputs.content import ContentPage
from briefing.inputs.editions import edition_history
from briefing.model import Text
from briefing.pipeline import Paths, load_inputs
from briefing.views.packs import MOMENT, SECTOR, packs_of
from tests.books.test_book import (
    LANGS,
    generated_words,
    page_numbers,
    source_words,
    split_words,
    squash,
)


def pack_pdf(paths: Paths, lang: str, path: str) -> Path:
    return paths.site_dir / lang / path


def fact_sheet_names(pdf: Path) -> list[str]:
    """The title of every fact sheet in the pack, from its bookmarks (h2 of each sheet)."""
    reader = PdfReader(pdf)
    found = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append(item.title)

    walk(reader.outline)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_each_pack_holds_exactly_its_projects(built_books: Paths, lang: str) -> None:
    data, _, _ = load_inputs(built_books)
    packs = packs_of(data)
    assert {p.kind for p in packs} == {MOMENT, SECTOR}
    # every anchor moment has a pack, and every sector that has projects
    assert {p.id for p in packs if p.kind == MOMENT} == {e.id for e in data.anchors()}
    assert {p.id for p in packs if p.kind == SECTOR} == {p.sector for p in data.projects.values()}
    for pack in packs:
        pdf = pack_pdf(built_books, lang, pack.path(lang))
        reader = PdfReader(pdf)
        text = squash("".join(page.extract_text() for page in reader.pages))
        names = {p: squash(data.projects[p].name[lang]) for p in data.projects}
        own = {names[p] for p in pack.projects}
        assert own, pack
        for project_id, name in names.items():
            inside = project_id in pack.projects
            # a fact sheet is a bookmark of the pack: exactly the pack's projects have one
            sheets = {squash(title) for title in fact_sheet_names(pdf)}
            assert (name in sheets) == inside, f"{pdf.name}: {project_id}"
            if inside:
                assert name in text, f"{pdf.name} lacks {project_id}"
        # each figure keeps its date and source: every cited source of the pack is in its annex
        for project_id in pack.projects:
            for source_id in data.projects[project_id].sources:
                outlet = squash(data.sources[source_id].outlet[lang])
                assert outlet in text, f"{pdf.name}: source {source_id}"
        subject = (
            data.events[pack.id].title[lang] if pack.kind == MOMENT else None
        )  # a sector's title is its label
        if subject:
            assert squash(subject) in squash(reader.pages[0].extract_text())


@pytest.mark.parametrize("lang", LANGS)
def test_a_pack_is_numbered_as_itself_after_its_cover(built_books: Paths, lang: str) -> None:
    data, _, _ = load_inputs(built_books)
    for pack in packs_of(data):
        reader = PdfReader(pack_pdf(built_books, lang, pack.path(lang)))
        total = len(reader.pages)
        # a few pages: cover, story or overview with the timeline (the 2019 story runs to
        # several), a sheet a project, sources
        assert total <= 2 + len(pack.projects) + 8, pack
        numbers = [
            page_numbers(lang, built_books.root, page.extract_text()) for page in reader.pages
        ]
        assert numbers[0] == []  # the cover
        assert numbers[1:] == [[(n, total)] for n in range(2, total + 1)], pack.id


@pytest.mark.parametrize("lang", LANGS)
def test_the_downloads_page_lists_every_pack_with_its_pages_and_size(
    built_books: Paths, lang: str
) -> None:
    data, _, _ = load_inputs(built_books)
    page = built_books.site_dir / lang / "downloads" / "index.html"
    text = page.read_text(encoding="utf-8")
    listed = re.findall(
        r'<a class="kz-download-link kz-pack" href="([^"]+)"[^>]*>.*?'
        r'<span class="kz-pack-facts" data-pack="[^"]+">([^<]+)</span>',
        text,
    )
    expected = [pack_pdf(built_books, lang, pack.path(lang)) for pack in packs_of(data)]
    assert [Path(urljoin(page.as_posix(), href)) for href, _ in listed] == expected
    size_word = {"en": "pages", "ko": "쪽"}[lang]
    for (_, facts), pdf in zip(listed, expected, strict=True):
        pages = len(PdfReader(pdf).pages)
        assert facts.startswith(f"{pages}{' ' if lang == 'en' else ''}{size_word}"), facts
        assert f"{round(pdf.stat().st_size / 1000):,} kB" in facts


@pytest.mark.parametrize("lang", LANGS)
def test_event_pages_and_the_projects_page_link_their_packs(built_books: Paths, lang: str) -> None:
    data, _, _ = load_inputs(built_books)
    for event in data.events.values():
        chapter = data.chapter_of(event)
        page = built_books.site_dir / lang / "events" / event.id / "index.html"
        links = re.findall(
            r'<p class="kz-pack-link"><a href="([^"]+)"', page.read_text(encoding="utf-8")
        )
        want = (
            [built_books.site_dir / lang / f"downloads/packs/moment-{chapter.id}-{lang}.pdf"]
            if chapter
            else []
        )
        assert [Path(urljoin(page.as_posix(), href)) for href in links] == want, event.id
        assert all(path.is_file() for path in want)
    projects = built_books.site_dir / lang / "projects" / "index.html"
    text = projects.read_text(encoding="utf-8")
    packs = text[text.index('<ul class="kz-packs">') :]
    hrefs = re.findall(r'<a href="([^"]+\.pdf)"', packs)
    assert sorted(Path(urljoin(projects.as_posix(), h)).name for h in hrefs) == sorted(
        f"sector-{sector}-{lang}.pdf" for sector in {p.sector for p in data.projects.values()}
    )


def test_a_second_build_lays_out_no_pack_and_a_change_only_the_packs_it_touches(
    built_books: Paths, tmp_path: Path
) -> None:
    data, content, _ = load_inputs(built_books)
    # the editions as the build read them: the book's annex and covers come from them
    history = edition_history(built_books.root, read_config(built_books.root).editions)
    cache_dir = built_books.cache_dir
    # the build that made the site left every PDF in its cache: the book, sheets and packs
    again = book.write_language(
        book.BookJob(
            built_books.root,
            "en",
            data,
            content["en"],
            tmp_path,
            history=history,
            cache_dir=cache_dir,
        )
    )
    assert again.rendered == 0
    assert len(again.packs) == len(packs_of(data))
    assert len(again.sheets) == len(data.projects)
    assert again.pages == len(PdfReader(built_books.site_dir / again.book).pages)
    for path in [again.book, *again.sheets, *again.packs]:
        assert (tmp_path / path).read_bytes() == (built_books.site_dir / path).read_bytes()
    # one project renamed: only the packs that hold it are laid out again
    project_id = next(p.id for p in data.projects.values() if p.sector == "energy")
    project = data.projects[project_id]
    name = {**project.name.as_dict(), "en": "Renamed filling stations"}
    renamed = replace(project, name=Text(tuple(name.items())))
    changed = replace(data, projects={**data.projects, project_id: renamed})
    holding = [p for p in packs_of(changed) if project_id in p.projects]
    result = book.write_language(
        book.BookJob(
            built_books.root,
            "en",
            changed,
            content["en"],
            tmp_path / "2",
            history=history,
            cache_dir=cache_dir,
        ),
        (book.PACKS,),
    )
    assert result.rendered == len(holding) >= 2
    sector_pack = tmp_path / "2" / "en" / f"downloads/packs/sector-{project.sector}-en.pdf"
    text = "".join(page.extract_text() for page in PdfReader(sector_pack).pages)
    assert "Renamedfillingstations" in squash(text)


def test_packs_not_laid_out_are_listed_without_facts(built_books: Paths, tmp_path: Path) -> None:
    # the preview carries PDFs over; a pack with no file keeps an empty label, not a wrong one
    page = tmp_path / "en" / "downloads" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<span class="kz-pack-facts" data-pack="downloads/packs/sector-x-en.pdf"></span>'
        '<span class="kz-pack-facts" data-pack="../../../etc/passwd"></span>',
        encoding="utf-8",
    )
    assert label_packs(built_books.root, tmp_path) == 0
    assert "</span>" in page.read_text(encoding="utf-8")
    assert re.findall(r">([^<]*)</span>", page.read_text(encoding="utf-8")) == ["", ""]


def test_no_korean_word_of_a_pack_is_split_at_a_line_end(built_books: Paths) -> None:
    data, content, _ = load_inputs(built_books)
    writer = book.BookWriter(
        book.BookJob(built_books.root, "ko", data, content["ko"], built_books.site_dir)
    )
    for pack in packs_of(data):
        pdf = pack_pdf(built_books, "ko", pack.path("ko"))
        words = source_words(writer.pack_html(pack)) | generated_words(
            built_books, "ko", len(PdfReader(pdf).pages)
        )
        assert split_words(pdf, words) == [], pdf.name


def test_a_sector_overview_is_generated_unless_an_editor_wrote_one(built_books: Paths) -> None:
    data, content, _ = load_inputs(built_books)
    pack = next(p for p in packs_of(data) if p.kind == SECTOR and p.id == "energy")

    def pack_html(pages: dict[str, ContentPage]) -> str:
        job = book.BookJob(built_books.root, "en", data, pages, built_books.site_dir)
        return book.BookWriter(job).pack_html(pack)

    generated = pack_html(content["en"])
    # a source the sector's projects do not cite
    source_id = next(s for s in data.sources if f'id="src-{s}"' not in generated)
    written = ContentPage(
        "sectors/energy.md",
        "en",
        "content/en/sectors/energy.md",
        {"title": "Energy"},
        f"Gas and power lines, in our words. ([cited](../sources.md#{source_id}))\n",
    )
    edited = pack_html({**content["en"], "sectors/energy.md": written})
    lead = "project of the briefing is in this sector"
    assert lead in generated and "Gas and power lines" not in generated
    assert "Gas and power lines" in edited and lead not in edited
    # the sources the overview cites join the pack's annex
    assert f'id="src-{source_id}"' in edited
