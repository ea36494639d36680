"""How far the data reaches, as the pages say it: the as-of date and the coverage of programme.yml.

Expectations come from the YAML (tests/expected.py: the as-of date, the coverage periods, which
years are shown and which are partial) and from literals (the words pages use), in English and
in Bokmål, on the MkDocs build and on the generator's output made in this process:

- no chart or table shows a year after the as-of year, or one whose coverage is unknown;
- the chart by year and its table show the same years, and every partial year is marked, in
  the drawing, in the table and in the text alternative, with the notes of its periods;
- every page that states a level names the as-of date;
- every page made from a data file says when that file last changed (the date of its last
  commit, asked of Git file by file), and every hand-written page that shows data says when the
  data last changed; where Git cannot say, nothing is said.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from conftest import REPO
from expected import Data, last_changed
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
           "partial_years": "The data is partial for", "changed_file": "which last changed on {date}",
           "changed_data": "The data behind this page last changed on {date}."},
    "nb": {"by_year": "Klynger etter nivå og år", "partial": "ufullstendige", "complete": "fullstendige",
           "partial_years": "Dataene er ufullstendige for", "changed_file": "som sist ble endret {date}",
           "changed_data": "Dataene bak denne siden ble sist endret {date}."},
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


# --- when the data last changed ---------------------------------------------------------------

def newest_change(data: Data) -> str | None:
    files = ["data/programme.yml", *(f"data/partners/{p.name}" for p in sorted((data.dir / "partners").glob("*.yml"))),
             *(f"data/clusters/{c.slug}.yml" for c in data.clusters)]
    dates = [last_changed(REPO, f) for f in files]
    return max(dates) if all(dates) else None


def test_every_page_made_from_a_data_file_says_when_the_file_last_changed(edition):
    language, site = edition
    phrase = WORDS[language]["changed_file"]
    files = [*(f"clusters/{c.slug}" for c in DATA.clusters),
             *(f"partners/{p.stem}" for p in sorted((DATA.dir / "partners").glob("*.yml")))]
    for page in files:
        html = text_of(article(site.page(f"{page}.html")))
        changed = last_changed(REPO, f"data/{page}.yml")
        if changed:
            assert f"data/{page}.yml , " + phrase.format(date=date_text(changed, language)) in html, page
        else:  # Git cannot say: nothing is said
            assert phrase.split(" {date}")[0] not in html, page


def test_every_hand_written_page_that_shows_data_says_when_the_data_last_changed(edition):
    language, site = edition
    newest = newest_change(DATA)
    docs = REPO / "docs" / ("" if language == "en" else language)
    sentence = WORDS[language]["changed_data"]
    shows_data = 0
    for source in sorted(docs.rglob("*.md")):
        relative = source.relative_to(docs)
        if relative.parts[0] in ("nb", "assets"):
            continue  # the other edition; files that are not pages
        html = text_of(article(site.page(relative.with_suffix(".html").as_posix())))
        uses_data = bool(re.search(r"\{[{%][^}]*\b(site|nce)\.", source.read_text(encoding="utf-8")))
        shows_data += uses_data
        if uses_data and newest:
            assert sentence.format(date=date_text(newest, language)) in html, relative
        else:
            assert sentence.split(" {date}")[0] not in html, relative
    assert shows_data >= 8  # home, directory, map, statistics, timeline, programme, concepts, partners, ...


def test_the_real_data_records_when_its_files_last_changed():
    """Outside a shallow clone every committed data file has a date (so the checks above meet dates)."""
    shallow = __import__("subprocess").run(["git", "-C", str(REPO), "rev-parse", "--is-shallow-repository"],
                                           capture_output=True, text=True).stdout.strip()
    if shallow != "false":
        pytest.skip("no whole Git history here: pages say nothing of when data changed")
    assert any(last_changed(REPO, f"data/clusters/{c.slug}.yml") for c in DATA.clusters)

