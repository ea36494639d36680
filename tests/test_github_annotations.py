"""`python -m ncesite validate --format github`: each problem as a GitHub Actions annotation,
so a pull request shows it on the changed line in "Files changed". The plain format stays
the default. (The sample pull request in tests/fixtures/sample-pr/ is checked in
test_changes.py, with its summary.)"""

from __future__ import annotations

import subprocess
import sys

from conftest import BUILD_ENV

from ncesite.problems import Problem, github_annotation

CLUSTER = "data/clusters/nce-media.yml"


def run_validate(repo, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ncesite", "validate", "--data", str(repo / "data"), *options],
                          cwd=repo, capture_output=True, text=True, env=BUILD_ENV, timeout=120)


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def test_an_annotation_escapes_what_github_would_read_as_syntax():
    problem = Problem("data/clusters/a,b:c.yml", 12, "name", "100% wrong\r\nsecond line: yes, really")
    assert github_annotation(problem) == ("::error file=data/clusters/a%2Cb%3Ac.yml,line=12,title=Data problem"
                                          "::name: 100%25 wrong%0D%0Asecond line: yes, really")
    whole_file = Problem("data/clusters/x.txt", 0, "", "this file is not read")
    assert github_annotation(whole_file, "warning", "A title: with, marks") == (
        "::warning file=data/clusters/x.txt,title=A title%3A with%2C marks::this file is not read")


def test_each_problem_is_an_annotation_on_its_line(repo_copy):
    path = repo_copy / CLUSTER
    text = path.read_text(encoding="utf-8")
    county = next(line for line in text.splitlines() if line.startswith("county: "))
    text = text.replace(county + "\n", "county: Vestlandd\n").replace("\nname: ", "\nwebiste: https://example.org/\nname: ")
    path.write_text(text, encoding="utf-8")

    result = run_validate(repo_copy, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    assert lines[0].startswith(f"::error file={CLUSTER},line={line_of(text, 'webiste:')},title=Data problem"
                               "::webiste: unknown field (did you mean 'website'?)"), lines[0]
    assert lines[1].startswith(f"::error file={CLUSTER},line={line_of(text, 'county: Vestlandd')},title=Data problem"
                               "::county: 'Vestlandd' is not allowed (did you mean 'Vestland'?)"), lines[1]
    assert "Traceback" not in result.stderr

    # The same problems as the plain report, which stays the default.
    plain = run_validate(repo_copy)
    assert plain.returncode == 1 and plain.stdout == ""
    reported = [line for line in plain.stderr.splitlines() if line.startswith(CLUSTER + ":")]
    assert [line.split("::", 2)[2] for line in lines] == [line.split(": ", 1)[1] for line in reported]


def test_texts_without_bokmal_are_warnings_and_pass(repo_copy):
    path = repo_copy / CLUSTER
    text = path.read_text(encoding="utf-8")
    assert "\ncity: " in text
    text = text.replace("\ncity: ", "\nregion: Vestlandet\ncity: ", 1)
    path.write_text(text, encoding="utf-8")
    result = run_validate(repo_copy, "--format", "github")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (f"::warning file={CLUSTER},line={line_of(text, 'region: Vestlandet')},title=No Bokmål text"
            "::region: no Bokmål text") in result.stdout.splitlines()[0]
