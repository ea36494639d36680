"""The page kinds (ncesite.pages): each declared once, with its URL, template, view and
edit path; and the rule their templates state, "only finished HTML between headings"."""

from __future__ import annotations

import re

import jinja2
import markdown
import pytest
from conftest import REPO
from published import mkdocs_settings

from ncesite import generate
from ncesite.loader import load_site_data
from ncesite.pages import PAGE_KINDS

RULE = "Only finished HTML between headings"
EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in
              mkdocs_settings()["markdown_extensions"]]


@pytest.fixture(scope="module")
def build():
    env = generate.make_environment(jinja2.FileSystemLoader(str(REPO / "overrides")))
    return generate.generate_site(load_site_data(REPO / "data"), env, site_url="https://example.org/")


def test_each_kind_makes_one_page_per_data_file_that_edits_that_file(build):
    pages = {page.path: page for page in build.pages}
    for kind in PAGE_KINDS:
        files = sorted((REPO / "data" / kind.folder).glob("*.yml"))
        assert files, kind.name
        for path in files:
            page = pages[f"{kind.folder}/{path.stem}.md"]
            assert page.edit_path == f"data/{kind.folder}/{path.name}"
            assert kind.url(path.stem) == f"{kind.folder}/{path.stem}.html"


def test_a_generator_given_fewer_kinds_makes_only_their_pages():
    env = generate.make_environment(jinja2.FileSystemLoader(str(REPO / "overrides")))
    only = generate.generate_site(load_site_data(REPO / "data"), env, page_kinds=PAGE_KINDS[:1])
    assert {page.path.split("/")[0] for page in only.pages} == {PAGE_KINDS[0].folder}


@pytest.mark.parametrize("kind", PAGE_KINDS, ids=lambda kind: kind.name)
def test_the_template_states_the_rule(kind):
    assert RULE in (REPO / "overrides" / kind.template).read_text(encoding="utf-8")


def _html(text: str) -> str:
    return re.sub(r">\s+<", "><", markdown.Markdown(extensions=EXTENSIONS).convert(text)).strip()


def test_markdown_of_headings_alone_gives_the_same_page(build):
    """Setting the HTML between headings aside changes nothing: each page converts to the
    same HTML as when Markdown reads all of it (so it holds no Markdown of its own)."""
    checked = 0
    for page in build.pages:
        if not page.html_between_headings:
            continue
        body = page.content
        headings, blocks = generate.split_html_blocks(body)
        assert all(line.startswith("#") or line.startswith("<!--nce-block:") for line in headings.splitlines() if line.strip())
        split = re.sub(r">\s+<", "><", generate.join_html_blocks(markdown.Markdown(extensions=EXTENSIONS).convert(headings),
                                                                  blocks)).strip()
        assert split == _html(body), page.path
        checked += 1
    assert checked == sum(len(kind.items(load_site_data(REPO / "data"))) for kind in PAGE_KINDS)
