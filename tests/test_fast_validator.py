r"""The compiled validator only decides valid or invalid, and never lets a bad file through.

Every data file, and thousands of value-level mutants of them, go through both checks.
The compiled check (jsonschema-rs) must never accept a document jsonschema refuses;
it may refuse one that jsonschema accepts (Rust's regular expressions read `$` as the
very end, where Python's re also allows a final newline), which only sends that file to
the full check. The messages an editor sees for a bad file are those of the full check alone.

Documents with characters the reading refuses (control characters: Rust's `\s` does not count
U+001C-U+001F as space, Python's does) never reach either check, so they are left out here.
"""

from __future__ import annotations

import random

import pytest
import yaml
from conftest import REPO
from test_data_fuzz import _value_mutation

from ncesite import schemas
from ncesite.problems import Problem
from ncesite.yamlfile import YamlDocument, _value_problems, parse_yaml

DATA = REPO / "data"
SCHEMA_DIR = DATA / "schema"
MUTANTS_PER_FILE = 25
KIND_OF_FOLDER = {"clusters": "cluster", "partners": "partner", "data": "programme"}

# Values where two validators could read the same text differently: whitespace that
# only Python's \s knows, floats that are whole numbers, true beside 1 in a unique list.
EDGE_VALUES = ["\x1c", "\x1f", "\x85", "\ufeff", "\u00a0", " \u2028 ", "2019\n", "2019-01\n", 1.0, 2019.0, True,
               "https://example.no/\x1c", "nce\n", "a" * 3]


def _files():
    return sorted([DATA / "programme.yml", *(DATA / "partners").glob("*.yml"), *(DATA / "clusters").glob("*.yml")])


def _kind(path) -> str:
    return KIND_OF_FOLDER[path.parent.name]


def _full_accepts(data, kind: str) -> bool:
    return not any(True for _ in schemas._validator(SCHEMA_DIR, kind).iter_errors(data))


def _mutants(data: dict, rng: random.Random):
    for _ in range(MUTANTS_PER_FILE):
        yield _value_mutation(rng, data)[0]
    for value in EDGE_VALUES:  # each edge value at a few places of the document
        for _ in range(2):
            mutant, _how = _value_mutation(random.Random(rng.random()), data)
            paths = [p for p in _leaf_paths(data)]
            parent, path = mutant, rng.choice(paths)
            try:
                for part in path[:-1]:
                    parent = parent[part]
                parent[path[-1]] = value
            except (KeyError, IndexError, TypeError):
                continue
            yield mutant


def _leaf_paths(value, parts=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaf_paths(item, parts + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaf_paths(item, parts + (index,))
    elif parts:
        yield parts


def test_the_compiled_check_applies_to_every_schema():
    for kind in schemas.KINDS:
        assert schemas.is_valid_fast({}, kind, SCHEMA_DIR) is False, kind


def test_text_that_is_no_text_goes_to_the_full_check():
    """A lone surrogate cannot be handed to the compiled check; the full check then decides."""
    valid = parse_yaml(DATA / "programme.yml", "programme.yml")[0].data
    assert schemas.is_valid_fast(dict(valid, name="half \ud800"), "programme", SCHEMA_DIR) is False


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_compiled_and_full_checks_accept_the_same_documents(path):
    kind = _kind(path)
    data = parse_yaml(path, path.name)[0].data  # as the loader reads it: dates stay text
    rng = random.Random(path.name)
    assert schemas.is_valid_fast(data, kind, SCHEMA_DIR) is True
    seen = {"accepted": 0, "refused": 0, "sent to the full check": 0}
    for mutant in _mutants(data, rng):
        if _value_problems(YamlDocument(path.name, mutant)):
            continue  # refused as it is read: no check sees it
        full = _full_accepts(mutant, kind)
        fast = schemas.is_valid_fast(mutant, kind, SCHEMA_DIR)
        if fast and not full:
            pytest.fail(f"the compiled check accepts a document the full check refuses: {path.name}: {mutant}")
        seen["accepted" if full and fast else "refused" if not full else "sent to the full check"] += 1
    assert seen["refused"] > 5 and seen["accepted"] > 0, seen  # the mutants reach both kinds of document


def test_a_bad_file_gets_the_full_checks_located_messages(tmp_path, monkeypatch):
    source = (DATA / "clusters").glob("*.yml").__next__()
    data = parse_yaml(source, source.name)[0].data
    bad = dict(data, city=12, extra_field="x", status=[{"level": "NCE", "from": "2019/01"}])
    bad.pop("name")
    written = tmp_path / "clusters" / source.name
    written.parent.mkdir()
    written.write_text(yaml.safe_dump(bad, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc, parse_problems = parse_yaml(written, f"data/clusters/{source.name}")
    assert not parse_problems

    with_fast_path = schemas.validate_document(doc, "cluster", SCHEMA_DIR)
    monkeypatch.setattr(schemas, "is_valid_fast", lambda *args: False)
    full_only = schemas.validate_document(doc, "cluster", SCHEMA_DIR)

    assert with_fast_path == full_only
    fields = {p.field for p in with_fast_path}
    assert {"city", "extra_field", "name", "status[0].level", "status[0].from"} <= fields, fields
    assert all(isinstance(p, Problem) and p.line > 0 and p.path == f"data/clusters/{source.name}"
               for p in with_fast_path)
