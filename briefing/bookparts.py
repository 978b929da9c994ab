"""A long briefing book typeset in parts, joined into one PDF that reads as if laid out at once.

WeasyPrint keeps a document's whole layout in memory (2–5 MB a page), so a
book of a thousand projects took gigabytes. Its fact sheets are one page each
and every part of the book below starts on a new page, so the book can be
laid out a part at a time:

- the front (cover, contents, introduction, timeline, event sections and the
  projects' index), each run of ``per_part`` fact sheets, and the back
  (organizations and people, sources, about) are separate layouts;
- each layout is padded before and after with blank *filler* pages standing
  for the rest of the book, so ``counter(page)`` and ``counter(pages)`` in
  the running footer count the whole book. The fillers carry empty elements
  with the ids of the pages they stand for, so ``target-counter()`` finds
  every page number (contents, index, "p. 12") where the real target lands;
- only a layout's own pages are written; the parts are joined with pypdf,
  with one table of named destinations and one outline built from the parts'
  anchors and headings exactly as WeasyPrint builds them for one document.

The front refers to pages of the back, so it is laid out twice: once to learn
its length (with the back guessed at one page), and again when the back's
pages are known. If the second layout comes out a different length (the page
numbers it prints changed a line), everything is laid out again.
"""

from __future__ import annotations

import html
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

SHEET_START = '<section class="sheet" id="'
BACK_START = '<section class="glossary">'
BODY_START = '<body class="book">'
SCALE = 0.75  # PDF points per CSS pixel, as WeasyPrint writes them

# Filler pages have no running header or footer (nothing of them is written)
# and hold only empty elements; they still count as pages.
FILLER_STYLE = """<style>
@page book-filler { @top-left { content: none; } @top-right { content: none; } @bottom-left { content: none; } @bottom-right { content: none; } }
.book-filler { page: book-filler; break-before: page; }
.book-filler > div { height: 0; margin: 0; }
.book-chapter { string-set: chapter content(); display: block; height: 0; margin: 0; overflow: hidden; visibility: hidden; }
</style>
"""


class PartsError(Exception):
    """The parts did not come out as the book would have."""


@dataclass
class Chunk:
    body: str  # HTML between <body> and </body>
    lead_extra: str = ""  # put on the first filler page before it (running strings the book set earlier)
    sheets: int = 0  # fact sheets in it, one page each; 0 for the front and the back
    ids: set[str] = field(default_factory=set)  # the ids defined in it
    refs: set[str] = field(default_factory=set)  # the ids it links to


@dataclass
class LaidOut:
    pdf: Path
    first: int  # 0-based index of its first page in the book
    count: int
    anchors: dict[str, tuple[int, float, float]]  # name -> (book page index, x, y in PDF points)
    bookmarks: list  # (book page index, page height, page.bookmarks) of each own page


def split_book(document: str) -> tuple[str, list[Chunk]] | None:
    """The book's HTML as (head up to <body>, front, fact sheets one by one, back), or None if it has no sheets."""
    starts = [m.start() for m in re.finditer(re.escape(SHEET_START), document)]
    if not starts or BODY_START not in document or BACK_START not in document:
        return None
    body_at = document.index(BODY_START) + len(BODY_START)
    back_at = document.index(BACK_START)
    end_at = document.rindex("</body>")
    if not body_at < starts[0] < back_at < end_at:
        return None
    head = document[:body_at]
    running = "".join(re.findall(r'<p class="running-(?:title|version)">.*?</p>', document[body_at:starts[0]], re.S)[:2])
    chapter = re.search(r'<section class="projects">\s*<h1 id="[^"]*">(.*?)</h1>', document[body_at:starts[0]], re.S)
    if chapter is None:
        return None
    sheets = [document[a:b] for a, b in zip(starts, [*starts[1:], back_at], strict=True)]
    closing = sheets[-1].rindex("</section>")  # the last sheet's text ends with the projects section's end tag
    sheets[-1] = sheets[-1][:closing] + sheets[-1][closing + len("</section>"):]
    front = Chunk(document[body_at:starts[0]] + "</section>\n")
    back = Chunk(document[back_at:end_at], lead_extra=running)
    chunks = [front, *[Chunk("".join(sheets[i:i + 1]), sheets=1) for i in range(len(sheets))], back]
    chapter_html = f'<p class="book-chapter">{chapter.group(1)}</p>'
    for chunk in chunks[1:-1]:
        chunk.lead_extra = running + chapter_html
    return head, chunks


def group_sheets(chunks: list[Chunk], per_part: int) -> list[Chunk]:
    """Front, runs of ``per_part`` fact sheets, back."""
    front, sheets, back = chunks[0], chunks[1:-1], chunks[-1]
    runs = []
    for first in range(0, len(sheets), per_part):
        run = sheets[first:first + per_part]
        runs.append(Chunk('<section class="projects">\n' + "".join(c.body for c in run) + "</section>\n", lead_extra=run[0].lead_extra, sheets=len(run)))
    parts = [front, *runs, back]
    for part in parts:
        part.ids = {html.unescape(i) for i in re.findall(r'\sid="([^"]*)"', part.body)}
        part.refs = {html.unescape(r) for r in re.findall(r'\shref="#([^"]*)"', part.body)} - part.ids
    return parts


def _fillers(count: int, first_page: int, stubs: dict[int, list[str]], extra: str = "") -> str:
    """``count`` blank pages, the first being book page ``first_page`` (1-based), with empty elements for ``stubs`` {page: ids}."""
    out = []
    for n in range(count):
        ids = "".join(f'<div id="{html.escape(i, quote=True)}"></div>' for i in stubs.get(first_page + n, ()))
        out.append(f'<div class="book-filler">{extra if n == 0 else ""}{ids}</div>')
    return "\n".join(out)


def _stubs(refs: set[str], where: dict[str, int], fillers: list[int]) -> dict[int, list[str]]:
    """{filler page: ids} for the ids a part refers to; an id whose page is not known yet goes on the last filler."""
    placed: dict[int, list[str]] = {}
    pages = set(fillers)
    for name in sorted(refs):
        page = where.get(name)
        placed.setdefault(page if page in pages else fillers[-1], []).append(name)
    return placed


def lay_out(head: str, parts: list[Chunk], index: int, counts: list[int], where: dict[str, int], base: Path, tmp: Path) -> LaidOut:
    """Lay out part ``index`` between fillers for the others (``counts`` pages each); write its own pages to a PDF."""
    from weasyprint import HTML

    part = parts[index]
    before, after = sum(counts[:index]), sum(counts[index + 1:])
    # where this part's own pages end is known only after layout; fillers after it are numbered from the guess
    trail_first = before + counts[index] + 1
    stubs = _stubs(part.refs, where, [*range(1, before + 1), *range(trail_first, trail_first + after)])
    lead = _fillers(before, 1, stubs, part.lead_extra) if before else ""
    trail = _fillers(after, trail_first, stubs) if after else ""
    document = head.replace("</head>", FILLER_STYLE + "</head>", 1) + lead + part.body + trail + "</body>\n</html>\n"
    laid = HTML(string=document, base_url=str(base)).render()
    count = len(laid.pages) - before - after
    if count < 1:
        raise PartsError(f"part {index} took no page of its own")
    own = laid.pages[before:before + count]
    anchors, seen = {}, set()
    for n, page in enumerate(own):
        for name, (x, y, _, _) in page.anchors.items():
            if name not in seen:
                seen.add(name)
                anchors[name] = (before + n, x * SCALE, (page.height - y) * SCALE)
    bookmarks = [(before + n, page.height, list(page.bookmarks)) for n, page in enumerate(own)]
    # Links to the other parts: WeasyPrint writes only links whose anchor is in the document it
    # writes, so each missing one gets a stand-in here; the joined book's destinations replace them.
    missing = {link[1] for page in own for link in page.links if link[0] == "internal"} - seen
    if missing:
        own[0].anchors.update({name: (0, 0, 0, 0) for name in missing})
    pdf = tmp / f"part-{index}.pdf"
    laid.copy(own).write_pdf(pdf)
    return LaidOut(pdf, before, count, anchors, bookmarks)


def typeset(document: str, base: Path, target: Path, per_part: int) -> int | None:
    """Write the book ``document`` to ``target`` a part at a time; its page count, or None if it cannot be split."""
    split = split_book(document)
    if split is None:
        return None
    head, chunks = split
    parts = group_sheets(chunks, per_part)
    back = len(parts) - 1
    with tempfile.TemporaryDirectory(prefix="book-parts-") as tmp_name:
        tmp = Path(tmp_name)
        counts = [1] + [p.sheets for p in parts[1:-1]] + [1]  # the front's and the back's are guesses
        where = _sheet_pages(parts, counts)
        measured = lay_out(head, parts, 0, counts, where, base, tmp)
        for _ in range(3):
            counts[0] = measured.count
            where = {name: page + 1 for name, (page, _, _) in measured.anchors.items()} | _sheet_pages(parts, counts)
            laid: dict[int, LaidOut] = {}
            laid[back] = lay_out(head, parts, back, counts, where, base, tmp)
            counts[back] = laid[back].count
            where |= {name: page + 1 for name, (page, _, _) in laid[back].anchors.items()}
            for index in range(1, back):
                laid[index] = lay_out(head, parts, index, counts, where, base, tmp)
                if laid[index].count != parts[index].sheets:
                    raise PartsError(f"{parts[index].sheets} project fact sheets took {laid[index].count} pages; each must fit on one page")
                where |= {name: page + 1 for name, (page, _, _) in laid[index].anchors.items()}
            laid[0] = lay_out(head, parts, 0, counts, where, base, tmp)
            if laid[0].count == measured.count and _pages(laid[0]) == _pages(measured):
                break
            measured = laid[0]  # its printed page numbers changed its length: lay out everything again
        else:
            raise PartsError("the book's page numbers did not settle after three layouts")
        return join([laid[i] for i in range(len(parts))], target)


def _pages(laid: LaidOut) -> dict[str, int]:
    return {name: page for name, (page, _, _) in laid.anchors.items()}


def _sheet_pages(parts: list[Chunk], counts: list[int]) -> dict[str, int]:
    """Book page (1-based) of each fact sheet's id, from the front's page count."""
    where, page = {}, counts[0]
    for part in parts[1:-1]:
        for name in re.findall(r'<section class="sheet" id="([^"]*)"', part.body):
            page += 1
            where[html.unescape(name)] = page
    return where


def join(laid: list[LaidOut], target: Path) -> int:
    """The parts' pages in order as one PDF with the first part's metadata, all named destinations and one outline."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, TextStringObject
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    writer = PdfWriter()
    first = PdfReader(laid[0].pdf)
    for part in laid:
        reader = first if part is laid[0] else PdfReader(part.pdf)
        for page in reader.pages:
            writer.add_page(page)
    writer.add_metadata(first.metadata)
    if "/Lang" in first.trailer["/Root"]:
        writer._root_object[NameObject("/Lang")] = TextStringObject(first.trailer["/Root"]["/Lang"])

    names = ArrayObject()
    anchors: dict[str, tuple[int, float, float]] = {}
    for part in laid:  # an id used twice leads to its first place in the book, as in one layout
        for name, place in part.anchors.items():
            anchors.setdefault(name, place)
    for name in sorted(anchors):  # a name tree is sorted, as WeasyPrint writes it
        page, x, y = anchors[name]
        names += [TextStringObject(name), ArrayObject([writer.pages[page].indirect_reference, NameObject("/XYZ"), FloatObject(x), FloatObject(y), NumberObject(0)])]
    if names:
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): DictionaryObject({NameObject("/Names"): names})})

    # WeasyPrint's own outline builder over every page of the book, in order
    root, skipped, last_by_depth, previous = [], [], None, 0
    last_by_depth = [root]
    for part in laid:
        for index, height, bookmarks in part.bookmarks:
            matrix = Matrix(a=SCALE, d=-SCALE, f=height * SCALE)
            previous = make_page_bookmark_tree(SimpleNamespace(bookmarks=bookmarks), skipped, last_by_depth, previous, index, matrix)
    _add_outline(writer, root, None)
    writer.write(target)
    return len(writer.pages)


def _add_outline(writer, tree, parent) -> None:
    from pypdf.generic import Fit

    for label, (page, x, y), children, state in tree:
        item = writer.add_outline_item(title=label, page_number=page, parent=parent, fit=Fit.xyz(left=x, top=y, zoom=0), is_open=state != "closed")
        _add_outline(writer, children, item)
