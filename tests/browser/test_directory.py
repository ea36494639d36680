"""The cluster directory's filters and sorting in Chromium, served and from disk.

The `page` fixture fails a test on any console error or request that leaves the
machine. Expected rows are worked out from the YAML files (see tests/test_directory.py).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect
from test_directory import REPO, expected_row, read_yaml

from .conftest import FOREIGN_URL
from .helpers import AXE_JS, WCAG_TAGS, format_violations

DIRECTORY = "clusters/index.html"
STATUS = "[data-nce-directory-status]"
FORM = "[data-nce-directory-form]"


def rows_from_yaml() -> list[dict]:
    as_of = read_yaml(REPO / "data" / "programme.yml")["as_of"]
    return [expected_row(read_yaml(path), as_of) for path in sorted((REPO / "data" / "clusters").glob("*.yml"))]


TOTAL = len(rows_from_yaml())


def visible_rows(page: Page) -> list[dict]:
    """The rows a reader sees, in page order, with their group and data attributes."""
    return page.evaluate("""() => [...document.querySelectorAll("tr[data-slug]")]
        .filter(row => row.checkVisibility())
        .map(row => ({group: row.closest("section").dataset.group, ...row.dataset}))""")


def visible_groups(page: Page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll("section[data-group]")]
        .filter(s => s.checkVisibility()).map(s => s.dataset.group)""")


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def open_directory(page: Page, site, search: str = "") -> None:
    page.goto(site.url(DIRECTORY) + search)
    expect(page.locator(FORM)).to_be_visible()


def expect_count(page: Page, shown: int) -> None:
    text = f"Showing all {TOTAL} clusters." if shown == TOTAL else f"Showing {shown} of {TOTAL} clusters"
    expect(page.locator(STATUS)).to_contain_text(text)


def by_group(rows: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    return groups


def test_level_filter_shows_only_that_level(page, site):
    open_directory(page, site)
    expect_count(page, TOTAL)
    assert len(visible_rows(page)) == TOTAL
    page.select_option("#nce-dir-level", "nce")
    expected = sorted(r["data-slug"] for r in rows_from_yaml() if r["data-level"] == "nce")
    expect_count(page, len(expected))
    shown = visible_rows(page)
    assert sorted(r["slug"] for r in shown) == expected
    assert {r["level"] for r in shown} == {"nce"}
    assert visible_groups(page) == ["nce"]
    assert query(page) == {"level": ["nce"]}
    expect(page.locator(STATUS)).to_have_attribute("aria-live", "polite")
    # The caption of the group that is left says how many of its rows are shown.
    expect(page.locator("section[data-group=nce] caption")).to_contain_text(f"{len(expected)} clusters")


def test_county_and_sector_together(page, site):
    open_directory(page, site)
    page.select_option("#nce-dir-county", "vestland")
    page.select_option("#nce-dir-sector", "ict")
    expected = sorted(r["data-slug"] for r in rows_from_yaml()
                      if r["data-county"] == "vestland" and "ict" in r["data-sectors"].split())
    assert expected, "the data should have an ICT cluster in Vestland"
    expect_count(page, len(expected))
    assert sorted(r["slug"] for r in visible_rows(page)) == expected
    assert query(page) == {"county": ["vestland"], "sector": ["ict"]}
    # Back to everything; the query string is emptied.
    page.get_by_role("button", name="Show all clusters").click()
    expect_count(page, TOTAL)
    assert urlsplit(page.url).query == ""


def test_year_filter(page, site):
    open_directory(page, site, "?year=2008")
    expected = sorted(r["data-slug"] for r in rows_from_yaml() if "2008" in r["data-years"].split())
    expect_count(page, len(expected))
    assert sorted(r["slug"] for r in visible_rows(page)) == expected


def test_no_match_says_so(page, site):
    open_directory(page, site)
    page.select_option("#nce-dir-level", "gce")
    page.select_option("#nce-dir-sector", "tourism")
    expect(page.locator(STATUS)).to_have_text(f"Showing 0 of {TOTAL} clusters: none matches all these filters.")
    assert visible_rows(page) == [] and visible_groups(page) == []


def sorted_rows(rows: list[dict], order: str) -> list[dict]:
    """Rows as the directory should order them: by the chosen value, then by name."""
    rows = sorted(rows, key=lambda r: r["name"].casefold())
    if order == "members":  # largest first, unknown sizes last
        return sorted(rows, key=lambda r: -int(r["members"]) if r["members"] else 1)
    if order in ("year", "year-desc"):  # ISO dates, partial or full, sort as text
        return sorted(rows, key=lambda r: r["since"], reverse=order == "year-desc")
    return rows


@pytest.mark.parametrize("order", ["members", "year", "year-desc", "name"])
def test_sort_orders_rows_within_each_group(page, site, order):
    open_directory(page, site)
    page.select_option("#nce-dir-sort", order)
    rows = visible_rows(page)
    assert len(rows) == TOTAL
    for group, members in by_group(rows).items():
        assert [r["slug"] for r in members] == [r["slug"] for r in sorted_rows(members, order)], group
    assert query(page) == ({} if order == "name" else {"sort": [order]})


def test_members_sort_puts_the_largest_first(page, site):
    open_directory(page, site, "?level=nce&sort=members")
    sizes = [r["members"] for r in visible_rows(page)]
    known = [int(s) for s in sizes if s]
    assert known == sorted(known, reverse=True) and known
    assert sizes[len(known):] == [""] * (len(sizes) - len(known)), "unknown sizes come last"


def test_state_survives_a_reload(page, site):
    open_directory(page, site)
    page.select_option("#nce-dir-level", "nce")
    page.select_option("#nce-dir-county", "vestland")
    page.select_option("#nce-dir-sort", "year-desc")
    assert query(page) == {"level": ["nce"], "county": ["vestland"], "sort": ["year-desc"]}
    before = visible_rows(page)
    page.reload()
    expect(page.locator(FORM)).to_be_visible()
    assert page.input_value("#nce-dir-level") == "nce"
    assert page.input_value("#nce-dir-county") == "vestland"
    assert page.input_value("#nce-dir-sort") == "year-desc"
    assert visible_rows(page) == before
    expect_count(page, len(before))


def test_hand_written_url_opens_filtered(page, site):
    open_directory(page, site, "?level=gce")
    expected = [r for r in rows_from_yaml() if r["data-level"] == "gce"]
    assert len(expected) == 3
    rows = visible_rows(page)
    assert len(rows) == 3 and {r["level"] for r in rows} == {"gce"}
    expect_count(page, 3)
    assert page.input_value("#nce-dir-level") == "gce"


def test_unknown_values_in_the_query_are_ignored(page, site):
    open_directory(page, site, "?level=platinum&county=vestland&sort=sideways&year=1066&h=energy#group-nce")
    assert page.input_value("#nce-dir-level") == ""
    assert page.input_value("#nce-dir-year") == ""
    assert page.input_value("#nce-dir-sort") == "name"
    assert page.input_value("#nce-dir-county") == "vestland"
    expected = [r for r in rows_from_yaml() if r["data-county"] == "vestland"]
    expect_count(page, len(expected))
    # A change writes only known values and keeps other parameters and the fragment.
    page.select_option("#nce-dir-sector", "media")
    assert query(page) == {"county": ["vestland"], "h": ["energy"], "sector": ["media"]}
    assert urlsplit(page.url).fragment == "group-nce"


def test_keyboard_changes_a_filter(page, site):
    open_directory(page, site)
    page.focus("#nce-dir-level")
    page.keyboard.press("ArrowDown")
    first_level = page.locator("#nce-dir-level option").nth(1).get_attribute("value")
    assert page.input_value("#nce-dir-level") == first_level
    shown = visible_rows(page)
    assert shown and {r["level"] for r in shown} == {first_level}
    reset = page.get_by_role("button", name="Show all clusters")
    reset.focus()
    page.keyboard.press("Enter")
    expect_count(page, TOTAL)


def test_controls_are_labelled(page, site):
    open_directory(page, site)
    for label in ("Level", "County", "Sector", "In the programme in", "Sort by"):
        expect(page.get_by_label(label, exact=True)).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("site", ["http"], indirect=True)
def test_directory_passes_axe(page, site, scheme):
    page.emulate_media(color_scheme=scheme)
    open_directory(page, site, "?county=vestland&sort=members")
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run({include: [["[data-nce-directory]"]]},
                {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" ")}))}));
        }""", list(WCAG_TAGS))
    assert not violations, format_violations(violations)


def test_other_pages_run_the_script_without_errors(page, site):
    for path in ("index.html", "clusters/map.html", "clusters/gce-node.html"):
        page.goto(site.url(path))
        expect(page.locator("h1")).to_be_visible()
    # The page fixture fails the test if the script threw anywhere.


def test_without_javascript_every_cluster_is_listed(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    requests: list[str] = []
    context.route(FOREIGN_URL, lambda route: route.abort("blockedbyclient"))
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(site.url(DIRECTORY) + "?level=gce&sort=members")
        expect(page.locator(FORM)).to_be_hidden()
        rows = visible_rows(page)
        assert sorted(r["slug"] for r in rows) == sorted(r["data-slug"] for r in rows_from_yaml())
        assert len(rows) == TOTAL
    finally:
        context.close()
    assert not [url for url in requests if FOREIGN_URL.match(url)]
