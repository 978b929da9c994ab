"""The printed briefing books and project fact sheets, read back with a PDF library and poppler."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from briefing.books import book
from briefing.buildinfo import build_info
from briefing.diagnostics import InputError
from briefing.pipeline import Paths, build, load_inputs, publish_books
from briefing.views.i18n import load_language
from briefing.views.packs import packs_of
from tests.helpers import copy_project

LANGS = ("ko", "en")
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")


def book_pdf(paths: Paths, lang: str) -> Path:
    return paths.site_dir / lang / book.BOOK_PATH.format(lang=lang)


def records(paths: Paths, name: str) -> list[dict]:
    return yaml.safe_load((paths.root / "data" / f"{name}.yaml").read_text(encoding="utf-8"))[name]


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def squash(text: str) -> str:
    """Text without whitespace or invisible joiners, for comparing across line breaks."""
    return re.sub(r"[\s\u2060]+", "", text)


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, as poppler reads it (pages are separated by form feeds)."""
    return pdftotext(pdf, "-layout").split("\f")


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every bookmark, in order."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


# -- the Korean line-break check --------------------------------------------------------
class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title", "head"):
            self.skip += 1
        elif tag in ("br", "p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "div", "tr"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("style", "title", "head"):
            self.skip -= 1
        elif tag in ("p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "div", "tr"):
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def source_words(html: str) -> set[str]:
    parser = _Text()
    parser.feed(html)
    return {w for w in "".join(parser.parts).replace("\u2060", "").split() if w}


def ends_between_syllables(line_end: str, words: set[str]) -> bool:
    """True if ``line_end`` (the last token of a printed line)
    stops inside a Korean word of the source.

    A line may end where the source has a space, or at punctuation inside a
    token ("한-" of "한-카자흐스탄"); it may not end between two Hangul letters.
    """
    if not line_end or not HANGUL.match(line_end[-1]):
        return False
    for word in words:
        start = word.find(line_end)
        while start != -1:
            end = start + len(line_end)
            if end == len(word) or not HANGUL.match(word[end]):
                return False
            start = word.find(line_end, start + 1)
    return True


def split_words(pdf: Path, words: set[str]) -> list[str]:
    """Every printed line (or table column of a line) whose last token is a broken Korean word."""
    broken = []
    for number, page in enumerate(page_texts(pdf), start=1):
        for line in page.splitlines():
            for column in re.split(r"\s{2,}", line.strip()):
                tokens = column.split()
                if tokens and ends_between_syllables(tokens[-1], words):
                    broken.append(f"page {number}: …{column[-30:]}")
    return broken


def generated_words(paths: Paths, lang: str, pages: int) -> set[str]:
    """Words the stylesheet adds (page references and "page X of Y"), which are not in the HTML."""
    t = load_language(lang, paths.root).gettext
    words = set()
    for n in range(1, pages + 1):
        words.update(t("p. {page}").format(page=n).split())
        words.update(t("Page {page} of {pages}").format(page=n, pages=pages).split())
    return words


# -- fixtures ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def books(built_books: Paths) -> dict[str, Path]:
    """The books of the session's build (``build()`` makes them before publishing)."""
    return {lang: book_pdf(built_books, lang) for lang in LANGS}


@pytest.fixture(scope="session")
def book_sources(built_books: Paths) -> dict[str, str]:
    """The HTML each book was typeset from."""
    data, content, _ = load_inputs(built_books)
    return {
        lang: book.BookWriter(
            book.BookJob(built_books.root, lang, data, content[lang], built_books.site_dir)
        ).book_html()
        for lang in LANGS
    }


# -- tests ------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_contents_page_numbers_match_where_sections_start(
    built_books: Paths, books, lang: str
) -> None:
    pdf = books[lang]
    pages = page_texts(pdf)
    toc_page = next(i for i, text in enumerate(pages) if "...." in text or ". . ." in text)
    entries = []
    for line in pages[toc_page].splitlines():
        match = re.match(r"^\s*(.+?)[\s.]{4,}(\d+)\s*$", line)
        if match:
            entries.append((match.group(1).strip(), int(match.group(2))))
    projects = records(built_books, "projects")
    assert len(entries) >= 8 + len(projects), entries
    bookmarks: dict[str, set[int]] = {}
    for _, title, page in outline(PdfReader(pdf)):
        bookmarks.setdefault(squash(title), set()).add(page)
    for title, number in entries:
        top_of_page = squash("\n".join(pages[number - 1].strip().splitlines()[:6]))
        assert squash(title) in top_of_page, f"contents says '{title}' starts on page {number}"
        assert number in bookmarks.get(squash(title), set()), (
            f"no bookmark of '{title}' to page {number}"
        )


@pytest.mark.parametrize("lang", LANGS)
def test_every_project_has_a_fact_sheet_page_and_a_one_page_pdf(
    built_books: Paths, books, lang: str
) -> None:
    reader = PdfReader(books[lang])
    level_two = {squash(title): page for level, title, page in outline(reader) if level == 2}
    sheet_pages = []
    for project in records(built_books, "projects"):
        name = squash(project["name"][lang])
        assert name in level_two, f"no bookmark for {project['id']}"
        sheet_pages.append(level_two[name])
        sheet = built_books.site_dir / lang / book.SHEET_PATH.format(id=project["id"])
        single = PdfReader(sheet)
        assert len(single.pages) == 1, f"{sheet.name} has {len(single.pages)} pages"
        assert name in squash(pdftotext(sheet))
        assert single.metadata.title and project["name"][lang] in single.metadata.title
    assert len(set(sheet_pages)) == len(sheet_pages), "two projects share a page"


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_embedded_and_no_glyph_is_missing(built_books: Paths, books, lang: str) -> None:
    pdf = books[lang]
    report = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert report
    for row in report:
        columns = row.split()
        name, emb = columns[0], columns[-5]
        assert emb == "yes", f"{name} is not embedded"
        # Every glyph comes from Noto CJK KR; a fallback font would mean a glyph missing from it.
        assert "CJK-KR" in name, f"unexpected font {name}"
    text = squash(pdftotext(pdf))
    assert "\ufffd" not in text and "\u25a1" not in text
    for event in records(built_books, "events"):
        assert squash(event["title"][lang]) in text
    for org in records(built_books, "organizations"):
        assert squash(org["name"]["ko"]) in text  # Korean names print in both books


@pytest.mark.parametrize("lang", LANGS)
def test_no_korean_word_is_split_at_a_line_end(
    built_books: Paths, books, book_sources, lang: str
) -> None:
    pdf = books[lang]
    words = source_words(book_sources[lang]) | generated_words(
        built_books, lang, len(PdfReader(pdf).pages)
    )
    assert split_words(pdf, words) == []


def test_korean_words_and_amounts_are_kept_together_without_changing_the_text() -> None:
    source = (
        "<html><head><style>p { color: red }</style></head><body>"
        "<p>두 정상은 <a href='#x'>프레시 윈드 프로그램</a>을 채택했다. "
        "고속도로(4억 8,000만 달러) and $480 million &amp; more</p></body></html>"
    )
    kept = book.keep_words_whole(source, ("hangul",))
    assert '<span class="kw">정상은</span>' in kept
    assert '<span class="kw">고속도로(4억 8,000만 달러)</span>' in kept
    assert '<span class="kw">$480 million</span>' in kept
    assert (
        '</a>\u2060<span class="kw">을</span>' in kept
    )  # the word runs on past the link: no break there
    assert "p { color: red }" in kept
    assert source_words(kept) == source_words(source)


@pytest.mark.pdf
def test_the_line_break_check_finds_split_words(tmp_path: Path) -> None:
    """Without the no-wrap spans WeasyPrint breaks inside Korean words, and the check notices."""
    from weasyprint import HTML

    sentence = (
        "두 정상은 이 자리에서 <a href='#x'>프레시 윈드 프로그램</a>을 채택했다. "
        "대학병원을 국방정책을 카자흐스탄과의 "
    )
    html = (
        "<html lang='ko'><body style='width: 62mm; font: 11pt \"Noto Serif CJK KR\"'>"
        f"<p>{sentence * 8}</p><p id='x'>끝</p></body></html>"
    )
    style = "<style>@page { size: 90mm 200mm; margin: 10mm } .kw { white-space: nowrap }</style>"
    words = source_words(html)
    plain, kept = tmp_path / "plain.pdf", tmp_path / "kept.pdf"
    HTML(string=style + html).write_pdf(plain)
    HTML(string=style + book.keep_words_whole(html, ("hangul",))).write_pdf(kept)
    assert split_words(plain, words), "the check found nothing in text known to break inside words"
    assert split_words(kept, words) == []
    assert squash(pdftotext(kept)) == squash(
        pdftotext(plain)
    )  # the same text, only the breaks move


@pytest.mark.parametrize("lang", LANGS)
def test_metadata_bookmarks_and_internal_links(built_books: Paths, books, lang: str) -> None:
    reader = PdfReader(books[lang])
    language = load_language(lang, built_books.root)
    assert reader.metadata.title == language.title
    assert reader.metadata.author == language.publisher
    assert reader.metadata.creation_date.replace(tzinfo=None) == build_info(
        built_books.root
    ).timestamp.replace(tzinfo=None)
    assert reader.trailer["/Root"]["/Lang"] == lang
    levels = outline(reader)
    assert [lvl for lvl, _, _ in levels].count(1) >= 8
    toc_links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    internal = [
        a
        for a in toc_links
        if a.get("/Subtype") == "/Link" and ("/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo")
    ]
    assert len(internal) >= len(records(built_books, "projects")) + 8


@pytest.mark.parametrize("lang", LANGS)
def test_cover_and_running_footer(built_books: Paths, books, lang: str) -> None:
    pdf = books[lang]
    pages = page_texts(pdf)
    total = len(PdfReader(pdf).pages)
    t = load_language(lang, built_books.root).gettext
    cover = squash(pages[0])
    assert squash(load_language(lang, built_books.root).title) in cover
    data, _, _ = load_inputs(built_books)
    common = book.BookWriter(
        book.BookJob(built_books.root, lang, data, {}, built_books.site_dir)
    ).common()
    # the edition: its name (a tag's, else the build's date) and the commit, if any
    assert squash(common["edition"]) in cover
    assert squash(build_info(built_books.root).commit) in cover
    assert squash(common["as_of"]["text"]) in cover
    for number in (3, total):
        assert squash(t("Page {page} of {pages}").format(page=number, pages=total)) in squash(
            pages[number - 1]
        )


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_to_the_book_and_projects_to_their_sheet(
    built_books: Paths, lang: str
) -> None:
    from urllib.parse import urljoin

    site = built_books.site_dir / lang
    for html in [
        site / "index.html",
        site / "timeline" / "index.html",
        site / "projects" / "hyundai-almaty-plant" / "index.html",
    ]:
        text = html.read_text(encoding="utf-8")
        hrefs = re.findall(r'<p class="kz-download"><a href="([^"]+)"', text)
        assert hrefs, f"{html} has no download link"
        target = Path(urljoin(html.as_posix(), hrefs[0]))
        assert target == book_pdf(built_books, lang), target
    project = (site / "projects" / "hyundai-almaty-plant" / "index.html").read_text(
        encoding="utf-8"
    )
    sheet = re.search(r'<p class="kz-sheet-pdf"><a href="([^"]+)"', project).group(1)
    assert Path(
        urljoin((site / "projects" / "hyundai-almaty-plant" / "index.html").as_posix(), sheet)
    ).exists()


def test_a_broken_print_template_leaves_the_site_alone(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``build.py pdf`` and ``build.py build`` publish nothing when the PDFs fail, and say where."""
    from briefing import pipeline

    monkeypatch.setattr(
        pipeline.engine, "build_languages", lambda *args, **kwargs: {}
    )  # the HTML is not under test
    monkeypatch.setattr(
        pipeline.search, "write_search", lambda *args, **kwargs: None
    )  # nor its search index
    (project / "site" / "ko").mkdir(parents=True)
    (project / "site" / "ko" / "index.html").write_text("last good site", encoding="utf-8")
    template = project / "theme" / "print" / "book.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "{% for e in events %}", "{% for e in events %", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(book.BookError, match=r"theme/print/book.html:\d+:1: error"):
        pipeline.publish_books(Paths(project), parallel=False)
    with pytest.raises(book.BookError):
        build(Paths(project), parallel=False)
    assert (project / "site" / "ko" / "index.html").read_text(encoding="utf-8") == "last good site"
    assert not list(project.glob(".site-build-*"))


def test_print_stylesheet_shows_the_page_not_the_chrome(site_url: str, page) -> None:
    page.goto(site_url + "en/sources/")
    page.emulate_media(media="print")
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).display") == "none"
    assert (
        page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).display") == "none"
    )
    assert page.locator(".kz-print-url").evaluate("e => getComputedStyle(e).display") == "block"
    assert (
        site_url.rstrip("/") in page.locator(".kz-print-url").inner_text()
        or "en/sources/" in page.locator(".kz-print-url").inner_text()
    )
    assert page.locator(".kz-as-of").first.is_visible()
    external = page.locator('.md-typeset a[href^="http"]').first
    href = external.get_attribute("href")
    assert href in external.evaluate("e => getComputedStyle(e, '::after').content")
    assert (
        page.locator(".md-typeset thead").count() == 0
        or page.locator(".md-typeset thead").first.evaluate("e => getComputedStyle(e).display")
        == "table-header-group"
    )


def test_input_errors_stop_the_pdf_command_too(project: Path) -> None:
    (project / "data" / "projects.yaml").write_text("projects: [", encoding="utf-8")
    with pytest.raises(InputError):
        publish_books(Paths(project), parallel=False)


@pytest.mark.pdf
def test_fact_sheets_laid_out_a_few_at_a_time_each_hold_their_project(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a thousand sheets are laid out in batches (memory);
    # batches of 4 here, so the real projects fill several
    monkeypatch.setattr(book, "SHEETS_PER_LAYOUT", 4)
    data, content, _ = load_inputs(Paths(project))
    job = book.BookJob(project, "en", data, content["en"], tmp_path / "out")
    result = book.write_language(job, (book.SHEETS,))  # the book is not under test
    assert len(result.sheets) == len(data.projects) > 8
    for project_id, project in sorted(data.projects.items()):
        sheet = tmp_path / "out" / "en" / book.SHEET_PATH.format(id=project_id)
        reader = PdfReader(sheet)
        assert len(reader.pages) == 1
        assert squash(project.name["en"]) in squash(pdftotext(sheet))
        assert project.name["en"] in reader.metadata.title


@pytest.mark.pdf
def test_a_large_briefing_lays_out_one_book_at_a_time_beside_the_fact_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past BOOKS_SIDE_BY_SIDE_UP_TO projects the books take turns (memory)
    while the one-page PDFs are written beside them."""
    from benchmarks.synthetic import generate

    # a small synthetic briefing stands for a large one: the limits are lowered to fit it
    project = generate(tmp_path / "project", 4)
    monkeypatch.setattr(book, "BOOKS_SIDE_BY_SIDE_UP_TO", 0)
    monkeypatch.setattr(book, "SHEETS_PER_TASK", 2)  # the one-page PDFs in two tasks a language
    joined: list[
        tuple[str, list[set[str]]]
    ] = []  # what each task wrote of each language: book, reference, volumes and sheets apart
    real_join = book._joined
    monkeypatch.setattr(
        book,
        "_joined",
        lambda parts: (
            joined.append((parts[0].lang, [set(p.timings) for p in parts])) or real_join(parts)
        ),
    )
    data, content, _ = load_inputs(Paths(project))
    out = tmp_path / "out"
    results = book.build_books(project, data, content, out, parallel=True)
    # the book and the reference (none: the briefing has fewer than 100 projects) alone,
    # then the volumes (none either) and the one-page PDFs, each a task of its own;
    # the first language's volumes first, the last one's last
    sheets = [{book.SHEETS}] * 2
    assert joined == [
        ("ko", [{book.BOOK}, set(), set(), *sheets, {book.PACKS}]),
        ("en", [{book.BOOK}, set(), *sheets, {book.PACKS}, set()]),
    ]
    assert [r.lang for r in results] == ["ko", "en"]
    for result in results:
        pdf = out / result.book
        assert result.pages == len(PdfReader(pdf).pages) > 10
        assert set(result.timings) == {
            book.BOOK,
            book.SHEETS,
            book.PACKS,
        }  # no volumes: the real content has fewer than 100 projects
        assert result.volumes == []
        assert result.reference is None
        assert sorted(result.sheets) == sorted(
            Path(result.lang) / book.SHEET_PATH.format(id=i) for i in data.projects
        )
        assert all((out / sheet).is_file() for sheet in result.sheets)
        assert len(result.packs) == len(packs_of(data))


# -- past BOOK_SHEETS_IN_BOOK projects: the fact sheets in volumes ------------------------
BIG = 120  # projects: just past BOOK_SHEETS_IN_BOOK, so two volumes (100 and 20 sheets)
FIXTURE_TIERS = {"big_briefing": "pdf"}  # tests/conftest.py: the tier of a test using it


@pytest.fixture(scope="module")
def big_briefing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Paths, Path, book.BookResult]:
    """A synthetic briefing of BIG projects: its site (no PDFs), and the English book,
    reference and volumes in a folder of their own."""
    from benchmarks.synthetic import generate

    paths = Paths(generate(tmp_path_factory.mktemp("big") / "project", BIG))
    build(paths, books=False)
    data, content, _ = load_inputs(paths)
    out = tmp_path_factory.mktemp("big-pdf")
    result = book.write_language(
        book.BookJob(paths.root, "en", data, content["en"], out),
        (book.BOOK, book.REFERENCE, book.VOLUMES),
    )
    return paths, out, result


def index_rows(pdf: Path) -> list[tuple[str, int, int]]:
    """(project name as printed, volume, page) of every row of the book's projects' index."""
    rows = []
    for line in pdftotext(pdf, "-layout").splitlines():
        match = re.match(r"^\s*(\S.*?)\s{2,}.*\bvol\. (\d+), p\. (\d+)\s*$", line)
        if match:
            rows.append((match.group(1), int(match.group(2)), int(match.group(3))))
    return rows


def test_past_100_projects_the_fact_sheets_come_in_volumes_the_index_points_into(
    big_briefing,
) -> None:
    paths, out, result = big_briefing
    volumes = [Path("en") / f"downloads/briefing-en-sheets-{n}.pdf" for n in (1, 2)]
    assert result.volumes == volumes
    assert [len(PdfReader(out / v).pages) for v in volumes] == [100, BIG - 100]
    assert "volume 2 (projects 101–120)" in PdfReader(out / volumes[1]).metadata.title
    # the book holds no fact sheet: no project has a bookmark,
    # and it is far shorter than one page a project
    names = {squash(p["name"]["en"]) for p in records(paths, "projects")}
    pdf = out / result.book
    assert result.pages == len(PdfReader(pdf).pages) < BIG
    assert not names & {squash(title) for _, title, _ in outline(PdfReader(pdf))}
    # each row says "vol. n, p. k", and that page of that volume is the project's sheet
    rows = index_rows(pdf)
    assert sorted((volume, page) for _, volume, page in rows) == [(1, k) for k in range(1, 101)] + [
        (2, k) for k in range(1, BIG - 99)
    ]
    sheets = {n: page_texts(out / v) for n, v in enumerate(volumes, start=1)}
    for name, volume, page in rows:
        assert squash(name) in squash(sheets[volume][page - 1]), (
            f"{name}: vol. {volume}, p. {page} is another project's sheet"
        )
    # and links there: relative, so the book and its volumes work wherever they are copied together
    targets = [
        str(a.get_object()["/A"]["/URI"])
        for p in PdfReader(pdf).pages
        for a in p.get("/Annots", []) or []
        if "/A" in a.get_object()
        and "/URI" in a.get_object()["/A"]
        and "sheets" in str(a.get_object()["/A"]["/URI"])
    ]
    rows_linked = sorted(t for t in targets if "#page=" in t)
    assert rows_linked == sorted(
        f"briefing-en-sheets-{volume}.pdf#page={page}" for _, volume, page in rows
    )


def link_targets(pdf: Path) -> list[str]:
    """The URI of every link to another file or site in ``pdf``."""
    found = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A", {})
            if "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_past_100_projects_the_glossary_and_sources_are_a_reference_volume_the_book_links_into(
    big_briefing,
) -> None:
    paths, out, result = big_briefing
    assert result.reference == Path("en") / "downloads/briefing-en-reference.pdf"
    pdf, reference = out / result.book, out / result.reference
    organizations, people, sources = (
        records(paths, kind) for kind in ("organizations", "people", "sources")
    )
    # the reference volume is a document of its own: title, contents with page numbers, every entry
    reader = PdfReader(reference)
    assert reader.metadata.title.startswith("Reference: organizations, people and sources")
    assert [(level, title) for level, title, _ in outline(reader) if level == 1][-2:] == [
        (1, "Organizations and people"),
        (1, "Sources"),
    ]
    pages = page_texts(reference)
    assert re.search(r"Organizations and people[\s.]+2\s*$", pages[0], re.MULTILINE)
    assert f"Page 1 of {len(reader.pages)}" in pages[0]
    text = squash("".join(pages))
    assert all(squash(o["name"]["en"]) in text for o in organizations)
    assert all(squash(p["name"]["en"]) in text for p in people)
    wanted = {f"g-{r['id']}" for r in organizations + people} | {f"src-{s['id']}" for s in sources}
    assert wanted <= set(reader.named_destinations)
    # the book holds neither part: no bookmark of them, no entry to land on
    book_reader = PdfReader(pdf)
    assert not {"Organizations and people", "Sources"} & {
        title for level, title, _ in outline(book_reader) if level == 1
    }
    assert not [name for name in book_reader.named_destinations if name.startswith(("g-", "src-"))]
    # its links to organizations, people and sources land on named destinations
    # of the reference, relatively
    into_reference = [t for t in link_targets(pdf) if t.startswith("briefing-en-reference.pdf")]
    named = [t.partition("#nameddest=")[2] for t in into_reference if "#nameddest=" in t]
    assert any(n.startswith("g-") for n in named) and any(n.startswith("src-") for n in named)
    assert set(named) <= set(reader.named_destinations)
    assert not [t for t in link_targets(pdf) if t.startswith("file:")]
    # and the reference links back to the book beside it
    assert "briefing-en.pdf" in link_targets(reference)


def test_the_downloads_page_lists_the_volumes_only_when_there_are_any(
    big_briefing, built: Paths
) -> None:
    from urllib.parse import urljoin

    paths = big_briefing[0]
    for lang, title in (
        ("en", "Fact sheets, volume 2 (projects 101–120)"),
        ("ko", "사업별 현황 제2권 (사업 101–120)"),
    ):
        page = paths.site_dir / lang / "downloads" / "index.html"
        text = page.read_text(encoding="utf-8")
        hrefs = re.findall(r'<a class="kz-download-link" href="([^"]+\.pdf)"', text)
        targets = [Path(urljoin(page.as_posix(), href)) for href in hrefs]
        assert targets == [
            paths.site_dir / lang / f"downloads/briefing-{lang}-{part}.pdf"
            for part in ("reference", "sheets-1", "sheets-2")
        ]
        assert title in text
    real = (built.site_dir / "en" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "sheets-1.pdf" not in real and "reference.pdf" not in real


@pytest.mark.pdf
def test_a_fact_sheet_that_runs_over_a_page_names_its_project(tmp_path: Path) -> None:
    """The build stops with the record's file and line, not a count of pages."""
    root = copy_project(tmp_path / "long")
    projects = root / "data" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    short = "      en: The roughly KRW 1 trillion programme"
    long = (
        "      en: "
        + "A sentence that goes on about the programme and its many parts. " * 80
        + "The roughly KRW 1 trillion programme"
    )
    assert short in text
    projects.write_text(text.replace(short, long, 1), encoding="utf-8")
    data, content, _ = load_inputs(Paths(root))
    line = text[: text.index("- id: cooperation-package-2019")].count("\n") + 1
    job = book.BookJob(root, "en", data, content["en"], tmp_path / "out")
    with pytest.raises(book.BookError) as raised:
        book.write_language(job, (book.SHEETS,))
    assert str(raised.value).startswith(
        f"data/projects.yaml:{line}:1: error: projects[cooperation-package-2019]: "
        "the en fact sheet takes 2 pages"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_real_book_holds_its_glossary_and_sources(built_books: Paths, books, lang: str) -> None:
    """Under BOOK_SHEETS_IN_BOOK projects there is one book with everything:
    no reference volume beside it."""
    reader = PdfReader(books[lang])
    wanted = {
        f"g-{r['id']}"
        for r in records(built_books, "organizations") + records(built_books, "people")
    } | {f"src-{s['id']}" for s in records(built_books, "sources")}
    assert wanted <= set(reader.named_destinations)
    assert not (built_books.site_dir / lang / f"downloads/briefing-{lang}-reference.pdf").exists()


# -- images and files the narratives use ------------------------------------------------
class _Addresses(HTMLParser):
    """Every ``<img>``'s ``src`` by its alt text, and every link's ``href`` by its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.href: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img":
            self.images[values.get("alt") or ""] = values.get("src") or ""
        elif tag == "a":
            self.href, self.text = values.get("href"), ""

    def handle_data(self, data: str) -> None:
        if self.href is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href is not None:
            self.links[self.text.strip()] = self.href
            self.href = None


def picture(size: tuple[int, int], kind: str) -> bytes:
    """A small picture (a yellow block on blue) in ``kind``'s format (JPEG, PNG, PDF)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (40, 90, 160))
    ImageDraw.Draw(image).rectangle(
        (size[0] // 4, size[1] // 4, 3 * size[0] // 4, 3 * size[1] // 4), fill=(230, 180, 30)
    )
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def images_in(pdf: Path) -> list[tuple[int, int, int]]:
    """(page, width, height) of every image in ``pdf``, as poppler's pdfimages lists them."""
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    return [(int(row[0]), int(row[3]), int(row[4])) for row in rows if len(row) > 4]


@pytest.mark.pdf
def test_an_image_beside_its_page_and_shared_files_reach_the_site_and_the_book(
    tmp_path: Path,
) -> None:
    """Issue 17: ``![…](pavlodar-site.jpg)`` in an event narrative, the file next to the page, in
    each language; a map and a signed MOU's PDF in content/files/, shared. ``check`` passes, the
    site publishes each file where the page's address finds it, and the book prints the images
    and names the PDF."""
    from briefing.commands.check import run_check

    root = copy_project(tmp_path / "images")
    # each language its own photograph (told apart by size), and one map and PDF for both
    photos = {"ko": picture((480, 270), "JPEG"), "en": picture((400, 300), "JPEG")}
    shared = {
        "region-map.png": picture((360, 240), "PNG"),
        "mou-2019.pdf": picture((60, 80), "PDF"),
    }
    words = {
        "ko": ("파블로다르 합금철 공장 부지", "사업 지역 지도", "서명된 양해각서"),
        "en": ("The Pavlodar ferroalloy plant site", "Map of the project region", "signed MOU"),
    }
    (root / "content" / "files").mkdir()
    for name, data in shared.items():
        (root / "content" / "files" / name).write_bytes(data)
    (root / "content" / "files" / "draft-notes.pdf").write_bytes(picture((10, 10), "PDF"))
    for lang, (photo, region, mou) in words.items():
        (root / "content" / lang / "events" / "pavlodar-site.jpg").write_bytes(photos[lang])
        with (root / "content" / lang / "events" / "state-visit-2019.md").open("a") as page:
            page.write(
                f"\n![{photo}](pavlodar-site.jpg)\n\n![{region}](../../files/region-map.png)\n\n"
                f"[{mou}](../../files/mou-2019.pdf)\n"
            )
    problems = [d.format() for d in run_check(root, staleness=False)]
    assert problems == [
        "content/files/draft-notes.pdf:1:1: warning: file is not shown or linked by any page "
        "(only files a page uses are published: link it from a page, or delete it)"
    ]

    paths = Paths(root)
    build(paths, books=False)
    data, content, _ = load_inputs(paths)
    site_url = load_language("en", root).briefing.site_url
    for lang, (photo, region, mou) in words.items():
        page_dir = paths.site_dir / lang / "events" / "state-visit-2019"
        found = _Addresses()
        found.feed((page_dir / "index.html").read_text(encoding="utf-8"))
        published = {alt: (page_dir / found.images[alt]).resolve() for alt in (photo, region)} | {
            mou: (page_dir / found.links[mou]).resolve()
        }
        assert published[photo] == paths.site_dir / lang / "events" / "pavlodar-site.jpg"
        assert published[photo].read_bytes() == photos[lang]
        assert published[region] == paths.site_dir / lang / "files" / "region-map.png"
        assert published[region].read_bytes() == shared["region-map.png"]
        assert published[mou].read_bytes() == shared["mou-2019.pdf"]
        assert not (paths.site_dir / lang / "files" / "draft-notes.pdf").exists()

        result = book.write_language(
            book.BookJob(root, lang, data, content[lang], paths.site_dir), (book.BOOK,)
        )
        pdf = paths.site_dir / result.book
        sizes = {(width, height) for _page, width, height in images_in(pdf)}
        assert {(480, 270) if lang == "ko" else (400, 300), (360, 240)} <= sizes
        text = squash(pdftotext(pdf))
        assert squash(f"{mou} (mou-2019.pdf)") in text
        uris = {
            annotation.get_object()["/A"].get("/URI")
            for page in PdfReader(pdf).pages
            for annotation in page.get("/Annots") or []
            if "/A" in annotation.get_object()
        }
        assert f"{site_url}{lang}/files/mou-2019.pdf" in uris


def page_numbers(lang: str, root: Path, text: str) -> list[tuple[int, int]]:
    """Every "Page n of N" of the language's footer in ``text``, as (n, N)."""
    footer = load_language(lang, root).gettext("Page {page} of {pages}")
    pattern = (
        re.escape(squash(footer)).replace(r"\{page\}", r"(\d+)").replace(r"\{pages\}", r"(\d+)")
    )
    return [(int(n), int(total)) for n, total in re.findall(pattern, squash(text))]


@pytest.mark.parametrize("lang", LANGS)
def test_a_one_page_fact_sheet_is_not_numbered_as_a_page_of_its_batch(
    built_books: Paths, lang: str
) -> None:
    # sheets are laid out SHEETS_PER_LAYOUT at a time and cut apart: each said "15 / 25쪽"
    for project in records(built_books, "projects"):
        sheet = built_books.site_dir / lang / book.SHEET_PATH.format(id=project["id"])
        text = PdfReader(sheet).pages[0].extract_text()
        assert squash(project["name"][lang]) in squash(text)
        assert page_numbers(lang, built_books.root, text) == [], f"{sheet.name}: {text[-200:]!r}"
    # the book itself keeps its page numbers
    assert (3, len(PdfReader(book_pdf(built_books, lang)).pages)) in page_numbers(
        lang, built_books.root, page_texts(book_pdf(built_books, lang))[2]
    )
