"""The map of Norway: one named, keyboard-reachable link per cluster, each opening its page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import cluster, cluster_path, clusters

MARKERS = "figure.nce-map svg a"


def test_every_cluster_has_one_named_marker(page, site):
    page.goto(site.url("clusters/map.html"))
    markers = page.locator(MARKERS)
    # A cluster whose town no source names has no position, and the map does not guess one.
    expected = {c["slug"] for c in clusters() if "coordinates" in c}
    hrefs = [markers.nth(i).get_attribute("href") for i in range(markers.count())]
    assert sorted(h.rsplit("/", 1)[-1].removesuffix(".html") for h in hrefs) == sorted(expected)
    for i in range(markers.count()):
        name = markers.nth(i).get_attribute("aria-label")
        assert name and name.strip(), hrefs[i]


@pytest.mark.parametrize("slug", ["nce-blue-legasea", "gce-node"])
def test_clicking_a_marker_opens_the_cluster(page, site, slug):
    record = cluster(slug)
    page.goto(site.url("clusters/map.html"))
    marker = page.locator(f'{MARKERS}[href$="{slug}.html"]')
    expect(marker).to_have_count(1)
    assert record["name"] in marker.get_attribute("aria-label")
    marker.click()
    page.wait_for_load_state()
    assert site.path_of(page.url) == cluster_path(slug)
    expect(page.locator("h1")).to_have_text(record["name"])


def test_markers_are_reached_and_followed_with_the_keyboard(page, site):
    page.goto(site.url("clusters/map.html"))
    first = page.locator(MARKERS).first
    target = first.get_attribute("href")
    first.focus()
    assert page.evaluate("document.activeElement.closest('figure.nce-map') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert site.path_of(page.url) == target.replace("../", "")
