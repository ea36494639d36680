"""Pull-request review without downloads: `python -m ncesite changes BASE` says in words what
changed in the data, and `validate --format github` puts each problem on its line.

The sample pull request in tests/fixtures/sample-pr/ (its README says what it changes) is
replayed in a new git repository; its summary and annotations are the hand-checked files
beside it. The wording of single fields is checked against literals below.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_ENV, REPO

from ncesite.changes import field_changes

SAMPLE = REPO / "tests" / "fixtures" / "sample-pr"
SITE = "https://example.org/nce-site/"
LEVELS = {"arena": "Arena", "nce": "NCE", "gce": "GCE"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def make_sample_repo(target: Path) -> Path:
    """A repository whose last commit holds the sample's base data and whose working tree holds
    the pull request's changes."""
    shutil.copytree(SAMPLE / "base", target / "data")
    shutil.copytree(REPO / "data" / "schema", target / "data" / "schema")
    git(target, "init", "-q", "-b", "main")
    git(target, "-c", "user.name=Test", "-c", "user.email=test@example.org", "add", "-A")
    git(target, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "base")
    git(target, "apply", str(SAMPLE / "pull-request.patch"))
    return target


def ncesite(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ncesite", *args], cwd=repo, capture_output=True, text=True,
                          env=env or BUILD_ENV, timeout=120)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return make_sample_repo(tmp_path_factory.mktemp("sample-pr"))


def test_the_sample_pull_request_is_summarised_in_words(sample, tmp_path):
    job_summary = tmp_path / "step-summary.md"
    job_summary.write_text("Earlier steps' summary.\n", encoding="utf-8")
    result = ncesite(sample, "changes", "HEAD", "--data", str(sample / "data"), "--site-url", SITE,
                     env={**BUILD_ENV, "GITHUB_STEP_SUMMARY": str(job_summary)})
    assert result.returncode == 0, result.stderr
    expected = (SAMPLE / "summary.md").read_text(encoding="utf-8")
    assert result.stdout == expected
    # In GitHub Actions the same text goes to the job's summary, after what was there.
    assert job_summary.read_text(encoding="utf-8") == "Earlier steps' summary.\n" + expected


def test_the_sample_pull_requests_problems_are_annotations(sample):
    result = ncesite(sample, "validate", "--data", str(sample / "data"), "--format", "github")
    assert result.returncode == 1
    assert result.stdout == (SAMPLE / "annotations.txt").read_text(encoding="utf-8")
    # Each on a line the pull request adds, so GitHub shows it in "Files changed".
    patch = (SAMPLE / "pull-request.patch").read_text(encoding="utf-8")
    added = patch.split("+++ b/data/clusters/arena-delta.yml\n", 1)[1].split("\ndiff --git", 1)[0].splitlines()[1:]
    for line in result.stdout.splitlines():
        number = int(line.split(",line=", 1)[1].split(",", 1)[0])
        assert added[number - 1].startswith("+"), line


def test_summary_names_the_pages_and_escapes_the_data(sample):
    text = (SAMPLE / "summary.md").read_text(encoding="utf-8")
    assert f"]({SITE}clusters/nce-alpha.html) ([Bokmål]({SITE}nb/clusters/nce-alpha.html))" in text
    assert f"]({SITE}partners/innovation-norway.html)" in text and f"]({SITE}programme.html)" in text
    # The name `Arena Delta <i>Reise</i> & *liv* [2]` is text, not markup.
    assert "Arena Delta &lt;i&gt;Reise&lt;/i&gt; &amp; \\*liv\\* \\[2\\]" in text
    assert "<i>" not in text


def test_no_change_says_so(sample, tmp_path):
    clean = make_sample_repo(tmp_path / "clean")
    git(clean, "checkout", "-q", "--", ".")
    git(clean, "clean", "-q", "-f", "-d")
    result = ncesite(clean, "changes", "HEAD", "--data", str(clean / "data"), "--site-url", SITE)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "## Data changes\n\nNo change to the data.\n"


def test_an_unknown_revision_is_a_plain_error(sample):
    result = ncesite(sample, "changes", "no-such-branch", "--data", str(sample / "data"))
    assert result.returncode == 2
    assert result.stderr.startswith("changes: ") and "Traceback" not in result.stderr


@pytest.mark.parametrize(("field", "old", "new", "words"), [
    ("city", "Ålesund", "Molde", ["city: Ålesund → Molde"]),
    ("city", None, "Molde", ["city: Molde added"]),
    ("short_name", "ACT", None, ["short_name: ACT removed"]),
    ("founded", 2008, "2008-05", ["founded: 2008 → 2008-05"]),
    ("coordinates", {"lat": 62.47, "lon": 6.15}, {"lat": 62.5, "lon": 6.15}, ["coordinates.lat: 62.47 → 62.5"]),
    ("region", "Sunnmøre", {"en": "Sunnmøre", "nb": "Sunnmøre"}, ["region, Bokmål: “Sunnmøre” added"]),
    ("region", {"en": "A", "nb": "B"}, {"en": "A2", "nb": "B"}, ["region, English: “A” → “A2”"]),
    ("members", [{"count": 23, "as_of": 2013}, {"count": 41, "as_of": "2018-11-08"}],
     [{"count": 23, "as_of": 2013}, {"count": 41, "as_of": "2018-11-08"}, {"count": 55, "as_of": 2024}],
     ["members: 41 → 55 (as of 2024)"]),
    ("members", [{"count": 41, "as_of": 2018}], [{"count": 55, "as_of": 2018, "qualifier": "about"}],
     ["members: 41 → about 55 (as of 2018)"]),
    ("status", [{"level": "arena", "from": 2013}], [{"level": "arena", "from": 2013}, {"level": "nce", "from": "2018-11-08"}],
     ["status: NCE from 2018-11-08 added"]),
    ("status", [{"level": "nce", "from": 2006, "note": "Old."}], [{"level": "nce", "from": 2006, "note": "New."}],
     ["status, NCE from 2006: note: Old. → New."]),
    ("sectors", ["Maritime", "Energy"], ["Energy"], ["sectors: Maritime removed"]),
    ("sources", [{"url": "https://a.example/"}], [{"url": "https://a.example/", "title": "A"}],
     ["sources, https://a.example/: title: A added"]),
])
def test_a_changed_field_in_words(field, old, new, words):
    assert field_changes(field, old, new, LEVELS) == words
