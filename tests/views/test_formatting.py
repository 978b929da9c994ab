"""Dates, numbers and amounts read naturally in each language; names listed in its order."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.inputs.dataset import read_dataset
from briefing.model import Amount, PartialDate
from briefing.views.derive import Views
from briefing.views.formatting import (
    collation_key,
    format_amount,
    format_date,
    format_date_range,
)
from briefing.views.i18n import load_language

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.fixture(scope="module")
def ko():
    return load_language("ko", LOCALE.parent)


@pytest.fixture(scope="module")
def en():
    return load_language("en", LOCALE.parent)


def amount(value, **extra) -> Amount:
    return Amount(
        value=value,
        kind=extra.pop("kind", "project-size"),
        as_of=PartialDate(2019, 9, 27),
        source="s",
        **extra,
    )


@pytest.mark.parametrize(
    "text,ko_text,en_text",
    [
        ("2019-04-22", "2019년 4월 22일", "22 April 2019"),
        ("2019-05", "2019년 5월", "May 2019"),
        ("2023", "2023년", "2023"),
    ],
)
def test_dates(ko, en, text, ko_text, en_text) -> None:
    assert format_date(PartialDate.parse(text), ko) == ko_text
    assert format_date(PartialDate.parse(text), en) == en_text


def test_date_ranges(ko, en) -> None:
    start, end = PartialDate.parse("2021-08-16"), PartialDate.parse("2021-08-17")
    assert format_date_range(start, end, ko) == "2021년 8월 16일~17일"
    assert format_date_range(start, end, en) == "16–17 Aug 2021"
    assert format_date_range(start, None, en) == "16 August 2021"


@pytest.mark.parametrize(
    "figure,ko_text,en_text",
    [
        (amount(200_000_000, currency="USD"), "2억 달러", "$200 million"),
        (amount(480_000_000, currency="USD"), "4억 8,000만 달러", "$480 million"),
        (amount(1_350_000_000, currency="USD"), "13억 5,000만 달러", "$1.35 billion"),
        (amount(100_000_000, currency="USD", approx="about"), "약 1억 달러", "about $100 million"),
        (
            amount(1_000_000_000_000, currency="KRW", approx="about", kind="cooperation-package"),
            "약 1조 원",
            "about KRW 1 trillion",
        ),
        (
            amount(
                30_000,
                value_max=45_000,
                unit="vehicle-per-year",
                approx="up-to",
                kind="production-capacity",
            ),
            "최대 연간 3만~4만 5,000대",
            "up to 30,000–45,000 vehicles a year",
        ),
        (amount(2_392, unit="vehicle", kind="sales"), "2,392대", "2,392 vehicles"),
        (amount(1, unit="vehicle", kind="sales"), "1대", "1 vehicle"),
        (
            amount(1_900_000, unit="person", approx="about", kind="population"),
            "약 190만 명",
            "about 1.9 million people",
        ),
        (amount(880, unit="km2", kind="area"), "880km²", "880 km²"),
        (amount(30, unit="percent", approx="about", kind="market-share"), "약 30%", "about 30%"),
    ],
)
def test_amounts(ko, en, figure, ko_text, en_text) -> None:
    assert format_amount(figure, ko) == ko_text
    assert format_amount(figure, en) == en_text


def test_english_names_sort_without_case_or_accents(en) -> None:
    names = [
        "KOSME–DAMU SME cooperation",
        "Karaganda university hospital",
        "almaty ring road",
        "Öskemen titanium plant",
        "Korean Air cargo hub",
        "Korea–Kazakhstan package",
        "Oskemen airport",
        "2020 project briefing",
        "카자흐 인베스트",
    ]
    assert sorted(names, key=lambda name: collation_key(name, en)) == [
        "2020 project briefing",
        "almaty ring road",
        "Karaganda university hospital",
        "Korea–Kazakhstan package",  # punctuation before letters, as in a dictionary
        "Korean Air cargo hub",
        "KOSME–DAMU SME cooperation",
        "Oskemen airport",
        "Öskemen titanium plant",
        "카자흐 인베스트",  # another script after the language's own
    ]


def test_korean_names_sort_in_hangul_order(ko) -> None:
    names = [
        "하나은행",
        "KOTRA 무역관",
        "까치산업",
        "가스공사",
        "나무",
        "각설탕",
        "한-카자흐스탄",
        "한-카자흐 센터",
    ]
    assert sorted(names, key=lambda name: collation_key(name, ko)) == [
        "가스공사",
        "각설탕",
        "까치산업",
        "나무",
        "하나은행",
        "한-카자흐 센터",
        "한-카자흐스탄",
        "KOTRA 무역관",  # Latin after Hangul, as CLDR's Korean order has it
    ]


def test_the_projects_list_is_in_each_languages_order(ko, en) -> None:
    root = LOCALE.parent
    data, _ = read_dataset(root / "data", root)
    english = [row["name"] for row in Views(data, en).projects_index()["rows"]]
    assert english.index("Karaganda university hospital") < english.index(
        "KOSME–DAMU SME cooperation"
    )
    assert english == sorted(english, key=str.casefold)
    korean = [row["name"] for row in Views(data, ko).projects_index()["rows"]]
    assert korean == sorted(korean)  # every name starts in Hangul: 가나다 is code point order
    assert korean[0].startswith("고") and korean[-1].startswith("희")
