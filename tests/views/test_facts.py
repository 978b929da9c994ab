"""The key facts of the three source articles, as readers see them on the built site.

Each row: the page, then what a Korean reader and an English reader must read
there. A failure means a fact was lost, changed or badly formatted.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from briefing.pipeline import Paths

FACTS = [
    # (page, Korean text, English text)
    # Newspim, 27 September 2019: the first working group
    ("events/working-group-1-2019", "2019년 9월 27일", "27 September 2019"),
    ("events/working-group-1-2019", "누르술탄", "Nur-Sultan"),
    ("events/working-group-1-2019", "김용래", "Kim Yong-rae"),
    ("events/working-group-agreement-2019", "2019년 5월", "May 2019"),
    ("projects/cooperation-package-2019", "약 1조 원", "about KRW 1 trillion"),
    ("projects/pavlodar-ferroalloy-plant", "2억 달러", "$200 million"),
    ("projects/turkistan-highway", "4억 8,000만 달러", "$480 million"),
    ("projects/turkistan-highway", "발주 지연", "Tender delayed"),
    ("projects/karaganda-university-hospital", "1억 7,000만 달러", "$170 million"),
    ("projects/shymkent-new-city", "13억 5,000만 달러", "$1.35 billion"),
    ("projects/earth-observation-satellite", "약 1억 달러", "about $100 million"),
    ("projects/sme-technology-exchange-centre", "2019년 11월", "November 2019"),
    ("projects/economic-cooperation-missions", "12개사", "12 companies"),
    ("projects/almaty-ring-road", "알마티", "Almaty"),
    ("projects/fresh-wind-programme", "프레시 윈드", "Fresh Wind"),
    # Cheong Wa Dae briefing, April 2019 (public record)
    ("events/state-visit-2019", "2019년 4월 21일~23일", "21–23 Apr 2019"),
    ("events/summit-2019", "2019년 4월 22일", "22 April 2019"),
    ("events/summit-2019", "아크오르다", "Akorda"),
    # K Global Times, August 2021: Tokayev's state visit
    ("events/state-visit-2021", "2021년 8월 16일~17일", "16–17 Aug 2021"),
    ("events/summit-2021", "2021년 8월 17일", "17 August 2021"),
    ("events/summit-2021", "청와대", "Cheong Wa Dae"),
    ("events/summit-2021", "토카예프", "Tokayev"),
    ("events/summit-2021", "문재인", "Moon Jae-in"),
    ("projects/hyundai-almaty-plant", "3만~4만 5,000대", "30,000–45,000 vehicles"),
    ("projects/hyundai-almaty-plant", "2,392대", "2,392 vehicles"),
    ("projects/hyundai-almaty-plant", "약 30%", "about 30%"),
    ("projects/hyundai-almaty-plant", "2021년 1월", "January 2021"),
    ("events/hyundai-almaty-plant-launch-2020", "2020년 10월 15일", "15 October 2020"),
    ("events/business-round-table-2021", "한국무역협회", "KITA"),
    ("events/business-round-table-2021", "삼룩카즈나", "Samruk-Kazyna"),
    ("events/business-round-table-2021", "24개 기업·기관", "24 Korean companies"),
    ("events/kosme-damu-agreement-2021", "김학도", "Kim Hak-do"),
    ("events/kosme-damu-agreement-2021", "롯데호텔", "Lotte Hotel"),
    ("projects/rare-earths-cooperation", "희토류", "rare earth"),
    ("projects/gobizkorea-kazakhstan-pavilion", "고비즈코리아", "GobizKorea"),
    # Prime Economy, 15 October 2025: the Alatau City roadshow
    ("events/alatau-roadshow-2025", "2025년 10월 15일", "15 October 2025"),
    ("events/alatau-roadshow-2025", "소공동 롯데호텔", "Lotte Hotel, Sogong-dong"),
    ("events/alatau-roadshow-2025", "보줌바예프", "Bozumbayev"),
    ("events/alatau-roadshow-2025", "삼정KPMG", "Samjong KPMG"),
    ("projects/alatau-city", "880km²", "880 km²"),
    ("projects/alatau-city", "약 190만 명", "about 1.9 million people"),
    ("projects/alatau-city", "일자리 110만 개", "1.1 million jobs"),
    ("events/caspian-korea-founding-2023", "2023년", "2023"),
    ("organizations", "카스피안그룹", "Caspian Group"),
    ("organizations", "글로벌녹색성장기구", "Global Green Growth Institute"),
    ("organizations", "중소벤처기업진흥공단", "KOSME"),
    ("organizations", "한국무역보험공사", "K-SURE"),
    ("organizations", "한국수력원자력", "KHNP"),
    ("organizations", "카자흐 인베스트", "Kazakh Invest"),
    ("organizations", "아스타나모터스", "Astana Motors"),
    ("organizations", "최유리", "Choi Yuri"),
]


def page_text(site: Path, lang: str, url: str) -> str:
    """The article's text as a reader sees it: no tags, entities decoded, spaces collapsed."""
    raw = (site / lang / url / "index.html").read_text(encoding="utf-8")
    article = raw.split("<article", 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


def test_at_least_forty_facts_are_listed() -> None:
    assert len(FACTS) >= 40


@pytest.mark.parametrize("url,ko,en", FACTS, ids=[f"{u}:{e}" for u, _, e in FACTS])
def test_fact_is_shown_in_both_languages(built: Paths, url: str, ko: str, en: str) -> None:
    assert ko in page_text(built.site_dir, "ko", url)
    assert en in page_text(built.site_dir, "en", url)


def test_every_source_is_cited_and_every_record_sourced(built: Paths) -> None:
    import yaml

    data = built.root / "data"
    sources = {
        s["id"]
        for s in yaml.safe_load((data / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    }
    cited: set[str] = set()
    for name in ("projects", "events", "organizations", "people"):
        for record in yaml.safe_load((data / f"{name}.yaml").read_text(encoding="utf-8"))[name]:
            assert record["sources"], f"{name}: {record['id']} has no source"
            cited.update(record["sources"])
    assert sources <= cited


def test_no_page_has_an_empty_section_or_placeholder(built: Paths) -> None:
    for lang in ("ko", "en"):
        for page in (built.site_dir / lang).rglob("index.html"):
            text = (
                page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
            )
            assert not re.search(r"TODO|TBD|lorem ipsum|placeholder|\bFIXME\b", text, re.I), page
            # a heading followed directly by another heading of the same or higher level
            # is an empty section
            assert not re.search(r"</h2>\s*<h2", text), page


def test_a_person_shows_a_country_only_where_a_source_gives_one(built: Paths) -> None:
    # Choi Yuri's side is not stated in any source;
    # Bozumbayev is Kazakhstan's Deputy Prime Minister.
    ko = page_text(built.site_dir, "ko", "organizations")
    en = page_text(built.site_dir, "en", "organizations")
    assert "Choi Yuri · 카스피안그룹" in ko
    assert "최유리 · Caspian Group" in en
    assert "Kanat Bozumbayev · 카자흐스탄" in ko


def test_an_organization_shows_a_country_only_where_a_source_gives_one(built: Paths) -> None:
    # no source says where Caspian Group or Alatau City Bank is from; Kaspi Bank's is known
    for lang, caspian, kaspi in (
        ("ko", "Caspian Group · 기업", "Kaspi Bank · 카자흐스탄 · 은행"),
        ("en", "카스피안그룹 · Company", "카스피은행 · Kazakhstan · Bank"),
    ):
        text = page_text(built.site_dir, lang, "organizations")
        assert caspian in text and kaspi in text
        # listed after the organizations of a known country
        assert text.index(caspian) > text.index(kaspi)
