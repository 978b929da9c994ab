"""The package is a generator:
a second, fictional briefing builds from the same code with no code change.

``build.py new`` writes a minimal briefing; here it becomes a Korea–Uzbekistan
briefing with its own title, publisher, countries, map outline and three
records, which ``check`` passes and ``build`` builds with its own identity.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefing.commands.check import run_check
from briefing.commands.new import new_briefing, yaml_text
from briefing.config import ConfigError, parse_config, placeholder_host, read_config
from briefing.inputs import schema
from briefing.pipeline import Paths, build

ROOT = Path(__file__).resolve().parent.parent
TITLE = {"ko": "한-우즈베키스탄 협력 브리핑", "en": "Korea–Uzbekistan Cooperation Briefing"}
# A diamond roughly where Uzbekistan is: nothing like Kazakhstan's outline
OUTLINE = [[56.0, 41.0], [64.0, 45.5], [73.0, 41.0], [64.0, 37.0], [56.0, 41.0]]


FIXTURE_TIERS = {"second": "build"}  # tests/conftest.py: the tier of a test using it


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    root = new_briefing(ROOT, tmp_path_factory.mktemp("gen") / "uzbekistan")
    config = yaml.safe_load((root / "briefing.yml").read_text(encoding="utf-8"))
    config.update(
        {
            "title": TITLE,
            "short_title": {"ko": "한-우즈베키스탄 브리핑", "en": "Korea–Uzbekistan briefing"},
            "subject": {"ko": "한-우즈베키스탄 협력", "en": "Korea–Uzbekistan cooperation"},
            "publisher": {"ko": "우즈베키스탄 브리핑 팀", "en": "Uzbekistan Briefing Team"},
            "site_url": "https://uz-briefing.example.net/",
            "countries": {
                "KR": {"ko": "한국", "en": "Korea"},
                "UZ": {"ko": "우즈베키스탄", "en": "Uzbekistan"},
            },
            "currencies": ["USD", "UZS"],
            "region": {
                "name": {"ko": "우즈베키스탄", "en": "Uzbekistan"},
                "outline": "data/geo/uzbekistan.geojson",
                "country": "UZ",
            },
        }
    )
    (root / "briefing.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [OUTLINE]},
    }
    (root / "data" / "geo" / "uzbekistan.geojson").write_text(json.dumps(feature), encoding="utf-8")
    for name in ("places", "organizations", "projects"):
        path = root / "data" / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("XX", "UZ"), encoding="utf-8")
    places = root / "data" / "places.yaml"
    places.write_text(
        places.read_text(encoding="utf-8")
        .replace("- 41.3\n    - 69.28", "- 41.31\n    - 69.24")
        .replace("Capital", "Tashkent"),
        encoding="utf-8",
    )
    projects = root / "data" / "projects.yaml"
    records = yaml.safe_load(projects.read_text(encoding="utf-8"))
    project = records["projects"][0]
    project["name"] = {"ko": "타슈켄트 태양광 발전소", "en": "Tashkent solar plant"}
    project["amounts"] = [
        {
            "value": 300000000,
            "currency": "UZS",
            "kind": "investment",
            "as_of": "2026-01-01",
            "source": "example-source",
        }
    ]
    projects.write_text(yaml_text(records), encoding="utf-8")
    paths = Paths(root)
    build(paths, books=False)
    return paths


def test_the_new_briefing_passes_check(tmp_path: Path) -> None:
    root = new_briefing(ROOT, tmp_path / "demo")
    errors = [d.format() for d in run_check(root) if d.severity == "error"]
    assert errors == []
    assert read_config(root).codes == read_config(ROOT).codes


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "new", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "exists and is not empty" in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_second_briefing_has_its_own_title_everywhere(second: Paths) -> None:
    assert [
        d.format() for d in run_check(second.root, staleness=False) if d.severity == "error"
    ] == []
    for lang in ("ko", "en"):
        home = (second.site_dir / lang / "index.html").read_text(encoding="utf-8")
        assert TITLE[lang] in re.search(r"<title>(.*?)</title>", home).group(1)
        assert "Kazakhstan" not in home and "카자흐스탄" not in home
        assert f'href="https://uz-briefing.example.net/{lang}/' in home
        feed = (second.site_dir / lang / "feed.xml").read_text(encoding="utf-8")
        assert TITLE[lang] in feed
    chooser = (second.site_dir / "index.html").read_text(encoding="utf-8")
    assert TITLE["ko"] in chooser and TITLE["en"] in chooser


def test_the_second_briefing_maps_its_own_region(second: Paths) -> None:
    home = (second.site_dir / "en" / "index.html").read_text(encoding="utf-8")
    outline = re.search(r'<path class="kz-map__land" d="([^"]+)"', home)
    assert outline, "the home page has a map"
    assert (
        outline.group(1).count("L") == len(OUTLINE) - 1
    )  # the diamond's corners, not Kazakhstan's hundreds
    assert "Where the projects are in Uzbekistan" in home
    assert 'aria-label="Tashkent' in home  # the project's place is a marker inside the region


def test_the_second_briefing_keeps_its_currencies_and_languages(second: Paths) -> None:
    project = (second.site_dir / "en" / "projects" / "example-project" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "UZS" in project
    projects = json.loads(
        (second.site_dir / "en" / "downloads" / "schemas" / "projects.schema.json").read_text(
            encoding="utf-8"
        )
    )
    amounts = projects["properties"]["projects"]["items"]["properties"]["amounts"]
    figures = next(branch for branch in amounts["anyOf"] if branch.get("type") == "array")
    currency = figures["items"]["properties"]["currency"]
    assert currency["enum"] == ["USD", "UZS"]
    assert sorted(p.name for p in second.site_dir.iterdir() if p.is_dir()) == ["en", "ko"]


def test_a_third_language_is_configuration() -> None:
    raw = yaml.safe_load((ROOT / "briefing.yml").read_text(encoding="utf-8"))
    raw["languages"].append({"code": "ru", "name": "Русский", "locale": "ru_RU", "script": "latin"})
    for texts in (
        raw["title"],
        raw["short_title"],
        raw["subject"],
        raw["publisher"],
        raw["region"]["name"],
        *raw["countries"].values(),
    ):
        texts["ru"] = texts["en"]  # stand-ins: the test is about the code, not the translation
    briefing = parse_config(raw)
    assert briefing.codes == ("ko", "en", "ru")
    name = schema.json_schema(schema.DATA_FILE_BY_KIND["project"], briefing)["properties"][
        "projects"
    ]["items"]["properties"]["name"]
    assert name["required"] == ["ko", "en", "ru"]
    assert briefing.language_name("ru") == "Russian"
    assert [other.code for other in briefing.others("en")] == ["ko", "ru"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"languages": []}, "'languages' lists no language"),
        ({"title": {"ko": "제목"}}, "'title' has no text for en"),
        ({"site_url": "briefing.example.org"}, "'site_url' must be the site's https:// address"),
    ],
)
def test_a_wrong_identity_is_named_by_key(change: dict, message: str) -> None:
    raw = yaml.safe_load((ROOT / "briefing.yml").read_text(encoding="utf-8"))
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_config({**raw, **change})


def test_check_names_the_line_and_key_of_a_wrong_identity(tmp_path: Path) -> None:
    root = new_briefing(ROOT, tmp_path / "demo")
    config = root / "briefing.yml"
    text = config.read_text(encoding="utf-8").replace(
        "site_url: https://briefing.example.org/", "site_url: briefing.example.org"
    )
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index("site_url: briefing.example.org") + 1
    assert [d.format() for d in run_check(root, staleness=False)] == [
        f"briefing.yml:{line}:1: error: "
        "site_url: 'site_url' must be the site's https:// address "
        "(see the README, 'Your own briefing')"
    ]


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://briefing.example.org/", True),
        ("https://example.com/briefing/", True),
        ("http://localhost:8000/", True),
        ("https://briefing.test/", True),
        ("https://kz-briefing.kr/", False),
        ("https://example.org.kr/", False),
        ("https://myexample.org/", False),
    ],
)
def test_placeholder_hosts_are_the_reserved_example_names(url: str, placeholder: bool) -> None:
    assert (placeholder_host(url) is not None) is placeholder


@pytest.mark.build
def test_permalinks_start_at_site_url_and_a_placeholder_warns_once_per_build(
    tmp_path: Path,
) -> None:
    root = new_briefing(ROOT, tmp_path / "demo")
    config = root / "briefing.yml"
    text = config.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("site_url:"))
    report = build(Paths(root), parallel=False, books=False)
    about_site_url = [d.format() for d in report.warnings if d.field == "site_url"]
    assert len(about_site_url) == 1, about_site_url  # one for the build, not one per page
    assert about_site_url[0].startswith(f"briefing.yml:{line}:1: warning: site_url: ")
    assert "https://briefing.example.org/ is a placeholder" in about_site_url[0]

    config.write_text(
        text.replace("https://briefing.example.org/", "https://kz-briefing.kr/"), encoding="utf-8"
    )
    report = build(Paths(root), parallel=False, books=False)
    assert [d for d in report.warnings if d.field == "site_url"] == []
    site = Paths(root).site_dir
    written = [
        p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in (".html", ".xml")
    ]
    assert not any("https://briefing.example.org" in page for page in written)
    for lang in ("ko", "en"):
        page = (site / lang / "projects" / "example-project" / "index.html").read_text(
            encoding="utf-8"
        )
        assert f'<link rel="canonical" href="https://kz-briefing.kr/{lang}/projects/' in page
        assert f"https://kz-briefing.kr/{lang}/projects/example-project/" in page  # Cite this
        assert f"https://kz-briefing.kr/{lang}/" in (site / lang / "sitemap.xml").read_text(
            encoding="utf-8"
        )
