"""Build-time chart geometry for accessible inline SVG charts.

Everything a template needs to draw a chart is computed here and stored in
frozen dataclasses, so the Jinja partial ``partials/nce/charts.html`` only
loops and prints values.  All coordinates are in SVG user units (the
``viewbox`` of each chart) and rounded to one decimal, which keeps the output
deterministic and the generated HTML small.

One module per chart type, each a function from typed rows to a frozen chart:

* :func:`bar_chart` (bars.py) – horizontal bars, one per labelled value.
* :func:`stacked_year_chart` (stacked.py) – vertical bars per year, stacked by series
  (for example clusters per level per year).
* :func:`timeline` (timeline.py) – one lane per cluster showing its path through the
  programme levels, with year ticks and milestone markers.

The functions never divide by zero: empty input and all-zero values produce a
valid (empty-looking) chart with a single ``0`` tick.
"""

from .bars import Bar, BarChart, BarRow, bar_chart
from .frame import TEXTURES, CountNoun, LegendItem, PlotFrame, Tick, nice_step, slugify
from .stacked import Segment, Series, StackedYearChart, YearColumn, YearNote, YearSeries, stacked_year_chart
from .timeline import Event, Lane, Period, TimelineChart, TimelineEvent, TimelineLane, TimelineSegment, timeline

__all__ = [
    "Bar",
    "BarChart",
    "BarRow",
    "CountNoun",
    "Event",
    "Lane",
    "LegendItem",
    "Period",
    "PlotFrame",
    "Segment",
    "Series",
    "StackedYearChart",
    "TEXTURES",
    "Tick",
    "TimelineChart",
    "TimelineEvent",
    "TimelineLane",
    "TimelineSegment",
    "YearColumn",
    "YearNote",
    "YearSeries",
    "bar_chart",
    "nice_step",
    "slugify",
    "stacked_year_chart",
    "timeline",
]
