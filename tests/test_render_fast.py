"""hooks/render_fast.py: Markdown once per page skeleton, the sidebar once per folder.

That the site comes out the same with and without them is shown by
tests/test_search_index.py (the whole site built with NCE_FAST_PATHS=0 and compared
file by file). Here: they are used, and only where the result cannot depend on the page.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys

import pytest
from conftest import BUILD_ENV, IN_PROCESS, REPO
from test_reproducible import differences

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


# Rebuilds as `mkdocs serve` makes them, in one process (its plugins told they serve, the
# configuration loaded anew each time), each written to its own folder, with edits between them.
SERVE_REBUILDS = """
import json
import logging
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s")
logging.getLogger("mkdocs.hooks.render_fast").setLevel(logging.DEBUG)
logging.getLogger("mkdocs.hooks.search_fast").setLevel(logging.DEBUG)
repo, out, steps = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
for number, (path, old, new) in enumerate(steps):
    if path:
        source = repo / path
        text = source.read_text(encoding="utf-8")
        assert old in text, (path, old)
        source.write_text(text.replace(old, new, 1), encoding="utf-8")
    config = load_config(config_file=str(repo / "mkdocs.yml"), site_dir=str(out / str(number)))
    if number == 0:
        config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = "http://127.0.0.1:8000/nce-site/"
    logging.getLogger("rebuilds").info("=== rebuild %d", number)
    build(config, serve_url=config.site_url)
"""


def _serve_rebuilds(repo, out, steps, **env):
    originals = {path: ((repo / path).read_bytes(), (repo / path).stat()) for path, _, _ in steps if path}
    result = subprocess.run([sys.executable, "-c", SERVE_REBUILDS, str(repo), str(out), json.dumps(steps)],
                            cwd=repo, capture_output=True, text=True, env={**BUILD_ENV, **env}, timeout=600)
    for path, (content, stat) in originals.items():  # as before, for the next run
        (repo / path).write_bytes(content)
        os.utime(repo / path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr.split("=== rebuild ")[1:]  # each rebuild's messages, both languages


def test_what_serving_keeps_gives_the_same_site_and_the_same_warnings(repo_copy, tmp_path):
    if IN_PROCESS:
        pytest.skip("builds with MkDocs")
    cluster = next(p for p in sorted((repo_copy / "data" / "clusters").glob("*.yml"))
                   if "\ncity: " in p.read_text(encoding="utf-8"))
    broken = "\n\nSee [the missing page](no-such-page.md).\n"
    steps = [
        (None, None, None),
        (None, None, None),  # nothing changed
        ("docs/concepts.md", "\n## ", "\nA paragraph added while serving.\n\n## "),  # a hand-written page
        (cluster.relative_to(repo_copy).as_posix(), "\ncity: ", "\ncity: Edited "),  # a data file
        ("docs/timeline.md", "\n## ", broken + "\n## "),  # a broken link, in both languages
        ("docs/nb/timeline.md", "\n## ", broken + "\n## "),
        (None, None, None),  # the same warnings again
    ]
    kept = _serve_rebuilds(repo_copy, tmp_path / "kept", steps)
    plain = _serve_rebuilds(repo_copy, tmp_path / "plain", steps, NCE_FAST_PATHS="0")
    assert len(kept) == len(plain) == len(steps)
    for number in range(len(steps)):
        assert differences(tmp_path / "kept" / str(number), tmp_path / "plain" / str(number)) == [], number

    def warnings(messages):
        return sorted(line for line in messages.splitlines() if line.startswith("WARNING"))

    assert [warnings(m) for m in kept] == [warnings(m) for m in plain]
    for number in (4, 5, 6):
        assert sum("no-such-page.md" in line for line in warnings(kept[number])) == (1 if number == 4 else 2)
    # The pages were kept: both languages reuse every hand-written page when nothing changed.
    pages = len(list((repo_copy / "docs").glob("*.md")))
    counts = [sorted((int(run), int(reused)) for run, reused in re.findall(
        r"Hand-written pages kept while serving: (\d+) rendered, (\d+) reused", m)) for m in kept]
    assert all(len(c) == 2 for c in counts)  # one line per language
    assert [reused for _, reused in counts[0]] == [0, 0]
    assert [run for run, _ in counts[1]] == [0, 0] and min(reused for _, reused in counts[1]) >= pages
    assert [run for run, _ in counts[2]] == [0, 1]  # the edited page alone, in English
    # The search sections were kept: when nothing changed, no page is read again in either
    # language (the Bokmål ones came back to the server from the child process that made them,
    # for the next child); after an edit, only the pages it changed.
    searched = [sorted((int(read), int(reused)) for read, reused in re.findall(
        r"Search sections while serving: (\d+) pages read, (\d+) kept", m)) for m in kept]
    assert all(len(c) == 2 for c in searched)  # one line per language
    assert [reused for _, reused in searched[0]] == [0, 0]
    for number in (1, 6):
        assert [read for read, _ in searched[number]] == [0, 0], number
        assert min(reused for _, reused in searched[number]) >= pages, number
    assert [read for read, _ in searched[2]] == [0, 1]  # the edited page alone, in English
    assert all(0 < read < reused for read, reused in searched[3])  # the data edit: a few pages in each language
    # Skeletons kept: when nothing changed, neither language converts one.
    skeletons = [sorted(int(run) for run in re.findall(r"Skeleton Markdown: (\d+) run", m)) for m in kept]
    assert min(skeletons[0]) > 0 and skeletons[1] == skeletons[6] == [0, 0]
