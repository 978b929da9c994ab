"""The shape of every data file, defined once.

Each record type is described here in plain Python (``Field`` specs). From
this one description we derive the JSON Schemas committed under ``schemas/``
(for editors' autocompletion) and the validator the build and the checker use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefing.model import NOT_REPORTED

if TYPE_CHECKING:
    from briefing.config import Briefing

# "$(?!\n)": Python's re (jsonschema, fastjsonschema) lets "$" match before a last line feed,
# so "abc\n" passed and was published as a second folder "abc%0A/"; ECMA-262 reads the same.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$(?!\n)"
# Dates may be partial (2019-05, "2023") when a source gives no day.
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$(?!\n)"
# What the editor says instead of printing the pattern: VS Code's JSON support and the Red Hat
# YAML extension show ``patternErrorMessage``, and ``errorMessage`` in place of their
# "Incorrect type" (a year written without quotes is a number).
DATE_MESSAGE = (
    'Write dates as YYYY-MM-DD, e.g. 2026-12-04; 2026-12, or "2026" in quotes, '
    "when the day or month is unknown."
)
ID_MESSAGE = "Ids are lower-case letters, digits and hyphens, e.g. pavlodar-ferroalloy-plant."
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
# What a project is: the words for its status depend on it (a plant operates, a programme
# is in effect).
PROJECT_KINDS = ("facility", "programme", "organization")
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
# Every fixed enumeration by name: ``enum`` fields name theirs, and the editors' schemas
# describe each value under that name (``EditorHints``).
ENUMERATIONS = {
    "sectors": SECTORS,
    "project-kinds": PROJECT_KINDS,
    "statuses": STATUSES,
    "amount-kinds": AMOUNT_KINDS,
    "approximations": APPROXIMATIONS,
    "units": UNITS,
    "event-kinds": EVENT_KINDS,
    "organization-kinds": ORGANIZATION_KINDS,
    "source-kinds": SOURCE_KINDS,
}

# What a briefing configures (briefing.yml) stands in the record types as a
# placeholder that ``json_schema`` fills in: its languages, countries, currencies.
TEXTS = "x-briefing-texts"  # a mapping of language code -> text (value: the longest text)
ALIAS_LISTS = "x-briefing-alias-lists"  # a mapping of language code -> list of names
CHOICE = "x-briefing-choice"  # one of the briefing's "languages", "countries" or "currencies"
# And what only the editors' schemas fill in (``EditorHints``; left out for validation):
ENUMERATION = "x-briefing-enumeration"  # the name of an ``enum`` field's enumeration
IDS = "x-briefing-ids"  # the record kind an id points to: the existing ids are offered


@dataclass(frozen=True)
class Field:
    """One key of a record: its JSON Schema plus what editors are told."""

    schema: dict[str, Any]
    required: bool = False
    help: str = ""
    ref: str | None = None  # record kind an id (or list of ids) points to


def text(help: str, required: bool = True, max_length: int = SHORT_TEXT_CHARS) -> Field:
    """A translatable text: every language of the briefing in one mapping."""
    return Field(
        {"type": "object", TEXTS: max_length, "required": True}, required=required, help=help
    )


def choice(of: str, help: str, required: bool = True) -> Field:
    """One of the briefing's languages, countries or currencies (``of``), as configured."""
    return Field({"type": "string", CHOICE: of}, required=required, help=help)


def enum(of: str, help: str, required: bool = True) -> Field:
    """One value of the enumeration named ``of`` (``ENUMERATIONS``)."""
    return Field(
        {"type": "string", "enum": list(ENUMERATIONS[of]), ENUMERATION: of},
        required=required,
        help=help,
    )


def date(help: str, required: bool = True) -> Field:
    return Field(
        {
            "type": "string",
            "pattern": DATE_PATTERN,
            "patternErrorMessage": DATE_MESSAGE,
            "errorMessage": DATE_MESSAGE,
        },
        required=required,
        help=help,
    )


def id_schema(kind: str | None = None) -> dict[str, Any]:
    """An id; with ``kind``, the id of a record of that kind (offered from the data in editors)."""
    schema = {"type": "string", "pattern": SLUG_PATTERN, "patternErrorMessage": ID_MESSAGE}
    return {**schema, IDS: kind} if kind else schema


def ref(kind: str, help: str, required: bool = True) -> Field:
    return Field(id_schema(kind), required=required, help=help, ref=kind)


def refs(kind: str, help: str, required: bool = False, min_items: int = 0) -> Field:
    schema: dict[str, Any] = {"type": "array", "items": id_schema(kind)}
    if min_items:
        schema["minItems"] = min_items
    return Field(schema, required=required, help=help, ref=kind)


def or_not_reported(spec: Field, what: str) -> Field:
    """``spec``, or the marker that the sources do not report it (``place: not-reported``)."""
    return Field(
        {"anyOf": [spec.schema, {"const": NOT_REPORTED}]},
        required=spec.required,
        help=f"{spec.help} Write '{NOT_REPORTED}' when the sources do not report {what}.",
        ref=spec.ref,
    )


def accepts_not_reported(schema: dict[str, Any]) -> bool:
    """Whether a field's schema takes the not-reported marker."""
    return any(branch.get("const") == NOT_REPORTED for branch in schema.get("anyOf", ()))


def record(fields: dict[str, Field]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: {**f.schema, "description": f.help} for name, f in fields.items()},
        "required": [name for name, f in fields.items() if f.required],
        "additionalProperties": False,
    }


ID = Field(
    id_schema(),
    required=True,
    help=(
        "Stable id: lower-case words joined by hyphens, e.g. pavlodar-ferroalloy-plant. "
        "Never change it: URLs use it."
    ),
)
SOURCES = refs(
    "source",
    "Ids of the sources (data/sources.yaml) that state the facts of this record.",
    required=True,
    min_items=1,
)
UPDATED = date(
    "Date this record was last changed (YYYY-MM-DD); drives the 'as of' date and the change feed."
)

AMOUNT = {
    "value": Field(
        {"type": "number"},
        required=True,
        help="The figure as a plain number: 200000000, not '2억' or '$200 million'.",
    ),
    "value_max": Field(
        {"type": "number"}, help="Upper end when the source gives a range (30,000–45,000)."
    ),
    "approx": enum(
        "approximations",
        "How the source qualifies the figure: about, up-to, at-least, more-than.",
        required=False,
    ),
    "currency": choice(
        "currencies",
        "ISO 4217 currency code for money (USD, EUR…; the briefing's currencies). "
        "Leave out for counts.",
        required=False,
    ),
    "unit": enum(
        "units",
        "Unit for a count or measure (vehicle, person, job, km2, percent…). Leave out for money.",
        required=False,
    ),
    "kind": enum(
        "amount-kinds",
        "What kind of figure this is; figures of different kinds are never added up.",
    ),
    "headline": Field(
        {"type": "boolean"},
        help="true when the source gives this figure as a headline of its own (a package, a "
        "programme's total): it is shown among the key figures. Never a sum of other records' "
        "figures.",
    ),
    "as_of": date("Date the figure refers to or was reported (YYYY-MM-DD)."),
    "source": ref("source", "Id of the source that gives this figure."),
    "note": text(
        "Short qualifier shown beside the figure, in both languages.",
        required=False,
        max_length=LONG_TEXT_CHARS,
    ),
}
STATUS = {
    "value": enum("statuses", "Where the project stands."),
    "as_of": date("Date the status was reported (YYYY-MM-DD)."),
    "source": ref("source", "Id of the source that reports this status."),
    "note": text("Short qualifier, in both languages.", required=False, max_length=LONG_TEXT_CHARS),
}
ALIASES = Field(
    {"type": "object", ALIAS_LISTS: SHORT_TEXT_CHARS},
    help="Other names readers may search for, per language (abbreviations, former names).",
)

PROJECT = {
    "id": ID,
    "name": text("Project name in each language."),
    "sector": enum("sectors", "Sector the project belongs to."),
    "kind": enum(
        "project-kinds",
        "What the project is: facility (a plant, road, building or station), programme (a "
        "programme, agreement or line of cooperation) or organization (a company or body set up).",
    ),
    "location": or_not_reported(
        ref(
            "place",
            "Id of the place (data/places.yaml) where the project is; leave it out for a programme "
            "with no single site.",
            required=False,
        ),
        "where it is",
    ),
    "location_detail": text("Where exactly, when more precise than the place.", required=False),
    "amounts": or_not_reported(
        Field(
            {"type": "array", "items": record(AMOUNT)},
            help="Figures given for the project: each keeps its value, currency or unit, kind, "
            "date and source.",
        ),
        "any figure",
    ),
    "status": Field(
        record(STATUS), required=True, help="Current status with the date it was reported."
    ),
    "partners": or_not_reported(
        refs("organization", "Ids of partner organizations (data/organizations.yaml)."),
        "who the partners are",
    ),
    "events": refs("event", "Ids of the events where the project was discussed or announced."),
    "aliases": ALIASES,
    "summary": text(
        "One or two sentences on the project, written in each language.", max_length=LONG_TEXT_CHARS
    ),
    "sources": SOURCES,
    "updated": UPDATED,
}

PARTICIPANT = {
    "person": ref("person", "Id of a person (data/people.yaml).", required=False),
    "organization": ref(
        "organization", "Id of an organization (data/organizations.yaml).", required=False
    ),
    "role": text("The person's role at the time of the event.", required=False),
}

EVENT = {
    "id": ID,
    "title": text("Event title in each language."),
    "kind": enum("event-kinds", "What kind of event this is."),
    "start": date("First day (YYYY-MM-DD)."),
    "end": date("Last day when the event ran over several days (YYYY-MM-DD).", required=False),
    "order": Field(
        {"type": "integer", "minimum": 1},
        help="Place among the events of the same day, 1 first, when the sources give it (the "
        "summit in the morning, the round table after it); events of a day without it follow "
        "in id order.",
    ),
    "place": or_not_reported(
        ref(
            "place", "Id of the place (data/places.yaml); its name is shown as it was on the date."
        ),
        "where it took place",
    ),
    "venue": text("Venue within the place (hotel, palace…).", required=False),
    "anchor": Field(
        {"type": "boolean"},
        help=(
            "true for a moment the timeline is grouped by: each anchor event opens a chapter. "
            "An anchor has no chapter or parent."
        ),
    ),
    "chapter": ref(
        "event",
        "Id of the anchor event whose chapter this event belongs to: its lead-up or what "
        "followed from it. Leave it out for an event of no anchor's story; the timeline lists "
        "it under 'Other events'.",
        required=False,
    ),
    "parent": ref(
        "event",
        "Id of the event this one was part of (e.g. a round table during a state visit); "
        "it is shown inside its parent, in the parent's chapter.",
        required=False,
    ),
    "participants": Field(
        {"type": "array", "items": record(PARTICIPANT)},
        help="Who took part: person (with role) or organization.",
    ),
    "summary": text(
        "One or two sentences on the event, written in each language.", max_length=LONG_TEXT_CHARS
    ),
    "sources": SOURCES,
    "updated": UPDATED,
}

SOURCE = {
    "id": ID,
    "kind": enum("source-kinds", "news, official or public-record."),
    "outlet": text("Outlet or publisher, in each language."),
    "title": Field(
        {"type": "string", "minLength": 1, "maxLength": SHORT_TEXT_CHARS},
        required=True,
        help="Title in the source's own language.",
    ),
    "title_translated": text("Title translated for readers of the other language.", required=False),
    "byline": text("Author as credited, in each language.", required=False),
    "published": date("Publication date (YYYY-MM-DD)."),
    "language": choice("languages", "Language the source is written in."),
    "url": Field(
        {
            "type": "string",
            "pattern": "^https?://",
            "patternErrorMessage": "Addresses start with https:// (or http://).",
            "maxLength": URL_CHARS,
        },
        help="Public address where readers can follow the source. "
        "Every source has this or no_public_address: true.",
    ),
    "no_public_address": Field(
        {"type": "boolean"},
        help="true when the source has no public address, or none is known (a briefing, an "
        "unlinked report); say in the note how it was consulted. Every source has this or url.",
    ),
    "note": text(
        "What the source covers or how the date was established.",
        required=False,
        max_length=LONG_TEXT_CHARS,
    ),
    "updated": UPDATED,
}

ORGANIZATION = {
    "id": ID,
    "name": text("Full name in each language."),
    "abbreviation": Field(
        {"type": "object", TEXTS: SHORT_TEXT_CHARS, "required": False},
        help="Short name per language (KOSME / 중진공).",
    ),
    "country": choice(
        "countries",
        "ISO 3166 code of the organization's country (one of the briefing's), or INT for "
        "international bodies, only when a cited source says so; leave it out otherwise.",
        required=False,
    ),
    "kind": enum("organization-kinds", "What kind of body this is."),
    "description": text(
        "One line on what it does, in each language.", required=False, max_length=LONG_TEXT_CHARS
    ),
    "aliases": ALIASES,
    "sources": SOURCES,
    "updated": UPDATED,
}

PERSON = {
    "id": ID,
    "name": text("Name as written in each language."),
    "country": choice(
        "countries",
        "ISO 3166 code of the country whose side the person was on, only when a cited source "
        "says so (a minister of one side, a delegation's head); leave it out otherwise.",
        required=False,
    ),
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


@dataclass(frozen=True)
class EditorHints:
    """What the editors' schemas (``schemas/``) add to the validation schema; never a rule.

    ``descriptions``: per enumeration (``ENUMERATIONS``) and choice ("languages", "countries",
    "currencies"), each value's description, e.g. ``"계획 · Planned"``. ``ids``: per record kind,
    each existing id with a line on its record, offered as completions.
    """

    descriptions: Mapping[str, Mapping[str, str]]
    ids: Mapping[str, Mapping[str, str]]


def json_schema(
    data_file: DataFile, briefing: Briefing, hints: EditorHints | None = None
) -> dict[str, Any]:
    """JSON Schema (draft-07) of one data file of ``briefing``; with ``hints``, as written
    to ``schemas/`` for editors (the same rules, with descriptions and completions)."""
    referenced: set[str] = set()
    schema = configured(
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$id": f"https://briefing.invalid/schemas/{data_file.schema_filename}",
            "title": f"{data_file.filename}: {data_file.key}",
            "type": "object",
            "properties": {data_file.key: {"type": "array", "items": record(data_file.fields)}},
            "required": [data_file.key],
            "additionalProperties": False,
        },
        briefing,
        hints,
        referenced,
    )
    if hints is not None and referenced:
        schema["definitions"] = {
            id_definition(kind): described({"enum": list(hints.ids[kind])}, hints.ids[kind])
            for kind in sorted(referenced)
        }
    return schema


def id_definition(kind: str) -> str:
    """The name under ``definitions`` of the existing ids of records of ``kind``."""
    return f"{kind}-ids"


FRONT_MATTER = {
    "title": Field(
        {"type": "string", "minLength": 1, "maxLength": SHORT_TEXT_CHARS},
        required=True,
        help="The page's title: its heading, the browser tab and the navigation. Required on "
        "every page but an event's narrative (events/), whose page takes the event's title.",
    ),
    "description": Field(
        {"type": "string", "minLength": 1, "maxLength": LONG_TEXT_CHARS},
        required=True,
        help="One or two sentences for search results and link previews. Required on every "
        "page but an event's narrative (events/), whose page takes the event's summary.",
    ),
    "updated": date("Date the page was last changed (YYYY-MM-DD): its 'as of' date."),
}
# An event's narrative holds only these: its page's heading and description are the event's
# title and summary in data/events.yaml (one place to change them).
EVENT_NARRATIVE = ("updated",)
FRONT_MATTER_SCHEMA_FILENAME = "front-matter.schema.json"


def front_matter_schema() -> dict[str, Any]:
    """JSON Schema (draft-07) of the front matter of the pages in ``content/<language>/``."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"https://briefing.invalid/schemas/{FRONT_MATTER_SCHEMA_FILENAME}",
        "title": "content/<language>/*.md: front matter",
        **record(FRONT_MATTER),
        # what every page needs; the checker also requires title and description outside events/
        "required": [
            key for key, spec in FRONT_MATTER.items() if spec.required and key in EVENT_NARRATIVE
        ],
    }


def choices(of: str, briefing: Briefing) -> tuple[str, ...]:
    """The values a ``choice`` field of ``briefing`` takes."""
    if of == "languages":
        return briefing.codes
    if of == "countries":
        return (*briefing.countries, INTERNATIONAL)
    return briefing.currencies


def configured(
    schema: Any,
    briefing: Briefing,
    hints: EditorHints | None = None,
    referenced: set[str] | None = None,
) -> Any:
    """``schema`` with each placeholder for a briefing's configuration filled in; with
    ``hints``, the editors' descriptions and completions too (the record kinds whose ids are
    offered are added to ``referenced``)."""
    if isinstance(schema, list):
        return [configured(item, briefing, hints, referenced) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if TEXTS in schema:
        longest, required = schema[TEXTS], schema["required"]
        return {
            "type": "object",
            "properties": {
                code: {"type": "string", "minLength": 1, "maxLength": longest}
                for code in briefing.codes
            },
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
        values = {
            "type": "string",
            "enum": list(choices(schema[CHOICE], briefing)),
            **{k: v for k, v in schema.items() if k not in (CHOICE, "type")},
        }
        return described(values, hints.descriptions[schema[CHOICE]]) if hints else values
    if ENUMERATION in schema:
        values = {k: v for k, v in schema.items() if k != ENUMERATION}
        return described(values, hints.descriptions[schema[ENUMERATION]]) if hints else values
    if IDS in schema:
        kind = schema[IDS]
        plain = {k: v for k, v in schema.items() if k != IDS}
        if hints is None or not hints.ids.get(kind) or referenced is None:
            return plain
        referenced.add(kind)
        # One branch lists the existing ids (the editor offers them, with their records' names),
        # the other takes any text: a new id is not refused, and the pattern above still holds.
        branches = [{"$ref": f"#/definitions/{id_definition(kind)}"}, {"type": "string"}]
        return {**plain, "anyOf": branches}
    return {key: configured(value, briefing, hints, referenced) for key, value in schema.items()}


# Characters Markdown would read as syntax in an editor's hover or completion details.
_MARKDOWN_SYNTAX = {ord(c): f"\\{c}" for c in "\\`*_[]<>#|"}


def described(schema: dict[str, Any], descriptions: Mapping[str, str]) -> dict[str, Any]:
    """``schema``'s ``enum`` with a description of each value, as plain text and as Markdown
    (VS Code's JSON support and the Red Hat YAML extension show them beside the completions)."""
    texts = [descriptions.get(str(value), str(value)) for value in schema["enum"]]
    return {
        **schema,
        "enumDescriptions": texts,
        "markdownEnumDescriptions": [text.translate(_MARKDOWN_SYNTAX) for text in texts],
    }


def field_help(data_file: DataFile, path: tuple[str | int, ...]) -> Field | None:
    """The ``Field`` a data path points at, for hints in error messages."""
    fields: dict[str, Field] | None = data_file.fields
    found: Field | None = None
    for part in path[2:]:  # skip the top key and the record index
        if isinstance(part, int) or fields is None:
            continue
        found = fields.get(part)
        nested = {
            "amounts": AMOUNT,
            "status": STATUS,
            "participants": PARTICIPANT,
            "former_names": PLACE_NAME,
        }
        fields = nested.get(part)
    return found
