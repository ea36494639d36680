"""What a new reader meets, in English and Bokmål, on a phone (390 px wide) and on a desktop
(1280 px), served and opened from disk: a menu to every section, a map with every cluster
whose place is known, a timeline that reads on a phone, former clusters named in the
singular, Bokmål pages in Bokmål, counties by today's names, the language switcher keeping
the reader's choice, short search results, edit buttons that lead to the data, and pages
that load only what they use.

Expectations come from data/ (read with YAML's base loader in tests/expected.py) and from
literals: the navigation of mkdocs.yml, the words of each language, the county reforms.
"""

from __future__ import annotations

import re

import pytest
from expected import COUNTIES_TODAY, COUNTY_TODAY, Data, day_text, english
from playwright.sync_api import expect

from .helpers import REPO, result_texts, unreadable_results

DATA = Data(REPO / "data")
LANGUAGES = ("en", "nb")
WIDTHS = (390, 1280)
PREFIX = {"en": "", "nb": "nb/"}
MONTHS_NB = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
             "november", "desember")

# The site's own words, as each language's pages write them (from the message catalogues).
WORDS = {
    "en": {
        "joined": "Joined the programme", "left": "Left the programme", "since": "Since",
        "somewhere": "somewhere in {county}, town not known",
        "approximate": "Town not known: placed at the middle of its county (dashed ring)",
        "county not known": "County not known", "arrow": "arrow", "round lines": "Vertical lines",
        "held on": "still held on", "ends": "The chart ends on",
    },
    "nb": {
        "joined": "Tatt opp i programmet", "left": "Gikk ut av programmet", "since": "Siden",
        "somewhere": "et sted i {county}, byen er ikke kjent",
        "approximate": "Byen er ikke kjent: plassert midt i fylket (stiplet ring)",
        "county not known": "Fylke ukjent", "arrow": "pil", "round lines": "Loddrette linjer",
        "held on": "fortsatt gjaldt", "ends": "Diagrammet slutter",
    },
}

# The pages of the navigation (mkdocs.yml's nav), each of which every page must reach in one click.
NAV_PAGES = ("index.html", "programme.html", "concepts.html", "clusters/index.html", "clusters/map.html",
             "timeline.html", "statistics.html", "partners/index.html", "offline.html", "open-data.html",
             "reference/data.html", "accessibility.html")
PAGE_TYPES = {"home": "index.html", "cluster": "clusters/nce-media.html", "partner": "partners/siva.html",
              "directory": "clusters/index.html", "map": "clusters/map.html", "timeline": "timeline.html",
              "statistics": "statistics.html", "open data": "open-data.html"}


@pytest.fixture(params=LANGUAGES)
def lang(request) -> str:
    return request.param


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def width(request, page) -> int:
    page.set_viewport_size({"width": request.param, "height": 844 if request.param < 700 else 900})
    return request.param


def day_in(lang: str, iso: str) -> str:
    """A date of the YAML (2015-06-12, 2015-06, 2015) as pages in `lang` write it."""
    if lang == "en":
        return day_text(iso)
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])}. {MONTHS_NB[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS_NB[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def in_lang(value, lang: str) -> str:
    """A prose value of the YAML in `lang`: its Bokmål where written, else its English."""
    if isinstance(value, dict):
        return value.get(lang) or value["en"]
    return value


def goto(page, site, lang: str, path: str) -> None:
    page.goto(site.url(PREFIX[lang] + path))
    page.wait_for_load_state("domcontentloaded")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


# ---------------------------------------------------------------- 1. a menu on every page

def open_menu(page, width: int) -> None:
    """The navigation as a reader opens it: the sidebar on a wide screen, the menu button on a narrow one."""
    if width >= 1220:  # Material shows the sidebar from 76.25em
        return
    button = page.locator('.md-header label.md-header__button[for="__drawer"]')
    expect(button).to_be_visible()
    button.click()
    page.wait_for_function("document.getElementById('__drawer').checked")
    page.wait_for_timeout(350)  # the drawer slides in


UNREACHABLE_JS = """(targets) => {
    // The menu's links to each target page that a click cannot reach: none, or off screen, or covered.
    const links = [...document.querySelectorAll('.md-sidebar--primary nav.md-nav--primary a.md-nav__link')];
    return targets.filter(target => {
        const link = links.find(a => a.href === target);
        if (!link) return true;
        link.scrollIntoView({block: 'center'});
        const r = link.getBoundingClientRect();
        if (r.width < 1 || r.height < 1) return true;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return !(hit && (hit === link || link.contains(hit)));
    });
}"""


def test_every_page_reaches_every_section_in_one_click(page, site, lang, width):
    for kind, path in PAGE_TYPES.items():
        goto(page, site, lang, path)
        open_menu(page, width)
        # The page the reader is on need not link to itself.
        targets = [site.url(PREFIX[lang] + target) for target in NAV_PAGES if target != path]
        missing = page.evaluate(UNREACHABLE_JS, targets)
        assert not missing, f"{kind} ({lang}, {width}px): the menu cannot take a reader to {missing}"
    # And one of them works: from the home page to the map.
    goto(page, site, lang, "index.html")
    open_menu(page, width)
    link = page.locator(".md-sidebar--primary nav.md-nav--primary a.md-nav__link[href$='clusters/map.html']").first
    link.click()
    page.wait_for_url(re.compile(re.escape(PREFIX[lang] + "clusters/map.html") + "$"))


# ---------------------------------------------------------------- 2. the map

MARKERS_JS = """() => [...document.querySelectorAll('figure.nce-map a.nce-map__marker')]
    .filter(a => a.getBoundingClientRect().width > 0)
    .map(a => { a.scrollIntoView({block: 'center'});
        const hit = a.querySelector('.nce-map__hit').getBoundingClientRect();
        const x = hit.left + hit.width / 2, y = hit.top + hit.height / 2;
        const at = document.elementFromPoint(x, y);
        const ring = a.querySelector('.nce-map__outline');
        return {name: a.getAttribute('aria-label'), href: a.getAttribute('href'), classes: a.getAttribute('class'),
                width: hit.width, height: hit.height, reached: at !== null && a.contains(at),
                dashed: ring ? getComputedStyle(ring).strokeDasharray : null}; })"""


def visible_legend(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('figure.nce-map .nce-map__legend')]
        .filter(u => u.getBoundingClientRect().width > 0)
        .flatMap(u => [...u.querySelectorAll('li')].map(li => li.className.match(/nce-map__legend-item--([a-z-]+)/)[1]))""")


def test_the_map_shows_every_cluster_whose_town_or_county_is_known(page, site, lang, width):
    goto(page, site, lang, "clusters/map.html")
    page.locator("figure.nce-map").scroll_into_view_if_needed()
    markers = page.evaluate(MARKERS_JS)
    assert markers
    names = " | ".join(m["name"] for m in markers)
    for cluster in DATA.clusters:
        county = cluster.county_shown
        if cluster.located:
            assert cluster.name in names, f"{cluster.slug} is not on the map ({lang}, {width}px)"
        elif county:
            # Placed at the middle of its county, and said to be: its name, level and where.
            approximate = WORDS[lang]["somewhere"].format(county=county)
            assert re.search(re.escape(cluster.name) + r" \([^;()]*; " + re.escape(approximate) + r"\)", names), \
                f"{cluster.slug} is not on the map as approximate in {county} ({lang}, {width}px)"
    # A marker for one cluster drawn at a county's middle has a dashed ring.
    single = [m for m in markers if "nce-map__marker--approximate" in m["classes"]]
    assert single and all(m["dashed"] not in (None, "none") for m in single)
    # The list under the map names each such cluster with its county (today's).
    listed = dict(page.evaluate("""() => [...document.querySelectorAll('.nce-map__approximate > li')]
        .map(li => [li.querySelector('strong').textContent.trim(),
                    [...li.querySelectorAll('a')].map(a => a.textContent.trim())])"""))
    expected = {}
    for cluster in DATA.clusters:
        if not cluster.located and cluster.county_shown:
            expected.setdefault(cluster.county_shown, []).append(cluster.name)
    assert {county: sorted(names) for county, names in listed.items()} == {
        county: sorted(names) for county, names in expected.items()}


def test_the_map_legend_names_what_is_drawn_and_markers_take_a_fingertip(page, site, lang, width):
    goto(page, site, lang, "clusters/map.html")
    page.locator("figure.nce-map").scroll_into_view_if_needed()
    markers = page.evaluate(MARKERS_JS)
    drawn = set()
    for marker in markers:
        kind = re.search(r"nce-map__marker--([a-z-]+)", marker["classes"]).group(1)
        drawn.add(kind)
        if "nce-map__marker--approximate" in marker["classes"]:
            drawn.add("approximate")
        # WCAG 2.5.8: at least 24 by 24 CSS pixels, and nothing else takes a tap at its middle.
        assert marker["width"] >= 23.9 and marker["height"] >= 23.9, (marker["name"], marker["width"], width)
        assert marker["reached"], f"{marker['name']}: covered by another marker ({lang}, {width}px)"
    legend = visible_legend(page)
    assert len(legend) == len(set(legend))
    assert set(legend) == drawn, f"legend {legend}, markers drawn {sorted(drawn)} ({lang}, {width}px)"
    if "approximate" in legend:
        label = page.locator("figure.nce-map .nce-map__legend-item--approximate").filter(visible=True)
        expect(label).to_have_text(WORDS[lang]["approximate"])
    assert no_sideways_scroll(page)


# ---------------------------------------------------------------- 3. the timeline

TIMELINE_JS = """() => {
    const svgs = [...document.querySelectorAll('figure.nce-chart--timeline svg.nce-chart__svg')]
        .filter(s => s.getBoundingClientRect().width > 0);
    const svg = svgs[0];
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const label = svg.querySelector('.nce-chart__label');
    const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    return {count: svgs.length, scale,
            label_px: parseFloat(getComputedStyle(label).fontSize) * scale,
            labels: [...svg.querySelectorAll('.nce-chart__event text')].map(rect),
            lines: [...svg.querySelectorAll('.nce-chart__event-lines line, .nce-chart__grid line')].map(rect),
            arrows: svg.querySelectorAll('.nce-chart__arrow').length,
            events: svg.querySelectorAll('.nce-chart__event-lines line').length,
            titles: [...svg.querySelectorAll('.nce-chart__period > title')].map(t => t.textContent)};
}"""


def test_the_timeline_reads_at_page_size_and_says_what_it_draws(page, site, lang, width):
    goto(page, site, lang, "timeline.html")
    page.locator("figure.nce-chart--timeline").scroll_into_view_if_needed()
    drawn = page.evaluate(TIMELINE_JS)
    assert drawn["count"] == 1  # one drawing is shown
    # On a phone the names read at the page's size (16 px), with no sideways scrolling.
    assert drawn["label_px"] >= (15.5 if width < 700 else 12), (drawn["label_px"], lang, width)
    assert no_sideways_scroll(page)
    # No line crosses a round's label.
    for left, top, right, bottom in drawn["labels"]:
        for x1, y1, x2, y2 in drawn["lines"]:
            crosses = left < (x1 + x2) / 2 < right and y1 < bottom and top < y2
            assert not crosses, f"a line crosses a round's label ({lang}, {width}px)"
    # The caption says what is drawn, and only that.
    words = WORDS[lang]
    caption = page.locator("figure.nce-chart--timeline .nce-chart__note").inner_text()
    assert (words["arrow"] in caption) == (drawn["arrows"] > 0), caption
    assert (words["round lines"] in caption) == (drawn["events"] > 0), caption
    held = any(title.endswith(day_in(lang, DATA.as_of)) and words["held on"].split()[0] in title
               for title in drawn["titles"])
    assert (words["held on"] in caption) == held, caption
    # Nothing is drawn past the as-of date: the introduction says where the chart ends.
    intro = page.locator("article p").first.inner_text()
    assert f"{words['ends']} {day_in(lang, DATA.as_of)}" in intro, intro


# ---------------------------------------------------------------- 4. one former cluster

def former_cluster():
    """A former cluster whose last period has its own end date."""
    return next(c for c in DATA.clusters if c.group == "former" and c.record["status"][-1].get("to"))


def test_a_former_cluster_is_named_in_the_singular_and_says_when_it_joined_and_left(page, site, lang, width):
    cluster = former_cluster()
    standing = next(s for s in DATA.programme["standings"]["outside"] if s["id"] == "former")
    one, other = in_lang(standing["one"], lang), in_lang(standing["other"], lang)
    periods = cluster.record["status"]
    goto(page, site, lang, f"clusters/{cluster.slug}.html")
    expect(page.locator(".nce-lead .nce-level")).to_have_text(one)
    # Each fact's label and value, without its confidence mark.
    facts = dict(page.evaluate("""() => [...document.querySelectorAll('.nce-factbox .nce-facts__row')]
        .map(r => { const value = r.querySelector('dd').cloneNode(true);
                    value.querySelectorAll('.nce-mark').forEach(m => m.remove());
                    return [r.querySelector('dt').textContent.trim(), value.textContent.trim()]; })"""))
    words = WORDS[lang]
    assert facts[words["joined"]] == day_in(lang, periods[0]["from"])
    assert facts[words["left"]] == day_in(lang, periods[-1]["to"])
    assert words["since"] not in facts
    assert next(iter(facts.values())) == one  # its level on the as-of date
    # The directory: its badge, and its group's title in the plural (or singular for one).
    goto(page, site, lang, "clusters/index.html")
    row = page.locator(f'tr[data-slug="{cluster.slug}"]')
    expect(row.locator(".nce-level")).to_have_text(one)
    heading = page.locator("#group-former-title")
    expect(heading).to_have_text(other if DATA.count("former") > 1 else one)
    # A related list that names it.
    for other_cluster in DATA.clusters:
        if any(cluster.slug in slugs for _, slugs in DATA.related(other_cluster.slug)):
            goto(page, site, lang, f"clusters/{other_cluster.slug}.html")
            item = page.locator(f'.nce-cluster-list li:has(a[href$="/{cluster.slug}.html"])').first
            expect(item.locator(".nce-muted")).to_contain_text(one + ",")
            break
    else:
        pytest.fail("no related list names the former cluster")


# ---------------------------------------------------------------- 5. Bokmål pages in Bokmål

# What the site once wrote in English on Bokmål pages: its own words (the charts' tables), and
# on the map the levels' full names, which only the data's English has. (Bokmål text in the data
# may name the programme's English names; a source's title is marked with its language.)
ENGLISH_ON_BOKMAL_PAGES = ("per year", "programme milestones")
ENGLISH_ON_THE_MAP = ("Norwegian Centres of Expertise", "Global Centres of Expertise")
READER_TEXT_JS = """() => {
    const article = document.querySelector('article').cloneNode(true);
    article.querySelectorAll('[lang]:not([lang="nb"]), .nce-fallback, script, style').forEach(e => e.remove());
    return article.textContent.replace(/\\s+/g, ' ');
}"""


def schema_field_names() -> set[str]:
    from expected import schema_fields

    names = set()
    for kind in ("cluster", "partner", "programme"):
        names |= {path.replace("[]", "").split(".")[0] for path in schema_fields(REPO / "data" / "schema", kind)}
    return names


def test_bokmal_pages_show_no_english_but_marked_english(page, site, width):
    fields = "|".join(sorted(map(re.escape, schema_field_names()), key=len, reverse=True))
    field_path = re.compile(rf"\(\s*(?:{fields})(?:\[\d+\])?(?:\.\w+)?\s*\)")
    cluster = former_cluster()
    for path in (*PAGE_TYPES.values(), f"clusters/{cluster.slug}.html", "clusters/nce-blue-legasea.html"):
        goto(page, site, "nb", path)
        text = page.evaluate(READER_TEXT_JS)
        for words in ENGLISH_ON_BOKMAL_PAGES + (ENGLISH_ON_THE_MAP if path == "clusters/map.html" else ()):
            assert words not in text, f"nb/{path}: {words!r} shown as Bokmål ({width}px)"
        shown = field_path.search(text) if path != "open-data.html" else None  # it names the columns, on purpose
        assert not shown, f"nb/{path}: a field of the data shown by its path: {shown and shown[0]}"
        # Every English text is marked: lang="en" and the note "(engelsk)" right after it.
        unmarked = page.evaluate("""() => [...document.querySelectorAll('article .nce-fallback')]
            .filter(n => !(n.previousElementSibling && n.previousElementSibling.getAttribute('lang') === 'en'))
            .length""")
        assert unmarked == 0, f"nb/{path}"
        goto(page, site, "en", path)
        assert "(engelsk)" not in page.locator("article").inner_text()


# ---------------------------------------------------------------- 6. counties by today's names

MERGED_COUNTIES = sorted(set(COUNTY_TODAY) - set(COUNTIES_TODAY))


def test_counties_are_todays_with_the_unknown_last(page, site, lang, width):
    goto(page, site, lang, "clusters/index.html")
    select = page.locator("#nce-dir-county")
    expect(select).to_be_visible()
    labels = select.locator("option").all_inner_texts()[1:]
    unknown = WORDS[lang]["county not known"]
    today = sorted({c.county_shown for c in DATA.clusters} - {None}, key=str.casefold)
    assert labels == today + ([unknown] if any(not c.county_shown for c in DATA.clusters) else [])
    assert not set(labels) & set(MERGED_COUNTIES)
    # The statistics by county: today's counties, largest first, the unknown last.
    goto(page, site, lang, "statistics.html")
    table = page.locator("figure.nce-chart").nth(1).locator("table tbody tr")
    rows = [(row.locator("th").inner_text().strip(), int(row.locator("td").inner_text())) for row in table.all()]
    current = [c for c in DATA.clusters if c.group in DATA.level_names]
    counts: dict[str, int] = {}
    for c in current:
        counts[c.county_shown or unknown] = counts.get(c.county_shown or unknown, 0) + 1
    last = [(unknown, counts.pop(unknown))] if unknown in counts else []
    assert rows == sorted(counts.items(), key=lambda item: (-item[1], item[0])) + last


def test_open_data_gives_todays_county(site):
    import csv
    import io

    for lang in LANGUAGES:
        rows = list(csv.DictReader(io.StringIO((site.root / PREFIX[lang] / "open-data" / "clusters.csv")
                                               .read_text(encoding="utf-8"))))
        by_slug = {row["slug"]: row for row in rows}
        for cluster in DATA.clusters:
            assert by_slug[cluster.slug]["county_now"] == (cluster.county_shown or ""), cluster.slug


# ---------------------------------------------------------------- 7. the switcher keeps the choice

def switch_language(page) -> None:
    link = page.locator(".nce-language__link").first
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()


def test_the_language_switcher_keeps_the_directory_filter_and_the_map_selection(page, site, lang, width):
    other = "nb" if lang == "en" else "en"
    goto(page, site, lang, "clusters/index.html")
    sector = next(english(c.record)["sectors"][0] for c in DATA.clusters if c.record.get("sectors"))
    from expected import key

    page.locator("#nce-dir-sector").select_option(key(sector))
    switch_language(page)
    assert site.path_of(page.url) == PREFIX[other] + "clusters/index.html"
    assert f"sector={key(sector)}" in page.url
    expect(page.locator("#nce-dir-sector")).to_have_value(key(sector))
    shown = page.locator("tr[data-slug]:visible")
    assert shown.count() == sum(1 for c in DATA.clusters if sector in c.record.get("sectors", []))
    # The map: a marker for several clusters selects its list under the map.
    goto(page, site, lang, "clusters/map.html")
    marker = page.locator('figure.nce-map a.nce-map__marker--several[href^="#"]').filter(visible=True).first
    target = marker.get_attribute("href")
    marker.click()
    page.wait_for_function("(hash) => window.location.hash === hash", arg=target)
    switch_language(page)
    assert site.path_of(page.url) == PREFIX[other] + "clusters/map.html"
    assert page.url.endswith(target)
    expect(page.locator(f"li{target}")).to_be_visible()


# ---------------------------------------------------------------- 8. short search results

def open_search_in(page, lang: str, width: int) -> None:
    """Open the search as a reader does: "/" on a desktop, the search button on a phone."""
    from .test_languages import EN_PLACEHOLDER, NB_PLACEHOLDER

    if width >= 960:
        page.locator("body").press("/")
    else:
        page.locator('label.md-header__button[for="__search"]').click()
    expect(page.locator(".md-search__input")).to_be_focused()
    page.wait_for_function("([meta, text]) => document.querySelector(meta)?.textContent.trim() === text",
                           arg=[".md-search-result__meta", EN_PLACEHOLDER if lang == "en" else NB_PLACEHOLDER],
                           polling="raf")


def search_in(page, site, lang: str, query: str) -> list:
    from .test_languages import EN_HAS_RESULTS, NB_HAS_RESULTS, _search

    return _search(page, site, query, EN_HAS_RESULTS if lang == "en" else NB_HAS_RESULTS)


def test_a_search_result_shows_a_description_or_a_first_sentence(page, site, lang, width):
    goto(page, site, lang, "index.html")
    open_search_in(page, lang, width)
    cluster = DATA.by_slug["nce-blue-legasea"]
    for query in (cluster.record["city"], "NCE", cluster.name):
        assert search_in(page, site, lang, query), query
        assert not unreadable_results(page), f"{query!r} ({lang}, {width}px): {unreadable_results(page)}"
    # The last query, the cluster's name: its own result shows the start of its description.
    first = " ".join(in_lang(cluster.record["description"], lang).split("\n\n")[0].split())
    own = [text for href, _, text in result_texts(page)
           if href.split("?")[0].split("#")[0].endswith(f"clusters/{cluster.slug}.html") and text]
    assert own and first.startswith(own[0].rstrip("…").strip()), (own, first[:100])


# ---------------------------------------------------------------- 9. edit buttons lead to the data

@pytest.mark.parametrize("path", ["timeline.html", "statistics.html", "clusters/map.html"])
def test_the_edit_button_of_a_data_page_leads_to_the_data_reference(page, site, lang, width, path):
    goto(page, site, lang, path)
    button = page.locator('.md-content__button[rel="edit"]')
    expect(button).to_be_visible()
    with page.expect_navigation():
        button.click()
    assert site.path_of(page.url) == PREFIX[lang] + "reference/data.html"
    assert page.url.endswith("#cluster-files")
    expect(page.locator("#cluster-files")).to_be_visible()


# ---------------------------------------------------------------- 10. each page loads what it uses

OWN_ASSETS = re.compile(r"assets/(?:stylesheets|javascripts)/(nce[\w-]*\.css|directory\.js)$")
USES = {"map": {"nce-map.css"}, "timeline": {"nce-charts.css"}, "statistics": {"nce-charts.css"},
        "directory": {"nce-directory.css", "directory.js"}}


def test_each_page_loads_only_the_stylesheets_and_scripts_it_uses(page, site, lang, width, recorder):
    for kind, path in PAGE_TYPES.items():
        recorder.requests.clear()
        goto(page, site, lang, path)
        page.wait_for_load_state("load")
        loaded = {OWN_ASSETS.search(url).group(1) for url in recorder.requests if OWN_ASSETS.search(url)}
        loaded.discard("nce-print.css")  # fetched late, for printing: it blocks nothing (below)
        assert loaded == {"nce.css"} | USES.get(kind, set()), f"{kind} ({lang}, {width}px): {sorted(loaded)}"
        media = page.evaluate("""() => [...document.querySelectorAll('link[rel=stylesheet]')]
            .filter(l => l.href.endsWith('nce-print.css')).map(l => l.media)""")
        assert media == ["print"], kind


# ---------------------------------------------------------------- axe on a phone

@pytest.mark.parametrize("site", ["http"], indirect=True)
def test_no_wcag_violations_on_a_phone(page, site, lang):
    """The layouts a phone gets (the menu open, the map's markers and the timeline for narrow
    screens) break no WCAG 2.1 A/AA rule either."""
    from .helpers import axe_violations, format_violations

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("index.html", "clusters/map.html", "timeline.html", "clusters/index.html"):
        goto(page, site, lang, path)
        page.wait_for_load_state("networkidle")
        if path == "index.html":
            open_menu(page, 390)
        violations = axe_violations(page)
        assert not violations, f"{PREFIX[lang]}{path} at 390 px:\n" + format_violations(violations)
