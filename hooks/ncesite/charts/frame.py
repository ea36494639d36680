"""What every chart shares: sizes, ticks, the plot frame, the label column and the legend.

All coordinates are SVG user units (the chart's viewBox), rounded to one decimal so
the output is deterministic and small.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..text import ascii_key

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


@dataclass(frozen=True)
class CountNoun:
    """What a chart counts, in the singular and the plural: "1 cluster", "3 clusters"."""

    singular: str
    plural: str

    def of(self, count: int) -> str:
        return f"{count} {self.singular if count == 1 else self.plural}"


CLUSTERS = CountNoun("cluster", "clusters")


def clusters_noun(wording) -> CountNoun:
    """"cluster"/"clusters" in the wording's language."""
    return CountNoun(wording.CLUSTER_NOUN, wording.CLUSTERS_NOUN)


def _r(value: float) -> float:
    """Round to one decimal and normalise ``-0.0`` to ``0.0``."""
    result = round(float(value), 1)
    return 0.0 if result == 0 else result


def slugify(text: str, prefix: str = "chart") -> str:
    """Return an HTML id made from ``text`` (ASCII, lower case, hyphens).

    The result always starts with ``prefix`` so it is a valid, predictable id
    even for titles that start with a digit or contain no letters at all.
    """
    slug = ascii_key(text)
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


def _texture_for(series_id: str, index: int, textures: Mapping[str, str] | None) -> str:
    """The texture given for a series (the site gives each level's), else one by position."""
    if textures and series_id in textures:
        return textures[series_id]
    return TEXTURES[index % len(TEXTURES)]


def _legend(
    items: Iterable[tuple[str, str, str]], x0: float, y0: float, max_x: float, text_scale: float = 1.0
) -> tuple[tuple[LegendItem, ...], float]:
    """Lay legend entries out left to right, wrapping at ``max_x``; ``text_scale`` is
    how much larger than SMALL_FONT_SIZE the stylesheet draws their text.

    Returns the items and the y just below the last legend row.
    """
    swatch = 12.0
    row_height = 20.0 * text_scale
    x, y = x0, y0
    placed = []
    for series_id, label, texture in items:
        item_width = swatch + 6 + _text_width(label, SMALL_CHAR_WIDTH * text_scale) + 16
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
                text_y=_r(y + swatch / 2 + SMALL_BASELINE_SHIFT * text_scale),
            )
        )
        x += item_width
    bottom = y + (row_height if placed else 0)
    return tuple(placed), bottom


