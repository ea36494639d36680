"""Mutation test: no edit of a data file can crash the loader.

Real data files are broken at random, at the text level (characters, lines,
indentation, stray YAML syntax, bytes that are not UTF-8) and at the value level
(a field removed, added, or given a value of another type or shape, and text given a
payload or a character no editor can see, which must always be refused). Every
mutant must end either in data the loader accepts, which the generator then
turns into pages, or in problems that each name the file and a line within it.
Any other exception, a traceback for the editor, fails the test and prints the
seed and mutation so the case can be replayed.

The data folder is kept small (the programme, the partners and the file being
mutated, with the programme trimmed to its required fields when it is not the
file under test), so a few thousand mutants run in seconds without MkDocs.
Set DATA_FUZZ_MUTANTS to run more.
"""

from __future__ import annotations

import copy
import os
import random
import shutil
from pathlib import Path

import jinja2
import pytest
import yaml
from conftest import REPO

from ncesite import generate
from ncesite.loader import load_site_data
from ncesite.problems import DataError

MUTANTS = int(os.environ.get("DATA_FUZZ_MUTANTS", "2000"))
GENERATED = 25  # accepted mutants that also go through the generator
SEED = 20261129

DATA = REPO / "data"
PROGRAMME_SCHEMA = yaml.safe_load((DATA / "schema" / "programme.schema.json").read_text(encoding="utf-8"))

# Characters that mean something to YAML, plus some that mean something to HTML,
# Jinja and the terminal.
NOISE = [":", ": ", "-", "- ", "#", "&a", "*a", "!", "!!python/object:os.system", "%", "@", "`", "|", ">",
         "{", "}", "[", "]", ",", "?", "'", '"', "\\", "\t", "\n", "\r", "\x00", "\x1b", "\u2028", "\ufeff",
         "  ", "<<: ", "---\n", "...", "{{ 1 }}", "<b>", "é", "ø", "9" * 40]
# Put into the text of a value: what a hostile pull request would try (markup, Markdown, template
# syntax, a spreadsheet formula), and characters an editor cannot see, which are always refused.
PAYLOADS = ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "**bold**", "{{ 7*7 }}", "{% raw %}",
            "</script><script>alert(1)</script>", "=HYPERLINK(\"https://evil.example\")", "---\ntitle: x\n---",
            "]]>", "\u2028", "{: onclick=alert(1) }"]
HIDDEN = ["\x01", "\x08", "\x0b", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\u202a", "\u202e", "\u2066", "\u2069",
          "\ud800", "\udfff"]
VALUES = [None, "", " ", 0, -1, 10**30, 1.5, float("inf"), True, False, "text", "NCE", "nce ", "2018-02-30",
          "2018-13", "18-11-08", "1799", 2101, "http://", "javascript:alert(1)", "<script>x</script>",
          "{{ site }}", "{% raw %}", "x" * 5000, [], {}, [None], [[]], [{}], {"a": {"b": []}},
          ["nce"], {"level": "nce"}, {"url": "https://example.no/"}]


def _data_files() -> list[Path]:
    return sorted([DATA / "programme.yml", *(DATA / "partners").glob("*.yml"), *(DATA / "clusters").glob("*.yml")])


def _trimmed_programme() -> str:
    """The real programme with only its required fields: quick to read, still valid."""
    programme = yaml.safe_load((DATA / "programme.yml").read_text(encoding="utf-8"))
    kept = {key: value for key, value in programme.items() if key in PROGRAMME_SCHEMA["required"]}
    kept["history"] = kept["history"][:1]
    kept["sources"] = kept["sources"][:1]
    return "# yaml-language-server: $schema=schema/programme.schema.json\n" + yaml.safe_dump(
        kept, allow_unicode=True, sort_keys=False)


# --- text-level mutations -------------------------------------------------

def _text_mutation(rng: random.Random, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    kind = rng.randrange(9)
    if kind == 0 and text:
        at = rng.randrange(len(text))
        return text[:at] + text[at + 1:], f"delete character {at}"
    if kind == 1:
        at = rng.randrange(len(text) + 1)
        noise = rng.choice(NOISE)
        return text[:at] + noise + text[at:], f"insert {noise!r} at {at}"
    if kind == 2:
        at = rng.randrange(len(lines))
        return "\n".join(lines[:at] + lines[at + 1:]), f"delete line {at + 1}"
    if kind == 3:
        at = rng.randrange(len(lines))
        return "\n".join(lines[:at + 1] + lines[at:]), f"repeat line {at + 1}"
    if kind == 4 and len(lines) > 1:
        a, b = rng.sample(range(len(lines)), 2)
        lines[a], lines[b] = lines[b], lines[a]
        return "\n".join(lines), f"swap lines {a + 1} and {b + 1}"
    if kind == 5:
        at = rng.randrange(len(lines))
        shift = rng.choice([-4, -2, -1, 1, 2, 4])
        line = lines[at]
        lines[at] = " " * shift + line if shift > 0 else line[min(-shift, len(line) - len(line.lstrip(" "))):]
        return "\n".join(lines), f"indent line {at + 1} by {shift}"
    if kind == 6:
        at = rng.randrange(len(text) + 1)
        return text[:at], f"truncate at {at}"
    if kind == 7:
        at = rng.randrange(len(lines))
        value_at = lines[at].find(": ")
        if value_at >= 0:
            lines[at] = lines[at][:value_at + 2] + rng.choice(NOISE) + lines[at][value_at + 2:]
        return "\n".join(lines), f"prefix the value on line {at + 1}"
    at = rng.randrange(len(lines))
    lines[at] = lines[at].replace(" ", "\t", 1)
    return "\n".join(lines), f"tab on line {at + 1}"


# --- value-level mutations ------------------------------------------------

def _paths(value, parts=()):
    yield parts
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, parts + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, parts + (index,))


def _value_mutation(rng: random.Random, data: dict) -> tuple[dict, str]:
    data = copy.deepcopy(data)
    path = rng.choice([p for p in _paths(data) if p])
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    kind = rng.randrange(7)
    if kind >= 5 and isinstance(parent[last], str):
        inserted = rng.choice(HIDDEN if kind == 6 else PAYLOADS)
        at = rng.randrange(len(parent[last]) + 1)
        parent[last] = parent[last][:at] + inserted + parent[last][at:]
        return data, f"{'hide' if kind == 6 else 'put'} {inserted!r} in the text at {path}"
    if kind == 0:
        del parent[last]
        return data, f"remove {path}"
    if kind == 1 and isinstance(parent, dict):
        parent[rng.choice(["extra", "Name", "website ", "lat", "level", "from", "to"])] = rng.choice(VALUES)
        return data, f"add a field beside {path}"
    if kind == 2 and isinstance(parent, list):
        parent.append(copy.deepcopy(rng.choice(parent)))
        return data, f"repeat an item of {path[:-1]}"
    if kind == 3 and isinstance(parent[last], str):
        parent[last] = parent[last].upper() if rng.random() < 0.5 else parent[last] + rng.choice(NOISE)
        return data, f"change the text at {path}"
    parent[last] = copy.deepcopy(rng.choice(VALUES))
    return data, f"replace {path} with {parent[last]!r:.40}"


# --- the test -------------------------------------------------------------

def _hides(raw: bytes) -> bool:
    """Whether the file, as YAML reads it, holds one of the HIDDEN characters in a text."""
    def texts(value):
        if isinstance(value, dict):
            return [t for key, item in value.items() for t in [str(key), *texts(item)]]
        if isinstance(value, list):
            return [t for item in value for t in texts(item)]
        return [value] if isinstance(value, str) else []
    return any(character in text for text in texts(yaml.safe_load(raw)) for character in HIDDEN)


def _load(data_dir: Path):
    """Load, returning the data or the problems; anything else propagates and fails the test."""
    try:
        return load_site_data(data_dir), []
    except DataError as error:
        return None, error.problems


@pytest.fixture(scope="module")
def environment():
    return generate.make_environment(jinja2.FileSystemLoader(str(REPO / "overrides")))


def test_no_mutation_of_a_data_file_crashes_the_loader(tmp_path, environment):
    rng = random.Random(SEED)
    files = _data_files()
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    parsed = {path: yaml.safe_load(text) for path, text in texts.items()}
    trimmed = _trimmed_programme()
    outcomes = {"accepted": 0, "refused": 0}
    generated = 0

    data_dir = tmp_path / "data"
    shutil.copytree(DATA / "schema", data_dir / "schema")
    shutil.copytree(DATA / "partners", data_dir / "partners")
    (data_dir / "clusters").mkdir()
    (data_dir / "programme.yml").write_text(trimmed, encoding="utf-8")

    for number in range(MUTANTS):
        target = rng.choice(files)
        relative = target.relative_to(REPO)
        written = tmp_path / relative
        if rng.random() < 0.6:
            text, how = _text_mutation(rng, texts[target])
            raw = text.encode("utf-8")
            if rng.random() < 0.03:
                at = rng.randrange(len(raw) + 1)
                raw, how = raw[:at] + b"\xff" + raw[at:], how + " and a byte that is not UTF-8"
        else:
            data, how = _value_mutation(rng, parsed[target])
            raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
        written.write_bytes(raw)
        case = f"mutant {number} (seed {SEED}) of {relative}: {how}"

        result, problems = _load(data_dir)
        # Put the folder back as it was for the next mutant.
        if target.parent.name == "clusters":
            written.unlink()
        else:
            written.write_text(trimmed if target.name == "programme.yml" else texts[target], encoding="utf-8")
        if result is not None:
            # (YAML reads U+0085 in some places as a line break: then no hidden character is left.)
            assert not (how.startswith("hide ") and _hides(raw)), f"{case}: a character no editor can see was accepted"
            outcomes["accepted"] += 1
            if generated < GENERATED and target.parent.name == "clusters":
                generated += 1
                built = generate.generate_site(result, environment, site_url="https://example.org/")
                assert built.pages, case
            continue
        outcomes["refused"] += 1
        assert problems, case
        line_count = raw.count(b"\n") + 1
        for problem in problems:
            assert problem.path.startswith("data/") and problem.path.endswith(".yml"), (case, str(problem))
            assert problem.message and "Traceback" not in problem.message, (case, str(problem))
            if problem.path == str(relative):
                assert 0 <= problem.line <= line_count + 1, (case, str(problem))
            assert str(problem).startswith(f"{problem.path}:{problem.line}: " if problem.line else problem.path)

    # Both outcomes occur: the mutations are neither all harmless nor all fatal.
    assert outcomes["accepted"] > MUTANTS // 20, outcomes
    assert outcomes["refused"] > MUTANTS // 2, outcomes
    assert generated > 0
