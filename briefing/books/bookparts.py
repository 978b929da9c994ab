"""A long briefing book typeset in parts, joined into one PDF that reads as if laid out at once.

WeasyPrint keeps a document's whole layout in memory (2–5 MB a page), so a
book of a thousand projects took gigabytes. Its fact sheets are one page each
and every part of the book below starts on a new page, so the book can be
laid out a part at a time:

- the front in four pieces (cover and contents; introduction and timeline;
  the event sections; the projects' index), each run of ``per_part`` fact
  sheets, and the back in two (organizations and people; sources and
  about) are separate layouts;
- a part numbers its pages from where it starts in the book
  (``@page :first { counter-reset: page N }``) and its footer prints the
  book's length as text; the last part, whose own length is known only once
  it is laid out, is instead preceded by blank filler pages, so its footer's
  ``counter(pages)`` counts the whole book;
- a link to another part carries its target's page as ``data-page``, and the
  stylesheet's ``target-counter(attr(href), page)`` rules get a twin that
  prints ``attr(data-page)`` for such links (contents, index, "p. 12");
- only a layout's own pages are written; the parts are joined with pypdf,
  with one table of named destinations and one outline built from the parts'
  anchors and headings as WeasyPrint builds them for one document, and one
  subset of each font with the glyphs of all parts (``FontCollector``).

The front prints page numbers of every other part, and the back's first
piece must know the book's length, so these pieces are laid out twice: once
to learn their lengths, and again when every page number is known (they are
small: 22 to 54 pages at 1,000 projects). If a second layout comes out a
different length (the numbers it prints changed a line), everything is laid
out again.
"""

from __future__ import annotations

import html
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

SHEET_START = '<section class="sheet" id="'
# The front is laid out in pieces too, each starting where the book starts a page anyway.
BACK_SPLIT = '<section class="sources">'
FRONT_STARTS = ('<section class="intro">', '<section class="event"', '<section class="projects">')
BACK_START = '<section class="glossary">'
BODY_START = '<body class="book">'
SCALE = 0.75  # PDF points per CSS pixel, as WeasyPrint writes them

# Filler pages have no running header or footer (nothing of them is written);
# they still count as pages. A part that starts the book's page elsewhere opens
# with an empty .book-lead (the running strings) and does not break before it.
FILLER_STYLE = """<style>
@page book-filler { @top-left { content: none; } @top-right { content: none; } @bottom-left { content: none; } @bottom-right { content: none; } }
.book-filler { page: book-filler; break-before: page; }
.book-chapter { string-set: chapter content(); display: block; height: 0; margin: 0; overflow: hidden; visibility: hidden; }
.book-lead { height: 0; margin: 0; }
.book-lead + section, .book-lead + section > :first-child { break-before: auto; }
</style>
"""


class PartsError(Exception):
    """The parts did not come out as the book would have."""


@dataclass
class Chunk:
    body: str  # HTML between <body> and </body>
    lead_extra: str = ""  # put before it (running strings the book set earlier): on its first filler page, or in .book-lead
    sheets: int = 0  # fact sheets in it, one page each; 0 for the front and the back
    front: bool = False  # laid out twice, to learn its length first: the front's pieces (they print other parts' page numbers) and the back's but the last
    ids: set[str] = field(default_factory=set)  # the ids defined in it
    refs: set[str] = field(default_factory=set)  # the ids it links to


@dataclass
class LaidOut:
    pdf: Path
    first: int  # 0-based index of its first page in the book
    count: int
    anchors: dict[str, tuple[int, float, float]]  # name -> (book page index, x, y in PDF points)
    bookmarks: list  # (book page index, page height, page.bookmarks) of each own page


class FontCollector:
    """While parts are written: each font's full data and the glyphs every part used.

    Each part embeds a subset of each font with the glyphs it uses; the joined book
    embeds one subset per font with the glyphs of all parts, as one layout would,
    instead of a dozen overlapping ones (three times the file size at 1,000 projects).
    """

    def __init__(self) -> None:
        self.fonts: dict[str, list] = {}  # font hash -> [Font, full font data, {glyph: text}, {glyph: width}, hinting]

    def __enter__(self) -> FontCollector:
        from weasyprint.pdf import fonts as pdf_fonts

        self._font_class, self._clean = pdf_fonts.Font, pdf_fonts.Font.clean
        collector = self

        def clean(font, to_unicode, hinting):
            entry = collector.fonts.setdefault(font.hash, [font, font.file_content, {}, {}, hinting])
            entry[2].update(to_unicode)
            entry[3].update(font.widths)
            return collector._clean(font, to_unicode, hinting)

        self._font_class.clean = clean
        return self

    def __exit__(self, *exc) -> None:
        self._font_class.clean = self._clean

    def program(self, font_hash: str) -> bytes:
        """The font subset to the glyphs of every part."""
        font, full, to_unicode, _, hinting = self.fonts[font_hash]
        font.file_content = full
        self._clean(font, to_unicode, hinting)
        return font.file_content


def _to_unicode_cmap(to_unicode: dict[int, str]) -> bytes:
    """The ToUnicode CMap of a font, as WeasyPrint writes it."""
    lines = [
        b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo",
        b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def", b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def", b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange",
    ]
    items = sorted(to_unicode.items())
    for first in range(0, len(items), 100):
        batch = items[first:first + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [f"<{glyph:04x}> <{''.join(c.encode('utf-16-be').hex() for c in text)}>".encode() for glyph, text in batch]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)


def _unify_fonts(writer, collector: FontCollector) -> None:
    """Every page's fonts point to one font object per font, embedding the glyphs of all parts."""
    from pypdf.generic import NameObject

    canonical, dropped = {}, set()
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        if fonts is None:
            continue
        fonts = fonts.get_object()
        for key in list(fonts):
            font_hash = key[1:]
            if font_hash not in collector.fonts:
                continue
            if font_hash not in canonical:
                canonical[font_hash] = fonts.raw_get(key)
                _rewrite_font(canonical[font_hash].get_object(), collector, font_hash)
            replaced = fonts.raw_get(key)
            if replaced != canonical[font_hash]:
                dropped.add(replaced.idnum)
            fonts[NameObject(key)] = canonical[font_hash]
    # the parts' own copies of each font are no longer used by any page
    for idnum in dropped:
        for ref in _font_objects(writer.get_object(idnum), idnum):
            writer._objects[ref - 1] = None


def _font_objects(font, idnum: int) -> set[int]:
    """The object numbers of a font dictionary and everything only it uses (descendant font, descriptor, font data, CMap)."""
    from pypdf.generic import IndirectObject

    found = {idnum}

    def add(value):
        if isinstance(value, IndirectObject):
            found.add(value.idnum)
        return value.get_object()

    for descendant in add(font.raw_get("/DescendantFonts")):
        descendant = add(descendant)
        descriptor = add(descendant.raw_get("/FontDescriptor"))
        for name in ("/FontFile3", "/FontFile2", "/CIDSet"):
            if name in descriptor:
                add(descriptor.raw_get(name))
    add(font.raw_get("/ToUnicode"))
    return found


def _number(value):
    from pypdf.generic import FloatObject, NumberObject

    return NumberObject(value) if float(value).is_integer() else FloatObject(value)


def _rewrite_font(font, collector: FontCollector, font_hash: str) -> None:
    """``font`` (a part's font dictionary) with the glyphs, widths and text of every part."""
    from pypdf.generic import ArrayObject, NameObject

    _, _, to_unicode, widths, _ = collector.fonts[font_hash]
    program = collector.program(font_hash)
    font["/ToUnicode"].get_object().set_data(_to_unicode_cmap(to_unicode))
    descendant = font["/DescendantFonts"][0].get_object()
    runs = ArrayObject()
    for glyph in sorted(widths):
        if glyph - 1 not in widths:
            runs.append(_number(glyph))
            runs.append(ArrayObject())
        runs[-1].append(_number(widths[glyph]))
    descendant[NameObject("/W")] = runs
    descriptor = descendant["/FontDescriptor"].get_object()
    bbox = descriptor["/FontBBox"]
    descriptor[NameObject("/FontBBox")] = ArrayObject([bbox[0], bbox[1], _number(max(widths.values()) if widths else 0), bbox[3]])
    for name in ("/FontFile3", "/FontFile2"):
        if name in descriptor:
            stream = descriptor[name].get_object()
            stream.set_data(program)
            if name == "/FontFile2":
                stream[NameObject("/Length1")] = _number(len(program))


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
    front_html = document[body_at:starts[0]] + "</section>\n"
    cuts = [0]
    for marker in FRONT_STARTS:
        at = front_html.find(marker)
        if at > cuts[-1]:
            cuts.append(at)
    front = [Chunk(front_html[a:b], lead_extra=running if a else "", front=True) for a, b in zip(cuts, [*cuts[1:], len(front_html)], strict=True)]
    back_html = document[back_at:end_at]
    sources_at = back_html.find(BACK_SPLIT)
    # the back's last piece is preceded by filler pages; the pieces before it are measured like the front's
    back = [Chunk(back_html[:sources_at], lead_extra=running, front=True), Chunk(back_html[sources_at:], lead_extra=running)] if sources_at > 0 else [Chunk(back_html, lead_extra=running)]
    chapter_html = f'<p class="book-chapter">{chapter.group(1)}</p>'
    sheet_chunks = [Chunk(sheet, lead_extra=running + chapter_html, sheets=1) for sheet in sheets]
    return head, [*front, *sheet_chunks, *back]


def group_sheets(chunks: list[Chunk], per_part: int) -> list[Chunk]:
    """Front, runs of ``per_part`` fact sheets, back."""
    first_sheet = next(i for i, c in enumerate(chunks) if c.sheets)
    front, sheets, back = chunks[:first_sheet], [c for c in chunks if c.sheets], chunks[first_sheet + sum(1 for c in chunks if c.sheets):]
    runs = []
    for first in range(0, len(sheets), per_part):
        run = sheets[first:first + per_part]
        runs.append(Chunk('<section class="projects">\n' + "".join(c.body for c in run) + "</section>\n", lead_extra=run[0].lead_extra, sheets=len(run)))
    parts = [*front, *runs, *back]
    for part in parts:
        part.ids = {html.unescape(i) for i in re.findall(r'\sid="([^"]*)"', part.body)}
        part.refs = {html.unescape(r) for r in re.findall(r'\shref="#([^"]*)"', part.body)} - part.ids
    return parts


def _fillers(count: int, extra: str = "") -> str:
    """``count`` blank pages, ``extra`` on the first."""
    return "\n".join(f'<div class="book-filler">{extra if n == 0 else ""}</div>' for n in range(count))


def literal_page_rules(css: str) -> str:
    """For each rule that prints ``target-counter(attr(href), page)``, the same rule printing ``attr(data-page)``
    for links that carry one (their target is in another part)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for selectors, block in re.findall(r"([^{}]+)\{([^{}]*target-counter\(attr\(href\), page\)[^{}]*)\}", css):
        marked = ", ".join(re.sub(r"(::?(?:after|before))$", r"[data-page]\1", s.strip()) for s in selectors.split(","))
        rules.append(f"{marked} {{{block.replace('target-counter(attr(href), page)', 'attr(data-page)')}}}")
    return "\n".join(rules)


def _mark_pages(body: str, refs: set[str], where: dict[str, int], unknown: int) -> str:
    """Links to other parts carry their target's book page as ``data-page``."""
    def mark(match: re.Match) -> str:
        name = html.unescape(match.group(2))
        if name not in refs:
            return match.group(0)
        return f'<a data-page="{where.get(name, unknown)}" {match.group(1)}href="#{match.group(2)}"'
    return re.sub(r'<a ((?:[^>]*?\s)?)href="#([^"]*)"', mark, body)


def lay_out(head: str, parts: list[Chunk], index: int, counts: list[int], where: dict[str, int], base: Path, tmp: Path, page_rules: str,
            fetcher: URLFetcher, write: bool = True) -> LaidOut:
    """Lay out part ``index`` as pages ``sum(counts[:index]) + 1`` on of a book of ``sum(counts)`` pages; write its own pages.

    The back is preceded by blank filler pages for the rest of the book, so its footer counts
    them (its own length is not known before). Every other part numbers its pages from where
    it starts and prints the book's length (``counts``) as it is given.
    """
    from weasyprint import HTML

    part = parts[index]
    before, total = sum(counts[:index]), sum(counts)
    last = index == len(parts) - 1
    style = FILLER_STYLE + "<style>\n" + page_rules + "\n</style>\n"
    if not last:
        head = head.replace("counter(pages)", f'"{total}"')
        if before:
            style += f"<style>@page :first {{ counter-reset: page {before + 1}; }}</style>\n"
    body = _mark_pages(part.body, part.refs, where, total)
    if last:
        lead = _fillers(before, part.lead_extra)
    elif before:
        lead = f'<div class="book-lead">{part.lead_extra}</div>\n'
    else:
        lead = ""
    document = head.replace("</head>", style + "</head>", 1) + lead + body + "</body>\n</html>\n"
    laid = HTML(string=document, base_url=str(base), url_fetcher=fetcher).render()
    skip = before if last else 0
    own = laid.pages[skip:]
    count = len(own)
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
    if write:
        (laid.copy(own) if skip else laid).write_pdf(pdf)
    del laid, own
    give_back_memory()
    return LaidOut(pdf, before, count, anchors, bookmarks)


def give_back_memory() -> None:
    """Return freed memory to the system (a part's layout, the build's leftovers), so the next process can have it."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def typeset(document: str, base: Path, target: Path, per_part: int, fetcher: URLFetcher) -> int | None:
    """Write the book ``document`` to ``target`` a part at a time; its page count, or None if it cannot be split."""
    split = split_book(document)
    if split is None:
        return None
    head, chunks = split
    parts = group_sheets(chunks, per_part)
    front = [i for i, part in enumerate(parts) if part.front]
    back = len(parts) - 1
    css = head + (base / "print.css").read_text(encoding="utf-8") if (base / "print.css").exists() else head
    page_rules = literal_page_rules(css)
    with tempfile.TemporaryDirectory(prefix="book-parts-") as tmp_name, FontCollector() as fonts:
        tmp = Path(tmp_name)
        # The front's pieces are laid out once in order to learn their lengths (the back is
        # guessed at one page); the back's pages are then known before the front is final.
        counts = [1 if part.front else part.sheets for part in parts[:-1]] + [1]
        measured: dict[int, LaidOut] = {}
        for index in front:
            where = _sheet_pages(parts, counts) | _where([measured[i] for i in front if i in measured])
            measured[index] = lay_out(head, parts, index, counts, where, base, tmp, page_rules, fetcher, write=False)
            counts[index] = measured[index].count
        for _ in range(3):
            where = _sheet_pages(parts, counts) | _where([measured[i] for i in front])
            laid: dict[int, LaidOut] = {}
            laid[back] = lay_out(head, parts, back, counts, where, base, tmp, page_rules, fetcher)
            counts[back] = laid[back].count
            where = _sheet_pages(parts, counts) | _where([*(measured[i] for i in front), laid[back]])
            for index in range(len(parts) - 1):
                if parts[index].sheets:
                    laid[index] = lay_out(head, parts, index, counts, where, base, tmp, page_rules, fetcher)
                    if laid[index].count != parts[index].sheets:
                        raise PartsError(f"{parts[index].sheets} project fact sheets took {laid[index].count} pages; each must fit on one page")
            settled = True
            for index in front:
                laid[index] = lay_out(head, parts, index, counts, where, base, tmp, page_rules, fetcher)
                if laid[index].count != measured[index].count or _pages(laid[index]) != _pages(measured[index]):
                    settled = False  # the page numbers it prints changed its length: lay out everything again
                    measured[index] = laid[index]
                    counts[index] = laid[index].count
                    where = _sheet_pages(parts, counts) | _where([*(measured[i] for i in front), laid[back]])
            if settled:
                break
        else:
            raise PartsError("the book's page numbers did not settle after three layouts")
        return join([laid[i] for i in range(len(parts))], target, fonts)


def _where(laid: list[LaidOut]) -> dict[str, int]:
    """Book page (1-based) of each anchor of the parts ``laid`` (in book order: an id used twice is where it is first)."""
    where: dict[str, int] = {}
    for part in laid:
        for name, (page, _, _) in part.anchors.items():
            where.setdefault(name, page + 1)
    return where


def _pages(laid: LaidOut) -> dict[str, int]:
    return {name: page for name, (page, _, _) in laid.anchors.items()}


def _sheet_pages(parts: list[Chunk], counts: list[int]) -> dict[str, int]:
    """Book page (1-based) of each fact sheet's id, from the front's page count."""
    first_sheet = next(i for i, part in enumerate(parts) if part.sheets)
    where, page = {}, sum(counts[:first_sheet])
    for part in parts[:-1]:
        if not part.sheets:
            continue
        for name in re.findall(r'<section class="sheet" id="([^"]*)"', part.body):
            page += 1
            where[html.unescape(name)] = page
    return where


def join(laid: list[LaidOut], target: Path, fonts: FontCollector | None = None) -> int:
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
    root, skipped, previous = [], [], 0
    last_by_depth = [root]
    for part in laid:
        for index, height, bookmarks in part.bookmarks:
            matrix = Matrix(a=SCALE, d=-SCALE, f=height * SCALE)
            previous = make_page_bookmark_tree(SimpleNamespace(bookmarks=bookmarks), skipped, last_by_depth, previous, index, matrix)
    _add_outline(writer, root, None)
    if fonts is not None:
        _unify_fonts(writer, fonts)
    writer.write(target)
    return len(writer.pages)


def _add_outline(writer, tree, parent) -> None:
    from pypdf.generic import Fit

    for label, (page, x, y), children, state in tree:
        item = writer.add_outline_item(title=label, page_number=page, parent=parent, fit=Fit.xyz(left=x, top=y, zoom=0), is_open=state != "closed")
        _add_outline(writer, children, item)
