"""Regenerate kazakhstan.geojson from Natural Earth data in the npm package world-atlas.

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 data/geo/make_outline.py /tmp/package/countries-50m.json > data/geo/kazakhstan.geojson

TopoJSON stores shared arcs, quantized and delta-encoded; this decodes the
arcs of Kazakhstan (ISO 3166-1 numeric 398), simplifies each ring with
Douglas–Peucker and rounds coordinates to 0.01° (about 1 km).
"""

from __future__ import annotations

import json
import sys

COUNTRY_ID = "398"
TOLERANCE = 0.015  # degrees


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    scale = topo["transform"]["scale"]
    translate = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    best, at = 0.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        if length:
            d = abs((y2 - y1) * px - (x2 - x1) * py + x2 * y1 - y2 * x1) / length
        else:
            d = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
        if d > best:
            best, at = d, i
    if best <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: at + 1], tolerance)[:-1] + simplify(points[at:], tolerance)


def main(path: str) -> None:
    topo = json.load(open(path, encoding="utf-8"))
    arcs = decode_arcs(topo)
    country = next(
        g for g in topo["objects"]["countries"]["geometries"] if g.get("id") == COUNTRY_ID
    )
    polygons = country["arcs"] if country["type"] == "MultiPolygon" else [country["arcs"]]
    out = []
    for polygon in polygons:
        rings = []
        for indexes in polygon:
            points = ring(indexes, arcs)
            # split a closed ring in two so the simplification keeps its shape
            half = len(points) // 2
            simple = simplify(points[: half + 1], TOLERANCE)[:-1] + simplify(
                points[half:], TOLERANCE
            )
            if len(simple) >= 4:
                rings.append([[round(x, 2), round(y, 2)] for x, y in simple])
        if rings:
            out.append(rings)
    feature = {
        "type": "Feature",
        "id": COUNTRY_ID,
        "properties": {
            "name": country["properties"]["name"],
            "source": "Natural Earth 1:50m admin 0 countries via world-atlas 2.0.2",
        },
        "geometry": {"type": "MultiPolygon", "coordinates": out},
    }
    json.dump(feature, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
