"""How far the data reaches, as the pages say it: the as-of date and the coverage of programme.yml.

Expectations come from the YAML (tests/expected.py: the as-of date, the coverage periods, which
years are shown and which are partial) and from literals (the words pages use), in English and
in Bokmål, on the MkDocs build and on the generator's output made in this process:

- no chart or table shows a year after the as-of year, or one whose coverage is unknown;
- the chart by year and its table show the same years, and every partial year is marked, in
  the drawing, in the table and in the text alternative, with the notes of its periods;
- every page that states a level names the as-of date.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from conftest import REPO
from expected import Data
from pages import article, table_rows, text_of
from published import BuiltSite, generated

DATA = Data(REPO / "data")

MONTHS = {"en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"),
          "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
                 "november", "desember")}
# The words the pages use, in each language.
WORDS = {
    "en": {"by_year": "Clusters by level and year", "partial": "partial", "complete": "complete",
           "partial_years": "The data is partial for"},
    "nb": {"by_year": "Klynger etter nivå og år", "partial": "ufullstendige", "complete": "fullstendige",
           "partial_years": "Dataene er ufullstendige for"},
}


def date_text(iso: str, language: str) -> str:
    """A full date as pages write it: 15 November 2021, 15. november 2021."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {MONTHS['en'][month - 1]} {year}" if language == "en" else f"{day}. {MONTHS['nb'][month - 1]} {year}"


def note_text(prose, language: str) -> str:
    if isinstance(prose, dict):
        prose = prose.get(language) or prose["en"]
    return " ".join(prose.split())


@pytest.fixture(params=["built-en", "built-nb", "generated-en", "generated-nb"])
def edition(request):
    """(language, the pages) of each edition: built by MkDocs, and made by the generator in this process."""
    form, language = request.param.split("-")
    if form == "built":
        site = request.getfixturevalue("built_site")
        return language, BuiltSite(site if language == "en" else site / "nb")
    return language, generated(language=language)


def first_year(data: Data) -> int:
    return min((int(c.record["status"][0]["from"][:4]) for c in data.clusters), default=int(data.as_of[:4]))


def stacked_chart(html: str) -> str:
    start = html.index('<figure class="nce-chart nce-chart--stacked"')
    return html[start:html.index("</figure>", start)]


# --- no year past what the sources cover ----------------------------------------------------

def test_the_chart_by_year_and_its_table_show_the_covered_years_only(edition):
    language, site = edition
    html = article(site.page("statistics.html"))
    expected = [str(y) for y in DATA.shown_years(first_year(DATA))]
    assert expected[-1] == DATA.as_of[:4]  # up to the as-of year, no further
    rows = table_rows(html, WORDS[language]["by_year"])
    assert [row[0] for row in rows] == expected
    chart = stacked_chart(html)
    # One column per year, each named in its title; the year labels under them are among those years.
    columns = re.findall(r'<g class="nce-chart__column[^"]*">.*?<text class="nce-chart__total"[^>]*><title>(\d{4})',
                         chart, flags=re.S)
    drawn = re.findall(r'<g class="nce-chart__column[^"]*">', chart)
    assert len(drawn) == len(expected)
    assert set(columns) <= set(expected)
    labels = re.findall(r'<text class="nce-chart__year"[^>]*>(\d{4})</text>', chart)
    assert labels and set(labels) <= set(expected)
    assert labels[-1] == expected[-1]


def test_the_timeline_ends_on_the_as_of_date(edition):
    language, site = edition
    html = article(site.page("timeline.html"))
    start = html.index('<figure class="nce-chart nce-chart--timeline"')
    chart = html[start:html.index("</figure>", start)]
    ticks = [int(year) for year in re.findall(r'<text x="[0-9.]+" y="[0-9.]+">(\d{4})</text>', chart)]
    assert ticks and max(ticks) <= int(DATA.as_of[:4])  # no year after the as-of year on the axis
    description = text_of(re.search(r"<desc[^>]*>(.*?)</desc>", chart, flags=re.S).group(1))
    assert f" {date_text(DATA.as_of, language)}" in description  # "from 2002 to 15 November 2021 ..."
    # No award round after the as-of date is drawn or listed.
    later = [h for h in DATA.programme["history"] if h.get("kind") == "round" and h["date"][:4] > DATA.as_of[:4]]
    assert later  # the real history has rounds after the as-of date
    for round_ in later:
        assert note_text(round_["title"], language) not in text_of(chart), round_["title"]


def test_the_directory_offers_the_covered_years_only(edition):
    language, site = edition
    html = site.page("clusters/index.html")
    select = re.search(r'<select[^>]*name="year"[^>]*>(.*?)</select>', html, flags=re.S).group(1)
    years = [int(y) for y in re.findall(r'<option value="(\d{4})"', select)]
    shown = set(DATA.shown_years(1900))
    assert years and set(years) <= shown and max(years) == int(DATA.as_of[:4])


# --- partial years: marked in the drawing, the table and the text alternative -----------------

def test_every_partial_year_is_marked_with_the_notes_of_its_periods(edition):
    language, site = edition
    words = WORDS[language]
    html = article(site.page("statistics.html"))
    chart = stacked_chart(html)
    years = DATA.shown_years(first_year(DATA))
    coverage = {year: DATA.year_coverage(year) for year in years}
    partial = [year for year in years if coverage[year][0] == "partial"]
    assert partial  # the real data is partial
    periods = DATA.programme["coverage"]
    notes = {int(number): unescape(re.sub(r"<[^>]+>", "", text)) for number, text in re.findall(
        r'<li id="chart-[a-z0-9-]+-note-(\d+)">(.*?)</li>', chart, flags=re.S)}
    rows = {row[0]: row[-1] for row in table_rows(html, words["by_year"])}
    cells = dict(re.findall(r'<tr>\s*<th scope="row">(\d{4})</th>.*?<td class="nce-chart__coverage">(.*?)</td>',
                            chart, flags=re.S))
    for year in years:
        kind, lacking = coverage[year]
        if kind == "complete":
            assert rows[str(year)] == words["complete"], year
            continue
        assert rows[str(year)].startswith(words["partial"]), year
        linked = [int(n) for n in re.findall(r'href="#chart-[a-z0-9-]+-note-(\d+)"', cells[str(year)])]
        # Each note the cell links to is the note of one of the year's periods, and all are there.
        texts = {notes[n].split(": ", 1)[1] for n in linked}
        assert {note_text(periods[i]["note"], language) for i in lacking} <= texts, year
    # The drawing marks each partial year's column, and only those.
    assert chart.count("nce-chart__column--partial") == len(partial)
    # The text alternative names the partial years and gives every reason.
    description = text_of(re.search(r"<desc[^>]*>(.*?)</desc>", chart, flags=re.S).group(1))
    assert words["partial_years"] in description
    for index in {i for year in partial for i in coverage[year][1]}:
        assert note_text(periods[index]["note"], language) in description, index


def test_the_programme_page_states_the_coverage_period_by_period(edition):
    language, site = edition
    html = article(site.page("programme.html"))
    caption = "How complete the data is, period by period" if language == "en" else \
        "Hvor fullstendige dataene er, periode for periode"
    rows = table_rows(html, caption)
    words = {"en": {"complete": "complete", "partial": "partial", "unknown": "unknown"},
             "nb": {"complete": "fullstendige", "partial": "ufullstendige", "unknown": "ukjent"}}[language]
    periods = DATA.programme["coverage"]
    assert [(row[1], row[2]) for row in rows] == [(words[p["completeness"]], note_text(p["note"], language))
                                                  for p in periods]
    for row, period in zip(rows, periods):
        assert period["from"][:4] in row[0] and period["to"][:4] in row[0]


# --- every page that states a level names the as-of date ------------------------------------

LEVEL_MARKS = re.compile(r'class="[^"]*\bnce-(?:level|chart__mark|map__marker)--([a-z-]+)')


def test_every_page_that_states_a_level_names_the_as_of_date(edition):
    language, site = edition
    day = date_text(DATA.as_of, language)
    standings = set(DATA.group_order)
    checked = 0
    for path in site.all_pages():
        if path.startswith(("nb/", "assets/", "search")) or path == "404.html":
            continue
        html = article(site.page(path))
        if {mark for mark in LEVEL_MARKS.findall(html)} & standings:
            assert day in text_of(html), path
            checked += 1
    assert checked > len(DATA.clusters)  # every cluster page, and the pages that list clusters
