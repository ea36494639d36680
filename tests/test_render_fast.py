"""hooks/render_fast.py: Markdown once per page skeleton, the sidebar once per folder.

That the site comes out the same with and without them is shown by
tests/test_search_index.py (the whole site built with NCE_FAST_PATHS=0 and compared
file by file). Here: they are used, and only where the result cannot depend on the page.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest
from conftest import BUILD_ENV, IN_PROCESS, REPO

_spec = importlib.util.spec_from_file_location("render_fast_under_test", REPO / "hooks" / "render_fast.py")
render_fast = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_fast)

SKELETONS = [
    "## About\n\n<!--nce-block:0-->\n\n## Sources\n",
    "\n<!--nce-block:0-->\n\n## Milepæler\n\n<!--nce-block:1-->\n\n",
    "",
    "### Status i programmet",
]
NOT_SKELETONS = [
    "## About [the map](map.md)\n",  # a link: MkDocs makes it relative to the page
    "## About\n\nSome text\n",  # a paragraph
    "## About { #about-it }\n",  # an attribute list
    "## A <a href='x.md'>link</a>\n",  # inline HTML
    "## Fish &amp; chips\n",  # an entity
    "![map](map.png)\n",  # an image
    "<!--nce-block:0--> text\n",
    "#Heading without a space\n",
]


@pytest.mark.parametrize("markdown", SKELETONS)
def test_headings_and_placeholders_are_a_skeleton(markdown):
    assert render_fast._SKELETON.fullmatch(markdown)


@pytest.mark.parametrize("markdown", NOT_SKELETONS)
def test_anything_that_could_depend_on_the_page_is_not_a_skeleton(markdown):
    assert not render_fast._SKELETON.fullmatch(markdown)


def test_cluster_pages_reuse_markdown_and_sidebar(tmp_path):
    if IN_PROCESS:
        pytest.skip("builds with MkDocs")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-f", str(REPO / "mkdocs.yml"),
         "-d", str(tmp_path / "site")], cwd=REPO, capture_output=True, text=True, env=BUILD_ENV, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    found = re.findall(r"Skeleton Markdown: (\d+) run, (\d+) reused\. "
                       r"Sidebar outside the navigation: (\d+) rendered, (\d+) reused\. "
                       r"Partials the same in a folder: (\d+) rendered, (\d+) reused\. "
                       r"Tables of contents: (\d+) rendered, (\d+) reused\.", result.stderr)
    assert len(found) == 2  # one line per language
    clusters = len(list((REPO / "data" / "clusters").glob("*.yml")))
    pages = len(list((REPO / "docs").glob("*.md")))
    for (markdown_run, markdown_reused, sidebar_run, sidebar_reused, partial_run, partial_reused,
         toc_run, toc_reused) in (map(int, f) for f in found):
        # Every cluster page is a skeleton; they share a few (sections left out when empty).
        assert markdown_run + markdown_reused >= clusters
        assert markdown_reused > 3 * markdown_run
        # Cluster and partner pages: one sidebar per folder.
        assert sidebar_run == 2
        assert sidebar_run + sidebar_reused >= clusters
        # Seven partials and five blocks of the page template on every page, each rendered once per
        # folder: the site root, clusters/, partners/ and reference/.
        assert partial_reused > 10 * (clusters + pages)
        assert partial_run <= 12 * 4
        # Every page's table of contents; cluster pages with the same sections share one.
        assert toc_run + toc_reused >= clusters + pages
        assert toc_reused > toc_run
