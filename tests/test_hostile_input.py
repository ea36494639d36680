"""What a hostile (or careless) pull request may put in a data file, refused where it is read.

Each case edits one real cluster file and runs the data check as an editor or CI would. The
report must name the file, the line and the field, say what is wrong, and never show a
traceback; the line numbers are counted here from the edited text.
"""

from __future__ import annotations

import re

import pytest
from conftest import validate

CLUSTER = "data/clusters/nce-eyde.yml"


def _edit(repo, old: str, new: str) -> str:
    path = repo / CLUSTER
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def _refused(repo) -> str:
    result = validate(repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize("escape, name", [
    ("\\x01", "a control character"), ("\\x1b", "a control character"), ("\\r", "a control character"),
    ("\\x7f", "the DEL control character"), ("\\x85", "a control character"), ("\\x9b", "a control character"),
    ("\\u202a", "a left-to-right embedding"), ("\\u202e", "a right-to-left override"),
    ("\\u2066", "a left-to-right isolate"), ("\\u2069", "a pop directional isolate"),
    ("\\ud800", "half of a character (a lone surrogate)"),
])
def test_a_character_no_editor_can_see_is_refused_where_it_is(repo_copy, escape, name):
    text = _edit(repo_copy, "name: NCE Eyde", f'name: "NCE Eyde{escape} <img src=x onerror=alert(1)>"')
    code = escape.replace("\\x", "").replace("\\u", "").replace("\\r", "0d").upper().rjust(4, "0")
    report = _refused(repo_copy)
    assert re.search(rf"{CLUSTER}:{_line_of(text, 'name: ')}: name: the text contains {re.escape(name)} "
                     rf"\(U\+{code}\) at character 9, which readers cannot see; delete it", report), report


def test_tab_and_line_breaks_are_still_text(repo_copy):
    _edit(repo_copy, "name: NCE Eyde", 'name: "NCE\\tEyde"')
    assert validate(repo_copy).returncode == 0


@pytest.mark.parametrize("value, written", [(".nan", ".nan"), (".NaN", ".nan"), (".inf", ".inf"), ("-.inf", "-.inf")])
def test_a_coordinate_that_is_no_number_is_refused(repo_copy, value, written):
    text = (repo_copy / CLUSTER).read_text(encoding="utf-8")
    old = re.search(r"lat: [0-9.]+", text).group()
    text = _edit(repo_copy, old, f"lat: {value}")
    report = _refused(repo_copy)
    assert f"{CLUSTER}:{_line_of(text, 'lat: ')}: coordinates.lat: {written} is not a real number" in report, report


@pytest.mark.parametrize("lat, lon", [(50.0, 8.0), (62.0, -20.0), (81.0, 15.0)])
def test_a_place_outside_norway_is_refused(repo_copy, lat, lon):
    text = (repo_copy / CLUSTER).read_text(encoding="utf-8")
    text = _edit(repo_copy, re.search(r"lat: [0-9.]+", text).group(), f"lat: {lat}")
    text = _edit(repo_copy, re.search(r"lon: [0-9.]+", text).group(), f"lon: {lon}")
    report = _refused(repo_copy)
    assert "inside mainland Norway" in report and f"{CLUSTER}:" in report, report


@pytest.mark.parametrize("year", ["0000", "0001", "1899", "2100", "9999"])
def test_a_year_outside_1900_to_2099_is_refused(repo_copy, year):
    text = _edit(repo_copy, "from: 2015-06-12", f"from: {year}-06-12")
    report = _refused(repo_copy)
    assert f"{CLUSTER}:{_line_of(text, f'from: {year}')}: status[1].from:" in report, report
    assert "a date from 1900 to 2099" in report


@pytest.mark.parametrize("depth", [12, 400, 5000])
def test_nesting_deeper_than_any_file_needs_is_refused(repo_copy, depth):
    text = _edit(repo_copy, "\ndescription:", "\nextra_nesting: " + "[" * depth + "1" + "]" * depth + "\ndescription:")
    report = _refused(repo_copy)
    assert f"{CLUSTER}:{_line_of(text, 'extra_nesting')}:" in report, report
    assert "nested more than 8 levels deep" in report


@pytest.mark.parametrize("field, url", [
    ("website", "javascript:alert(1)//https://example.no/"),
    ("website", "JavaScript:alert(1)"),
    ("website", "data:text/html,<script>alert(1)</script>"),
    ("website", " https://example.no/"),
    ("sources[0].url", "javascript:alert(1)//https://example.no/"),
])
def test_an_address_that_is_not_http_is_refused(repo_copy, field, url):
    text = (repo_copy / CLUSTER).read_text(encoding="utf-8")
    old = re.search(r"(?m)^website: \S+" if field == "website" else r"(?m)^sources:\n(- |  - )url: \S+", text).group()
    text = _edit(repo_copy, old, old.split(": ")[0] + f": '{url}'")
    report = _refused(repo_copy)
    assert re.search(rf"{CLUSTER}:{_line_of(text, url)}: {re.escape(field)}: .* is not valid; expected an http\(s\) URL",
                     report), report
