"""The site built from data/: one page per file, facts on the right page, counts computed."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import yaml
from conftest import REPO, build
from expected import english

CLUSTER_FILES = sorted((REPO / "data" / "clusters").glob("*.yml"))
PARTNER_FILES = sorted((REPO / "data" / "partners").glob("*.yml"))


def text_of(html: str) -> str:
    """Visible text of a page, whitespace folded, entities decoded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def read_yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def nce_count_on_as_of() -> int:
    """Count NCE clusters on the as-of date straight from the YAML, independently of the site code."""
    as_of = read_yaml(REPO / "data" / "programme.yml")["as_of"]
    count = 0
    for path in CLUSTER_FILES:
        periods = read_yaml(path)["status"]
        for index, period in enumerate(periods):
            start = period["from"]
            end = period.get("to") or (periods[index + 1]["from"] if index + 1 < len(periods) else "9999")
            # Partial dates compare correctly as text against a full date's prefix.
            if start[: len(as_of)] <= as_of and (as_of[: len(end)] < end or (period.get("to") and as_of[: len(end)] == end)):
                if period["level"] == "nce":
                    count += 1
                break
    return count


def test_strict_build_has_no_warnings(tmp_path):
    result = build(REPO, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_one_page_per_data_file(built_site):
    cluster_pages = {p.stem for p in (built_site / "clusters").glob("*.html")} - {"index", "map"}
    assert cluster_pages == {p.stem for p in CLUSTER_FILES}
    partner_pages = {p.stem for p in (built_site / "partners").glob("*.html")} - {"index"}
    assert partner_pages == {p.stem for p in PARTNER_FILES}


def test_facts_from_yaml_are_on_the_cluster_page(built_site):
    for path in CLUSTER_FILES:
        data = english(read_yaml(path))
        page = text_of((built_site / "clusters" / f"{data['slug']}.html").read_text(encoding="utf-8"))
        assert data["name"] in page
        for place in ("city", "county"):  # either may be unknown; what the YAML gives is shown
            if place in data:
                assert data[place] in page
        for sector in data.get("sectors", []):  # a sector no source names is "not known"
            assert sector in page
        if not data.get("sectors"):
            assert "Sectors not known: no source found names the sector" in page
        for former in data.get("former_names", []):
            assert former in page
        first_paragraph = " ".join(data["description"].split("\n\n")[0].split())
        assert first_paragraph in page, path.name
        for source in data["sources"]:
            assert source["url"] in page


def test_cluster_page_edit_link_points_at_its_yaml(built_site):
    html = (built_site / "clusters" / "nce-blue-legasea.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*/edit/main/data/clusters/nce-blue-legasea\.yml"', html)


def test_partner_facts_on_partner_page(built_site):
    for path in PARTNER_FILES:
        data = read_yaml(path)
        page = text_of((built_site / "partners" / f"{data['slug']}.html").read_text(encoding="utf-8"))
        assert data["name"] in page and data["name_no"] in page


def test_home_count_is_computed_from_data(built_site):
    expected = nce_count_on_as_of()
    home = text_of((built_site / "index.html").read_text(encoding="utf-8"))
    assert f"{expected} NCE clusters" in home


def test_directory_groups_clusters_by_level_on_the_as_of_date(built_site):
    html = (built_site / "clusters" / "index.html").read_text(encoding="utf-8")
    sections = dict(re.findall(r'<section class="nce-group" id="group-([a-z-]+)".*?>(.*?)</section>', html, flags=re.S))
    assert set(sections) >= {"nce", "gce", "former"}
    assert "nce-raufoss.html" in sections["former"] and "nce-raufoss.html" not in sections["nce"]
    assert "gce-node.html" in sections["gce"]
    assert len(set(re.findall(r'href="\.\./clusters/([a-z0-9-]+)\.html"', sections["nce"]))) == nce_count_on_as_of()


def _new_cluster_yaml() -> str:
    return (REPO / "data" / "clusters" / "nce-blue-legasea.yml").read_text(encoding="utf-8").replace(
        "slug: nce-blue-legasea", "slug: nce-test-harbour").replace(
        "name: NCE Blue Legasea", "name: NCE Test Harbour").replace(
        "short_name: Blue Legasea", "short_name: Test Harbour")


def test_added_cluster_file_appears_everywhere_and_removed_one_disappears(repo_copy, tmp_path):
    (repo_copy / "data" / "clusters" / "nce-test-harbour.yml").write_text(_new_cluster_yaml(), encoding="utf-8")
    (repo_copy / "data" / "clusters" / "nce-raufoss.yml").unlink()
    site = tmp_path / "site"
    result = build(repo_copy, site)
    assert result.returncode == 0, result.stderr
    page = site / "clusters" / "nce-test-harbour.html"
    assert page.exists()
    assert "NCE Test Harbour" in text_of(page.read_text(encoding="utf-8"))
    directory = (site / "clusters" / "index.html").read_text(encoding="utf-8")
    assert 'href="../clusters/nce-test-harbour.html"' in directory
    assert not (site / "clusters" / "nce-raufoss.html").exists()
    assert "nce-raufoss.html" not in directory
    home = text_of((site / "index.html").read_text(encoding="utf-8"))
    assert f"{nce_count_on_as_of() + 1} NCE clusters" in home
    # The map, the timeline, the statistics and the open data follow with no other change.
    map_page = (site / "clusters" / "map.html").read_text(encoding="utf-8")
    assert 'href="../clusters/nce-test-harbour.html"' in map_page and "nce-raufoss.html" not in map_page
    timeline = (site / "timeline.html").read_text(encoding="utf-8")
    assert 'href="clusters/nce-test-harbour.html"' in timeline and "nce-raufoss.html" not in timeline
    stats = text_of((site / "statistics.html").read_text(encoding="utf-8"))
    total = len(CLUSTER_FILES)  # one added, one removed
    assert f"of the {total} clusters on this site" in stats
    exported = json.loads((site / "open-data" / "clusters.json").read_text(encoding="utf-8"))
    slugs = {c["slug"] for c in exported["clusters"]}
    assert "nce-test-harbour" in slugs and "nce-raufoss" not in slugs
    csv_text = (site / "open-data" / "clusters.csv").read_text(encoding="utf-8")
    assert "\nnce-test-harbour," in csv_text and "\nnce-raufoss," not in csv_text
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "clusters/nce-test-harbour.html" in sitemap and "clusters/nce-raufoss.html" not in sitemap


def test_statistics_counts_match_the_directory(built_site):
    stats = (built_site / "statistics.html").read_text(encoding="utf-8")
    # The by-level table lists the NCE count computed from the YAML.
    table = stats[stats.index("Clusters by level on"):]
    assert re.search(rf"<th[^>]*>\s*NCE\s*</th>\s*<td[^>]*>\s*{nce_count_on_as_of()}\s*</td>", table)


def test_sitemap_lists_every_page(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for path in CLUSTER_FILES:
        assert f"clusters/{path.stem}.html" in sitemap
    for page in ("index.html", "programme.html", "concepts.html", "clusters/map.html", "statistics.html"):
        assert page in sitemap


def test_cluster_pages_carry_jsonld_and_open_graph(built_site):
    html = (built_site / "clusters" / "nce-eyde.html").read_text(encoding="utf-8")
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert jsonld["@type"] == "Organization" and jsonld["name"] == "NCE Eyde"
    assert jsonld["address"]["addressLocality"] == "Arendal"
    assert '<meta property="og:title" content="NCE Eyde">' in html
    assert re.search(r'<meta name="description" content="[^"]{40,}">', html)


def test_links_to_missing_anchors_still_fail_the_strict_build(repo_copy, tmp_path):
    # Anchors inside macro output are registered with MkDocs; a wrong one must still be caught.
    index = repo_copy / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[Broken](programme.md#level-nonexistent)\n",
                     encoding="utf-8")
    result = build(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "programme.md#level-nonexistent" in result.stderr and "#level-gce" not in result.stderr
