"""Stage 3: turn the dataset into per-language view models.

Everything a template shows is prepared here as plain dicts of display
strings and ready links, so templates only lay out; no formatting or lookup
happens in Jinja.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any, overload

from briefing.inputs.content import ContentPage
from briefing.model import (
    Amount,
    Dataset,
    Event,
    Organization,
    PartialDate,
    Person,
    Place,
    Project,
    Source,
    Text,
)
from briefing.views import labels
from briefing.views.formatting import (
    collation_key,
    format_amount,
    format_date,
    format_date_range,
    format_number,
)
from briefing.views.i18n import Language
from briefing.views.packs import MOMENT, SECTOR
from briefing.views.urls import PAGES, event_url, pack_path, project_url, relative

View = dict[str, Any]


class Views:
    """View models for one language; each method takes the URL of the page it is for."""

    def __init__(self, data: Dataset, lang: Language):
        self.data = data
        self.lang = lang
        self.t = lang.gettext
        self.code = lang.code
        self.other = lang.other

    # -- small pieces -------------------------------------------------
    @overload
    def date(self, value: PartialDate) -> View: ...
    @overload
    def date(self, value: PartialDate | None) -> View | None: ...
    def date(self, value: PartialDate | None) -> View | None:
        if value is None:
            return None
        return {"text": format_date(value, self.lang), "iso": value.iso()}

    def text(self, value: Text | None) -> str:
        return value[self.code] if value is not None else ""

    def collation_key(self, text: str) -> tuple[str, str]:
        """Where ``text`` goes in a list sorted by name in this language."""
        return collation_key(text, self.lang)

    def by_name(self, record: Project | Organization | Person | Place) -> tuple[str, str]:
        """Sort key of a record by its name in this language."""
        return self.collation_key(record.name[self.code])

    def source_ref(self, source_id: str, here: str) -> View:
        source = self.data.sources[source_id]
        return {
            "id": source.id,
            "label": f"{source.outlet[self.code]}, {format_date(source.published, self.lang)}",
            "href": relative(here, f"{PAGES['sources']}#{source.id}"),
        }

    def source_refs(self, source_ids: tuple[str, ...], here: str) -> list[View]:
        """A record's sources as citations ("Newspim, 27 September 2019"), in the record's order."""
        return [self.source_ref(source_id, here) for source_id in source_ids]

    def place_name(self, place_id: str | None, when: PartialDate | None) -> View | None:
        if not place_id:
            return None
        place = self.data.places[place_id]
        then = place.name_on(when)[self.code]
        now = place.name[self.code]
        return {
            "name": then,
            "now": now if now != then else "",
            "region": place.region[self.code],
        }

    def event_place(self, event: Event) -> str:
        """Venue and place as named on the date:
        "Akorda Presidential Palace, Nur-Sultan (now Astana)"."""
        if event.place is None:  # the record says the sources do not report it
            return self.text(event.venue) or self.t("not reported")
        place = self.place_name(event.place, event.start)
        assert place is not None  # every event has a place
        name = place["name"] + (
            f" ({self.t('now %(name)s') % {'name': place['now']}})" if place["now"] else ""
        )
        venue = self.text(event.venue)
        if not venue:
            return f"{name}, {place['region']}"
        return venue if place["name"] in venue else f"{venue}, {name}"

    def organization_ref(self, org_id: str, here: str) -> View:
        org = self.data.organizations[org_id]
        return {
            "name": org.name[self.code],
            "abbr": org.abbreviation.get(self.code, ""),
            "href": relative(here, f"{PAGES['organizations']}#{org.id}"),
        }

    def project_ref(self, project: Project, here: str) -> View:
        return {
            "id": project.id,
            "name": project.name[self.code],
            "href": relative(here, project_url(project.id)),
        }

    def event_ref(self, event: Event, here: str) -> View:
        return {
            "id": event.id,
            "title": event.title[self.code],
            "href": relative(here, event_url(event.id)),
            "date": format_date_range(event.start, event.end, self.lang),
            "iso": event.start.iso(),
            "kind": self.t(labels.EVENT_KINDS[event.kind]),
            "anchor": event.anchor,
        }

    def amount(self, amount: Amount, here: str) -> View:
        return {
            "text": format_amount(amount, self.lang),
            "kind": self.t(labels.AMOUNT_KINDS[amount.kind]),
            "as_of": self.date(amount.as_of),
            "note": self.text(amount.note),
            "source": self.source_ref(amount.source, here),
        }

    def status(self, project: Project, here: str) -> View:
        s = project.status
        return {
            "value": s.value,
            "label": self.t(labels.status_label(project.kind, s.value)),
            "as_of": self.date(s.as_of),
            "note": self.text(s.note),
            "source": self.source_ref(s.source, here),
            "outdated": self.outdated(s.as_of),
        }

    def project_facts(self, project: Project, here: str) -> View:
        """A project's key facts and sources in short, for a printed list of projects:
        status and figures with their dates, place and partners, and where they come from."""
        # the record's sources, then any that only its status or a figure cites
        cited = (*project.sources, project.status.source, *(a.source for a in project.amounts))
        return {
            "status": self.status(project, here),
            "amounts": [self.amount(a, here) for a in project.amounts],
            "location": self.place_name(project.location, project.status.as_of),
            "partners": [self.organization_ref(o, here) for o in project.partners],
            "sources": self.source_refs(tuple(dict.fromkeys(cited)), here),
        }

    def outdated(self, as_of: PartialDate) -> bool:
        """Whether a status is older than briefing.yml allows before the data's latest edit."""
        months = self.lang.briefing.status_outdated_after_months
        latest = self.data.latest_update().last_day()
        total = latest.year * 12 + latest.month - 1 - months
        limit = datetime.date(total // 12, total % 12 + 1, 1)
        return as_of.last_day() < limit

    def location(self, project: Project) -> View:
        """Where a project is: its place as named on the status date, or why there is none."""
        if "location" in project.not_reported:
            return {"name": self.t("not reported"), "missing": "not-reported", "place": None}
        place = self.place_name(project.location, project.status.as_of)
        if place is None:
            return {"name": self.t("no single site"), "missing": "no-site", "place": None}
        return {"name": place["name"], "missing": "", "place": place}

    # -- pages --------------------------------------------------------
    def project(self, project: Project) -> View:
        here = project_url(project.id)
        return {
            "id": project.id,
            "url": here,
            "name": project.name[self.code],
            "name_other": project.name[self.other],
            "sector": self.t(labels.SECTORS[project.sector]),
            "kind": self.t(labels.PROJECT_KINDS[project.kind]),
            "location": self.place_name(project.location, project.status.as_of),
            "where": self.location(project),
            "location_detail": self.text(project.location_detail),
            "amounts": [self.amount(a, here) for a in project.amounts],
            "amounts_not_reported": "amounts" in project.not_reported,
            "status": self.status(project, here),
            "partners": [self.organization_ref(o, here) for o in project.partners],
            "partners_not_reported": "partners" in project.not_reported,
            "not_reported": self.t("not reported"),
            "events": [
                self.event_ref(self.data.events[e], here)
                for e in sorted(project.events, key=lambda e: self.data.events[e].day_key())
            ],
            "summary": project.summary[self.code],
            "sources": [self.source_entry(self.data.sources[s], here) for s in project.sources],
            "updated": self.date(project.updated),
        }

    def event(self, event: Event, narrative: ContentPage | None = None) -> View:
        """The event's page; its sources are the record's and those ``narrative`` cites."""
        here = event_url(event.id)
        parent = self.data.events.get(event.parent) if event.parent else None
        chapter = self.data.chapter_of(event)
        participants = []
        for p in event.participants:
            if p.person:
                person = self.data.people[p.person]
                participants.append(
                    {
                        "name": person.name[self.code],
                        "name_other": person.name[self.other],
                        "role": self.text(p.role),
                        "href": relative(here, f"{PAGES['organizations']}#{person.id}"),
                    }
                )
            else:
                assert p.organization is not None  # validate.py: a person or an organization
                ref = self.organization_ref(p.organization, here)
                participants.append(
                    {"name": ref["name"], "name_other": "", "role": "", "href": ref["href"]}
                )
        return {
            "id": event.id,
            "url": here,
            "title": event.title[self.code],
            "title_other": event.title[self.other],
            "kind": self.t(labels.EVENT_KINDS[event.kind]),
            "date": format_date_range(event.start, event.end, self.lang),
            "iso": event.start.iso(),
            "place": self.event_place(event),
            "place_not_reported": "place" in event.not_reported and event.venue is None,
            "summary": event.summary[self.code],
            "participants": participants,
            "parent": self.event_ref(parent, here) if parent else None,
            "chapter": self.event_ref(chapter, here)
            if chapter and chapter.id != event.id and (not parent or parent.id != chapter.id)
            else None,
            "children": [self.event_ref(c, here) for c in self.data.children_of(event.id)],
            "projects": [self.project_ref(p, here) for p in self.data.projects_of_event(event.id)],
            "sources": [
                self.source_entry(self.data.sources[s], here)
                for s in dict.fromkeys(
                    [*event.sources, *(narrative.cited_sources() if narrative else [])]
                )
                if s in self.data.sources  # the checker reports any other
            ],
            "updated": self.date(event.updated),
            # the briefing pack of the moment this event belongs to (PDF, the print stage's)
            "pack": {
                "href": relative(here, pack_path(MOMENT, chapter.id, self.code)),
                "title": chapter.title[self.code],
            }
            if chapter
            else None,
        }

    def source_entry(self, source: Source, here: str) -> View:
        return {
            "id": source.id,
            "href": relative(here, f"{PAGES['sources']}#{source.id}"),
            "outlet": source.outlet[self.code],
            "title": source.title,
            "title_lang": source.language,
            "title_translated": self.text(source.title_translated)
            if source.language != self.code
            else "",
            "byline": self.text(source.byline),
            "published": self.date(source.published),
            "kind": self.t(labels.SOURCE_KINDS[source.kind]),
            "url": source.url or "",
            "note": self.text(source.note),
        }

    def timeline(self) -> View:
        here = PAGES["timeline"]
        chapters: dict[str, list] = defaultdict(list)
        loose = []
        for event in self.data.events_in_order():
            if event.parent:
                continue  # shown nested under its parent
            entry = {
                **self.event_ref(event, here),
                "children": [
                    {**self.event_ref(c, here), "sources": self.source_refs(c.sources, here)}
                    for c in self.data.children_of(event.id)
                ],
                "sources": self.source_refs(event.sources, here),
            }
            entry["summary"] = event.summary[self.code]
            chapter = self.data.chapter_of(event)
            if chapter is None:
                loose.append(entry)
            else:
                chapters[chapter.id].append(entry)
        return {
            "chapters": [
                {"anchor": self.event_ref(anchor, here), "events": chapters[anchor.id]}
                for anchor in self.data.anchors()
            ],
            "other": loose,
        }

    def projects_index(self) -> View:
        here = PAGES["projects"]
        rows = []
        for project in sorted(self.data.projects.values(), key=self.by_name):
            first = project.amounts[0] if project.amounts else None
            status = self.status(project, here)
            rows.append(
                {
                    **self.project_ref(project, here),
                    "sector": project.sector,
                    "sector_label": self.t(labels.SECTORS[project.sector]),
                    "status": project.status.value,
                    "status_label": status["label"],
                    "status_as_of": status["as_of"],
                    "status_outdated": status["outdated"],
                    "location": self.location(project),
                    "amount": format_amount(first, self.lang) if first else "",
                    "amount_kind": self.t(labels.AMOUNT_KINDS[first.kind]) if first else "",
                    "amount_missing": self.t("not reported")
                    if "amounts" in project.not_reported
                    else "",
                    "amount_sort": first.value if first and first.currency == "USD" else "",
                    "events": " ".join(project.events),
                    "facts": self.project_facts(project, here),
                    "first_event": min(
                        (self.data.events[e].start.iso() for e in project.events), default=""
                    ),
                }
            )
        used_sectors = sorted(
            {p.sector for p in self.data.projects.values()},
            key=lambda s: self.collation_key(self.t(labels.SECTORS[s])),
        )
        used_statuses = [
            s
            for s in labels.STATUSES
            if any(p.status.value == s for p in self.data.projects.values())
        ]
        return {
            "rows": rows,
            "sectors": [
                {
                    "value": s,
                    "label": self.t(labels.SECTORS[s]),
                    # the sector's briefing pack (PDF), written by the print stage
                    "pack": relative(PAGES["projects"], pack_path(SECTOR, s, self.code)),
                }
                for s in used_sectors
            ],
            "statuses": [{"value": s, "label": self.status_filter_label(s)} for s in used_statuses],
            "events": [
                {"value": e.id, "label": e.title[self.code]}
                for e in self.data.events_in_order()
                if self.data.projects_of_event(e.id)
            ],
        }

    def status_filter_label(self, status: str) -> str:
        """A status as the projects it covers call it: "Operating / In effect" when kinds differ."""
        names = dict.fromkeys(
            self.t(labels.status_label(p.kind, status))
            for p in sorted(self.data.projects.values(), key=lambda p: p.kind)
            if p.status.value == status
        )
        return " / ".join(names)

    def organizations(self) -> View:
        here = PAGES["organizations"]
        orgs = []
        for org in sorted(
            # by country, those of no known country last
            self.data.organizations.values(),
            key=lambda o: (o.country is None, o.country or "", self.by_name(o)),
        ):
            orgs.append(
                {
                    "id": org.id,
                    "name": org.name[self.code],
                    "name_other": org.name[self.other],
                    "abbr": org.abbreviation.get(self.code, ""),
                    "abbr_other": org.abbreviation.get(self.other, "")
                    if org.abbreviation.get(self.other) != org.abbreviation.get(self.code)
                    else "",
                    "country": self.lang.country_name(org.country) if org.country else "",
                    "kind": self.t(labels.ORGANIZATION_KINDS[org.kind]),
                    "description": self.text(org.description),
                    "sources": self.source_refs(org.sources, here),
                    "projects": [
                        self.project_ref(p, here) for p in self.data.projects_with_partner(org.id)
                    ],
                }
            )
        people = []
        for person in sorted(self.data.people.values(), key=self.by_name):
            roles = [
                {"role": self.text(part.role), "event": self.event_ref(event, here)}
                for event, part in self.data.roles_of(person.id)
            ]
            people.append(
                {
                    "id": person.id,
                    "name": person.name[self.code],
                    "name_other": person.name[self.other],
                    "country": self.lang.country_name(person.country) if person.country else "",
                    "organization": self.organization_ref(person.organization, here)
                    if person.organization
                    else None,
                    "roles": roles,
                    "sources": self.source_refs(person.sources, here),
                }
            )
        return {"organizations": orgs, "people": people}

    def sources(self) -> View:
        here = PAGES["sources"]
        entries = []
        for source in sorted(
            self.data.sources.values(),
            key=lambda s: (s.published.year, s.published.month or 0, s.published.day or 0, s.id),
        ):
            cited_by = [self.project_ref(p, here) for p in self.data.projects_citing(source.id)]
            cited_by += [
                {"id": e.id, "name": e.title[self.code], "href": relative(here, event_url(e.id))}
                for e in self.data.events_citing(source.id)
            ]
            entries.append({**self.source_entry(source, here), "cited_by": cited_by})
        return {"sources": entries}

    def key_figures(self) -> list[View]:
        """What the briefing holds, counted, and the figures the data declares headlines.

        No figure here is a sum made by the briefing: figures of different records may
        overlap or count the same money twice (the 2019 package and its projects).
        """
        here = PAGES["home"]
        t = self.t
        counts = (
            (len(self.data.projects), t("projects and programmes")),
            (
                len(self.data.events),
                t("events since %(year)s") % {"year": self.lang.briefing.since},
            ),
            (len(self.data.organizations), t("organizations named")),
        )
        figures = [
            {
                "headline": False,
                "value": format_number(count, self.lang),
                "label": label,
                "kind": t("count of records"),
                "note": "",
                "as_of": None,
                "source": None,
                "record": None,
            }
            for count, label in counts
        ]
        headlines = []
        for project, amount in self.headline_amounts():
            headlines.append(
                {
                    "headline": True,
                    "value": format_amount(amount, self.lang),
                    "label": project.name[self.code],
                    "note": self.text(amount.note),
                    "kind": t(labels.AMOUNT_KINDS[amount.kind]),
                    "as_of": self.date(amount.as_of),
                    "source": self.source_ref(amount.source, here),
                    "record": self.project_ref(project, here),
                }
            )
        return headlines + figures

    def headline_amounts(self) -> list[tuple[Project, Amount]]:
        """The figures the data marks ``headline: true``, by date."""
        found = [
            (project, amount)
            for project in self.data.projects.values()
            for amount in project.amounts
            if amount.headline
        ]
        return sorted(found, key=lambda pa: (pa[1].as_of.key(), pa[0].id))

    def lead(self) -> str:
        """One line saying what a reader gets here, from the data and briefing.yml."""
        return self.lang.ngettext(
            "%(count)s project or programme of %(subject)s since %(year)s, each with its figures "
            "as reported, its status with the date it refers to, and its sources.",
            "%(count)s projects and programmes of %(subject)s since %(year)s, each with its "
            "figures as reported, its status with the date it refers to, and its sources.",
            len(self.data.projects),
        ) % {
            "count": format_number(len(self.data.projects), self.lang),
            "subject": self.lang.subject,
            "year": self.lang.briefing.since,
        }

    def home(self) -> View:
        here = PAGES["home"]
        return {
            "lead": self.lead(),
            "figures": self.key_figures(),
            "anchors": [
                {
                    **self.event_ref(e, here),
                    "summary": e.summary[self.code],
                    "sources": self.source_refs(e.sources, here),
                    "projects": len(self.data.projects_of_event(e.id)),
                }
                for e in self.data.anchors()
            ],
            "latest": self.date(self.data.latest_update()),
        }
