"""What the pages built from the real data/ show: groups, counts, order and related lists.

Each expectation comes from the YAML through tests/expected.py (or is a literal),
never from the site code, so a bug that quietly changes a page turns a test red.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from conftest import REPO
from expected import (
    RELATED_LIMIT,
    Data,
    Expected,
    day_text,
    english,
    first_day,
    last_day,
    member_text,
    period_end_text,
    read_yaml,
)
from markupsafe import escape as _escape
from pages import (
    CLUSTER_LINK,
    article,
    caption_table_rows,
    directory_groups,
    facts,
    map_legend,
    notes,
    related_lists,
    select_options,
    table_headings,
    table_rows,
    text_of,
)

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
    headings = table_headings(html, "Clusters by level and year")
    columns = headings[1:headings.index("Total")]  # between "Year" and "Total"
    held = {p["level"] for c in DATA.clusters for p in c.record["status"]}
    assert columns == [DATA.level_names[level] for level in DATA.level_order if level in held]


def test_map_legend_follows_the_level_order_in_programme_yml(published):
    """Each set of markers (wide and narrow screens) has a legend of what it draws, in the level
    order of programme.yml, then the marker for several clusters, then the approximate place."""
    html = published.page("clusters/map.html")
    for layer in ("wide", "narrow"):
        legend = map_legend(html, layer)
        markers = map_markers(html, layer)
        drawn = {level for level, _ in markers}
        order = [*DATA.group_order, "several", "approximate"]
        assert [level for level, _ in legend] == [level for level in order if level in drawn or (
            level == "approximate" and any(approximate for _, approximate in markers))], layer
        for level, label in legend:
            if level in DATA.level_names:
                assert label == DATA.level_names[level], label
            elif level in DATA.badges:
                assert label == DATA.badges[level], label
        assert dict(legend).get("several") in (None, "Several clusters in one place or close together (the number says how many)")
        assert dict(legend).get("approximate") in (None, "Town not known: placed at the middle of its county (dashed ring)")


def map_markers(html: str, layer: str) -> list[tuple[str, bool]]:
    """(level or "several", drawn at a county's middle?) of each marker of one set of the map's markers."""
    start = html.index(f'<g class="nce-map__markers nce-map__layer nce-map__layer--{layer}">')
    end = html.index('<g class="nce-map__markers nce-map__layer nce-map__layer--narrow">') if layer == "wide" else \
        html.index("</svg>", start)
    body = html[start:end]
    return [(level, bool(approximate)) for level, approximate in
            re.findall(r'<a class="nce-map__marker nce-map__marker--([a-z-]+)( nce-map__marker--approximate)?"', body)]


def map_layer(html: str, layer: str) -> str:
    """The markers and lists of one set (wide or narrow screens) of the map page's markers."""
    figure = html[html.index('<figure class="nce-map'):html.index("</figure>")]
    wide = figure.index('<g class="nce-map__markers nce-map__layer nce-map__layer--wide">')
    narrow = figure.index('<g class="nce-map__markers nce-map__layer nce-map__layer--narrow">')
    end = figure.index("</svg>")
    markers = figure[wide:narrow] if layer == "wide" else figure[narrow:end]
    lists = re.findall(rf'<ul class="[^"]*nce-map__layer--{layer}"[^>]*>.*?</ul>', figure, flags=re.S)
    return markers + "".join(lists)


def test_every_cluster_is_on_the_map_once(published):
    """On each set of markers, a cluster with a known town or county is there once: alone at its
    marker, or in the list of a marker for several. A town with several clusters is named by one
    marker, with all of them."""
    html = published.page("clusters/map.html")
    placed = sorted(c.slug for c in DATA.clusters if c.located or c.county_shown)
    assert len(placed) > len([c for c in DATA.clusters if c.located])  # the real data has clusters placed by county
    towns = {}
    for cluster in DATA.clusters:
        if cluster.located:
            towns.setdefault(cluster.record["city"], []).append(cluster)
    shared = {town: members for town, members in towns.items() if len(members) > 1}
    assert shared  # the real data has towns with several clusters
    for layer, prefix in (("wide", "nce-map-town"), ("narrow", "nce-map-area")):
        figure = map_layer(html, layer)
        assert sorted(CLUSTER_LINK.findall(figure)) == placed, layer
        for town, members in shared.items():
            marker = re.search(rf'<a class="nce-map__marker nce-map__marker--several" href="#{prefix}-(\d+)" '
                               rf'aria-label="([^"]*\b{re.escape(html_escape(town))}\b[^"]*): (\d+) clusters: ([^"]*)"', figure)
            assert marker, (layer, town)
            assert all(html_escape(c.name) in marker.group(4) for c in members), (layer, town)
            item = re.search(rf'<li id="{prefix}-{marker.group(1)}">(.*?)</li>', figure, re.S).group(1)
            assert set(c.slug for c in members) <= set(CLUSTER_LINK.findall(item)), (layer, town)
            assert len(CLUSTER_LINK.findall(item)) == int(marker.group(3)), (layer, town)


def test_the_map_says_which_clusters_it_cannot_place(published):
    """Clusters with neither town nor county are listed as not on the map, with their area; those
    with a county but no town are listed by county as placed at its middle."""
    html = published.page("clusters/map.html")
    text = text_of(html)
    unplaced = sorted((c for c in DATA.clusters if not c.located and not c.county_shown), key=lambda c: c.name.casefold())
    approximate = [c for c in DATA.clusters if not c.located and c.county_shown]
    assert unplaced and approximate  # the real data has both
    assert f"Not on the map: {len(unplaced)} of {len(DATA.clusters)} clusters" in text
    listed = re.search(r'<ul class="nce-map__unplaced">(.*?)</ul>', html, flags=re.S).group(1)
    assert [text_of(item) for item in re.findall(r"<li>(.*?)</li>", listed, flags=re.S)] == [
        f"{c.name} ({english(c.record.get('region')) or 'place not known'})" for c in unplaced]
    by_county = re.search(r'<ul class="nce-map__approximate">(.*?)</ul>', html, flags=re.S).group(1)
    shown = {}
    for county, names in re.findall(r"<li><strong>(.*?)</strong>(.*?)</li>", by_county, flags=re.S):
        shown[unescape(county)] = sorted(CLUSTER_LINK.findall(names))
    expected = {}
    for c in approximate:
        expected.setdefault(c.county_shown, []).append(c.slug)
    assert shown == {county: sorted(slugs) for county, slugs in expected.items()}


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
                shared in c.record.get("sectors", []) or c.county_shown == shared)]
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
    # The last column says how complete each year's data is, when a year is partial.
    partial = any(DATA.year_coverage(y)[0] == "partial" for y in DATA.shown_years(first_status_year(DATA)))
    assert table_headings(html, "Clusters by level and year") == [
        "Year", *(DATA.level_names[level] for level in DATA.level_order if level in held), "Total",
        *(["Data"] if partial else [])]


def first_status_year(data: Data) -> int:
    """The first year any cluster held a level: where the chart by year starts."""
    return min((int(c.record["status"][0]["from"][:4]) for c in data.clusters), default=int(data.as_of[:4]))


def expected_place(record: dict) -> str:
    """The directory's place cell: town and county (today's name, marked "inferred" when worked out
    from a merged county), each once; else the area; else a note."""
    from expected import Expected

    cluster = Expected(record, "", "", ())
    known = list(dict.fromkeys(part for part in (record.get("city"), cluster.county_shown) if part))
    if known:
        return ", ".join(known) + (" inferred" if cluster.county_inferred else "")
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
    start = html.index('<svg class="nce-chart__svg')  # the chart, not the theme's icons
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
            if len(start) != 4 or not end or len(end) != 4 or last_day(end) > DATA.as_of:
                continue  # (a period still held on the as-of date is drawn up to it: see below)
            title = f"<title>{label}: {DATA.level_names[period['level']]} {start}, {start}\u2013{end}</title>"
            assert title in svg, (cluster.slug, title)
            rect = re.search(r'<rect class="nce-chart__fill" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"',
                             svg[svg.index(title):])
            x, width = float(rect.group(1)), float(rect.group(2))
            assert abs(x - x_of(int(start))) < 0.2, (cluster.slug, start)
            assert abs(x + width - x_of(int(end) + 1)) < 0.2, (cluster.slug, end)
            checked += 1
    assert checked  # the real data has periods written with years only


def timeline_axis(html: str):
    """The timeline's drawing and a function from a (fractional) year to its x position, read
    from the positions of the year labels on its axis."""
    start = html.index('<svg class="nce-chart__svg')  # the (wide) chart, not the theme's icons
    svg = html[start:html.index("</svg>", start)]
    ticks = {int(year): float(x) for x, year in
             re.findall(r'<text x="([0-9.]+)" y="[0-9.]+">(\d{4})</text>', svg)}
    (first, x_first), (last, x_last) = min(ticks.items()), max(ticks.items())
    per_year = (x_last - x_first) / (last - first)
    return svg, lambda year: x_first + (year - first) * per_year


def year_fraction(iso: str) -> float:
    """A day's place on a time axis: its year plus the share of the year before it."""
    import datetime as dt

    day = dt.date.fromisoformat(iso)
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def test_timeline_draws_a_level_still_held_on_the_as_of_date_up_to_that_date(published):
    """A period with no end, or one whose planned end is later, still running on the as-of date
    ends on the as-of date, not at the edge of the chart or at its planned end."""
    svg, x_of = timeline_axis(published.page("timeline.html"))
    as_of = day_text(DATA.as_of)
    kinds = set()
    for cluster in DATA.clusters:
        label = html_escape(cluster.record.get("short_name") or cluster.name)
        periods = cluster.record["status"]
        for index, period in enumerate(periods):
            start = year_fraction(first_day(period["from"]))
            if first_day(period["from"]) > DATA.as_of or x_of(year_fraction(DATA.as_of)) - x_of(start) < 3.5:
                continue  # not drawn, or drawn as a sliver a few units wide
            end = period.get("to") or (periods[index + 1]["from"] if index + 1 < len(periods) else None)
            if end and (last_day(end) if period.get("to") else first_day(end)) <= DATA.as_of:
                continue  # ended by then
            title = (f"<title>{label}: {DATA.level_names[period['level']]} {period['from'][:4]}, "
                     f"{html_escape(day_text(period['from']))}\u2013still held on {as_of}</title>")
            assert title in svg, (cluster.slug, title)
            rect = re.search(r'<rect class="nce-chart__fill" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"',
                             svg[svg.index(title):])
            right = float(rect.group(1)) + float(rect.group(2))
            assert abs(right - x_of(year_fraction(DATA.as_of))) < 0.3, (cluster.slug, period)
            kinds.add("planned end" if end else "no end")
    assert kinds == {"planned end", "no end"}  # the real data has both


# --- each cluster page: its key facts, status line, tables and confidence marks ----------

TOWN_NOT_KNOWN = "not known: no source found names it, so the map does not show this cluster"
SECTORS_NOT_KNOWN = "not known: no source found names the sector"
TOWN_NOT_KNOWN_COUNTY = "not known: no source found names it, so the map places this cluster at the middle of its county"


def folded(text: str) -> str:
    return " ".join(text.split())


def expected_facts(data: Data, cluster: Expected) -> list[tuple[str, str, str | None, str | None]]:
    """(label, value, link, field whose mark it carries) of each key fact, from the YAML.
    A fact carries the mark of its field when `uncertain` names that field."""
    record = english(cluster.record)
    held = cluster.held
    found = [
        (f"Level on {day_text(data.as_of)}", data.badges[cluster.group], None,
         f"status[{held}]" if held is not None else None),
    ]
    if held is not None:
        found.append(("Since", day_text(cluster.since), None, f"status[{held}].from"))
    else:  # outside the programme: when it joined, and when a former cluster left
        periods = record["status"]
        found.append(("Joined the programme", day_text(periods[0]["from"]), None, "status[0].from"))
        if cluster.group == "former":
            last = len(periods) - 1
            found.append(("Left the programme", day_text(periods[last]["to"]) if periods[last].get("to") else "not known",
                          None, f"status[{last}].to"))
    if record.get("city"):
        found.append(("City", record["city"], None, "city"))
    if record.get("county"):
        found.append(("County", record["county"], None, "county"))
    if not record.get("city"):
        found.append(("City", TOWN_NOT_KNOWN_COUNTY if cluster.county_shown else TOWN_NOT_KNOWN, None, None))
    if record.get("county_today") and record["county_today"] != record.get("county"):
        found.append(("County today", record["county_today"], None, "county_today"))
    elif cluster.county_inferred:  # worked out from a merged county: marked inferred, with a note of the site's
        found.append(("County today", cluster.county_shown, None, "county_today"))
    if record.get("region"):
        found.append(("Area", record["region"], None, "region"))
    found.append(("Sectors", ", ".join(record.get("sectors", [])) or SECTORS_NOT_KNOWN, None, None))
    if record.get("founded"):
        found.append(("Started", day_text(record["founded"]), None, "founded"))
    if record.get("members"):
        last = len(record["members"]) - 1
        latest = record["members"][last]
        found.append(("Size", f"{member_text(latest)} ({day_text(latest['as_of'])})", None,
                      f"members[{last}]" if f"members[{last}]" in uncertain_fields(record) else f"members[{last}].count"))
    if record.get("organisation"):
        found.append(("Cluster organisation", record["organisation"], None, "organisation"))
    if record.get("website"):
        url = record["website"]
        found.append(("Website", url.split("://", 1)[1].rstrip("/"), url, "website"))
    if record.get("technology"):
        found.append(("Technology and activities", ", ".join(record["technology"]), None, "technology"))
    marked = cluster_marks(cluster)
    return [(label, folded(value), link, field if field in marked else None) for label, value, link, field in found]


def uncertain_fields(record: dict) -> dict[str, dict]:
    return {u["field"]: u for u in record.get("uncertain", [])}


def cluster_marks(cluster: Expected) -> dict[str, dict]:
    """The uncertain fields of a cluster page: those of its YAML, and today's county when the site
    works it out from a merged county (its note, in the site's words, says so)."""
    marked = uncertain_fields(english(cluster.record))
    if cluster.county_inferred and "county_today" not in marked:
        marked["county_today"] = {
            "confidence": "inferred",
            "note": f"Worked out by this site, not given by a source: {cluster.record['county']} is no longer a county, "
                    f"and it became part of {cluster.county_shown} in the county reforms."}
    return marked


def first_marked(record: dict, *fields: str) -> str | None:
    marked = uncertain_fields(record)
    return next((f for f in fields if f in marked), None)


def shown_facts(html: str) -> list[tuple[str, str, str | None, str | None]]:
    """The page's key facts, each mark given as the field its note names."""
    listed = notes(html)
    return [(label, value, link, listed[mark[1]][1] if mark else None) for label, value, link, mark in facts(html)]


def check_cluster_page(data: Data, cluster: Expected, html: str) -> None:
    """Everything the YAML says about a cluster's facts, status and size, as its page must show it."""
    record = english(cluster.record)
    slug = cluster.slug
    html = article(html)
    assert shown_facts(html) == expected_facts(data, cluster), slug

    # Every mark on the page points at the note of its field, with the note as its title;
    # the notes list each uncertain field once, numbered in order.
    listed = notes(html)
    marked = cluster_marks(cluster)
    assert sorted(listed) == list(range(1, len(marked) + 1)), slug
    assert {field: (confidence.casefold(), text) for confidence, field, text in listed.values()} == {
        field: (u["confidence"], folded(u["note"])) for field, u in marked.items()}, slug
    for _, _, _, mark in facts(html):
        if mark:
            confidence, number, title = mark
            assert (confidence, folded(title)) == (listed[number][0].casefold(), listed[number][2]), slug

    # The line under the name: the level held and since when, or when the cluster left or joined.
    lead = re.search(r'<div class="nce-lead">.*?<p><span class="nce-level nce-level--([a-z-]+)">(.*?)</span>(.*?)</p>',
                     html, flags=re.S)
    assert (lead.group(1), text_of(lead.group(2))) == (cluster.group, data.badges[cluster.group]), slug
    as_of = day_text(data.as_of)
    if cluster.group == "former":
        held = ", ".join(dict.fromkeys(data.level_names[p["level"]] for p in record["status"]))
        line = f"Held {held} status; no longer in the programme on {as_of}."  # after the badge "Former cluster"
    elif cluster.group == "later":
        line = f"Joined the programme after {as_of}."
    else:
        line = f"Level on {as_of}: {data.level_names[cluster.group]}, since {day_text(cluster.since)}."
        brand = data.brand_from(cluster.group)
        if brand:  # the level is a brand name on the as-of date
            name = data.level_names[cluster.group]
            line += f" Admitted while {name} was a funded level; since {day_text(brand)} {name} is a brand name."
    assert text_of(lead.group(3)) == folded(line), slug

    periods = record["status"]
    status = caption_table_rows(html, f"Levels held by {record['name']}, oldest first")
    assert [(cells, mark and listed[mark[1]][1]) for cells, mark in status] == [
        ((data.level_names[p["level"]], day_text(p["from"]), period_end_text(periods, i, cluster.group == "former"),
          folded(p.get("note", ""))), first_marked(record, f"status[{i}]", f"status[{i}].from", f"status[{i}].to"))
        for i, p in enumerate(periods)], slug

    members = record.get("members", [])
    if members:
        rows = caption_table_rows(html, f"Reported size of {record['name']}")
        assert [(cells, mark and listed[mark[1]][1]) for cells, mark in rows] == [
            ((day_text(x["as_of"]), folded(member_text(x)), folded(x.get("note", ""))),
             first_marked(record, f"members[{i}]", f"members[{i}].count")) for i, x in enumerate(members)], slug
    else:
        assert "Reported size of" not in html, slug


def test_cluster_pages_show_the_facts_status_and_marks_of_the_yaml(published):
    for cluster in DATA.clusters:
        check_cluster_page(DATA, cluster, published.page(f"clusters/{cluster.slug}.html"))


def test_the_real_data_marks_several_kinds_of_fact():
    """The check above meets marks on facts, on status rows and in the notes alone."""
    fields = {u["field"] for c in DATA.clusters for u in c.record.get("uncertain", [])}
    assert {"county_today", "city", "website"} <= fields
    assert any(f.startswith("status[") for f in fields) and any(f.startswith("sectors") for f in fields)


# --- partner pages: their key facts and marks ---------------------------------------------

def expected_partner_facts(data: Data, slug: str) -> list[tuple[str, str, str | None, str | None]]:
    """(label, value, link, field whose mark it carries) of each key fact of a partner's page, from its YAML."""
    record = english(read_yaml(data.dir / "partners" / f"{slug}.yml"))
    found = [("Norwegian name", record["name_no"], None, "name_no")]
    if record.get("abbreviation"):
        found.append(("Abbreviation", record["abbreviation"], None, None))
    found.append(("In the programme", "Owner and operator" if slug == data.programme["operator"] else "Owner", None, None))
    if record.get("founded"):
        found.append(("Founded", day_text(record["founded"]), None, "founded"))
    for label, field in (("Headquarters", "headquarters"), ("Legal form", "legal_form"), ("Owner", "owner")):
        if record.get(field):
            found.append((label, record[field], None, field))
    if record.get("website"):
        url = record["website"]
        found.append(("Website", url.split("://", 1)[1].rstrip("/"), url, "website"))
    marked = uncertain_fields(record)
    return [(label, folded(value), link, field if field in marked else None) for label, value, link, field in found]


def check_partner_page(data: Data, slug: str, html: str) -> None:
    html = article(html)
    assert shown_facts(html) == expected_partner_facts(data, slug), slug
    record = english(read_yaml(data.dir / "partners" / f"{slug}.yml"))
    listed = notes(html)
    assert {field: (confidence.casefold(), text) for confidence, field, text in listed.values()} == {
        field: (u["confidence"], folded(u["note"])) for field, u in uncertain_fields(record).items()}, slug


def partner_slugs(data: Data) -> list[str]:
    return sorted(path.stem for path in (data.dir / "partners").glob("*.yml"))


def test_partner_pages_show_the_facts_of_the_yaml(published):
    slugs = partner_slugs(DATA)
    assert DATA.programme["operator"] in slugs and len(slugs) > 1  # both roles are shown
    for slug in slugs:
        check_partner_page(DATA, slug, published.page(f"partners/{slug}.html"))


# --- the timeline: each lane's periods, the award rounds and the caption -----------------

def padded(partial: str) -> str:
    """A partial date's first day, as text that sorts: 2010 -> 2010-01-01."""
    return (partial + "-01-01")[:10] if len(partial) == 4 else (partial + "-01")[:10]


def expected_timeline(data: Data) -> list[str]:
    """The title of every period bar, lane by lane (by first start, then name), from the YAML."""
    titles = []
    as_of = day_text(data.as_of)
    lanes = sorted(data.clusters, key=lambda c: (padded(c.record["status"][0]["from"]), c.name.casefold()))
    for cluster in lanes:
        label = cluster.record.get("short_name") or cluster.name
        periods = cluster.record["status"]
        for index, period in enumerate(periods):
            if first_day(period["from"]) > data.as_of:
                continue  # begins after the as-of date: not drawn
            if period.get("to") and last_day(period["to"]) <= data.as_of:
                end = day_text(period["to"])
            elif not period.get("to") and index + 1 < len(periods) and first_day(periods[index + 1]["from"]) <= data.as_of:
                end = day_text(periods[index + 1]["from"])
            else:  # still held on the as-of date: drawn up to it, whatever end is planned
                end = f"still held on {as_of}"
            name = data.level_names[period["level"]]
            titles.append(f"{label}: {name} {period['from'][:4]}, {day_text(period['from'])}\u2013{end}")
    return titles


NARROW_SVG = '<svg class="nce-chart__svg nce-chart__svg--narrow"'


def timeline_chart(html: str, variant: str = "wide") -> str:
    """The timeline's figure with the drawing for wide screens (and the tables), or only the
    drawing for narrow screens."""
    start = html.index('<figure class="nce-chart nce-chart--timeline" id="chart-timeline">')
    figure = html[start:html.index("</figure>", start)]
    narrow = figure.index(NARROW_SVG)
    end = figure.index("</svg>", narrow) + len("</svg>")
    return figure[:narrow] + figure[end:] if variant == "wide" else figure[narrow:end]


def expected_timeline_caption(data: Data) -> str:
    """The timeline's caption: a sentence for each kind of bar the data makes the chart draw."""
    ends = [title.rsplit("\u2013", 1)[1] for title in expected_timeline(data)]
    caption = ["Bars run from when a cluster got a level to when it left it, as far as the sources record."]
    if f"still held on {day_text(data.as_of)}" in ends:
        caption.append(f"A level still held on {day_text(data.as_of)} is drawn up to that date, which is as far as "
                       "the data goes, even where a later end is planned.")
    if any(h.get("kind") == "round" and first_day(h["date"]) <= data.as_of for h in data.programme["history"]):
        caption.append("Vertical lines mark the programme's award rounds, which are named under the chart.")
    return " ".join(caption)


def check_timeline(data: Data, html: str) -> None:
    # The award rounds up to the as-of date: a later one is beyond what the chart covers.
    rounds = [english(h) for h in data.programme["history"]
              if h.get("kind") == "round" and first_day(h["date"]) <= data.as_of]
    for variant in ("wide", "narrow"):
        chart = timeline_chart(html, variant)
        periods = re.findall(r'<g class="nce-chart__period[^"]*">\s*<title>(.*?)</title>', chart, flags=re.S)
        assert [text_of(t) for t in periods] == [folded(t) for t in expected_timeline(data)], variant
        events = re.findall(r'<g class="nce-chart__event">\s*<title>(.*?)</title>', chart, flags=re.S)
        assert sorted(text_of(e) for e in events) == sorted(folded(f"{h['date'][:4]}: {h['title']}") for h in rounds)
    caption = re.search(r'<p class="nce-chart__note">(.*?)</p>', timeline_chart(html), flags=re.S).group(1)
    assert text_of(caption) == expected_timeline_caption(data)


def test_timeline_shows_every_period_round_and_its_caption_from_the_yaml(published):
    check_timeline(DATA, published.page("timeline.html"))


# --- the directory's groups and rows, and the home page's cards --------------------------

def size_text(record: dict, missing: str = "not known") -> str:
    """The latest reported size and its date, as lists show it."""
    members = record.get("members")
    if not members:
        return missing
    return folded(f"{member_text(members[-1])} ({day_text(members[-1]['as_of'])})")


def shortened(text: str, limit: int = 220) -> str:
    """A text cut at the last space before `limit` characters, trailing , ; : dropped, an ellipsis added."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def check_directory_groups(data: Data, html: str) -> None:
    """Each group's heading, description, count and rows (level, since, sectors, size) as the YAML gives them."""
    levels = {level["id"]: english(level) for level in data.programme["levels"]}
    outside = {s["id"]: english(s) for s in (data.programme.get("standings") or {}).get("outside", [])}
    for group, slugs in directory_groups(html):
        section = re.search(rf'<section[^>]*\bid="group-{group}"[^>]*>(.*?)</section>', html, flags=re.S).group(1)
        heading = re.search(r"<h2[^>]*>(.*?)</h2>\s*(?:<p>(.*?)</p>)?", section, flags=re.S)
        standing = levels.get(group) or outside[group]
        if group in levels and standing.get("full_name"):  # a level by its name and full name
            title = f"{standing['name']}: {standing['full_name']}"
        elif group in levels:  # else by its name, or the plural the registry gives for more than one
            title = standing.get("other", standing["name"]) if len(slugs) != 1 else standing["name"]
        else:  # a standing outside the levels in the singular for one cluster, else in the plural
            title = standing["one"] if len(slugs) == 1 else standing["other"]
        assert text_of(heading.group(1)) == folded(title), group
        description = standing.get("description", "") if group in levels else ""
        if group in levels and data.brand_from(group):  # a brand name on the as-of date says so
            description += f" Since {day_text(data.brand_from(group))}: {standing['brand']}"
        assert text_of(heading.group(2) or "") == folded(description), group
        count = text_of(re.search(r"<span data-nce-group-count>(.*?)</span>", section, flags=re.S).group(1))
        assert count == f"{len(slugs)} cluster{'' if len(slugs) == 1 else 's'}", group
        assert len(slugs) == data.count(group), group
        for slug in slugs:
            cluster = data.by_slug[slug]
            record = english(cluster.record)
            row = re.search(rf'<tr[^>]*\bdata-slug="{slug}"[^>]*>(.*?)</tr>', section, flags=re.S).group(1)
            cells = [text_of(c) for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, flags=re.S)]
            assert cells[0] == folded(record["name"]), slug
            assert cells[1] == data.badges[cluster.group], slug
            # Since when; for a former cluster, from when to when.
            periods = cluster.record["status"]
            left = (periods[-1].get("to") or "")[:4] if cluster.group == "former" else ""
            assert cells[2] == cluster.since[:4] + (f"\u2013{left}" if left else ""), slug
            assert cells[4] == (", ".join(record.get("sectors", [])) or "not known"), slug
            assert cells[5] == size_text(record), slug


def test_directory_groups_and_rows_show_the_yaml(published):
    html = published.page("clusters/index.html")
    check_directory_groups(DATA, html)
    sizes = {bool(c.record.get("members")) for c in DATA.clusters}
    assert sizes == {True, False}  # the real data has clusters with and without a reported size


def check_home_cards(data: Data, html: str) -> None:
    """A card for each cluster at a level on the as-of date: level, place, since when, and the first
    paragraph of its description, shortened."""
    from expected import paragraphs

    cards = re.findall(r'<li class="nce-card">\s*<a class="nce-card__link" href="[^"]*clusters/([a-z0-9-]+)\.html">.*?'
                       r'<span class="nce-card__meta">(.*?)</span>\s*<span class="nce-card__blurb">(.*?)</span>',
                       html, flags=re.S)
    shown = {slug: (text_of(meta), text_of(blurb)) for slug, meta, blurb in cards}
    expected = {}
    for cluster in data.clusters:
        if cluster.group in data.level_names:
            record = english(cluster.record)
            place = expected_place(cluster.record)
            meta = f"{data.badges[cluster.group]} {place} · since {cluster.since[:4]}"
            expected[cluster.slug] = (folded(meta), shortened(paragraphs(record["description"])[0]))
    assert shown == expected


def test_home_page_cards_show_level_place_and_a_short_description(published):
    check_home_cards(DATA, published.page("index.html"))
    firsts = [paragraphs_of(c) for c in DATA.clusters if c.group in DATA.level_names]
    assert any(len(p) > 220 for p in firsts) and any(len(p) <= 220 for p in firsts)  # both kinds are met


def paragraphs_of(cluster: Expected) -> str:
    from expected import paragraphs

    return paragraphs(english(cluster.record)["description"])[0]


# --- the statistics page: counts by county and sector, and what each chart says ----------

def count_rows(counts: dict[str, int]) -> list[tuple[str, str]]:
    """Largest count first, then by name."""
    return [(name, str(n)) for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def tally(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def check_statistics(data: Data, html: str) -> None:
    html = article(html)
    day = day_text(data.as_of)
    current = [english(c.record) for c in data.clusters if c.group in data.level_names]
    everyone = [english(c.record) for c in data.clusters]
    counties = tally(c.county_shown or "County not known" for c in data.clusters if c.group in data.level_names)
    # Today's counties, largest first, then by name; clusters whose county is not known last.
    unknown = counties.pop("County not known", 0)
    assert table_rows(html, f"Current clusters by county on {day}") == count_rows(counties) + (
        [("County not known", str(unknown))] if unknown else [])

    def by_sector(records):  # clusters whose sector no source names last, whatever their number
        unknown = sum(1 for r in records if not r.get("sectors"))
        rows = count_rows(tally(s for r in records for s in r.get("sectors", [])))
        return rows + ([("Sector not known", str(unknown))] if unknown else [])

    assert table_rows(html, f"Current clusters by sector on {day}") == by_sector(current)
    assert table_rows(html, "All clusters on the site by sector") == by_sector(everyone)
    captions = [(text_of(title), text_of(note or "")) for title, note in re.findall(
        r'<figcaption[^>]*>\s*<p class="nce-chart__title">(.*?)</p>\s*(?:<p class="nce-chart__note">(.*?)</p>)?',
        html, flags=re.S)]
    assert captions == [
        (f"Clusters by level on {day}", "Former clusters had left the programme by this date."),
        (f"Current clusters by county on {day}", ""),
        (f"Current clusters by sector on {day}", "A cluster can work in more than one sector."),
        ("All clusters on the site by sector, former included", ""),
        ("Clusters by level and year", "A cluster counts in every year in which it held the level for at least part "
         f"of the year; a year of change counts at both levels. The last year shown is {data.as_of[:4]}: the data goes "
         f"up to {day}. A year with partial data is drawn paler, with a dashed outline; the table says what is missing."),
    ]


def test_statistics_count_counties_and_sectors_from_the_yaml(published):
    check_statistics(DATA, published.page("statistics.html"))


def check_home_counts(data: Data, html: str) -> None:
    """The home page's sentence counts each group from the YAML; an empty group counts 0, but for
    the clusters that joined later, which are named only when there are some."""
    # Bold counts: <strong> in the built page, ** in the generator's form (Markdown left as is).
    text = text_of(re.sub(r"</?strong>", "", article(html))).replace("**", "")
    assert (f"{data.count('nce')} NCE clusters and {data.count('gce')} GCE clusters, and this site lists "
            f"{data.count('arena')} Arena clusters") in text
    # Clusters that joined later are named only when there are some.
    later = f", the {data.count('later')} that joined later" if data.count("later") else ""
    assert f"the {data.count('former')} clusters that had already left{later} and the programme" in text


def test_home_page_counts_every_group_from_the_yaml(published):
    check_home_counts(DATA, published.page("index.html"))


def check_timeline_textures(data: Data, html: str) -> None:
    """Each bar of a level carries the texture programme.yml gives that level (patterns tell levels
    apart without colour); a level whose texture is "none" has none."""
    textures = {level["id"]: level.get("texture") for level in data.programme["levels"]}
    for variant, chart_id in (("wide", "chart-timeline"), ("narrow", "chart-timeline-narrow")):
        chart = timeline_chart(html, variant)
        bars = re.findall(r'<g class="nce-chart__period nce-chart__mark--([a-z-]+)[^"]*">(.*?)</g>', chart, flags=re.S)
        assert bars
        for level, body in bars:
            used = re.findall(rf'fill="url\(#{chart_id}-tex-([a-z-]+)\)"', body)
            assert used == ([textures[level]] if textures.get(level, "none") != "none" else []), (level, body)


def test_timeline_bars_carry_the_texture_of_their_level(published):
    check_timeline_textures(DATA, published.page("timeline.html"))
    assert len({level.get("texture") for level in DATA.programme["levels"]}) > 1


def test_related_headings_name_the_sector_in_lower_case_but_keep_an_abbreviation(published):
    """"Also in energy", but "Also in ICT"."""
    for cluster in DATA.clusters:
        shown = related_lists(published.page(f"clusters/{cluster.slug}.html"))
        for (heading, _), (shared, _) in zip(shown, DATA.related(cluster.slug)):
            sector = shared in cluster.record.get("sectors", [])
            assert heading == f"Also in {shared if not sector or shared.isupper() else shared.lower()}", cluster.slug
    assert any(["ICT"] == c.record.get("sectors", [])[:1] for c in DATA.clusters)  # the real data has an abbreviation

