"""Timeline: one lane per cluster through the programme levels, with award rounds on the axis."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
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
    level_labels = dict(level_labels or {})

    points: list[float] = []
    for lane in lanes_in:
        for start, end, *_ in lane.segments:
            points.append(float(start))
            if end is not None:
                points.append(float(end))
    points.extend(float(event[0]) for event in events)

    empty = not any(lane.segments for lane in lanes_in)
    axis_start = float(start_year) if start_year is not None else float(math.floor(min(points, default=0.0)))
    if end_year is not None:
        axis_end = float(end_year)
    else:
        axis_end = float(math.ceil(max(points, default=axis_start)))
        has_open = any(end is None for lane in lanes_in for _, end, *_ in lane.segments)
        if has_open or axis_end <= axis_start:
            axis_end += 1
    if axis_end <= axis_start:
        axis_end = axis_start + 1
    span = axis_end - axis_start

    margin = 8.0
    label_gap = 10.0
    scale = TEXT_SCALE if stacked else 1.0
    if stacked:
        name_height = 20.0  # the lane's name, on its own line above the bar
        bar_height = 16.0
        lane_height = name_height + bar_height + 8.0
        plot_x = margin
        plot_width = width - plot_x - margin - 16
        max_chars = max(int((width - 2 * margin) // (CHAR_WIDTH * scale)), 4)
    else:
        lane_height = 28.0
        bar_height = 18.0
        label_width, max_chars = _label_column((lane.label for lane in lanes_in), label_max_width)
        plot_x = margin + label_width + label_gap
        plot_width = width - plot_x - margin - 16  # keep the last year label inside

    # Legend of the levels that occur, in order of first appearance.
    level_order: list[str] = []
    for lane in lanes_in:
        for level_id in (seg.level_id for seg in sorted(lane.segments, key=lambda seg: float(seg.start))):
            if level_id not in level_order:
                level_order.append(level_id)
    legend, legend_bottom = _legend(
        (
            (level_id, level_labels.get(level_id, level_id), _texture_for(level_id, index, textures))
            for index, level_id in enumerate(level_order)
        ),
        margin if stacked else plot_x,
        margin,
        width - margin,
        scale,
    )

    axis_y = legend_bottom + 18 * scale  # year labels sit above this line
    plot_y = axis_y + 6
    n_lanes = max(len(lanes_in), 1)
    plot_height = n_lanes * lane_height

    def x_of(year: float) -> float:
        clamped = min(max(year, axis_start), axis_end)
        return plot_x + (clamped - axis_start) / span * plot_width

    out_lanes = []
    for index, lane in enumerate(lanes_in):
        y = plot_y + index * lane_height
        bar_y = y + name_height if stacked else y + (lane_height - bar_height) / 2
        centre = bar_y + bar_height / 2
        segments = []
        ordered = sorted(lane.segments, key=lambda seg: (float(seg.start), float("inf") if seg.end is None else float(seg.end)))
        for start, end, level_id, text, start_label, end_label in ordered:
            start_f = float(start)
            end_f = None if end is None else float(end)
            if end_f is not None and end_f < start_f:
                raise ValueError(f"segment of {lane.label!r} ends ({end_f}) before it starts ({start_f})")
            # Round the ends first so that touching periods share an edge.
            x1 = _r(x_of(start_f))
            x2 = _r(x_of(axis_end if end_f is None else end_f))
            # At least a sliver: a period that begins where the axis ends (the as-of date) stays visible.
            seg_width = _r(max(x2 - x1, MIN_SEGMENT_WIDTH))
            text = str(text)
            segments.append(
                TimelineSegment(
                    level_id=str(level_id),
                    level_label=level_labels.get(level_id, str(level_id)),
                    text=text,
                    texture=_texture_for(str(level_id), level_order.index(level_id), textures),
                    start=start_f,
                    end=end_f,
                    open_ended=end_f is None,
                    start_text=start_label or _format_year(start_f),
                    end_text=end_label or (open_label if end_f is None else _format_year(end_f)),
                    x=_r(x1),
                    y=_r(bar_y),
                    width=_r(seg_width),
                    height=_r(bar_height),
                    text_x=_r(x1 + 5),
                    text_y=_r(centre + SMALL_BASELINE_SHIFT * scale),
                    show_text=_text_width(text, SMALL_CHAR_WIDTH * scale) + 10 <= seg_width,
                    summary=f"{lane.label}: {text}, {start_label or _format_year(start_f)}\u2013"
                    + (end_label or (open_label if end_f is None else _format_year(end_f))),
                    arrow_points=(
                        f"{_r(x2):g},{_r(bar_y):g} {_r(x2 + 7):g},{_r(centre):g} "
                        f"{_r(x2):g},{_r(bar_y + bar_height):g}"
                        if end_f is None
                        else None
                    ),
                )
            )
        display, truncated = _truncate(lane.label, max_chars)
        out_lanes.append(
            TimelineLane(
                label=lane.label,
                display_label=display,
                truncated=truncated,
                href=_safe_href(lane.href),
                y=_r(y),
                height=_r(lane_height),
                label_x=_r(margin if stacked else plot_x - label_gap),
                label_y=_r(y + name_height - 5 if stacked else centre + BASELINE_SHIFT),
                rowspan=max(len(segments), 1),
                segments=tuple(segments),
                label_anchor="start" if stacked else "end",
            )
        )

    # Year ticks: whole years, step chosen so labels are >= ~40 units apart.
    first_year = math.ceil(axis_start)
    last_year = math.floor(axis_end)
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100):
        step = candidate
        if candidate * plot_width / span >= 40 * scale:
            break
    year_ticks = []
    first_tick = int(math.ceil(first_year / step) * step)
    for year in range(first_tick, last_year + 1, step):
        pos = _r(x_of(year))
        year_ticks.append(Tick(year, str(year), pos, pos, _r(axis_y - 6)))

    # Milestone lines across the lanes, their labels below in rows (first row where a label fits).
    # The lines stop above the labels, so none crosses one; a label starts at its line (or ends
    # there, near the right edge) and begins with its year.
    lanes_bottom = plot_y + plot_height
    row_height = 16 * scale
    placed: list[tuple[int, float, float]] = []
    out_events = []
    # Events are (year, label) or (year, label, year_text) when the year is a fraction.
    normalised = [(float(e.year), str(e.label), e.year_text or _format_year(float(e.year)))
                  for e in (Event(*event) for event in events)]
    for year, label, year_text in sorted(normalised, key=lambda e: e[0]):
        x = x_of(year)
        text = f"{year_text}: {label}"
        text_width = _text_width(text, SMALL_CHAR_WIDTH * scale)
        if x + 4 + text_width <= width - margin:
            anchor, left, right, label_x = "start", x, x + 4 + text_width, x + 4
        elif x - 4 - text_width >= margin:
            anchor, left, right, label_x = "end", x - 4 - text_width, x, x - 4
        else:  # fits on neither side of its line (a narrow chart): as near to it as the width allows
            left = max(margin, width - margin - text_width)
            anchor, right, label_x = "start", left + text_width, left
        row = _event_row(placed, left, right)
        placed.append((row, left, right))
        label_y = lanes_bottom + row_height + row * row_height
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
                label_y=_r(label_y),
                anchor=anchor,
            )
        )
    rows = 1 + max((row for row, *_ in placed), default=-1)
    height = lanes_bottom + 10 + row_height * rows + 6

    if empty:
        description = wording.CHART_NO_DATA.format(title=title)
    else:
        sentence = wording.TIMELINE_CHART_EVENTS if out_events else wording.TIMELINE_CHART
        first, last = span_text or (_format_year(axis_start), _format_year(axis_end))
        description = sentence.format(clusters=clusters_noun(wording).of(len(lanes_in)),
                                      first=first, last=last, events=len(out_events))
    if summary:
        description = f"{description} {summary}"

    frame = _plot_frame(width, height, plot_x, plot_y, plot_width, plot_height)
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
        ticks=tuple(year_ticks),
        lanes=tuple(out_lanes),
        events=tuple(out_events),
        legend=legend,
        empty=empty,
        notes=tuple(YearNote(*note) for note in notes),
        stacked=stacked,
    )

