"""briefing/search/korean.py: Kiwi's readings of Korean words, each word alone,
kept between builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing import pipeline
from briefing.engine import search_words as search
from briefing.inputs import Paths, copy_build_inputs
from briefing.search import korean

ROOT = Path(__file__).resolve().parents[2]
WORDS = [
    "대학병원을",
    "희토류를",
    "카자흐스탄과의",
    "협력했다",
    "투르키스탄고속도로를",
    "특별경제구역에",
    "늘렸다",
]


@pytest.fixture
def kiwi_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Grows by one each time a Kiwi loads in this process (a second or so, and 100 MB)."""
    loads: list[int] = []
    load = korean._load_kiwi
    monkeypatch.setattr(korean, "_load_kiwi", lambda: loads.append(1) or load())
    return loads


def test_a_words_reading_does_not_depend_on_the_words_read_with_it() -> None:
    together = korean.Reader().read([*WORDS, "양국이", "정부는", "국방정책을"], ["투르키스탄"])
    one_at_a_time = korean.Reader()  # one Kiwi for every word: each read alone
    for word in WORDS:
        # a user word not in it changes nothing
        alone = one_at_a_time.read([word], ["투르키스탄", "카라간다"])
        assert alone[word] == together[word], word


def test_readings_split_stems_particles_and_parts() -> None:
    found = korean.Reader().read(WORDS, ["투르키스탄"])
    assert (found["희토류를"].stem, found["희토류를"].suffix) == ("희토류", "를")
    assert (found["카자흐스탄과의"].stem, found["카자흐스탄과의"].suffix) == ("카자흐스탄", "과의")
    assert {"대학병원", "대학", "병원"} <= set(found["대학병원을"].parts)
    assert {"투르키스탄", "고속도로"} <= set(found["투르키스탄고속도로를"].parts)
    assert (
        found["늘렸다"].stem == ""
    )  # the ending is fused with the stem: nothing to cut as written


def test_a_second_build_reads_every_word_from_the_cache_without_kiwi(
    tmp_path: Path, kiwi_loads: list[int]
) -> None:
    cache = tmp_path / korean.CACHE_NAME
    first = korean.Reader(cache)
    names = first.proper_nouns(["카라간다 대학병원", "투르키스탄 고속도로"])
    readings = first.read(WORDS, names)
    first.save()
    assert len(kiwi_loads) == 1

    again = korean.Reader(cache)
    assert again.proper_nouns(["카라간다 대학병원", "투르키스탄 고속도로"]) == names
    assert again.read(WORDS, names) == readings
    assert len(kiwi_loads) == 1


def test_a_cache_of_another_kiwi_or_other_rules_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / korean.CACHE_NAME
    reader = korean.Reader(cache)
    reader.read(WORDS)
    reader.save()
    stored = json.loads(cache.read_text(encoding="utf-8"))
    stored["version"] = "older"
    stored["readings"] = {key: ["엉터리", "", []] for key in stored["readings"]}
    cache.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    fresh = korean.Reader(cache).read(WORDS)
    assert fresh["희토류를"].stem == "희토류"
    cache.write_text("{broken", encoding="utf-8")
    assert korean.Reader(cache).read(["희토류를"])["희토류를"].stem == "희토류"


def test_a_user_word_that_is_no_longer_wanted_does_not_change_readings(
    kiwi_loads: list[int],
) -> None:
    # build.py serve keeps one reader: a record name removed since the last
    # rebuild must not keep cutting the words it is written in
    reader = korean.Reader()
    reader.read(["투르키스탄고속도로를"], ["투르키스탄"])
    after = reader.read(["투르키스탄고속도로를"], [])
    assert len(kiwi_loads) == 2  # a fresh Kiwi without the user word
    assert after == korean.Reader().read(["투르키스탄고속도로를"], [])


@pytest.mark.build
def test_a_build_with_the_cache_loads_no_kiwi_and_writes_the_same_search(
    tmp_path: Path, kiwi_loads: list[int]
) -> None:
    paths = Paths(copy_build_inputs(ROOT, tmp_path / "project"))
    pipeline.build(paths, books=False)
    assert len(kiwi_loads) == 1 and (paths.cache_dir / korean.CACHE_NAME).exists()
    packs = {code: search.pack_path(paths.site_dir / code).read_bytes() for code in ("ko", "en")}
    assert "대학병원" in packs["ko"].decode()

    korean._readers.clear()  # as a new process would start
    pipeline.build(paths, books=False)
    assert len(kiwi_loads) == 1
    assert {
        code: search.pack_path(paths.site_dir / code).read_bytes() for code in ("ko", "en")
    } == packs
