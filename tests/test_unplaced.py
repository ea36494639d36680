"""A cluster whose town no source names: listed with what the data gives, never a guessed place."""

from __future__ import annotations

import json

import yaml
from conftest import REPO

from ncesite.loader import load_site_data
from ncesite.model import localise
from ncesite.pages import cluster_jsonld

CLUSTERS = sorted((REPO / "data" / "clusters").glob("*.yml"))


def _records() -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in CLUSTERS]


def test_the_data_has_clusters_with_and_without_a_town():
    records = _records()
    assert any("city" in r for r in records) and any("city" not in r for r in records)


def test_structured_data_gives_only_the_place_the_yaml_gives():
    data = localise(load_site_data(REPO / "data"), "en")
    records = {r["slug"]: r for r in _records()}
    for cluster in data.clusters:
        record = records[cluster.slug]
        address = json.loads(cluster_jsonld(cluster, "https://example.org/x.html").replace("<\\/", "</"))["address"]
        region = record.get("county_today") or record.get("county")
        # Each part is there exactly when the YAML gives it, with its value: no empty or guessed parts.
        assert ("addressLocality" in address) == ("city" in record), cluster.slug
        assert address.get("addressLocality") == record.get("city"), cluster.slug
        assert ("addressRegion" in address) == bool(region), cluster.slug
        assert address.get("addressRegion") == region, cluster.slug
        assert address["addressCountry"] == "NO"
