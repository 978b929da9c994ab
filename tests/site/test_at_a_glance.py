"""A briefing readers can trust at a glance (issue 18), as the built site and downloads show it.

- no figure is a sum the briefing made across records: every amount of money on any page,
  in the spreadsheet or in the JSON is one record's own figure;
- every status shown carries the date it refers to, and an old one says nothing later is confirmed;
- what the sources do not report is said ("not reported" / "보도되지 않음"), never left blank;
- events of one day follow the order the data gives; relations and statuses are named for what they are;
- the home page says in one line what the reader gets, then shows the key figures.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from briefing.inputs.dataset import read_dataset
from briefing.model import Dataset
from briefing.pipeline import Paths
from briefing.views.opendata import CSV_COLUMNS

LANGS = ("ko", "en")


@pytest.fixture(scope="module")
def data(built: Paths) -> Dataset:
    dataset, _ = read_dataset(built.root / "data", built.root)
    return dataset


def article(built: Paths, lang: str, url: str) -> str:
    raw = (built.site_dir / lang / url / "index.html").read_text(encoding="utf-8")
    return raw.split("<article", 1)[1].split("</article>", 1)[0]


def text_of(markup: str) -> str:
    """What a reader sees: no tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def pages(built: Paths, lang: str) -> list[Path]:
    return sorted((built.site_dir / lang).rglob("index.html"))


# -- no sums across records --------------------------------------------------------
ENGLISH_MONEY = re.compile(
    r"(?P<currency>US\$|\$|KRW|USD|EUR|€|KZT)\s?(?P<number>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|[kKmMbB]n?)\b)?"
)
ENGLISH_SCALES = {
    None: 1,
    "thousand": 1e3,
    "k": 1e3,
    "K": 1e3,
    "million": 1e6,
    "m": 1e6,
    "M": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "B": 1e9,
    "trillion": 1e12,
}
ENGLISH_CURRENCIES = {
    "US$": "USD",
    "$": "USD",
    "USD": "USD",
    "KRW": "KRW",
    "EUR": "EUR",
    "€": "EUR",
}
ENGLISH_CURRENCIES["KZT"] = "KZT"
# Korean writes amounts in myriads: 13억 5,000만 달러, 4억 8천만 달러, 1조 원
KOREAN_MONEY = re.compile(
    r"(?P<number>(?:\d[\d,.]*\s?천?\s?[조억만]?\s?)+)(?P<currency>달러|원|텡게|유로)"
)
KOREAN_PART = re.compile(r"(\d[\d,.]*)\s?(천)?\s?([조억만])?")
KOREAN_SCALES = {None: 1, "만": 1e4, "억": 1e8, "조": 1e12}
KOREAN_CURRENCIES = {"달러": "USD", "원": "KRW", "텡게": "KZT", "유로": "EUR"}


def amounts_in(text: str, lang: str) -> list[tuple[str, float, str]]:
    """Every amount of money written in ``text``: (currency, value, as written)."""
    found = []
    if lang == "en":
        for m in ENGLISH_MONEY.finditer(text):
            value = float(m["number"].replace(",", "")) * ENGLISH_SCALES[m["scale"]]
            found.append((ENGLISH_CURRENCIES[m["currency"]], value, m.group(0)))
    else:
        for m in KOREAN_MONEY.finditer(text):
            value = 0.0
            for number, thousand, scale in KOREAN_PART.findall(m["number"]):
                part = float(number.replace(",", "")) * (1000 if thousand else 1)
                value += part * KOREAN_SCALES[scale or None]
            found.append((KOREAN_CURRENCIES[m["currency"]], value, m.group(0).strip()))
    return found


def record_figures(data: Dataset) -> set[tuple[str, float]]:
    """Each money figure a single record gives (both ends of a range)."""
    figures = set()
    for project in data.projects.values():
        for amount in project.amounts:
            if amount.currency:
                figures.add((amount.currency, float(amount.value)))
                if amount.value_max is not None:
                    figures.add((amount.currency, float(amount.value_max)))
    return figures


def test_the_amount_reader_reads_what_the_pages_write() -> None:
    """The test's own reader: it finds a sum if one is written (a reader that finds nothing passes anything)."""
    assert amounts_in("combined $2.3 billion of 5 projects; US$1.45 billion", "en") == [
        ("USD", 2.3e9, "$2.3 billion"),
        ("USD", 1.45e9, "US$1.45 billion"),
    ]
    assert [
        v for _, v, _ in amounts_in("23억 달러, 13억 5,000만 달러, 4억 8천만 달러, 약 1조 원", "ko")
    ] == [
        2.3e9,
        1.35e9,
        4.8e8,
        1e12,
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_shows_a_sum_across_records(built: Paths, data: Dataset, lang: str) -> None:
    """Every amount of money on every page is one record's figure: no total the briefing made up."""
    allowed = record_figures(data)
    seen = 0
    for page in pages(built, lang):
        text = text_of(page.read_text(encoding="utf-8").split("<article", 1)[-1])
        for currency, value, written in amounts_in(text, lang):
            seen += 1
            assert any(c == currency and abs(v - value) <= 0.005 * v for c, v in allowed), (
                f"{page.relative_to(built.site_dir)}: {written!r} is no single record's figure"
            )
    assert seen >= 20  # the pages do show figures: the check above looked at them


@pytest.mark.parametrize("lang", LANGS)
def test_home_key_figures_are_counts_or_declared_headlines(
    built: Paths, data: Dataset, lang: str
) -> None:
    home = article(built, lang, "")
    figures = re.findall(r'<li class="kz-figure[^"]*">(.*?)</li>', home, re.S)
    values = [text_of(re.search(r'kz-figure__value">(.*?)</strong>', f).group(1)) for f in figures]
    headlines = [(p, a) for p in data.projects.values() for a in p.amounts if a.headline]
    assert headlines, "the data declares the 2019 package its headline figure"
    money = [v for v in values if amounts_in(v, lang)]
    assert len(money) == len(headlines)  # only the declared figures, and each of them
    for figure in figures:  # each says what kind of number it is
        assert re.search(r'class="kz-note kz-figure__kind">\s*\S', figure)
    for value in values:
        assert amounts_in(value, lang) or re.fullmatch(r"[\d,]+", value), value
    counts = {int(v.replace(",", "")) for v in values if re.fullmatch(r"[\d,]+", v)}
    assert counts == {len(data.projects), len(data.events), len(data.organizations)}


@pytest.mark.parametrize("lang", LANGS)
def test_the_spreadsheet_adds_nothing_up(built: Paths, data: Dataset, lang: str) -> None:
    raw = (built.site_dir / lang / "downloads" / "projects.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))[1:]
    allowed = record_figures(data)
    for row in rows:
        for cell in row:
            for currency, value, written in amounts_in(cell, lang):
                assert (currency, value) in allowed or any(
                    c == currency and abs(v - value) <= 0.005 * v for c, v in allowed
                ), written
    size = [key for key, _, _ in CSV_COLUMNS].index("size_value")
    sizes = [float(r[size]) for r in rows if r[size]]  # one project's own size each
    assert sizes and all(("USD", s) in allowed or ("KRW", s) in allowed for s in sizes)


# -- every status with its date -------------------------------------------------------
STATUS = re.compile(
    r'<span class="kz-status kz-status--(?P<value>[a-z-]+)">(?P<label>[^<]+)</span>'
)


@pytest.mark.parametrize("lang", LANGS)
def test_every_status_shown_carries_its_date(built: Paths, data: Dataset, lang: str) -> None:
    as_of = {p.status.as_of.iso() for p in data.projects.values()}
    shown = 0
    for page in pages(built, lang):
        body = page.read_text(encoding="utf-8")
        for match in STATUS.finditer(body):
            shown += 1
            cell = body[match.end() :].split("</td>", 1)[0].split("</li>", 1)[0]
            dated = re.search(r'<time datetime="([^"]+)"', cell)
            assert dated and dated.group(1) in as_of, (
                f"{page.relative_to(built.site_dir)}: status {match['label']!r} without its date"
            )
    # the projects list and every project page show one each
    assert shown >= 2 * len(data.projects)


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_give_every_status_its_date(built: Paths, data: Dataset, lang: str) -> None:
    downloads = built.site_dir / lang / "downloads"
    raw = (downloads / "projects.csv").read_bytes().decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(raw)))
    header = dict(zip([key for key, _, _ in CSV_COLUMNS], next(csv.reader(io.StringIO(raw)))))
    status, status_as_of = header["status"], header["status_as_of"]  # titles in the page's language
    by_name = {row[header["name"]]: row for row in table}
    for project in data.projects.values():
        row = by_name[project.name[lang]]
        assert row[status] and row[status_as_of] == project.status.as_of.iso()
    records = json.loads((downloads / "projects.json").read_text(encoding="utf-8"))["projects"]
    assert all(r["status"]["as_of"] for r in records)


@pytest.mark.parametrize("lang", LANGS)
def test_an_old_status_says_nothing_later_is_confirmed(built: Paths, lang: str) -> None:
    """The data was last edited in November 2026; a 2019 status is past briefing.yml's 12 months."""
    project = article(built, lang, "projects/turkistan-highway")
    sentence = {
        "en": "The sources confirm nothing later than this date.",
        "ko": "이 날짜 이후의 상황은 출처로 확인되지 않았습니다.",
    }
    assert sentence[lang] in text_of(project)
    listing = article(built, lang, "projects")
    row = listing.split('id="turkistan-highway"', 1)[1].split("</tr>", 1)[0]
    assert {"en": "nothing later confirmed", "ko": "이후 상황 확인 안 됨"}[lang] in text_of(row)


@pytest.mark.parametrize("lang", LANGS)
def test_a_record_page_names_its_edit_date_as_such(built: Paths, lang: str) -> None:
    raw = (built.site_dir / lang / "projects" / "turkistan-highway" / "index.html").read_text(
        encoding="utf-8"
    )
    line = text_of(re.search(r'<p class="kz-as-of">(.*?)</p>', raw).group(1)).strip()
    assert (
        line
        == {"en": "Record last edited 22 November 2026", "ko": "기록 최종 수정 2026년 11월 22일"}[
            lang
        ]
    )


# -- not reported is a value -------------------------------------------------------------
NOT_REPORTED = {"en": "not reported", "ko": "보도되지 않음"}


@pytest.mark.parametrize("lang", LANGS)
def test_a_place_not_reported_is_said_not_guessed(built: Paths, lang: str) -> None:
    event = article(built, lang, "events/working-group-agreement-2019")
    place = re.search(r'<th scope="row">[^<]+</th><td>(.*?)</td>', event.split("</tr>", 1)[1])
    assert text_of(place.group(1)).strip() == NOT_REPORTED[lang]
    assert "Nur-Sultan" not in text_of(event) and "누르술탄" not in text_of(event)


@pytest.mark.parametrize("lang", LANGS)
def test_the_project_list_has_no_empty_cell(built: Paths, data: Dataset, lang: str) -> None:
    listing = article(built, lang, "projects")
    body = listing.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r'<tr id="([^"]+)"[^>]*>(.*?)</tr>', body, re.S)
    assert len(rows) == len(data.projects)
    missing = 0
    for project_id, row in rows:
        cells = [text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert all(cells), f"{project_id}: an empty cell in {cells}"
        project = data.projects[project_id]
        if "location" in project.not_reported:
            assert cells[2] == NOT_REPORTED[lang]
        if "amounts" in project.not_reported:
            assert cells[3] == NOT_REPORTED[lang]
        missing += cells.count(NOT_REPORTED[lang])
    assert missing >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_partners_and_figures_not_reported_are_said(built: Paths, lang: str) -> None:
    page = text_of(article(built, lang, "projects/almaty-ring-road"))
    labels = {"en": ("Figures", "Partners"), "ko": ("수치", "협력 기관")}[lang]
    for label in labels:
        assert f"{label} {NOT_REPORTED[lang]}" in page


# -- order and names -----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_a_days_events_follow_the_order_they_took_place(built: Paths, lang: str) -> None:
    """17 August 2021: the summit in the morning, the round table after it, the KOSME–DAMU agreement in the afternoon."""
    order = ["summit-2021", "business-round-table-2021", "kosme-damu-agreement-2021"]
    visit = article(built, lang, "events/state-visit-2021")
    programme = visit.split('id="programme"', 1)[1]
    linked = [i for i in re.findall(r'href="\.\./([a-z0-9-]+)/"', programme) if i in order]
    assert linked[:3] == order
    timeline = article(built, lang, "timeline")
    positions = [timeline.index(f'href="../events/{i}/"') for i in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang,label", [("en", "Related moment"), ("ko", "관련 계기")])
def test_a_chapter_is_named_a_related_moment(built: Paths, lang: str, label: str) -> None:
    """A 2023 event's chapter is the 2025 roadshow: it does not "follow" it."""
    event = article(built, lang, "events/caspian-korea-founding-2023")
    row = re.search(
        r'<tr><th scope="row">([^<]+)</th><td><a href="\.\./alatau-roadshow-2025/">', event
    )
    assert row and row.group(1) == label
    assert ">Follows<" not in event


@pytest.mark.parametrize(
    "lang,project,label",
    [
        ("en", "hyundai-almaty-plant", "Operating"),
        ("ko", "hyundai-almaty-plant", "가동 중"),
        ("en", "fresh-wind-programme", "In effect"),
        ("ko", "fresh-wind-programme", "시행 중"),
        ("en", "caspian-korea", "Active"),
        ("ko", "caspian-korea", "활동 중"),
    ],
)
def test_a_status_is_named_for_the_kind_of_project(
    built: Paths, lang: str, project: str, label: str
) -> None:
    page = article(built, lang, f"projects/{project}")
    assert STATUS.search(page)["label"] == label
    row = article(built, lang, "projects").split(f'id="{project}"', 1)[1].split("</tr>", 1)[0]
    assert STATUS.search(row)["label"] == label


# -- ten seconds ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_leads_with_what_the_reader_gets(
    built: Paths, data: Dataset, lang: str
) -> None:
    home = article(built, lang, "")
    below_title = home.split('<p class="kz-as-of">', 1)[1].split("</p>", 1)[1]
    first = re.search(r'<p class="([^"]*)">(.*?)</p>', below_title, re.S)
    assert "kz-home-lead" in first.group(1)  # the first paragraph under the title and date
    sentence = text_of(first.group(2))
    # the count and the year come from the data and briefing.yml
    assert re.search(rf"(?<!\d){len(data.projects)}(?!\d)", sentence) and "2019" in sentence
    assert home.index('class="kz-figures"') < home.index("<p>")  # key figures before the narrative


@pytest.mark.parametrize("lang", LANGS)
def test_the_key_figures_are_above_the_fold_on_a_laptop(browser, site_url: str, lang: str) -> None:
    """On a 1280×800 screen the lead line and every key figure show before any scrolling."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{site_url}{lang}/")
        lead = page.locator("p.kz-home-lead").bounding_box()
        figures = page.locator("ul.kz-figures").bounding_box()
        assert lead and figures
        assert lead["y"] < figures["y"]
        assert figures["y"] + figures["height"] <= 800
    finally:
        context.close()
