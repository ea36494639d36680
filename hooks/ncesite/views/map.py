"""The map page: one marker per town on the map of Norway, marked by where its cluster
stands on the as-of date, or by how many clusters the town has."""

from __future__ import annotations

from collections.abc import Sequence

from ..norway_map import SEVERAL, LegendEntry, MapMember, MapPoint, NorwayMap, build_norway_map
from .site import SiteView
from .summary import ClusterSummary

# The map's own words (the level labels come from the registry).
SEVERAL_LEGEND = "Several clusters in one town (the number says how many)"


def town_name(town: str, members: Sequence[MapMember]) -> str:
    """The accessible name of a town's marker: the town and every cluster in it."""
    names = ", ".join(f"{m.label} ({m.level_label})" for m in members)
    return f"{town}: {len(members)} clusters: {names}"


def cluster_map(view: SiteView, page_root: str) -> NorwayMap:
    """Every cluster with a known town on the map of Norway, one marker per town."""
    points = [MapPoint(c.lat, c.lon, page_root + c.url, c.name, c.group, town=c.city) for c in view.clusters
              if c.lat is not None and c.lon is not None]
    levels = [LegendEntry(s.id, s.legend, s.marker) for s in view.programme.registry]
    return build_norway_map(points, levels, several=LegendEntry(SEVERAL, SEVERAL_LEGEND, "count"), town_name=town_name)


def unplaced_clusters(view: SiteView) -> tuple[ClusterSummary, ...]:
    """The clusters the map leaves out because no source names their town, in name order."""
    return tuple(sorted((c for c in view.clusters if c.lat is None or c.lon is None), key=lambda c: c.name.casefold()))
