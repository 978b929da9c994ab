"""The shape of every data file, defined once.

Each record type is described here in plain Python (``Field`` specs). From
this one description we derive the JSON Schemas committed under ``schemas/``
(for editors' autocompletion) and the validator the build and the checker use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing.config import Briefing

# "$(?!\n)": Python's re (jsonschema, fastjsonschema) lets "$" match before a last line feed,
# so "abc\n" passed and was published as a second folder "abc%0A/"; ECMA-262 reads the same.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$(?!\n)"
# Dates may be partial (2019-05, "2023") when a source gives no day.
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$(?!\n)"
# Longest text a field may hold, in characters. Far above the real content
# (summaries reach about 500, names 80) and low enough that no single value
# can make the books' layout take minutes (a pasted megabyte did).
SHORT_TEXT_CHARS = 1_000  # names, titles, roles, places, aliases
LONG_TEXT_CHARS = 20_000  # summaries, descriptions, notes
URL_CHARS = 2_000

SECTORS = (
    "industry",
    "automotive",
    "energy",
    "nuclear",
    "hydrogen",
    "mining",
    "transport",
    "urban-development",
    "health",
    "space",
    "ict",
    "mobility",
    "sme",
    "trade",
    "finance",
    "cooperation-framework",
)
STATUSES = (
    "proposed",
    "planned",
    "agreed",
    "negotiating",
    "tender-delayed",
    "under-construction",
    "operating",
    "completed",
    "announced",
)
AMOUNT_KINDS = (
    "project-size",
    "investment",
    "cooperation-package",
    "production-capacity",
    "sales",
    "market-share",
    "area",
    "population",
    "jobs",
    "participants",
)
APPROXIMATIONS = ("about", "up-to", "at-least", "more-than")
UNITS = ("vehicle", "vehicle-per-year", "person", "job", "km2", "percent", "company")
EVENT_KINDS = (
    "state-visit",
    "summit",
    "working-group",
    "agreement",
    "business-forum",
    "mou-signing",
    "plant-launch",
    "founding",
    "roadshow",
    "meeting",
)
ORGANIZATION_KINDS = (
    "government",
    "ministry",
    "public-agency",
    "state-company",
    "sovereign-fund",
    "company",
    "bank",
    "business-association",
    "international-organization",
    "consultancy",
)
SOURCE_KINDS = ("news", "official", "public-record")
INTERNATIONAL = "INT"  # a country code for international bodies, beside the briefing's countries

# What a briefing configures (briefing.yml) stands in the record types as a
# placeholder that ``json_schema`` fills in: its languages, countries, currencies.
TEXTS = "x-briefing-texts"  # a mapping of language code -> text (value: the longest text)
ALIAS_LISTS = "x-briefing-alias-lists"  # a mapping of language code -> list of names
CHOICE = "x-briefing-choice"  # one of the briefing's "languages", "countries" or "currencies"


@dataclass(frozen=True)
class Field:
    """One key of a record: its JSON Schema plus what editors are told."""

    schema: dict[str, Any]
    required: bool = False
    help: str = ""
    ref: str | None = None  # record kind an id (or list of ids) points to


def text(help: str, required: bool = True, max_length: int = SHORT_TEXT_CHARS) -> Field:
    """A translatable text: every language of the briefing in one mapping."""
    return Field({"type": "object", TEXTS: max_length, "required": True}, required=required, help=help)


def choice(of: str, help: str, required: bool = True) -> Field:
    """One of the briefing's languages, countries or currencies (``of``), as configured."""
    return Field({"type": "string", CHOICE: of}, required=required, help=help)


def enum(values: tuple[str, ...], help: str, required: bool = True) -> Field:
    return Field({"type": "string", "enum": list(values)}, required=required, help=help)


def date(help: str, required: bool = True) -> Field:
    return Field({"type": "string", "pattern": DATE_PATTERN}, required=required, help=help)


def ref(kind: str, help: str, required: bool = True) -> Field:
    return Field({"type": "string", "pattern": SLUG_PATTERN}, required=required, help=help, ref=kind)


def refs(kind: str, help: str, required: bool = False, min_items: int = 0) -> Field:
    schema: dict[str, Any] = {"type": "array", "items": {"type": "string", "pattern": SLUG_PATTERN}}
    if min_items:
        schema["minItems"] = min_items
    return Field(schema, required=required, help=help, ref=kind)


def record(fields: dict[str, Field]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: {**f.schema, "description": f.help} for name, f in fields.items()},
        "required": [name for name, f in fields.items() if f.required],
        "additionalProperties": False,
    }


ID = Field({"type": "string", "pattern": SLUG_PATTERN}, required=True, help="Stable id: lower-case words joined by hyphens, e.g. pavlodar-ferroalloy-plant. Never change it: URLs use it.")
SOURCES = refs("source", "Ids of the sources (data/sources.yaml) that state the facts of this record.", required=True, min_items=1)
UPDATED = date("Date this record was last changed (YYYY-MM-DD); drives the 'as of' date and the change feed.")

AMOUNT = {
    "value": Field({"type": "number"}, required=True, help="The figure as a plain number: 200000000, not '2억' or '$200 million'."),
    "value_max": Field({"type": "number"}, help="Upper end when the source gives a range (30,000–45,000)."),
    "approx": enum(APPROXIMATIONS, "How the source qualifies the figure: about, up-to, at-least, more-than.", required=False),
    "currency": choice("currencies", "ISO 4217 currency code for money (USD, EUR…; the briefing's currencies). Leave out for counts.", required=False),
    "unit": enum(UNITS, "Unit for a count or measure (vehicle, person, job, km2, percent…). Leave out for money.", required=False),
    "kind": enum(AMOUNT_KINDS, "What kind of figure this is; figures of different kinds are never added up."),
    "as_of": date("Date the figure refers to or was reported (YYYY-MM-DD)."),
    "source": ref("source", "Id of the source that gives this figure."),
    "note": text("Short qualifier shown beside the figure, in both languages.", required=False, max_length=LONG_TEXT_CHARS),
}
STATUS = {
    "value": enum(STATUSES, "Where the project stands."),
    "as_of": date("Date the status was reported (YYYY-MM-DD)."),
    "source": ref("source", "Id of the source that reports this status."),
    "note": text("Short qualifier, in both languages.", required=False, max_length=LONG_TEXT_CHARS),
}
ALIASES = Field({"type": "object", ALIAS_LISTS: SHORT_TEXT_CHARS}, help="Other names readers may search for, per language (abbreviations, former names).")

PROJECT = {
    "id": ID,
    "name": text("Project name in each language."),
    "sector": enum(SECTORS, "Sector the project belongs to."),
    "location": ref("place", "Id of the place (data/places.yaml) where the project is.", required=False),
    "location_detail": text("Where exactly, when more precise than the place.", required=False),
    "amounts": Field(
        {"type": "array", "items": record(AMOUNT)},
        help="Figures given for the project: each keeps its value, currency or unit, kind, date and source.",
    ),
    "status": Field(record(STATUS), required=True, help="Current status with the date it was reported."),
    "partners": refs("organization", "Ids of partner organizations (data/organizations.yaml)."),
    "events": refs("event", "Ids of the events where the project was discussed or announced."),
    "aliases": ALIASES,
    "summary": text("One or two sentences on the project, written in each language.", max_length=LONG_TEXT_CHARS),
    "sources": SOURCES,
    "updated": UPDATED,
}

PARTICIPANT = {
    "person": ref("person", "Id of a person (data/people.yaml).", required=False),
    "organization": ref("organization", "Id of an organization (data/organizations.yaml).", required=False),
    "role": text("The person's role at the time of the event.", required=False),
}

EVENT = {
    "id": ID,
    "title": text("Event title in each language."),
    "kind": enum(EVENT_KINDS, "What kind of event this is."),
    "start": date("First day (YYYY-MM-DD)."),
    "end": date("Last day when the event ran over several days (YYYY-MM-DD).", required=False),
    "place": ref("place", "Id of the place (data/places.yaml); its name is shown as it was on the date."),
    "venue": text("Venue within the place (hotel, palace…).", required=False),
    "anchor": Field({"type": "boolean"}, help="true for the three anchor moments that group the timeline."),
    "chapter": ref("event", "Id of the anchor event whose chapter of the timeline this event belongs to.", required=False),
    "parent": ref("event", "Id of the event this one was part of (e.g. a round table during a state visit).", required=False),
    "participants": Field({"type": "array", "items": record(PARTICIPANT)}, help="Who took part: person (with role) or organization."),
    "summary": text("One or two sentences on the event, written in each language.", max_length=LONG_TEXT_CHARS),
    "sources": SOURCES,
    "updated": UPDATED,
}

SOURCE = {
    "id": ID,
    "kind": enum(SOURCE_KINDS, "news, official or public-record."),
    "outlet": text("Outlet or publisher, in each language."),
    "title": Field({"type": "string", "minLength": 1, "maxLength": SHORT_TEXT_CHARS}, required=True, help="Title in the source's own language."),
    "title_translated": text("Title translated for readers of the other language.", required=False),
    "byline": text("Author as credited, in each language.", required=False),
    "published": date("Publication date (YYYY-MM-DD)."),
    "language": choice("languages", "Language the source is written in."),
    "url": Field({"type": "string", "pattern": "^https?://", "maxLength": URL_CHARS}, help="Public address where readers can follow the source. Every source has this or no_public_address: true."),
    "no_public_address": Field({"type": "boolean"}, help="true when the source has no public address, or none is known (a briefing, an unlinked report); say in the note how it was consulted. Every source has this or url."),
    "note": text("What the source covers or how the date was established.", required=False, max_length=LONG_TEXT_CHARS),
    "updated": UPDATED,
}

ORGANIZATION = {
    "id": ID,
    "name": text("Full name in each language."),
    "abbreviation": Field({"type": "object", TEXTS: SHORT_TEXT_CHARS, "required": False}, help="Short name per language (KOSME / 중진공)."),
    "country": choice("countries", "ISO 3166 code of one of the briefing's countries, or INT for international bodies."),
    "kind": enum(ORGANIZATION_KINDS, "What kind of body this is."),
    "description": text("One line on what it does, in each language.", required=False, max_length=LONG_TEXT_CHARS),
    "aliases": ALIASES,
    "sources": SOURCES,
    "updated": UPDATED,
}

PERSON = {
    "id": ID,
    "name": text("Name as written in each language."),
    "country": choice("countries", "ISO 3166 code of the country whose side the person was on, only when a cited source says so (a minister of Kazakhstan, the Korean delegation's head); leave it out otherwise.", required=False),
    "organization": ref("organization", "Organization the person represented.", required=False),
    "sources": SOURCES,
    "updated": UPDATED,
}

PLACE_NAME = {
    "name": text("The place's name during this period."),
    "from": date("First day the name was official (YYYY-MM-DD).", required=False),
    "until": date("Last day the name was official (YYYY-MM-DD).", required=False),
}

PLACE = {
    "id": ID,
    "name": text("Current name in each language."),
    "former_names": Field(
        {"type": "array", "items": record(PLACE_NAME)},
        help="Earlier official names with their dates (Nur-Sultan, March 2019 – September 2022).",
    ),
    "region": text("Region or country, in each language."),
    "country": choice("countries", "ISO 3166 code of one of the briefing's countries."),
    "coordinates": Field(
        {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        required=True,
        help="[latitude, longitude] in decimal degrees.",
    ),
    "aliases": ALIASES,
    "updated": UPDATED,
}


@dataclass(frozen=True)
class DataFile:
    """A data file: a list of records of one kind under a top-level key."""

    kind: str
    filename: str
    key: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def schema_filename(self) -> str:
        return f"{self.key}.schema.json"


DATA_FILES = (
    DataFile("project", "projects.yaml", "projects", PROJECT),
    DataFile("event", "events.yaml", "events", EVENT),
    DataFile("source", "sources.yaml", "sources", SOURCE),
    DataFile("organization", "organizations.yaml", "organizations", ORGANIZATION),
    DataFile("person", "people.yaml", "people", PERSON),
    DataFile("place", "places.yaml", "places", PLACE),
)
DATA_FILE_BY_KIND = {f.kind: f for f in DATA_FILES}


def json_schema(data_file: DataFile, briefing: Briefing) -> dict[str, Any]:
    """JSON Schema (draft-07) of one data file of ``briefing``, as written to ``schemas/``."""
    return configured({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"https://briefing.invalid/schemas/{data_file.schema_filename}",
        "title": f"{data_file.filename}: {data_file.key}",
        "type": "object",
        "properties": {data_file.key: {"type": "array", "items": record(data_file.fields)}},
        "required": [data_file.key],
        "additionalProperties": False,
    }, briefing)


def choices(of: str, briefing: Briefing) -> tuple[str, ...]:
    """The values a ``choice`` field of ``briefing`` takes."""
    if of == "languages":
        return briefing.codes
    if of == "countries":
        return (*briefing.countries, INTERNATIONAL)
    return briefing.currencies


def configured(schema: Any, briefing: Briefing) -> Any:
    """``schema`` with each placeholder for a briefing's configuration filled in."""
    if isinstance(schema, list):
        return [configured(item, briefing) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if TEXTS in schema:
        longest, required = schema[TEXTS], schema["required"]
        return {
            "type": "object",
            "properties": {code: {"type": "string", "minLength": 1, "maxLength": longest} for code in briefing.codes},
            **({"required": list(briefing.codes)} if required else {}),
            "additionalProperties": False,
            **{k: v for k, v in schema.items() if k not in (TEXTS, "required", "type")},
        }
    if ALIAS_LISTS in schema:
        item = {"type": "string", "minLength": 1, "maxLength": schema[ALIAS_LISTS]}
        return {
            "type": "object",
            "properties": {code: {"type": "array", "items": item} for code in briefing.codes},
            "additionalProperties": False,
            **{k: v for k, v in schema.items() if k not in (ALIAS_LISTS, "type")},
        }
    if CHOICE in schema:
        return {"type": "string", "enum": list(choices(schema[CHOICE], briefing)), **{k: v for k, v in schema.items() if k not in (CHOICE, "type")}}
    return {key: configured(value, briefing) for key, value in schema.items()}


def field_help(data_file: DataFile, path: tuple[str | int, ...]) -> Field | None:
    """The ``Field`` a data path points at, for hints in error messages."""
    fields: dict[str, Field] | None = data_file.fields
    found: Field | None = None
    for part in path[2:]:  # skip the top key and the record index
        if isinstance(part, int) or fields is None:
            continue
        found = fields.get(part)
        nested = {"amounts": AMOUNT, "status": STATUS, "participants": PARTICIPANT, "former_names": PLACE_NAME}
        fields = nested.get(part)
    return found
