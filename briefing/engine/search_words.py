"""Search that works for Korean readers: Kiwi at build time, Material's search UI in the browser.

Material's search worker builds a lunr index in the browser from
``search/search_index.json``. Lunr splits Korean only at spaces, so 병원 does
not find 대학병원을 and 희토류를 finds nothing that says 희토류가. This module
extends the index the engine wrote (``engine/search_index.py``: a document per
page and heading, in the search plugin's format), after the engine built the
language, without changing what a reader sees in the results:

* Every Korean word of the index is read with Kiwi (``korean.py``, once per
  build for both languages, in the build process, with the readings kept in
  ``.cache/``); the word's morphemes
  (대학병원을 → 대학병원, 대학, 병원) go into a dictionary that a small lunr
  "language pack" (``search_worker.js``) uses in the worker to index each word
  under its parts too. Snippets stay the original text, and a match inside a
  word highlights the whole word.
* The same pack rewrites each typed word before Material runs the query:
  particles and endings are stripped (희토류를 → 희토류, using the suffixes
  Kiwi found in the content plus the common particles), unknown compounds are
  split into indexed words, and English words are stemmed (investments →
  invest), since Material's trailing wildcard otherwise skips the stemmer.
* Records from ``data/`` carry their names in both languages, abbreviations
  and aliases in a hidden ``names`` field, and place names (current, former,
  aliases) in a ``places`` field; organizations and people, which share one
  page, become one search document each, pointing at their anchor.

The build process does this for each language after the engine
(``write_search``). The pack is written where Material's worker loads language support from
(``assets/javascripts/lunr/min/lunr.<code>.min.js``), selected by setting the
index's ``config.lang`` to ``[PACK]``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from briefing.model import Dataset, Place
from briefing.search import korean
from briefing.search.korean import Reader, Reading
from briefing.views.urls import PAGES, event_url, project_url

PACK = "briefing"  # the "language" Material's worker loads: lunr/min/lunr.briefing.min.js
WORKER_SOURCE = Path(__file__).with_name("search_worker.js")

# Word separator, shared by this module, the index config and the browser
# (JavaScript and Python read it alike). HTML entities first, so "&amp;" is one
# separator; then spaces and punctuation (· joins Korean lists: 교통·인프라);
# then the boundary between Hangul and Latin letters (삼정KPMG, DAMU와).
# Not ^: the browser marks one-letter queries as exact terms with "^1".
SEPARATOR = (
    r"&[#a-zA-Z0-9]+;|[\s\-–—,;:!?()\[\]{}<>\"'“”‘’/·…&|+=~*]+|\.(?!\d)"
    r"|(?<=[가-힣])(?=[A-Za-z])|(?<=[A-Za-z])(?=[가-힣])"
)
_SEPARATOR = re.compile(SEPARATOR)
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
_HANGUL = re.compile(r"[가-힣]")
_TAG = re.compile(r"<[^>]*>")

# Hidden fields Material's worker indexes (it indexes every field of
# config.fields) but never shows. A name of the record counts almost like the
# title (1000); a place the record is at counts a little more than body text.
FIELDS = {"names": 500.0, "places": 5.0}

# Common particles and endings, so a query with one the content never used
# still loses it (the content adds the ones it did use).
COMMON_SUFFIXES = (
    "이 가 을 를 은 는 의 에 에서 에게 께 와 과 로 으로 도 만 "
    "까지 부터 보다 처럼 마다 이나 나 이랑 랑 "
    "과의 와의 에서의 으로의 로의 에의 에는 에서는 으로는 "
    "로는 과는 와는 에도 에서도 으로도 로도 과도 와도 "
    "이다 였다 이었다 입니다 이며 이고 하다 했다 한다 "
    "하는 하고 하여 해 했던 할 하기 되다 됐다 된 되는 되어 "
    "들 들이 들을 들의 들은 들과"
).split()


@dataclass
class Analysis:
    """What Kiwi found in the index's words."""

    stems: dict[str, str] = field(
        default_factory=dict
    )  # word → the word without its particle/ending
    parts: dict[str, list[str]] = field(default_factory=dict)  # word → the words inside it
    suffixes: set[str] = field(default_factory=set)  # particles/endings seen after stems


# -- words as the browser sees them ------------------------------------------
def words(texts: Iterable[str]) -> set[str]:
    """The distinct index words of ``texts`` (lowercase), split as Material's worker splits them."""
    pieces: set[str] = set()
    for text in texts:
        pieces.update(_SEPARATOR.split(text))
    # trimmed once per distinct piece:
    # a thousand projects' pages hold three million pieces, a few thousand distinct
    return {trimmed.lower() for piece in pieces if (trimmed := _EDGE.sub("", piece))}


def plain_text(markup: str) -> str:
    """Index text without tags (a tag separates words, as in the worker)."""
    return html.unescape(_TAG.sub(" ", markup))


def analyze(
    texts: Iterable[str], user_words: Iterable[str] = (), reader: Reader | None = None
) -> Analysis:
    """Stems, parts and particles of every Korean word of ``texts``,
    as Kiwi reads them (``korean.py``)."""
    readings = (reader or korean.reader(None)).read(words(texts), user_words)
    return analysis_of(readings)


def analysis_of(readings: dict[str, Reading]) -> Analysis:
    """The language pack's dictionary from the readings of an index's words."""
    result = Analysis(suffixes=set(COMMON_SUFFIXES))
    for word, reading in readings.items():
        if reading.suffix and reading.stem:
            result.stems[word] = reading.stem
            if _HANGUL.search(reading.suffix) and len(reading.suffix) <= 4:
                result.suffixes.add(reading.suffix)
        extra = [p for p in dict.fromkeys([reading.stem, *reading.parts]) if p and p != word]
        if extra:
            result.parts[word] = extra
    return result


# -- records from data -------------------------------------------------------
@dataclass
class RecordTerms:
    names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def place_terms(place: Place | None) -> list[str]:
    if place is None:
        return []
    terms = [*place.name.values(), *place.aliases.all()]
    for former in place.former_names:
        terms += former.name.values()
    return list(dict.fromkeys(terms))


def record_terms(data: Dataset) -> dict[str, RecordTerms]:
    """Names in both languages, abbreviations and aliases of each record,
    by the location of its search document."""
    found: dict[str, RecordTerms] = {}
    for p in data.projects.values():
        place = data.places.get(p.location) if p.location else None
        found[project_url(p.id)] = RecordTerms(
            [*p.name.values(), *p.aliases.all()], place_terms(place)
        )
    for e in data.events.values():
        found[event_url(e.id)] = RecordTerms(
            list(e.title.values()), place_terms(data.places.get(e.place) if e.place else None)
        )
    for o in data.organizations.values():
        names = [*o.name.values(), *o.abbreviation.values(), *o.aliases.all()]
        found[f"{PAGES['organizations']}#{o.id}"] = RecordTerms(list(dict.fromkeys(names)))
    for person in data.people.values():
        found[f"{PAGES['organizations']}#{person.id}"] = RecordTerms(list(person.name.values()))
    return found


def all_names(data: Dataset) -> list[str]:
    names = []
    for terms in record_terms(data).values():
        names += terms.names + terms.places
    for place in data.places.values():
        names += place_terms(place)
    return names


class _Entries(HTMLParser):
    """Named entries of a list page: ``<dt id>name</dt><dd>details</dd>`` (organizations,
    people) and ``<li id>… <cite>title</cite> …</li>`` (sources; a paragraph of
    plain links, "cited by", is navigation and left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[dict] = []
        self._in: str | None = None  # "title" or "text": where text goes now
        self._item_depth = 0  # open <li> elements inside a source entry
        self._paragraph: list[str] | None = None  # text of the entry's current <p>
        self._links = self._cites = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "dt" and named.get("id"):
            self.entries.append({"id": named["id"], "title": "", "text": ""})
            self._in = "title"
        elif tag == "dd" and self.entries and self._in is None and not self.entries[-1]["text"]:
            self._in = "text"
        elif tag == "li" and named.get("id") and not self._item_depth:
            self.entries.append({"id": named["id"], "title": "", "text": ""})
            self._in, self._item_depth = "text", 1
        elif tag == "li" and self._item_depth:
            self._item_depth += 1
        elif tag == "p" and self._item_depth:
            self._paragraph, self._links, self._cites = [], 0, 0
        elif tag == "a" and self._item_depth:
            self._links += 1
        elif tag == "cite" and self._item_depth:
            self._in, self._cites = "title", self._cites + 1
        elif tag == "br" and self._in == "text":
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("dt", "dd"):
            self._in = None
        elif tag == "cite" and self._item_depth:
            self._in = "text"
        elif tag == "p" and self._paragraph is not None:
            if not (self._links and not self._cites):
                self.entries[-1]["text"] += " " + "".join(self._paragraph)
            self._paragraph = None
        elif tag == "li" and self._item_depth:
            self._item_depth -= 1
            if not self._item_depth:
                self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "text" and self._paragraph is not None:
            self._paragraph.append(data)
        elif self._in:
            self.entries[-1][self._in] += data


def entry_docs(page_html: str, location: str) -> list[dict]:
    """One search document per named entry of a list page, at its anchor."""
    parser = _Entries()
    parser.feed(page_html)
    return [
        {
            "location": f"{location}#{e['id']}",
            "title": html.escape(" ".join(e["title"].split()), quote=False),
            "text": html.escape(" ".join(e["text"].split()), quote=False),
        }
        for e in parser.entries
        if e["title"].strip()
    ]


# List pages whose entries get a document each (above), and the list sections
# that then only repeat those documents: their text is left out of the index
# except a leading paragraph, which keeps a one-letter query on a site of a
# thousand records from matching and shipping hundreds of kilobytes.
LIST_PAGES = (PAGES["organizations"], PAGES["sources"])
LIST_SECTIONS = (
    PAGES["projects"],
    PAGES["sources"],
    f"{PAGES['organizations']}#organizations",
    f"{PAGES['organizations']}#people",
)
_LEAD = re.compile(r"^\s*<p>.*?</p>", re.S)


# Sections every record page repeats with only its own title and address
# (theme/pages/_cite.md): a search hit there tells the reader nothing, and on a
# site of a thousand records they were one document in six.
BOILERPLATE_SECTIONS = ("cite-heading",)


def lead_paragraph(text: str) -> str:
    match = _LEAD.match(text)
    return match.group(0) if match else ""


# -- the index ---------------------------------------------------------------
def extend_index(index: dict, data: Dataset, site_dir: Path) -> dict:
    """Material's index with record documents, hidden name fields and our language pack selected."""
    docs = index["docs"] = [
        d for d in index["docs"] if d["location"].partition("#")[2] not in BOILERPLATE_SECTIONS
    ]
    known = {d["location"] for d in docs}
    for page in LIST_PAGES:
        page_file = site_dir / page / "index.html"
        if page_file.exists():
            for doc in entry_docs(page_file.read_text(encoding="utf-8"), page):
                if doc["location"] not in known:
                    docs.append(doc)
                    known.add(doc["location"])
    for doc in docs:
        if doc["location"] in LIST_SECTIONS:
            doc["text"] = lead_paragraph(doc["text"])
    terms = record_terms(data)
    for doc in docs:
        record = terms.get(doc["location"])
        if record:
            doc["names"] = " · ".join(dict.fromkeys(record.names))
            if record.places:
                doc["places"] = " · ".join(record.places)
    config = index["config"]
    config["lang"] = [PACK]
    config["separator"] = SEPARATOR
    config["pipeline"] = []  # the pack sets up its own pipeline
    config["fields"] = {
        **config["fields"],
        **{name: {"boost": boost} for name, boost in FIELDS.items()},
    }
    return index


def index_words(index: dict) -> set[str]:
    """Every word the browser will index, from every field Material's worker indexes."""
    return words(
        plain_text(doc.get(name, ""))
        for doc in index["docs"]
        for name in ("title", "text", *FIELDS)
    )


def user_words(data: Dataset, reader: Reader) -> list[str]:
    """Record names Kiwi must keep whole (see ``Reader.proper_nouns``)."""
    return reader.proper_nouns(all_names(data))


def language_pack(analysis: Analysis) -> str:
    """The worker script: our lunr pipeline and query rewriting, with this site's dictionary."""
    pack = {
        "stems": dict(sorted(analysis.stems.items())),
        "parts": {word: " ".join(parts) for word, parts in sorted(analysis.parts.items())},
        "suffixes": sorted(analysis.suffixes, key=lambda s: (-len(s), s)),
    }
    header = (
        "/* Generated by briefing/engine/search_words.py: "
        "Korean word stems and parts found by Kiwi, and particles. */\n"
    )
    data = f"var BRIEFING_SEARCH = {json.dumps(pack, ensure_ascii=False, separators=(',', ':'))};\n"
    return header + data + WORKER_SOURCE.read_text(encoding="utf-8")


def pack_path(site_dir: Path) -> Path:
    return site_dir / "assets" / "javascripts" / "lunr" / "min" / f"lunr.{PACK}.min.js"


def index_path(site_dir: Path) -> Path:
    return site_dir / "search" / "search_index.json"


def write_search(site_dir: Path, data: Dataset, reader: Reader) -> None:
    """Extend the index the engine wrote into ``site_dir`` and write the worker's language pack.

    Runs in the build process after the engine, for each language with one
    ``reader``: one Kiwi per build at most, none when every word was read before.
    """
    path = index_path(site_dir)
    index = extend_index(json.loads(path.read_text(encoding="utf-8")), data, site_dir)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    readings = reader.read(index_words(index), user_words(data, reader))
    pack = pack_path(site_dir)
    pack.parent.mkdir(parents=True, exist_ok=True)
    pack.write_text(language_pack(analysis_of(readings)), encoding="utf-8")


def read_ahead(data: Dataset, texts: Iterable[str], reader: Reader) -> None:
    """Read the Korean words of ``texts`` (the staged pages) while the engine builds, so that
    ``write_search`` finds most of them read: the build's one Kiwi loads, if at all,
    beside the engine's processes instead of after them."""
    reader.read(words(texts), user_words(data, reader))
