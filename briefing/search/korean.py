"""Korean words as Kiwi reads them, for search: the stem before a particle, the nouns inside.

Search (``search.py``) needs, for every Korean word (어절) of an index, the word
without its particle or ending (희토류를 → 희토류) and the words inside it
(대학병원을 → 대학병원, 대학, 병원). Kiwi, a morphological analyser, finds them.

Each distinct word is read **alone**, so its reading depends only on the word,
on Kiwi's version and on the user words (record names added as proper nouns)
written inside it. That makes a reading safe to keep: the two languages share
one ``Reader`` in the build process, and readings are kept between builds in
``.cache/korean-words.json``, keyed by this module's code and Kiwi's version.
A build whose words were all read before loads no Kiwi at all (loading and
preparing its model costs seconds of CPU and hundreds of MB); a new word
costs little.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.inputs.input_files import InputTooLarge, UnreadableInput, read_input

if TYPE_CHECKING:
    from kiwipiepy import Kiwi, Token

CACHE_NAME = "korean-words.json"
MAX_CACHE_BYTES = 256 * 1024 * 1024  # far above the readings of every word of 1,000 projects

HANGUL_WORD = re.compile(r"[가-힣]+")

# Morpheme tags whose form is worth finding a word by: nouns, foreign words,
# numbers, roots, verb and adjective stems.
CONTENT_TAGS = ("NNG", "NNP", "NNB", "NR", "SL", "SH", "SN", "XR", "VV", "VA", "MAG")
# Where the "stem" of a word ends: particles, endings, copula, verb suffixes.
FUNCTION_TAG_PREFIXES = ("J", "E", "VCP", "VCN", "XSV", "XSA")


@dataclass(frozen=True)
class Reading:
    """One word as Kiwi reads it."""

    # the word as written up to its particle or ending; "" when it has none or it is fused (늘렸다)
    stem: str
    suffix: str  # the particle or ending after the stem
    parts: tuple[str, ...]  # words inside it worth finding it by


@dataclass(frozen=True)
class _Morph:
    form: str
    tag: str
    start: int  # relative to the word
    len: int


class Reader:
    """Readings of Korean words, remembered in ``cache_file`` (none: in memory only).

    Kiwi is loaded on the first word not read before, once per reader.
    """

    def __init__(self, cache_file: Path | None = None, enabled: bool = True) -> None:
        self.cache_file = cache_file
        self.enabled = (
            enabled  # no language of the briefing reads words with Kiwi (briefing.yml: word_reader)
        )
        self.readings: dict[str, Reading] = {}  # key: see _key
        self.proper: dict[str, bool] = {}  # word → read as a transliterated name by a plain Kiwi
        self._nouns: dict[
            str, bool
        ] = {}  # key (see _key) → the piece read alone is a known common noun
        self._kiwi: Kiwi | None = None
        self._user_words: set[str] = set()  # added to this Kiwi
        self._changed = False
        self._load_cache()

    # -- the cache ------------------------------------------------------------
    def _load_cache(self) -> None:
        """Take the readings kept in the cache file; a damaged one
        (any value of the wrong shape) is ignored whole and remade."""
        if self.cache_file is None or not os.path.lexists(self.cache_file):
            return
        try:
            # a regular file only: .cache/ may come from elsewhere,
            # and a pipe or /dev/zero must not stall the build
            stored = json.loads(
                read_input(self.cache_file, self.cache_file.parent, MAX_CACHE_BYTES)
            )
        except (UnreadableInput, InputTooLarge, ValueError):
            return
        if not isinstance(stored, dict) or stored.get("version") != cache_version():
            return
        readings, proper, nouns = (
            stored.get("readings", {}),
            stored.get("proper", {}),
            stored.get("nouns", {}),
        )
        if not (_is_readings(readings) and _is_word_flags(proper) and _is_word_flags(nouns)):
            return
        self.readings = {
            key: Reading(stem, suffix, tuple(parts))
            for key, (stem, suffix, parts) in readings.items()
        }
        self.proper = dict(proper)
        self._nouns = dict(nouns)

    def save(self) -> None:
        """Write what was read to the cache file (atomically:
        a build killed meanwhile leaves the old one)."""
        if self.cache_file is None or not self._changed:
            return
        stored = {
            "version": cache_version(),
            "readings": {
                key: [r.stem, r.suffix, list(r.parts)] for key, r in sorted(self.readings.items())
            },
            "proper": dict(sorted(self.proper.items())),
            "nouns": dict(sorted(self._nouns.items())),
        }
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.cache_file.with_name(f"{self.cache_file.name}.{os.getpid()}.tmp")
        partial.write_text(
            json.dumps(stored, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        os.replace(partial, self.cache_file)
        self._changed = False

    # -- public ---------------------------------------------------------------
    def proper_nouns(self, names: Iterable[str]) -> list[str]:
        """The Korean words of record names that Kiwi would cut wrongly: transliterated names.

        A word Kiwi reads as short common nouns (합금철 → 합금/철) is left alone
        so compounds keep their parts; a transliteration it cuts into nonsense
        (카라간다 → 카라/가/ㄴ다, 투르키스탄 → 투르키스/탄) becomes a user word, so
        it stays whole and is split off words written together with it.
        Decided by Kiwi without user words, so the answer is the word's alone.
        """
        if not self.enabled:
            return []
        candidates = sorted(
            {w for name in set(names) for w in HANGUL_WORD.findall(name) if len(w) >= 2}
        )
        undecided = [w for w in candidates if w not in self.proper]
        if undecided:
            kiwi = self._kiwi_for(undecided, ())
            for word, tokens in zip(undecided, kiwi.tokenize(undecided), strict=True):
                self.proper[word] = len(tokens) > 1 and not _common_compound(tokens)
            self._changed = True
        return [w for w in candidates if self.proper[w]]

    def read(self, words: Iterable[str], user_words: Iterable[str] = ()) -> dict[str, Reading]:
        """The reading of each Hangul word of ``words`` (lowercase index words),
        with ``user_words`` as proper nouns."""
        if not self.enabled:
            return {}
        user_words = frozenset(user_words)
        wanted = sorted({w for w in words if HANGUL_WORD.search(w)})
        keys = {w: _key(w, user_words) for w in wanted}
        missing = [w for w in wanted if keys[w] not in self.readings]
        if missing:
            kiwi = self._kiwi_for(missing, user_words)
            for word, tokens in zip(missing, kiwi.tokenize(missing), strict=True):
                morphs = [_Morph(t.form, t.tag, t.start, t.len) for t in tokens]
                self.readings[keys[word]] = self._reading(word, morphs, _inside(word, user_words))
            self._changed = True
        return {w: self.readings[keys[w]] for w in wanted}

    def compound_parts(self, noun: str, user_words: Iterable[str] = ()) -> tuple[str, ...]:
        """Parts of a long noun Kiwi keeps whole (특별경제구역 → 특별, 경제, 구역, 경제구역…).

        Only when the noun read alone splits into common nouns: a transliterated
        name cut into pieces (카스피안코리아) stays whole.
        """
        inside = _inside(noun, frozenset(user_words))
        pieces = list(self._kiwi_for([noun], inside).tokenize(noun))
        if len(pieces) == 1:
            forms = self._known_nouns_spelling(
                noun, inside
            )  # Kiwi keeps unknown long nouns whole: 특별경제구역
        elif _common_compound(pieces):
            forms = [p.form for p in pieces if p.tag == "NNG"]
        else:
            return ()
        pairs = [a + b for a, b in zip(forms, forms[1:], strict=False)]
        return tuple(dict.fromkeys(forms + pairs)) if len(forms) > 1 else ()

    def release_kiwi(self) -> None:
        """Let Kiwi go (its model is large): a build does so before it forks the PDF processes."""
        self._kiwi, self._user_words = None, set()

    # -- Kiwi -----------------------------------------------------------------
    def _kiwi_for(self, words: list[str], user_words: Iterable[str]) -> Kiwi:
        """A Kiwi that reads ``words`` exactly as a fresh one with ``user_words`` would.

        User words cannot be taken out of a Kiwi again: when one added for an
        earlier build is written inside a word to read now but is not wanted,
        start a fresh Kiwi (in ``build.py serve``, after a record name changed).
        """
        wanted = set(user_words)
        stale = self._user_words - wanted
        if self._kiwi is None or any(u in w for u in stale for w in words):
            self._kiwi = _load_kiwi()
            self._user_words = set()
        for word in sorted(wanted - self._user_words):
            self._kiwi.add_user_word(word, "NNP")
            self._user_words.add(word)
        return self._kiwi

    def _reading(self, word: str, morphs: list[_Morph], user_words: Iterable[str]) -> Reading:
        if not morphs:
            return Reading("", "", ())
        stem_end = len(word)
        for before, m in zip(morphs, morphs[1:], strict=False):
            if m.tag.startswith(FUNCTION_TAG_PREFIXES):
                # an ending fused with the stem (늘리+었 → 늘렸) leaves no stem as written
                stem_end = m.start if m.start >= before.start + before.len else 0
                break
        parts = [
            m.form.lower()
            for m in morphs
            if m.tag.startswith(CONTENT_TAGS)
            and (len(m.form) > 1 or m.tag.startswith(("NNG", "NNP")))
        ]
        for m in morphs:
            if m.tag in ("NNG", "NNP") and len(m.form) >= 4:
                parts += self.compound_parts(m.form, user_words)
        # a stem written as one word with the next noun: keep noun pairs too
        # (국방정책 from 국방/정책/을)
        nouns = [m for m in morphs if m.tag in ("NNG", "NNP")]
        for a, b in zip(nouns, nouns[1:], strict=False):
            if a.start + a.len == b.start:
                parts.append(word[a.start : b.start + b.len])
        stem, suffix = (word[:stem_end], word[stem_end:]) if stem_end else ("", "")
        return Reading(stem, suffix, tuple(parts))

    def _known_nouns_spelling(self, word: str, user_words: Collection[str]) -> list[str]:
        """The fewest nouns that spell ``word``, or []: user words written inside it,
        and dictionary nouns of 2–4 letters (one letter only last, such as 부)."""
        sizes = sorted({4, 3, 2, 1} | {len(w) for w in user_words}, reverse=True)
        best: list[list[str] | None] = [[]] + [None] * len(word)
        for end in range(1, len(word) + 1):
            for size in sizes:
                start = end - size
                if start < 0 or (size == 1 and end != len(word)):
                    continue
                before = best[start]  # the fewest nouns that spell word[:start]
                if before is None:
                    continue
                piece = word[start:end]
                known = piece in user_words or (size <= 4 and self._known_noun(piece, user_words))
                so_far = best[end]
                if known and (so_far is None or len(before) + 1 < len(so_far)):
                    best[end] = [*before, piece]
        return best[-1] or []

    def _known_noun(self, piece: str, user_words: Collection[str]) -> bool:
        """A dictionary common noun when read alone
        (a user word written inside the piece can change that)."""
        key = _key(piece, user_words)
        if key not in self._nouns:
            morphs = list(self._kiwi_for([piece], user_words).tokenize(piece))
            self._nouns[key] = (
                len(morphs) == 1 and morphs[0].tag == "NNG" and not getattr(morphs[0], "oov", False)
            )
            self._changed = True
        return self._nouns[key]


def _key(word: str, user_words: Iterable[str]) -> str:
    """Cache key: the word and the user words written inside it,
    the only ones that change its reading."""
    return "\t".join((word, *_inside(word, user_words)))


def _inside(word: str, user_words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(u for u in user_words if u in word))


def _common_compound(morphs: Sequence[Token]) -> bool:
    """Whether Kiwi's pieces of one word read as Korean common nouns, not a cut-up foreign name."""
    common = all(m.tag in ("NNG", "XSN", "XPN") for m in morphs)
    cut_short = any(len(m.form) >= 4 for m in morphs) and any(len(m.form) == 1 for m in morphs)
    return common and not cut_short


def _load_kiwi() -> Kiwi:
    from kiwipiepy import Kiwi

    # one thread: words are short and read in one call; Kiwi's pool only adds
    # overhead. Without the typo and multi-word dictionaries: we read text as
    # written, and Kiwi starts in half the time.
    return Kiwi(num_workers=1, load_typo_dict=False, load_multi_dict=False)


def cache_version() -> str:
    """What a cached reading depends on besides the word:
    this module's rules and Kiwi with its model."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for package in ("kiwipiepy", "kiwipiepy_model"):
        try:
            digest.update(f"{package}={metadata.version(package)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=?;".encode())
    return digest.hexdigest()[:16]


def _is_readings(value: object) -> bool:
    """Whether ``value`` is the cache file's "readings": word key → [stem, suffix, [part, …]]."""
    return isinstance(value, dict) and all(
        isinstance(key, str)
        and isinstance(entry, list)
        and len(entry) == 3
        and isinstance(entry[0], str)
        and isinstance(entry[1], str)
        and isinstance(entry[2], list)
        and all(isinstance(part, str) for part in entry[2])
        for key, entry in value.items()
    )


def _is_word_flags(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(flag, bool) for key, flag in value.items()
    )


# -- one reader per cache file per process -------------------------------------
_readers: dict[Path | None, Reader] = {}


def reader(cache_dir: Path | None, enabled: bool = True) -> Reader:
    """The process's reader for a project's cache folder:
    ``build.py serve`` keeps Kiwi and the readings warm.

    ``enabled=False``: a briefing none of whose languages reads words with Kiwi;
    every word stays as written.
    """
    if not enabled:
        return Reader(None, enabled=False)
    cache_file = cache_dir / CACHE_NAME if cache_dir is not None else None
    if cache_file not in _readers:
        _readers[cache_file] = Reader(cache_file)
    return _readers[cache_file]


def _forget_kiwi_in_child() -> None:
    """A forked process (a worker pool started later) must not use the parent's
    Kiwi, whose threads it does not have; the object is kept, not freed,
    because freeing it would wait for those threads."""
    for r in _readers.values():
        if r._kiwi is not None:
            _forked_away.append(r._kiwi)
        r.release_kiwi()


_forked_away: list = []
os.register_at_fork(after_in_child=_forget_kiwi_in_child)
