"""Build-time chart geometry for accessible inline SVG charts.

Everything a template needs to draw a chart is computed here and stored in
frozen dataclasses, so the Jinja partial ``partials/nce/charts.html`` only
loops and prints values.  All coordinates are in SVG user units (the
``viewbox`` of each chart) and rounded to one decimal, which keeps the output
deterministic and the generated HTML small.

Three chart kinds are supported:

* :func:`bar_chart` – horizontal bars, one per labelled value.
* :func:`stacked_year_chart` – vertical bars per year, stacked by series
  (for example clusters per level per year).
* :func:`timeline` – one lane per cluster showing its path through the
  programme levels, with year ticks and milestone markers.

The functions never divide by zero: empty input and all-zero values produce a
valid (empty-looking) chart with a single ``0`` tick.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

__all__ = [
    "Bar",
    "BarChart",
    "Tick",
    "PlotFrame",
    "LegendItem",
    "Segment",
    "YearColumn",
    "Series",
    "StackedYearChart",
    "Lane",
    "TimelineSegment",
    "TimelineLane",
    "TimelineEvent",
    "TimelineChart",
    "bar_chart",
    "stacked_year_chart",
    "timeline",
    "slugify",
    "nice_step",
]

# ---------------------------------------------------------------------------
# Shared constants (SVG user units; CSS sizes the text to match).
# ---------------------------------------------------------------------------

#: Font size used for labels in the SVG (kept in sync with the CSS).
FONT_SIZE = 13
#: Font size of tick and axis labels.
SMALL_FONT_SIZE = 11
#: Rough average glyph advance for the text font, used to estimate widths.
CHAR_WIDTH = 7.0
SMALL_CHAR_WIDTH = 6.2
#: Offset from a text's vertical centre to its alphabetic baseline.
BASELINE_SHIFT = 4.5
SMALL_BASELINE_SHIFT = 3.8

#: Textures used to tell series apart without relying on colour alone.  The
#: template defines one SVG ``<pattern>`` per texture name (except "none").
TEXTURES = ("none", "diagonal", "dots", "cross", "horizontal", "vertical")

_SAFE_SCHEMES = ("", "http", "https", "mailto")
_NORDIC = str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a", "ß": "ss"})


def _r(value: float) -> float:
    """Round to one decimal and normalise ``-0.0`` to ``0.0``."""
    result = round(float(value), 1)
    return 0.0 if result == 0 else result


def slugify(text: str, prefix: str = "chart") -> str:
    """Return an HTML id made from ``text`` (ASCII, lower case, hyphens).

    The result always starts with ``prefix`` so it is a valid, predictable id
    even for titles that start with a digit or contain no letters at all.
    """
    folded = unicodedata.normalize("NFKD", str(text).translate(_NORDIC))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return f"{prefix}-{slug}" if slug else prefix


def _truncate(text: str, max_chars: int) -> tuple[str, bool]:
    """Shorten ``text`` to ``max_chars`` characters, ending in an ellipsis."""
    if len(text) <= max_chars:
        return text, False
    keep = max(max_chars - 1, 1)
    return text[:keep].rstrip() + "\u2026", True


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _text_width(text: str, char_width: float = CHAR_WIDTH) -> float:
    return len(text) * char_width


def _safe_href(href: str | None) -> str | None:
    """Allow relative, http(s), mailto and fragment links; drop the rest."""
    if not href:
        return None
    href = str(href).strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return href if scheme in _SAFE_SCHEMES else None


def _format_year(value: float) -> str:
    """``2012.0`` -> ``"2012"``, ``2012.5`` -> ``"2012.5"``."""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def nice_step(maximum: float, max_intervals: int = 5) -> int:
    """Smallest integer step of the form 1, 2, 5 × 10^k giving at most
    ``max_intervals`` intervals between 0 and ``maximum``."""
    if maximum <= 0:
        return 1
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(maximum / step) <= max_intervals:
                return step
        magnitude *= 10


@dataclass(frozen=True)
class Tick:
    """A gridline/tick: ``value`` is an integer, ``pos`` its x (or y) position,
    ``label_x``/``label_y`` where its text goes."""

    value: int
    text: str
    pos: float
    label_x: float
    label_y: float


def _value_ticks(
    maximum: int,
    origin: float,
    length: float,
    *,
    direction: int,
    min_gap: float,
    label_at: float,
    horizontal: bool,
) -> tuple[Tick, ...]:
    """Integer ticks from 0 to ``maximum`` (inclusive) along an axis.

    Ticks use a 1/2/5 step; if ``maximum`` is not a multiple of the step a
    final tick at ``maximum`` is added so the ticks always cover the data,
    dropping the previous regular tick if the two would be closer than
    ``min_gap`` units.  ``direction`` is +1 for left-to-right and -1 for
    bottom-to-top axes.
    """
    if maximum <= 0:
        values = [0]
    else:
        step = nice_step(maximum)
        values = list(range(0, maximum + 1, step))
        if values[-1] != maximum:
            unit = length / maximum
            if len(values) > 1 and (maximum - values[-1]) * unit < min_gap:
                values.pop()
            values.append(maximum)
    ticks = []
    for value in values:
        offset = (value / maximum) * length if maximum > 0 else 0.0
        pos = _r(origin + direction * offset)
        if horizontal:
            ticks.append(Tick(value, str(value), pos, pos, _r(label_at)))
        else:
            ticks.append(Tick(value, str(value), pos, _r(label_at), _r(pos + SMALL_BASELINE_SHIFT)))
    return tuple(ticks)


# ---------------------------------------------------------------------------
# Shared chart frame and label column
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlotFrame:
    """Size of a chart and of its plot area; every chart dataclass extends it.

    ``empty_x``/``empty_y`` place the "No data" note in the middle of the plot.
    """

    width: float
    height: float
    viewbox: str
    plot_x: float
    plot_y: float
    plot_width: float
    plot_height: float
    plot_right: float
    plot_bottom: float
    empty_x: float
    empty_y: float


def _plot_frame(
    width: float,
    height: float,
    plot_x: float,
    plot_y: float,
    plot_width: float,
    plot_height: float,
    *,
    empty_shift: float = BASELINE_SHIFT,
) -> PlotFrame:
    """Round a chart's frame; ``empty_shift`` moves the "No data" note from
    the middle of the plot down (to its baseline by default)."""
    return PlotFrame(
        width=_r(width),
        height=_r(height),
        viewbox=f"0 0 {_r(width):g} {_r(height):g}",
        plot_x=_r(plot_x),
        plot_y=_r(plot_y),
        plot_width=_r(plot_width),
        plot_height=_r(plot_height),
        plot_right=_r(plot_x + plot_width),
        plot_bottom=_r(plot_y + plot_height),
        empty_x=_r(plot_x + plot_width / 2),
        empty_y=_r(plot_y + plot_height / 2 + empty_shift),
    )


def _label_column(labels: Iterable[str], max_width: float) -> tuple[float, int]:
    """Width of a column of row labels that fits the longest label (up to
    ``max_width``) and how many characters a label may have in it."""
    longest = max((len(label) for label in labels), default=0)
    width = min(max(_text_width("x" * longest) + 4, 48.0), max_width)
    return width, max(int((width - 4) // CHAR_WIDTH), 4)


# ---------------------------------------------------------------------------
# Horizontal bar chart
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of a :class:`BarChart`.

    ``label`` is the full text (used in the table and the SVG ``<title>``),
    ``display_label`` the possibly shortened text drawn in the SVG.
    """

    label: str
    display_label: str
    truncated: bool
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    summary: str
    series_id: str | None = None


@dataclass(frozen=True)
class BarChart(PlotFrame):
    id: str
    title: str
    description: str
    value_label: str
    caption: str | None
    label_header: str
    value_header: str
    axis_y: float
    axis_label_x: float
    axis_label_y: float
    max_value: int
    ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]
    rows: tuple[tuple[str, int], ...]
    empty: bool


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, int]] | Sequence[tuple[str, int, str]],
    *,
    value_label: str = "clusters",
    caption: str | None = None,
    label_header: str = "Category",
    chart_id: str | None = None,
    width: float = 680,
    label_max_width: float = 220,
) -> BarChart:
    """Lay out a horizontal bar chart.

    ``rows`` holds ``(label, value)`` pairs in display order; an optional
    third item is a series id (for example a level id) that the template
    adds as a CSS class.  The longest bar fills the plot width exactly and
    other bars are proportional to it.  Labels longer than the label column
    (at most ``label_max_width`` units) are shortened with an ellipsis in the
    SVG only.
    """
    clean: list[tuple[str, int, str | None]] = []
    for row in rows:
        label, value = str(row[0]), int(row[1])
        if value < 0:
            raise ValueError(f"bar_chart values must not be negative: {label!r}={value}")
        series_id = str(row[2]) if len(row) > 2 and row[2] else None
        clean.append((label, value, series_id))

    max_value = max((value for _, value, _ in clean), default=0)
    empty = not clean

    margin = 8.0
    label_gap = 8.0
    value_gap = 6.0
    bar_height = 22.0
    row_gap = 10.0
    top = 10.0
    axis_space = 40.0  # tick labels + axis title under the bars

    label_width, max_chars = _label_column((label for label, _, _ in clean), label_max_width)
    value_width = _text_width(str(max_value)) + value_gap + 4

    plot_x = margin + label_width + label_gap
    plot_width = width - plot_x - value_width - margin
    n_rows = max(len(clean), 1)
    plot_height = n_rows * bar_height + (n_rows - 1) * row_gap
    plot_y = top
    axis_y = plot_y + plot_height + row_gap / 2
    height = axis_y + axis_space

    scale = plot_width / max_value if max_value > 0 else 0.0
    bars = []
    for index, (label, value, series_id) in enumerate(clean):
        y = plot_y + index * (bar_height + row_gap)
        bar_width = value * scale
        centre = y + bar_height / 2
        display, truncated = _truncate(label, max_chars)
        bars.append(
            Bar(
                label=label,
                display_label=display,
                truncated=truncated,
                value=value,
                x=_r(plot_x),
                y=_r(y),
                width=_r(bar_width),
                height=_r(bar_height),
                label_x=_r(plot_x - label_gap),
                label_y=_r(centre + BASELINE_SHIFT),
                value_x=_r(plot_x + bar_width + value_gap),
                value_y=_r(centre + BASELINE_SHIFT),
                summary=f"{label}: {value} {value_label}",
                series_id=series_id,
            )
        )

    ticks = _value_ticks(
        max_value,
        plot_x,
        plot_width,
        direction=1,
        min_gap=28.0,
        label_at=axis_y + 14,
        horizontal=True,
    )

    if empty:
        description = f"{title}: no data."
    else:
        top_bar = max(clean, key=lambda item: item[1])
        description = (
            f"Horizontal bar chart with {len(clean)} bars; "
            f"largest is {top_bar[0]} with {top_bar[1]} {value_label}. "
            "All values are listed in the table that follows."
        )

    frame = _plot_frame(width, height, plot_x, plot_y, plot_width, plot_height)
    return BarChart(
        **asdict(frame),
        id=chart_id or slugify(title),
        title=title,
        description=description,
        value_label=value_label,
        caption=caption,
        label_header=label_header,
        value_header=_capitalise(value_label),
        axis_y=_r(axis_y),
        axis_label_x=frame.empty_x,  # centred under the plot, like the note
        axis_label_y=_r(axis_y + 32),
        max_value=max_value,
        ticks=ticks,
        bars=tuple(bars),
        rows=tuple((label, value) for label, value, _ in clean),
        empty=empty,
    )


# ---------------------------------------------------------------------------
# Stacked vertical bars per year
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendItem:
    series_id: str
    label: str
    texture: str
    x: float
    y: float
    size: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Series:
    """A series as listed in the data table: its id, label, texture and the
    count for each year (in the order of ``StackedYearChart.years``)."""

    id: str
    label: str
    texture: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Segment:
    """One stacked piece of a year column."""

    series_id: str
    series_label: str
    texture: str
    year: int
    value: int
    x: float
    y: float
    width: float
    height: float
    summary: str


@dataclass(frozen=True)
class YearColumn:
    year: int
    total: int
    x: float
    width: float
    top: float
    height: float
    centre_x: float
    label_y: float
    show_label: bool
    total_y: float
    show_total: bool
    summary: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class StackedYearChart(PlotFrame):
    id: str
    title: str
    description: str
    value_label: str
    caption: str | None
    year_header: str
    total_header: str
    baseline_y: float
    axis_label_x: float
    axis_label_y: float
    max_total: int
    ticks: tuple[Tick, ...]
    columns: tuple[YearColumn, ...]
    series: tuple[Series, ...]
    legend: tuple[LegendItem, ...]
    years: tuple[int, ...]
    totals: tuple[int, ...]
    column_count: int  # table columns: year, one per series, total
    empty: bool


def _texture_for(series_id: str, index: int, textures: Mapping[str, str] | None) -> str:
    """The texture given for a series (the site gives each level's), else one by position."""
    if textures and series_id in textures:
        return textures[series_id]
    return TEXTURES[index % len(TEXTURES)]


def _legend(
    items: Iterable[tuple[str, str, str]], x0: float, y0: float, max_x: float
) -> tuple[tuple[LegendItem, ...], float]:
    """Lay legend entries out left to right, wrapping at ``max_x``.

    Returns the items and the y just below the last legend row.
    """
    swatch = 12.0
    row_height = 20.0
    x, y = x0, y0
    placed = []
    for series_id, label, texture in items:
        item_width = swatch + 6 + _text_width(label, SMALL_CHAR_WIDTH) + 16
        if x > x0 and x + item_width > max_x:
            x = x0
            y += row_height
        placed.append(
            LegendItem(
                series_id=series_id,
                label=label,
                texture=texture,
                x=_r(x),
                y=_r(y),
                size=swatch,
                text_x=_r(x + swatch + 6),
                text_y=_r(y + swatch / 2 + SMALL_BASELINE_SHIFT),
            )
        )
        x += item_width
    bottom = y + (row_height if placed else 0)
    return tuple(placed), bottom


def stacked_year_chart(
    title: str,
    years: Sequence[int],
    series: Sequence[tuple[str, str, Sequence[int]]],
    *,
    textures: Mapping[str, str] | None = None,
    value_label: str = "clusters",
    caption: str | None = None,
    year_header: str = "Year",
    total_header: str = "Total",
    chart_id: str | None = None,
    width: float = 680,
    plot_height: float = 240,
) -> StackedYearChart:
    """Lay out vertical bars per year, stacked in ``series`` order (first
    series at the bottom).  ``series`` items are ``(id, label, counts)`` with
    one count per year.  The tallest stack reaches the top of the plot."""
    years_t = tuple(int(year) for year in years)
    series_t: list[Series] = []
    for index, (series_id, label, counts) in enumerate(series):
        counts_t = tuple(int(count) for count in counts)
        if len(counts_t) != len(years_t):
            raise ValueError(
                f"series {series_id!r} has {len(counts_t)} counts for {len(years_t)} years"
            )
        if any(count < 0 for count in counts_t):
            raise ValueError(f"series {series_id!r} has negative counts")
        series_t.append(Series(str(series_id), str(label), _texture_for(str(series_id), index, textures), counts_t))

    totals = tuple(sum(s.counts[i] for s in series_t) for i in range(len(years_t)))
    max_total = max(totals, default=0)
    empty = not years_t

    margin = 8.0
    tick_width = _text_width(str(max_total), SMALL_CHAR_WIDTH) + 10
    plot_x = margin + max(tick_width, 24.0)
    plot_width = width - plot_x - margin

    legend, legend_bottom = _legend(
        ((s.id, s.label, s.texture) for s in series_t), plot_x, margin, width - margin
    )
    plot_y = legend_bottom + 18  # room for the total above the tallest column
    baseline = plot_y + plot_height
    height = baseline + 40  # year labels + axis title

    n = max(len(years_t), 1)
    band = plot_width / n
    bar_width = band * 0.7
    label_every = max(1, math.ceil(30 / band)) if band > 0 else 1
    show_totals = band >= 22
    scale = plot_height / max_total if max_total > 0 else 0.0

    columns = []
    for i, year in enumerate(years_t):
        x = plot_x + i * band + (band - bar_width) / 2
        cumulative = 0
        boundary = _r(baseline)
        segments = []
        for s in series_t:
            value = s.counts[i]
            if value == 0:
                continue
            cumulative += value
            top = _r(baseline - cumulative * scale)
            segments.append(
                Segment(
                    series_id=s.id,
                    series_label=s.label,
                    texture=s.texture,
                    year=year,
                    value=value,
                    x=_r(x),
                    y=top,
                    width=_r(bar_width),
                    height=_r(boundary - top),
                    summary=f"{s.label}, {year}: {value} {value_label}",
                )
            )
            boundary = top
        column_top = _r(baseline - totals[i] * scale)
        columns.append(
            YearColumn(
                year=year,
                total=totals[i],
                x=_r(x),
                width=_r(bar_width),
                top=column_top,
                height=_r(baseline - column_top),
                centre_x=_r(x + bar_width / 2),
                label_y=_r(baseline + 16),
                show_label=i % label_every == 0,
                total_y=_r(column_top - 5),
                show_total=show_totals and totals[i] > 0,
                summary=f"{year}: {totals[i]} {value_label} in total",
                segments=tuple(segments),
            )
        )

    ticks = _value_ticks(
        max_total,
        baseline,
        plot_height,
        direction=-1,
        min_gap=16.0,
        label_at=plot_x - 6,
        horizontal=False,
    )

    if empty:
        description = f"{title}: no data."
    else:
        peak = max(range(len(years_t)), key=lambda i: (totals[i], -i))
        names = ", ".join(s.label for s in series_t)
        description = (
            f"Stacked column chart of {value_label} per year from {years_t[0]} to {years_t[-1]}, "
            f"split by {names}. The highest total is {totals[peak]} in {years_t[peak]}. "
            "All values are listed in the table that follows."
        )

    # Here the "No data" note sits on the middle line of the plot.
    frame = _plot_frame(width, height, plot_x, plot_y, plot_width, plot_height, empty_shift=0.0)
    return StackedYearChart(
        **asdict(frame),
        id=chart_id or slugify(title),
        title=title,
        description=description,
        value_label=value_label,
        caption=caption,
        year_header=year_header,
        total_header=total_header,
        baseline_y=_r(baseline),
        axis_label_x=frame.empty_x,  # centred under the plot, like the note
        axis_label_y=_r(baseline + 34),
        max_total=max_total,
        ticks=ticks,
        columns=tuple(columns),
        series=tuple(series_t),
        legend=legend,
        years=years_t,
        totals=totals,
        column_count=len(series_t) + 2,
        empty=empty,
    )


# ---------------------------------------------------------------------------
# Timeline of clusters through the programme levels
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Lane:
    """Input for :func:`timeline`: one cluster and its level periods.

    ``segments`` are ``(start_year, end_year_or_None, level_id, text)``;
    ``None`` as end means the period is ongoing.
    """

    label: str
    href: str | None
    segments: Sequence[tuple[float, float | None, str, str]]


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


def _as_lane(lane: Lane | Sequence) -> Lane:
    """Normalise a lane; segments may carry display texts for their ends as items 5 and 6."""
    if not isinstance(lane, Lane):
        label, href, segments = lane
        lane = Lane(str(label), href, segments)
    segments = tuple(tuple(seg) + (None,) * (6 - len(seg)) for seg in lane.segments)
    return Lane(lane.label, lane.href, segments)


def timeline(
    title: str,
    lanes: Sequence[Lane] | Sequence[tuple[str, str | None, Sequence]],
    *,
    start_year: float | None = None,
    end_year: float | None = None,
    events: Sequence[tuple[float, str]] = (),
    level_labels: dict[str, str] | None = None,
    textures: Mapping[str, str] | None = None,
    caption: str | None = None,
    open_label: str = "ongoing",
    headers: tuple[str, str, str, str] = ("Cluster", "Level", "From", "To"),
    events_header: tuple[str, str] = ("Year", "Milestone"),
    chart_id: str | None = None,
    width: float = 720,
    label_max_width: float = 200,
) -> TimelineChart:
    """Lay out one lane per cluster on a shared year axis.

    ``start_year``/``end_year`` default to the whole years around the data
    (events included); an open-ended segment runs to ``end_year``.  Segments
    in each lane are sorted by start year.  ``events`` are ``(year, label)``
    milestones drawn as vertical markers; ``level_labels`` maps level ids to
    the names shown in the legend (the legend lists levels in order of first
    appearance).
    """
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
    lane_height = 28.0
    bar_height = 18.0

    label_width, max_chars = _label_column((lane.label for lane in lanes_in), label_max_width)

    plot_x = margin + label_width + label_gap
    plot_width = width - plot_x - margin - 16  # keep the last year label inside

    # Legend of the levels that occur, in order of first appearance.
    level_order: list[str] = []
    for lane in lanes_in:
        for _, _, level_id, *_ in sorted(lane.segments, key=lambda seg: float(seg[0])):
            if level_id not in level_order:
                level_order.append(level_id)
    legend, legend_bottom = _legend(
        (
            (level_id, level_labels.get(level_id, level_id), _texture_for(level_id, index, textures))
            for index, level_id in enumerate(level_order)
        ),
        plot_x,
        margin,
        width - margin,
    )

    axis_y = legend_bottom + 18  # year labels sit above this line
    plot_y = axis_y + 6
    n_lanes = max(len(lanes_in), 1)
    plot_height = n_lanes * lane_height

    def x_of(year: float) -> float:
        clamped = min(max(year, axis_start), axis_end)
        return plot_x + (clamped - axis_start) / span * plot_width

    out_lanes = []
    for index, lane in enumerate(lanes_in):
        y = plot_y + index * lane_height
        bar_y = y + (lane_height - bar_height) / 2
        centre = y + lane_height / 2
        segments = []
        ordered = sorted(lane.segments, key=lambda seg: (float(seg[0]), float("inf") if seg[1] is None else float(seg[1])))
        for start, end, level_id, text, start_label, end_label in ordered:
            start_f = float(start)
            end_f = None if end is None else float(end)
            if end_f is not None and end_f < start_f:
                raise ValueError(f"segment of {lane.label!r} ends ({end_f}) before it starts ({start_f})")
            # Round the ends first so that touching periods share an edge.
            x1 = _r(x_of(start_f))
            x2 = _r(x_of(axis_end if end_f is None else end_f))
            seg_width = _r(max(x2 - x1, 0.0))
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
                    text_y=_r(centre + SMALL_BASELINE_SHIFT),
                    show_text=_text_width(text, SMALL_CHAR_WIDTH) + 10 <= seg_width,
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
                label_x=_r(plot_x - label_gap),
                label_y=_r(centre + BASELINE_SHIFT),
                rowspan=max(len(segments), 1),
                segments=tuple(segments),
            )
        )

    # Year ticks: whole years, step chosen so labels are >= ~40 units apart.
    first_year = math.ceil(axis_start)
    last_year = math.floor(axis_end)
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100):
        step = candidate
        if candidate * plot_width / span >= 40:
            break
    year_ticks = []
    first_tick = int(math.ceil(first_year / step) * step)
    for year in range(first_tick, last_year + 1, step):
        pos = _r(x_of(year))
        year_ticks.append(Tick(year, str(year), pos, pos, _r(axis_y - 6)))

    # Milestone markers below the lanes; labels greedily stacked in rows so
    # they do not overlap.
    lanes_bottom = plot_y + plot_height
    row_ends: list[float] = []
    out_events = []
    # Events are (year, label) or (year, label, year_text) when the year is a fraction.
    normalised = [(float(e[0]), str(e[1]), e[2] if len(e) > 2 else _format_year(float(e[0]))) for e in events]
    for year, label, year_text in sorted(normalised, key=lambda e: e[0]):
        x = x_of(year)
        text = f"{year_text}: {label}"
        text_width = _text_width(text, SMALL_CHAR_WIDTH)
        if x + 4 + text_width <= width - margin:
            anchor, left, right, label_x = "start", x, x + 4 + text_width, x + 4
        else:
            anchor, left, right, label_x = "end", x - 4 - text_width, x, x - 4
        for row, end in enumerate(row_ends):
            if left >= end + 8:
                row_ends[row] = right
                break
        else:
            row = len(row_ends)
            row_ends.append(right)
        label_y = lanes_bottom + 16 + row * 16
        out_events.append(
            TimelineEvent(
                year=year,
                year_text=year_text,
                label=label,
                text=text,
                x=_r(x),
                line_y1=_r(plot_y - 4),
                line_y2=_r(label_y - 10),
                label_x=_r(label_x),
                label_y=_r(label_y),
                anchor=anchor,
            )
        )
    height = lanes_bottom + 10 + 16 * len(row_ends) + 6

    if empty:
        description = f"{title}: no data."
    else:
        description = (
            f"Timeline of {len(lanes_in)} clusters from {_format_year(axis_start)} to "
            f"{_format_year(axis_end)}, showing the periods each spent at each programme level"
            + (f", with {len(out_events)} programme milestones" if out_events else "")
            + ". The same periods are listed in the table that follows."
        )

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
    )
