"""The map page: one marker per town on the map of Norway, marked by where its cluster
stands on the as-of date, or by how many clusters the town has."""

from __future__ import annotations

from collections.abc import Sequence

from ..norway_map import SEVERAL, LegendEntry, MapMember, MapPoint, NorwayMap, build_norway_map
from ..wording import ENGLISH, Wording
from .site import SiteView
from .summary import ClusterSummary


def town_namer(w: Wording = ENGLISH):
    """How a town's marker is named for screen readers: the town and every cluster in it."""

    def town_name(town: str, members: Sequence[MapMember]) -> str:
        names = ", ".join(f"{m.label} ({m.level_label})" for m in members)
        return w.MAP_TOWN.format(town=town, clusters=w.clusters(len(members)), names=names)

    return town_name


def cluster_map(view: SiteView, page_root: str) -> NorwayMap:
    """Every cluster with a known town on the map of Norway, one marker per town."""
    points = [MapPoint(c.lat, c.lon, page_root + c.url, c.name, c.group, town=c.city) for c in view.clusters
              if c.lat is not None and c.lon is not None]
    levels = [LegendEntry(s.id, s.legend, s.marker) for s in view.programme.registry]
    w = view.wording
    return build_norway_map(points, levels, several=LegendEntry(SEVERAL, w.MAP_SEVERAL, "count"),
                            town_name=town_namer(w))


def unplaced_clusters(view: SiteView) -> tuple[ClusterSummary, ...]:
    """The clusters the map leaves out because no source names their town, in name order."""
    return tuple(sorted((c for c in view.clusters if c.lat is None or c.lon is None), key=lambda c: c.name.casefold()))
