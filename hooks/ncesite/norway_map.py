"""Build-time map of mainland Norway with one marker per town.

The outline comes from ``geodata/norway-outline.json`` (Natural Earth 1:50m,
see ``geodata/README.md``), already projected into SVG user units. This module
projects latitude/longitude into the same space and gives each town one marker:
a town with one cluster gets its level's shape and links to the cluster; a town
with several gets a count and links to the list of its clusters under the map,
and its accessible name names them all. (Spreading one marker per cluster
around a shared town stopped working at a few hundred clusters, and cost a
tenth of a large build.) It only prepares data: the template
``overrides/partials/nce/norway-map.html`` draws it.

Everything here is deterministic: the same points in the same order always give
the same map.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

OUTLINE_FILE = Path(__file__).with_name("geodata") / "norway-outline.json"

#: Half the size of a marker shape, in SVG user units.
MARKER_RADIUS = 6.0
#: The level of a marker that stands for several clusters (its class and legend entry).
SEVERAL = "several"

@dataclass(frozen=True)
class MapPoint:
    """One place to mark: where it is, where it links to, and its level."""

    lat: float
    lon: float
    href: str
    label: str
    level: str
    town: str = ""  # points with the same town share one marker (no town: a marker of its own)


@dataclass(frozen=True)
class MapMember:
    """One cluster behind a marker: its page, name and level label."""

    href: str
    label: str
    level_label: str


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


def _one_name(label: str, level_label: str) -> str:
    return f"{label} ({level_label})" if level_label else label


def _town_name(town: str, members: Sequence[MapMember]) -> str:
    return f"{town}: {len(members)} clusters: " + ", ".join(_one_name(m.label, m.level_label) for m in members)


def build_norway_map(
    points: Sequence[MapPoint],
    levels: Sequence[LegendEntry],
    *,
    full_legend: bool = False,
    several: LegendEntry = LegendEntry(SEVERAL, "Several clusters in one town (how many)", "count"),
    town_name: Callable[[str, Sequence[MapMember]], str] = _town_name,
    town_href: Callable[[int], str] = lambda index: f"#nce-map-town-{index}",
) -> NorwayMap:
    """Prepare a :class:`NorwayMap` for the template.

    ``levels`` gives each level's label and marker shape, in legend order (the
    site passes its level registry). The legend lists the levels in use, or all
    of them when ``full_legend`` is true (a level held only in a town with several
    clusters is in use too: the town's name and list give it), then ``several`` when a town has more
    than one cluster. ``town_name`` words the accessible name of such a town and
    ``town_href`` gives its link (its number among those towns, from 1). An
    unknown level raises ``ValueError``.
    """
    by_level = {entry.level: entry for entry in levels}
    towns: dict[str, list[MapPoint]] = {}
    for index, point in enumerate(points):
        if point.level not in by_level:
            raise ValueError(
                f"unknown map level {point.level!r} for {point.label!r}; "
                f"expected one of {', '.join(by_level)}"
            )
        towns.setdefault(point.town or f"\0{index}", []).append(point)

    markers = []
    several_count = 0
    for town, group in towns.items():  # in the order each town first appears
        where = [project(p.lat, p.lon) for p in group]
        x = round(sum(x for x, _ in where) / len(where), 1)
        y = round(sum(y for _, y in where) / len(where), 1)
        members = tuple(MapMember(p.href, p.label, by_level[p.level].label) for p in group)
        if len(group) == 1:
            point, member = group[0], members[0]
            markers.append(MapMarker(
                x=x, y=y, href=point.href, label=point.label, level=point.level, shape=by_level[point.level].shape,
                level_label=member.level_label, town=point.town, members=members,
                name=_one_name(member.label, member.level_label)))
            continue
        several_count += 1
        markers.append(MapMarker(
            x=x, y=y, href=town_href(several_count), label=town, level=several.level, shape=several.shape,
            level_label=several.label, town=town, count=len(group), members=members, name=town_name(town, members)))

    # Towns with several clusters last, so their larger discs and counts are drawn on top.
    markers.sort(key=lambda marker: marker.count > 1)
    used = {p.level for p in points}  # a town's marker names its clusters' levels too
    legend = tuple(entry for entry in levels if full_legend or entry.level in used)
    if several_count:
        legend += (several,)
    return NorwayMap(
        viewbox=_outline()["viewbox"],
        outline_path=_outline()["path"],
        markers=tuple(markers),
        legend=legend,
        width=outline_viewbox()[2],
        height=outline_viewbox()[3],
        marker_radius=MARKER_RADIUS,
    )


__all__ = [
    "LegendEntry",
    "MapMarker",
    "MapMember",
    "MapPoint",
    "NorwayMap",
    "build_norway_map",
    "outline_viewbox",
    "project",
]
