"""Build-time map of mainland Norway with one marker per cluster.

The outline comes from ``geodata/norway-outline.json`` (Natural Earth 1:50m,
see ``geodata/README.md``), already projected into SVG user units. This module
projects latitude/longitude into the same space, assigns each programme level
its own marker shape, and spreads markers that would cover each other so every
one stays visible and clickable. It only prepares data: the template
``overrides/partials/nce/norway-map.html`` draws it.

Everything here is deterministic: the same points in the same order always give
the same map.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

OUTLINE_FILE = Path(__file__).with_name("geodata") / "norway-outline.json"

#: Half the size of a marker shape, in SVG user units.
MARKER_RADIUS = 6.0
#: Smallest distance between two marker centres, in SVG user units.
MARKER_SPACING = 15.0
#: A marker moved further than this from its true place gets a leader line.
DISPLACED_MIN = 1.0

@dataclass(frozen=True)
class MapPoint:
    """One place to mark: where it is, where it links to, and its level."""

    lat: float
    lon: float
    href: str
    label: str
    level: str


@dataclass(frozen=True)
class MapMarker:
    """A marker ready to draw, in SVG user units of the map's viewBox.

    ``anchor_x``/``anchor_y`` are the true projected position; ``displaced`` is
    true when the marker was moved away from it to avoid an overlap, in which
    case the template draws a leader line from the anchor to the marker.
    """

    x: float
    y: float
    href: str
    label: str
    level: str
    shape: str
    level_label: str = ""
    anchor_x: float = 0.0
    anchor_y: float = 0.0
    displaced: bool = False


@dataclass(frozen=True)
class LegendEntry:
    """A level as the map shows it: its label and marker shape."""

    level: str
    label: str
    shape: str


@dataclass(frozen=True)
class NorwayMap:
    viewbox: str
    outline_path: str
    markers: tuple[MapMarker, ...]
    legend: tuple[LegendEntry, ...]
    width: float = 0.0
    height: float = 0.0
    marker_radius: float = MARKER_RADIUS


@lru_cache(maxsize=1)
def _outline() -> dict:
    with OUTLINE_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def outline_viewbox() -> tuple[float, float, float, float]:
    """The outline's viewBox as (min x, min y, width, height)."""
    x, y, w, h = (float(v) for v in _outline()["viewbox"].split())
    return x, y, w, h


def project(lat: float, lon: float) -> tuple[float, float]:
    """Project a WGS84 latitude/longitude (degrees) into the map's SVG space.

    Uses the spherical transverse Mercator parameters saved with the outline,
    so points line up with the drawn coast. y grows downwards (southwards).
    """
    p = _outline()["projection"]
    phi = math.radians(lat)
    lam = math.radians(lon - p["lon0"])
    b = math.cos(phi) * math.sin(lam)
    x0 = 0.5 * math.log((1.0 + b) / (1.0 - b))
    y0 = math.atan2(math.tan(phi), math.cos(lam)) - math.radians(p["lat0"])
    x = (x0 - p["x_min"]) * p["scale"] + p["padding"]
    y = (p["y_max"] - y0) * p["scale"] + p["padding"]
    return x, y


def _groups(positions: list[tuple[float, float]], threshold: float) -> list[list[int]]:
    """Single-linkage groups of indices closer than ``threshold``, in input order."""
    parent = list(range(len(positions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (xi, yi) in enumerate(positions):
        for j in range(i):
            xj, yj = positions[j]
            if math.hypot(xi - xj, yi - yj) < threshold:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(positions)):
        groups.setdefault(find(i), []).append(i)
    return [groups[root] for root in sorted(groups)]


def _ring_offsets(n: int, spacing: float) -> list[tuple[float, float]]:
    """Offsets for n markers sharing one place, first one at the top, clockwise.

    Up to six go on one ring whose neighbours are ``spacing`` apart; more fill a
    hexagon-like pattern: one in the middle, then rings of 6, 12, ... markers.
    """
    if n <= 1:
        return [(0.0, 0.0)] * n
    offsets: list[tuple[float, float]] = []
    if n <= 6:
        radius = max(spacing / 2.0, spacing / (2.0 * math.sin(math.pi / n)))
        rings = [(n, radius)]
    else:
        offsets.append((0.0, 0.0))
        rings = []
        left, k = n - 1, 1
        while left > 0:
            count = min(6 * k, left)
            rings.append((count, k * spacing))
            left -= count
            k += 1
    for count, radius in rings:
        for i in range(count):
            angle = -math.pi / 2.0 + 2.0 * math.pi * i / count
            offsets.append((radius * math.cos(angle), radius * math.sin(angle)))
    return offsets[:n]


#: Most pair comparisons :func:`_relax` makes in total. Far more markers than
#: the map has room for never settle; this stops the spreading after a bounded
#: amount of work instead of running every round at full cost.
RELAX_MAX_CHECKS = 2_000_000


def _relax(
    positions: list[list[float]], spacing: float, bounds: tuple[float, float, float, float],
    rounds: int = 200, max_checks: int = RELAX_MAX_CHECKS,
) -> None:
    """Push apart any two markers still closer than ``spacing`` (in place).

    Each round sorts the markers into a grid of cells ``spacing`` wide, so a
    marker is only compared with the markers in its own and the eight
    neighbouring cells: two markers closer than ``spacing`` are always in
    neighbouring cells. Pairs are visited in the same order as a full pairwise
    sweep (``i`` ascending, then ``j > i`` ascending), so the result is
    deterministic. The work stops after ``rounds`` rounds, after a round in
    which nothing moved, or once ``max_checks`` pair comparisons have been made.
    """
    x_lo, y_lo, x_hi, y_hi = bounds
    n = len(positions)
    checks = 0
    for _ in range(rounds):
        moved = False
        cells: dict[tuple[int, int], list[int]] = {}
        keys = []
        for index, (x, y) in enumerate(positions):
            key = (int(x // spacing), int(y // spacing))
            keys.append(key)
            cells.setdefault(key, []).append(index)
        for i in range(n):
            cx, cy = keys[i]
            near = [
                j
                for gx in (cx - 1, cx, cx + 1)
                for gy in (cy - 1, cy, cy + 1)
                for j in cells.get((gx, gy), ())
                if j > i
            ]
            near.sort()
            checks += len(near)
            for j in near:
                dx = positions[j][0] - positions[i][0]
                dy = positions[j][1] - positions[i][1]
                dist = math.hypot(dx, dy)
                if dist >= spacing - 1e-6:
                    continue
                if dist < 1e-9:
                    angle = 2.399963229728653 * (j + 1)  # golden angle, deterministic
                    dx, dy, dist = math.cos(angle), math.sin(angle), 1.0
                    gap = spacing
                else:
                    gap = spacing - dist
                push = gap / 2.0 + 1e-3
                ux, uy = dx / dist, dy / dist
                positions[i][0] -= ux * push
                positions[i][1] -= uy * push
                positions[j][0] += ux * push
                positions[j][1] += uy * push
                moved = True
        for p in positions:
            p[0] = min(max(p[0], x_lo), x_hi)
            p[1] = min(max(p[1], y_lo), y_hi)
        if not moved or checks >= max_checks:
            break


def build_norway_map(
    points: Sequence[MapPoint],
    levels: Sequence[LegendEntry],
    *,
    full_legend: bool = False,
    spacing: float = MARKER_SPACING,
) -> NorwayMap:
    """Prepare a :class:`NorwayMap` for the template.

    ``levels`` gives each level's label and marker shape, in legend order (the
    site passes its level registry). The legend lists the levels in use, or all
    of them when ``full_legend`` is true. An unknown level raises ``ValueError``.
    """
    by_level = {entry.level: entry for entry in levels}
    pts = list(points)
    for point in pts:
        if point.level not in by_level:
            raise ValueError(
                f"unknown map level {point.level!r} for {point.label!r}; "
                f"expected one of {', '.join(by_level)}"
            )

    min_x, min_y, width, height = outline_viewbox()
    margin = MARKER_RADIUS + 2.0
    bounds = (min_x + margin, min_y + margin, min_x + width - margin, min_y + height - margin)

    anchors = [project(p.lat, p.lon) for p in pts]
    positions = [[x, y] for x, y in anchors]
    for group in _groups(anchors, spacing):
        if len(group) < 2:
            continue
        cx = sum(anchors[i][0] for i in group) / len(group)
        cy = sum(anchors[i][1] for i in group) / len(group)
        offsets = _ring_offsets(len(group), spacing)
        # Keep the whole group inside the drawing: shift it, rather than
        # squeezing the members that would cross the edge.
        cx += max(0.0, bounds[0] - min(cx + ox for ox, _ in offsets))
        cx -= max(0.0, max(cx + ox for ox, _ in offsets) - bounds[2])
        cy += max(0.0, bounds[1] - min(cy + oy for _, oy in offsets))
        cy -= max(0.0, max(cy + oy for _, oy in offsets) - bounds[3])
        for i, (ox, oy) in zip(group, offsets):
            positions[i] = [cx + ox, cy + oy]
    _relax(positions, spacing, bounds)

    markers = []
    for point, (ax, ay), (x, y) in zip(pts, anchors, positions):
        x, y, ax, ay = (round(v, 1) for v in (x, y, ax, ay))
        markers.append(
            MapMarker(
                x=x, y=y, href=point.href, label=point.label, level=point.level,
                shape=by_level[point.level].shape, level_label=by_level[point.level].label,
                anchor_x=ax, anchor_y=ay,
                displaced=math.hypot(x - ax, y - ay) > DISPLACED_MIN,
            )
        )

    used = {m.level for m in markers}
    legend = tuple(entry for entry in levels if full_legend or entry.level in used)
    return NorwayMap(
        viewbox=_outline()["viewbox"],
        outline_path=_outline()["path"],
        markers=tuple(markers),
        legend=legend,
        width=width,
        height=height,
        marker_radius=MARKER_RADIUS,
    )


__all__ = [
    "LegendEntry",
    "MapMarker",
    "MapPoint",
    "NorwayMap",
    "build_norway_map",
    "outline_viewbox",
    "project",
]
