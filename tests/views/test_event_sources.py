"""An event page's Sources section lists the record's sources and those its narrative cites."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.inputs.content import ContentPage, read_content
from briefing.inputs.dataset import read_dataset
from briefing.model import Dataset
from briefing.pipeline import Paths
from briefing.views.derive import Views
from briefing.views.i18n import Language, load_language
from tests.helpers import ROOT

EVENT = "state-visit-2019"
NARRATIVE_ONLY = "public-record-capital-name"  # cited in the narrative, not in the record


@pytest.fixture(scope="module")
def data() -> Dataset:
    return read_dataset(ROOT / "data", ROOT)[0]


@pytest.fixture(scope="module")
def en() -> Language:
    return load_language("en", ROOT)


def listed(data: Dataset, lang: Language, narrative: ContentPage | None) -> list[str]:
    view = Views(data, lang).event(data.events[EVENT], narrative)
    return [source["id"] for source in view["sources"]]


def test_a_source_cited_only_in_the_narrative_is_listed(data: Dataset, en: Language) -> None:
    pages, _ = read_content(ROOT / "content", ROOT, ("en",))
    record = list(data.events[EVENT].sources)
    assert NARRATIVE_ONLY not in record
    found = listed(data, en, pages["en"][f"events/{EVENT}.md"])
    assert found[: len(record)] == record  # the record's own first, in its order
    assert NARRATIVE_ONLY in found[len(record) :]
    assert len(found) == len(set(found))
    assert listed(data, en, None) == record


def test_only_links_to_the_sources_page_count_as_citations(data: Dataset, en: Language) -> None:
    body = (
        "Cited ([Newspim](../sources.md#newspim-2019-09-27)) and again "
        "([Newspim](../sources.md#newspim-2019-09-27)); not cited: [about](../about.md#sources), "
        "[elsewhere](https://example.org/sources.md#kglobaltimes-2021-08), "
        "[a page beside this one](sources.md#primeeconomy-2025-10-15), "
        "[an unknown id](../sources.md#no-such-source).\n"
    )
    narrative = ContentPage(f"events/{EVENT}.md", "en", f"content/en/events/{EVENT}.md", body=body)
    assert narrative.cited_sources() == ["newspim-2019-09-27", "no-such-source"]
    record = list(data.events[EVENT].sources)
    expected = record + [s for s in ["newspim-2019-09-27"] if s not in record]
    assert listed(data, en, narrative) == expected  # an unknown id is the checker's to report


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_built_event_page_lists_the_narratives_sources(built: Paths, lang: str) -> None:
    page = Path(built.site_dir / lang / "events" / EVENT / "index.html").read_text("utf-8")
    sources = page[page.index('id="sources"') :]
    assert f'id="cite-{NARRATIVE_ONLY}"' in sources
