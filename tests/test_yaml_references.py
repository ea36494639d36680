"""Anchors, aliases and merge keys are refused, located, before anything expands them.

A recursive alias used to end the build with a RecursionError, and nine aliases
nested nine deep ("billion laughs") made a check run for minutes and use gigabytes.
"""

from __future__ import annotations

import pytest
from conftest import validate

from ncesite.yamlfile import parse_yaml

ANCHORS = "anchors and aliases are not allowed in data files"
MERGE = "merge keys ('<<') are not allowed in data files"


def _problems(tmp_path, text: str):
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    doc, problems = parse_yaml(path, "data/clusters/x.yml")
    return doc, [str(p) for p in problems]


def test_a_recursive_alias_is_a_located_problem(tmp_path):
    doc, problems = _problems(tmp_path, "name: A\nloop: &a [*a]\n")
    assert doc is None
    assert problems == [f"data/clusters/x.yml:2: loop: {ANCHORS} (found the anchor &a); write the value out in full, "
                        "or put a value that starts with '&' or '*' in quotes"]


def test_nested_aliases_are_refused_without_being_expanded(tmp_path):
    # Nine levels of nine aliases each would be 9**9 (387 million) strings once expanded.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    doc, problems = _problems(tmp_path, "\n".join(lines) + "\n")
    assert doc is None
    # One problem per line, each on the line and field where the anchor stands.
    assert [p.split(":")[:3] for p in problems] == [["data/clusters/x.yml", str(i + 1), f" a{i}"] for i in range(10)]
    assert all(ANCHORS in p for p in problems)


@pytest.mark.parametrize("text, line, field, found", [
    ("name: A\ncity: &town Bergen\n", 2, "city", "the anchor &town"),
    ("name: A\nsectors:\n  - Maritime\n  - *x\n", 4, "sectors[1]", "the alias *x"),
    # Wherever a node can start: in flow collections, after an explicit key.
    ("name: A\nsectors: [Maritime,*x]\n", 2, "sectors", "the alias *x"),
    ("name: A\nsectors: [?&s Maritime]\n", 2, "sectors", "the anchor &s"),
    ("name: A\ncoordinates: {lat: &l 60.0}\n", 2, "coordinates", "the anchor &l"),
    ("name: R&D *AS*\ncity: &town Bergen\n", 2, "city", "the anchor &town"),
    # libyaml reads a tab after ':' in a flow mapping, PyYAML's own parser stops there:
    # the check must read the file as the loader that loads it does.
    ("name: A\ncoordinates: {lat:\t&l 60.0, lon:\t*l}\n", 2, "coordinates", "the anchor &l"),
])
def test_anchor_or_alias_alone(tmp_path, text, line, field, found):
    doc, problems = _problems(tmp_path, text)
    assert doc is None
    assert len(problems) == 1
    assert problems[0].startswith(f"data/clusters/x.yml:{line}: {field}: {ANCHORS} (found {found})")


def test_a_merge_key_is_refused(tmp_path):
    doc, problems = _problems(tmp_path, "name: A\ncoordinates:\n  <<: {lat: 60.0}\n  lon: 5.0\n")
    assert doc is None
    assert len(problems) == 1
    assert problems[0].startswith("data/clusters/x.yml:3: ") and MERGE in problems[0]


def test_the_characters_themselves_are_fine_in_text(tmp_path):
    doc, problems = _problems(tmp_path, "name: R&D *and* more\nnote: '&quoted'\nother: \"*starred\"\nmerge: '<<'\n")
    assert problems == []
    assert doc.data == {"name": "R&D *and* more", "note": "&quoted", "other": "*starred", "merge": "<<"}


def test_validate_reports_a_recursive_alias_without_a_traceback(repo_copy):
    path = repo_copy / "data" / "clusters" / "nce-media.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("sectors:"))
    lines.insert(at, "loop: &a [*a]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = validate(repo_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"data/clusters/nce-media.yml:{at + 1}: loop: {ANCHORS}" in result.stderr
