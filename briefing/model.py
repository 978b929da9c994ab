"""The briefing's records as plain Python objects.

Built only from data that passed validation, so constructors trust shapes.
Every language lives in one record (``Text``); dates may be partial.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# Written in place of a place, partners or figures the sources do not report: readers are told
# so ("not reported") instead of seeing an empty cell or a guess.
NOT_REPORTED = "not-reported"


@dataclass(frozen=True)
class PartialDate:
    """A date whose month or day may be unknown (``2019-05``, ``2023``)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        parts = [int(p) for p in str(text).split("-")]
        return cls(*parts)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        if self.day:
            return self.first_day()
        if self.month:
            nxt = datetime.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return nxt - datetime.timedelta(days=1)
        return datetime.date(self.year, 12, 31)

    def key(self) -> tuple[int, int, int]:
        """Sort key: a month or year alone sorts before its first day."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.key() < other.key()

    def iso(self) -> str:
        return "-".join(
            f"{p:02d}" if i else str(p)
            for i, p in enumerate(x for x in (self.year, self.month, self.day) if x)
        )

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Text:
    """A text in every language of the briefing (language code -> text)."""

    texts: tuple[tuple[str, str], ...]

    def __getitem__(self, lang: str) -> str:
        for code, text in self.texts:
            if code == lang:
                return text
        raise KeyError(lang)

    def values(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.texts)

    def as_dict(self) -> dict[str, str]:
        return dict(self.texts)

    @classmethod
    def required(cls, raw: dict) -> Text:
        """A text the schema requires: it has an entry per language, so it is never empty."""
        return cls(tuple((str(code), str(text)) for code, text in raw.items()))

    @classmethod
    def of(cls, raw: dict | None) -> Text | None:
        return cls.required(raw) if raw else None


@dataclass(frozen=True)
class Aliases:
    """Other names readers may search for, per language."""

    names: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def of(cls, raw: dict | None) -> Aliases:
        return cls(tuple((str(code), tuple(names)) for code, names in (raw or {}).items()))

    def get(self, lang: str) -> tuple[str, ...]:
        return next((names for code, names in self.names if code == lang), ())

    def all(self) -> tuple[str, ...]:
        return tuple(name for _, names in self.names for name in names)


@dataclass(frozen=True)
class Amount:
    value: float
    kind: str
    as_of: PartialDate
    source: str
    currency: str | None = None
    unit: str | None = None
    value_max: float | None = None
    approx: str | None = None
    headline: bool = False  # the source's own headline figure: shown among the key figures
    note: Text | None = None

    @classmethod
    def of(cls, raw: dict) -> Amount:
        return cls(
            value=raw["value"],
            kind=raw["kind"],
            as_of=PartialDate.parse(raw["as_of"]),
            source=raw["source"],
            currency=raw.get("currency"),
            unit=raw.get("unit"),
            value_max=raw.get("value_max"),
            approx=raw.get("approx"),
            headline=bool(raw.get("headline")),
            note=Text.of(raw.get("note")),
        )


@dataclass(frozen=True)
class Status:
    value: str
    as_of: PartialDate
    source: str
    note: Text | None = None

    @classmethod
    def of(cls, raw: dict) -> Status:
        return cls(
            raw["value"], PartialDate.parse(raw["as_of"]), raw["source"], Text.of(raw.get("note"))
        )


def _not_reported(raw: dict, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The keys of ``raw`` that hold the not-reported marker."""
    return tuple(key for key in keys if raw.get(key) == NOT_REPORTED)


def _reported(raw: dict, key: str) -> Any:
    """The value of ``key``, None when it is absent or marked not reported."""
    value = raw.get(key)
    return None if value == NOT_REPORTED else value


@dataclass(frozen=True)
class Project:
    id: str
    name: Text
    sector: str
    kind: str
    status: Status
    summary: Text
    sources: tuple[str, ...]
    updated: PartialDate
    location: str | None = None
    location_detail: Text | None = None
    amounts: tuple[Amount, ...] = ()
    partners: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    aliases: Aliases = field(default_factory=Aliases)
    # fields the record marks as not reported by its sources ("location", "partners", "amounts")
    not_reported: tuple[str, ...] = ()

    @classmethod
    def of(cls, raw: dict) -> Project:
        return cls(
            id=raw["id"],
            name=Text.required(raw["name"]),
            sector=raw["sector"],
            kind=raw["kind"],
            status=Status.of(raw["status"]),
            summary=Text.required(raw["summary"]),
            sources=tuple(raw["sources"]),
            updated=PartialDate.parse(raw["updated"]),
            location=_reported(raw, "location"),
            location_detail=Text.of(raw.get("location_detail")),
            amounts=tuple(Amount.of(a) for a in _reported(raw, "amounts") or ()),
            partners=tuple(_reported(raw, "partners") or ()),
            events=tuple(raw.get("events") or ()),
            aliases=Aliases.of(raw.get("aliases")),
            not_reported=_not_reported(raw, ("location", "amounts", "partners")),
        )


@dataclass(frozen=True)
class Participant:
    person: str | None = None
    organization: str | None = None
    role: Text | None = None

    @classmethod
    def of(cls, raw: dict) -> Participant:
        return cls(raw.get("person"), raw.get("organization"), Text.of(raw.get("role")))


@dataclass(frozen=True)
class Event:
    id: str
    title: Text
    kind: str
    start: PartialDate
    place: str | None  # None when the record marks it not reported
    summary: Text
    sources: tuple[str, ...]
    updated: PartialDate
    end: PartialDate | None = None
    order: int | None = None  # among the events of the same day, 1 first
    venue: Text | None = None
    anchor: bool = False
    chapter: str | None = None
    parent: str | None = None
    participants: tuple[Participant, ...] = ()
    not_reported: tuple[str, ...] = ()  # "place" when the sources do not say where

    @classmethod
    def of(cls, raw: dict) -> Event:
        return cls(
            id=raw["id"],
            title=Text.required(raw["title"]),
            kind=raw["kind"],
            start=PartialDate.parse(raw["start"]),
            place=_reported(raw, "place"),
            summary=Text.required(raw["summary"]),
            sources=tuple(raw["sources"]),
            updated=PartialDate.parse(raw["updated"]),
            end=PartialDate.parse(raw["end"]) if raw.get("end") else None,
            order=raw.get("order"),
            venue=Text.of(raw.get("venue")),
            anchor=bool(raw.get("anchor")),
            chapter=raw.get("chapter"),
            parent=raw.get("parent"),
            participants=tuple(Participant.of(p) for p in raw.get("participants") or ()),
            not_reported=_not_reported(raw, ("place",)),
        )

    def day_key(self) -> tuple[tuple[int, int, int], float, str]:
        """Timeline order: by date; within a day by ``order`` (unordered ones last), then id."""
        return (self.start.key(), self.order if self.order is not None else math.inf, self.id)


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    outlet: Text
    title: str
    published: PartialDate
    language: str
    updated: PartialDate
    title_translated: Text | None = None
    byline: Text | None = None
    url: str | None = None
    no_public_address: bool | None = None  # true when readers have no address to follow
    note: Text | None = None

    @classmethod
    def of(cls, raw: dict) -> Source:
        return cls(
            id=raw["id"],
            kind=raw["kind"],
            outlet=Text.required(raw["outlet"]),
            title=raw["title"],
            published=PartialDate.parse(raw["published"]),
            language=raw["language"],
            updated=PartialDate.parse(raw["updated"]),
            title_translated=Text.of(raw.get("title_translated")),
            byline=Text.of(raw.get("byline")),
            url=raw.get("url"),
            no_public_address=raw.get("no_public_address"),
            note=Text.of(raw.get("note")),
        )


@dataclass(frozen=True)
class Organization:
    id: str
    name: Text
    kind: str
    sources: tuple[str, ...]
    updated: PartialDate
    country: str | None = None  # when a cited source says so
    abbreviation: dict[str, str] = field(default_factory=dict)
    description: Text | None = None
    aliases: Aliases = field(default_factory=Aliases)

    @classmethod
    def of(cls, raw: dict) -> Organization:
        return cls(
            id=raw["id"],
            name=Text.required(raw["name"]),
            country=raw.get("country"),
            kind=raw["kind"],
            sources=tuple(raw["sources"]),
            updated=PartialDate.parse(raw["updated"]),
            abbreviation=dict(raw.get("abbreviation") or {}),
            description=Text.of(raw.get("description")),
            aliases=Aliases.of(raw.get("aliases")),
        )


@dataclass(frozen=True)
class Person:
    id: str
    name: Text
    sources: tuple[str, ...]
    updated: PartialDate
    organization: str | None = None
    country: str | None = None  # the side the person was on, when a source says so

    @classmethod
    def of(cls, raw: dict) -> Person:
        return cls(
            id=raw["id"],
            name=Text.required(raw["name"]),
            country=raw.get("country"),
            sources=tuple(raw["sources"]),
            updated=PartialDate.parse(raw["updated"]),
            organization=raw.get("organization"),
        )


@dataclass(frozen=True)
class PlaceName:
    name: Text
    start: PartialDate | None
    until: PartialDate | None

    @classmethod
    def of(cls, raw: dict) -> PlaceName:
        return cls(
            Text.required(raw["name"]),
            PartialDate.parse(raw["from"]) if raw.get("from") else None,
            PartialDate.parse(raw["until"]) if raw.get("until") else None,
        )


@dataclass(frozen=True)
class Place:
    id: str
    name: Text
    region: Text
    country: str
    coordinates: tuple[float, float]
    updated: PartialDate
    former_names: tuple[PlaceName, ...] = ()
    aliases: Aliases = field(default_factory=Aliases)

    @classmethod
    def of(cls, raw: dict) -> Place:
        return cls(
            id=raw["id"],
            name=Text.required(raw["name"]),
            region=Text.required(raw["region"]),
            country=raw["country"],
            coordinates=tuple(raw["coordinates"]),
            updated=PartialDate.parse(raw["updated"]),
            former_names=tuple(PlaceName.of(n) for n in raw.get("former_names") or ()),
            aliases=Aliases.of(raw.get("aliases")),
        )

    def name_on(self, when: PartialDate | None) -> Text:
        """The place's name as it was on a date (Nur-Sultan in 2019–2022)."""
        if when is not None:
            day = when.first_day()
            for former in self.former_names:
                starts = former.start.first_day() if former.start else datetime.date.min
                ends = former.until.last_day() if former.until else datetime.date.max
                if starts <= day <= ends:
                    return former.name
        return self.name


@dataclass
class Dataset:
    """Every record, by kind and id, in file order."""

    projects: dict[str, Project]
    events: dict[str, Event]
    sources: dict[str, Source]
    organizations: dict[str, Organization]
    people: dict[str, Person]
    places: dict[str, Place]
    # (data file key, record id) -> the data file as shown in messages and the line its record
    # starts on: pages link readers to the record's source to suggest a correction
    written_at: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    # Every page asks for the timeline order, the child events or the projects of an event; the
    # records never change once loaded, so each is worked out once.
    @cached_property
    def _ordered_events(self) -> tuple[Event, ...]:
        return tuple(sorted(self.events.values(), key=Event.day_key))

    @cached_property
    def _children(self) -> dict[str, tuple[Event, ...]]:
        return _index(
            (event, (event.parent,) if event.parent else ()) for event in self._ordered_events
        )

    @cached_property
    def _projects_by_event(self) -> dict[str, tuple[Project, ...]]:
        return _index((project, project.events) for project in self.projects.values())

    # The glossary and the sources page list, for each organization, person and
    # source, the records that name it: scanning every record for each of them
    # was quadratic in the number of records.
    @cached_property
    def _projects_by_partner(self) -> dict[str, tuple[Project, ...]]:
        return _index((project, project.partners) for project in self.projects.values())

    @cached_property
    def _projects_by_source(self) -> dict[str, tuple[Project, ...]]:
        return _index((project, project.sources) for project in self.projects.values())

    @cached_property
    def _events_by_source(self) -> dict[str, tuple[Event, ...]]:
        return _index((event, event.sources) for event in self._ordered_events)

    @cached_property
    def _roles_by_person(self) -> dict[str, tuple[tuple[Event, Participant], ...]]:
        roles: dict[str, list[tuple[Event, Participant]]] = {}
        for event in self._ordered_events:
            for part in event.participants:
                if part.person:
                    roles.setdefault(part.person, []).append((event, part))
        return {person: tuple(found) for person, found in roles.items()}

    def events_in_order(self) -> list[Event]:
        return list(self._ordered_events)

    def projects_with_partner(self, organization_id: str) -> list[Project]:
        """Projects naming the organization among their partners, in file order."""
        return list(self._projects_by_partner.get(organization_id, ()))

    def projects_citing(self, source_id: str) -> list[Project]:
        """Projects citing the source, in file order."""
        return list(self._projects_by_source.get(source_id, ()))

    def events_citing(self, source_id: str) -> list[Event]:
        """Events citing the source, in timeline order."""
        return list(self._events_by_source.get(source_id, ()))

    def roles_of(self, person_id: str) -> list[tuple[Event, Participant]]:
        """Each time the person takes part in an event, in timeline order."""
        return list(self._roles_by_person.get(person_id, ()))

    def projects_of_event(self, event_id: str) -> list[Project]:
        return list(self._projects_by_event.get(event_id, ()))

    def children_of(self, event_id: str) -> list[Event]:
        return list(self._children.get(event_id, ()))

    def chapter_of(self, event: Event) -> Event | None:
        """The anchor event whose part of the timeline ``event`` belongs to."""
        seen = set()
        while event.id not in seen:
            seen.add(event.id)
            if event.anchor:
                return event
            nxt = event.chapter or event.parent
            if not nxt:
                return None
            event = self.events[nxt]
        return None

    def anchors(self) -> list[Event]:
        return [e for e in self.events_in_order() if e.anchor]

    def latest_update(self) -> PartialDate:
        dates = [
            r.updated
            for kind in (
                self.projects,
                self.events,
                self.sources,
                self.organizations,
                self.people,
                self.places,
            )
            for r in kind.values()
        ]
        return max(dates, key=PartialDate.key) if dates else PartialDate(1970, 1, 1)


def _index(records: Iterable[tuple[Any, tuple[str, ...]]]) -> dict[str, tuple[Any, ...]]:
    """Each id to the records that name it, in the order given,
    each record once however often it names the id."""
    index: dict[str, list[Any]] = {}
    for record, ids in records:
        for named in dict.fromkeys(ids):
            index.setdefault(named, []).append(record)
    return {named: tuple(found) for named, found in index.items()}


RECORD_TYPES: dict[str, Any] = {
    "project": Project,
    "event": Event,
    "source": Source,
    "organization": Organization,
    "person": Person,
    "place": Place,
}
