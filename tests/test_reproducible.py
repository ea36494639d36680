"""Two builds of the same sources give byte-identical sites.

Both builds run with SOURCE_DATE_EPOCH set (tests/conftest.py BUILD_ENV), which
MkDocs uses for the sitemap dates and the gzip header of sitemap.xml.gz and the
offline bundle uses for its zip entries. The second build runs from a copy of the
repository in another folder (a clone with the same history, so the dates on which
data files last changed are the same), with another time zone and hash seed, so
output that depends on where, when or in which process the site was built shows up too.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import BUILD_ENV, REPO, copy_repo


def _build(repo: Path, site: Path, **env: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(repo / "mkdocs.yml"), "-d", str(site)],
        cwd=repo, capture_output=True, text=True, env={**BUILD_ENV, **env}, timeout=300,
    )
    assert result.returncode == 0, result.stderr


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    a, b = _files(first), _files(second)
    problems = [f"only in the first build: {name}" for name in sorted(a - b)]
    problems += [f"only in the second build: {name}" for name in sorted(b - a)]
    problems += [f"differs: {name}" for name in sorted(a & b)
                 if not filecmp.cmp(first / name, second / name, shallow=False)]
    return problems


def elsewhere(target: Path) -> Path:
    """A copy of the repository in another folder, with its history: pages say when each data file
    last changed, from Git, so the copy is a clone with the working files copied over it (changes
    not committed stay changes in both). Without a repository, a plain copy."""
    clone = subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(target)],
                           capture_output=True, text=True, check=False)
    if clone.returncode != 0:
        return copy_repo(target)
    for name in ("docs", "data", "hooks", "overrides"):
        shutil.rmtree(target / name, ignore_errors=True)
    return copy_repo(target)


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    _build(REPO, first, TZ="UTC", PYTHONHASHSEED="1")
    _build(elsewhere(tmp_path / "elsewhere" / "repo"), second, TZ="Pacific/Auckland", PYTHONHASHSEED="2")
    problems = differences(first, second)
    assert not problems, (f"{len(problems)} file(s) differ between two builds of the same sources:\n"
                          + "\n".join(problems))
