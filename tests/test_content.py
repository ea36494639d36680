"""What the pages built from the real data/ show: groups, counts, order and related lists.

Each expectation comes from the YAML through tests/expected.py (or is a literal),
never from the site code, so a bug that quietly changes a page turns a test red.
"""

from __future__ import annotations

import re

import pytest
from conftest import REPO
from expected import RELATED_LIMIT, Data, english
from markupsafe import escape as _escape
from pages import article, directory_groups, map_legend, related_lists, select_options, table_headings, table_rows, text_of

DATA = Data(REPO / "data")


def html_escape(text: str) -> str:
    """Text as Jinja's autoescaping writes it."""
    return str(_escape(text))

# Labels of the two groups that are not levels, as the directory and the statistics write them.
OTHER_GROUP_LABELS = {"former": "Former", "later": "Joined later"}

# Every list of levels follows programme.yml: its levels in order, then former and later.
ORDERS = [pytest.param(None, id="programme-yml")]


def group_label(group: str) -> str:
    return DATA.level_names.get(group) or OTHER_GROUP_LABELS[group]


def test_directory_has_each_cluster_in_its_group(published):
    groups = dict(directory_groups(published.page("clusters/index.html")))
    expected = {g: sorted(c.slug for c in DATA.clusters if c.group == g) for g in DATA.groups_present()}
    assert {g: sorted(slugs) for g, slugs in groups.items()} == expected


def test_directory_rows_are_in_name_order_within_each_group(published):
    for group, slugs in directory_groups(published.page("clusters/index.html")):
        names = [DATA.by_slug[slug].name for slug in slugs]
        assert names == sorted(names, key=str.casefold), group


@pytest.mark.parametrize("order", ORDERS)
def test_directory_groups_follow_the_level_order(published, order):
    html = published.page("clusters/index.html")
    assert [group for group, _ in directory_groups(html)] == DATA.groups_present(order)


@pytest.mark.parametrize("order", ORDERS)
def test_level_filter_offers_the_groups_in_the_level_order(published, order):
    options = select_options(published.page("clusters/index.html"), "level")
    assert options[1:] == [(g, group_label(g)) for g in DATA.groups_present(order)]


def test_level_filter_offers_each_group_present_with_its_label(published):
    options = select_options(published.page("clusters/index.html"), "level")
    assert options[0][0] == ""
    assert sorted(options[1:]) == sorted((g, group_label(g)) for g in DATA.groups_present())


def test_statistics_count_each_group_from_the_yaml(published):
    rows = table_rows(article(published.page("statistics.html")), "Clusters by level on")
    assert sorted(rows) == sorted((group_label(g), str(DATA.count(g))) for g in DATA.groups_present())


@pytest.mark.parametrize("order", ORDERS)
def test_statistics_list_the_groups_in_the_level_order(published, order):
    rows = table_rows(article(published.page("statistics.html")), "Clusters by level on")
    assert [label for label, _ in rows] == [group_label(g) for g in DATA.groups_present(order)]


def test_statistics_by_year_columns_follow_the_level_order_in_programme_yml(published):
    html = article(published.page("statistics.html"))
    table = html[html.index("Clusters by level and year"):]
    header = table[table.index("<thead>"):table.index("</thead>")]
    columns = [text_of(cell) for cell in header.split("</th>")[1:-2]]  # between "Year" and "Total"
    held = {p["level"] for c in DATA.clusters for p in c.record["status"]}
    assert columns == [DATA.level_names[level] for level in DATA.level_order if level in held]


def test_map_legend_follows_the_level_order_in_programme_yml(published):
    legend = map_legend(published.page("clusters/map.html"))
    # Every standing present has its own entry, "joined later" included (the level registry),
    # then the marker of a town with several clusters.
    assert [level for level, _ in legend] == [*DATA.groups_present(), "several"]
    for level, label in legend:
        if level in DATA.level_names:
            assert label.startswith(DATA.level_names[level]), label


def test_every_cluster_is_on_the_map_once(published):
    """A cluster alone in its town has its marker; one in a shared town is in the town's list."""
    html = published.page("clusters/map.html")
    figure = html[html.index('<figure class="nce-map"'):html.index("</figure>")]
    from pages import CLUSTER_LINK
    assert sorted(CLUSTER_LINK.findall(figure)) == sorted(c.slug for c in DATA.clusters if c.located)
    towns = {}
    for cluster in DATA.clusters:
        if cluster.located:
            towns.setdefault(cluster.record["city"], []).append(cluster)
    shared = {town: members for town, members in towns.items() if len(members) > 1}
    assert shared  # the real data has towns with several clusters
    for town, members in shared.items():
        marker = re.search(rf'<a class="nce-map__marker nce-map__marker--several" href="#nce-map-town-(\d+)" '
                           rf'aria-label="{re.escape(html_escape(town))}: {len(members)} clusters: ([^"]*)"', figure)
        assert marker, town
        assert all(html_escape(c.name) in marker.group(2) for c in members), town
        item = re.search(rf'<li id="nce-map-town-{marker.group(1)}">(.*?)</li>', figure, re.S).group(1)
        assert sorted(CLUSTER_LINK.findall(item)) == sorted(c.slug for c in members)


def test_the_map_says_which_clusters_it_cannot_place(published):
    html = text_of(published.page("clusters/map.html"))
    unplaced = sorted((c for c in DATA.clusters if not c.located), key=lambda c: c.name.casefold())
    if not unplaced:
        assert "Not on the map" not in html
        return
    assert f"Not on the map: {len(unplaced)} of {len(DATA.clusters)} clusters" in html
    assert ", ".join(c.name for c in unplaced) in html


def test_home_page_counts_the_nce_clusters_from_the_yaml(published):
    home = text_of(published.page("index.html"))
    assert f"{DATA.count('nce')} NCE clusters" in home


def test_related_lists_are_as_long_as_the_data_allows(published):
    """Each list holds up to five other clusters that share the sector or county, never fewer."""
    for cluster in DATA.clusters:
        shown = related_lists(published.page(f"clusters/{cluster.slug}.html"))
        expected = DATA.related(cluster.slug)
        assert len(shown) == len(expected), cluster.slug
        for (heading, slugs), (shared, candidates) in zip(shown, expected):
            assert heading.casefold() == f"Also in {shared}".casefold(), cluster.slug
            pool = [c.slug for c in DATA.clusters if c.slug != cluster.slug and (
                shared in c.record["sectors"] or c.county_shown == shared)]
            assert len(slugs) == len(set(slugs)) == min(RELATED_LIMIT, len(pool)) == len(candidates), (cluster.slug, heading)
            assert set(slugs) <= set(pool), (cluster.slug, heading)


@pytest.mark.parametrize("order", ORDERS)
def test_related_lists_are_in_level_order_then_name(published, order):
    for cluster in DATA.clusters:
        shown = related_lists(published.page(f"clusters/{cluster.slug}.html"))
        assert [slugs for _, slugs in shown] == [slugs for _, slugs in DATA.related(cluster.slug, order)], cluster.slug


def test_statistics_tables_have_their_column_headings(published):
    html = article(published.page("statistics.html"))
    assert table_headings(html, "Clusters by level on") == ["Level", "Clusters"]
    assert table_headings(html, "Current clusters by county on") == ["County (today's name where it changed)", "Clusters"]
    assert table_headings(html, "Current clusters by sector on") == ["Sector", "Clusters"]
    assert table_headings(html, "All clusters on the site by sector") == ["Sector", "Clusters"]
    held = {p["level"] for c in DATA.clusters for p in c.record["status"]}
    assert table_headings(html, "Clusters by level and year") == [
        "Year", *(DATA.level_names[level] for level in DATA.level_order if level in held), "Total"]


def expected_place(record: dict) -> str:
    """The directory's place cell: town and county (today's name), each once; else the area; else a note."""
    county = record.get("county_today") or record.get("county")
    known = list(dict.fromkeys(part for part in (record.get("city"), county) if part))
    if known:
        return ", ".join(known)
    return english(record.get("region")) or "place not known"


def test_directory_place_cell_shows_city_county_or_area_from_the_yaml(published):
    html = published.page("clusters/index.html")
    rows = dict(re.findall(r'<tr[^>]*\bdata-slug="([^"]+)"[^>]*>(.*?)</tr>', html, flags=re.S))
    assert sorted(rows) == sorted(c.slug for c in DATA.clusters)
    kinds = set()
    for cluster in DATA.clusters:
        cell = re.search(r'<td data-label="Place">(.*?)</td>', rows[cluster.slug], flags=re.S)
        assert cell, cluster.slug
        assert text_of(cell.group(1)) == expected_place(cluster.record), cluster.slug
        kinds.add("city" if cluster.record.get("city") else "region" if cluster.record.get("region") else "none")
    assert {"city", "region"} <= kinds  # the real data has both kinds of place


def test_timeline_bars_of_year_only_dates_cover_whole_years(published):
    """A period written `from: 2008` `to: 2011` starts at the start of 2008 and runs to the end of 2011."""
    html = published.page("timeline.html")
    start = html.index('<svg class="nce-chart__svg"')  # the chart, not the theme's icons
    svg = html[start:html.index("</svg>", start)]
    ticks = {int(year): float(x) for x, year in
             re.findall(r'<text x="([0-9.]+)" y="[0-9.]+">(\d{4})</text>', svg)}
    (first, x_first), (last, x_last) = min(ticks.items()), max(ticks.items())
    per_year = (x_last - x_first) / (last - first)

    def x_of(year: int) -> float:
        return x_first + (year - first) * per_year

    checked = 0
    for cluster in DATA.clusters:
        label = html_escape(cluster.record.get("short_name") or cluster.name)
        for period in cluster.record["status"]:
            start, end = period["from"], period.get("to")
            if len(start) != 4 or not end or len(end) != 4:
                continue
            title = f"<title>{label}: {DATA.level_names[period['level']]} {start}, {start}\u2013{end}</title>"
            assert title in svg, (cluster.slug, title)
            rect = re.search(r'<rect class="nce-chart__fill" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"',
                             svg[svg.index(title):])
            x, width = float(rect.group(1)), float(rect.group(2))
            assert abs(x - x_of(int(start))) < 0.2, (cluster.slug, start)
            assert abs(x + width - x_of(int(end) + 1)) < 0.2, (cluster.slug, end)
            checked += 1
    assert checked  # the real data has periods written with years only
