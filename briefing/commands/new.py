"""``build.py new PATH``: start a briefing of its own, which ``check`` passes and ``build`` builds.

The new folder gets the templates, catalogs and engine settings of the
briefing it is made from (``--root``: this checkout by default), a
``briefing.yml`` with that briefing's languages and placeholders for its own
identity, one place, organization, source, event and project with a text in
every language, a home and an about page per language, and a rough map
outline around the place to be replaced by a real one (``data/geo/README.md``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from briefing.commands import printed_language
from briefing.config import ConfigError, read_config
from briefing.diagnostics import Message, said
from briefing.inputs.schemas import write_schemas

# What a new briefing takes from the one it is made from: how briefings look, not what they say.
TEMPLATES = ("theme", "locale", "mkdocs.yml")
TODAY = "2026-01-01"
PLACE_COORDINATES = (41.3, 69.28)  # latitude, longitude
PLACE = {"id": "capital", "coordinates": list(PLACE_COORDINATES), "country": "XX"}


def run(args: argparse.Namespace) -> int:
    source, target = Path(args.root), Path(args.path)
    language = printed_language(args)
    try:
        new_briefing(source, target)
    except ConfigError as exc:
        why = Message("{file}: {problem}", file=exc.where, problem=exc.message)
        print(said(Message("not created: {reason}", reason=why), language), file=sys.stderr)
        return 2
    except FileExistsError:
        why = Message("{path} exists and is not empty", path=str(target))
        print(said(Message("not created: {reason}", reason=why), language), file=sys.stderr)
        return 2
    created = Message(
        "created {path}: edit briefing.yml, data/ and content/, "
        "then run: build.py --root {path} check",
        path=str(target),
    )
    print(said(created, language))
    return 0


def new_briefing(source: Path, target: Path) -> Path:
    """Write a minimal briefing into ``target`` (absent or empty)
    from the templates of the briefing at ``source``."""
    languages = read_config(source).languages
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} exists and is not empty")
    target.mkdir(parents=True, exist_ok=True)
    for name in TEMPLATES:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        else:
            shutil.copy(path, target / name)
    codes = [language.code for language in languages]

    def text(words: str) -> dict[str, str]:
        return {code: words for code in codes}

    config = {
        "title": text("Economic cooperation briefing"),
        "short_title": text("Briefing"),
        "subject": text("economic cooperation"),
        "publisher": text("The briefing team"),
        "contact": "corrections@briefing.example.org",
        "site_url": "https://briefing.example.org/",
        "repository": "https://github.com/example/briefing",
        "branch": "main",
        "since": int(TODAY[:4]),
        "status_outdated_after_months": 12,
        "countries": {PLACE["country"]: text("Country")},
        "currencies": ["USD", "EUR"],
        "region": {
            "name": text("Region"),
            "outline": "data/geo/outline.geojson",
            "country": PLACE["country"],
        },
        "languages": [
            {key: value for key, value in vars(language).items() if value not in (None, False, {})}
            for language in languages
        ],
    }
    header = (
        "# The briefing's identity (see the README, 'Your own briefing'). "
        "Replace every placeholder.\n"
    )
    (target / "briefing.yml").write_text(header + yaml_text(config), encoding="utf-8")
    _write_data(target, text, codes[0])
    _write_pages(target, codes)
    _write_outline(target)
    write_schemas(target)
    return target


def yaml_text(value: object) -> str:
    """``value`` as the YAML an editor writes: dates unquoted
    (the checker reads them as dates either way)."""
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=120)
    return re.sub(r"'(\d{4}-\d{2}-\d{2})'", r"\1", text)


def _write_data(target: Path, text: Callable[[str], dict[str, str]], source_language: str) -> None:
    data = target / "data"
    data.mkdir()
    source = {
        "id": "example-source",
        "kind": "official",
        "outlet": text("Ministry of Economy"),
        "title": "Example press release",
        "published": TODAY,
        "language": source_language,
        "note": text("Replace with the source of the facts below."),
        # replace with the source's url, or keep this mark and say in the note how to consult it
        "no_public_address": True,
        "updated": TODAY,
    }
    records = {
        "places": [
            {
                "id": PLACE["id"],
                "name": text("Capital"),
                "region": text("Capital region"),
                "country": PLACE["country"],
                "coordinates": PLACE["coordinates"],
                "updated": TODAY,
            }
        ],
        "organizations": [
            {
                "id": "ministry-of-economy",
                "name": text("Ministry of Economy"),
                "country": PLACE["country"],
                "kind": "ministry",
                "sources": ["example-source"],
                "updated": TODAY,
            }
        ],
        "people": [],
        "sources": [source],
        "events": [
            {
                "id": "first-meeting",
                "title": text("First cooperation meeting"),
                "kind": "meeting",
                "start": TODAY,
                "place": PLACE["id"],
                "anchor": True,
                "participants": [{"organization": "ministry-of-economy"}],
                "summary": text(
                    "The two governments met for the first time to list joint projects."
                ),
                "sources": ["example-source"],
                "updated": TODAY,
            }
        ],
        "projects": [
            {
                "id": "example-project",
                "name": text("Example project"),
                "sector": "industry",
                "kind": "facility",
                "location": PLACE["id"],
                "amounts": "not-reported",
                "status": {"value": "proposed", "as_of": TODAY, "source": "example-source"},
                "partners": ["ministry-of-economy"],
                "events": ["first-meeting"],
                "summary": text("A project proposed at the first meeting."),
                "sources": ["example-source"],
                "updated": TODAY,
            }
        ],
    }
    for key, items in records.items():
        body = yaml_text({key: items}) if items else f"{key}: []\n"
        (data / f"{key}.yaml").write_text(
            f"# yaml-language-server: $schema=../schemas/{key}.schema.json\n{body}",
            encoding="utf-8",
        )


def _write_pages(target: Path, codes: list[str]) -> None:
    pages = {
        "index.md": (
            "Economic cooperation briefing",
            "What this briefing covers, in a sentence.",
            "Start here: what the briefing covers and for whom.",
        ),
        "about.md": (
            "About this briefing",
            "Who writes it and how.",
            "Who edits the briefing, where its facts come from, and how to send corrections.",
        ),
        # an event's page takes its title and description from data/events.yaml
        "events/first-meeting.md": (
            "",
            "",
            "The story of the first meeting, in your own words.",
        ),
    }
    for code in codes:
        for path, (title, description, body) in pages.items():
            page = target / "content" / code / path
            page.parent.mkdir(parents=True, exist_ok=True)
            heading = f"title: {title}\ndescription: {description}\n" if title else ""
            page.write_text(f"---\n{heading}updated: {TODAY}\n---\n\n{body}\n", encoding="utf-8")


def _write_outline(target: Path) -> None:
    """A rough box around the example place: replace it with the region's real outline
    (see data/geo/README.md)."""
    lat, lon = PLACE_COORDINATES
    ring = [
        [lon - 8, lat - 5],
        [lon + 8, lat - 5],
        [lon + 8, lat + 5],
        [lon - 8, lat + 5],
        [lon - 8, lat - 5],
    ]
    feature = {
        "type": "Feature",
        "properties": {"name": "placeholder outline"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    geo = target / "data" / "geo"
    geo.mkdir(parents=True, exist_ok=True)
    (geo / "outline.geojson").write_text(json.dumps(feature) + "\n", encoding="utf-8")
    (geo / "README.md").write_text(
        "# Map data\n\n`outline.geojson` is a placeholder box. "
        "Replace it with the outline of the region the map shows\n"
        "(a GeoJSON Feature, WGS 84 longitude/latitude, a few KB: "
        "for example a country of Natural Earth's 1:50m\n"
        "Admin 0 layer, which is in the public domain) and set `region:` in briefing.yml.\n",
        encoding="utf-8",
    )
