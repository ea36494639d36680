"""The Bokmål edition: one build writes English at the root and Bokmål under nb/.

Expectations are literals (language codes, locales, the nb/ folder, Babel's formats) or
read from docs/, docs/nb/ and mkdocs.yml, never from the code under test.
"""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from html import unescape
from pathlib import Path

import pytest
from conftest import REPO, build
from published import mkdocs_settings

NB = "nb/"
SITE_URL = mkdocs_settings()["site_url"]
LOCALES = {"en": "en_GB", "nb": "nb_NO"}


def html_pages(root: Path, skip: str | None = None) -> set[str]:
    """Site-relative paths of the HTML pages under root (404.html and the web editor, admin/, left out)."""
    found = set()
    for path in root.rglob("*.html"):
        rel = path.relative_to(root).as_posix()
        if rel == "404.html" or rel.startswith("admin/") or (skip and rel.startswith(skip)):
            continue
        found.add(rel)
    return found


def head_links(html: str) -> dict[str, str]:
    """hreflang -> href of the page's <link rel="alternate" hreflang> elements."""
    found = {}
    for tag in re.findall(r"<link\b[^>]*>", html):
        rel = re.search(r'\brel="([^"]*)"', tag)
        lang = re.search(r'\bhreflang="([^"]*)"', tag)
        href = re.search(r'\bhref="([^"]*)"', tag)
        if rel and "alternate" in rel.group(1).split() and lang and href:
            assert lang.group(1) not in found, f"two hreflang={lang.group(1)} links"
            found[lang.group(1)] = unescape(href.group(1))
    return found


def meta(html: str, prop: str) -> list[str]:
    return re.findall(rf'<meta property="{re.escape(prop)}" content="([^"]*)"', html)


def switcher_links(html: str) -> list[tuple[str, str]]:
    """(href, hreflang) of the links in the header's language switcher."""
    block = re.search(r'<div class="md-header__option nce-language">(.*?)</div>', html, re.S)
    assert block, "no language switcher in the header"
    return re.findall(r'<a href="([^"]*)" hreflang="([^"]*)"', block.group(1))


# ---------------------------------------------------------------- pages and twins

def test_every_hand_written_page_has_a_bokmal_twin_and_the_reverse():
    docs = REPO / "docs"
    english = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
               if not p.relative_to(docs).as_posix().startswith(("nb/", "assets/"))}
    bokmal = {p.relative_to(docs / "nb").as_posix() for p in (docs / "nb").rglob("*.md")}
    assert english, "no English pages found"
    assert english == bokmal, (f"only English: {sorted(english - bokmal)}; "
                               f"only Bokmål: {sorted(bokmal - english)}")


def test_every_built_english_page_has_its_bokmal_twin_and_the_reverse(built_site):
    english = html_pages(built_site, skip=NB)
    bokmal = html_pages(built_site / "nb")
    assert "clusters/nce-media.html" in bokmal and "index.html" in bokmal
    assert english == bokmal, (f"only English: {sorted(english - bokmal)}; "
                               f"only Bokmål: {sorted(bokmal - english)}")


def test_html_lang_and_open_graph_locale_follow_the_language(built_site):
    for lang, prefix in (("en", ""), ("nb", NB)):
        for rel in sorted(html_pages(built_site / prefix, skip=None if prefix else NB)):
            html = (built_site / prefix / rel).read_text(encoding="utf-8")
            assert re.search(rf'<html lang="{lang}"', html), f"{prefix}{rel}: wrong <html lang>"
            assert meta(html, "og:locale") == [LOCALES[lang]], f"{prefix}{rel}: og:locale"
            other = "nb" if lang == "en" else "en"
            assert meta(html, "og:locale:alternate") == [LOCALES[other]], f"{prefix}{rel}: og:locale:alternate"


def test_hreflang_links_point_at_the_same_page_in_each_language_and_at_each_other(built_site):
    checked = 0
    for rel in sorted(html_pages(built_site, skip=NB)):
        english = head_links((built_site / rel).read_text(encoding="utf-8"))
        bokmal = head_links((built_site / NB / rel).read_text(encoding="utf-8"))
        expected = {"en": SITE_URL + rel, "nb": SITE_URL + NB + rel, "x-default": SITE_URL + rel}
        assert english == expected, f"{rel}: {english}"
        assert bokmal == expected, f"{NB}{rel}: {bokmal}"
        checked += 1
    assert checked > 20


def test_canonical_url_of_a_bokmal_page_is_under_nb(built_site):
    html = (built_site / NB / "clusters/nce-media.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}{NB}clusters/nce-media.html">' in html


def test_switcher_links_to_the_same_page_in_the_other_language(built_site):
    for rel in sorted(html_pages(built_site, skip=NB)):
        depth = rel.count("/")
        assert switcher_links((built_site / rel).read_text(encoding="utf-8")) == [("../" * depth + NB + rel, "nb")], rel
        assert switcher_links((built_site / NB / rel).read_text(encoding="utf-8")) == [("../" * (depth + 1) + rel, "en")], rel
        # The link, resolved as a browser would, lands on the twin.
        assert (built_site / rel).parent.joinpath("../" * depth + NB + rel).resolve() == (built_site / NB / rel).resolve()


def test_bokmal_pages_use_the_themes_bokmal_strings_and_bokmal_navigation(built_site):
    html = (built_site / NB / "programme.html").read_text(encoding="utf-8")
    assert 'placeholder="Søk"' in html  # Material's own nb language
    for title in ("Programmet", "Tilgjengelighet", "Les uten nett"):  # nav titles from mkdocs.nb.yml
        assert re.search(rf">\s*{title}\s*<", html), title
    assert 'title="Les denne siden på engelsk"' in html  # the site's catalogue
    english = (built_site / "programme.html").read_text(encoding="utf-8")
    assert 'placeholder="Search"' in english and 'title="Read this page in Norwegian Bokmål"' in english


def test_bokmal_hand_written_pages_edit_their_own_file(built_site):
    html = (built_site / NB / "concepts.html").read_text(encoding="utf-8")
    assert "/edit/main/docs/nb/concepts.md" in html


def test_sitemap_per_language_names_each_page_in_both_languages(built_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for prefix in ("", NB):
        root = ET.parse(built_site / prefix / "sitemap.xml").getroot()
        urls = root.findall("s:url", ns)
        assert len(urls) == len(html_pages(built_site, skip=NB))
        for url in urls:
            loc = url.find("s:loc", ns).text
            assert loc.startswith(SITE_URL + prefix), loc
            rel = loc[len(SITE_URL + prefix):]
            alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
            assert alternates == {"en": SITE_URL + rel, "nb": SITE_URL + NB + rel}, loc


# ---------------------------------------------------------------- search

def _index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_each_language_has_its_own_search_index_with_its_own_pages(built_site):
    english, bokmal = _index(built_site), _index(built_site / "nb")
    assert english["config"]["lang"] == ["en", "no"]
    assert bokmal["config"]["lang"] == ["no"]
    titles = {doc["title"] for doc in bokmal["docs"]}
    # Headings only the Bokmål pages have, none only the English ones have.
    assert {"Tilgjengelighetserklæring", "Begreper", "Les uten nett"} <= titles
    assert not {"Accessibility statement", "Concepts", "Read offline"} & titles
    assert "Tilgjengelighetserklæring" not in {doc["title"] for doc in english["docs"]}
    # Locations are relative to each language's root, so no entry points into the other language.
    assert not any(doc["location"].startswith(NB) for doc in english["docs"])
    assert (built_site / "nb" / "search" / "search_index.js").is_file()  # search from disk


# ---------------------------------------------------------------- offline

def test_offline_zip_holds_both_languages_and_each_offline_page_links_it(built_site):
    with zipfile.ZipFile(built_site / "download" / "nce-site-offline.zip") as bundle:
        names = set(bundle.namelist())
    for needed in ("index.html", "search/search_index.js", "nb/index.html", "nb/search/search_index.js",
                   "nb/offline.html", "nb/clusters/nce-media.html"):
        assert "nce-site/" + needed in names, needed
    assert not (built_site / "nb" / "download").exists(), "one zip for both languages, not one inside nb/"
    for page, href in (("offline.html", "download/nce-site-offline.zip"),
                       ("nb/offline.html", "../download/nce-site-offline.zip")):
        html = (built_site / page).read_text(encoding="utf-8")
        assert f'href="{href}"' in html, page
        assert (built_site / page).parent.joinpath(href).resolve().is_file()


# ---------------------------------------------------------------- the build

def test_strict_build_fails_when_a_page_has_no_bokmal_twin(repo_copy, tmp_path):
    (repo_copy / "docs" / "nb" / "timeline.md").unlink()
    result = build(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/timeline.md has no" in result.stderr and "docs/nb/timeline.md" in result.stderr, result.stderr


def test_a_broken_bokmal_page_fails_the_build_and_leaves_the_previous_site(repo_copy, tmp_path):
    site = tmp_path / "site"
    assert build(repo_copy, site).returncode == 0
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    page = repo_copy / "docs" / "nb" / "concepts.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ site.no_such_thing.at_all }}\n", encoding="utf-8")
    result = build(repo_copy, site)
    assert result.returncode != 0
    assert "docs/nb/concepts.md" in result.stderr, result.stderr
    after = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before, "the previous site was changed"


def test_a_broken_link_on_a_bokmal_page_fails_the_strict_build(repo_copy, tmp_path):
    page = repo_copy / "docs" / "nb" / "timeline.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[finnes ikke](no-such-page.md)\n", encoding="utf-8")
    result = build(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr, result.stderr


# ---------------------------------------------------------------- i18n

@pytest.fixture(scope="module")
def i18n():
    from ncesite import i18n as module
    return module


def test_dates_numbers_and_lists_are_formatted_for_each_language(i18n):
    day = datetime.date(2018, 11, 8)
    assert i18n.format_date(day, "nb") == "8. november 2018"
    assert i18n.format_date(day, "en") == "8 November 2018"
    assert i18n.format_number(1234, "nb") == "1\u00a0234"
    assert i18n.format_number(1234, "en") == "1,234"
    assert i18n.format_list(["Arena", "NCE", "GCE"], "nb") == "Arena, NCE og GCE"
    assert i18n.format_list(["Arena", "NCE", "GCE"], "en") == "Arena, NCE and GCE"
    with pytest.raises(ValueError, match="unknown language 'sv'"):
        i18n.format_date(day, "sv")



def test_a_date_formatted_again_is_the_same_in_its_own_language(i18n):
    """Dates are kept once formatted: the second time gives Babel's words for that language."""
    for _ in range(2):
        assert i18n.format_date(datetime.date(2018, 11, 8), "nb") == "8. november 2018"
        assert i18n.format_date(datetime.date(2018, 11, 8), "en") == "8 November 2018"
        assert i18n.format_partial_date(2018, 11, None, "nb") == "november 2018"
        assert i18n.format_partial_date(2018, 11, None, "en") == "November 2018"
        assert i18n.format_partial_date(2018, 11, 8, "nb") == "8. november 2018"
        assert i18n.format_partial_date(2018, None, None, "nb") == "2018"
        assert i18n.Words("nb").date(datetime.date(2018, 1, 8)) == "8. januar 2018"
        assert i18n.Words("en").date(datetime.date(2018, 1, 8)) == "8 January 2018"

def _po_entries(path: Path) -> dict[str, str]:
    """msgid -> translation (every plural form joined), read with Babel's parser, which
    also reads entries written over several lines."""
    from babel.messages.pofile import read_po

    with path.open("rb") as source:
        catalogue = read_po(source)
    entries = {}
    for message in catalogue:
        if message.id:
            key = message.id if isinstance(message.id, str) else message.id[0]
            forms = [message.string] if isinstance(message.string, str) else list(message.string)
            entries[key] = "|".join(forms) if all(forms) else ""
    return entries


def test_every_extracted_message_has_a_bokmal_translation(i18n):
    locale = REPO / "hooks" / "ncesite" / "locale"
    template = _po_entries(locale / "messages.pot")
    bokmal = _po_entries(locale / "nb" / "LC_MESSAGES" / "messages.po")
    assert template, "no messages extracted"
    missing = sorted(m for m in template if not bokmal.get(m))
    assert not missing, f"no Bokmål text for: {missing}"
    assert i18n.gettext("nb", "Read this page in English") == "Les denne siden på engelsk"
    assert i18n.gettext("en", "Read this page in English") == "Read this page in English"


def test_jinja_templates_get_the_language_messages_and_formats(i18n):
    import jinja2
    env = jinja2.Environment(autoescape=True)
    i18n.install(env, "nb")
    out = env.from_string('{{ _("Read this page in English") }}|{{ day | format_date }}|{{ 1234 | format_number }}'
                          '|{{ ["a", "b"] | format_list }}').render(day=datetime.date(2018, 11, 8))
    assert out == "Les denne siden på engelsk|8. november 2018|1\u00a0234|a og b"



@pytest.mark.parametrize("autoescape", [True, False])
def test_template_messages_are_the_same_as_the_extensions_own(i18n, monkeypatch, autoescape):
    """`_()` and `{% trans %}` give what Jinja's new-style gettext gives (NCE_FAST_PATHS=0),
    values escaped where escaping is on, a message without values as well the second time."""
    import jinja2
    source = ('{{ _("Read this page in English") }}|{{ _("Read this page in English") }}|{{ _("Key facts") }}'
              '|{{ _("Also known as %(names)s.", names=names) }}|{{ _("x %(message)s %(context)s", message=names, '
              'context="<b>") }}|{% trans path=names %}This page is generated from <code>{{ path }}</code>. '
              'Facts are as of the dates given.{% endtrans %}|{% autoescape false %}{{ _("Also known as %(names)s.", '
              'names=names) }}{% endautoescape %}|{{ _("Formerly %(names)s.", names=prose) }}')
    values = {"names": "A & <B>", "prose": jinja2.utils.markupsafe.Markup("<i>kept</i>")}
    out = {}
    for fast in ("1", "0"):
        monkeypatch.setenv("NCE_FAST_PATHS", fast)
        for code in ("en", "nb"):
            env = jinja2.Environment(autoescape=autoescape)
            i18n.install(env, code)
            template = env.from_string(source)
            out[fast, code] = [template.render(values), template.render(values)]
    assert out["1", "nb"] == out["0", "nb"]
    assert out["1", "en"] == out["0", "en"]
    assert out["1", "nb"] != out["1", "en"]
    assert ("A &amp; &lt;B&gt;" in out["1", "en"][0]) == autoescape

# ---------------------------------------------------------------- serve

def test_serve_previews_both_languages_and_rebuilds_bokmal_on_change(repo_copy):
    from test_serve import Server, _edit, _rebuild

    srv = Server(repo_copy)
    try:
        srv.wait_for("Serving on")
        assert '<html lang="nb"' in srv.get("nb/concepts.html")
        assert "Tilgjengelighetserklæring" in srv.get("nb/accessibility.html")
        assert '<html lang="en"' in srv.get("concepts.html")
        _rebuild(srv, lambda: _edit(repo_copy / "docs" / "nb" / "concepts.md", "# Begreper", "# Begreper (endret)"))
        assert "Begreper (endret)" in srv.get("nb/concepts.html")
        _rebuild(srv, lambda: _edit(repo_copy / "mkdocs.nb.yml", "- Begreper: concepts.md", "- Ordliste: concepts.md"))
        assert "Ordliste" in srv.get("nb/programme.html")
    finally:
        srv.stop()
