"""What browser tests do on a page: search the site, run axe, read the data."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "tests" / "vendor" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

SEARCH_INPUT = ".md-search__input"
SEARCH_META = ".md-search-result__meta"
# One <li> per page; its first link is the page (or its best section).
RESULT_LINKS = ".md-search-result__list > .md-search-result__item > a.md-search-result__link"
PLACEHOLDER = "Type to start searching"
HAS_RESULTS = re.compile(r"^(\d+ matching documents?|No matching documents)$")


# ---------------------------------------------------------------- data

def clusters() -> list[dict]:
    """Every cluster YAML file, read as plain text values (read at call time: data may change)."""
    found = []
    for path in sorted((REPO / "data" / "clusters").glob("*.yml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if isinstance(record, dict) and record.get("slug"):
            found.append(record)
    return found


def cluster(slug: str) -> dict:
    return next(c for c in clusters() if c["slug"] == slug)


def cluster_path(slug: str) -> str:
    return f"clusters/{slug}.html"


# ---------------------------------------------------------------- search

@dataclass(frozen=True)
class Result:
    path: str  # site-relative page path, e.g. clusters/nce-blue-legasea.html
    url: str  # the link as rendered, with ?h= and #fragment
    title: str


def open_search(page: Page, how: str = "key") -> None:
    """Open Material's search as a reader would: the "/" shortcut or a click on the field."""
    box = page.locator(SEARCH_INPUT)
    if how == "key":
        page.locator("body").press("/")
    elif how == "click":
        page.locator('label.md-header__button[for="__search"]:visible, .md-search__input:visible').first.click()
    else:
        raise ValueError(how)
    expect(box).to_be_focused()
    # The index is loaded in a worker; until then the results say "Initializing search".
    page.wait_for_function("([meta, text]) => document.querySelector(meta)?.textContent.trim() === text",
                           arg=[SEARCH_META, PLACEHOLDER], polling="raf")


def search(page: Page, query: str, site=None, *, typed: bool = False) -> list[Result]:
    """Run one query in the open search box and return the result pages, best first.

    With typed=True the query is typed key by key (one search per key, as a reader
    does); otherwise it is filled in at once and one search runs.
    """
    box = page.locator(SEARCH_INPUT)
    if box.input_value() == query:
        return results(page, site)
    # Material rewrites the result count whenever a search finishes; watch for that.
    page.evaluate(_WATCH_RESULTS, SEARCH_META)
    if typed:
        box.fill("")
        box.press_sequentially(query)
    else:
        box.fill(query)
        box.press("End")  # Material searches on keyup
    page.wait_for_function(_RESULTS_SHOWN, arg=[SEARCH_META, HAS_RESULTS.pattern], polling="raf")
    if typed:
        _wait_until_stable(page)
    return results(page, site)


_WATCH_RESULTS = """(meta) => {
    window.__nceSearchDone = false;
    window.__nceObserver?.disconnect();
    window.__nceObserver = new MutationObserver(() => { window.__nceSearchDone = true; });
    window.__nceObserver.observe(document.querySelector(meta), {childList: true, characterData: true, subtree: true});
}"""
_RESULTS_SHOWN = """([meta, pattern]) => window.__nceSearchDone === true
    && new RegExp(pattern).test(document.querySelector(meta).textContent.trim())"""


def results(page: Page, site=None) -> list[Result]:
    rows = page.evaluate(
        """(links) => [...document.querySelectorAll(links)].map(a => [
            a.getAttribute("href") || "", a.href, a.querySelector("h1, h2")?.textContent.trim() || ""])""",
        RESULT_LINKS)
    found = []
    for url, absolute, title in rows:
        path = site.path_of(absolute) if site is not None else absolute.split("?")[0].split("#")[0]
        found.append(Result(path=path, url=url, title=title))
    return found


def _wait_until_stable(page: Page, quiet_ms: int = 250, timeout_s: float = 10) -> None:
    """Typing runs one search per key; wait until the last one has been rendered."""
    def snapshot():
        return page.evaluate(
            """([meta, links]) => [document.querySelector(meta)?.textContent,
                 ...[...document.querySelectorAll(links)].slice(0, 5).map(a => a.href)].join("\\n")""",
            [SEARCH_META, RESULT_LINKS])
    deadline = time.monotonic() + timeout_s
    last, since = snapshot(), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(50)
        now = snapshot()
        if now != last:
            last, since = now, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return


# What a result must never show: a table's cells or a chart's description run together, in
# either language. A result shows a page's description or a section's first sentence.
RUN_TOGETHER = ("see note", "se merknad", "bar chart with", "stolpediagram med", "column chart", "søylediagram",
                "Level From To", "Nivå Fra Til")
SNIPPET_LIMIT = 260  # characters: a description (at most 155) or a first sentence (at most 240)


def result_texts(page: Page) -> list[tuple[str, str, str]]:
    """(address, title, the text shown under the title) of each result article, best first."""
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item article')].map(a => {
        const copy = a.cloneNode(true);
        copy.querySelectorAll('h1, h2, .md-search-result__terms, nav').forEach(e => e.remove());
        return [a.closest('a').href, (a.querySelector('h1, h2') || {}).textContent || '',
                copy.textContent.replace(/\\s+/g, ' ').trim()]; })""")


def unreadable_results(page: Page) -> list[str]:
    """The results whose text is more than a description or a first sentence: too long, or a
    table's or a chart's text run together."""
    return [f"{title}: {text[:120]}" for _, title, text in result_texts(page)
            if len(text) > SNIPPET_LIMIT or any(bad.casefold() in text.casefold() for bad in RUN_TOGETHER)]


def describe(found: list[Result], limit: int = 6) -> str:
    return "; ".join(f"{r.path} ({r.title})" for r in found[:limit]) or "no results"


# ---------------------------------------------------------------- accessibility

def axe_violations(page: Page, tags=WCAG_TAGS) -> list[dict]:
    """Run the vendored axe-core on the page and return its violations (WCAG 2.1 A/AA by default)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    # Colours are checked as they end up, not half-way through a fade (the search dialog fades in;
    # on a busy machine axe could otherwise run while it does and read blended colours).
    return page.evaluate(
        """async (tags) => {
            const settling = document.getAnimations()
                .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
                .map(a => a.finished.catch(() => null));
            await Promise.race([Promise.all(settling), new Promise(done => setTimeout(done, 3000))]);
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
        }""",
        list(tags),
    )


def format_violations(violations: list[dict], per_rule: int = 4) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s))")
        for node in v["nodes"][:per_rule]:
            lines.append(f"    {node['target']}")
    return "\n".join(lines)
