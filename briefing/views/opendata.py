"""Open data: downloads, citations, structured data and the change feed.

For each language the build publishes, beside the pages:

- ``downloads/<kind>.json``: the records exactly as in ``data/<kind>.yaml``
  (both languages, codes), valid against ``downloads/schemas/<kind>.schema.json``;
- ``downloads/projects.csv``: one row per project with labels in the page's
  language (UTF-8 with a byte-order mark so Excel reads Korean);
- ``feed.xml``: an Atom feed of records by their ``updated`` dates.

Pages get a "Cite this" block (both citation styles, stable permalink) and
JSON-LD (``Event`` on event pages, ``Dataset`` on the downloads page).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from babel.lists import format_list

from briefing.inputs import schema
from briefing.inputs.schemas import schema_text
from briefing.model import NOT_REPORTED, Aliases, Dataset, Event, PartialDate, Project, Text
from briefing.views import labels
from briefing.views.derive import View
from briefing.views.formatting import format_amount, format_date
from briefing.views.i18n import N_, Language
from briefing.views.urls import (
    DICTIONARY,
    DOWNLOADS,
    FEED,
    PAGES,
    REFERENCE_PATH,
    event_url,
    has_reference_volume,
    project_url,
    relative,
    sheet_volumes,
)

JSON_KINDS = ("projects", "events", "places", "organizations", "people", "sources")
ATOM = "http://www.w3.org/2005/Atom"


# -- records as they are in data/*.yaml ------------------------------------
# (model class, attribute) → YAML key, where they differ.
_KEY_RENAMES = {("PlaceName", "start"): "from"}


def to_plain(value: Any) -> Any:
    """A model object back in the shape of the data files (what the JSON Schemas describe)."""
    if value is None or isinstance(
        value, (str, int, float)
    ):  # most of the values: taken as they are
        return value
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, Text):
        return value.as_dict()
    if isinstance(value, Aliases):
        return {lang: list(names) for lang, names in value.names if names}
    if is_dataclass(value) and not isinstance(value, type):
        out = {}
        marked = getattr(value, "not_reported", ())
        for name, key in _record_keys(type(value)):
            if name == "not_reported":
                continue  # written as the marker in each field it names
            if name in marked:
                out[key] = NOT_REPORTED
                continue
            item = getattr(value, name)
            if (
                item is None
                or item == ()
                or item == {}
                or (isinstance(item, Aliases) and not item.all())
            ):
                continue
            if name in ("anchor", "headline") and item is False:
                continue
            out[key] = to_plain(item)
        return out
    if isinstance(value, (tuple, list)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


@cache  # one entry per model class
def _record_keys(record_type: type) -> tuple[tuple[str, str], ...]:
    """Each attribute of a model class with its key in the data files."""
    return tuple(
        (f.name, _KEY_RENAMES.get((record_type.__name__, f.name), f.name))
        for f in fields(record_type)
    )


def data_document(data: Dataset, key: str) -> dict:
    """``{"projects": [...]}`` in file order, as the schema of that data file expects."""
    return {key: [to_plain(r) for r in getattr(data, key).values()]}


# -- the publication: permalinks, citations, structured data -----------------
@dataclass(frozen=True)
class Publication:
    """Where the site is published and its languages, for everything that needs absolute links."""

    base_url: str  # "https://briefing.example.org/", both languages below it
    languages: dict[str, Language]

    def permalink(self, code: str, url: str) -> str:
        return f"{self.base_url}{code}/{url}"

    def citations(self, title: Text, url: str, updated: PartialDate, page_lang: str) -> list[View]:
        """The record cited in each language's style, the page's language first."""
        order = [page_lang] + [c for c in self.languages if c != page_lang]
        out = []
        for code in order:
            lang = self.languages[code]
            t = lang.gettext
            text = t('{author}. "{title}." {site}. Updated {date}. {url}').format(
                author=lang.publisher,
                title=title[code],
                site=lang.title,
                date=format_date(updated, lang),
                url=self.permalink(code, url),
            )
            # the style is named in the page's language ("Korean style" on the English page)
            out.append(
                {"lang": code, "language": self.languages[page_lang].name_of(code), "text": text}
            )
        return out

    def cite_view(
        self, kind: str, title: Text, url: str, updated: PartialDate, lang: Language
    ) -> View:
        """The "Cite this" block of a project or event page."""
        return {
            "permalink": self.permalink(lang.code, url),
            "citations": self.citations(title, url, updated, lang.code),
            "downloads": [
                {"label": name, "href": relative(url, DOWNLOADS + name)}
                for name in (
                    (f"{kind}s.json", "projects.csv") if kind == "project" else (f"{kind}s.json",)
                )
            ],
            "downloads_page": relative(url, DOWNLOADS),
        }

    def event_jsonld(self, data: Dataset, event: Event, lang: Language) -> dict:
        code = lang.code
        doc: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Event",
            "@id": self.permalink(code, event_url(event.id)),
            "url": self.permalink(code, event_url(event.id)),
            "name": event.title[code],
            "description": event.summary[code],
            "inLanguage": code,
            "startDate": event.start.iso(),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
        }
        if event.place is not None:  # a place the sources do not report is left out, not guessed
            place = data.places[event.place]
            lat, lon = place.coordinates
            doc["location"] = {
                "@type": "Place",
                "name": ", ".join(
                    x
                    for x in (
                        (event.venue[code] if event.venue else ""),
                        place.name_on(event.start)[code],
                    )
                    if x
                ),
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": place.name_on(event.start)[code],
                    "addressCountry": place.country,
                },
                "geo": {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon},
            }
        if event.end:
            doc["endDate"] = event.end.iso()
        if event.parent:
            parent = data.events[event.parent]
            doc["superEvent"] = {
                "@type": "Event",
                "@id": self.permalink(code, event_url(parent.id)),
                "name": parent.title[code],
            }
        children = data.children_of(event.id)
        if children:
            doc["subEvent"] = [
                {
                    "@type": "Event",
                    "@id": self.permalink(code, event_url(c.id)),
                    "name": c.title[code],
                    "startDate": c.start.iso(),
                }
                for c in children
            ]
        return doc

    def dataset_jsonld(self, data: Dataset, lang: Language) -> dict:
        code, t = lang.code, lang.gettext
        files = [(f"{k}.json", "application/json") for k in JSON_KINDS] + [
            ("projects.csv", "text/csv")
        ]
        first = min(
            (e.start for e in data.events.values()),
            default=data.latest_update(),
            key=PartialDate.key,
        )
        return {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "@id": self.permalink(code, DOWNLOADS),
            "url": self.permalink(code, DOWNLOADS),
            "name": t("%(subject)s: projects and events") % {"subject": lang.subject},
            "description": t(
                "Projects, events, organizations, people, places and sources of the %(title)s, "
                "each fact tied to a source, in %(languages)s."
            )
            % {
                "title": lang.title,
                "languages": format_list(
                    [lang.name_of(code) for code in self.languages], locale=lang.locale
                ),
            },
            "inLanguage": code,
            "isAccessibleForFree": True,
            "creator": {"@type": "Organization", "name": lang.publisher},
            "dateModified": data.latest_update().iso(),
            "temporalCoverage": f"{first.iso()}/{data.latest_update().iso()}",
            "spatialCoverage": {"@type": "Place", "name": lang.briefing.region.name[code]},
            "keywords": [
                *(lang.country_name(country) for country in lang.briefing.countries),
                lang.subject,
            ],
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": name,
                    "encodingFormat": mime,
                    "contentUrl": self.permalink(code, DOWNLOADS + name),
                }
                for name, mime in files
            ],
        }


def jsonld_text(doc: dict) -> str:
    """JSON for a ``<script type="application/ld+json">``:
    nothing in it can close the script element."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- the CSV -----------------------------------------------------------------
CSV_COLUMNS = (
    ("id", N_("ID"), N_("Stable identifier; the project's page address ends with it.")),
    ("name", N_("Project"), N_("Project name in this language.")),
    (
        "name_other",
        N_("Name in the other language"),
        N_("Project name in the other language of the briefing."),
    ),
    ("sector", N_("Sector"), N_("Sector the project belongs to.")),
    (
        "kind",
        N_("Kind of project"),
        N_("Facility, programme or organization: the words for its status depend on it."),
    ),
    ("status", N_("Status"), N_("Where the project stands, as last reported.")),
    (
        "status_as_of",
        N_("Status as of"),
        N_("Date the status refers to; the sources confirm nothing later."),
    ),
    (
        "location",
        N_("Place"),
        N_(
            "Place of the project, under its name at the time of the status; empty for programmes "
            "with no single site, 'not reported' when the sources do not say where."
        ),
    ),
    ("region", N_("Region"), N_("Region or country of the place.")),
    (
        "figures",
        N_("Figures"),
        N_(
            "Every figure with its kind and date, as written on the project's page, or 'not "
            "reported'; figures are never added up."
        ),
    ),
    (
        "size_value",
        N_("Project size (number)"),
        N_(
            "The project size as a plain number, for sorting; only when a size is given. Sizes of "
            "different projects may overlap: the briefing never adds them up."
        ),
    ),
    (
        "size_currency",
        N_("Project size currency"),
        N_("ISO 4217 currency of the project size (USD, KRW…)."),
    ),
    (
        "partners",
        N_("Partners"),
        N_(
            "Partner organizations, separated by semicolons; 'not reported' when the sources do "
            "not name them."
        ),
    ),
    (
        "events",
        N_("Events"),
        N_("Events where the project was discussed or announced, separated by semicolons."),
    ),
    ("summary", N_("Summary"), N_("One or two sentences on the project.")),
    (
        "sources",
        N_("Sources"),
        N_(
            "Outlets and dates of the sources, separated by semicolons; "
            "details on the Sources page."
        ),
    ),
    ("updated", N_("Updated"), N_("Date the record was last changed (YYYY-MM-DD).")),
    ("page", N_("Page"), N_("Permanent address of the project's page.")),
)


def _plain_number(value: float) -> str:
    """``200000000``, not ``2e+08``: spreadsheets read it as a number."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def csv_row(
    data: Dataset, project: Project, lang: Language, publication: Publication
) -> dict[str, str]:
    code, t = lang.code, lang.gettext
    place = data.places[project.location] if project.location else None
    size = next((a for a in project.amounts if a.kind == "project-size" and a.currency), None)

    def unless_not_reported(field: str, text: str) -> str:
        return t("not reported") if field in project.not_reported else text

    return {
        "id": project.id,
        "name": project.name[code],
        "name_other": project.name[lang.other],
        "sector": t(labels.SECTORS[project.sector]),
        "kind": t(labels.PROJECT_KINDS[project.kind]),
        "status": t(labels.status_label(project.kind, project.status.value)),
        "status_as_of": project.status.as_of.iso(),
        "location": unless_not_reported(
            "location", place.name_on(project.status.as_of)[code] if place else ""
        ),
        "region": place.region[code] if place else "",
        "figures": unless_not_reported(
            "amounts",
            "; ".join(
                f"{t(labels.AMOUNT_KINDS[a.kind])}: {format_amount(a, lang)} "
                f"({format_date(a.as_of, lang)})"
                for a in project.amounts
            ),
        ),
        "size_value": _plain_number(size.value) if size else "",
        "size_currency": (size.currency or "") if size else "",
        "partners": unless_not_reported(
            "partners", "; ".join(data.organizations[o].name[code] for o in project.partners)
        ),
        "events": "; ".join(data.events[e].title[code] for e in project.events),
        "summary": project.summary[code],
        "sources": "; ".join(
            f"{data.sources[s].outlet[code]}, {format_date(data.sources[s].published, lang)}"
            for s in project.sources
        ),
        "updated": project.updated.iso(),
        "page": publication.permalink(code, project_url(project.id)),
    }


# Columns that hold a number written by _plain_number: kept as numbers, a minus sign included.
CSV_NUMBER_COLUMNS = frozenset({"size_value"})
# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(key: str, value: str) -> str:
    """A cell as a spreadsheet should show it: text that would start a formula gets a leading "'".

    Numbers of the number columns stay numbers (a negative one too); every other
    column is text, so "-5%" or "=SUM(…)" there is shown as written, not computed.
    """
    if key not in CSV_NUMBER_COLUMNS and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def projects_csv(data: Dataset, lang: Language, publication: Publication) -> bytes:
    """Every project, one row each, with the column names and labels of ``lang``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell("", lang.gettext(title)) for _, title, _ in CSV_COLUMNS])
    for project in data.projects.values():
        row = csv_row(data, project, lang, publication)
        writer.writerow([csv_cell(key, row[key]) for key, _, _ in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


# -- the Atom feed -------------------------------------------------------------
def _atom_time(value: PartialDate) -> str:
    return f"{value.last_day().isoformat() if value.precision != 'day' else value.iso()}T00:00:00Z"


def feed_entries(data: Dataset, lang: Language, publication: Publication) -> list[dict]:
    """Projects and events, most recently updated first."""
    t, code = lang.gettext, lang.code
    entries = [
        {
            "kind": "project",
            "label": t("Project"),
            "title": p.name[code],
            "summary": p.summary[code],
            "updated": p.updated,
            "url": publication.permalink(code, project_url(p.id)),
        }
        for p in data.projects.values()
    ] + [
        {
            "kind": "event",
            "label": t("Event"),
            "title": e.title[code],
            "summary": e.summary[code],
            "updated": e.updated,
            "url": publication.permalink(code, event_url(e.id)),
        }
        for e in data.events_in_order()
    ]
    return sorted(entries, key=lambda e: (e["updated"].key(), e["kind"], e["url"]), reverse=True)


def atom_feed(data: Dataset, lang: Language, publication: Publication) -> bytes:
    t, code = lang.gettext, lang.code
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": code})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "id", publication.permalink(code, FEED))
    sub(feed, "title", t("%(site)s: new and updated records") % {"site": lang.title})
    sub(feed, "updated", _atom_time(data.latest_update()))
    sub(sub(feed, "author"), "name", lang.publisher)
    sub(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=publication.permalink(code, FEED),
    )
    sub(feed, "link", rel="alternate", type="text/html", href=publication.permalink(code, ""))
    for entry in feed_entries(data, lang, publication):
        item = sub(feed, "entry")
        sub(item, "id", entry["url"])
        sub(item, "title", f"{entry['label']}: {entry['title']}")
        sub(item, "updated", _atom_time(entry["updated"]))
        sub(item, "link", rel="alternate", type="text/html", href=entry["url"])
        sub(item, "category", term=entry["kind"], label=entry["label"])
        sub(item, "summary", entry["summary"])
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


# -- the downloads page and data dictionary -------------------------------
def downloads_view(data: Dataset, lang: Language, publication: Publication) -> View:
    t = lang.gettext
    here = PAGES.get("downloads", DOWNLOADS)
    descriptions = {
        "projects": t(
            "Projects and programmes: sector, place, figures, status, partners, events, sources."
        ),
        "events": t(
            "Events since 2019: dates, place, participants, the anchor moment each belongs to."
        ),
        "places": t("Places with coordinates and former names (Nur-Sultan)."),
        "organizations": t("Organizations with names and abbreviations in both languages."),
        "people": t("People named in the briefing and whom they represented."),
        "sources": t("The articles and records every fact is tied to."),
    }
    counts = {key: len(getattr(data, key)) for key in JSON_KINDS}
    return {
        "csv": {"href": relative(here, DOWNLOADS + "projects.csv"), "count": counts["projects"]},
        "json": [
            {
                "name": f"{key}.json",
                "href": relative(here, f"{DOWNLOADS}{key}.json"),
                "schema": relative(here, f"{DOWNLOADS}schemas/{key}.schema.json"),
                "count": counts[key],
                "description": descriptions[key],
            }
            for key in JSON_KINDS
        ],
        "feed": relative(here, FEED),
        "dictionary": relative(here, DICTIONARY),
        "volumes": [
            {
                "title": v.title(t),
                "name": PurePosixPath(v.path(lang.code)).name,
                "href": relative(here, v.path(lang.code)),
                "pages": v.last - v.first + 1,
            }
            for v in sheet_volumes(counts["projects"])
        ],
        "reference": {
            "title": t("Reference: organizations, people and sources"),
            "name": PurePosixPath(REFERENCE_PATH.format(lang=lang.code)).name,
            "href": relative(here, REFERENCE_PATH.format(lang=lang.code)),
        }
        if has_reference_volume(counts["projects"])
        else None,
        "updated": {
            "iso": data.latest_update().iso(),
            "text": format_date(data.latest_update(), lang),
        },
    }


def dictionary_view(lang: Language) -> View:
    t = lang.gettext
    here = DICTIONARY
    field_sets = []
    for data_file in schema.DATA_FILES:
        if data_file.key not in ("projects", "events"):
            continue
        field_sets.append(
            {
                "name": f"{data_file.key}.json",
                "href": relative(here, f"{DOWNLOADS}{data_file.key}.json"),
                "schema": relative(here, f"{DOWNLOADS}schemas/{data_file.schema_filename}"),
                "fields": [
                    {"name": name, "required": f.required, "help": f.help}
                    for name, f in data_file.fields.items()
                ],
            }
        )
    code_lists: list[dict[str, Any]] = [
        {"field": "sector", "title": t("Sector"), "codes": labels.SECTORS},
        {"field": "kind", "title": t("Kind of project"), "codes": labels.PROJECT_KINDS},
        {"field": "status.value", "title": t("Status"), "codes": labels.STATUSES},
        {"field": "amounts[].kind", "title": t("Kind of figure"), "codes": labels.AMOUNT_KINDS},
        {"field": "kind", "title": t("Kind of event"), "codes": labels.EVENT_KINDS},
    ]
    return {
        "csv": {
            "href": relative(here, DOWNLOADS + "projects.csv"),
            "columns": [{"title": t(title), "help": t(help)} for _, title, help in CSV_COLUMNS],
        },
        "json": field_sets,
        "codes": [
            {**c, "codes": [{"code": k, "label": t(v)} for k, v in c["codes"].items()]}
            for c in code_lists
        ],
    }


# -- writing the files ----------------------------------------------------------
def write_open_data(
    data: Dataset, lang: Language, publication: Publication, docs_dir: Path
) -> list[Path]:
    """Write the downloads and the feed of one language into its staged docs folder."""
    written = []

    def put(relative_path: str, content: bytes) -> None:
        target = docs_dir / relative_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)

    for key in JSON_KINDS:
        put(
            f"{DOWNLOADS}{key}.json",
            (json.dumps(data_document(data, key), ensure_ascii=False, indent=1) + "\n").encode(
                "utf-8"
            ),
        )
    for data_file in schema.DATA_FILES:
        put(
            f"{DOWNLOADS}schemas/{data_file.schema_filename}",
            schema_text(data_file, lang.briefing).encode("utf-8"),
        )
    put(f"{DOWNLOADS}projects.csv", projects_csv(data, lang, publication))
    put(FEED, atom_feed(data, lang, publication))
    return written
