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
    series_t: list[Series] = []
    for index, (series_id, label, counts) in enumerate(YearSeries(*s) for s in series):
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
                    summary=f"{s.label}, {year}: {noun.of(value)}",
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
                summary=wording.IN_TOTAL.format(year=year, amount=noun.of(totals[i]))
                + (f" ({wording.PARTIAL_DATA})" if year in partial else ""),
                segments=tuple(segments),
                partial=year in partial,
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
        description = wording.CHART_NO_DATA.format(title=title)
    else:
        peak = max(range(len(years_t)), key=lambda i: (totals[i], -i))
        names = ", ".join(s.label for s in series_t)
        description = wording.STACKED_CHART.format(things=noun.plural, first=years_t[0], last=years_t[-1],
                                                   names=names, total=totals[peak], year=years_t[peak])
    if summary:
        description = f"{description} {summary}"
    marked = any(year in partial for year in years_t)

    # Here the "No data" note sits on the middle line of the plot.
    frame = _plot_frame(width, height, plot_x, plot_y, plot_width, plot_height, empty_shift=0.0)
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
        columns=tuple(columns),
        series=tuple(series_t),
        legend=legend,
        years=years_t,
        totals=totals,
        column_count=len(series_t) + 2 + marked,
        empty=empty,
        year_notes=tuple(partial.get(year, ()) for year in years_t),
        notes=notes_t,
        coverage_header=wording.COVERAGE if marked else None,
        complete_text=wording.COMPLETE,
        partial_text=wording.PARTIAL,
    )


