"""WCAG 2.1 A and AA with axe-core (vendored in tests/vendor) on every page type, and keyboard use."""

from __future__ import annotations

import pytest

from .helpers import axe_violations, format_violations, open_search, search

PAGE_TYPES = [
    "index.html",  # home
    "programme.html",
    "concepts.html",
    "clusters/index.html",  # directory
    "clusters/map.html",
    "timeline.html",
    "statistics.html",
    "clusters/nce-blue-legasea.html",  # current NCE, with notes on uncertain facts
    "clusters/gce-node.html",  # GCE with a long status history
    "clusters/nce-raufoss.html",  # former cluster
    "partners/index.html",
    "partners/innovation-norway.html",
    "open-data.html",
    "reference/data.html",
    "offline.html",
    "accessibility.html",
]


def _assert_clean(page, label):
    violations = axe_violations(page)
    assert not violations, (f"axe found {len(violations)} WCAG 2.1 A/AA rule(s) broken on {label}:\n"
                            + format_violations(violations))


@pytest.mark.parametrize("site", ["http"], indirect=True)
@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_wcag_violations(page, site, path, scheme):
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.goto(site.url(path))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    _assert_clean(page, f"{path} ({scheme})")


@pytest.mark.parametrize("site", ["http"], indirect=True)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_violations_with_search_open(page, site, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site.url("index.html"))
    open_search(page)
    assert search(page, "Ålesund", site), "the search found nothing to check"
    _assert_clean(page, f"the search dialog with results ({scheme})")


@pytest.mark.parametrize("site", ["http"], indirect=True)
def test_keyboard_skip_link_and_visible_focus(page, site):
    page.goto(site.url("clusters/nce-eyde.html"))
    page.keyboard.press("Tab")
    skip = page.evaluate("""() => { const a = document.activeElement;
        return {text: a.textContent.trim(), href: a.getAttribute('href'),
                outline: getComputedStyle(a).outlineStyle, visible: a.getBoundingClientRect().height > 0}; }""")
    assert skip["text"].lower().startswith("skip to content") and skip["href"].startswith("#")
    assert skip["visible"]
    # Tab on to the first link in the content and check the focus ring is drawn.
    for _ in range(60):
        page.keyboard.press("Tab")
        inside = page.evaluate("document.activeElement.closest('.md-content') !== null && document.activeElement.tagName === 'A'")
        if inside:
            break
    assert inside, "no link in the page content is reachable with Tab"
    style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); "
                          "return [s.outlineStyle, s.outlineWidth]; })()")
    assert style[0] != "none" and style[1] != "0px", f"focused link has no visible outline: {style}"


@pytest.mark.parametrize("site", ["http"], indirect=True)
def test_search_opens_from_the_keyboard(page, site):
    page.goto(site.url("programme.html"))
    page.locator("body").press("/")
    focused = page.evaluate("document.activeElement.classList.contains('md-search__input')")
    assert focused, "the / key should move focus to the search field"
