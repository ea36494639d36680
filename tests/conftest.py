"""Shared fixtures: the repository, copies of it to break, and built sites."""

from __future__ import annotations

import contextlib
import io
import json
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


# In the in-process mode a copy to break keeps only the clusters the tests edit or name: every
# data check reads every file, and the real data's validity is tested on its own (test_validation.py).
IN_PROCESS_CLUSTERS = ("nce-eyde", "nce-media", "gce-node")


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    repo = copy_repo(tmp_path / "repo")
    if IN_PROCESS:
        for path in (repo / "data" / "clusters").glob("*.yml"):
            if path.stem not in IN_PROCESS_CLUSTERS:
                path.unlink()
    return repo


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


def _forget_package_caches() -> None:
    """Forget what the loader and the exports work out once per process (the converters of the
    model's fields, the schema's field lists), so that the code doing it runs again."""
    from ncesite import loader, opendata

    for cached in (loader._plan, loader._top_fields, loader._date_fields, opendata._fields):
        cached.cache_clear()


def pytest_sessionstart(session):
    """In a mutation run, each mutant's tests run in a process forked from one that has loaded the
    data already: without this, a mutant of code the caches hold would never be switched on."""
    if "__mutmut_" in os.environ.get("MUTANT_UNDER_TEST", ""):
        _forget_package_caches()


def pytest_runtest_setup(item):
    """While mutmut records which tests reach which function (MUTANT_UNDER_TEST=stats), every test
    must run that code itself to be counted, as tests/published.py's `generated` does."""
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        _forget_package_caches()


def pytest_collection_modifyitems(items):
    """In a mutation run (tests/mutation/run), try each mutant on the quickest tests first: the run
    stops at the first failure, so a mutant that many tests catch is caught sooner. Tests stay
    grouped by file, so fixtures made once per file are not made again; files go in the order
    of their tests' mean time in the clean run (mutmut records it), then tests by their own time."""
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        return
    try:  # a mutant's tests run in mutmut's mutants/ folder, beside its record of test times
        durations = json.loads(Path("mutmut-stats.json").read_text(encoding="utf-8"))["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return
    by_file: dict[str, list[float]] = {}
    for item in items:
        by_file.setdefault(item.nodeid.split("::")[0], []).append(durations.get(item.nodeid, 0.0))
    mean = {name: sum(times) / len(times) for name, times in by_file.items()}
    items.sort(key=lambda item: (mean[item.nodeid.split("::")[0]], item.nodeid.split("::")[0],
                                 durations.get(item.nodeid, 0.0)))
