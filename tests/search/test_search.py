"""briefing/search/index.py: Korean analysis with Kiwi, record names, the extended index."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from briefing.engine import search_words as search
from briefing.inputs.dataset import read_dataset
from briefing.pipeline import Paths
from briefing.search import korean

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data():
    dataset, _ = read_dataset(ROOT / "data", ROOT)
    return dataset


def test_words_split_as_the_browser_splits_them() -> None:
    assert search.words(["교통·인프라·건설"]) == {"교통", "인프라", "건설"}
    assert search.words(["삼정KPMG가 (CNG) 충전소"]) == {"삼정", "kpmg", "가", "cng", "충전소"}
    assert search.words(["R&amp;D, 'Fresh Wind'"]) == {"r", "d", "fresh", "wind"}
    assert search.words(["US$1.5 billion.", "...", "Billion"]) == {"us$1.5", "billion"}


def test_compound_nouns_are_indexed_under_their_parts() -> None:
    analysis = search.analyze(["카라간다에 대학병원을 짓는다", "국방정책을 논의했다"])
    assert {"대학병원", "병원", "대학"} <= set(analysis.parts["대학병원을"])
    assert {"국방", "정책"} <= set(analysis.parts["국방정책을"])


def test_particles_and_endings_are_split_off() -> None:
    analysis = search.analyze(["희토류를 탐사하고 카자흐스탄과의 협력을 넓혔다", "양국이 협력했다"])
    assert analysis.stems["희토류를"] == "희토류"
    assert analysis.stems["카자흐스탄과의"] == "카자흐스탄"
    assert analysis.stems["협력했다"] == "협력"
    assert {"를", "과의", "했다"} <= analysis.suffixes


def test_a_long_noun_kiwi_keeps_whole_is_split_into_dictionary_nouns() -> None:
    reader = korean.reader(None)
    assert {"경제", "구역", "경제구역"} <= set(reader.compound_parts("특별경제구역"))
    assert reader.compound_parts("카스피안코리아") == ()  # a name, not a compound


def test_transliterated_names_become_user_words_and_korean_compounds_do_not() -> None:
    found = korean.Reader().proper_nouns(
        ["카라간다 대학병원 사업", "투르키스탄 고속도로", "파블로다르 합금철 플랜트"]
    )
    assert {"카라간다", "투르키스탄", "파블로다르"} <= set(found)
    assert not {"대학병원", "고속도로", "합금철"} & set(found)


def test_a_name_written_together_with_a_noun_is_split_with_the_user_word() -> None:
    analysis = search.analyze(["투르키스탄고속도로를 짓는다"], user_words=["투르키스탄"])
    assert {"투르키스탄", "고속도로"} <= set(analysis.parts["투르키스탄고속도로를"])


def test_records_carry_names_in_both_languages_abbreviations_and_aliases(data) -> None:
    terms = search.record_terms(data)
    kosme = terms["organizations/#kosme"].names
    assert {"중소벤처기업진흥공단", "Korea SMEs and Startups Agency", "중진공", "KOSME"} <= set(
        kosme
    )
    samruk = terms["organizations/#samruk-kazyna"].names
    assert {"삼룩카즈나", "Samruk-Kazyna", "Samruk Kazyna"} <= set(samruk)
    visit = terms["events/state-visit-2019/"]
    assert {"Astana", "아스타나", "Nur-Sultan", "누르술탄"} <= set(visit.places)
    assert "Pavlodar ferroalloy plant" in terms["projects/pavlodar-ferroalloy-plant/"].names


GLOSSARY = (
    '<h2 id="organizations">Organizations</h2><dl class="kz-glossary">\n'
    '<dt id="kosme">Korea SMEs and Startups Agency (KOSME)</dt>\n'
    '<dd><span lang="ko">중소벤처기업진흥공단 (중진공)</span> · Korea · Agency<br>'
    "Supports small firms &amp; start-ups.</dd>\n"
    "</dl>"
)


def test_each_organization_and_person_becomes_a_document_at_its_anchor() -> None:
    docs = search.entry_docs(GLOSSARY, "organizations/")
    assert docs == [
        {
            "location": "organizations/#kosme",
            "title": "Korea SMEs and Startups Agency (KOSME)",
            "text": (
                "중소벤처기업진흥공단 (중진공) · Korea · Agency "
                "Supports small firms &amp; start-ups."
            ),
        }
    ]


def test_extending_the_index_keeps_what_readers_see(tmp_path: Path, data) -> None:
    (tmp_path / "organizations").mkdir()
    (tmp_path / "organizations" / "index.html").write_text(GLOSSARY, encoding="utf-8")
    snippet = "<p>카라간다에 대학병원을 짓는 1억 7천만 달러 규모 사업이다.</p>"
    index = {
        "config": {
            "lang": ["en"],
            "separator": "[\\s\\-]+",
            "pipeline": ["stopWordFilter"],
            "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}},
        },
        "docs": [
            {
                "location": "projects/karaganda-university-hospital/",
                "title": "카라간다 대학병원 사업",
                "text": snippet,
            }
        ],
    }
    extended = search.extend_index(index, data, tmp_path)
    hospital = extended["docs"][0]
    assert hospital["text"] == snippet and hospital["title"] == "카라간다 대학병원 사업"
    assert "Karaganda university hospital" in hospital["names"]
    assert [d["location"] for d in extended["docs"]][1:] == ["organizations/#kosme"]
    config = extended["config"]
    assert config["lang"] == [search.PACK] and config["separator"] == search.SEPARATOR
    assert {"names", "places", "title", "text"} <= set(config["fields"])
    assert {"대학병원을", "중진공", "kosme", "karaganda"} <= search.index_words(extended)


def test_language_pack_carries_the_dictionary_before_the_worker_code() -> None:
    pack = search.language_pack(
        search.Analysis(
            stems={"희토류를": "희토류"},
            parts={"대학병원을": ["대학병원", "병원"]},
            suffixes={"를"},
        )
    )
    line = next(line for line in pack.splitlines() if line.startswith("var BRIEFING_SEARCH = "))
    data = json.loads(line.removeprefix("var BRIEFING_SEARCH = ").removesuffix(";"))
    assert data == {
        "stems": {"희토류를": "희토류"},
        "parts": {"대학병원을": "대학병원 병원"},
        "suffixes": ["를"],
    }
    assert "lunr.briefing = function" in pack


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_built_site_ships_our_search_within_budget(built: Paths, lang: str) -> None:
    site = built.site_dir / lang
    index = json.loads(search.index_path(site).read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [search.PACK]
    assert "var BRIEFING_SEARCH" in search.pack_path(site).read_text(encoding="utf-8")
    assert any(
        d["location"] == "organizations/#kosme" and "KOSME" in d["names"] for d in index["docs"]
    )
    # the "Cite this" block of every record page is not searched:
    # its text is the page's title and address
    assert not [d["location"] for d in index["docs"] if d["location"].endswith("#cite-heading")]
    assert any(d["location"] == "projects/turkistan-highway/" for d in index["docs"])
    # snippets are the pages' own text: nothing inserted between syllables
    assert not any("\u200b" in d["text"] for d in index["docs"])
    # what a reader downloads for search, gzip-compressed
    download = sum(
        len(gzip.compress(path.read_bytes(), 9))
        for path in (search.index_path(site), search.pack_path(site))
    )
    assert download < 300_000
