"""The offline download: download/nce-site-offline.zip, made by the site plugin (hooks/ncesite/mkdocs/plugin.py).

Acceptance: download the zip, unzip it, open index.html from disk, search for a city,
open the cluster found and read its facts, all without a server or a network.
"""

from __future__ import annotations

import os
import re
import stat
import time
import zipfile
from pathlib import Path

import pytest
from conftest import BUILD_ENV, build, copy_repo
from playwright.sync_api import expect

from ncesite.bundle import write_bundle

from .conftest import Site
from .helpers import cluster, cluster_path, describe, open_search, search

BUNDLE = "download/nce-site-offline.zip"
TOP = "nce-site/"


def _site_files(site_dir: Path) -> set[str]:
    """Every file a reader needs: all but the bundle itself, the theme's source maps and the
    web editor (admin/), which works only online."""
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")
            if p.is_file() and p.suffix != ".map" and not p.relative_to(site_dir).as_posix().startswith("admin/")} - {BUNDLE}


# ---------------------------------------------------------------- the archive

def test_zip_holds_the_whole_site_under_one_folder(built_site):
    archive = built_site / BUNDLE
    assert archive.is_file(), f"{BUNDLE} was not written; is the ncesite plugin listed under plugins: in mkdocs.yml?"
    with zipfile.ZipFile(archive) as bundle:
        infos = bundle.infolist()
        assert bundle.testzip() is None
    names = [info.filename for info in infos]
    assert names == sorted(names), "entries are not sorted"
    assert all(name.startswith(TOP) for name in names), [n for n in names if not n.startswith(TOP)][:5]
    assert {name[len(TOP):] for name in names} == _site_files(built_site)
    for needed in ("index.html", "search/search_index.js", "offline.html", cluster_path("nce-blue-legasea")):
        assert TOP + needed in names, needed
    assert (built_site / "admin" / "index.html").is_file()
    assert not [name for name in names if name.startswith(TOP + "admin/")]
    stamp = time.gmtime(int(BUILD_ENV["SOURCE_DATE_EPOCH"]))[:6]
    for info in infos:
        assert info.date_time == stamp, (info.filename, info.date_time)
        assert stat.S_IMODE(info.external_attr >> 16) == 0o644, info.filename


def test_bundle_ignores_file_times_and_permissions(tmp_path):
    site = tmp_path / "site"
    for name, text in {"index.html": "home", "b/page.html": "b", "a/z.css": "z", "a/é.js": "e"}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    first = tmp_path / "first.zip"
    write_bundle(site, first, epoch=1_700_000_000)
    for i, path in enumerate(sorted(site.rglob("*"))):
        os.utime(path, (1_000_000_000 + i * 7_777, 1_000_000_000 + i * 7_777))
        if path.is_file():
            path.chmod(0o600 if i % 2 else 0o755)
    second = tmp_path / "second.zip"
    write_bundle(site, second, epoch=1_700_000_000)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(second) as bundle:
        assert bundle.namelist() == ["nce-site/a/z.css", "nce-site/a/é.js", "nce-site/b/page.html", "nce-site/index.html"]
    # The archive inside the site is never packed into itself.
    inside = site / "download" / "nce-site-offline.zip"
    write_bundle(site, inside, epoch=0)
    write_bundle(site, inside, epoch=0)
    with zipfile.ZipFile(inside) as bundle:
        assert not [n for n in bundle.namelist() if "download/" in n]


def test_two_builds_give_byte_identical_zips(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    first = build(repo, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    for path in repo.rglob("*"):  # every source file gets a new time
        os.utime(path, (1_600_000_000, 1_600_000_000))
    second = build(repo, tmp_path / "two")
    assert second.returncode == 0, second.stderr
    one, two = (tmp_path / "one" / BUNDLE).read_bytes(), (tmp_path / "two" / BUNDLE).read_bytes()
    if one != two:
        with zipfile.ZipFile(tmp_path / "one" / BUNDLE) as a, zipfile.ZipFile(tmp_path / "two" / BUNDLE) as b:
            differ = [i.filename for i, j in zip(a.infolist(), b.infolist()) if (i.filename, i.CRC) != (j.filename, j.CRC)]
        pytest.fail(f"the two zips differ; first differing entries: {differ[:10]}")


# ---------------------------------------------------------------- the site links to it

def test_offline_page_links_to_the_zip_with_a_relative_link(built_site):
    html = (built_site / "offline.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]*nce-site-offline\.zip)"', html)
    assert hrefs == ["download/nce-site-offline.zip"], hrefs
    assert (built_site / hrefs[0]).is_file()


@pytest.mark.parametrize("site", ["http"], indirect=True)
def test_download_link_serves_the_zip(page, site):
    page.goto(site.url("offline.html"))
    with page.expect_download() as download_info:
        page.locator('a[href$="nce-site-offline.zip"]').first.click()
    download = download_info.value
    assert download.suggested_filename == "nce-site-offline.zip"
    assert Path(download.path()).read_bytes() == (site.root / BUNDLE).read_bytes()


# ---------------------------------------------------------------- the acceptance scenario

@pytest.mark.parametrize("site", ["file"], indirect=True)
def test_unzipped_site_searches_and_opens_a_cluster_from_disk(page, site, tmp_path):
    with zipfile.ZipFile(site.root / BUNDLE) as bundle:
        bundle.extractall(tmp_path)
    unzipped = tmp_path / "nce-site"
    assert (unzipped / "index.html").is_file()
    offline = Site("file", unzipped.as_uri() + "/", unzipped)
    record = cluster("nce-blue-legasea")

    page.goto(offline.url("index.html"))
    open_search(page)
    found = search(page, "Ålesund", offline, typed=True)
    paths = [r.path for r in found]
    assert cluster_path("nce-blue-legasea") in paths[:5], describe(found)

    page.locator(".md-search-result__list a.md-search-result__link", has_text=record["name"]).first.click()
    page.wait_for_url(re.compile(re.escape(offline.url(cluster_path("nce-blue-legasea")))))
    assert page.url.startswith(unzipped.as_uri())
    expect(page.locator("article h1").first).to_have_text(record["name"])
    expect(page.locator(".nce-factbox")).to_contain_text("Møre og Romsdal")
    expect(page.locator(".nce-factbox")).to_contain_text("Ålesund")
