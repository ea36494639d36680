"""Printing: only the content, at full width; link addresses shown; no site chrome."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

CHROME = {
    "header": ".md-header",
    "primary sidebar": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "footer": ".md-footer",
    "back to top": ".md-top",
    "edit button": ".md-content__button",
}


@pytest.mark.parametrize("site", ["http"], indirect=True)
@pytest.mark.parametrize("path", ["clusters/nce-blue-legasea.html", "programme.html"])
def test_print_shows_only_the_content(page, site, path):
    page.goto(site.url(path))
    page.emulate_media(media="print")

    for name, selector in CHROME.items():
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{name} ({selector}) is printed on {path}"
    expect(page.locator("article h1").first).to_be_visible()

    # The content uses the whole width of the paper.
    content = page.locator(".md-content").bounding_box()
    viewport = page.viewport_size
    assert content and content["width"] >= 0.9 * viewport["width"], (content, viewport)

    # Links to other websites print their address; fact boxes and table rows stay whole.
    external = page.locator('article a[href^="https://"]:not(.md-button)').first
    if external.count():
        after = external.evaluate("a => getComputedStyle(a, '::after').content")
        href = external.get_attribute("href")
        assert href in after, f"address of {href} not printed: ::after is {after}"
    for selector in (".nce-factbox", "article tr"):
        for element in page.locator(selector).all()[:3]:
            assert element.evaluate("e => getComputedStyle(e).breakInside") == "avoid", selector


@pytest.mark.parametrize("site", ["file"], indirect=True)
def test_cluster_page_prints_to_pdf(page, site):
    page.goto(site.url("clusters/nce-blue-legasea.html"))
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000, len(pdf)
