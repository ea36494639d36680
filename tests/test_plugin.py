"""The site's MkDocs plugin as a user meets it: `mkdocs build` writes the whole site or nothing,
two builds into one folder do not mix, no two sources write one page, the site's files have the
modes any web server can serve, and a build leaves nothing in the shared temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_ENV, build
from test_reproducible import differences


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _leftovers(site: Path) -> list[str]:
    """Folders a build made beside the site and did not remove."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}-"))


def test_refuses_dirty(repo_copy, tmp_path):
    result = build(repo_copy, tmp_path / "site", "--dirty")
    assert result.returncode != 0
    assert "--dirty` is not supported" in result.stderr and "Traceback" not in result.stderr


def test_every_folder_and_file_has_the_modes_any_new_file_gets(built_site):
    """Readable by a web server that runs as another user: the Bokmål folder included (it is
    built in a folder of its own before it is moved in)."""
    mask = _umask()
    wrong = []
    for path in [built_site, *built_site.rglob("*")]:
        expected = (0o777 if path.is_dir() else 0o666) & ~mask
        if path.stat().st_mode & 0o777 != expected:
            wrong.append(f"{path.relative_to(built_site).as_posix() or '.'}: {oct(path.stat().st_mode & 0o777)}")
    assert (built_site / "nb" / "index.html").is_file()
    assert wrong == [], wrong[:10]
    assert _leftovers(built_site) == []


@pytest.mark.parametrize("what, change, message", [
    ("a broken link on an English page (a strict warning)", lambda repo: _append(
        repo / "docs" / "concepts.md", "\n[Nowhere](no-such-page.md)\n"), "no-such-page.md"),
    ("a broken link on a Bokmål page", lambda repo: _append(
        repo / "docs" / "nb" / "concepts.md", "\n[Ingensteds](finnes-ikke.md)\n"), "finnes-ikke.md"),
    ("a template error on a Bokmål page", lambda repo: _append(
        repo / "docs" / "nb" / "concepts.md", "\n{{ site.no_such_thing.at_all }}\n"), "docs/nb/concepts.md"),
    ("a data error", lambda repo: _replace(
        repo / "data" / "clusters" / "nce-eyde.yml", "from: 2015-06-12", "from: 2015-13-12"), "status[1].from"),
])
def test_a_failed_build_leaves_the_previous_site_as_it_was(repo_copy, tmp_path, what, change, message):
    site = tmp_path / "out" / "site"
    assert build(repo_copy, site).returncode == 0
    previous = tmp_path / "previous"
    shutil.copytree(site, previous)
    change(repo_copy)
    result = build(repo_copy, site)
    assert result.returncode != 0, what
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert differences(previous, site) == [], what
    assert _leftovers(site) == [], what


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_two_builds_into_one_folder_at_once_give_one_whole_site(repo_copy, tmp_path):
    """Each build writes a folder of its own and puts it in place whole: never a traceback, and
    the folder ends up as one build or the other made it, never a mixture."""
    other = tmp_path / "other"
    shutil.copytree(repo_copy, other)
    _replace(other / "data" / "clusters" / "nce-eyde.yml", "city: Arendal", "city: Arendal sentrum")
    alone = {}
    for name, repo in (("first", repo_copy), ("second", other)):
        alone[name] = tmp_path / f"alone-{name}"
        assert build(repo, alone[name]).returncode == 0
    assert differences(alone["first"], alone["second"]) != []  # the two are told apart
    site = tmp_path / "shared" / "site"
    for _ in range(3):
        running = [subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(repo / "mkdocs.yml"), "-d", str(site)],
            cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=BUILD_ENV)
            for repo in (repo_copy, other)]
        for process in running:
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0 and "Traceback" not in err, err
        assert [] in (differences(alone["first"], site), differences(alone["second"], site))
        assert _leftovers(site) == []


def test_a_build_writes_nothing_to_the_temporary_or_a_cache_folder(repo_copy, tmp_path):
    """No file with a name another user could guess in a shared folder, and no cache (of code
    or anything else) that a later build would read back."""
    folders = {name: tmp_path / name for name in ("tmp", "home", "cache")}
    for folder in folders.values():
        folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(repo_copy / "mkdocs.yml"),
         "-d", str(tmp_path / "site")], cwd=repo_copy, capture_output=True, text=True, timeout=300,
        env={**BUILD_ENV, "TMPDIR": str(folders["tmp"]), "HOME": str(folders["home"]),
             "XDG_CACHE_HOME": str(folders["cache"])})
    assert result.returncode == 0, result.stderr
    assert {name: sorted(p.name for p in folder.rglob("*")) for name, folder in folders.items()} == \
        {name: [] for name in folders}


def _rename_cluster(repo: Path, slug: str, new: str) -> None:
    old = repo / "data" / "clusters" / f"{slug}.yml"
    text = old.read_text(encoding="utf-8").replace(f"slug: {slug}\n", f"slug: {new}\n", 1)
    old.unlink()
    (repo / "data" / "clusters" / f"{new}.yml").write_text(text, encoding="utf-8")


def _slug_line(path: Path) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("slug:"))


@pytest.mark.parametrize("slug, page, other", [("index", "clusters/index.html", "docs/clusters/index.md"),
                                               ("map", "clusters/map.html", "docs/clusters/map.md")])
def test_a_cluster_cannot_take_the_address_of_a_hand_written_page(repo_copy, tmp_path, slug, page, other):
    _rename_cluster(repo_copy, "nce-eyde", slug)
    site = tmp_path / "site"
    result = build(repo_copy, site)
    assert result.returncode != 0
    line = _slug_line(repo_copy / "data" / "clusters" / f"{slug}.yml")
    # Whichever language is built first names its own page (docs/ or docs/nb/).
    assert re.search(rf"data/clusters/{slug}\.yml:{line}: slug: the page {page} is also written from "
                     rf"{other.replace('docs/', 'docs/(nb/)?')}; expected a slug", result.stderr), result.stderr
    assert "Traceback" not in result.stderr and not site.exists()


def test_a_partner_cannot_take_the_address_of_the_partners_page(repo_copy, tmp_path):
    partners = repo_copy / "data" / "partners"
    text = (partners / "siva.yml").read_text(encoding="utf-8")
    text = text.replace("slug: siva\n", "slug: index\n", 1)
    text = "\n".join(f"name: Another {line[6:]}" if line.startswith("name: ") else line for line in text.splitlines())
    (partners / "index.yml").write_text(text + "\n", encoding="utf-8")
    result = build(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "data/partners/index.yml:" in result.stderr
    assert re.search(r"slug: the page partners/index.html is also written from docs/(nb/)?partners/index.md",
                     result.stderr)


def test_a_hand_written_file_cannot_take_the_address_of_the_open_data(repo_copy, tmp_path):
    (repo_copy / "docs" / "open-data").mkdir()
    (repo_copy / "docs" / "open-data" / "clusters.csv").write_text("slug\nx\n", encoding="utf-8")
    result = build(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/open-data/clusters.csv: the file open-data/clusters.csv is also written by the open data" \
        in result.stderr


# Builds as `mkdocs serve` makes them: started as serving, two builds in one process (the second a
# rebuild), with the server's address; the further languages then come from the worker.
AS_SERVED = """
import logging
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig(level=logging.INFO)


def config():
    return load_config(sys.argv[1], site_dir=sys.argv[2])

first = config()
first.plugins.on_startup(command="serve", dirty=False)
try:
    for _ in range(2):
        build(config(), serve_url="http://127.0.0.1:8000/nce-site/")
finally:
    first.plugins.on_shutdown()
"""


def test_a_preview_is_the_same_site_with_and_without_the_speed_ups(tmp_path):
    """While serving, Bokmål is built by a worker process beside English and a save is noticed
    sooner; the pages come out the same as from the plain path (NCE_FAST_PATHS=0)."""
    from conftest import REPO

    sites, logs = {}, {}
    for name, fast in (("fast", "1"), ("plain", "0")):
        sites[name] = tmp_path / name
        result = subprocess.run([sys.executable, "-c", AS_SERVED, str(REPO / "mkdocs.yml"), str(sites[name])],
                                cwd=REPO, capture_output=True, text=True, env={**BUILD_ENV, "NCE_FAST_PATHS": fast},
                                timeout=300)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        logs[name] = result.stderr
    assert "beside the English ones" in logs["fast"] and "beside the English ones" not in logs["plain"]
    assert (sites["fast"] / "nb" / "index.html").is_file()
    assert differences(sites["plain"], sites["fast"]) == []
