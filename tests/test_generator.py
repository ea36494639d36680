"""The generator is a plain function of the data: no MkDocs needed to produce pages."""

from __future__ import annotations

import datetime as dt
import json

import jinja2
import pytest
from conftest import REPO
from expected import Data
from mkdocs.config import load_config

from ncesite import generate
from ncesite.loader import load_site_data
from ncesite.model import PartialDate, Text, localise


@pytest.fixture(scope="module")
def data():
    return load_site_data(REPO / "data")


@pytest.fixture(scope="module")
def site(data):
    env = generate.make_environment(jinja2.FileSystemLoader(str(REPO / "overrides")))
    return generate.generate_site(data, env, site_url="https://example.org/")


def test_generator_runs_without_mkdocs(site, data):
    paths = {page.path for page in site.pages}
    assert {f"clusters/{c.slug}.md" for c in data.clusters} <= paths
    assert {f"partners/{p.slug}.md" for p in data.partners} <= paths
    assert {f.path for f in site.files} >= {"open-data/clusters.json", "open-data/clusters.csv"}


def test_every_generated_page_edits_its_data_file(site):
    for page in site.pages:
        if page.path.startswith(("clusters/", "partners/")):
            assert page.edit_path == "data/" + page.path.replace(".md", ".yml")


def test_cluster_page_has_metadata_with_jsonld_and_no_front_matter(site):
    page = next(p for p in site.pages if p.path == "clusters/gce-node.md")
    assert not page.content.startswith("---")  # data never goes through front matter text
    assert page.meta["title"] == "GCE NODE"
    jsonld = json.loads(page.meta["jsonld"])
    assert jsonld["@type"] == "Organization" and jsonld["address"]["addressLocality"] == "Kristiansand"
    assert jsonld["url"] == "https://example.org/clusters/gce-node.html"


def test_open_data_matches_clusters(site, data):
    files = {f.path: f.content for f in site.files}
    document = json.loads(files["open-data/clusters.json"])
    assert [c["slug"] for c in document["clusters"]] == [c.slug for c in data.clusters]
    expected = Data(REPO / "data")
    assert document["as_of"] == expected.as_of
    levels = {c["slug"]: c["level_on_as_of"] for c in document["clusters"]}
    assert levels == {c.slug: c.group for c in expected.clusters}
    assert {"gce", "former"} <= set(levels.values())
    csv_lines = files["open-data/clusters.csv"].splitlines()
    assert len(csv_lines) == len(data.clusters) + 1
    assert csv_lines[0].startswith("slug,name,short_name")


@pytest.mark.parametrize("text, expected", [
    ("2018-11-08", (2018, 11, 8)), ("2017-10", (2017, 10, None)), ("2006", (2006, None, None)), (2013, (2013, None, None)),
])
def test_partial_dates_parse(text, expected):
    date = PartialDate.parse(text)
    assert (date.year, date.month, date.day) == expected
    assert date.iso == str(text)


@pytest.mark.parametrize("text", ["2018-13-08", "2018-02-30", "18-11-08", "2018/11/08", "2018-1-8", "soon", ""])
def test_bad_dates_are_rejected(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_partial_date_wording():
    assert str(PartialDate.parse("2018-11-08")) == "8 November 2018"
    assert str(PartialDate.parse("2017-10")) == "October 2017"
    assert PartialDate.parse("2017-10").last_day == dt.date(2017, 10, 31)


def test_level_on_a_date_follows_the_status_history(data):
    heidner = next(c for c in data.clusters if c.slug == "nce-heidner-biocluster")
    assert heidner.status_on(dt.date(2015, 6, 1)).level.id == "arena"
    assert heidner.status_on(dt.date(2018, 11, 8)).level.id == "nce"
    assert heidner.status_on(dt.date(2011, 1, 1)) is None
    raufoss = next(c for c in data.clusters if c.slug == "nce-raufoss")
    assert raufoss.standing_on(dt.date(2018, 11, 8)) == "former"


def test_the_plugin_is_the_one_listed_in_mkdocs_yml():
    from ncesite.mkdocs.plugin import NceSitePlugin

    config = load_config(str(REPO / "mkdocs.yml"))  # MkDocs finds the plugin by its entry point
    assert isinstance(config.plugins["ncesite"], NceSitePlugin)
    assert not config.hooks


def test_html_between_headings_is_set_aside_and_put_back(site):
    page = next(p for p in site.pages if p.path == "clusters/nce-eyde.md")
    assert page.html_between_headings
    markdown, blocks = generate.split_html_blocks(page.content)
    # Only headings and placeholders are left for Markdown.
    lines = [line for line in markdown.splitlines() if line.strip()]
    assert all(line.startswith("## ") or line.startswith("<!--nce-block:") for line in lines), lines
    assert any("Arendal" in block for block in blocks)
    rebuilt = generate.join_html_blocks(markdown, blocks)
    assert "<!--nce-block" not in rebuilt
    assert [b for b in blocks if b not in rebuilt] == []



@pytest.mark.parametrize("blocks", [
    ['<li id="a">x</li>\n<p id=\'b\'>y</p>', '<div\tid="c"><span\nid="d"></span></div>'],
    ['id="start" <p id="x"id="y" id="z">', '<p data-id="no" grid="no" xid="no id=\'inner\'">'],
    ['<p id="">empty</p><p id="q\' id="r">', ' id="first"', '<a id="a id="b">', "id=", " id=\"open"],
    ['<p id="e" id="f">', ' id="g"' + " id='h'" * 3],
])
def test_anchor_ids_are_every_id_the_pattern_finds(blocks):
    import re
    pattern = re.compile(r"""\sid=["']([^"']+)["']""")
    assert generate.anchor_ids(blocks) == {found for block in blocks for found in pattern.findall(block)}

def test_built_pages_have_no_placeholders_left(built_site):
    for path in (built_site / "clusters").glob("*.html"):
        assert "<!--nce-block" not in path.read_text(encoding="utf-8"), path.name


def test_localise_reaches_text_inside_nested_mappings_and_lists():
    from types import MappingProxyType

    shared = Text("Held", "Holdt")
    made = localise(MappingProxyType({"note": shared, "inner": MappingProxyType({"items": (Text("Only English"), shared)})}),
                    "nb")
    assert made["note"] == "Holdt" and made["note"].lang == "nb"
    assert made["inner"]["items"][1] == "Holdt" and made["inner"]["items"][1].lang == "nb"
    assert made["inner"]["items"][0] == "Only English"
    assert made["inner"]["items"][0].lang == "en" and made["inner"]["items"][0].fallback


def test_localise_gives_each_cluster_its_bokmal_description_from_the_yaml(data):
    import yaml

    localised = {c.slug: c for c in localise(data, "nb").clusters}
    checked = 0
    for path in sorted((REPO / "data/clusters").glob("*.yml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        description = record.get("description")
        if isinstance(description, dict) and "nb" in description:
            shown = localised[record["slug"]].description
            assert shown.strip() == description["nb"].strip() and shown.lang == "nb", record["slug"]
            checked += 1
    assert checked  # the real data has Bokmål descriptions
