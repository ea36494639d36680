"""The Bokmål directory in Chromium, served and from disk: directory.js speaks Bokmål
(its messages come from the page, which takes them from the Bokmål catalogue).
The expected sentences are literals; the number of clusters comes from data/."""

from __future__ import annotations

from playwright.sync_api import expect

from .test_directory import FORM, STATUS, TOTAL

DIRECTORY = "nb/clusters/index.html"


def test_the_bokmal_directory_reports_in_bokmal(page, site):
    page.goto(site.url(DIRECTORY))
    expect(page.locator(FORM)).to_be_visible()
    expect(page.locator(STATUS)).to_have_text(f"Viser alle {TOTAL} klynger.")
    page.select_option("#nce-dir-level", "gce")
    page.select_option("#nce-dir-sector", "tourism")
    expect(page.locator(STATUS)).to_have_text(f"Viser 0 av {TOTAL} klynger: ingen passer med alle disse filtrene.")
    page.get_by_role("button", name="Vis alle klyngene").click()
    expect(page.locator(STATUS)).to_have_text(f"Viser alle {TOTAL} klynger.")
    page.select_option("#nce-dir-level", "gce")
    caption = page.locator("section[data-group=gce] caption")
    expect(caption).to_contain_text("klynge")
    expect(page.locator(STATUS)).to_contain_text(f"av {TOTAL} klynger.")
