"""A fork publishes under its own address and edits its own repository.

mkdocs.yml reads the site's address, the repository and the edit links from NCE_SITE_URL,
NCE_REPO_URL and NCE_EDIT_URI (GitHub Actions sets them from the Pages settings and
github.repository), with the main repository's values when they are unset.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import BUILD_ENV, REPO

FORK = {
    "NCE_SITE_URL": "https://someone.github.io/klynger/",
    "NCE_REPO_URL": "https://github.com/someone/klynger",
    "NCE_EDIT_URI": "https://github.com/someone/klynger/edit/trunk/docs/",
}
# Today's values, which a build with none of the variables set keeps.
DEFAULT_SITE = "https://nce-site.github.io/nce-site/"
DEFAULT_REPO = "https://github.com/nce-site/nce-site"


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory):
    from conftest import IN_PROCESS

    if IN_PROCESS:
        pytest.skip("builds with MkDocs")
    site = tmp_path_factory.mktemp("fork") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
                             "-d", str(site)], cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={**BUILD_ENV, **FORK})
    assert result.returncode == 0, result.stderr
    return site


def test_a_fork_build_uses_the_fork_address_everywhere(fork_site):
    page = (fork_site / "clusters" / "nce-media.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://someone.github.io/klynger/clusters/nce-media.html">' in page
    assert 'href="https://github.com/someone/klynger/edit/trunk/data/clusters/nce-media.yml"' in page
    assert re.search(r'<a href="https://github.com/someone/klynger" title="[^"]*" class="md-source"', page)
    nb_page = (fork_site / "nb" / "clusters" / "nce-media.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://someone.github.io/klynger/nb/clusters/nce-media.html">' in nb_page
    sitemap = (fork_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(FORK["NCE_SITE_URL"]) for loc in locations)
    for path in fork_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "nce-site.github.io" not in text and "github.com/nce-site/" not in text, path


def test_without_the_variables_the_main_repository_is_used(built_site):
    if any(os.environ.get(name) for name in FORK):
        pytest.skip("the NCE_* addresses are set in this environment")
    page = (built_site / "clusters" / "nce-media.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{DEFAULT_SITE}clusters/nce-media.html">' in page
    assert f'href="{DEFAULT_REPO}/edit/main/data/clusters/nce-media.yml"' in page


def test_the_repository_link_asks_no_other_host_for_its_figures(built_site):
    # Material's script fetches a repository's stars and forks from GitHub's API for the
    # element marked data-md-component="source"; the site's own partial leaves the mark out.
    page = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{DEFAULT_REPO}"' in page
    assert 'data-md-component="source"' not in page
