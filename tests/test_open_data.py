"""Open data, field by field against the YAML, in JSON and in CSV.

Every value a cluster file holds must reach clusters.json unchanged, the CSV's
columns must hold the same values, and every address in them must lead to the
right page of the site. Runs on the MkDocs build and on the generator's output
made in this process (the fast form used for mutation testing).
"""

from __future__ import annotations

import csv
import io
import json
import posixpath

import pytest
from conftest import REPO
from expected import Data, county_today, english, last_changed
from published import site_url

DATA = Data(REPO / "data")
SITE_URL = site_url()

# The CSV's columns, in order: the published format, written out by hand.
CSV_HEADER = ("slug,name,short_name,former_names,level_on_as_of,since,first_status,city,county,county_today,"
              "county_now,lat,lon,sectors,technology,organisation,members,members_as_of,website,page,data_last_changed")


@pytest.fixture
def document(published) -> dict:
    return json.loads(published.file("open-data/clusters.json"))


@pytest.fixture
def csv_rows(published) -> list[dict]:
    return list(csv.DictReader(io.StringIO(published.file("open-data/clusters.csv"))))


def test_csv_has_the_published_columns(published):
    assert published.file("open-data/clusters.csv").splitlines()[0] == CSV_HEADER


def expected_record(record: dict, group: str, since: str, changed: str | None = None) -> dict:
    """A cluster's JSON record from its YAML: every field, absent ones as null or an empty list;
    `changed`, the date of the last commit that changed its file, where Git knows it."""
    return {
        "slug": record["slug"],
        "name": record["name"],
        "short_name": record.get("short_name"),
        "former_names": record.get("former_names", []),
        "level_on_as_of": group,
        "since": since,
        "founded": record.get("founded"),
        "status": [{"level": p["level"], "from": p["from"], "to": p.get("to"), "note": p.get("note")}
                   for p in record["status"]],
        "city": record.get("city"),
        "county": record.get("county"),
        "county_today": record.get("county_today"),
        # Today's county: county_today, else county if it still exists, else worked out from a merged one.
        "county_now": county_today(record.get("county"), record.get("county_today")),
        "region": record.get("region"),
        "coordinates": ({"lat": float(record["coordinates"]["lat"]), "lon": float(record["coordinates"]["lon"])}
                        if "coordinates" in record else None),
        "sectors": record.get("sectors", []),
        "technology": record.get("technology", []),
        "organisation": record.get("organisation"),
        "website": record.get("website"),
        "links": [{"title": x["title"], "url": x["url"]} for x in record.get("links", [])],
        "members": [{"count": int(x["count"]), "as_of": x["as_of"], "qualifier": x.get("qualifier"),
                     "unit": x.get("unit", "members"), "note": x.get("note")} for x in record.get("members", [])],
        "milestones": [{"date": x["date"], "text": x["text"]} for x in record.get("milestones", [])],
        "description": record["description"].strip(),
        "sources": [{"url": s["url"], "title": s.get("title")} for s in record["sources"]],
        "uncertain": [{"field": u["field"], "confidence": u["confidence"], "note": u["note"]}
                      for u in record.get("uncertain", [])],
        "data_last_changed": changed,
    }


def expected_csv_row(record: dict, group: str, since: str, changed: str | None = None) -> dict:
    members = record.get("members", [])
    return {
        "slug": record["slug"], "name": record["name"], "short_name": record.get("short_name", ""),
        "former_names": "; ".join(record.get("former_names", [])), "level_on_as_of": group, "since": since,
        "first_status": record["status"][0]["from"], "city": record.get("city", ""), "county": record.get("county", ""),
        "county_today": record.get("county_today", ""),
        "county_now": county_today(record.get("county"), record.get("county_today")) or "",
        "sectors": "; ".join(record.get("sectors", [])),
        "technology": "; ".join(record.get("technology", [])), "organisation": record.get("organisation", ""),
        "members": members[-1]["count"] if members else "", "members_as_of": members[-1]["as_of"] if members else "",
        "website": record.get("website", ""), "data_last_changed": changed or "",
    }


def changed(cluster) -> str | None:
    return last_changed(REPO, f"data/clusters/{cluster.slug}.yml")


def page_of(published, url: str, slug: str) -> None:
    """The address is on this site, is a built page, and that page is the cluster's own."""
    assert url.startswith(SITE_URL), url
    path = url[len(SITE_URL):]
    assert published.has(path), f"{url} leads to no page of the site"
    assert f"data/clusters/{slug}.yml" in published.page(path), f"{url} is not the page of {slug}"


def test_json_holds_every_cluster_in_name_order(document):
    assert [c["slug"] for c in document["clusters"]] == [c.slug for c in sorted(DATA.clusters, key=lambda c: c.name.casefold())]
    assert document["as_of"] == DATA.as_of


def test_json_carries_the_coverage_statement_of_programme_yml(document):
    """Every period of the coverage, field by field as programme.yml writes it (prose in English)."""
    assert document["coverage"] == [
        {"from": p["from"], "to": p["to"], "completeness": p["completeness"], "note": english(p["note"]).strip(),
         "sources": p.get("sources", [])} for p in DATA.programme["coverage"]]


def test_every_record_says_when_its_file_last_changed(document, csv_rows):
    """The date of the last commit that changed the cluster's file (asked of Git file by file), or
    nothing where Git cannot say; CSV and JSON agree."""
    dates = {c.slug: changed(c) for c in DATA.clusters}
    assert {r["slug"]: r["data_last_changed"] for r in document["clusters"]} == dates
    assert {r["slug"]: r["data_last_changed"] for r in csv_rows} == {s: d or "" for s, d in dates.items()}


def test_json_is_written_as_utf8_text(published):
    """Names with æ, ø and å read as themselves in the file, not as \\u escapes."""
    text = published.file("open-data/clusters.json")
    names = [c.name for c in DATA.clusters if any(ch in c.name for ch in "æøåÆØÅ")]
    assert names and all(name in text for name in names)


def test_json_record_is_the_yaml_field_by_field(document):
    records = {c["slug"]: c for c in document["clusters"]}
    for cluster in DATA.clusters:
        record = dict(records[cluster.slug])
        page = record.pop("page")
        expected = expected_record(english(cluster.record), cluster.group, cluster.since, changed(cluster))
        for field, value in expected.items():
            assert record.get(field, "<missing>") == value, f"{cluster.slug}: {field}"
        assert set(record) == set(expected), f"{cluster.slug}: fields not from the YAML: {set(record) - set(expected)}"
        assert page


def test_every_schema_property_reaches_the_json(document):
    schema = json.loads((REPO / "data" / "schema" / "cluster.schema.json").read_text(encoding="utf-8"))
    for record in document["clusters"]:
        assert set(schema["properties"]) <= set(record), set(schema["properties"]) - set(record)


def test_csv_row_is_the_yaml_column_by_column(csv_rows):
    assert [row["slug"] for row in csv_rows] == [c.slug for c in sorted(DATA.clusters, key=lambda c: c.name.casefold())]
    for row, cluster in zip(csv_rows, sorted(DATA.clusters, key=lambda c: c.name.casefold())):
        assert None not in row and None not in row.values(), f"{cluster.slug}: a row with the wrong number of cells"
        expected = expected_csv_row(english(cluster.record), cluster.group, cluster.since, changed(cluster))
        for column, value in expected.items():
            assert row[column] == value, f"{cluster.slug}: {column}"
        for column in ("lat", "lon"):
            if cluster.located:
                assert float(row[column]) == float(cluster.record["coordinates"][column]), f"{cluster.slug}: {column}"
            else:
                assert row[column] == "", f"{cluster.slug}: {column}"


def test_every_page_address_leads_to_the_clusters_own_page(published, document, csv_rows):
    for record in document["clusters"]:
        page_of(published, record["page"], record["slug"])
    for row in csv_rows:
        page_of(published, row["page"], row["slug"])
    assert {r["page"] for r in document["clusters"]} == {r["page"] for r in csv_rows}


def test_the_schema_named_in_the_json_is_published(published, document):
    path = posixpath.normpath(posixpath.join("open-data", document["schema"]))
    published_schema = json.loads(published.file(path))
    assert published_schema == json.loads((REPO / "data" / "schema" / "cluster.schema.json").read_text(encoding="utf-8"))


def test_links_on_the_open_data_page_lead_to_published_files(built_site):
    import re

    page = (built_site / "open-data.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    local = [href for href in re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', article)]
    assert "open-data/clusters.json" in local and "open-data/clusters.csv" in local
    for href in local:
        assert (built_site / href).is_file(), href


# --- schema.org data on each cluster page ----------------------------------------------------

def first_paragraph_shortened(text: str, limit: int = 300) -> str:
    """The description's first paragraph, cut at the last space before `limit` characters."""
    first = " ".join(text.strip().split("\n\n")[0].split())
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def expected_jsonld(record: dict) -> dict:
    """A cluster page's schema.org Organization, field by field from its YAML: only what the YAML
    gives (no town, county, founding date or website is guessed)."""
    address = {"@type": "PostalAddress", "addressCountry": "NO"}
    if record.get("city"):
        address["addressLocality"] = record["city"]
    if record.get("county_today") or record.get("county"):
        address["addressRegion"] = record.get("county_today") or record["county"]
    item = {"@context": "https://schema.org", "@type": "Organization", "name": record["name"],
            "url": f"{SITE_URL}clusters/{record['slug']}.html", "address": address,
            "description": first_paragraph_shortened(record["description"])}
    other_names = [record["short_name"]] if record.get("short_name") else []
    other_names += record.get("former_names", [])
    if other_names:
        item["alternateName"] = other_names
    if record.get("founded"):
        item["foundingDate"] = record["founded"]
    if record.get("website"):
        item["sameAs"] = record["website"]
    return item


def test_every_cluster_pages_json_ld_is_its_yaml_field_by_field(published):
    kinds = set()
    for cluster in DATA.clusters:
        record = english(cluster.record)
        (shown,) = published.jsonld(f"clusters/{cluster.slug}.html")
        expected = expected_jsonld(record)
        for field in sorted(set(shown) | set(expected)):
            assert shown.get(field, "<missing>") == expected.get(field, "<missing>"), f"{cluster.slug}: {field}"
        kinds.update(field for field in ("foundingDate", "sameAs", "alternateName") if field in expected)
        kinds.add("no town" if "addressLocality" not in expected["address"] else "town")
    # The real data has every kind: a founding date, a website, other names, and clusters with and without a town.
    assert kinds == {"foundingDate", "sameAs", "alternateName", "no town", "town"}


@pytest.mark.parametrize("name", ['=HYPERLINK("https://evil.example/","Open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_text(repo_copy, name):
    """OWASP's advice on CSV injection: a cell that starts with =, +, - or @ gets a leading ', so
    a spreadsheet shows it as text; clusters.json keeps the value exactly."""
    from published import GeneratedSite

    path = repo_copy / "data" / "clusters" / "nce-eyde.yml"
    text = path.read_text(encoding="utf-8")
    assert "name: NCE Eyde\n" in text
    path.write_text(text.replace("name: NCE Eyde\n", f"name: {json.dumps(name)}\n", 1), encoding="utf-8")
    site = GeneratedSite(REPO, url="https://example.org/", data_dir=repo_copy / "data")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(site.file("open-data/clusters.csv")))}
    assert rows["nce-eyde"]["name"] == "'" + name
    records = {record["slug"]: record for record in json.loads(site.file("open-data/clusters.json"))["clusters"]}
    assert records["nce-eyde"]["name"] == name
    # Only text: counts and coordinates stay numbers, and other cells are as written.
    assert rows["nce-eyde"]["lat"] == str(records["nce-eyde"]["coordinates"]["lat"])
    assert rows["gce-node"]["name"] == records["gce-node"]["name"]
