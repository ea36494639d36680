"""The level registry (data/programme.yml: levels and standings) is the one list of levels:
the schemas, the stylesheets, the map's shapes and every page agree with it."""

from __future__ import annotations

import json
import re
import shutil

import jinja2
import yaml
from conftest import REPO

from ncesite import generate, model
from ncesite.loader import load_site_data

PROGRAMME = yaml.safe_load((REPO / "data" / "programme.yml").read_text(encoding="utf-8"))
LEVEL_IDS = [level["id"] for level in PROGRAMME["levels"]]
OUTSIDE_IDS = [item["id"] for item in PROGRAMME["standings"]["outside"]]
STYLESHEETS = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "docs" / "assets" / "stylesheets").glob("*.css"))
CLASS_PREFIXES = ("nce-level--", "nce-map__marker--", "nce-map__legend-item--", "nce-chart__mark--")


def _schema(name: str) -> dict:
    return json.loads((REPO / "data" / "schema" / name).read_text(encoding="utf-8"))


def test_schema_enum_lists_the_levels_of_programme_yml():
    assert _schema("common.schema.json")["$defs"]["level"]["enum"] == LEVEL_IDS


def test_registry_holds_the_levels_then_the_standings_outside_in_programme_yml_order():
    registry = load_site_data(REPO / "data").programme.registry
    assert list(registry.ids) == LEVEL_IDS + OUTSIDE_IDS
    outside = _schema("programme.schema.json")["properties"]["standings"]["properties"]["outside"]["items"]
    assert outside["properties"]["id"]["enum"] == [model.FORMER, model.LATER]


def test_stylesheets_have_a_class_for_each_registry_entry_and_no_other():
    ids = set(LEVEL_IDS + OUTSIDE_IDS)
    for prefix in CLASS_PREFIXES:
        found = set(re.findall(rf"\.{re.escape(prefix)}([a-z0-9-]+)", STYLESHEETS))
        # The map has one marker of its own beside the levels: a place with several clusters; and its
        # legend one more entry: a cluster placed at the middle of its county.
        expected = ids | {"several"} if prefix.startswith("nce-map__") else ids
        if prefix == "nce-map__legend-item--":
            expected |= {"approximate"}
        assert found == expected, (prefix, found ^ expected)


def test_every_marker_shape_is_distinct_and_drawn_by_the_map_template():
    shapes = [level["marker"] for level in PROGRAMME["levels"]] + [i["marker"] for i in PROGRAMME["standings"]["outside"]]
    assert len(set(shapes)) == len(shapes)
    template = (REPO / "overrides" / "partials" / "nce" / "norway-map.html").read_text(encoding="utf-8")
    drawn = set(re.findall(r'shape == "([a-z-]+)"', template)) | {"circle"}  # circle: the template's default
    assert set(shapes) <= drawn


def test_a_label_changed_in_programme_yml_reaches_every_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    text = (data / "programme.yml").read_text(encoding="utf-8")
    # The labels are written in English and Bokmål ({en, nb}); the English one is changed.
    renames = {"name": ("Former", "Departed"), "one": ("Former cluster", "Departed cluster"),
               "other": ("Former clusters", "Departed clusters")}
    for key, (old, new) in renames.items():
        assert f"      {key}:\n        en: {old}\n" in text
        text = text.replace(f"      {key}:\n        en: {old}\n", f"      {key}:\n        en: {new}\n", 1)
    (data / "programme.yml").write_text(text, encoding="utf-8")
    site_data = load_site_data(data)
    env = generate.make_environment(jinja2.FileSystemLoader(str(REPO / "overrides")))
    build = generate.generate_site(site_data, env)
    context = build.page_context
    rendered = {name: "".join(generate.join_html_blocks(*generate.render_handwritten(
        (REPO / "docs" / name).read_text(encoding="utf-8"), env, env, context, "../" * name.count("/"))))
        for name in ("clusters/index.md", "clusters/map.md", "statistics.md")}
    assert ">Departed clusters</h2>" in rendered["clusters/index.md"]  # the directory's group
    assert ">Departed</option>" in rendered["clusters/index.md"]  # its filter
    assert "Departed cluster</span>" in rendered["clusters/map.md"]  # the map's legend
    assert re.search(r"<th[^>]*>\s*Departed\s*</th>", rendered["statistics.md"])  # the statistics table
    raufoss = next(p for p in build.pages if p.path == "clusters/nce-raufoss.md")
    # One former cluster is named in the singular, on its own page as in lists.
    assert "Departed cluster<" in raufoss.content and "Former" not in raufoss.content
