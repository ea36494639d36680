"""Timeline: one lane per cluster through the programme levels, with award rounds on the axis."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import NamedTuple

from ..wording import ENGLISH, Wording
from .frame import (
    BASELINE_SHIFT,
    CHAR_WIDTH,
    SMALL_BASELINE_SHIFT,
    SMALL_CHAR_WIDTH,
    LegendItem,
    PlotFrame,
    Tick,
    _format_year,
    _label_column,
    _legend,
    _plot_frame,
    _r,
    _safe_href,
    _text_width,
    _texture_for,
    _truncate,
    clusters_noun,
    slugify,
)
from .stacked import YearNote

# ---------------------------------------------------------------------------
# Timeline of clusters through the programme levels
# ---------------------------------------------------------------------------

MIN_SEGMENT_WIDTH = 3.0  # user units: the narrowest a period is drawn


class Period(NamedTuple):
    """One period of a lane, in fractional years; no end means it is still held.
    The labels are what the data table shows for its ends (the years by default)."""

    start: float
    end: float | None
    level_id: str
    text: str
    start_label: str | None = None
    end_label: str | None = None


class Event(NamedTuple):
    """A programme milestone on the axis; ``year_text`` when the year is a fraction."""

    year: float
    label: str
    year_text: str | None = None


@dataclass(frozen=True)
class Lane:
    """Input for :func:`timeline`: one cluster and its level periods."""

    label: str
    href: str | None
    segments: Sequence[Period]


@dataclass(frozen=True)
class TimelineSegment:
    level_id: str
    level_label: str
    text: str
    texture: str
    start: float
    end: float | None
    open_ended: bool
    start_text: str
    end_text: str
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    show_text: bool
    summary: str
    arrow_points: str | None  # small arrow at the axis end of open periods


@dataclass(frozen=True)
class TimelineLane:
    label: str
    display_label: str
    truncated: bool
    href: str | None
    y: float
    height: float
    label_x: float
    label_y: float
    rowspan: int
    segments: tuple[TimelineSegment, ...]
    label_anchor: str = "end"  # "end": beside the bar, right-aligned; "start": above it (stacked)


@dataclass(frozen=True)
class TimelineEvent:
    year: float
    year_text: str
    label: str
    text: str
    x: float
    line_y1: float
    line_y2: float
    label_x: float
    label_y: float
    anchor: str  # "start" or "end"


@dataclass(frozen=True)
class TimelineChart(PlotFrame):
    id: str
    title: str
    description: str
    caption: str | None
    open_label: str
    headers: tuple[str, str, str, str]
    events_header: tuple[str, str]
    start_year: float
    end_year: float
    axis_y: float
    ticks: tuple[Tick, ...]
    lanes: tuple[TimelineLane, ...]
    events: tuple[TimelineEvent, ...]
    legend: tuple[LegendItem, ...]
    empty: bool
    notes: tuple[YearNote, ...] = ()  # why the data of some years is incomplete
    # Stacked: each lane's name on its own line above its bar, the whole width for the bars and
    # text TEXT_SCALE times larger: the layout for a narrow screen, read without zooming.
    stacked: bool = False
    # The same chart laid out for a narrow screen (a stacked one), shown there instead.
    narrow: TimelineChart | None = None


#: How much larger than the wide chart's the text of a stacked chart is (13 -> 16 units:
#: on a 390-pixel phone the chart is drawn about 1:1, so lane names are 16 px).
TEXT_SCALE = 16 / 13


#: Room around the chart, and between the column of lane names and the plot.
_MARGIN = 8.0
_LABEL_GAP = 10.0


@dataclass(frozen=True)
class _LaneGeometry:
    """The sizes of a lane and where the plot lies: beside a column of lane names, or
    (stacked) across the whole width with each name on a line of its own above its bar."""

    stacked: bool
    text_scale: float
    lane_height: float
    bar_height: float
    name_height: float  # stacked: the line of the lane's name above its bar
    plot_x: float
    plot_width: float
    max_chars: int  # the longest lane name drawn in full

    def bar_y(self, lane_y: float) -> float:
        if self.stacked:
            return lane_y + self.name_height
        return lane_y + (self.lane_height - self.bar_height) / 2

    @property
    def label_x(self) -> float:
        return _MARGIN if self.stacked else self.plot_x - _LABEL_GAP

    def label_y(self, lane_y: float) -> float:
        if self.stacked:
            return lane_y + self.name_height - 5
        return self.bar_y(lane_y) + self.bar_height / 2 + BASELINE_SHIFT

    @property
    def legend_x(self) -> float:
        return _MARGIN if self.stacked else self.plot_x


@dataclass(frozen=True)
class _YearScale:
    """The year axis: years ``start``..``end`` drawn from ``x`` to ``x + width``."""

    start: float
    end: float
    x: float
    width: float

    def x_of(self, year: float) -> float:
        """Where a year lies; years outside the axis are drawn at its ends."""
        clamped = min(max(year, self.start), self.end)
        return self.x + (clamped - self.start) / (self.end - self.start) * self.width


@dataclass(frozen=True)
class _Levels:
    """How the levels are named and textured, in the legend and on the bars."""

    labels: Mapping[str, str]
    order: tuple[str, ...]  # the levels that occur, in order of first appearance (the legend's)
    textures: Mapping[str, str] | None

    def legend_entries(self) -> Iterator[tuple[str, str, str]]:
        for index, level_id in enumerate(self.order):
            yield level_id, self.labels.get(level_id, level_id), _texture_for(level_id, index, self.textures)


def _event_row(placed: list[tuple[int, float, float]], left: float, right: float) -> int:
    """The first row of milestone labels where a label spanning left..right touches no other."""
    row = 0
    while any(other_row == row and left < other_right + 8 and other_left < right + 8
              for other_row, other_left, other_right in placed):
        row += 1
    return row


def _as_lane(lane: Lane | Sequence) -> Lane:
    """A lane with every period as a Period (plain tuples are accepted)."""
    if not isinstance(lane, Lane):
        label, href, segments = lane
        lane = Lane(str(label), href, segments)
    return Lane(lane.label, lane.href, tuple(Period(*seg) for seg in lane.segments))


def _axis_years(
    lanes: Sequence[Lane], events: Sequence[Event], start_year: float | None, end_year: float | None
) -> tuple[float, float]:
    """The first and last year of the axis: as given, else the whole years around the
    periods and events, a year further when a period is still held; never empty."""
    points: list[float] = []
    for lane in lanes:
        for start, end, *_ in lane.segments:
            points.append(float(start))
            if end is not None:
                points.append(float(end))
    points.extend(float(event[0]) for event in events)

    axis_start = float(start_year) if start_year is not None else float(math.floor(min(points, default=0.0)))
    if end_year is not None:
        axis_end = float(end_year)
    else:
        axis_end = float(math.ceil(max(points, default=axis_start)))
        has_open = any(end is None for lane in lanes for _, end, *_ in lane.segments)
        if has_open or axis_end <= axis_start:
            axis_end += 1
    if axis_end <= axis_start:
        axis_end = axis_start + 1
    return axis_start, axis_end


def _lane_geometry(lanes: Sequence[Lane], width: float, label_max_width: float, stacked: bool) -> _LaneGeometry:
    """Lane sizes and the plot's place for a chart ``width`` units wide."""
    if stacked:
        scale = TEXT_SCALE
        name_height = 20.0
        bar_height = 16.0
        plot_x = _MARGIN
        max_chars = max(int((width - 2 * _MARGIN) // (CHAR_WIDTH * scale)), 4)
        lane_height = name_height + bar_height + 8.0
    else:
        scale = 1.0
        name_height = 0.0
        bar_height = 18.0
        label_width, max_chars = _label_column((lane.label for lane in lanes), label_max_width)
        plot_x = _MARGIN + label_width + _LABEL_GAP
        lane_height = 28.0
    return _LaneGeometry(
        stacked=stacked,
        text_scale=scale,
        lane_height=lane_height,
        bar_height=bar_height,
        name_height=name_height,
        plot_x=plot_x,
        plot_width=width - plot_x - _MARGIN - 16,  # keep the last year label inside
        max_chars=max_chars,
    )


def _level_order(lanes: Sequence[Lane]) -> tuple[str, ...]:
    """The levels that occur, in order of first appearance."""
    order: list[str] = []
    for lane in lanes:
        for level_id in (seg.level_id for seg in sorted(lane.segments, key=lambda seg: float(seg.start))):
            if level_id not in order:
                order.append(level_id)
    return tuple(order)


def _open_end_arrow(x: float, bar_y: float, bar_height: float) -> str:
    """The points of the small arrow at the axis end of a period that is still held."""
    centre = bar_y + bar_height / 2
    return f"{_r(x):g},{_r(bar_y):g} {_r(x + 7):g},{_r(centre):g} {_r(x):g},{_r(bar_y + bar_height):g}"


def _segment(
    lane_label: str,
    period: Period,
    bar_y: float,
    geometry: _LaneGeometry,
    years: _YearScale,
    levels: _Levels,
    open_label: str,
) -> TimelineSegment:
    start, end, level_id, text, start_label, end_label = period
    start_f = float(start)
    end_f = None if end is None else float(end)
    if end_f is not None and end_f < start_f:
        raise ValueError(f"segment of {lane_label!r} ends ({end_f}) before it starts ({start_f})")
    # Round the ends first so that touching periods share an edge.
    x1 = _r(years.x_of(start_f))
    x2 = _r(years.x_of(years.end if end_f is None else end_f))
    # At least a sliver: a period that begins where the axis ends (the as-of date) stays visible.
    seg_width = _r(max(x2 - x1, MIN_SEGMENT_WIDTH))
    text = str(text)
    start_text = start_label or _format_year(start_f)
    end_text = end_label or (open_label if end_f is None else _format_year(end_f))
    centre = bar_y + geometry.bar_height / 2
    return TimelineSegment(
        level_id=str(level_id),
        level_label=levels.labels.get(level_id, str(level_id)),
        text=text,
        texture=_texture_for(str(level_id), levels.order.index(level_id), levels.textures),
        start=start_f,
        end=end_f,
        open_ended=end_f is None,
        start_text=start_text,
        end_text=end_text,
        x=_r(x1),
        y=_r(bar_y),
        width=_r(seg_width),
        height=_r(geometry.bar_height),
        text_x=_r(x1 + 5),
        text_y=_r(centre + SMALL_BASELINE_SHIFT * geometry.text_scale),
        show_text=_text_width(text, SMALL_CHAR_WIDTH * geometry.text_scale) + 10 <= seg_width,
        summary=f"{lane_label}: {text}, {start_text}\u2013{end_text}",
        arrow_points=_open_end_arrow(x2, bar_y, geometry.bar_height) if end_f is None else None,
    )


def _lane(
    lane: Lane, lane_y: float, geometry: _LaneGeometry, years: _YearScale, levels: _Levels, open_label: str
) -> TimelineLane:
    """A lane with its periods in order of start (then of end, still held last)."""
    bar_y = geometry.bar_y(lane_y)
    ordered = sorted(lane.segments, key=lambda seg: (float(seg.start), float("inf") if seg.end is None else float(seg.end)))
    segments = tuple(_segment(lane.label, period, bar_y, geometry, years, levels, open_label) for period in ordered)
    display, truncated = _truncate(lane.label, geometry.max_chars)
    return TimelineLane(
        label=lane.label,
        display_label=display,
        truncated=truncated,
        href=_safe_href(lane.href),
        y=_r(lane_y),
        height=_r(geometry.lane_height),
        label_x=_r(geometry.label_x),
        label_y=_r(geometry.label_y(lane_y)),
        rowspan=max(len(segments), 1),
        segments=segments,
        label_anchor="start" if geometry.stacked else "end",
    )


def _year_ticks(years: _YearScale, axis_y: float, text_scale: float) -> tuple[Tick, ...]:
    """Ticks on whole years, the step chosen so labels are >= ~40 units apart."""
    span = years.end - years.start
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100):
        step = candidate
        if candidate * years.width / span >= 40 * text_scale:
            break
    first_tick = int(math.ceil(math.ceil(years.start) / step) * step)
    ticks = []
    for year in range(first_tick, math.floor(years.end) + 1, step):
        pos = _r(years.x_of(year))
        ticks.append(Tick(year, str(year), pos, pos, _r(axis_y - 6)))
    return tuple(ticks)


def _event_label_span(x: float, text_width: float, width: float) -> tuple[str, float, float, float]:
    """Where a milestone's label goes: its anchor, left and right ends, and the x of its text.
    It starts at its line, or ends there near the right edge."""
    if x + 4 + text_width <= width - _MARGIN:
        return "start", x, x + 4 + text_width, x + 4
    if x - 4 - text_width >= _MARGIN:
        return "end", x - 4 - text_width, x, x - 4
    # Fits on neither side of its line (a narrow chart): as near to it as the width allows.
    left = max(_MARGIN, width - _MARGIN - text_width)
    return "start", left, left + text_width, left


def _milestones(
    events: Sequence[Event], years: _YearScale, width: float, plot_y: float, lanes_bottom: float, text_scale: float
) -> tuple[tuple[TimelineEvent, ...], float]:
    """Milestone lines across the lanes, their labels below in rows (the first row where a
    label fits), and the y below the last row. The lines stop above the labels, so none
    crosses one; each label begins with its year."""
    row_height = 16 * text_scale
    placed: list[tuple[int, float, float]] = []
    out_events = []
    # Events are (year, label) or (year, label, year_text) when the year is a fraction.
    normalised = [(float(e.year), str(e.label), e.year_text or _format_year(float(e.year)))
                  for e in (Event(*event) for event in events)]
    for year, label, year_text in sorted(normalised, key=lambda e: e[0]):
        x = years.x_of(year)
        text = f"{year_text}: {label}"
        anchor, left, right, label_x = _event_label_span(x, _text_width(text, SMALL_CHAR_WIDTH * text_scale), width)
        row = _event_row(placed, left, right)
        placed.append((row, left, right))
        out_events.append(
            TimelineEvent(
                year=year,
                year_text=year_text,
                label=label,
                text=text,
                x=_r(x),
                line_y1=_r(plot_y - 4),
                line_y2=_r(lanes_bottom + 2),
                label_x=_r(label_x),
                label_y=_r(lanes_bottom + row_height + row * row_height),
                anchor=anchor,
            )
        )
    rows = 1 + max((row for row, *_ in placed), default=-1)
    return tuple(out_events), lanes_bottom + 10 + row_height * rows


def _description(
    title: str,
    empty: bool,
    lane_count: int,
    event_count: int,
    span_text: tuple[str, str],
    summary: str | None,
    wording: Wording,
) -> str:
    """The chart's text alternative."""
    if empty:
        description = wording.CHART_NO_DATA.format(title=title)
    else:
        sentence = wording.TIMELINE_CHART_EVENTS if event_count else wording.TIMELINE_CHART
        first, last = span_text
        description = sentence.format(clusters=clusters_noun(wording).of(lane_count),
                                      first=first, last=last, events=event_count)
    if summary:
        description = f"{description} {summary}"
    return description


def timeline(
    title: str,
    lanes: Sequence[Lane],
    *,
    start_year: float | None = None,
    end_year: float | None = None,
    events: Sequence[Event] = (),
    level_labels: dict[str, str] | None = None,
    textures: Mapping[str, str] | None = None,
    caption: str | None = None,
    open_label: str | None = None,
    headers: tuple[str, str, str, str] | None = None,
    events_header: tuple[str, str] | None = None,
    chart_id: str | None = None,
    width: float = 720,
    label_max_width: float = 200,
    span_text: tuple[str, str] | None = None,
    summary: str | None = None,
    notes: Sequence[YearNote] = (),
    stacked: bool = False,
    wording: Wording = ENGLISH,
) -> TimelineChart:
    """Lay out one lane per cluster on a shared year axis.

    ``start_year``/``end_year`` default to the whole years around the data
    (events included); an open-ended segment runs to ``end_year``.  Segments
    in each lane are sorted by start year.  ``events`` are milestones drawn as
    vertical markers, their labels in rows below the lanes where no line crosses
    them; ``level_labels`` maps level ids to
    the names shown in the legend (the legend lists levels in order of first
    appearance). ``span_text`` names the first and last point of the axis in the
    text alternative (the years by default); ``summary`` is added to it, and
    ``notes`` are listed under the tables (say there which years are partial).
    ``stacked`` puts each lane's name above its bar and draws the text larger
    (TEXT_SCALE): a chart for a narrow screen.
    """
    open_label = open_label or wording.ONGOING
    headers = headers or (wording.CLUSTER, wording.LEVEL, wording.FROM, wording.TO)
    events_header = events_header or (wording.YEAR, wording.MILESTONE)
    lanes_in = [_as_lane(lane) for lane in lanes]
    empty = not any(lane.segments for lane in lanes_in)
    axis_start, axis_end = _axis_years(lanes_in, events, start_year, end_year)
    geometry = _lane_geometry(lanes_in, width, label_max_width, stacked)
    scale = geometry.text_scale
    levels = _Levels(dict(level_labels or {}), _level_order(lanes_in), textures)
    legend, legend_bottom = _legend(levels.legend_entries(), geometry.legend_x, _MARGIN, width - _MARGIN, scale)
    axis_y = legend_bottom + 18 * scale  # year labels sit above this line
    plot_y = axis_y + 6
    plot_height = max(len(lanes_in), 1) * geometry.lane_height
    years = _YearScale(axis_start, axis_end, geometry.plot_x, geometry.plot_width)
    out_lanes = tuple(
        _lane(lane, plot_y + index * geometry.lane_height, geometry, years, levels, open_label)
        for index, lane in enumerate(lanes_in)
    )
    ticks = _year_ticks(years, axis_y, scale)
    out_events, labels_bottom = _milestones(events, years, width, plot_y, plot_y + plot_height, scale)
    description = _description(title, empty, len(lanes_in), len(out_events),
                                span_text or (_format_year(axis_start), _format_year(axis_end)), summary, wording)

    frame = _plot_frame(width, labels_bottom + 6, geometry.plot_x, plot_y, geometry.plot_width, plot_height)
    return TimelineChart(
        **asdict(frame),
        id=chart_id or slugify(title),
        title=title,
        description=description,
        caption=caption,
        open_label=open_label,
        headers=tuple(headers),
        events_header=tuple(events_header),
        start_year=axis_start,
        end_year=axis_end,
        axis_y=_r(axis_y),
        ticks=ticks,
        lanes=out_lanes,
        events=out_events,
        legend=legend,
        empty=empty,
        notes=tuple(YearNote(*note) for note in notes),
        stacked=stacked,
    )
