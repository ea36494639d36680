"""Views for exploring the clusters: the map, the timeline and the statistics.

Each function turns the site's data into the prepared geometry that a template
in overrides/partials/nce/ draws; nothing here knows about pages or MkDocs.
"""

from __future__ import annotations

from collections import Counter

from . import charts
from . import model as m
from .norway_map import LegendEntry, MapPoint, NorwayMap, build_norway_map
from .views import ClusterSummary, SiteView


def cluster_map(view: SiteView, page_root: str) -> NorwayMap:
    """Every cluster on the map of Norway, shaped by where it stands on the as-of date."""
    points = [MapPoint(c.lat, c.lon, page_root + c.url, c.name, c.group) for c in view.clusters]
    levels = [LegendEntry(s.id, s.legend, s.marker) for s in view.programme.registry]
    return build_norway_map(points, levels)


def _year_value(date: m.PartialDate) -> float:
    return round(date.as_year_fraction, 3)


def programme_timeline(view: SiteView, clusters: tuple[m.Cluster, ...], page_root: str) -> charts.TimelineChart:
    """One lane per cluster through the levels, with the programme's award rounds on the axis."""
    history = view.programme.history
    end_year = max([h.date.year for h in history] + [view.programme.as_of.year]) + 1
    start_year = min([h.date.year for h in history] + [c.status[0].start.year for c in clusters])
    as_of_value = _year_value(view.programme.as_of)
    lanes = []
    for cluster in sorted(clusters, key=lambda c: (c.status[0].start.first_day, c.name.casefold())):
        segments = []
        for period in cluster.status:
            end_text = None
            if period.end:
                end = _year_value(period.end) + (1.0 if period.end.month is None else 0.0)
                end_text = str(period.end)
            elif period.until:  # ends where the next period begins
                end = _year_value(period.until)
                end_text = str(period.until)
            elif period.start.first_day <= view.programme.as_of.first_day:
                # The data describes nothing after the as-of date: draw up to it (at least a sliver).
                end = max(as_of_value, _year_value(period.start) + 0.3)
                end_text = f"still held on {view.as_of}"
            else:
                end, end_text = None, "no end recorded"
            segments.append((_year_value(period.start), end, period.level.id,
                             f"{period.level.name} {period.start.year}", str(period.start), end_text))
        lanes.append(charts.Lane(cluster.label, page_root + f"clusters/{cluster.slug}.html", segments))
    events = [(_year_value(h.date), h.title, str(h.date.year)) for h in history if h.kind == "round"]
    return charts.timeline(
        "Each cluster's path through the levels", lanes, start_year=start_year, end_year=end_year,
        events=events, level_labels={s.id: s.name for s in view.programme.registry},
        textures={s.id: s.texture for s in view.programme.registry}, chart_id="chart-timeline",
        caption=f"Bars run from when a cluster got a level to when it left it. A level still held on "
                f"{view.as_of} is drawn up to that date, which is as far as the data goes; an arrow marks "
                "a later level with no end recorded. Vertical lines mark the programme's award rounds.",
    )


def _count_rows(counter: Counter, order=None) -> list[tuple[str, int]]:
    if order:
        return [(key, counter[key]) for key in order if counter[key]]
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def statistics(view: SiteView) -> dict[str, object]:
    """Charts for the statistics page: by level, county, sector and year."""
    as_of = view.as_of
    current = view.current
    by_level = Counter(c.group for c in view.clusters)
    registry = view.programme.registry
    level_rows = [(s.name, by_level[s.id], s.id) for s in registry if by_level[s.id]]
    counties = Counter(c.county for c in current)
    sectors = Counter(s for c in current for s in c.sectors)
    all_sectors = Counter(s for c in view.clusters for s in c.sectors)
    first_year = min((c.first_year for c in view.clusters), default=view.programme.as_of.year)
    last_year = max(max((y for c in view.clusters for y in c.years), default=first_year), view.programme.as_of.year)
    years = list(range(first_year, last_year + 1))
    series = []
    for standing in registry:
        counts = [sum(1 for c in view.clusters if _level_in_year(c, standing.id, year)) for year in years]
        if any(counts):
            series.append((standing.id, standing.name, counts))
    return {
        "by_level": charts.bar_chart(f"Clusters by level on {as_of}", level_rows, label_header="Level",
                                     caption="Former clusters had left the programme by this date."),
        "by_county": charts.bar_chart(f"Current clusters by county on {as_of}", _count_rows(counties),
                                      label_header="County (today's name where it changed)"),
        "by_sector": charts.bar_chart(f"Current clusters by sector on {as_of}", _count_rows(sectors),
                                      label_header="Sector", caption="A cluster can work in more than one sector."),
        "by_sector_all": charts.bar_chart("All clusters on the site by sector, former included",
                                          _count_rows(all_sectors), label_header="Sector"),
        "by_year": charts.stacked_year_chart(
            "Clusters by level and year", years, series, year_header="Year",
            textures={s.id: s.texture for s in registry},
            caption="A cluster counts in every year in which it held the level for at least part of the year; "
                    "a year of change counts at both levels."),
        "totals": {"current": len(current), "all": len(view.clusters)},
    }


def _level_in_year(cluster: ClusterSummary, level_id: str, year: int) -> bool:
    return year in cluster.level_years.get(level_id, ())
