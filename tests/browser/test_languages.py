"""The Bokmål edition in a real browser, served and from disk: the language switcher
keeps the reader on the same page (by keyboard), search on a Bokmål page lists only
Bokmål pages and search on an English page only English ones, and axe finds nothing
on the Bokmål page types.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .helpers import (
    _RESULTS_SHOWN,
    _WATCH_RESULTS,
    SEARCH_INPUT,
    SEARCH_META,
    axe_violations,
    format_violations,
    results,
    unreadable_results,
)
from .test_accessibility import PAGE_TYPES

NB = "nb/"
# Material's own Bokmål strings (partials/languages/nb.html), as a reader sees them.
NB_PLACEHOLDER = "Skriv søkeord"
NB_HAS_RESULTS = re.compile(r"^(\d+ treff|Ingen treff)$")
EN_PLACEHOLDER = "Type to start searching"
EN_HAS_RESULTS = re.compile(r"^(\d+ matching documents?|No matching documents)$")

SWITCH = ".nce-language__link"


def _tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


@pytest.mark.parametrize("path, twin", [
    ("index.html", NB + "index.html"),
    ("clusters/map.html", NB + "clusters/map.html"),
    ("clusters/nce-media.html", NB + "clusters/nce-media.html"),
    (NB + "partners/index.html", "partners/index.html"),
    (NB + "offline.html", "offline.html"),
])
def test_switcher_keeps_the_reader_on_the_same_page_by_keyboard(page, site, path, twin):
    page.goto(site.url(path))
    _tab_to(page, SWITCH)
    page.keyboard.press("Enter")
    page.wait_for_url(site.url(twin))
    assert site.path_of(page.url) == twin
    expect(page.locator("html")).to_have_attribute("lang", "nb" if twin.startswith(NB) else "en")
    # And back again.
    page.locator(SWITCH).click()
    page.wait_for_url(site.url(path))
    assert site.path_of(page.url) == path


def _open_search(page, placeholder: str) -> None:
    page.locator("body").press("/")
    expect(page.locator(SEARCH_INPUT)).to_be_focused()
    page.wait_for_function("([meta, text]) => document.querySelector(meta)?.textContent.trim() === text",
                           arg=[SEARCH_META, placeholder], polling="raf")


def _search(page, site, query: str, has_results: re.Pattern) -> list:
    box = page.locator(SEARCH_INPUT)
    if box.input_value() == query:  # the same query again runs no new search
        return results(page, site)
    page.evaluate(_WATCH_RESULTS, SEARCH_META)
    box.fill(query)
    box.press("End")
    page.wait_for_function(_RESULTS_SHOWN, arg=[SEARCH_META, has_results.pattern], polling="raf")
    return results(page, site)


# Words that occur on pages of both languages (names, places, the programme's terms).
SHARED_QUERIES = ("klynge", "NCE", "Ålesund", "Siva", "Arena")


def test_search_on_a_bokmal_page_lists_only_bokmal_pages(page, site):
    page.goto(site.url(NB + "concepts.html"))
    _open_search(page, NB_PLACEHOLDER)
    found = _search(page, site, "Tilgjengelighetserklæring", NB_HAS_RESULTS)
    assert found and found[0].path == NB + "accessibility.html", [r.path for r in found]
    # Norwegian letters, and a stem that finds its inflected forms ("Klyngene" on the home page).
    found = _search(page, site, "Ålesund", NB_HAS_RESULTS)
    assert NB + "clusters/nce-blue-legasea.html" in [r.path for r in found], [r.path for r in found]
    found = _search(page, site, "klynge", NB_HAS_RESULTS)
    assert NB + "index.html" in [r.path for r in found], [r.path for r in found]
    for query in SHARED_QUERIES:
        found = _search(page, site, query, NB_HAS_RESULTS)
        assert found, f"{query!r} found nothing on the Bokmål pages"
        english = [r.path for r in found if not r.path.startswith(NB)]
        assert not english, f"{query!r} on a Bokmål page lists English pages: {english}"
        assert not unreadable_results(page), f"{query!r}: {unreadable_results(page)[:3]}"


def test_search_on_an_english_page_lists_only_english_pages(page, site):
    page.goto(site.url("concepts.html"))
    _open_search(page, EN_PLACEHOLDER)
    assert _search(page, site, "Tilgjengelighetserklæring", EN_HAS_RESULTS) == []
    for query in SHARED_QUERIES:
        found = _search(page, site, query, EN_HAS_RESULTS)
        assert found, f"{query!r} found nothing on the English pages"
        bokmal = [r.path for r in found if r.path.startswith(NB)]
        assert not bokmal, f"{query!r} on an English page lists Bokmål pages: {bokmal}"
        assert not unreadable_results(page), f"{query!r}: {unreadable_results(page)[:3]}"


@pytest.mark.parametrize("site", ["http"], indirect=True)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_wcag_violations_on_bokmal_pages(page, site, path):
    page.goto(site.url(NB + path))
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert not violations, f"axe found {len(violations)} rule(s) broken on {NB}{path}:\n" + format_violations(violations)


@pytest.mark.parametrize("site", ["http"], indirect=True)
def test_no_wcag_violations_with_bokmal_search_open(page, site):
    page.goto(site.url(NB + "index.html"))
    _open_search(page, NB_PLACEHOLDER)
    assert _search(page, site, "klynge", NB_HAS_RESULTS)
    violations = axe_violations(page)
    assert not violations, "axe on the Bokmål search dialog:\n" + format_violations(violations)
