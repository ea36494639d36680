"""The timeline page: each cluster's path through the levels, with the award rounds."""

from __future__ import annotations

import dataclasses

from .. import charts
from .. import model as m
from ..links import CLUSTERS, page_url
from .site import SiteView

# The stacked chart for narrow screens, in SVG units: about as wide as a 390-pixel phone
# shows it, so its 16-unit lane names are drawn at about 16 px.
NARROW_WIDTH = 360


def _year_value(date: m.PartialDate) -> float:
    return round(date.as_year_fraction, 3)


def programme_timeline(view: SiteView, clusters: tuple[m.Cluster, ...], page_root: str) -> charts.TimelineChart:
    """One lane per cluster through the levels, with the programme's award rounds on the axis."""
    w = view.wording
    history = view.programme.history
    end_year = max([h.date.year for h in history] + [view.programme.as_of.year]) + 1
    start_year = min([h.date.year for h in history] + [c.status[0].start.year for c in clusters])
    as_of_value = _year_value(view.programme.as_of)
    held_on = w.HELD_ON.format(date=view.as_of)
    lanes = []
    for cluster in sorted(clusters, key=lambda c: (c.status[0].start.first_day, c.name.casefold())):
        segments = []
        for period in cluster.status:
            end_text = None
            if period.end:
                end = _year_value(period.end) + (1.0 if period.end.month is None else 0.0)
                end_text = w.date(period.end)
            elif period.until:  # ends where the next period begins
                end = _year_value(period.until)
                end_text = w.date(period.until)
            elif period.start.first_day <= view.programme.as_of.first_day:
                # The data describes nothing after the as-of date: draw up to it (at least a sliver).
                end = max(as_of_value, _year_value(period.start) + 0.3)
                end_text = held_on
            else:
                end, end_text = None, w.NO_END_RECORDED
            segments.append(charts.Period(_year_value(period.start), end, period.level.id,
                                          f"{period.level.name} {period.start.year}", w.date(period.start), end_text))
        lanes.append(charts.Lane(cluster.label, page_root + page_url(CLUSTERS, cluster.slug), segments))
    events = [charts.Event(_year_value(h.date), str(h.title), str(h.date.year)) for h in history if h.kind == "round"]
    # The caption says what the chart draws, and nothing it does not.
    segments = [segment for lane in lanes for segment in lane.segments]
    caption = [w.TIMELINE_CAPTION]
    if any(segment.end_label == held_on for segment in segments):
        caption.append(w.TIMELINE_CAPTION_HELD.format(date=view.as_of))
    if any(segment.end is None for segment in segments):
        caption.append(w.TIMELINE_CAPTION_OPEN)
    if events:
        caption.append(w.TIMELINE_CAPTION_ROUNDS)
    shared = dict(start_year=start_year, end_year=end_year, events=events,
                  level_labels={s.id: str(s.name) for s in view.programme.registry},
                  textures={s.id: s.texture for s in view.programme.registry}, caption=" ".join(caption), wording=w)
    wide = charts.timeline(w.TIMELINE, lanes, chart_id="chart-timeline", **shared)
    # On a narrow screen: each name above its bar, the text as large as the page's.
    narrow = charts.timeline(w.TIMELINE, lanes, chart_id="chart-timeline-narrow", stacked=True,
                             width=NARROW_WIDTH, **shared)
    return dataclasses.replace(wide, narrow=narrow)


