"""A site built from a small, hand-made set of clusters, one of them hostile.

The copy of the repository keeps the real programme and partners but replaces
every cluster file with the ones written here, so every expectation below is a
literal worked out by hand from this text:

- the hostile cluster has markup and template syntax in every free-text field, a
  status period that ends exactly on the as-of date (8 November 2018), dates on
  29 February of a leap year, names with æ, ø and å and a very long word;
- the plain clusters sit on both sides of the as-of date (the day before, the day,
  the day after, a period ending in its month) and share sectors and counties, so
  the groups, the counts and the related lists are known.

One build serves every test here; 29 February of a year that has none is checked
with the standalone validation, as an editor would meet it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import REPO, build, copy_repo, validate
from expected import Data
from pages import CLUSTER_LINK, article, directory_groups, map_legend, read, related_lists, select_options, table_rows, text_of
from pages import facts as key_facts
from published import BuiltSite, generated
from test_content import (
    ORDERS,
    check_cluster_page,
    check_directory_groups,
    check_home_cards,
    check_home_counts,
    check_partner_page,
    check_statistics,
    check_timeline,
    map_layer,
    map_markers,
    partner_slugs,
)
from test_open_data import expected_csv_row, expected_record

AS_OF = "2018-11-08"
# The fixture's own coverage: complete up to 2015, unknown in 2016, partial from 2017 to the
# as-of date, where it stops. So the chart by year leaves 2016 out, and marks 2017 and 2018.
COVERAGE_NOTE = "Test <hostile-coverage>partial</hostile-coverage> {{ 6*6 }} period."
COVERAGE = [
    {"from": "2002", "to": "2015", "completeness": "complete", "note": "Test: every cluster of these years."},
    {"from": "2016", "to": "2016", "completeness": "unknown", "note": "Test: nothing is known of this year."},
    {"from": "2017", "to": AS_OF, "completeness": "partial", "note": COVERAGE_NOTE,
     "sources": ["https://example.org/coverage?a=1&b=<hostile-cov-url>"]},
]
LONG_WORD = "Realfagsundervisningskvalitetsforbedringsprosjektsamarbeidsavtaleforhandlingsmøtereferatsammendraget"
LONG_NAME = "Arktisk Energiforsyningssikkerhetsberedskapsklyngeutviklingsprosjektsamarbeidsavtalen"

# Free text of the hostile cluster: each holds its own element, so a value printed
# unescaped anywhere shows up as that element; template syntax that would render
# differently (or fail: an unclosed raw block) if the text were run as a template.
HOSTILE_TEXT = {
    "name": "Ærfugl Øy Åsen <hostile-name>fet</hostile-name> & {{ 7*7 }} *stjerne*",
    "short_name": "Ærfugl <hostile-short>kort</hostile-short>",
    "former_name": "Gammel {% if true %}navn{% endif %} <hostile-former>x</hostile-former>",
    "status_note_arena": 'Arena <hostile-note1 onclick="alert(1)">start</hostile-note1> {{ site.as_of }}',
    "status_note_nce": "Ends on the as-of date <hostile-note2>end</hostile-note2> {% raw %}",
    "city": "Åsane <hostile-city>by</hostile-city> {{ 1+1 }}",
    "region": "Region {{ config }} <hostile-region>vest</hostile-region>",
    "technology_1": "<hostile-tech1>svg</hostile-tech1> onload",
    "technology_2": "{{ lipsum() }} & {% for x in y %}",
    "organisation": "Org \"quoted\" & 'single' <hostile-org href=\"https://evil.example\">lenke</hostile-org>",
    "link_title": "Lenke <hostile-link>fet</hostile-link> {{ 1+2 }}",
    "member_note": "Members <hostile-members>m</hostile-members> {{ 2*3 }}",
    "milestone": "Milestone </ul><hostile-milestone>oops</hostile-milestone> {# comment #}",
    "source_title": "Kilde <hostile-source>s</hostile-source> {{ 3*3 }}",
    "uncertain_city": "Usikker <hostile-uncertain1>note</hostile-uncertain1> {{ 4*4 }}",
    "uncertain_end": "Slutt <hostile-uncertain2>note</hostile-uncertain2> {%- endraw %}",
    "description_1": f"{LONG_WORD} opens the text. <hostile-desc>d</hostile-desc> {{{{ 7*7 }}}} stays as written.",
    "description_2": "A second paragraph with `code`, [a link](https://evil.example) and <hostile-desc2>x</hostile-desc2>.",
}
LINK_URL = "https://example.org/?a=1&b=<hostile-url>2</hostile-url>&c=\"q\""
WEBSITE = "https://example.org/?from=https://other.example/\"onmouseover=\"alert(1)"  # shown from its first ://
SOURCE_URL = "https://example.org/source?q=<hostile-srcurl>&x='y'"

HOSTILE = {
    "slug": "hostile",
    "name": HOSTILE_TEXT["name"],
    "short_name": HOSTILE_TEXT["short_name"],
    "former_names": [HOSTILE_TEXT["former_name"]],
    "founded": "2008-02-29",
    "status": [
        {"level": "arena", "from": "2012-02-29", "to": "2015-12-31", "note": HOSTILE_TEXT["status_note_arena"]},
        {"level": "nce", "from": "2016-01", "to": AS_OF, "note": HOSTILE_TEXT["status_note_nce"]},
    ],
    "city": HOSTILE_TEXT["city"],
    "county": "Vestland",
    "region": HOSTILE_TEXT["region"],
    "coordinates": {"lat": 60.4655, "lon": 5.3224},
    "sectors": ["Maritime", "Energy"],
    "technology": [HOSTILE_TEXT["technology_1"], HOSTILE_TEXT["technology_2"]],
    "organisation": HOSTILE_TEXT["organisation"],
    "website": WEBSITE,
    "links": [{"title": HOSTILE_TEXT["link_title"], "url": LINK_URL}],
    "members": [{"count": 1, "as_of": "2014", "unit": "owners"},
                {"count": 1234, "as_of": "2016-02-29", "qualifier": "about", "note": HOSTILE_TEXT["member_note"]}],
    "milestones": [{"date": "2016-02-29", "text": HOSTILE_TEXT["milestone"]}],
    "description": HOSTILE_TEXT["description_1"] + "\n\n" + HOSTILE_TEXT["description_2"] + "\n",
    "sources": [{"url": SOURCE_URL, "title": HOSTILE_TEXT["source_title"]}],
    "uncertain": [
        {"field": "city", "confidence": "inferred", "note": HOSTILE_TEXT["uncertain_city"]},
        {"field": "status[1].to", "confidence": "unverified", "note": HOSTILE_TEXT["uncertain_end"]},
        # A mark on every other fact that can carry one, each with its own note, so a mark
        # shown beside the wrong value (or lost) changes the page.
        *({"field": field, "confidence": confidence, "note": f"Note on {field} <hostile-mark>{{{{ 5*5 }}}}</hostile-mark>"}
          for field, confidence in (("status[1]", "inferred"), ("status[1].from", "unverified"), ("county", "inferred"),
                                    ("region", "unverified"), ("founded", "inferred"), ("members[0]", "unverified"),
                                    ("members[1].count", "inferred"), ("organisation", "unverified"),
                                    ("website", "inferred"), ("technology", "unverified"))),
    ],
}


def plain(slug: str, name: str, status: list[tuple], county: str, sectors: list[str]) -> dict:
    return {
        "slug": slug, "name": name,
        "status": [dict(zip(("level", "from", "to"), period)) for period in status],
        "city": "Stavanger", "county": county, "coordinates": {"lat": 58.97, "lon": 5.73}, "sectors": sectors,
        "description": f"{name} exists only in the tests.\n", "sources": [{"url": "https://example.org/"}],
    }


PLAIN = [
    plain("zeta-ocean", "Zeta Ocean", [("gce", "2014-06-18")], "Vestland", ["Maritime"]),
    plain("aasen-arena", "Åsen Arena", [("arena", "2017-06")], "Vestland", ["Maritime"]),
    plain("oeya-tidligere", "Øya Tidligere", [("nce", "2006", "2016")], "Vestland", ["Seafood"]),
    plain("dagen-for", "Dagen før", [("nce", "2010", "2018-11-07")], "Rogaland", ["Energy"]),
    plain("dagen-etter", "Dagen etter", [("arena", "2018-11-09")], "Oslo", ["Energy"]),
    plain("starter-pa-dagen", "Starter på dagen", [("nce", AS_OF)], "Rogaland", ["Energy"]),
    plain("maneden-ut", "Måneden ut", [("nce", "2012", "2018-11")], "Rogaland", ["Energy"]),
    plain("bo-energi", "Bø Energi", [("nce", "2008-02-29")], "Rogaland", ["Energy"]),
    plain("aerlig-energi", "Ærlig Energi", [("nce", "2014")], "Rogaland", ["Energy"]),
    plain("energi-vest", "Energi Vest", [("nce", "2014")], "Rogaland", ["Energy"]),
    plain("arktisk-energi", LONG_NAME, [("nce", "2011")], "Nordland", ["Energy"]),
    plain("pro-klynge", "Pro Klynge", [("arena-pro", "2018-06")], "Oslo", ["ICT"]),
    plain("moden-klynge", "Moden Klynge", [("mature", "2017")], "Oslo", ["ICT"]),
]
del PLAIN[-1]["county"]  # no source names its county: counted as "County not known"

# Worked out by hand from the files above for 8 November 2018.
GROUPS = {
    "gce": ["zeta-ocean"],
    "nce": ["arktisk-energi", "bo-energi", "energi-vest", "maneden-ut", "starter-pa-dagen", "hostile", "aerlig-energi"],
    "arena-pro": ["pro-klynge"],
    "arena": ["aasen-arena"],
    "mature": ["moden-klynge"],
    "former": ["dagen-for", "oeya-tidligere"],
    "later": ["dagen-etter"],
}


PARTNER_MARKS = {
    "siva": (("name_no", "inferred"), ("founded", "unverified"), ("headquarters", "inferred"),
             ("legal_form", "unverified"), ("owner", "inferred"), ("website", "unverified")),
    "research-council-of-norway": (("abbreviation", "inferred"),),  # noted, but the fact has no mark
}


def dump(record: dict) -> str:
    return ("# yaml-language-server: $schema=../schema/cluster.schema.json\n"
            + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000))


def write_fixture(data_dir: Path) -> None:
    """Replace the clusters of a copy of data/ by the fixture's and set its as-of date."""
    clusters = data_dir / "clusters"
    for path in clusters.glob("*.yml"):
        path.unlink()
    for record in [HOSTILE, *PLAIN]:
        (clusters / f"{record['slug']}.yml").write_text(dump(record), encoding="utf-8")
    # Every fact of a partner's page that can carry a mark has one (the real partners have none).
    for slug, fields in PARTNER_MARKS.items():
        partner = data_dir / "partners" / f"{slug}.yml"
        record = yaml.safe_load(partner.read_text(encoding="utf-8"))
        record["uncertain"] = [*record.get("uncertain", []), *(
            {"field": field, "confidence": confidence, "note": f"Partner note on {field} <hostile-partner>p</hostile-partner>"}
            for field, confidence in fields)]
        partner.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    programme = data_dir / "programme.yml"
    text = programme.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^as_of: .*$", f"as_of: {AS_OF}", text)
    coverage = yaml.safe_dump({"coverage": COVERAGE}, allow_unicode=True, sort_keys=False, width=1000)
    text, replaced = re.subn(r"(?ms)^coverage:\n.*?(?=^[a-z_]+:)", lambda _: coverage, text)
    assert replaced == 1
    # A level's full name that differs in Bokmål, so an English page showing the Bokmål one is caught.
    english_full_name = re.compile(r"(?m)^    full_name: Norwegian Centres of Expertise.*$")
    assert len(english_full_name.findall(text)) == 1
    bilingual = "    full_name:\n      en: Norwegian Centres of Expertise\n      nb: Norske ekspertsentre (test)"
    text = english_full_name.sub(bilingual, text)
    programme.write_text(re.sub(r"(?m)^as_of_label: .*$", "as_of_label: on the test date", text), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory) -> Path:
    """A copy of data/ with the fixture's clusters: all the generator needs."""
    data_dir = tmp_path_factory.mktemp("hostile-data") / "data"
    shutil.copytree(REPO / "data", data_dir)
    write_fixture(data_dir)
    return data_dir


def repo_with_data(tmp_path_factory, data_dir: Path, name: str) -> Path:
    """A copy of the repository whose data/ is `data_dir`, for MkDocs."""
    repo = copy_repo(tmp_path_factory.mktemp(name) / "repo")
    shutil.rmtree(repo / "data")
    shutil.copytree(data_dir, repo / "data")
    return repo


def published_from(form: str, data_dir: Path, tmp_path_factory, name: str):
    """The site made from `data_dir`: built by MkDocs, or made by the generator in this process."""
    if form == "generated":
        return generated(data_dir=data_dir)
    site = tmp_path_factory.mktemp(f"{name}-site") / "site"
    result = build(repo_with_data(tmp_path_factory, data_dir, name), site)
    assert result.returncode == 0, result.stderr
    return BuiltSite(site)


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory, hostile_data) -> Path:
    return repo_with_data(tmp_path_factory, hostile_data, "hostile")


@pytest.fixture(scope="module")
def site(hostile_repo, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("hostile-site") / "site"
    result = build(hostile_repo, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(params=["built", "generated"])
def hostile(request, hostile_data):
    """The fixture's pages and files: built by MkDocs, and made by the generator in this process."""
    if request.param == "built":
        return BuiltSite(request.getfixturevalue("site"))
    return generated(data_dir=hostile_data)


@pytest.fixture
def page(hostile) -> str:
    return hostile.page("clusters/hostile.html")


@pytest.fixture(scope="module")
def built_page(site) -> str:
    return read(site, "clusters/hostile.html")


def test_fixture_groups_match_the_independent_reading_of_the_yaml(hostile_data):
    """The hand-worked groups agree with tests/expected.py's rules, so both are checked."""
    data = Data(hostile_data)
    assert {g: [c.slug for c in data.in_display_order(data.clusters) if c.group == g] for g in GROUPS} == GROUPS


# --- escaping: nothing from the data becomes markup, anywhere ---------------------------

def without_json_ld(html: str) -> str:
    return re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)


def test_no_value_becomes_an_element_on_any_page(hostile):
    pages = hostile.all_pages()
    assert len(pages) > 12
    for path in pages:
        html = without_json_ld(hostile.page(path))
        assert "<hostile-" not in html, f"{path}: {html[html.find('<hostile-') - 80:][:200]}"
        assert 'onmouseover="alert' not in html, path


def test_json_ld_cannot_end_its_script(built_page):
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', built_page, flags=re.S):
        assert json.loads(block)["name"] == HOSTILE["name"]
        assert "</" not in block


def test_search_index_holds_the_text_not_markup(site):
    index = next(site.glob("search/search_index.js*"))
    text = index.read_text(encoding="utf-8")
    assert "<hostile-" not in text
    assert "Ærfugl Øy Åsen" in text or "\\u00c6rfugl" in text


class Elements(HTMLParser):
    """Every element's attributes and the text of every element, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.attrs


# --- the cluster page shows every value as written ---------------------------------------

SHOWN_ON_PAGE = [key for key in HOSTILE_TEXT if key != "description_2"]


@pytest.mark.parametrize("key", SHOWN_ON_PAGE)
def test_cluster_page_shows_each_free_text_value_as_written(page, key):
    assert HOSTILE_TEXT[key] in text_of(article(page)), key


def test_description_paragraphs_are_text_not_markdown(page):
    body = text_of(article(page))
    assert HOSTILE_TEXT["description_2"] in body  # backticks and brackets stay as typed
    assert "<code>code</code>" not in page and 'href="https://evil.example"' not in page


def test_template_syntax_is_never_run(page):
    body = text_of(article(page))
    for literal in ("{{ 7*7 }}", "{{ 1+1 }}", "{{ site.as_of }}", "{{ config }}", "{% raw %}", "{%- endraw %}",
                    "{# comment #}", "{% if true %}navn{% endif %}", "{{ lipsum() }}"):
        assert literal in body, literal


ESCAPED_NAME = "Ærfugl Øy Åsen &lt;hostile-name&gt;fet&lt;/hostile-name&gt; &amp; {{ 7*7 }} *stjerne*"


def test_heading_shows_the_name_escaped_once(page):
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, flags=re.S).group(1)
    assert h1.strip() == ESCAPED_NAME, h1


def test_title_and_open_graph_show_the_name_escaped_once(built_page):
    title = re.search(r"<title>(.*?)</title>", built_page, flags=re.S).group(1)
    assert ESCAPED_NAME in title, title
    og = next(a for tag, a in elements(built_page) if tag == "meta" and a.get("property") == "og:title")
    assert og["content"] == HOSTILE["name"]


def test_addresses_stay_whole_inside_their_attributes(page):
    hrefs = [a.get("href") for tag, a in elements(article(page)) if tag == "a"]
    assert LINK_URL in hrefs and WEBSITE in hrefs and SOURCE_URL in hrefs
    assert not any(tag == "hostile-url" or "onmouseover" in a for tag, a in elements(page))


def test_long_words_are_kept_whole(page, hostile):
    assert LONG_WORD in text_of(article(page))
    for path in ("clusters/index.html", "clusters/bo-energi.html", "clusters/arktisk-energi.html"):
        assert LONG_NAME in text_of(article(hostile.page(path))), path


def test_page_description_is_cut_between_words(built_page):
    description = next(a["content"] for tag, a in elements(built_page) if tag == "meta" and a.get("name") == "description")
    assert description.startswith(LONG_WORD + " ") and len(description) <= 160, description
    assert HOSTILE_TEXT["description_1"].startswith(description.rstrip("…")), description


def test_leap_day_dates_are_shown_as_dates(page):
    body = text_of(article(page))
    for shown in ("29 February 2012", "31 December 2015", "January 2016", "8 November 2018", "29 February 2016"):
        assert shown in body, shown
    facts = {label: value for label, value, _, _ in key_facts(page)}  # values without their marks
    assert facts["Started"] == "29 February 2008"
    assert facts["Since"] == "January 2016"
    assert facts["Size"] == "about 1 234 members (29 February 2016)"  # a thin space groups the digits


def test_period_ending_on_the_as_of_date_is_still_held(page):
    facts = {label: value for label, value, _, _ in key_facts(page)}
    level = next(value for label, value in facts.items() if label.startswith("Level on"))
    assert level.split(" ")[0] == "NCE", level


def test_cluster_pages_show_the_facts_status_and_marks_of_the_yaml(hostile, hostile_data):
    """Every fact of the hostile cluster is marked, so each mark must sit beside its own value."""
    data = Data(hostile_data)
    for cluster in data.clusters:
        check_cluster_page(data, cluster, hostile.page(f"clusters/{cluster.slug}.html"))


def test_partner_pages_show_the_facts_and_marks_of_the_yaml(hostile, hostile_data):
    data = Data(hostile_data)
    for slug in partner_slugs(data):
        check_partner_page(data, slug, hostile.page(f"partners/{slug}.html"))


def test_notes_on_uncertain_values_are_listed(page):
    notes = re.search(r'<ol class="nce-notes">(.*?)</ol>', page, flags=re.S).group(1)
    assert HOSTILE_TEXT["uncertain_city"] in text_of(notes) and HOSTILE_TEXT["uncertain_end"] in text_of(notes)


# --- groups, counts and lists on the other pages ----------------------------------------

def test_directory_puts_each_cluster_in_its_group(hostile):
    groups = dict(directory_groups(hostile.page("clusters/index.html")))
    assert {g: sorted(s) for g, s in groups.items()} == {g: sorted(s) for g, s in GROUPS.items()}


def test_directory_rows_are_in_name_order(hostile):
    groups = dict(directory_groups(hostile.page("clusters/index.html")))
    assert groups["nce"] == GROUPS["nce"]
    assert groups["former"] == GROUPS["former"]


def test_directory_row_shows_the_hostile_values_as_text(hostile):
    html = hostile.page("clusters/index.html")
    row = re.search(r'<tr[^>]*data-slug="hostile".*?</tr>', html, flags=re.S).group(0)
    attrs = next(a for tag, a in elements(row) if tag == "tr")
    assert attrs["data-name"] == HOSTILE["name"] and attrs["data-level"] == "nce"
    assert attrs["data-since"] == "2016-01" and attrs["data-county"] == "vestland"
    assert attrs["data-years"] == " ".join(str(y) for y in range(2012, 2019))
    cells = text_of(row)
    assert HOSTILE["name"] in cells and HOSTILE_TEXT["city"] in cells and "Maritime, Energy" in cells


def test_counts_on_home_directory_and_statistics(hostile):
    assert "7 NCE clusters" in text_of(hostile.page("index.html"))
    rows = dict(table_rows(article(hostile.page("statistics.html")), "Clusters by level on"))
    assert rows == {"GCE": "1", "NCE": "7", "Arena Pro": "1", "Arena": "1", "Mature cluster": "1", "Former": "2",
                    "Joined later": "1"}
    html = hostile.page("clusters/index.html")
    counts = dict(re.findall(r'<table[^>]*data-group="([a-z-]+)".*?<span data-nce-group-count>(\d+) cluster', html, flags=re.S))
    assert counts == {g: str(len(s)) for g, s in GROUPS.items()}


def test_level_filter_labels(hostile):
    options = dict(select_options(hostile.page("clusters/index.html"), "level"))
    assert options == {"": "All levels", "gce": "GCE", "nce": "NCE", "arena-pro": "Arena Pro", "arena": "Arena",
                       "mature": "Mature cluster", "former": "Former", "later": "Joined later"}


def test_map_has_every_cluster_and_a_legend_entry_for_each_level(hostile):
    """Every cluster is on each set of markers (alone at its marker or in the list of a marker for
    several); each legend names exactly the kinds of marker its set draws."""
    html = hostile.page("clusters/map.html")
    for layer in ("wide", "narrow"):
        figure = map_layer(html, layer)
        assert sorted(CLUSTER_LINK.findall(figure)) == sorted(s for slugs in GROUPS.values() for s in slugs)
        labels = [unescape(x) for x in re.findall(r'aria-label="([^"]*)"', figure)]
        assert any(HOSTILE["name"] in label for label in labels)
        drawn = {level for level, _ in map_markers(html, layer)}
        legend = dict(map_legend(html, layer))
        assert set(legend) - {"approximate"} == drawn, layer
        # Clusters that joined after the as-of date have their own entry (the map once called them former).
        assert legend.get("later") in (None, "Joined later")


def test_timeline_has_a_lane_for_the_hostile_cluster(hostile):
    html = hostile.page("timeline.html")
    assert 'href="clusters/hostile.html"' in html
    assert HOSTILE["short_name"] in text_of(article(html))  # lanes are labelled with the shorter name


# --- order: every group present, so every list shows the whole order -------------------

@pytest.mark.parametrize("order", ORDERS)
def test_directory_groups_and_level_filter_follow_the_level_order(hostile, hostile_data, order):
    order = order or Data(hostile_data).group_order
    expected = [g for g in order if g in GROUPS]
    html = hostile.page("clusters/index.html")
    assert [group for group, _ in directory_groups(html)] == expected
    assert [value for value, _ in select_options(html, "level")[1:]] == expected


@pytest.mark.parametrize("order", ORDERS)
def test_statistics_follow_the_level_order(hostile, hostile_data, order):
    data = Data(hostile_data)
    labels = {**data.level_names, "former": "Former", "later": "Joined later"}
    rows = table_rows(article(hostile.page("statistics.html")), "Clusters by level on")
    assert [label for label, _ in rows] == [labels[g] for g in order or data.group_order if g in GROUPS]


def test_map_legend_follows_the_level_order_in_programme_yml(hostile, hostile_data):
    order = Data(hostile_data).group_order
    for layer in ("wide", "narrow"):
        legend = [level for level, _ in map_legend(hostile.page("clusters/map.html"), layer)]
        # The levels drawn, in order, then the marker for several clusters and the approximate place, if any.
        levels = [level for level in legend if level not in ("several", "approximate")]
        assert levels == [level for level in order if level in levels]
        assert legend[len(levels):] == [kind for kind in ("several", "approximate") if kind in legend]


# --- related clusters, worked out by hand -------------------------------------------------

def test_related_lists_of_a_known_cluster(hostile):
    # Energy: the other NCE clusters by name (Æ sorts last), then former and later ones, five at most.
    # Rogaland: the four other NCE clusters there, then the former one.
    assert related_lists(hostile.page("clusters/bo-energi.html")) == [
        ("Also in energy", ["arktisk-energi", "energi-vest", "maneden-ut", "starter-pa-dagen", "hostile"]),
        ("Also in Rogaland", ["energi-vest", "maneden-ut", "starter-pa-dagen", "aerlig-energi", "dagen-for"]),
    ]


def test_related_lists_of_the_hostile_cluster(hostile):
    lists = dict(related_lists(hostile.page("clusters/hostile.html")))
    assert set(lists) == {"Also in maritime", "Also in Vestland"}
    assert sorted(lists["Also in maritime"]) == ["aasen-arena", "zeta-ocean"]
    assert sorted(lists["Also in Vestland"]) == ["aasen-arena", "oeya-tidligere", "zeta-ocean"]


# --- open data keeps the text exactly ---------------------------------------------------

def test_open_data_holds_the_hostile_values_exactly(hostile):
    document = json.loads(hostile.file("open-data/clusters.json"))
    record = next(r for r in document["clusters"] if r["slug"] == "hostile")
    as_text = yaml.load(dump(HOSTILE), Loader=yaml.BaseLoader)
    expected = expected_record(as_text, "nce", "2016-01")
    assert {k: v for k, v in record.items() if k != "page"} == expected
    row = next(r for r in csv.DictReader(io.StringIO(hostile.file("open-data/clusters.csv"))) if r["slug"] == "hostile")
    for column, value in expected_csv_row(as_text, "nce", "2016-01").items():
        assert row[column] == value, column


# --- 29 February in a year that has none is a located error -----------------------------

def test_29_february_of_a_common_year_is_a_located_error(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    write_fixture(repo / "data")
    broken = dict(HOSTILE, founded="2015-02-29",
                  milestones=[{"date": "2017-02-29", "text": HOSTILE_TEXT["milestone"]}])
    text = dump(broken)
    (repo / "data" / "clusters" / "hostile.yml").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    founded = 1 + next(i for i, line in enumerate(lines) if "2015-02-29" in line)
    milestone = 1 + next(i for i, line in enumerate(lines) if "2017-02-29" in line)
    result = validate(repo)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "has 2 problems" in result.stderr, result.stderr
    report = result.stderr.splitlines()
    founded_line = next(line for line in report if line.startswith(f"data/clusters/hostile.yml:{founded}: founded:"))
    assert "2015-02-29" in founded_line and "February 2015 has 28 days" in founded_line
    milestone_line = next(line for line in report
                          if line.startswith(f"data/clusters/hostile.yml:{milestone}: milestones[0].date:"))
    assert "2017-02-29" in milestone_line and "February 2017 has 28 days" in milestone_line


def test_timeline_periods_rounds_and_caption(hostile, hostile_data):
    """The fixture has periods that end on, before and after the as-of date, and one not yet begun."""
    check_timeline(Data(hostile_data), hostile.page("timeline.html"))
    titles = re.findall(r"<title>(.*?)</title>", hostile.page("timeline.html"))
    assert "Starter på dagen: NCE 2018, 8 November 2018–still held on 8 November 2018" in titles
    assert "Dagen før: NCE 2010, 2010–7 November 2018" in titles
    # A period that begins after the as-of date is beyond the data: neither drawn nor in the table.
    assert not any(title.startswith("Dagen etter") for title in titles)
    assert "Dagen etter" not in text_of(article(hostile.page("timeline.html")))


def test_directory_home_cards_and_statistics_show_the_yaml(hostile, hostile_data):
    data = Data(hostile_data)
    check_directory_groups(data, hostile.page("clusters/index.html"))
    check_home_cards(data, hostile.page("index.html"))
    check_statistics(data, hostile.page("statistics.html"))
    counties = dict(table_rows(article(hostile.page("statistics.html")), "Current clusters by county on"))
    assert counties == {"Rogaland": "5", "Vestland": "3", "Nordland": "1", "Oslo": "1", "County not known": "1"}
    row = re.search(r'<tr[^>]*data-slug="moden-klynge"[^>]*>', hostile.page("clusters/index.html")).group(0)
    assert 'data-county="not-known"' in row


@pytest.fixture(scope="module")
def fewer_data(tmp_path_factory, hostile_data) -> Path:
    """The fixture without its GCE and former clusters: two groups left empty."""
    data_dir = tmp_path_factory.mktemp("fewer-data") / "data"
    shutil.copytree(hostile_data, data_dir)
    for slug in GROUPS["gce"] + GROUPS["former"]:
        (data_dir / "clusters" / f"{slug}.yml").unlink()
    return data_dir


@pytest.fixture(params=["built", "generated"])
def fewer(request, fewer_data, tmp_path_factory):
    return published_from(request.param, fewer_data, tmp_path_factory, "fewer")


def test_home_page_counts_every_group(hostile, hostile_data):
    check_home_counts(Data(hostile_data), hostile.page("index.html"))


def test_home_page_counts_zero_for_a_group_with_no_cluster(fewer, fewer_data):
    """An empty group is counted as 0, not left out or shown as "None"."""
    check_home_counts(Data(fewer_data), fewer.page("index.html"))
    text = text_of(re.sub(r"</?strong>", "", article(fewer.page("index.html")))).replace("**", "")
    assert "0 GCE clusters" in text and "the 0 clusters that had already left" in text


def test_related_headings_of_an_abbreviated_sector_and_a_county(hostile):
    assert [heading for heading, _ in related_lists(hostile.page("clusters/pro-klynge.html"))] == [
        "Also in ICT", "Also in Oslo"]


def test_a_period_starting_on_the_as_of_date_is_drawn_as_a_sliver(hostile):
    """A level held from the as-of date on is drawn from that date, where the axis ends, as a sliver
    three units wide: visible, but reaching no further year."""
    html = hostile.page("timeline.html")
    start = html.index('<svg class="nce-chart__svg')
    svg = html[start:html.index("</svg>", start)]
    ticks = {int(year): float(x) for x, year in re.findall(r'<text x="([0-9.]+)" y="[0-9.]+">(\d{4})</text>', svg)}
    assert max(ticks) == 2018  # no year after the as-of date is on the axis
    (first, x_first), (last, x_last) = min(ticks.items()), max(ticks.items())
    per_year = (x_last - x_first) / (last - first)
    title = "<title>Starter på dagen: NCE 2018, 8 November 2018\u2013still held on 8 November 2018</title>"
    x, width = map(float, re.search(r'<rect class="nce-chart__fill" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"',
                                    svg[svg.index(title):]).groups())
    as_of = 2018 + (311 / 365.25)  # 8 November is the 312th day of 2018
    assert abs(x - (x_first + (as_of - first) * per_year)) < 0.3, (x, per_year)
    assert width == 3.0


def test_the_chart_by_year_shows_the_covered_years_and_marks_the_partial_ones(hostile):
    """The fixture's coverage: complete to 2015, unknown in 2016, partial from 2017 to the as-of date."""
    html = article(hostile.page("statistics.html"))
    rows = table_rows(html, "Clusters by level and year")
    assert [row[0] for row in rows] == [str(y) for y in (*range(2006, 2016), 2017, 2018)]
    assert [row[-1] for row in rows] == ["complete"] * 10 + ["partial (1)", "partial (1) (2)"]
    chart = html[html.index('id="chart-clusters-by-level-and-year"'):]
    chart = chart[:chart.index("</figure>")]
    items = re.findall(r'<li id="chart-clusters-by-level-and-year-note-\d+">(.*?)</li>', chart, flags=re.S)
    notes = [unescape(re.sub(r"<[^>]+>", "", item)) for item in items]
    assert notes == [f"2017 \u2013 8 November 2018: {COVERAGE_NOTE}",
                     "8 November 2018: the coverage statement stops on 8 November 2018"]
    description = text_of(re.search(r"<desc[^>]*>(.*?)</desc>", chart, flags=re.S).group(1))
    assert description.endswith(
        f"The data is partial for 2017\u20132018. 2017 \u2013 8 November 2018: {COVERAGE_NOTE} 8 November 2018: the "
        "coverage statement stops on 8 November 2018 No figures are shown for 2016: the sources found do not say "
        "how complete the data is."), description
    assert chart.count("nce-chart__column--partial") == 2
    years = [value for value, _ in select_options(hostile.page("clusters/index.html"), "year")[1:]]
    assert years == [str(y) for y in (*range(2006, 2016), 2017, 2018)]  # the directory offers the same years


def test_open_data_holds_the_coverage_exactly(hostile):
    document = json.loads(hostile.file("open-data/clusters.json"))
    assert document["as_of"] == AS_OF
    assert document["coverage"] == [{"sources": [], **period} for period in COVERAGE]


@pytest.fixture(scope="module")
def no_clusters_data(tmp_path_factory, hostile_data) -> Path:
    """The fixture's data with every cluster file taken out: a site an editor may build while starting over."""
    data_dir = tmp_path_factory.mktemp("no-clusters-data") / "data"
    shutil.copytree(hostile_data, data_dir)
    for path in (data_dir / "clusters").glob("*.yml"):
        path.unlink()
    return data_dir


@pytest.fixture(params=["built", "generated"])
def no_clusters(request, no_clusters_data, tmp_path_factory):
    return published_from(request.param, no_clusters_data, tmp_path_factory, "no-clusters")


def test_a_site_with_no_cluster_shows_empty_statistics_and_zero_counts(no_clusters, no_clusters_data):
    html = article(no_clusters.page("statistics.html"))
    assert html.count(">No data</text>") == 4  # each bar chart says so
    # The chart by year still has the as-of year, with nothing in it.
    assert table_rows(html, "Clusters by level and year") == [(AS_OF[:4], "0", "partial (1) (2)")]
    check_home_counts(Data(no_clusters_data), no_clusters.page("index.html"))
