"""The site's search sections are Material's, byte for byte.

The site's plugin has Material's search plugin divide pages into search sections with
ncesite.search_sections (ncesite.mkdocs.seams) instead of Material's html.parser-based
Parser. Here both read the same HTML: tricky fragments first, then the whole site, built with and without the fast paths
(NCE_FAST_PATHS=0), must come out the same in every file, the search indexes included.
"""

from __future__ import annotations

import pytest
from conftest import BUILD_ENV, REPO
from material.plugins.search.plugin import Parser
from test_reproducible import _build, differences

from ncesite.search_sections import sections

FRAGMENTS = [
    '<h1 id="x">Title<a class="headerlink" href="#x" title="Permanent link">&para;</a></h1><p>a &amp; b &lt;c&gt;</p>',
    '<p>before any heading</p>\n<h2 id="a">A</h2>\n<p>x</p>\n<h3 id="b">B <code>c</code></h3><p>y</p>',
    '<div class="wrap"><h2 id="n">Nested</h2><p>inside</p></div>\n<p>after the wrapper</p><h2 id="m">M</h2>',
    '<h1>No id</h1><h2>Also none</h2><p>text</p>',
    '<pre><code>a\n  b\n\n</code></pre>\n\n<p>one\ntwo</p>',
    '<div data-search-exclude><p>hidden</p><div><p>nested div</p></div><p>still?</p></div><p>seen</p>',
    '<h2 id="gone" data-search-exclude>Gone</h2><p>under it</p><h2 id="kept">Kept</h2><p>t</p>',
    '<svg viewBox="0 0 1 1"><path d="M0 0"/><title>Chart</title></svg><p>t</p>',
    '<p> </p><ul><li>one</li><li></li><li> <strong>two</strong> </li></ul><ol><li>3</li></ol>',
    '<p>a<br>b<img src="x.png" alt="y"><br/>c</p><hr>',
    '<details open><summary>S</summary><p title="a&amp;b" data-x="">x</p></details>',
    '<P CLASS="Up">Upper</P><Div>d</DIV>',
    '<table><tr><td class="linenodiv"><pre>1\n2</pre></td><td><pre>code\n</pre></td></tr></table>',
    '<p>sub<sub>2</sub> sup<sup>3</sup> &nbsp; &#8212; &unknown; &amp</p>',
    '<dl><dt>Term</dt> <dd>Def</dd></dl>\n\n\n<table><caption>C</caption><tr><th scope="row">H</th></tr></table>',
    '',
    'plain text only',
    '<h2 id="t"><span>Split</span> <em>title</em><a class="headerlink" href="#t">&para;</a></h2>text after',
    # <script> and <style> with no "<" inside: raw text for html.parser, skipped by both.
    '<p>a</p><script>document.currentScript.previousElementSibling.hidden = false;</script><p>b</p>',
    '<h2 id="x">X</h2><script src="a.js"></script><p>t &amp; u</p>',
    '<div><style>p { color: red }</style><p>in</p></div><h2 id="y">Y</h2>',
    '<SCRIPT>a &amp; b</SCRIPT ><p>z</p>',
    "<style>p > a {}</style>",
    '<li><script>1</script></li><h3 id="k">K<script>t</script></h3><p><script>  </script>inline</p>',
    # A ">" inside an attribute's quotes does not end its tag; in text it is escaped.
    '<p title="a>b">x > y</p><h2 id="q>r">Q<a class="headerlink" href="#q>r">&para;</a></h2><p>1 >= 0</p>',
    '<div data-x=">" data-search-exclude><p>hidden</p></div><p>seen > </p><img alt=">>" src="i.png">',
    '<STYLE type="text/css">a > b {}</STYLE><H2 ID="U" Class="x>">Up</H2><p>&lt;b&gt; not a tag &gt; &amp;</p>',
    # Text before the first tag and after the last; self-closing and void tags, excluded or not.
    'text before <b>bold</b> and after',
    '<p>a</p>\n<pre>  x &lt; y\n\n</pre>trailing\n  ',
    '<img src="a.png" alt="x"/><br /><div class="linenodiv"/><p>after</p><div data-search-exclude/><p>z</p>',
    # The same tags again: what was learnt of a tag on the way is used again.
    '<p>one</p><p title="a>b">x</p>\n<p>two</p><p title="a>b">y</p><td data-label="N">3</td>' * 2,
]
OUTSIDE_THE_SUBSET = [
    "<!-- a comment --><p>x</p>",
    "<p>x</p><script>if (1 < 2) {}</script>",
    "<p>x</p><script>unclosed",
    "<p>x</p></script><p>y</p>",
    "<script/><p>q</p>",
    "<script>x</style><p>q</p>",
    "<p>a < b</p>",
    "<p class='single'>quotes</p>",
    "<p>x</p ><p>y</p foo>",
    "<!DOCTYPE html><p>x</p>",
    '<p title="a<b">a "<" in an attribute</p>',
    "<p>x</p><",
    "<p>x</p><p",
    '<p title="x>y</p>',
    "<style>x</style",
    "<p>x</p><P/ >",
    "<script><script/><p>q</p>",
]


def _material(html: str) -> list[tuple]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text) for s in parser.data]


@pytest.mark.parametrize("html", FRAGMENTS)
def test_sections_of_a_fragment_are_materials(html):
    found = sections(html)
    assert found is not None
    assert [(s.tag, s.attrs, s.depth, s.id, s.title, s.text) for s in found] == _material(html)


def test_sections_do_not_depend_on_the_pages_read_before():
    from ncesite import search_sections

    first = [sections(html) for html in FRAGMENTS + OUTSIDE_THE_SUBSET]
    search_sections._TAGS.clear()
    assert [sections(html) for html in reversed(FRAGMENTS + OUTSIDE_THE_SUBSET)] == first[::-1]
    # A tag's attributes are read once, but each section gets its own copy of its heading's.
    one, two = sections('<h2 id="a">A</h2>'), sections('<h2 id="a">A</h2>')
    assert one == two and one[0].attrs is not two[0].attrs


@pytest.mark.parametrize("html", OUTSIDE_THE_SUBSET)
def test_html_outside_the_subset_goes_to_materials_parser(html):
    assert sections(html) is None


def test_the_site_is_the_same_with_and_without_the_fast_paths(built_site, tmp_path):
    site = tmp_path / "site"
    _build(REPO, site, **{**BUILD_ENV, "NCE_FAST_PATHS": "0"})
    assert (site / "search" / "search_index.json").read_bytes() == (built_site / "search" / "search_index.json").read_bytes()
    assert (site / "nb" / "search" / "search_index.json").read_bytes() == \
        (built_site / "nb" / "search" / "search_index.json").read_bytes()
    assert differences(built_site, site) == []


def test_the_search_plugin_uses_the_fast_index():
    from mkdocs.config import load_config

    from ncesite.mkdocs import seams

    config = load_config(str(REPO / "mkdocs.yml"))
    search = config.plugins["material/search"]
    search.on_config(config)
    assert seams.enabled(True, "mkdocs-material") and not seams.enabled(False, "mkdocs-material")
    seams.speed_up_search(config)
    assert type(search.search_index).__name__ == "SectionedSearchIndex"


def test_on_a_version_not_verified_the_plain_path_is_taken_and_said_once(monkeypatch, caplog):
    from ncesite.mkdocs import seams

    monkeypatch.setattr(seams, "VERIFIED", {**seams.VERIFIED, "mkdocs-material": ("0.0.1",)})
    seams.verified.cache_clear()
    try:
        with caplog.at_level("INFO", logger="mkdocs.plugins.ncesite"):
            assert not seams.enabled(True, "mkdocs-material")
            assert not seams.enabled(True, "mkdocs-material")
            assert seams.enabled(True, "mkdocs")
        lines = [r.getMessage() for r in caplog.records if "internals is off" in r.getMessage()]
        assert len(lines) == 1 and "0.0.1" in lines[0] and "mkdocs-material" in lines[0]
    finally:
        seams.verified.cache_clear()


def test_generated_pages_are_read_by_the_fast_path(built_site):
    """Their HTML stays inside the subset search_sections reads (else they would cost the slow parser)."""
    pages = sorted([*(built_site / "clusters").glob("*.html"), *(built_site / "partners").glob("*.html")])
    pages = [p for p in pages if p.name != "index.html"]
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        body = html[html.index(">", html.index('<article class="md-content__inner')) + 1:html.rindex("</article>")]
        assert sections(body) is not None, page.name


# --- what a result shows -------------------------------------------------------------------

def test_a_section_shows_the_first_sentence_of_its_first_paragraph():
    from ncesite.search_sections import first_sentence

    assert first_sentence("<p>Klynger etter nivå per 8. november 2018. Tidligere klynger gikk ut.</p>") == \
        "Klynger etter nivå per 8. november 2018."
    assert first_sentence("Level From To Arena 2010 <p>How it grew, round by round. More.</p>") == \
        "How it grew, round by round."
    assert first_sentence("<ul><li>Every page is checked. Always.</li></ul>") == "Every page is checked."
    assert first_sentence("Levels held by X Level From To Arena 2010 18 June 2014") == ""  # a table: nothing
    long = "<p>" + "word " * 80 + "end.</p>"
    assert first_sentence(long).endswith("…") and len(first_sentence(long)) <= 241


def test_each_entry_shows_its_teaser_and_keeps_its_whole_text_searchable():
    from ncesite.search_sections import page_teaser, with_teasers

    entries = [{"location": "clusters/x.html", "title": "X", "text": "X <p>NCE cluster.</p> City Bergen County"},
               {"location": "clusters/x.html#about", "title": "About", "text": "<p>X makes media. It is old.</p>"},
               {"location": "stats.html#t", "title": "T", "text": "Level From To 2010"}]
    with_teasers(entries, {"clusters/x.html": page_teaser({"description": "X makes media &amp; more."}, "en")})
    assert [e["text"] for e in entries] == ["X makes media &amp; more.", "X makes media.", ""]
    assert [e["more"] for e in entries] == ["X <p>NCE cluster.</p> City Bergen County", "<p>X makes media. It is old.</p>",
                                           "Level From To 2010"]
    # An English description on a Bokmål page is marked as the site marks English everywhere,
    # and so is a first sentence taken from an English text the page marks.
    assert page_teaser({"description": "In English.", "description_lang": "en"}, "nb") == \
        '<span lang="en">In English.</span> <span class="nce-fallback">(engelsk)</span>'
    from ncesite.search_sections import fallback_texts

    page = '<p><span lang="en">Made in English. Really.</span> <span class="nce-fallback">(engelsk)</span></p>'
    entries = [{"location": "x.html#om", "title": "Om", "text": "<p>Made in English. Really. (engelsk)</p>"}]
    with_teasers(entries, {}, fallbacks={"x.html": fallback_texts(page)}, language="nb")
    assert entries[0]["text"] == '<span lang="en">Made in English.</span> <span class="nce-fallback">(engelsk)</span>'


def test_the_search_configuration_lists_the_field_that_keeps_the_whole_text():
    import yaml

    for name in ("mkdocs.yml", "mkdocs.nb.yml"):
        text = (REPO / name).read_text(encoding="utf-8")
        plugins = yaml.safe_load(text.replace("!ENV", ""))["plugins"]
        search = next(p["search"] for p in plugins if isinstance(p, dict) and "search" in p)
        assert "more" in search["fields"], name
