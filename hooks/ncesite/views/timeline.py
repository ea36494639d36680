"""The timeline page: each cluster's path through the levels, with the award rounds."""

from __future__ import annotations

import dataclasses

from .. import charts
from .. import model as m
from ..links import CLUSTERS, page_url
from .coverage import years_shown
from .site import SiteView

# The stacked chart for narrow screens, in SVG units: about as wide as a 390-pixel phone
# shows it, so its 16-unit lane names are drawn at about 16 px.
NARROW_WIDTH = 360


def _year_value(date: m.PartialDate) -> float:
    return round(date.as_year_fraction, 3)


def _day_value(day) -> float:
    return round(day.year + (day.timetuple().tm_yday - 1) / 365.25, 3)


def _lanes(view: SiteView, clusters: tuple[m.Cluster, ...], page_root: str) -> list[charts.Lane]:
    """One lane per cluster that held a level by the as-of date, its periods up to that date."""
    w = view.wording
    as_of = view.programme.as_of.last_day
    as_of_value = _day_value(as_of)
    lanes = []
    for cluster in sorted(clusters, key=lambda c: (c.status[0].start.first_day, c.name.casefold())):
        segments = []
        for period in cluster.status:
            if period.start.first_day > as_of:
                continue  # begins after the as-of date: beyond what the data covers
            if period.end and period.end.last_day <= as_of:
                end = _year_value(period.end) + (1.0 if period.end.month is None else 0.0)
                end_text = w.date(period.end)
            elif not period.end and period.next_start and period.next_start.first_day <= as_of:
                end = _year_value(period.next_start)  # ends where the next period begins
                end_text = w.date(period.next_start)
            else:  # still held on the as-of date: drawn up to it, not to a planned end
                end = max(as_of_value, _year_value(period.start))
                end_text = w.HELD_ON.format(date=view.as_of)
            segments.append(charts.Period(_year_value(period.start), end, period.level.id,
                                          f"{period.level.name} {period.start.year}", w.date(period.start), end_text))
        if segments:
            lanes.append(charts.Lane(cluster.label, page_root + page_url(CLUSTERS, cluster.slug), segments))
    return lanes


def programme_timeline(view: SiteView, clusters: tuple[m.Cluster, ...], page_root: str) -> charts.TimelineChart:
    """One lane per cluster through the levels, with the programme's award rounds on the axis.

    Nothing after the as-of date is drawn: the axis ends there, a level still held then (with
    no end, or with a planned end after it) is drawn up to it, and a period, lane or award
    round that begins later is left out. The chart comes with a stacked twin for narrow screens."""
    w = view.wording
    programme = view.programme
    as_of = programme.as_of.last_day
    history = [h for h in programme.history if h.date.first_day <= as_of]
    start_year = min([h.date.year for h in history] + [c.status[0].start.year for c in clusters]
                     + [programme.as_of.year])
    lanes = _lanes(view, clusters, page_root)
    events = [charts.Event(_year_value(h.date), str(h.title), str(h.date.year)) for h in history if h.kind == "round"]
    # The caption says what the chart draws, and nothing it does not.
    held_on = w.HELD_ON.format(date=view.as_of)
    caption = [w.TIMELINE_CAPTION]
    if any(segment.end_label == held_on for lane in lanes for segment in lane.segments):
        caption.append(w.TIMELINE_CAPTION_HELD.format(date=view.as_of))
    if events:
        caption.append(w.TIMELINE_CAPTION_ROUNDS)
    shown = years_shown(programme, start_year, w)
    shared = dict(start_year=start_year, end_year=max(_day_value(as_of), start_year + 0.5), events=events,
                  level_labels={s.id: str(s.name) for s in programme.registry},
                  textures={s.id: s.texture for s in programme.registry}, caption=" ".join(caption), wording=w,
                  span_text=(str(start_year), view.as_of), summary=shown.summary,
                  notes=[charts.YearNote(n.number, n.period, n.text) for n in shown.notes])
    wide = charts.timeline(w.TIMELINE, lanes, chart_id="chart-timeline", **shared)
    # On a narrow screen: each name above its bar, the text as large as the page's.
    narrow = charts.timeline(w.TIMELINE, lanes, chart_id="chart-timeline-narrow", stacked=True,
                             width=NARROW_WIDTH, **shared)
    return dataclasses.replace(wide, narrow=narrow)
