"""Horizontal bar chart: one bar per labelled value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import NamedTuple

from ..wording import ENGLISH, Wording
from .frame import (
    BASELINE_SHIFT,
    CountNoun,
    PlotFrame,
    Tick,
    _capitalise,
    _label_column,
    _plot_frame,
    _r,
    _text_width,
    _truncate,
    _value_ticks,
    clusters_noun,
    slugify,
)

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


class BarRow(NamedTuple):
    """One bar: its label, its value, and optionally the id of its series (such as a
    level id), which the template adds as a CSS class."""

    label: str
    value: int
    series_id: str | None = None


def bar_chart(
    title: str,
    rows: Sequence[BarRow],
    *,
    noun: CountNoun | None = None,
    caption: str | None = None,
    label_header: str | None = None,
    chart_id: str | None = None,
    width: float = 680,
    label_max_width: float = 220,
    wording: Wording = ENGLISH,
) -> BarChart:
    """Lay out a horizontal bar chart.

    ``rows`` are in display order (plain ``(label, value)`` tuples work too).
    The longest bar fills the plot width exactly and
    other bars are proportional to it.  Labels longer than the label column
    (at most ``label_max_width`` units) are shortened with an ellipsis in the
    SVG only.
    """
    noun = noun or clusters_noun(wording)
    label_header = label_header or wording.CATEGORY
    clean: list[tuple[str, int, str | None]] = []
    for row in (BarRow(*row) for row in rows):
        label, value = str(row.label), int(row.value)
        if value < 0:
            raise ValueError(f"bar_chart values must not be negative: {label!r}={value}")
        clean.append((label, value, str(row.series_id) if row.series_id else None))

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
                summary=f"{label}: {noun.of(value)}",
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
        description = wording.CHART_NO_DATA.format(title=title)
    else:
        top_bar = max(clean, key=lambda item: item[1])
        description = wording.BAR_CHART.format(count=len(clean), label=top_bar[0], value=noun.of(top_bar[1]))

    frame = _plot_frame(width, height, plot_x, plot_y, plot_width, plot_height)
    return BarChart(
        **asdict(frame),
        id=chart_id or slugify(title),
        title=title,
        description=description,
        value_label=noun.plural,
        caption=caption,
        label_header=label_header,
        value_header=_capitalise(noun.plural),
        axis_y=_r(axis_y),
        axis_label_x=frame.empty_x,  # centred under the plot, like the note
        axis_label_y=_r(axis_y + 32),
        max_value=max_value,
        ticks=ticks,
        bars=tuple(bars),
        rows=tuple((label, value) for label, value, _ in clean),
        empty=empty,
    )


