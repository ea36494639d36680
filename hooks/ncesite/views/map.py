"""The map page: every cluster on the map of Norway, marked by where it stands on the as-of date."""

from __future__ import annotations

from ..norway_map import LegendEntry, MapPoint, NorwayMap, build_norway_map
from .site import SiteView
from .summary import ClusterSummary


def cluster_map(view: SiteView, page_root: str) -> NorwayMap:
    """Every cluster with a known town on the map of Norway, shaped by where it stands on the as-of date."""
    points = [MapPoint(c.lat, c.lon, page_root + c.url, c.name, c.group) for c in view.clusters
              if c.lat is not None and c.lon is not None]
    levels = [LegendEntry(s.id, s.legend, s.marker) for s in view.programme.registry]
    return build_norway_map(points, levels)




def unplaced_clusters(view: SiteView) -> tuple[ClusterSummary, ...]:
    """The clusters the map leaves out because no source names their town, in name order."""
    return tuple(sorted((c for c in view.clusters if c.lat is None or c.lon is None), key=lambda c: c.name.casefold()))
