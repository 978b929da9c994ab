"""Pictures drawn at build time: the visual timeline, the map of project sites, the charts.

Python computes every coordinate and label here; the partials in
``theme/pages/_*.md`` only lay the numbers out as SVG and HTML. Each visual
comes with a text or table alternative built from the same view, and every
mark that stands for a record is a link to that record's page.
"""

from __future__ import annotations

import datetime
import json
import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from briefing.config import Briefing
from briefing.inputs.input_files import input_problem
from briefing.model import Amount, Dataset, Event, PartialDate, Project
from briefing.views import labels
from briefing.views.derive import View, Views
from briefing.views.formatting import format_amount, format_date, format_number
from briefing.views.i18n import Language


def text_width(text: str, size: float) -> float:
    """Rough width of a label in SVG units: Hangul and other wide glyphs are about one em."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return (wide * 0.95 + (len(text) - wide) * 0.56) * size


@dataclass(frozen=True)
class Box:
    x1: float
    y1: float
    x2: float
    y2: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x1 < other.x2 and other.x1 < self.x2 and self.y1 < other.y2 and other.y1 < self.y2
        )

    def inside(self, width: float, height: float) -> bool:
        return self.x1 >= 0 and self.y1 >= 0 and self.x2 <= width and self.y2 <= height


# -- the country outline --------------------------------------------------
@dataclass(frozen=True)
class Outline:
    """A country's outline as rings of (longitude, latitude)."""

    rings: tuple[tuple[tuple[float, float], ...], ...]

    @classmethod
    def read(cls, path: Path) -> Outline:
        feature = json.loads(path.read_text(encoding="utf-8"))
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        return cls(
            tuple(
                tuple((float(x), float(y)) for x, y in ring)
                for polygon in polygons
                for ring in polygon
            )
        )

    def bounds(self) -> tuple[float, float, float, float]:
        xs = [x for ring in self.rings for x, _ in ring]
        ys = [y for ring in self.rings for _, y in ring]
        return min(xs), min(ys), max(xs), max(ys)


def read_outline(root: Path, briefing: Briefing) -> Outline | None:
    """The region's outline named in briefing.yml, if it is a regular file in the project
    (``check`` reports a link, device or pipe)."""
    path = root / briefing.region.outline
    return Outline.read(path) if input_problem(path, root) is None else None


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection with the standard parallel in the middle of the map.

    Scaling longitude by the cosine of the middle latitude keeps a region of a
    country's size close to true without any projection library.
    """

    west: float
    south: float
    east: float
    north: float
    width: float
    margin: float = 16

    @property
    def aspect(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        return (self.width - 2 * self.margin) / ((self.east - self.west) * self.aspect)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale + 2 * self.margin

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round(self.margin + (lon - self.west) * self.aspect * self.scale, 1),
            round(self.margin + (self.north - lat) * self.scale, 1),
        )

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def outline_path(outline: Outline, projection: Projection) -> str:
    """SVG path data for every ring of the outline."""
    parts = []
    for ring in outline.rings:
        points = [projection.point(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


# -- the views --------------------------------------------------------------
class Visuals:
    """View models of the pictures for one language."""

    MAP_WIDTH = 800
    MAP_LABEL_SIZE = 17
    MAP_LABEL_SIZE_NARROW = 30  # labels grow on phones (see visuals.css); placement allows for it
    TIMELINE_WIDTH = 800
    TIMELINE_LABEL_SIZE = 15
    TIMELINE_LABEL_SIZE_NARROW = 26

    def __init__(self, data: Dataset, lang: Language, outline: Outline | None):
        self.data = data
        self.lang = lang
        self.t = lang.gettext
        self.code = lang.code
        self.views = Views(data, lang)
        self.outline = outline

    # -- timeline ----------------------------------------------------------
    def timeline(self, here: str) -> View:
        """An axis from January 2019 (or the first event) to the data's as-of date,
        one dot per event."""
        events = self.data.events_in_order()
        if not events:
            return {}
        first = min(e.start.first_day() for e in events)
        start = datetime.date(first.year, 1, 1)
        end = max(self.data.latest_update().last_day(), max(e.start.first_day() for e in events))
        width, left, right = self.TIMELINE_WIDTH, 24, 24
        axis_y = 190
        span = (end - start).days or 1

        def x_of(day: datetime.date) -> float:
            return round(left + (day - start).days / span * (width - left - right), 1)

        years = [
            {
                "x": x_of(datetime.date(year, 1, 1)),
                "label": format_date(PartialDate(year), self.lang),
                "iso": str(year),
            }
            for year in range(start.year, end.year + 1)
        ]
        dots = []
        taken: dict[int, list[float]] = {}  # level -> x of the dots already placed on it
        for event in events:
            if event.parent:
                continue
            x = x_of(event.start.first_day())
            radius = 11 if event.anchor else 7
            level = 0
            while any(abs(px - x) < 16 for px in taken.get(level, ())):
                level += 1
            taken.setdefault(level, []).append(x)
            dots.append(self._timeline_dot(event, here, x, axis_y - level * 18, radius))
            for i, child in enumerate(self.data.children_of(event.id), start=1):
                dots.append(
                    self._timeline_dot(
                        child, here, x, axis_y - (level * 18) - 6 - i * 15, 5, child=True
                    )
                )
        captions = {
            c["id"]: c
            for c in self._timeline_labels(
                [d for d in dots if d["anchor"] and not d["child"]], width
            )
        }
        dots = [captions.get(d["id"], {**d, "caption": False}) for d in dots]
        return {
            "width": width,
            "height": axis_y + 44,
            "axis": {"x1": left, "x2": width - right, "y": axis_y},
            "years": years,
            "dots": dots,
            "start": {
                "iso": start.isoformat(),
                "text": format_date(PartialDate(start.year), self.lang),
            },
            "end": {
                "iso": end.isoformat(),
                "text": format_date(PartialDate(end.year, end.month, end.day), self.lang),
                "x": x_of(end),
            },
            "entries": self.timeline_items(here),
        }

    def _timeline_dot(
        self, event: Event, here: str, x: float, y: float, radius: float, child: bool = False
    ) -> View:
        ref = self.views.event_ref(event, here)
        return {
            **ref,
            "x": x,
            "y": round(y, 1),
            "r": radius,
            "child": child,
            "label": f"{ref['date']}: {ref['title']}",
        }

    def _timeline_labels(self, anchors: list[View], width: float) -> list[View]:
        """Date and title above each anchor dot, on rows that do not overlap."""
        size = self.TIMELINE_LABEL_SIZE
        rows: list[list[Box]] = []
        out = []
        for dot in anchors:
            text_w = max(
                text_width(dot["title"], size),
                text_width(dot["date"], self.TIMELINE_LABEL_SIZE_NARROW),
            )
            if dot["x"] < width / 3:
                align, x1 = "start", dot["x"] - 8
            elif dot["x"] > width * 2 / 3:
                align, x1 = "end", dot["x"] + 8 - text_w
            else:
                align, x1 = "middle", dot["x"] - text_w / 2
            x1 = min(max(x1, 0), width - text_w)
            box = Box(x1, 0, x1 + text_w, 1)
            row = next(
                (i for i, boxes in enumerate(rows) if not any(box.overlaps(b) for b in boxes)),
                len(rows),
            )
            if row == len(rows):
                rows.append([])
            rows[row].append(box)
            text_x = {"start": x1, "end": x1 + text_w, "middle": x1 + text_w / 2}[align]
            y = 34 + row * 58
            out.append(
                {
                    **dot,
                    "caption": True,
                    "align": align,
                    "tx": round(text_x, 1),
                    "ty": y,
                    "ty2": y + 22,
                    "line_y": y + 30,
                }
            )
        return out

    def timeline_items(self, here: str) -> list[View]:
        """The timeline as a nested list: top-level events in date order, sub-events inside."""
        items = []
        for event in self.data.events_in_order():
            if event.parent:
                continue
            items.append(
                {
                    **self.views.event_ref(event, here),
                    "children": [
                        self.views.event_ref(c, here) for c in self.data.children_of(event.id)
                    ],
                }
            )
        return items

    # -- map ---------------------------------------------------------------
    def map(self, here: str) -> View:
        """The briefing's region with a marker per project site;
        places abroad and projects without a site listed beside it."""
        if self.outline is None:
            return {}
        west, south, east, north = self.outline.bounds()
        projection = Projection(west - 0.6, south - 0.6, east + 0.6, north + 0.6, self.MAP_WIDTH)
        by_place: dict[str, list[Project]] = defaultdict(list)
        unplaced, unreported = [], []
        for project in self.data.projects.values():
            if project.location:
                by_place[project.location].append(project)
            elif "location" in project.not_reported:
                unreported.append(project)
            else:
                unplaced.append(project)
        markers, abroad = [], []
        for place_id, projects in by_place.items():
            place = self.data.places[place_id]
            lat, lon = place.coordinates
            entry = self._place_entry(place_id, projects, here)
            if place.country == self.lang.briefing.region.country and projection.contains(lon, lat):
                x, y = projection.point(lon, lat)
                markers.append(
                    {**entry, "x": x, "y": y, "x0": x, "y0": y, "r": 12 if len(projects) > 1 else 8}
                )
            else:
                abroad.append({**entry, "country": self.lang.country_name(place.country)})
        markers.sort(key=lambda m: (m["y"], m["x"]))
        _separate(markers)
        self._place_map_labels(markers, projection)
        return {
            "region": self.lang.briefing.region.name[self.code],
            "width": self.MAP_WIDTH,
            "height": round(projection.height, 1),
            "outline": outline_path(self.outline, projection),
            "markers": markers,
            "rows": sorted(markers, key=lambda m: self.views.collation_key(m["name"]))
            + sorted(abroad, key=lambda m: self.views.collation_key(m["name"])),
            "abroad": abroad,
            "unplaced": {
                "count": format_number(len(unplaced), self.lang),
                "projects": [
                    self.views.project_ref(p, here)
                    for p in sorted(unplaced, key=self.views.by_name)
                ],
            },
            "unreported": {
                "count": format_number(len(unreported), self.lang),
                "projects": [
                    self.views.project_ref(p, here)
                    for p in sorted(unreported, key=lambda p: p.name[self.code])
                ],
            },
        }

    def _place_entry(self, place_id: str, projects: list[Project], here: str) -> View:
        place = self.data.places[place_id]
        refs = [self.views.project_ref(p, here) for p in sorted(projects, key=self.views.by_name)]
        anchor = f"map-{place_id}"
        count = self.lang.ngettext("{count} project", "{count} projects", len(projects)).format(
            count=format_number(len(projects), self.lang)
        )
        return {
            "id": place_id,
            "anchor": anchor,
            "name": place.name[self.code],
            "region": place.region[self.code],
            "count": len(projects),
            "count_text": count,
            # one project: straight to its page; several: to the list of them under the map
            "href": refs[0]["href"] if len(refs) == 1 else f"#{anchor}",
            "projects": refs,
            "label": f"{place.name[self.code]}: " + (refs[0]["name"] if len(refs) == 1 else count),
        }

    def _place_map_labels(self, markers: list[View], projection: Projection) -> None:
        """Put each place name beside its marker where it collides with no other marker or name."""
        size = self.MAP_LABEL_SIZE_NARROW
        width, height = projection.width, projection.height
        taken = [
            Box(m["x"] - m["r"], m["y"] - m["r"], m["x"] + m["r"], m["y"] + m["r"]) for m in markers
        ]
        for m in markers:
            w, gap = text_width(m["name"], size), m["r"] + 4
            candidates = [
                (
                    "start",
                    m["x"] + gap,
                    m["y"],
                    Box(m["x"] + gap, m["y"] - size / 2, m["x"] + gap + w, m["y"] + size / 2),
                ),
                (
                    "end",
                    m["x"] - gap,
                    m["y"],
                    Box(m["x"] - gap - w, m["y"] - size / 2, m["x"] - gap, m["y"] + size / 2),
                ),
                (
                    "middle",
                    m["x"],
                    m["y"] - gap - size / 2,
                    Box(m["x"] - w / 2, m["y"] - gap - size, m["x"] + w / 2, m["y"] - gap),
                ),
                (
                    "middle",
                    m["x"],
                    m["y"] + gap + size / 2,
                    Box(m["x"] - w / 2, m["y"] + gap, m["x"] + w / 2, m["y"] + gap + size),
                ),
            ]
            fits = [
                c
                for c in candidates
                if c[3].inside(width, height) and not any(c[3].overlaps(b) for b in taken)
            ]
            align, tx, ty, box = (fits or candidates)[0]
            taken.append(box)
            m.update(align=align, tx=round(tx, 1), ty=round(ty, 1))

    # -- charts ------------------------------------------------------------
    def charts(self, here: str) -> list[View]:
        """Money figures of one kind and currency, one bar per project: compared, never added up.

        Figures of different records may overlap or count the same money twice,
        so no bar is a total; a kind and currency with a single project makes no
        chart, and figures of other kinds or currencies are on each project's page.
        """
        groups: dict[tuple[str, str], list[tuple[Project, Amount]]] = defaultdict(list)
        for project in self.data.projects.values():
            for amount in project.amounts:
                if amount.currency:
                    groups[(amount.kind, amount.currency)].append((project, amount))
        charts = []
        for (kind, currency), items in sorted(groups.items()):
            if len({p.id for p, _ in items}) < 2:
                continue
            charts.append(self._chart(kind, currency, items, here))
        return charts

    def _chart(
        self, kind: str, currency: str, items: list[tuple[Project, Amount]], here: str
    ) -> View:
        largest = max(amount.value for _, amount in items) or 1
        rows = []
        for project, amount in sorted(items, key=lambda pa: (-pa[1].value, pa[0].name[self.code])):
            rows.append(
                {
                    **self.views.project_ref(project, here),
                    "text": format_amount(amount, self.lang),
                    "raw": amount.value,
                    "bar": round(amount.value / largest * 100, 2),
                    "as_of": self.views.date(amount.as_of),
                    "source": self.views.source_ref(amount.source, here),
                }
            )
        kind_label = self.t(labels.AMOUNT_KINDS[kind])
        return {
            "id": f"chart-{kind}-{currency.lower()}",
            "title": self.t("{kind} in {currency}, one bar per project").format(
                kind=kind_label, currency=currency
            ),
            "kind": kind_label,
            "currency": currency,
            "rows": rows,
        }


def _separate(markers: list[View], gap: float = 3) -> None:
    """Nudge overlapping markers apart (Almaty and Alatau City are 40 km apart);
    each keeps its true spot in x0/y0."""
    for _ in range(50):
        moved = False
        for i, a in enumerate(markers):
            for b in markers[i + 1 :]:
                dx, dy = b["x"] - a["x"], b["y"] - a["y"]
                distance = math.hypot(dx, dy)
                need = a["r"] + b["r"] + gap
                if distance >= need:
                    continue
                ux, uy = (dx / distance, dy / distance) if distance else (0.0, 1.0)
                push = (need - distance) / 2
                a["x"], a["y"] = round(a["x"] - ux * push, 1), round(a["y"] - uy * push, 1)
                b["x"], b["y"] = round(b["x"] + ux * push, 1), round(b["y"] + uy * push, 1)
                moved = True
        if not moved:
            break
    for m in markers:
        m["moved"] = (m["x"], m["y"]) != (m["x0"], m["y0"])
