"""The map of Norway: one named, keyboard-reachable link per town. A town with one cluster
opens its page; a town with several leads to the list under the map that links each of them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import cluster, cluster_path, clusters

MARKERS = "figure.nce-map svg a"


def _towns() -> dict[str, list[dict]]:
    towns: dict[str, list[dict]] = {}
    for record in clusters():
        # A cluster whose town no source names has no position, and the map does not guess one.
        if "coordinates" in record:
            towns.setdefault(record["city"], []).append(record)
    return towns


def test_every_town_has_one_marker_that_names_its_clusters(page, site):
    """Of the markers shown (nearby places share one on a narrow screen), each town's clusters are
    named by one marker, which names the town when it stands for several."""
    page.goto(site.url("clusters/map.html"))
    markers = page.locator(MARKERS).filter(visible=True)
    names = [markers.nth(i).get_attribute("aria-label") for i in range(markers.count())]
    for town, members in _towns().items():
        for record in members:
            naming = [n for n in names if record["name"] in n]
            assert len(naming) == 1, (town, record["name"], naming)
            if len(members) > 1:
                assert town in naming[0].split(":")[0], (town, naming[0])


@pytest.mark.parametrize("slug", ["gce-node"])
def test_clicking_a_marker_opens_the_cluster(page, site, slug):
    record = cluster(slug)
    assert len(_towns()[record["city"]]) == 1  # the only cluster in its town
    page.goto(site.url("clusters/map.html"))
    marker = page.locator(f'{MARKERS}[href$="{slug}.html"]')
    expect(marker).to_have_count(1)
    assert record["name"] in marker.get_attribute("aria-label")
    marker.click()
    page.wait_for_load_state()
    assert site.path_of(page.url) == cluster_path(slug)
    expect(page.locator("h1")).to_have_text(record["name"])


def test_a_shared_towns_marker_leads_to_each_of_its_clusters(page, site):
    record = cluster("nce-blue-legasea")
    members = _towns()[record["city"]]
    assert len(members) > 1
    page.goto(site.url("clusters/map.html"))
    marker = page.locator(f'{MARKERS}[aria-label^="{record["city"]}:"]')
    expect(marker).to_have_count(1)
    assert marker.get_attribute("aria-label").startswith(f'{record["city"]}: {len(members)} ')
    marker.click()
    target = marker.get_attribute("href")
    assert page.url.endswith(target)
    item = page.locator(f"li{target}")
    expect(item).to_be_visible()
    for other in members:
        expect(item.locator(f'a[href$="{other["slug"]}.html"]')).to_have_text(other["name"])
    item.locator(f'a[href$="{record["slug"]}.html"]').click()
    page.wait_for_load_state()
    assert site.path_of(page.url) == cluster_path(record["slug"])


def test_markers_are_reached_and_followed_with_the_keyboard(page, site):
    page.goto(site.url("clusters/map.html"))
    first = page.locator(f'{MARKERS}[href$=".html"]').first
    target = first.get_attribute("href")
    first.focus()
    assert page.evaluate("document.activeElement.closest('figure.nce-map') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert site.path_of(page.url) == target.replace("../", "")
