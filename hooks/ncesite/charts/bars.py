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


# Sizes in SVG user units.
_MARGIN = 8.0
_LABEL_GAP = 8.0  # between a label and its bar
_VALUE_GAP = 6.0  # between a bar and its value
_BAR_HEIGHT = 22.0
_ROW_GAP = 10.0
_TOP = 10.0  # the top of the plot and of its first bar
_AXIS_SPACE = 40.0  # tick labels + axis title under the bars


def _checked_rows(rows: Sequence[BarRow]) -> list[tuple[str, int, str | None]]:
    """The rows as (label, value, series id); no value may be negative."""
    clean: list[tuple[str, int, str | None]] = []
    for row in (BarRow(*row) for row in rows):
        label, value = str(row.label), int(row.value)
        if value < 0:
            raise ValueError(f"bar_chart values must not be negative: {label!r}={value}")
        clean.append((label, value, str(row.series_id) if row.series_id else None))
    return clean


def _bars(
    rows: Sequence[tuple[str, int, str | None]], plot_x: float, unit: float, max_chars: int, noun: CountNoun
) -> tuple[Bar, ...]:
    """One bar per row from the top of the plot down; ``unit`` is the length of a value of one."""
    bars = []
    for index, (label, value, series_id) in enumerate(rows):
        y = _TOP + index * (_BAR_HEIGHT + _ROW_GAP)
        bar_width = value * unit
        centre = y + _BAR_HEIGHT / 2
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
                height=_r(_BAR_HEIGHT),
                label_x=_r(plot_x - _LABEL_GAP),
                label_y=_r(centre + BASELINE_SHIFT),
                value_x=_r(plot_x + bar_width + _VALUE_GAP),
                value_y=_r(centre + BASELINE_SHIFT),
                summary=f"{label}: {noun.of(value)}",
                series_id=series_id,
            )
        )
    return tuple(bars)


def _description(title: str, rows: Sequence[tuple[str, int, str | None]], noun: CountNoun, wording: Wording) -> str:
    """The chart's text alternative: how many bars, and the largest."""
    if not rows:
        return wording.CHART_NO_DATA.format(title=title)
    top_bar = max(rows, key=lambda item: item[1])
    return wording.BAR_CHART.format(count=len(rows), label=top_bar[0], value=noun.of(top_bar[1]))


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
    clean = _checked_rows(rows)
    max_value = max((value for _, value, _ in clean), default=0)

    label_width, max_chars = _label_column((label for label, _, _ in clean), label_max_width)
    value_width = _text_width(str(max_value)) + _VALUE_GAP + 4
    plot_x = _MARGIN + label_width + _LABEL_GAP
    plot_width = width - plot_x - value_width - _MARGIN
    n_rows = max(len(clean), 1)
    plot_height = n_rows * _BAR_HEIGHT + (n_rows - 1) * _ROW_GAP
    axis_y = _TOP + plot_height + _ROW_GAP / 2

    bars = _bars(clean, plot_x, plot_width / max_value if max_value > 0 else 0.0, max_chars, noun)
    ticks = _value_ticks(max_value, plot_x, plot_width, direction=1, min_gap=28.0, label_at=axis_y + 14, horizontal=True)
    frame = _plot_frame(width, axis_y + _AXIS_SPACE, plot_x, _TOP, plot_width, plot_height)
    return BarChart(
        **asdict(frame),
        id=chart_id or slugify(title),
        title=title,
        description=_description(title, clean, noun, wording),
        value_label=noun.plural,
        caption=caption,
        label_header=label_header,
        value_header=_capitalise(noun.plural),
        axis_y=_r(axis_y),
        axis_label_x=frame.empty_x,  # centred under the plot, like the note
        axis_label_y=_r(axis_y + 32),
        max_value=max_value,
        ticks=ticks,
        bars=bars,
        rows=tuple((label, value) for label, value, _ in clean),
        empty=not clean,
    )
