"""Search that works for Korean readers: Kiwi at build time, Material's search UI in the browser.

Material's search worker builds a lunr index in the browser from
``search/search_index.json``. Lunr splits Korean only at spaces, so 병원 does
not find 대학병원을 and 희토류를 finds nothing that says 희토류가. This module
extends the index the search plugin wrote, after the plugin (``on_post_build``
hook), without changing what a reader sees in the results:

* Every Korean word of the index is analysed with Kiwi; the word's morphemes
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

The pack is written where Material's worker loads language support from
(``assets/javascripts/lunr/min/lunr.<code>.min.js``), selected by setting the
index's ``config.lang`` to ``[PACK]``.
"""

from __future__ import annotations

import functools
import gzip
import html
import json
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .model import Dataset, Place
from .urls import PAGES, event_url, project_url

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

# Morpheme tags whose form is worth finding a word by: nouns, foreign words,
# numbers, roots, verb and adjective stems.
CONTENT_TAGS = ("NNG", "NNP", "NNB", "NR", "SL", "SH", "SN", "XR", "VV", "VA", "MAG")
# Where the "stem" of a word ends: particles, endings, copula, verb suffixes.
FUNCTION_TAG_PREFIXES = ("J", "E", "VCP", "VCN", "XSV", "XSA")

# Common particles and endings, so a query with one the content never used
# still loses it (the content adds the ones it did use).
COMMON_SUFFIXES = (
    "이 가 을 를 은 는 의 에 에서 에게 께 와 과 로 으로 도 만 까지 부터 보다 처럼 마다 이나 나 이랑 랑 "
    "과의 와의 에서의 으로의 로의 에의 에는 에서는 으로는 로는 과는 와는 에도 에서도 으로도 로도 과도 와도 "
    "이다 였다 이었다 입니다 이며 이고 하다 했다 한다 하는 하고 하여 해 했던 할 하기 되다 됐다 된 되는 되어 "
    "들 들이 들을 들의 들은 들과"
).split()


@dataclass
class Analysis:
    """What Kiwi found in the index's words."""

    stems: dict[str, str] = field(default_factory=dict)  # word → the word without its particle/ending
    parts: dict[str, list[str]] = field(default_factory=dict)  # word → the words inside it
    suffixes: set[str] = field(default_factory=set)  # particles/endings seen after stems


# -- Kiwi, loaded once per process ------------------------------------------
_kiwi = None
_kiwi_words: set[str] = set()
_kiwi_lock = threading.Lock()


def _forget_kiwi_in_child() -> None:
    """A forked process (the engine's process pool) loads its own Kiwi: the
    parent's, with its threads gone, would hang. The old object is kept, not
    freed, because freeing it waits for those threads too."""
    global _kiwi, _kiwi_lock
    if _kiwi is not None:
        _forked_away.append(_kiwi)
    _kiwi = None
    _kiwi_words.clear()
    _kiwi_lock = threading.Lock()
    compound_parts.cache_clear()
    _known_noun.cache_clear()
    _proper_noun_decisions.clear()


_forked_away: list = []
os.register_at_fork(after_in_child=_forget_kiwi_in_child)


def kiwi(user_words: Iterable[str] = ()):
    """The process's Kiwi (loading takes about a second), with ``user_words`` added as proper nouns."""
    global _kiwi
    with _kiwi_lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            # one thread: the two languages already build in parallel processes,
            # and Kiwi's thread pool only adds overhead for short texts
            # without the typo and multi-word dictionaries: we analyse text as
            # written, and Kiwi starts in half the time
            _kiwi = Kiwi(num_workers=1, load_typo_dict=False, load_multi_dict=False)
        for word in user_words:
            if word not in _kiwi_words:
                _kiwi_words.add(word)
                _kiwi.add_user_word(word, "NNP")
        return _kiwi


def proper_nouns(names: Iterable[str]) -> list[str]:
    """The Korean words of record names that Kiwi would cut wrongly: transliterated names.

    A word Kiwi reads as short common nouns (합금철 → 합금/철) is left alone
    so compounds keep their parts; a transliteration it cuts into nonsense
    (카라간다 → 카라/가/ㄴ다, 투르키스탄 → 투르키스/탄) becomes a user word, so
    it stays whole and is split off words written together with it.
    """
    candidates = sorted({w for name in set(names) for w, _start, _end in words(name) if len(w) >= 2 and re.fullmatch(r"[가-힣]+", w)})
    # Decide each word once per process, with the dictionary as it was before
    # any user word was added: a process that builds both languages (or builds
    # again) must find the same words, or its output would depend on order.
    undecided = [w for w in candidates if w not in _proper_noun_decisions]
    if undecided:
        for word, morphs in zip(undecided, _analyze_batches(kiwi(), undecided, 2000), strict=True):
            _proper_noun_decisions[word] = len(morphs) > 1 and not _common_compound(morphs)
    return [w for w in candidates if _proper_noun_decisions[w]]


_proper_noun_decisions: dict[str, bool] = {}


# -- words as the browser sees them ------------------------------------------
def words(text: str) -> list[tuple[str, int, int]]:
    """The index words of ``text`` (lowercase), with their spans, split as Material's worker splits them."""
    found = []
    start = 0
    for match in [*_SEPARATOR.finditer(text), None]:
        end = match.start() if match else len(text)
        if end > start:
            raw = text[start:end]
            trimmed = _EDGE.sub("", raw)
            if trimmed:
                offset = start + raw.index(trimmed)
                found.append((trimmed.lower(), offset, offset + len(trimmed)))
        if match:
            start = match.end()
    return found


def plain_text(markup: str) -> str:
    """Index text without tags (a tag separates words, as in the worker)."""
    return html.unescape(_TAG.sub(" ", markup))


def analyze(texts: Iterable[str], user_words: Iterable[str] = (), scope: str = "") -> Analysis:
    """Split every Korean word of ``texts`` into its stem and parts with Kiwi (``scope``: see ``analyze_words``)."""
    analyzer = kiwi(user_words)
    result = Analysis(suffixes=set(COMMON_SUFFIXES))
    unique = sorted({w for text in texts for w, _start, _end in words(text) if _HANGUL.search(w)})
    for word, morphs in zip(unique, analyze_words(analyzer, unique, scope=scope), strict=True):
        if not morphs:
            continue
        stem, parts, suffix = _split_word(word, morphs)
        if suffix and stem:
            result.stems[word] = stem
            if _HANGUL.search(suffix) and len(suffix) <= 4:
                result.suffixes.add(suffix)
        extra = [p for p in dict.fromkeys([stem, *parts]) if p and p != word]
        if extra:
            result.parts[word] = extra
    return result


def analyze_words(analyzer, unique_words: list[str], batch: int = 2000, scope: str = "") -> list[list]:
    """Kiwi's morphemes of each word, offsets relative to the word.

    Each distinct word is analysed once, many to a call (one line each): a
    Korean word (어절) carries its own particles and endings, and Kiwi's cost
    is per call and per letter, so a site of a thousand pages costs what its
    vocabulary costs.
    """
    # A process that builds again (the warm workers of build.py serve) analyses
    # only words it has not seen with the same user dictionary. Kiwi reads a
    # batch as context, so results are kept per ``scope`` (the language): a
    # process that builds both languages must not reuse one language's
    # analyses in the other, or the output would depend on the build order.
    key = (scope, len(_kiwi_words))
    todo = [w for w in dict.fromkeys(unique_words) if (*key, w) not in _analysed]
    for word, morphs in zip(todo, _analyze_batches(analyzer, todo, batch), strict=True):
        _analysed[(*key, word)] = morphs
    return [_analysed[(*key, w)] for w in unique_words]


_analysed: dict[tuple[str, int, str], list] = {}


def _analyze_batches(analyzer, unique_words: list[str], batch: int) -> list[list]:
    found: list[list] = []
    for first in range(0, len(unique_words), batch):
        chunk = unique_words[first:first + batch]
        starts = []
        offset = 0
        for word in chunk:
            starts.append(offset)
            offset += len(word) + 1
        morphs = analyzer.tokenize("\n".join(chunk))
        cursor = 0
        for word, start in zip(chunk, starts, strict=True):
            inside = []
            while cursor < len(morphs) and morphs[cursor].start < start + len(word):
                if morphs[cursor].start >= start:
                    inside.append(_Morph(morphs[cursor].form, morphs[cursor].tag, morphs[cursor].start - start, morphs[cursor].len))
                cursor += 1
            found.append(inside)
    return found


@dataclass(frozen=True)
class _Morph:
    form: str
    tag: str
    start: int
    len: int


@functools.cache
def compound_parts(noun: str) -> tuple[str, ...]:
    """Parts of a long noun Kiwi kept whole in context (특별경제구역 → 특별, 경제, 구역, 경제구역…).

    Only when the noun read alone splits into common nouns: a transliterated
    name cut into pieces (카스피안코리아) stays whole.
    """
    pieces = kiwi().tokenize(noun)
    if len(pieces) == 1:
        forms = _known_nouns_spelling(noun)  # Kiwi keeps unknown long nouns whole: 특별경제구역
    elif _common_compound(pieces):
        forms = [p.form for p in pieces if p.tag == "NNG"]
    else:
        return ()
    pairs = [a + b for a, b in zip(forms, forms[1:], strict=False)]
    return tuple(dict.fromkeys(forms + pairs)) if len(forms) > 1 else ()


@functools.cache
def _known_noun(piece: str) -> bool:
    morphs = kiwi().tokenize(piece)
    return len(morphs) == 1 and morphs[0].tag == "NNG" and not getattr(morphs[0], "oov", False)


def _known_nouns_spelling(word: str) -> list[str]:
    """The fewest nouns that spell ``word``, or []: record names added to Kiwi, and
    dictionary nouns of 2–4 letters (one letter only last, such as 부)."""
    sizes = sorted({4, 3, 2, 1} | {len(w) for w in _kiwi_words if w in word}, reverse=True)
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for size in sizes:
            start = end - size
            if start < 0 or best[start] is None or (size == 1 and end != len(word)):
                continue
            piece = word[start:end]
            known = piece in _kiwi_words or (size <= 4 and _known_noun(piece))
            if known and (best[end] is None or len(best[start]) + 1 < len(best[end])):
                best[end] = [*best[start], piece]
    return best[-1] or []


def _common_compound(morphs) -> bool:
    """Whether Kiwi's pieces of one word read as Korean common nouns, not a cut-up foreign name."""
    common = all(m.tag in ("NNG", "XSN", "XPN") for m in morphs)
    cut_short = any(len(m.form) >= 4 for m in morphs) and any(len(m.form) == 1 for m in morphs)
    return common and not cut_short


def _split_word(word: str, morphs: list[_Morph]) -> tuple[str, list[str], str]:
    """(stem as written, content morphemes, the particle/ending after the stem)."""
    stem_end = len(word)
    for before, m in zip(morphs, morphs[1:], strict=False):
        if m.tag.startswith(FUNCTION_TAG_PREFIXES):
            # an ending fused with the stem (늘리+었 → 늘렸) leaves no stem as written
            stem_end = m.start if m.start >= before.start + before.len else 0
            break
    parts = [m.form.lower() for m in morphs if m.tag.startswith(CONTENT_TAGS) and (len(m.form) > 1 or m.tag.startswith(("NNG", "NNP")))]
    for m in morphs:
        if m.tag in ("NNG", "NNP") and len(m.form) >= 4:
            parts += compound_parts(m.form)
    # a stem written as one word with the next noun: keep noun pairs too (국방정책 from 국방/정책/을)
    nouns = [m for m in morphs if m.tag in ("NNG", "NNP")]
    for a, b in zip(nouns, nouns[1:], strict=False):
        if a.start + a.len == b.start:
            parts.append(word[a.start: b.start + b.len])
    if stem_end == 0:
        return "", parts, ""
    return word[:stem_end], parts, word[stem_end:]


# -- records from data -------------------------------------------------------
@dataclass
class RecordTerms:
    names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def place_terms(place: Place | None) -> list[str]:
    if place is None:
        return []
    terms = [place.name.ko, place.name.en, *place.aliases.all()]
    for former in place.former_names:
        terms += [former.name.ko, former.name.en]
    return list(dict.fromkeys(terms))


def record_terms(data: Dataset) -> dict[str, RecordTerms]:
    """Names in both languages, abbreviations and aliases of each record, by the location of its search document."""
    found: dict[str, RecordTerms] = {}
    for p in data.projects.values():
        place = data.places.get(p.location) if p.location else None
        found[project_url(p.id)] = RecordTerms([p.name.ko, p.name.en, *p.aliases.all()], place_terms(place))
    for e in data.events.values():
        found[event_url(e.id)] = RecordTerms([e.title.ko, e.title.en], place_terms(data.places.get(e.place)))
    for o in data.organizations.values():
        names = [o.name.ko, o.name.en, *o.abbreviation.values(), *o.aliases.all()]
        found[f"{PAGES['organizations']}#{o.id}"] = RecordTerms(list(dict.fromkeys(names)))
    for person in data.people.values():
        found[f"{PAGES['organizations']}#{person.id}"] = RecordTerms([person.name.ko, person.name.en])
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

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "dt" and attrs.get("id"):
            self.entries.append({"id": attrs["id"], "title": "", "text": ""})
            self._in = "title"
        elif tag == "dd" and self.entries and self._in is None and not self.entries[-1]["text"]:
            self._in = "text"
        elif tag == "li" and attrs.get("id") and not self._item_depth:
            self.entries.append({"id": attrs["id"], "title": "", "text": ""})
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

    def handle_endtag(self, tag):
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

    def handle_data(self, data):
        if self._in == "text" and self._paragraph is not None:
            self._paragraph.append(data)
        elif self._in:
            self.entries[-1][self._in] += data


def entry_docs(page_html: str, location: str) -> list[dict]:
    """One search document per named entry of a list page, at its anchor."""
    parser = _Entries()
    parser.feed(page_html)
    return [
        {"location": f"{location}#{e['id']}", "title": html.escape(" ".join(e["title"].split()), quote=False), "text": html.escape(" ".join(e["text"].split()), quote=False)}
        for e in parser.entries
        if e["title"].strip()
    ]


# List pages whose entries get a document each (above), and the list sections
# that then only repeat those documents: their text is left out of the index
# except a leading paragraph, which keeps a one-letter query on a site of a
# thousand records from matching and shipping hundreds of kilobytes.
LIST_PAGES = (PAGES["organizations"], PAGES["sources"])
LIST_SECTIONS = (PAGES["projects"], PAGES["sources"], f"{PAGES['organizations']}#organizations", f"{PAGES['organizations']}#people")
_LEAD = re.compile(r"^\s*<p>.*?</p>", re.S)


def lead_paragraph(text: str) -> str:
    match = _LEAD.match(text)
    return match.group(0) if match else ""


# -- the index ---------------------------------------------------------------
def extend_index(index: dict, data: Dataset, site_dir: Path) -> tuple[dict, Analysis]:
    """Material's index with record documents, hidden name fields and our language pack selected."""
    docs = index["docs"]
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
    texts = []
    for doc in docs:
        texts += [plain_text(doc.get(name, "")) for name in ("title", "text", *FIELDS)]
    analysis = analyze([t for t in texts if t], proper_nouns(all_names(data)), scope=site_dir.name)
    config = index["config"]
    config["lang"] = [PACK]
    config["separator"] = SEPARATOR
    config["pipeline"] = []  # the pack sets up its own pipeline
    config["fields"] = {**config["fields"], **{name: {"boost": boost} for name, boost in FIELDS.items()}}
    return index, analysis


def language_pack(analysis: Analysis) -> str:
    """The worker script: our lunr pipeline and query rewriting, with this site's dictionary."""
    pack = {
        "stems": dict(sorted(analysis.stems.items())),
        "parts": {word: " ".join(parts) for word, parts in sorted(analysis.parts.items())},
        "suffixes": sorted(analysis.suffixes, key=lambda s: (-len(s), s)),
    }
    header = "/* Generated by briefing/search.py: Korean word stems and parts found by Kiwi, and particles. */\n"
    data = f"var BRIEFING_SEARCH = {json.dumps(pack, ensure_ascii=False, separators=(',', ':'))};\n"
    return header + data + WORKER_SOURCE.read_text(encoding="utf-8")


def pack_path(site_dir: Path) -> Path:
    return site_dir / "assets" / "javascripts" / "lunr" / "min" / f"lunr.{PACK}.min.js"


def index_path(site_dir: Path) -> Path:
    return site_dir / "search" / "search_index.json"


def write_search(site_dir: Path, data: Dataset) -> None:
    """Extend the index the search plugin wrote into ``site_dir`` and write the worker's language pack."""
    path = index_path(site_dir)
    index = json.loads(path.read_text(encoding="utf-8"))
    index, analysis = extend_index(index, data, site_dir)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    pack = pack_path(site_dir)
    pack.parent.mkdir(parents=True, exist_ok=True)
    pack.write_text(language_pack(analysis), encoding="utf-8")


def gzip_size(site_dir: Path) -> dict[str, int]:
    """Bytes a reader downloads for search, gzip-compressed: the index and the language pack."""
    sizes = {}
    for name, path in (("index", index_path(site_dir)), ("pack", pack_path(site_dir))):
        sizes[name] = len(gzip.compress(path.read_bytes(), 9)) if path.exists() else 0
    return sizes


# Set to build with Material's search as it comes (the benchmark compares both).
STOCK_SEARCH_ENV = "BRIEFING_STOCK_SEARCH"


def extend_built_site(site_dir: Path, root: Path) -> None:
    """Called by the engine after the search plugin wrote its index for one language."""
    if os.environ.get(STOCK_SEARCH_ENV):
        return
    from .dataset import read_dataset

    data, _warnings = read_dataset(root / "data", root)
    write_search(site_dir, data)
