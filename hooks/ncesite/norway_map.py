"""Build-time map of mainland Norway with one marker per town.

The outline comes from ``geodata/norway-outline.json`` (Natural Earth 1:50m,
see ``geodata/README.md``), already projected into SVG user units. This module
projects latitude/longitude into the same space and gives each place one marker:
a place with one cluster gets its level's shape and links to the cluster; a place
with several gets a count and links to the list of its clusters under the map,
and its accessible name names them all. (Spreading one marker per cluster
around a shared town stopped working at a few hundred clusters, and cost a
tenth of a large build.) It only prepares data: the template
``overrides/partials/nce/norway-map.html`` draws it.

A place is a town, or, for a cluster whose town no source names, the middle of its
county (``approximate``: drawn with a dashed outline). Places closer than
``min_distance`` share one marker, so that every marker can be as large as a finger
needs (WCAG 2.5.8 asks for 24 by 24 CSS pixels) without covering another: the site
makes one map of markers for wide screens and one for narrow ones.

Everything here is deterministic: the same points in the same order always give
the same map.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

OUTLINE_FILE = Path(__file__).with_name("geodata") / "norway-outline.json"

#: Half the size of a marker shape, in SVG user units.
MARKER_RADIUS = 6.0
#: The level of a marker that stands for several clusters (its class and legend entry).
SEVERAL = "several"
#: The legend entry of markers drawn at the middle of a county (their town is not known).
APPROXIMATE = "approximate"

@dataclass(frozen=True)
class MapPoint:
    """One place to mark: where it is, where it links to, and its level."""

    lat: float
    lon: float
    href: str
    label: str
    level: str
    town: str = ""  # points with the same town share one marker (no town: a marker of its own)
    approximate: bool = False  # placed at the middle of its county (`town` is then the county)


@dataclass(frozen=True)
class MapMember:
    """One cluster behind a marker: its page, name and level label, and its place."""

    href: str
    label: str
    level_label: str
    place: str = ""
    approximate: bool = False


@dataclass(frozen=True)
class MapMarker:
    """A marker ready to draw, in SVG user units of the map's viewBox.

    One per town. With one cluster, ``href`` is its page and ``level``/``shape``
    its level's; with several, ``level`` is SEVERAL, ``count`` says how many and
    ``href`` is the town's entry in the list under the map. ``name`` is the
    accessible name, which names every cluster.
    """

    x: float
    y: float
    href: str
    label: str
    level: str
    shape: str
    level_label: str = ""
    town: str = ""
    count: int = 1
    members: tuple[MapMember, ...] = ()
    name: str = ""
    approximate: bool = False  # every cluster behind it is placed at the middle of its county
    places: tuple[str, ...] = ()  # the towns (or counties) behind it, the first where it is drawn


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
    hit_radius: float = 7.5  # the invisible disc that takes a click or tap, in SVG user units
    scale: float = 1.0  # how much larger than MARKER_RADIUS the shapes are drawn

    @property
    def towns(self) -> tuple[MapMarker, ...]:
        """The markers that stand for several clusters, for the list under the map."""
        return tuple(m for m in self.markers if m.count > 1)


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


def _member_name(member: MapMember) -> str:
    if member.approximate:
        return f"{member.label} ({member.level_label}; somewhere in {member.place}, town not known)"
    return f"{member.label} ({member.level_label})" if member.level_label else member.label


def _town_name(town: str, members: Sequence[MapMember]) -> str:
    return f"{town}: {len(members)} clusters: " + ", ".join(_member_name(m) for m in members)


#: Places that share one marker, at the position of the first: (the order in which that
#: place first appears, x, y, the points of each place).
_Anchor = tuple[int, float, float, list[list[MapPoint]]]


def _places(points: Sequence[MapPoint], by_level: Mapping[str, LegendEntry]) -> list[list[MapPoint]]:
    """The points of each town (or, approximate, of each county); a point with no town is a
    place of its own. An unknown level raises ``ValueError``."""
    places: dict[tuple[bool, str], list[MapPoint]] = {}
    for index, point in enumerate(points):
        if point.level not in by_level:
            raise ValueError(
                f"unknown map level {point.level!r} for {point.label!r}; "
                f"expected one of {', '.join(by_level)}"
            )
        places.setdefault((point.approximate, point.town or f"\0{index}"), []).append(point)
    return list(places.values())


def _anchors(places: Sequence[list[MapPoint]], min_distance: float) -> list[_Anchor]:
    """Each place at the mean of its points; then places too close together share a marker:
    the place with the most clusters (the first of those) keeps its position and takes in
    those nearer than ``min_distance``."""
    located = []
    for order, group in enumerate(places):
        where = [project(p.lat, p.lon) for p in group]
        located.append((order, sum(x for x, _ in where) / len(where), sum(y for _, y in where) / len(where), group))
    anchors: list[_Anchor] = []
    for order, x, y, group in sorted(located, key=lambda place: (-len(place[3]), place[0])):
        for _, ax, ay, taken in anchors:
            if math.hypot(ax - x, ay - y) < min_distance:
                taken.append(group)
                break
        else:
            anchors.append((order, x, y, [group]))
    anchors.sort(key=lambda anchor: anchor[0])  # in the order each place first appears
    return anchors


def _markers(
    anchors: Sequence[_Anchor],
    by_level: Mapping[str, LegendEntry],
    several: LegendEntry,
    town_name: Callable[[str, Sequence[MapMember]], str],
    member_name: Callable[[MapMember], str],
    town_href: Callable[[int], str],
) -> tuple[MapMarker, ...]:
    """One marker per anchor: a cluster's own, or one that counts several."""
    markers = []
    several_count = 0
    for _, ax, ay, groups in anchors:
        x, y = round(ax, 1), round(ay, 1)
        group = [p for g in groups for p in g]
        members = tuple(MapMember(p.href, p.label, by_level[p.level].label, p.town, p.approximate) for p in group)
        names = tuple(dict.fromkeys(p.town for p in group if p.town))
        if len(group) == 1:
            point, member = group[0], members[0]
            markers.append(MapMarker(
                x=x, y=y, href=point.href, label=point.label, level=point.level, shape=by_level[point.level].shape,
                level_label=member.level_label, town=point.town, members=members, name=member_name(member),
                approximate=point.approximate, places=names))
            continue
        several_count += 1
        town = ", ".join(names)
        markers.append(MapMarker(
            x=x, y=y, href=town_href(several_count), label=town, level=several.level, shape=several.shape,
            level_label=several.label, town=town, count=len(group), members=members, name=town_name(town, members),
            approximate=all(p.approximate for p in group), places=names))
    # Places with several clusters last, so their larger discs and counts are drawn on top.
    markers.sort(key=lambda marker: marker.count > 1)
    return tuple(markers)


def _legend(
    levels: Sequence[LegendEntry],
    markers: Sequence[MapMarker],
    full_legend: bool,
    several: LegendEntry,
    approximate: LegendEntry,
) -> tuple[LegendEntry, ...]:
    """What the map draws: the levels of markers for one cluster (every level with
    ``full_legend``), then ``several`` and ``approximate`` when some marker is such."""
    drawn = {marker.level for marker in markers if marker.count == 1}
    legend = tuple(entry for entry in levels if full_legend or entry.level in drawn)
    if any(marker.count > 1 for marker in markers):
        legend += (several,)
    if any(marker.approximate for marker in markers):
        legend += (approximate,)
    return legend


def build_norway_map(
    points: Sequence[MapPoint],
    levels: Sequence[LegendEntry],
    *,
    full_legend: bool = False,
    several: LegendEntry = LegendEntry(SEVERAL, "Several clusters in one place (how many)", "count"),
    approximate: LegendEntry = LegendEntry(APPROXIMATE, "Town not known: placed at the middle of its county",
                                           "approximate"),
    town_name: Callable[[str, Sequence[MapMember]], str] = _town_name,
    member_name: Callable[[MapMember], str] = _member_name,
    town_href: Callable[[int], str] = lambda index: f"#nce-map-town-{index}",
    min_distance: float = 0.0,
    scale: float = 1.0,
) -> NorwayMap:
    """Prepare a :class:`NorwayMap` for the template.

    ``levels`` gives each level's label and marker shape, in legend order (the
    site passes its level registry). Points of one town (or, approximate, of one
    county) share a marker; so do places whose markers would lie closer than
    ``min_distance`` (SVG user units): the place with the most clusters (the first
    one of those) keeps its position and takes the others in. The legend lists
    what the map draws: the level of every marker that stands for one cluster,
    ``several`` when a marker stands for more, and ``approximate`` when a marker is
    drawn at the middle of a county (every level with ``full_legend``). ``town_name`` words the accessible name of a
    marker for several clusters and ``town_href`` gives its link (its number among
    those markers, from 1); ``member_name`` names one cluster. ``scale`` draws the
    shapes larger; the invisible disc that takes a tap is half of ``min_distance``
    across (never smaller than the shape). An unknown level raises ``ValueError``.
    """
    by_level = {entry.level: entry for entry in levels}
    anchors = _anchors(_places(points, by_level), min_distance)
    markers = _markers(anchors, by_level, several, town_name, member_name, town_href)
    legend = _legend(levels, markers, full_legend, several, approximate)
    return NorwayMap(
        viewbox=_outline()["viewbox"],
        outline_path=_outline()["path"],
        markers=markers,
        legend=legend,
        width=outline_viewbox()[2],
        height=outline_viewbox()[3],
        marker_radius=MARKER_RADIUS,
        hit_radius=round(max(min_distance / 2, (MARKER_RADIUS + 1.5) * scale), 1),
        scale=scale,
    )


__all__ = [
    "APPROXIMATE",
    "LegendEntry",
    "MapMarker",
    "MapMember",
    "MapPoint",
    "NorwayMap",
    "build_norway_map",
    "outline_viewbox",
    "project",
]
