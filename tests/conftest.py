"""Shared fixtures: the repository, copies of it to break, and built sites."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SITE_INPUTS = ("docs", "data", "hooks", "overrides", "mkdocs.yml", "mkdocs.nb.yml")
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764115200"}
# NCE_TESTS_IN_PROCESS=1 runs the data check in this process instead of a new Python and skips
# tests that need a MkDocs build, so a mutation run (tests/README.md) sees its changes to the
# package. CI runs neither way round: it builds and validates as editors do.
IN_PROCESS = os.environ.get("NCE_TESTS_IN_PROCESS") == "1"


def copy_repo(target: Path) -> Path:
    """Copy what a build reads into `target`, so a test can change data freely."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("data",) if IN_PROCESS else SITE_INPUTS:  # in-process tests read data/ only
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def build(repo: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` for `repo` into `site_dir`, as an editor or CI would."""
    if IN_PROCESS:
        pytest.skip("builds with MkDocs; NCE_TESTS_IN_PROCESS=1 runs the in-process tests only")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(repo / "mkdocs.yml"), "-d", str(site_dir), *extra],
        cwd=repo, capture_output=True, text=True, env=BUILD_ENV, timeout=300,
    )


def validate(repo: Path) -> subprocess.CompletedProcess:
    """Run the standalone data check, as pre-commit and CI do."""
    command = [sys.executable, "-m", "ncesite", "validate", "--data", str(repo / "data")]
    if IN_PROCESS:
        from ncesite.__main__ import main

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(command[3:])
        return subprocess.CompletedProcess(command, code, out.getvalue(), err.getvalue())
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, env=BUILD_ENV, timeout=120)


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real repository built once per test session."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(params=["built", "generated"])
def published(request):
    """The real data's pages and files: as MkDocs built them, and as the generator makes them in
    this process (no MkDocs; the form the mutation run uses). See tests/published.py."""
    from published import BuiltSite, generated

    if request.param == "built":
        return BuiltSite(request.getfixturevalue("built_site"))
    return generated()
