"""The editors' schemas in ``schemas/``: up to date, described in both languages, offering the
ids that exist without refusing new ones, explaining dates; and the editor set-up mapping them."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from briefing.config import read_config
from briefing.inputs.content import EVENT_NARRATIVE_KEYS, FRONT_MATTER_KEYS, read_content
from briefing.inputs.dataset import load_data_files
from briefing.inputs.schema import DATA_FILES, DATE_PATTERN, json_schema
from briefing.inputs.schemas import schema_files, write_schemas
from briefing.views import labels
from tests.helpers import ROOT

SCHEMAS = ROOT / "schemas"
HANGUL = re.compile(r"[가-힣]")


def committed(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def data_of(kind: str) -> Any:
    return load_data_files(ROOT / "data", ROOT)[kind].data


def nodes(schema: Any) -> Iterator[dict[str, Any]]:
    """Every schema object inside ``schema``, ``schema`` first."""
    if isinstance(schema, dict):
        yield schema
        for value in schema.values():
            yield from nodes(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from nodes(item)


def test_the_committed_schemas_are_what_build_py_schemas_writes() -> None:
    expected = schema_files(ROOT)
    found = {path.name: path.read_text(encoding="utf-8") for path in SCHEMAS.glob("*.json")}
    stale = sorted(
        name for name in expected.keys() | found.keys() if expected.get(name) != found.get(name)
    )
    assert not stale, f"out of date: {stale}; run `build.py schemas` and commit schemas/"


def test_build_py_schemas_writes_only_what_changed(project: Path) -> None:
    assert write_schemas(project) == []
    places = project / "data" / "places.yaml"
    places.write_text(
        places.read_text(encoding="utf-8") + "  - id: aktau\n    name: {ko: 악타우, en: Aktau}\n",
        encoding="utf-8",
    )
    written = {path.name for path in write_schemas(project)}
    # the files whose records point at places; the others, places.yaml included, name none
    assert written == {"projects.schema.json", "events.schema.json"}
    offered = json.loads((project / "schemas" / "projects.schema.json").read_text("utf-8"))
    place_ids = offered["definitions"]["place-ids"]
    at = place_ids["enum"].index("aktau")
    assert place_ids["enumDescriptions"][at] == "악타우 · Aktau"


@pytest.mark.parametrize("data_file", DATA_FILES, ids=lambda f: f.key)
def test_every_enumeration_value_is_described_in_both_languages(data_file) -> None:
    schema = committed(data_file.schema_filename)
    definitions = schema.get("definitions", {})
    enums = [
        node
        for node in nodes(schema["properties"])
        if "enum" in node and node not in definitions.values()
    ]
    assert enums or data_file.kind == "place"  # places: only a country, which is one too
    for node in enums:
        descriptions = node["enumDescriptions"]
        assert len(descriptions) == len(node["enum"]) == len(node["markdownEnumDescriptions"])
        for value, description in zip(node["enum"], descriptions, strict=True):
            assert description != value
            if value not in ("percent", "km2"):  # "40%", "40 km²": the same in both languages
                assert HANGUL.search(description), (value, description)
                assert re.search("[A-Za-z]", description), (value, description)


def test_an_editor_can_tell_the_statuses_apart() -> None:
    status = committed("projects.schema.json")["properties"]["projects"]["items"]["properties"][
        "status"
    ]["properties"]["value"]
    described = dict(zip(status["enum"], status["enumDescriptions"], strict=True))
    assert described["proposed"] == "제안 · Proposed"
    assert described["planned"] == "계획 · Planned"
    assert described["announced"] == "발표 · Announced"
    assert set(status["enum"]) == set(labels.STATUSES)


def reported(field: dict) -> dict:
    """The field's own schema, when it may also be written 'not-reported'."""
    if {"const": "not-reported"} in field.get("anyOf", []):
        [own] = [branch for branch in field["anyOf"] if branch != {"const": "not-reported"}]
        return own
    return field


def test_figures_units_and_qualifiers_are_shown_as_the_site_writes_them() -> None:
    projects = committed("projects.schema.json")["properties"]["projects"]["items"]["properties"]
    amount = reported(projects["amounts"])["items"]["properties"]
    units = dict(zip(amount["unit"]["enum"], amount["unit"]["enumDescriptions"], strict=True))
    assert units["vehicle-per-year"] == "연간 40대 · 40 vehicles a year"
    approx = dict(zip(amount["approx"]["enum"], amount["approx"]["enumDescriptions"], strict=True))
    assert approx["up-to"] == "최대 40명 · up to 40 people"


@pytest.mark.parametrize("kind", ["event", "source", "place", "organization", "person"])
def test_the_existing_ids_are_offered_with_their_names(kind: str) -> None:
    data_file = next(f for f in DATA_FILES if f.kind == kind)
    ids = [record["id"] for record in data_of(kind)[data_file.key]]
    offering = [
        schema["definitions"][f"{kind}-ids"]
        for schema in map(committed, (f.schema_filename for f in DATA_FILES))
        if f"{kind}-ids" in schema.get("definitions", {})
    ]
    assert offering, f"no schema offers the {kind} ids"
    for offered in offering:
        assert offered["enum"] == sorted(ids)
        assert all(offered["enumDescriptions"])
    if kind == "organization":
        names = dict(zip(offering[0]["enum"], offering[0]["enumDescriptions"], strict=True))
        assert names["kosme"].endswith("· Korea SMEs and Startups Agency"), names["kosme"]


def test_every_reference_offers_the_ids_of_its_kind() -> None:
    projects = committed("projects.schema.json")["properties"]["projects"]["items"]["properties"]
    for field, kind in [
        (reported(projects["location"]), "place"),
        (reported(projects["partners"])["items"], "organization"),
        (projects["events"]["items"], "event"),
        (projects["sources"]["items"], "source"),
        (reported(projects["amounts"])["items"]["properties"]["source"], "source"),
        (projects["status"]["properties"]["source"], "source"),
    ]:
        assert {"$ref": f"#/definitions/{kind}-ids"} in field["anyOf"]
        assert {"type": "string"} in field["anyOf"]  # any other id is allowed too


@pytest.mark.parametrize("data_file", DATA_FILES, ids=lambda f: f.key)
def test_the_editors_schema_accepts_and_refuses_what_the_checker_does(data_file) -> None:
    editors = jsonschema.Draft7Validator(committed(data_file.schema_filename))
    checkers = jsonschema.Draft7Validator(json_schema(data_file, read_config(ROOT)))
    data = data_of(data_file.kind)
    assert list(editors.iter_errors(data)) == []
    changed = copy.deepcopy(data)
    record = changed[data_file.key][0]
    if "sources" in record:  # a source not written yet: neither refuses it
        record["sources"] = ["a-source-not-written-yet"]
        assert editors.is_valid(changed) and checkers.is_valid(changed)
    record["id"] = "Not An Id"  # a wrong form: both refuse it
    assert not editors.is_valid(changed) and not checkers.is_valid(changed)


def test_a_date_in_the_wrong_form_says_how_to_write_it() -> None:
    events = committed("events.schema.json")["properties"]["events"]["items"]["properties"]
    start = events["start"]
    assert "2026-12-04" in start["patternErrorMessage"]
    assert start["errorMessage"] == start["patternErrorMessage"]  # "2019" unquoted is a number
    assert start["pattern"] == DATE_PATTERN
    accepted = [
        d
        for d in ("2019", "2019-04", "2019-04-22", "2019.04.22", "2019-4-22")
        if re.search(DATE_PATTERN, d)
    ]
    assert accepted == ["2019", "2019-04", "2019-04-22"]
    dates = [
        node
        for f in DATA_FILES
        for node in nodes(committed(f.schema_filename))
        if node.get("pattern") == DATE_PATTERN
    ]
    assert len(dates) > 10 and all("patternErrorMessage" in node for node in dates)


def test_the_front_matter_schema_agrees_with_the_checker() -> None:
    schema = committed("front-matter.schema.json")
    assert schema["properties"].keys() == FRONT_MATTER_KEYS.keys()
    every_page = {key for key, needed in FRONT_MATTER_KEYS.items() if needed}
    assert set(schema["required"]) == every_page & EVENT_NARRATIVE_KEYS.keys()
    validator = jsonschema.Draft7Validator(schema)
    pages, problems = read_content(ROOT / "content", ROOT, read_config(ROOT).codes)
    assert problems == []
    metas = [page.meta for language in pages.values() for page in language.values()]
    assert len(metas) >= 8
    assert all(validator.is_valid(meta) for meta in metas)
    assert not validator.is_valid({**metas[0], "author": "someone"})
    assert not validator.is_valid({**metas[0], "updated": "22.11.2026"})
    # the schema cannot know the page's path: a missing title is the checker's to find
    assert not validator.is_valid({key: v for key, v in metas[0].items() if key != "updated"})


def test_vs_code_recommends_the_yaml_extension_and_maps_every_schema() -> None:
    recommended = json.loads((ROOT / ".vscode" / "extensions.json").read_text("utf-8"))
    assert "redhat.vscode-yaml" in recommended["recommendations"]
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    mapped = settings["yaml.schemas"]
    for data_file in DATA_FILES:
        assert mapped[f"./schemas/{data_file.schema_filename}"] == f"data/{data_file.filename}"
    for name in mapped:
        assert (ROOT / name).is_file(), name
