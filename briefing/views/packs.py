"""Briefing packs: what each holds.

A pack is the part of the briefing a meeting needs: one anchor moment (its
story, the events of its chapter and the projects they discussed) or one
sector (its projects and the events they link to). The print stage lays them
out (``books/packs.py``); the pages link them (``derive.py``, ``opendata.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.model import Dataset, Event
from briefing.views import labels
from briefing.views.urls import pack_path

MOMENT, SECTOR = "moment", "sector"


@dataclass(frozen=True)
class Pack:
    kind: str  # MOMENT or SECTOR
    id: str  # the anchor event's id or the sector's code
    projects: tuple[str, ...]  # ids, in file order
    events: tuple[str, ...]  # the short timeline's event ids, in timeline order

    def path(self, lang: str) -> str:
        return pack_path(self.kind, self.id, lang)


def chapter_events(data: Dataset, anchor: Event) -> list[Event]:
    """The anchor event and every event of its chapter, in timeline order."""
    return [e for e in data.events_in_order() if (data.chapter_of(e) or e).id == anchor.id]


def moment_pack(data: Dataset, anchor: Event) -> Pack:
    events = chapter_events(data, anchor)
    event_ids = {e.id for e in events}
    projects = [p.id for p in data.projects.values() if event_ids.intersection(p.events)]
    return Pack(MOMENT, anchor.id, tuple(projects), tuple(e.id for e in events))


def sector_pack(data: Dataset, sector: str) -> Pack:
    projects = [p for p in data.projects.values() if p.sector == sector]
    linked = {event_id for p in projects for event_id in p.events}
    events = [e.id for e in data.events_in_order() if e.id in linked]
    return Pack(SECTOR, sector, tuple(p.id for p in projects), tuple(events))


def packs_of(data: Dataset) -> list[Pack]:
    """Every pack: one per anchor moment (timeline order), one per sector that has projects
    (in the order of the sector codes)."""
    used = {p.sector for p in data.projects.values()}
    return [
        *(moment_pack(data, anchor) for anchor in data.anchors()),
        *(sector_pack(data, sector) for sector in labels.SECTORS if sector in used),
    ]


def pack_of_event(data: Dataset, event: Event) -> Pack | None:
    """The pack of the moment whose chapter ``event`` belongs to, if any."""
    anchor = data.chapter_of(event)
    return moment_pack(data, anchor) if anchor else None
