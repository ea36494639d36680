"""Tests for the build-time charts: geometry in hooks/ncesite/charts.py and
the Jinja partial overrides/partials/nce/charts.html."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from ncesite import i18n
from ncesite.charts import (
    BarChart,
    CountNoun,
    Lane,
    StackedYearChart,
    TimelineChart,
    bar_chart,
    nice_step,
    slugify,
    stacked_year_chart,
    timeline,
)

ROOT = Path(__file__).resolve().parents[1]

OVERRIDES = ROOT / "overrides"
PARTIAL = "partials/nce/charts.html"

LEVELS = [
    ("arena", "Arena"),
    ("arena-pro", "Arena Pro"),
    ("nce", "NCE"),
    ("gce", "GCE"),
    ("mature", "Mature"),
    ("former", "Former"),
]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def macros(autoescape: bool = True):
    env = Environment(loader=FileSystemLoader(str(OVERRIDES)), autoescape=autoescape)
    i18n.install(env, "en")  # the templates' own words come from the message catalogue
    return env.get_template(PARTIAL).module


def render(chart, autoescape: bool = True) -> str:
    module = macros(autoescape)
    if isinstance(chart, BarChart):
        return str(module.bar_chart(chart))
    if isinstance(chart, StackedYearChart):
        return str(module.stacked_year_chart(chart))
    if isinstance(chart, TimelineChart):
        return str(module.timeline(chart))
    raise TypeError(chart)


def parse(html: str) -> ET.Element:
    """The partial emits well-formed markup, so it parses as XML."""
    return ET.fromstring(f"<root>{html}</root>")


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext()).strip()


def floats_in(value):
    """Every float anywhere inside a (nested) dataclass."""
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from floats_in(getattr(value, field.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from floats_in(item)
    elif isinstance(value, float):
        yield value


def sample_lanes():
    return [
        Lane(
            "NCE Maritime CleanTech",
            "clusters/maritime-cleantech/",
            [(2017, None, "gce", "GCE"), (2011, 2014, "arena", "Arena"), (2014, 2017, "nce", "NCE")],
        ),
        ("Arena Helse", "clusters/arena-helse/", [(2013, 2016.5, "arena", "Arena")]),
        ("Oslo Cancer Cluster", None, [(2007, 2014, "nce", "NCE"), (2014, None, "gce", "GCE")]),
    ]


# ---------------------------------------------------------------------------
# Bar chart geometry
# ---------------------------------------------------------------------------


def test_bar_lengths_are_proportional_to_values():
    chart = bar_chart("Clusters by region", [("Vestland", 14), ("Oslo", 7), ("Agder", 2), ("Nord", 0)])
    widths = {bar.label: bar.width for bar in chart.bars}
    unit = chart.plot_width / 14
    for bar in chart.bars:
        assert bar.width == pytest.approx(bar.value * unit, abs=0.1)
        assert bar.x == chart.plot_x
    assert widths["Vestland"] == pytest.approx(2 * widths["Oslo"], abs=0.1)
    assert widths["Nord"] == 0


def test_longest_bar_fills_the_plot_width():
    chart = bar_chart("Members", [("A", 3), ("B", 17), ("C", 9)])
    longest = max(chart.bars, key=lambda bar: bar.value)
    assert longest.width == pytest.approx(chart.plot_width, abs=0.05)
    assert longest.x + longest.width == pytest.approx(chart.plot_right, abs=0.1)
    # Value text sits just after the bar and still inside the drawing.
    assert longest.value_x > longest.x + longest.width
    assert longest.value_x < chart.width


def test_bars_and_labels_fit_the_viewbox():
    chart = bar_chart("Fit", [(f"Label {i}", i * 3) for i in range(8)])
    assert chart.viewbox == f"0 0 {chart.width:g} {chart.height:g}"
    for previous, bar in zip(chart.bars, chart.bars[1:]):
        assert bar.y >= previous.y + previous.height  # rows do not overlap
    for bar in chart.bars:
        assert 0 < bar.label_x < bar.x
        assert bar.y + bar.height <= chart.axis_y <= chart.height
    assert all(tick.label_y < chart.height for tick in chart.ticks)


@pytest.mark.parametrize("rows", [[], [("A", 0), ("B", 0)]])
def test_empty_and_all_zero_input(rows):
    chart = bar_chart("Nothing yet", rows)
    assert chart.empty is (not rows)
    assert chart.max_value == 0
    assert [tick.value for tick in chart.ticks] == [0]
    assert all(bar.width == 0 for bar in chart.bars)
    assert chart.width > 0 and chart.height > 0
    html = render(chart)
    assert "<table" in html
    if not rows:
        assert "No data" in html


@pytest.mark.parametrize("maximum", [1, 2, 3, 5, 7, 10, 14, 17, 23, 99, 100, 101, 1234])
def test_ticks_are_integers_covering_the_maximum(maximum):
    chart = bar_chart("Ticks", [("Top", maximum), ("Half", maximum // 2)])
    values = [tick.value for tick in chart.ticks]
    assert all(isinstance(value, int) for value in values)
    assert values[0] == 0
    assert values[-1] >= maximum
    assert values == sorted(set(values))
    assert 2 <= len(values) <= 7
    # Ticks sit where their value is on the bar scale.
    for tick in chart.ticks:
        assert tick.pos == pytest.approx(chart.plot_x + tick.value / maximum * chart.plot_width, abs=0.1)
        assert tick.text == str(tick.value)
    # Regular steps of 1, 2 or 5 times a power of ten (the last may be shorter).
    step = values[1] - values[0]
    assert step == nice_step(maximum)
    assert all(b - a == step for a, b in zip(values[:-2], values[1:-1]))


def test_long_labels_are_shortened_in_the_svg_only():
    long_label = "Møre og Romsdal og en svært lang regionbetegnelse som aldri tar slutt"
    chart = bar_chart("Long labels", [(long_label, 4), ("Oslo", 2)], label_max_width=180)
    bar = chart.bars[0]
    assert bar.truncated
    assert bar.display_label.endswith("\u2026")
    assert len(bar.display_label) < len(long_label)
    assert long_label.startswith(bar.display_label[:-1])
    assert bar.label == long_label
    # The label column is capped, so the plot keeps most of the width.
    assert chart.plot_x <= 8 + 180 + 8 + 0.1
    assert not chart.bars[1].truncated

    root = parse(render(chart))
    svg_texts = [text_of(t) for t in root.iter() if local(t.tag) == "text"]
    assert bar.display_label in svg_texts
    assert long_label not in svg_texts
    titles = [text_of(t) for t in root.iter() if local(t.tag) == "title"]
    assert any(long_label in title for title in titles)
    row_headers = [text_of(th) for th in root.iter("th") if th.get("scope") == "row"]
    assert long_label in row_headers


def test_label_column_follows_the_longest_label():
    short = bar_chart("Short", [("A", 1), ("BB", 2)])
    longer = bar_chart("Longer", [("A", 1), ("Trøndelag", 2)])
    assert short.plot_x < longer.plot_x


def test_negative_values_are_rejected():
    with pytest.raises(ValueError):
        bar_chart("Bad", [("A", -1)])


def test_geometry_is_rounded():
    args = ("Clusters", [("A", 3), ("B", 7), ("C", 11)])
    stacked = stacked_year_chart("Years", [2020, 2021, 2022], [("arena", "Arena", [1, 2, 3]), ("nce", "NCE", [3, 1, 7])])
    line = timeline("Paths", sample_lanes(), events=[(2014.3, "Change")])
    for chart in (bar_chart(*args), stacked, line):
        for value in floats_in(chart):
            assert value == round(value, 1)


def test_slug_ids():
    assert slugify("Clusters by level, per year") == "chart-clusters-by-level-per-year"
    assert slugify("Klynger i Trøndelag og Møre") == "chart-klynger-i-trondelag-og-more"
    assert slugify("2024") == "chart-2024"
    assert slugify("!!!") == "chart"
    assert bar_chart("Antall klynger", []).id == "chart-antall-klynger"
    assert bar_chart("Same", [], chart_id="custom-id").id == "custom-id"


# ---------------------------------------------------------------------------
# Stacked year chart geometry
# ---------------------------------------------------------------------------


def stacked_sample():
    years = [2018, 2019, 2020, 2021]
    series = [
        ("arena", "Arena", [3, 4, 0, 5]),
        ("nce", "NCE", [7, 6, 8, 3]),
        ("gce", "GCE", [1, 2, 3, 3]),
    ]
    return stacked_year_chart("Clusters by level per year", years, series)


def test_stacked_segments_sum_to_the_year_total_height():
    chart = stacked_sample()
    scale = chart.plot_height / chart.max_total
    for column in chart.columns:
        heights = sum(segment.height for segment in column.segments)
        assert heights == pytest.approx(column.height, abs=0.05)
        assert column.height == pytest.approx(column.total * scale, abs=0.1)
        assert column.top + column.height == pytest.approx(chart.baseline_y, abs=0.05)
        # Segments touch: each starts where the one below ends, bottom first.
        bottom = chart.baseline_y
        for segment in column.segments:
            assert segment.y + segment.height == pytest.approx(bottom, abs=0.05)
            assert segment.height == pytest.approx(segment.value * scale, abs=0.1)
            assert segment.x == column.x and segment.width == column.width
            bottom = segment.y
        assert bottom == pytest.approx(column.top, abs=0.05)


def test_stacked_tallest_column_reaches_the_top_and_ticks_cover_it():
    chart = stacked_sample()
    assert chart.totals == (11, 12, 11, 11)
    assert chart.max_total == 12
    tallest = max(chart.columns, key=lambda column: column.total)
    assert tallest.top == pytest.approx(chart.plot_y, abs=0.05)
    values = [tick.value for tick in chart.ticks]
    assert values[0] == 0 and values[-1] >= chart.max_total
    assert all(isinstance(value, int) for value in values)
    assert chart.ticks[0].pos == chart.baseline_y
    assert chart.ticks[-1].pos == pytest.approx(chart.plot_y, abs=0.05)


def test_stacked_segments_carry_series_ids_and_skip_zeros():
    chart = stacked_sample()
    column_2020 = chart.columns[2]
    assert [segment.series_id for segment in column_2020.segments] == ["nce", "gce"]
    assert {segment.series_id for column in chart.columns for segment in column.segments} == {"arena", "nce", "gce"}
    # Every series keeps a distinct texture so it is not told apart by colour alone.
    textures = [series.texture for series in chart.series]
    assert len(set(textures)) == len(textures)
    assert [item.series_id for item in chart.legend] == ["arena", "nce", "gce"]


def test_stacked_empty_and_zero_input():
    empty = stacked_year_chart("Empty", [], [])
    assert empty.empty and empty.columns == () and [t.value for t in empty.ticks] == [0]
    zeros = stacked_year_chart("Zeros", [2020, 2021], [("nce", "NCE", [0, 0])])
    assert zeros.max_total == 0
    assert all(column.height == 0 and column.segments == () for column in zeros.columns)
    for chart in (empty, zeros):
        assert "<table" in render(chart)


def test_stacked_rejects_mismatched_counts():
    with pytest.raises(ValueError):
        stacked_year_chart("Bad", [2020, 2021], [("nce", "NCE", [1])])


def test_stacked_many_years_thins_year_labels():
    years = list(range(1990, 2025))
    chart = stacked_year_chart("Long", years, [("nce", "NCE", [1] * len(years))])
    shown = [column for column in chart.columns if column.show_label]
    assert chart.columns[0].show_label
    assert 0 < len(shown) < len(years)


# ---------------------------------------------------------------------------
# Timeline geometry
# ---------------------------------------------------------------------------


def test_timeline_segments_are_ordered_and_open_ones_reach_the_axis_end():
    chart = timeline("Paths", sample_lanes(), start_year=2006, end_year=2025)
    assert chart.plot_x + chart.plot_width == pytest.approx(chart.plot_right, abs=0.05)
    for lane in chart.lanes:
        starts = [segment.start for segment in lane.segments]
        assert starts == sorted(starts)
        xs = [segment.x for segment in lane.segments]
        assert xs == sorted(xs)
        for segment in lane.segments:
            assert chart.plot_x <= segment.x <= chart.plot_right
            if segment.open_ended:
                assert segment.end is None
                assert segment.end_text == "ongoing"
                assert segment.x + segment.width == pytest.approx(chart.plot_right, abs=0.1)
                assert segment.arrow_points
            else:
                assert segment.arrow_points is None
    first = chart.lanes[0]
    assert [segment.level_id for segment in first.segments] == ["arena", "nce", "gce"]
    # Consecutive periods touch: Arena ends where NCE starts.
    arena, nce, gce = first.segments
    assert arena.x + arena.width == pytest.approx(nce.x, abs=0.1)
    assert nce.x + nce.width == pytest.approx(gce.x, abs=0.1)


def test_timeline_x_positions_are_linear_in_years():
    chart = timeline("Linear", sample_lanes(), start_year=2005, end_year=2025)
    per_year = chart.plot_width / 20
    for lane in chart.lanes:
        for segment in lane.segments:
            assert segment.x == pytest.approx(chart.plot_x + (segment.start - 2005) * per_year, abs=0.1)
    for tick in chart.ticks:
        assert isinstance(tick.value, int)
        assert tick.pos == pytest.approx(chart.plot_x + (tick.value - 2005) * per_year, abs=0.1)
    values = [tick.value for tick in chart.ticks]
    assert values[0] >= 2005 and values[-1] <= 2025
    assert values == sorted(values)


def test_timeline_default_axis_and_events():
    chart = timeline(
        "Programme",
        sample_lanes(),
        events=[(2014, "GCE launched"), (2006.5, "NCE launched"), (2014.2, "A second milestone close by")],
    )
    assert chart.start_year == 2006  # events extend the axis
    assert chart.end_year > 2017  # open periods need room after the last date
    assert [event.year for event in chart.events] == [2006.5, 2014, 2014.2]
    for event in chart.events:
        assert chart.plot_x <= event.x <= chart.plot_right
        assert event.label_y <= chart.height
        assert event.line_y2 < event.label_y
    # Two close events do not share a label row.
    close = [event for event in chart.events if 2014 <= event.year <= 2014.2]
    assert close[0].label_y != close[1].label_y


def test_timeline_lane_links_and_unsafe_hrefs():
    lanes = [("Good", "clusters/good/", [(2010, 2012, "nce", "NCE")]), ("Bad", "javascript:alert(1)", [])]
    chart = timeline("Links", lanes)
    assert chart.lanes[0].href == "clusters/good/"
    assert chart.lanes[1].href is None
    html = render(chart)
    assert "javascript:" not in html


def test_timeline_empty_and_invalid():
    chart = timeline("Nothing", [])
    assert chart.empty and chart.lanes == ()
    assert chart.end_year > chart.start_year
    assert "No data" in render(chart)
    with pytest.raises(ValueError):
        timeline("Backwards", [("X", None, [(2015, 2010, "nce", "NCE")])])


# ---------------------------------------------------------------------------
# Rendered HTML
# ---------------------------------------------------------------------------


def test_bar_chart_html_has_figure_svg_and_complete_table():
    rows = [("Vestland", 14), ("Oslo", 11), ("Trøndelag", 8), ("Tom", 0)]
    chart = bar_chart("Clusters by region", rows, caption="Active clusters in 2024.", label_header="County")
    html = render(chart)
    root = parse(html)
    figure = root.find("figure")
    assert figure is not None and figure.get("id") == chart.id
    figcaption = figure.find("figcaption")
    assert "Clusters by region" in text_of(figcaption)
    assert "Active clusters in 2024." in text_of(figcaption)

    svg = next(el for el in figure if local(el.tag) == "svg")
    assert svg.get("role") == "img"
    labelled_by = svg.get("aria-labelledby").split()
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert labelled_by and all(ref in ids for ref in labelled_by)
    assert {local(ids[ref].tag) for ref in labelled_by} == {"title", "desc"}
    assert text_of(ids[labelled_by[0]]) == "Clusters by region"

    table = figure.find(".//table")
    assert table is not None
    assert "Clusters by region" in text_of(table.find("caption"))
    col_headers = [text_of(th) for th in table.iter("th") if th.get("scope") == "col"]
    assert col_headers == ["County", "Clusters"]
    body_rows = table.find("tbody").findall("tr")
    assert len(body_rows) == len(rows)
    for (label, value), tr in zip(rows, body_rows):
        th = tr.find("th")
        assert th.get("scope") == "row" and text_of(th) == label
        assert text_of(tr.find("td")) == str(value)


def test_stacked_chart_html_table_matches_the_data():
    chart = stacked_sample()
    root = parse(render(chart))
    table = root.find(".//table")
    headers = [text_of(th) for th in table.find("thead").iter("th")]
    assert headers == ["Year", "Arena", "NCE", "GCE", "Total"]
    assert all(th.get("scope") == "col" for th in table.find("thead").iter("th"))
    for year, total, tr in zip(chart.years, chart.totals, table.find("tbody").findall("tr")):
        assert text_of(tr.find("th")) == str(year) and tr.find("th").get("scope") == "row"
        cells = [text_of(td) for td in tr.findall("td")]
        index = chart.years.index(year)
        assert cells == [str(s.counts[index]) for s in chart.series] + [str(total)]
    # Segments carry their series id as a class for CSS.
    classes = " ".join(el.get("class", "") for el in root.iter())
    for series_id in ("arena", "nce", "gce"):
        assert f"nce-chart__mark--{series_id}" in classes


def test_timeline_html_links_lanes_and_lists_periods():
    chart = timeline("Cluster paths", sample_lanes(), events=[(2014, "GCE launched")], start_year=2006, end_year=2025)
    root = parse(render(chart))
    table = root.find(".//table")
    row_headers = [th for th in table.iter("th") if th.get("scope") == "row"]
    assert [text_of(th) for th in row_headers] == ["NCE Maritime CleanTech", "Arena Helse", "Oslo Cancer Cluster"]
    link = row_headers[0].find("a")
    assert link is not None and link.get("href") == "clusters/maritime-cleantech/"
    assert row_headers[0].get("rowspan") == "3"
    assert row_headers[2].find("a") is None  # no href, no link
    cells = [text_of(td) for td in table.iter("td")]
    for expected in ("Arena", "NCE", "GCE", "2011", "2014", "2016.5", "ongoing"):
        assert expected in cells
    # The drawing is one image: no links inside it (they would be nested controls); the table links.
    svg = next(el for el in root.iter() if local(el.tag) == "svg")
    assert not [el for el in svg.iter() if local(el.tag) == "a"]
    # Milestones have their own table.
    tables = root.findall(".//table")
    assert len(tables) == 2
    assert "GCE launched" in text_of(tables[1])


def test_ids_are_unique_for_two_charts_on_a_page():
    first = bar_chart("Clusters by region", [("A", 1)])
    second = bar_chart("Clusters by level", [("B", 2)])
    third = stacked_sample()
    fourth = timeline("Cluster paths", sample_lanes(), events=[(2014, "Milestone")])
    page = "".join(render(chart) for chart in (first, second, third, fourth))
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert first.id != second.id
    # Every reference points to an id on the page.
    refs = re.findall(r'aria-labelledby="([^"]+)"', page)
    refs = [ref for group in refs for ref in group.split()]
    refs += re.findall(r'url\(#([^)]+)\)', page)
    assert refs and all(ref in ids for ref in refs)


@pytest.mark.parametrize("autoescape", [True, False])
def test_labels_are_escaped(autoescape):
    """Escaped with autoescape on (tests) and off (as MkDocs renders themes)."""
    nasty = "<b>x</b>"
    charts = [
        bar_chart(f"Title {nasty}", [(nasty, 3)], caption=nasty, noun=CountNoun("<i>v</i>", "<i>v</i>")),
        stacked_year_chart("Stacked", [2020], [("nce", nasty, [2])]),
        timeline("Timeline", [(nasty, "x/?a=1&b=2", [(2010, None, "nce", nasty)])], events=[(2012, nasty)]),
    ]
    for chart in charts:
        html = render(chart, autoescape=autoescape)
        assert "<b>" not in html and "<i>" not in html
        assert "&lt;b&gt;x&lt;/b&gt;" in html
        parse(html)  # still well-formed
    assert 'href="x/?a=1&amp;b=2"' in render(charts[2], autoescape=autoescape)


def test_partial_does_not_mark_anything_safe():
    source = (OVERRIDES / PARTIAL).read_text(encoding="utf-8")
    assert "|safe" not in source.replace(" ", "")


# ---------------------------------------------------------------------------
# Timeline for a narrow screen, and the rounds' labels
# ---------------------------------------------------------------------------


def _text_box(x: float, y: float, text: str, size: float, anchor: str = "start") -> tuple[float, float, float, float]:
    """A box around a line of text: an average character 0.565 of the font size wide (a sans-serif's),
    as tall as the font. (The browser test measures the drawn labels themselves.)"""
    width = len(text) * size * 0.565
    left = x if anchor == "start" else x - width
    return left, y - size, left + width, y + size * 0.25


def test_no_round_line_crosses_a_round_label():
    events = [(2006.5, "The first six NCEs"), (2007.2, "Three new NCEs"), (2009, "Three more NCEs"),
              (2014, "First GCEs"), (2015, "GCE and three new NCEs"), (2016, "One NCE"), (2017, "Two new NCEs"),
              (2018, "Three new NCEs"), (2021, "Four mature clusters")]
    for stacked, width, size in ((False, 720, 11), (True, 360, 11 * 16 / 13)):
        chart = timeline("Rounds", sample_lanes(), events=events, stacked=stacked, width=width)
        boxes = [_text_box(e.label_x, e.label_y, e.text, size, e.anchor) for e in chart.events]
        for left, top, right, bottom in boxes:
            assert 0 <= left and right <= width + 1, (stacked, left, right)
            for event in chart.events:
                crosses = left < event.x < right and event.line_y1 < bottom and top < event.line_y2
                assert not crosses, (stacked, event.text)
        for index, (left, top, right, bottom) in enumerate(boxes):  # and no label touches another
            for other in boxes[index + 1:]:
                assert not (left < other[2] and other[0] < right and top < other[3] and other[1] < bottom)


def test_a_stacked_timeline_puts_each_name_above_its_bar_across_the_whole_width():
    wide = timeline("Paths", sample_lanes(), start_year=2006, end_year=2025)
    narrow = timeline("Paths", sample_lanes(), start_year=2006, end_year=2025, stacked=True, width=360)
    assert narrow.stacked and not wide.stacked and narrow.width == 360
    assert narrow.plot_x == 8 and narrow.plot_width > 0.9 * (360 - 16 - 16)  # the bars take the width
    for lane in narrow.lanes:
        assert lane.label_anchor == "start" and lane.label_x == narrow.plot_x
        for segment in lane.segments:
            assert lane.label_y < segment.y  # the name on its own line, above the bar
            assert segment.y + segment.height <= lane.y + lane.height
    # The same periods, in the same order, as the wide chart.
    assert [[s.summary for s in lane.segments] for lane in narrow.lanes] == \
        [[s.summary for s in lane.segments] for lane in wide.lanes]
    html = render(narrow)
    assert 'text-anchor="start"' in html
