"""The map page: one marker per town on the map of Norway, marked by where its cluster
stands on the as-of date, or by how many clusters the town has. A cluster whose town no
source names, but whose county is known, is drawn at the middle of its county and named
approximate; one with neither is listed under the map."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import counties
from ..norway_map import APPROXIMATE, SEVERAL, LegendEntry, MapMember, MapPoint, NorwayMap, build_norway_map
from ..wording import ENGLISH, Wording
from .site import SiteView
from .summary import ClusterSummary

# Markers closer than this (SVG user units; the map is 400 across) share one, so that each
# can take a tap of 24 CSS pixels without covering another (WCAG 2.5.8). Wide screens show
# the map at least 600 pixels across (1.5 pixels a unit: 16 units); narrow ones from about
# 358 (a 390-pixel phone, 0.9 pixels a unit: 27 units). The stylesheet switches at 45em.
WIDE_SPACING = 16.0
NARROW_SPACING = 27.0
NARROW_SCALE = 1.5  # shapes drawn larger on a phone


@dataclass(frozen=True)
class CountyGroup:
    """Clusters drawn at the middle of one county, as the list under the map names them."""

    county: str
    county_inferred: bool
    clusters: tuple[ClusterSummary, ...]


@dataclass(frozen=True)
class ClusterMap:
    """The map page's map: markers for wide screens and for narrow ones, and the lists under it."""

    wide: NorwayMap
    narrow: NorwayMap
    approximate: tuple[CountyGroup, ...]  # placed at the middle of their county, by county
    unplaced: tuple[ClusterSummary, ...]  # neither town nor county known: not on the map
    total: int


def member_namer(w: Wording = ENGLISH):
    """How one cluster behind a marker is named for screen readers."""

    def member_name(member: MapMember) -> str:
        if member.approximate:
            return w.MAP_APPROXIMATE_MEMBER.format(name=member.label, level=member.level_label, county=member.place)
        return w.MAP_MEMBER.format(name=member.label, level=member.level_label)

    return member_name


def town_namer(w: Wording = ENGLISH):
    """How a marker for several clusters is named for screen readers: the place and every cluster in it."""
    name = member_namer(w)

    def town_name(town: str, members: Sequence[MapMember]) -> str:
        names = ", ".join(name(m) for m in members)
        return w.MAP_TOWN.format(town=town, clusters=w.clusters(len(members)), names=names)

    return town_name


def _point(c: ClusterSummary, page_root: str) -> MapPoint | None:
    if c.lat is not None and c.lon is not None:
        return MapPoint(c.lat, c.lon, page_root + c.url, c.name, c.group, town=c.city or "")
    where = counties.centre(c.county)
    if where is None:
        return None
    return MapPoint(where[0], where[1], page_root + c.url, c.name, c.group, town=c.county, approximate=True)


def cluster_map(view: SiteView, page_root: str) -> ClusterMap:
    """Every cluster whose town or county is known on the map of Norway, one marker per place."""
    placed = [(c, _point(c, page_root)) for c in view.clusters]
    points = [point for _, point in placed if point is not None]
    # Markers name a level as readers call one cluster at it (str: an attribute holds no markup).
    levels = [LegendEntry(s.id, str(s.one), s.marker) for s in view.programme.registry]
    w = view.wording
    shared = {"several": LegendEntry(SEVERAL, w.MAP_SEVERAL, "count"),
              "approximate": LegendEntry(APPROXIMATE, w.MAP_APPROXIMATE, "approximate"),
              "town_name": town_namer(w), "member_name": member_namer(w)}
    approximate: dict[str, list[ClusterSummary]] = {}
    for c, point in placed:
        if point is not None and point.approximate:
            approximate.setdefault(c.county, []).append(c)
    return ClusterMap(
        wide=build_norway_map(points, levels, min_distance=WIDE_SPACING, **shared),
        narrow=build_norway_map(points, levels, min_distance=NARROW_SPACING, scale=NARROW_SCALE,
                                town_href=lambda index: f"#nce-map-area-{index}", **shared),
        approximate=tuple(CountyGroup(county, any(c.county_inferred for c in found),
                                      tuple(sorted(found, key=lambda c: c.name.casefold())))
                          for county, found in sorted(approximate.items())),
        unplaced=unplaced_clusters(view),
        total=len(view.clusters),
    )


def unplaced_clusters(view: SiteView) -> tuple[ClusterSummary, ...]:
    """The clusters the map leaves out because no source names their town or county, in name order."""
    return tuple(sorted((c for c in view.clusters if (c.lat is None or c.lon is None) and counties.centre(c.county) is None),
                        key=lambda c: c.name.casefold()))
