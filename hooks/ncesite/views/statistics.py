"""The statistics page: clusters by level, county, sector and year."""

from __future__ import annotations

from collections import Counter

from .. import charts
from .coverage import years_shown
from .site import ClusterSummary, SiteView


def _count_rows(counter: Counter, unknown: str | None = None) -> list[charts.BarRow]:
    """Largest count first, then by name; the row for what is not known (`unknown`) last."""
    rows = [charts.BarRow(key, count) for key, count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
            if key != unknown]
    return rows + [charts.BarRow(unknown, counter[unknown])] if counter.get(unknown) else rows


def statistics(view: SiteView) -> dict[str, object]:
    """Charts for the statistics page: by level, county, sector and year."""
    w = view.wording
    as_of = view.as_of
    current = view.current
    by_level = Counter(c.group for c in view.clusters)
    registry = view.programme.registry
    level_rows = [charts.BarRow(str(s.name), by_level[s.id], s.id) for s in registry if by_level[s.id]]
    counties = Counter(c.county or w.COUNTY_NOT_KNOWN for c in current)
    # A cluster whose sector no source names counts under "Sector not known", listed last.
    sectors = Counter(s for c in current for s in c.sectors or (w.SECTOR_NOT_KNOWN,))
    all_sectors = Counter(s for c in view.clusters for s in c.sectors or (w.SECTOR_NOT_KNOWN,))
    first_year = min((c.first_year for c in view.clusters), default=view.programme.as_of.year)
    # Up to the as-of year and only where the sources cover it; partial years with their notes.
    shown = years_shown(view.programme, min(first_year, view.programme.as_of.year), w)
    years = list(shown.years)
    series = []
    for standing in (s for s in registry if s.level):  # years are counted per level held
        counts = [sum(1 for c in view.clusters if _level_in_year(c, standing.id, year)) for year in years]
        if any(counts):
            series.append(charts.YearSeries(standing.id, str(standing.name), counts))
    return {
        "by_level": charts.bar_chart(w.BY_LEVEL.format(date=as_of), level_rows, label_header=w.LEVEL,
                                     caption=w.BY_LEVEL_CAPTION, wording=w),
        "by_county": charts.bar_chart(w.BY_COUNTY.format(date=as_of), _count_rows(counties, w.COUNTY_NOT_KNOWN),
                                      label_header=w.COUNTY_HEADER, wording=w),
        "by_sector": charts.bar_chart(w.BY_SECTOR.format(date=as_of), _count_rows(sectors, w.SECTOR_NOT_KNOWN),
                                      label_header=w.SECTOR, caption=w.BY_SECTOR_CAPTION, wording=w),
        "by_sector_all": charts.bar_chart(w.BY_SECTOR_ALL, _count_rows(all_sectors, w.SECTOR_NOT_KNOWN),
                                          label_header=w.SECTOR, wording=w),
        "by_year": charts.stacked_year_chart(
            w.BY_YEAR, years, series, year_header=w.YEAR, textures={s.id: s.texture for s in registry},
            caption=w.BY_YEAR_CAPTION.format(year=view.programme.as_of.year, date=as_of), wording=w,
            partial=shown.partial, notes=[charts.YearNote(n.number, n.period, n.text) for n in shown.notes],
            summary=shown.summary),
        "totals": {"current": len(current), "all": len(view.clusters)},
    }


def _level_in_year(cluster: ClusterSummary, level_id: str, year: int) -> bool:
    return year in cluster.level_years.get(level_id, ())
