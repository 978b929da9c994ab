"""Pictures and open data without a browser: geometry, sanitizing, file formats."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefing.config import read_config
from briefing.html.sanitize import sanitize_html
from briefing.inputs import schema
from briefing.inputs.dataset import read_dataset
from briefing.render import PageRenderer
from briefing.views import opendata
from briefing.views.i18n import load_languages
from briefing.views.visuals import Outline, Projection, _separate, read_outline

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data():
    dataset, _ = read_dataset(ROOT / "data", ROOT)
    return dataset


@pytest.fixture(scope="module")
def languages():
    return load_languages(ROOT)


@pytest.fixture(scope="module")
def publication(languages):
    return opendata.Publication("https://briefing.example.org/", languages)


def test_outline_file_is_small_and_the_sites_fall_inside_it(data) -> None:
    path = ROOT / "data" / "geo" / "kazakhstan.geojson"
    assert path.stat().st_size < 30_000
    outline = read_outline(ROOT, read_config(ROOT))
    west, south, east, north = outline.bounds()
    assert (west, south, east, north) == pytest.approx((46.5, 40.6, 87.3, 55.4), abs=0.3)
    for place in data.places.values():
        lat, lon = place.coordinates
        inside = west <= lon <= east and south <= lat <= north
        assert inside == (place.country == "KZ"), place.id


def test_projection_keeps_the_map_inside_its_frame() -> None:
    outline = Outline(rings=(((50.0, 41.0), (80.0, 41.0), (80.0, 55.0), (50.0, 55.0)),))
    projection = Projection(*outline.bounds(), width=800)
    points = [projection.point(x, y) for x, y in outline.rings[0]]
    assert min(x for x, _ in points) == pytest.approx(projection.margin)
    assert max(x for x, _ in points) == pytest.approx(800 - projection.margin, abs=0.2)
    assert max(y for _, y in points) == pytest.approx(
        projection.height - projection.margin, abs=0.2
    )
    # north is up, east is right
    assert projection.point(50, 55)[1] < projection.point(50, 41)[1]
    assert projection.point(80, 48)[0] > projection.point(50, 48)[0]


def test_overlapping_markers_are_pulled_apart_but_remember_their_spot() -> None:
    markers = [
        {"x": 100.0, "y": 100.0, "x0": 100.0, "y0": 100.0, "r": 12},
        {"x": 101.0, "y": 108.0, "x0": 101.0, "y0": 108.0, "r": 12},
    ]
    _separate(markers)
    a, b = markers
    assert ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 >= 24
    assert a["moved"] and b["moved"] and (a["x0"], a["y0"]) == (100.0, 100.0)


@pytest.mark.parametrize("lang", read_config(ROOT).codes)
def test_sanitizer_keeps_the_drawn_svg(data, languages, publication, lang) -> None:
    renderer = PageRenderer(
        data,
        {},
        languages[lang],
        ROOT / "theme",
        publication,
        read_outline(ROOT, read_config(ROOT)),
    )
    home = next(p for p in renderer.pages() if p.path == "index.md").body
    start, end = (
        home.index('<figure class="kz-map"'),
        home.index("</figure>", home.index('<figure class="kz-map"')) + len("</figure>"),
    )
    clean = sanitize_html(home[start:end])
    assert 'viewBox="0 0 800 ' in clean
    assert clean.count("<circle") == home[start:end].count("<circle")
    assert clean.count('<a href="') == home[start:end].count('<a href="')
    assert 'class="kz-map__land" d="M' in clean
    assert 'aria-labelledby="map-figure-caption"' in clean


@pytest.mark.parametrize("key", [f.key for f in schema.DATA_FILES])
def test_json_downloads_are_the_data_files_and_match_their_schema(data, key) -> None:
    document = opendata.data_document(data, key)
    data_file = next(f for f in schema.DATA_FILES if f.key == key)
    jsonschema.validate(document, schema.json_schema(data_file, read_config(ROOT)))
    raw = yaml.safe_load((ROOT / "data" / data_file.filename).read_text(encoding="utf-8"))
    assert document == json.loads(json.dumps(raw, default=str))


def test_csv_has_a_bom_korean_labels_and_plain_numbers(data, languages, publication) -> None:
    raw = opendata.projects_csv(data, languages["ko"], publication)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(data.projects)
    ferroalloy = next(r for r in rows if r["ID"] == "pavlodar-ferroalloy-plant")
    assert ferroalloy["분야"] == "산업" and ferroalloy["사업 규모(숫자)"] == "200000000"
    assert ferroalloy["페이지"].endswith("/ko/projects/pavlodar-ferroalloy-plant/")


def test_feed_is_atom_with_an_entry_per_record(data, languages, publication) -> None:
    root = ET.fromstring(opendata.atom_feed(data, languages["en"], publication))
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == f"{atom}feed"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == len(data.projects) + len(data.events)
    assert all(e.find(f"{atom}updated").text.endswith("T00:00:00Z") for e in entries)


def test_json_ld_cannot_close_its_script_element() -> None:
    text = opendata.jsonld_text({"name": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"].startswith("</script>")


def test_citations_follow_each_languages_style(data, publication) -> None:
    project = data.projects["turkistan-highway"]
    ko, en = publication.citations(
        project.name, "projects/turkistan-highway/", project.updated, "ko"
    )
    assert (
        ko["lang"] == "ko"
        and "「투르키스탄 고속도로 사업」" in ko["text"]
        and ko["text"].endswith("/ko/projects/turkistan-highway/")
    )
    assert (
        en["lang"] == "en"
        and '"Turkistan highway project."' in en["text"]
        and en["text"].endswith("/en/projects/turkistan-highway/")
    )
