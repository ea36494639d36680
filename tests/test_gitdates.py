"""When each data file last changed, read from a small repository made here with known dates."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from ncesite.gitdates import last_changed


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def write(repo: Path, path: str, text: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    """data/a.yml changed on 2 January 2020 and 6 May 2022, data/b.yml and data/d.yml on 4 March 2021
    (late in the evening, two hours east of UTC), outside/x.yml on 1 June 2023."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    write(repo, "data/a.yml", "a: 1\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a", date="2020-01-02T12:00:00+01:00")
    write(repo, "data/b.yml", "b: 1\n")
    write(repo, "data/clusters/d.yml", "d: 1\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "b and d", date="2021-03-04T23:30:00+02:00")
    write(repo, "data/a.yml", "a: 2\n")
    git(repo, "commit", "-q", "-am", "a again", date="2022-05-06T08:00:00+00:00")
    write(repo, "outside/x.yml", "x: 1\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "outside", date="2023-06-01T08:00:00+00:00")
    return repo


def test_each_file_has_the_date_of_the_last_commit_that_changed_it(repo, monkeypatch):
    monkeypatch.setenv("TZ", "Pacific/Auckland")  # the committer's own date, whatever the clock says
    assert last_changed(repo) == {"data/a.yml": dt.date(2022, 5, 6), "data/b.yml": dt.date(2021, 3, 4),
                                  "data/clusters/d.yml": dt.date(2021, 3, 4)}


def test_a_file_with_changes_not_committed_has_no_date(repo):
    write(repo, "data/b.yml", "b: 2\n")  # changed
    write(repo, "data/c.yml", "c: 1\n")  # new, not yet added
    (repo / "data" / "clusters" / "d.yml").unlink()  # deleted
    assert last_changed(repo) == {"data/a.yml": dt.date(2022, 5, 6)}


def test_a_site_in_a_folder_of_the_repository(repo):
    write(repo, "site/data/e.yml", "e: 1\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "e", date="2024-02-29T10:00:00+00:00")
    assert last_changed(repo / "site") == {"data/e.yml": dt.date(2024, 2, 29)}


def test_a_shallow_clone_says_nothing(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True)
    assert last_changed(clone) == {}


def test_a_folder_that_is_no_repository_says_nothing(tmp_path):
    write(tmp_path, "data/a.yml", "a: 1\n")
    assert last_changed(tmp_path) == {}
