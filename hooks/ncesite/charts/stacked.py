"""Stacked column chart: one column per year, stacked by series (such as levels)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import NamedTuple

from ..wording import ENGLISH, Wording
from .frame import (
    SMALL_CHAR_WIDTH,
    CountNoun,
    LegendItem,
    PlotFrame,
    Tick,
    _legend,
    _plot_frame,
    _r,
    _text_width,
    _texture_for,
    _value_ticks,
    clusters_noun,
    slugify,
)

# ---------------------------------------------------------------------------
# Stacked vertical bars per year
# ---------------------------------------------------------------------------


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


class YearNote(NamedTuple):
    """Why the figures of some years are incomplete; partial years refer to it by number."""

    number: int
    label: str  # the period it is about, such as "2002–2013"
    text: str


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
    partial: bool = False  # the data for the year is incomplete: drawn paler, with a dashed outline


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
    column_count: int  # table columns: year, one per series, total (and the data's completeness)
    empty: bool
    year_notes: tuple[tuple[int, ...], ...] = ()  # per year: the notes that make it partial (none: complete)
    notes: tuple[YearNote, ...] = ()
    coverage_header: str | None = None  # the table's column on completeness, when a year is partial
    complete_text: str = ""
    partial_text: str = ""


class YearSeries(NamedTuple):
    """One series of a stacked column chart: its id (such as a level id), its label and
    one count per year."""

    id: str
    label: str
    counts: Sequence[int]


@dataclass(frozen=True)
class _ColumnLayout:
    """Where the year columns stand: each year has an equal band of the plot's width and
    its column fills the middle of it; ``unit`` is the height of a count of one."""

    plot_x: float
    baseline: float
    band: float
    bar_width: float
    unit: float
    label_every: int  # a year label on every n-th column, so that labels do not collide
    show_totals: bool  # a band too narrow for a total above its column shows none

    def column_x(self, index: int) -> float:
        return self.plot_x + index * self.band + (self.band - self.bar_width) / 2


def _checked_series(
    series: Sequence[YearSeries], year_count: int, textures: Mapping[str, str] | None
) -> list[Series]:
    """The series with their textures; each must have one count, none negative, per year."""
    checked: list[Series] = []
    for index, (series_id, label, counts) in enumerate(YearSeries(*s) for s in series):
        counts_t = tuple(int(count) for count in counts)
        if len(counts_t) != year_count:
            raise ValueError(
                f"series {series_id!r} has {len(counts_t)} counts for {year_count} years"
            )
        if any(count < 0 for count in counts_t):
            raise ValueError(f"series {series_id!r} has negative counts")
        checked.append(Series(str(series_id), str(label), _texture_for(str(series_id), index, textures), counts_t))
    return checked


def _column_layout(
    year_count: int, max_total: int, plot_x: float, plot_width: float, baseline: float, plot_height: float
) -> _ColumnLayout:
    """Columns for ``year_count`` years, the tallest stack reaching the top of the plot."""
    band = plot_width / max(year_count, 1)
    return _ColumnLayout(
        plot_x=plot_x,
        baseline=baseline,
        band=band,
        bar_width=band * 0.7,
        unit=plot_height / max_total if max_total > 0 else 0.0,
        label_every=max(1, math.ceil(30 / band)) if band > 0 else 1,
        show_totals=band >= 22,
    )


def _stack(index: int, year: int, series: Sequence[Series], layout: _ColumnLayout, noun: CountNoun) -> tuple[Segment, ...]:
    """The pieces of a year's column, first series at the bottom; series with none are left out."""
    x = layout.column_x(index)
    cumulative = 0
    boundary = _r(layout.baseline)
    segments = []
    for s in series:
        value = s.counts[index]
        if value == 0:
            continue
        cumulative += value
        top = _r(layout.baseline - cumulative * layout.unit)
        segments.append(
            Segment(
                series_id=s.id,
                series_label=s.label,
                texture=s.texture,
                year=year,
                value=value,
                x=_r(x),
                y=top,
                width=_r(layout.bar_width),
                height=_r(boundary - top),
                summary=f"{s.label}, {year}: {noun.of(value)}",
            )
        )
        boundary = top
    return tuple(segments)


def _year_column(
    index: int,
    year: int,
    total: int,
    series: Sequence[Series],
    layout: _ColumnLayout,
    noun: CountNoun,
    partial: bool,
    wording: Wording,
) -> YearColumn:
    x = layout.column_x(index)
    column_top = _r(layout.baseline - total * layout.unit)
    return YearColumn(
        year=year,
        total=total,
        x=_r(x),
        width=_r(layout.bar_width),
        top=column_top,
        height=_r(layout.baseline - column_top),
        centre_x=_r(x + layout.bar_width / 2),
        label_y=_r(layout.baseline + 16),
        show_label=index % layout.label_every == 0,
        total_y=_r(column_top - 5),
        show_total=layout.show_totals and total > 0,
        summary=wording.IN_TOTAL.format(year=year, amount=noun.of(total))
        + (f" ({wording.PARTIAL_DATA})" if partial else ""),
        segments=_stack(index, year, series, layout, noun),
        partial=partial,
    )


def _description(
    title: str,
    years: Sequence[int],
    series: Sequence[Series],
    totals: Sequence[int],
    noun: CountNoun,
    summary: str | None,
    wording: Wording,
) -> str:
    """The chart's text alternative: the years it covers, its series and its peak year."""
    if not years:
        description = wording.CHART_NO_DATA.format(title=title)
    else:
        peak = max(range(len(years)), key=lambda i: (totals[i], -i))
        names = ", ".join(s.label for s in series)
        description = wording.STACKED_CHART.format(things=noun.plural, first=years[0], last=years[-1],
                                                   names=names, total=totals[peak], year=years[peak])
    if summary:
        description = f"{description} {summary}"
    return description


def stacked_year_chart(
    title: str,
    years: Sequence[int],
    series: Sequence[YearSeries],
    *,
    textures: Mapping[str, str] | None = None,
    noun: CountNoun | None = None,
    caption: str | None = None,
    year_header: str | None = None,
    total_header: str | None = None,
    chart_id: str | None = None,
    width: float = 680,
    plot_height: float = 240,
    partial: Mapping[int, Sequence[int]] | None = None,
    notes: Sequence[YearNote] = (),
    summary: str | None = None,
    wording: Wording = ENGLISH,
) -> StackedYearChart:
    """Lay out vertical bars per year, stacked in ``series`` order (first
    series at the bottom).  The tallest stack reaches the top of the plot.

    ``partial`` maps each year whose data is incomplete to the numbers of the
    ``notes`` that say why: its column is marked, and the table says so in a
    column of its own with the notes below. ``summary`` is added to the text
    alternative (say there which years are partial, and why)."""
    partial = {int(year): tuple(numbers) for year, numbers in (partial or {}).items()}
    notes_t = tuple(YearNote(*note) for note in notes)
    noun = noun or clusters_noun(wording)
    year_header = year_header or wording.YEAR
    total_header = total_header or wording.TOTAL
    years_t = tuple(int(year) for year in years)
    series_t = _checked_series(series, len(years_t), textures)
    totals = tuple(sum(s.counts[i] for s in series_t) for i in range(len(years_t)))
    max_total = max(totals, default=0)

    margin = 8.0
    tick_width = _text_width(str(max_total), SMALL_CHAR_WIDTH) + 10
    plot_x = margin + max(tick_width, 24.0)
    plot_width = width - plot_x - margin
    legend, legend_bottom = _legend(((s.id, s.label, s.texture) for s in series_t), plot_x, margin, width - margin)
    plot_y = legend_bottom + 18  # room for the total above the tallest column
    baseline = plot_y + plot_height
    layout = _column_layout(len(years_t), max_total, plot_x, plot_width, baseline, plot_height)
    columns = tuple(_year_column(i, year, totals[i], series_t, layout, noun, year in partial, wording)
                    for i, year in enumerate(years_t))
    ticks = _value_ticks(max_total, baseline, plot_height, direction=-1, min_gap=16.0, label_at=plot_x - 6, horizontal=False)
    description = _description(title, years_t, series_t, totals, noun, summary, wording)
    marked = any(year in partial for year in years_t)

    # Here the "No data" note sits on the middle line of the plot; year labels and axis title go below.
    frame = _plot_frame(width, baseline + 40, plot_x, plot_y, plot_width, plot_height, empty_shift=0.0)
    return StackedYearChart(
        **asdict(frame),
        id=chart_id or slugify(title),
        title=title,
        description=description,
        value_label=noun.plural,
        caption=caption,
        year_header=year_header,
        total_header=total_header,
        baseline_y=_r(baseline),
        axis_label_x=frame.empty_x,  # centred under the plot, like the note
        axis_label_y=_r(baseline + 34),
        max_total=max_total,
        ticks=ticks,
        columns=columns,
        series=tuple(series_t),
        legend=legend,
        years=years_t,
        totals=totals,
        column_count=len(series_t) + 2 + marked,
        empty=not years_t,
        year_notes=tuple(partial.get(year, ()) for year in years_t),
        notes=notes_t,
        coverage_header=wording.COVERAGE if marked else None,
        complete_text=wording.COMPLETE,
        partial_text=wording.PARTIAL,
    )
