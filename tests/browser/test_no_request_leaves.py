"""No request leaves the machine: every kind of page, served and from disk.

The `page` fixture records every request and console error and fails the test if a
request went anywhere but 127.0.0.1 (or, from disk, anywhere but the file system).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .helpers import clusters

PAGE_TYPES = {
    "home": "index.html",
    "programme": "programme.html",
    "concepts": "concepts.html",
    "cluster directory": "clusters/index.html",
    "cluster": "clusters/nce-blue-legasea.html",
    "partner directory": "partners/index.html",
    "partner": "partners/siva.html",
    "offline reading": "offline.html",
}
SETTLE = {"home", "cluster", "partner"}


def test_every_page_type_loads_without_leaving_the_machine(page, site, recorder):
    missing = [path for path in PAGE_TYPES.values() if not (site.root / path).is_file()]
    assert not missing, f"pages not built: {missing}"
    for kind, path in PAGE_TYPES.items():
        response = page.goto(site.url(path), wait_until="load")
        if site.mode == "http":
            assert response is not None and response.status == 200, f"{kind}: {path} -> {response and response.status}"
        expect(page.locator("article h1").first, f"{kind} ({path}) has a heading").to_be_visible()
        if kind in SETTLE:
            # After "load", scripts start the search worker, which fetches the index and
            # language files; on these pages wait until the network is quiet. (Every page
            # runs the same scripts, so waiting on each would only slow the test down.)
            page.wait_for_load_state("networkidle")
    loaded = [url for url in recorder.requests if "/search/search_index." in url]
    assert loaded, "the search index was never loaded, so search was not exercised"
    assert len({site.path_of(url) for url in recorder.requests if site.path_of(url).endswith(".html")}) >= len(PAGE_TYPES)


def test_navigating_by_clicking_links_stays_local(page, site):
    # The home page hides the sidebar; its content links lead on.
    page.goto(site.url("index.html"))
    page.locator("article a[href*='clusters/']:visible").first.click()
    page.wait_for_url("**/clusters/*.html")
    expect(page.locator("article h1").first).to_be_visible()

    def nav(name: str):
        return page.locator("nav.md-nav--primary").get_by_role("link", name=name, exact=True).first

    nav("Programme").click()
    page.wait_for_url("**/programme.html")
    expect(page.locator("article h1").first).to_be_visible()

    nav("Partners").click()
    page.wait_for_url("**/partners/index.html")

    nav("Clusters").click()
    page.wait_for_url("**/clusters/index.html")
    first = clusters()[0]
    page.locator("article").get_by_role("link", name=first["name"], exact=True).first.click()
    page.wait_for_url(f"**/clusters/{first['slug']}.html")
    expect(page.locator("article h1").first).to_have_text(first["name"])

    # Back to the home page through the logo in the header.
    page.locator(".md-header a.md-logo").click()
    page.wait_for_url(re.compile(r".*/index\.html$"))
    page.wait_for_load_state("networkidle")


RESOURCE_FROM_ANOTHER_HOST = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio|embed|object|use|image)\b[^>]*?"""
    r"""\s(?:src|href|xlink:href|data|srcset|poster)\s*=\s*["']?(?:https?:)?//""", re.I)


def test_no_built_page_loads_resources_from_another_host(built_site):
    """Every built page, checked on disk: scripts, styles, images, fonts and frames are local.

    Links to other websites (<a href>) are fine; only what a page loads by itself counts.
    """
    offenders = []
    for html in sorted(built_site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        for match in RESOURCE_FROM_ANOTHER_HOST.finditer(text):
            tag = text[match.start(): text.find(">", match.start()) + 1]
            if re.search(r"""\brel\s*=\s*["']?\s*(?:canonical|alternate)\b""", tag, re.I):
                continue  # names the published address; never fetched
            offenders.append(f"{html.relative_to(built_site)}: {tag[:160]}")
    for css in sorted(built_site.rglob("*.css")):
        for url in re.findall(r"""url\(\s*["']?((?:https?:)?//[^)"']+)""", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(built_site)}: url({url})")
    assert not offenders, "resources from other hosts:\n  " + "\n  ".join(offenders[:20])
