"""Tests for the build-time map of Norway: projection, one marker per town, and template."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from ncesite import i18n
from ncesite.loader import load_site_data
from ncesite.norway_map import (
    SEVERAL,
    LegendEntry,
    MapMarker,
    MapPoint,
    NorwayMap,
    build_norway_map,
    outline_viewbox,
    project,
)

ROOT = Path(__file__).resolve().parents[1]
# The levels as the site shows them: the level registry from data/programme.yml.
LEVELS = tuple(LegendEntry(s.id, s.legend.en, s.marker) for s in load_site_data(ROOT / "data").programme.registry)

OUTLINE_JSON = ROOT / "hooks" / "ncesite" / "geodata" / "norway-outline.json"
SVG_NS = "{http://www.w3.org/2000/svg}"

OSLO = (59.9139, 10.7522)
BERGEN = (60.3913, 5.3221)
TROMSO = (69.6492, 18.9553)
ALESUND = (62.4722, 6.1495)


def inside_viewbox(x: float, y: float) -> bool:
    min_x, min_y, width, height = outline_viewbox()
    return min_x <= x <= min_x + width and min_y <= y <= min_y + height


def outline_rings() -> list[list[tuple[float, float]]]:
    """Parse the saved path (only M, L and Z with absolute numbers) into rings."""
    path = json.loads(OUTLINE_JSON.read_text(encoding="utf-8"))["path"]
    rings = []
    for chunk in re.findall(r"M([^Z]*)Z", path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", chunk)]
        rings.append(list(zip(numbers[0::2], numbers[1::2])))
    return rings


def on_land(x: float, y: float) -> bool:
    """Even-odd point-in-polygon test against the drawn outline."""
    inside = False
    for ring in outline_rings():
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def render(norway_map: NorwayMap, title: str = "Clusters in Norway") -> str:
    env = Environment(loader=FileSystemLoader(str(ROOT / "overrides")), autoescape=True)
    i18n.install(env, "en")  # the templates' own words come from the message catalogue
    env.filters["plain"] = str
    template = env.from_string(
        '{% from "partials/nce/norway-map.html" import norway_map %}'
        "{{ norway_map(m, title) }}"
    )
    return template.render(m=norway_map, title=title)


# --- outline data -----------------------------------------------------------


def test_outline_file_is_small_and_complete():
    data = json.loads(OUTLINE_JSON.read_text(encoding="utf-8"))
    for key in ("viewbox", "path", "projection", "source", "licence"):
        assert data[key]
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", data["viewbox"])
    assert len(data["path"].encode("utf-8")) < 25_000
    assert "Natural Earth" in data["source"] and "world-atlas" in data["source"]
    assert "public domain" in data["licence"] and "ISC" in data["licence"]
    # Coordinates are rounded to one decimal.
    assert not re.search(r"\d\.\d\d", data["path"])


# --- projection -------------------------------------------------------------


def test_projection_orients_the_country():
    ox, oy = project(*OSLO)
    bx, by = project(*BERGEN)
    tx, ty = project(*TROMSO)
    assert ox > bx and oy > by, "Oslo must lie south-east of Bergen"
    assert ty < oy and ty < by, "Tromsø must lie north of Oslo and Bergen"
    assert tx > ox > bx
    for x, y in ((ox, oy), (bx, by), (tx, ty)):
        assert inside_viewbox(x, y)


def test_projection_matches_the_outline():
    # Inland towns fall on the drawn land, open sea does not.
    for lat, lon in [(60.7945, 11.0680), (59.6689, 9.6502), (62.0, 9.0), (69.0, 23.04), OSLO]:
        assert on_land(*project(lat, lon)), (lat, lon)
    for lat, lon in [(61.0, 3.2), (58.0, 10.0), (67.0, 9.5), (71.3, 20.0)]:
        assert not on_land(*project(lat, lon)), (lat, lon)


def test_projection_is_roughly_conformal():
    # A degree of latitude is about as long on the map as cos(lat) degrees of
    # longitude east-west near the central meridian.
    x0, y0 = project(65.0, 15.0)
    _, y1 = project(66.0, 15.0)
    x2, _ = project(65.0, 15.0 + 1.0 / math.cos(math.radians(65.0)))
    assert abs((y0 - y1) - (x2 - x0)) / (y0 - y1) < 0.02


# --- markers ----------------------------------------------------------------


def sample_points() -> list[MapPoint]:
    return [
        MapPoint(*OSLO, "/clusters/oslo/", "Oslo cluster", "arena", "Oslo"),
        MapPoint(*BERGEN, "/clusters/b1/", "Bergen one", "gce", "Bergen"),
        MapPoint(*BERGEN, "/clusters/b2/", "Bergen two", "nce", "Bergen"),
        MapPoint(*BERGEN, "/clusters/b3/", "Bergen three", "arena", "Bergen"),
        MapPoint(60.3920, 5.3300, "/clusters/b4/", "Bergen four", "arena-pro", "Bergen"),
        MapPoint(*ALESUND, "/clusters/a1/", "Ålesund one", "gce", "Ålesund"),
        MapPoint(*ALESUND, "/clusters/a2/", "Ålesund two", "nce", "Ålesund"),
        MapPoint(59.8960, 10.6280, "/clusters/fornebu/", "Fornebu", "mature", "Fornebu (Bærum)"),
        MapPoint(*TROMSO, "/clusters/tromso/", "Tromsø", "former", "Tromsø"),
    ]


def test_one_marker_per_town_with_the_number_of_its_clusters():
    m = build_norway_map(sample_points(), LEVELS)
    # Single towns first, then towns with several clusters (drawn on top), each in the order given.
    assert [(mk.town, mk.count) for mk in m.markers] == [
        ("Oslo", 1), ("Fornebu (Bærum)", 1), ("Tromsø", 1), ("Bergen", 4), ("Ålesund", 2)]
    for mk in m.markers:
        assert inside_viewbox(mk.x, mk.y)
    bergen = next(mk for mk in m.markers if mk.town == "Bergen")
    assert math.dist((bergen.x, bergen.y), project(*BERGEN)) < 1.0  # placed at the town
    assert bergen.level == SEVERAL and bergen.href == "#nce-map-town-1"
    assert next(mk for mk in m.markers if mk.town == "Ålesund").href == "#nce-map-town-2"
    assert [mk.town for mk in m.towns] == ["Bergen", "Ålesund"]


def test_a_town_with_several_clusters_is_named_with_all_of_them():
    bergen = next(mk for mk in build_norway_map(sample_points(), LEVELS).markers if mk.town == "Bergen")
    assert bergen.name.startswith("Bergen: 4 clusters: ")
    for label in ("Bergen one", "Bergen two", "Bergen three", "Bergen four"):
        assert label in bergen.name
    assert [member.href for member in bergen.members] == [f"/clusters/b{i}/" for i in range(1, 5)]
    gce = next(e.label for e in LEVELS if e.level == "gce")
    assert f"Bergen one ({gce})" in bergen.name


def test_a_town_with_one_cluster_links_to_it_with_its_level_shape():
    m = build_norway_map(sample_points(), LEVELS)
    tromso = next(mk for mk in m.markers if mk.town == "Tromsø")
    former = next(e for e in LEVELS if e.level == "former")
    assert (tromso.href, tromso.level, tromso.shape, tromso.count) == ("/clusters/tromso/", "former", former.shape, 1)
    assert tromso.name == f"Tromsø ({former.label})"


def test_a_thousand_clusters_in_forty_towns_give_forty_markers():
    towns = [(f"Town {i}", 58.5 + i * 0.28, 6.0 + (i % 8) * 1.5) for i in range(40)]
    points = [MapPoint(lat, lon, f"/c/{n}/", f"Cluster {n}", LEVELS[n % len(LEVELS)].level, town)
              for n in range(1000) for town, lat, lon in [towns[n % 40]]]
    m = build_norway_map(points, LEVELS)
    assert len(m.markers) == 40
    assert sum(mk.count for mk in m.markers) == 1000
    assert all(mk.count == 25 and mk.name.startswith(f"{mk.town}: 25 clusters: ") for mk in m.markers)
    assert {member.href for mk in m.markers for member in mk.members} == {p.href for p in points}


def test_points_without_a_town_keep_a_marker_each():
    points = [MapPoint(*BERGEN, "/a/", "A", "nce"), MapPoint(*BERGEN, "/b/", "B", "nce")]
    assert [mk.href for mk in build_norway_map(points, LEVELS).markers] == ["/a/", "/b/"]


def test_layout_is_deterministic():
    first = build_norway_map(sample_points(), LEVELS)
    second = build_norway_map(list(sample_points()), LEVELS)
    assert first == second


def test_each_level_has_its_own_shape():
    shapes = [entry.shape for entry in LEVELS]
    assert len(set(shapes)) == len(shapes)
    points = [MapPoint(60 + i, 10 + i, f"/l/{level}/", level, level) for i, level in enumerate(e.level for e in LEVELS)]
    m = build_norway_map(points, LEVELS)
    by_level = {mk.level: mk.shape for mk in m.markers}
    assert len(set(by_level.values())) == len(LEVELS)
    assert [entry.level for entry in m.legend] == [entry.level for entry in LEVELS]
    assert all(entry.shape == by_level[entry.level] for entry in m.legend)


def test_legend_follows_the_level_order_in_programme_yml():
    points = [MapPoint(60 + i, 10 + i, f"/l/{e.level}/", e.level, e.level) for i, e in enumerate(reversed(LEVELS))]
    order = [level.id for level in load_site_data(ROOT / "data").programme.levels] + ["former", "later"]
    assert [entry.level for entry in build_norway_map(points, LEVELS).legend] == order


def test_legend_lists_levels_in_use_in_the_given_order():
    points = [
        MapPoint(*OSLO, "/a/", "A", "gce"),
        MapPoint(*TROMSO, "/b/", "B", "arena"),
    ]
    levels = (LegendEntry("arena", "Arena", "circle"), LegendEntry("nce", "NCE", "square"),
              LegendEntry("gce", "Global Centres of Expertise", "star"))
    m = build_norway_map(points, levels)
    assert [(e.level, e.label) for e in m.legend] == [
        ("arena", "Arena"),
        ("gce", "Global Centres of Expertise"),
    ]
    assert m.markers[0].level_label == "Global Centres of Expertise"
    assert all(isinstance(mk, MapMarker) for mk in m.markers)
    assert len(build_norway_map(points, levels, full_legend=True).legend) == len(levels)


def test_unknown_level_is_an_error():
    with pytest.raises(ValueError, match="unknown map level"):
        build_norway_map([MapPoint(*OSLO, "/x/", "X", "platinum")], LEVELS)


# --- template ---------------------------------------------------------------


def test_template_renders_one_accessible_link_per_marker():
    m = build_norway_map(sample_points(), LEVELS)
    html = render(m)
    root = ET.fromstring(html)  # the output is well-formed markup
    svg = root.find(f".//{SVG_NS}svg")
    assert svg is not None
    assert svg.get("viewBox") == m.viewbox
    assert svg.find(f"{SVG_NS}title").text == "Clusters in Norway"
    links = svg.findall(f".//{SVG_NS}a")
    assert len(links) == len(m.markers)
    for link, mk in zip(links, m.markers):
        assert link.get("href") == mk.href
        assert link.get("aria-label") == mk.name
        assert link.find(f"{SVG_NS}title").text == mk.name
        assert f"nce-map__marker--{mk.level}" in link.get("class").split()
        assert f"translate({mk.x} {mk.y})" in ET.tostring(link, encoding="unicode")
    # Legend: an HTML list with one item per level in use, each with a symbol.
    items = root.findall(".//ul[@class='nce-map__legend']/li")
    assert [item.find("span").text for item in items] == [e.label for e in m.legend]
    assert all(item.find(f"{SVG_NS}svg") is not None for item in items)
    assert root.find(".//figcaption").text == "Clusters in Norway"
    # A shared town's marker shows the count and links to its item in the list of towns.
    bergen = next(link for link in links if link.get("aria-label").startswith("Bergen:"))
    counts = svg.findall(f".//{SVG_NS}g[@class='nce-map__counts']/{SVG_NS}text")
    assert [(t.text, t.get("x"), t.get("y")) for t in counts] == [(str(mk.count), str(mk.x), str(mk.y)) for mk in m.towns]
    item = root.find(f".//ul[@class='nce-map__towns']/li[@id='{bergen.get('href')[1:]}']")
    assert item.find("strong").text == "Bergen"
    assert [a.get("href") for a in item.findall("a")] == [f"/clusters/b{i}/" for i in range(1, 5)]


def test_template_draws_a_different_symbol_per_shape():
    points = [MapPoint(60 + i, 10 + i, f"/l/{level}/", level, level) for i, level in enumerate(e.level for e in LEVELS)]
    root = ET.fromstring(render(build_norway_map(points, LEVELS)))
    symbols = [
        ET.tostring(item.find(f"{SVG_NS}svg"), encoding="unicode")
        for item in root.findall(".//ul[@class='nce-map__legend']/li")
    ]
    assert len(set(symbols)) == len(LEVELS)


def test_template_escapes_labels_and_links():
    m = build_norway_map([
        MapPoint(*OSLO, '/c/"onmouseover="x', "<script>x</script>", "nce"),
        MapPoint(*BERGEN, "/c/b/", "R&D <b>bold</b>", "arena"),
    ], LEVELS)
    html = render(m, title="Map <i>title</i>")
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<b>" not in html and "R&amp;D &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<i>" not in html
    assert 'onmouseover="x' not in html
    links = ET.fromstring(html).findall(f".//{SVG_NS}a")
    assert links[0].get("aria-label").startswith("<script>x</script>")
    assert links[0].get("href") == '/c/"onmouseover="x'


def test_template_with_no_markers_draws_only_the_outline():
    html = render(build_norway_map([], LEVELS))
    root = ET.fromstring(html)
    assert root.findall(f".//{SVG_NS}a") == []
    assert root.find(".//ul") is None
    assert root.find(f".//{SVG_NS}path").get("d").startswith("M")


# --- places close together, and places known only to the county ----------------------------


def test_places_closer_than_the_spacing_share_a_marker_named_after_all_of_them():
    points = [
        MapPoint(*OSLO, "/c/oslo/", "Oslo one", "nce", "Oslo"),
        MapPoint(*OSLO, "/c/oslo2/", "Oslo two", "gce", "Oslo"),
        MapPoint(59.8960, 10.6280, "/c/fornebu/", "Fornebu one", "arena", "Fornebu (Bærum)"),  # about 10 km away
        MapPoint(*BERGEN, "/c/bergen/", "Bergen one", "nce", "Bergen"),
    ]
    apart = build_norway_map(points, LEVELS)
    assert [mk.town for mk in apart.markers] == ["Fornebu (Bærum)", "Bergen", "Oslo"]  # no spacing: one per town
    close = build_norway_map(points, LEVELS, min_distance=16)
    assert [(mk.town, mk.count) for mk in close.markers] == [("Bergen", 1), ("Oslo, Fornebu (Bærum)", 3)]
    shared = close.markers[-1]
    # Drawn where the place with the most clusters is, and named with every cluster.
    assert math.dist((shared.x, shared.y), project(*OSLO)) < 1.0
    assert shared.name.startswith("Oslo, Fornebu (Bærum): 3 clusters: ")
    assert all(label in shared.name for label in ("Oslo one", "Oslo two", "Fornebu one"))
    # Markers end at least the spacing apart, and each takes a tap half of it across.
    assert math.dist((close.markers[0].x, close.markers[0].y), (shared.x, shared.y)) >= 16
    assert close.hit_radius == 8


def test_a_point_placed_at_its_county_is_approximate_in_its_name_and_legend():
    points = [MapPoint(66.8, 14.6, "/c/a/", "Approximate one", "arena", "Nordland", approximate=True),
              MapPoint(*BERGEN, "/c/b/", "Bergen one", "nce", "Bergen")]
    m = build_norway_map(points, LEVELS)
    approximate = next(mk for mk in m.markers if mk.href == "/c/a/")
    assert approximate.approximate and not next(mk for mk in m.markers if mk.href == "/c/b/").approximate
    assert approximate.name == "Approximate one (Arena; somewhere in Nordland, town not known)"
    assert [e.level for e in m.legend] == ["arena", "nce", "approximate"]
    html = render(m)
    link = next(a for a in ET.fromstring(html).findall(f".//{SVG_NS}a") if a.get("href") == "/c/a/")
    assert "nce-map__marker--approximate" in link.get("class")
    assert link.find(f".//{SVG_NS}circle[@class='nce-map__outline']") is not None  # the dashed ring


def test_the_legend_lists_only_what_is_drawn():
    """A level whose clusters are all behind markers for several clusters has no entry of its own."""
    points = [MapPoint(*OSLO, "/c/1/", "One", "arena", "Oslo"), MapPoint(*OSLO, "/c/2/", "Two", "later", "Oslo"),
              MapPoint(*BERGEN, "/c/3/", "Three", "nce", "Bergen")]
    assert [e.level for e in build_norway_map(points, LEVELS).legend] == ["nce", "several"]
    assert "approximate" not in [e.level for e in build_norway_map(points, LEVELS).legend]
