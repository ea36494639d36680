"""The map page: every cluster on the map of Norway, marked by where it stands on the as-of date."""

from __future__ import annotations

from ..norway_map import LegendEntry, MapPoint, NorwayMap, build_norway_map
from .site import SiteView


def cluster_map(view: SiteView, page_root: str) -> NorwayMap:
    """Every cluster on the map of Norway, shaped by where it stands on the as-of date."""
    points = [MapPoint(c.lat, c.lon, page_root + c.url, c.name, c.group) for c in view.clusters]
    levels = [LegendEntry(s.id, s.legend, s.marker) for s in view.programme.registry]
    return build_norway_map(points, levels)


