"""`python -m ncesite new-cluster SLUG` and the template it starts from."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import BUILD_ENV, REPO, build, validate

from ncesite.scaffold import new_cluster, suggested_name
from ncesite.schemas import iter_fields, load_all_schemas

TEMPLATE = REPO / "data" / "templates" / "cluster.yml"
SCHEMAS = load_all_schemas(REPO / "data" / "schema")
FIELDS = {info.path: info for info in iter_fields(SCHEMAS, "cluster")}
SLUG = "nce-test-harbour"


def line_of(text: str, needle: str) -> int:
    assert needle in text, needle
    return text[: text.index(needle)].count("\n") + 1


def cli(repo, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ncesite", *args, "--data", str(repo / "data")],
                          cwd=repo, capture_output=True, text=True, env=BUILD_ENV, timeout=120)


# --- The template ---------------------------------------------------------------------

def _body() -> list[str]:
    """Template lines after the header (the first field is slug)."""
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("slug:"))
    return lines[start - 1:]


def uncommented(lines: list[str]) -> str:
    """The template with every optional field switched on: `# key: value` becomes `key: value`.

    Explanations start with a capital letter ("Required. ...", "Optional. ..."), so a
    comment whose text starts otherwise is commented-out YAML.
    """
    out = []
    for line in lines:
        match = re.match(r"^(\s*)# ?(.*)$", line)
        if match and match.group(2) and not match.group(2).lstrip()[:1].isupper():
            out.append(match.group(1) + match.group(2))
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _paths(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from _paths(item, path)
    elif isinstance(value, list):
        for item in value:
            yield from _paths(item, prefix + "[]")


def test_template_starts_with_the_schema_line():
    assert TEMPLATE.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schema/cluster.schema.json\n")


def test_template_shows_every_schema_field_and_no_other():
    import yaml

    shown = set(_paths(yaml.safe_load(uncommented(_body()))))
    assert shown == set(FIELDS), f"missing: {set(FIELDS) - shown}; unknown: {shown - set(FIELDS)}"


def test_each_field_has_a_comment_saying_whether_it_is_required():
    """The line above every field (shown or commented out) says Required or Optional, and what it is."""
    lines = _body()
    seen = set()
    stack: list[tuple[int, str]] = []  # (column, path) of the open mappings and list items
    for index, line in enumerate(lines):
        match = re.match(r"^(\s*)(?:# ?)?(\s*)(- )?([a-z_]+):(?:\s|$)", line)
        if not match:
            continue
        dash = len(match.group(1)) + len(match.group(2))
        column = dash + (2 if match.group(3) else 0)
        if match.group(3):  # "- key:" starts an item of the list opened above
            while stack and stack[-1][0] > dash:
                stack.pop()
            stack.append((dash + 1, (stack[-1][1] if stack else "") + "[]"))
        while stack and stack[-1][0] >= column:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        path = f"{parent}.{match.group(4)}" if parent else match.group(4)
        stack.append((column, path))

        assert path in FIELDS, f"line {index}: {path} is not a schema field"
        comment = next(lines[i] for i in range(index - 1, -1, -1) if lines[i].strip())
        text = comment.strip().lstrip("#").strip().lstrip("#").strip()
        word = "Required" if FIELDS[path].required else "Optional"
        assert text.startswith(word), f"{path}: the comment above should start with {word!r}: {comment!r}"
        assert len(text) > len(word) + 10, f"{path}: the comment should say what the field is"
        seen.add(path)
    assert seen == set(FIELDS), set(FIELDS) - seen


# --- new_cluster ----------------------------------------------------------------------

def test_new_cluster_writes_the_file(repo_copy, capsys):
    assert new_cluster(repo_copy / "data", SLUG) == 0
    target = repo_copy / "data" / "clusters" / f"{SLUG}.yml"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/cluster.schema.json\n")
    assert f"\nslug: {SLUG}\n" in text
    assert "\nname: NCE Test Harbour\n" in text
    out = capsys.readouterr().out
    assert f"data/clusters/{SLUG}.yml" in out
    assert "python -m ncesite validate" in out and "mkdocs serve" in out
    assert f"http://127.0.0.1:8000/nce-site/clusters/{SLUG}.html" in out


@pytest.mark.parametrize("slug, name", [
    ("nce-test-harbour", "NCE Test Harbour"),
    ("gce-ocean-ict", "GCE Ocean ICT"),
    ("arena-2030-energy", "Arena 2030 Energy"),
    ("123", "123"),
])
def test_suggested_name(slug, name):
    assert suggested_name(slug) == name


def test_a_name_that_yaml_would_read_as_a_number_is_quoted(repo_copy):
    assert new_cluster(repo_copy / "data", "2030") == 0
    text = (repo_copy / "data" / "clusters" / "2030.yml").read_text(encoding="utf-8")
    assert '\nname: "2030"\n' in text


@pytest.mark.parametrize("slug", ["NCE Test", "nce_test", "nce--test", "-nce", "nce-", "nce/test", "../x", ""])
def test_bad_slug_is_refused(repo_copy, capsys, slug):
    before = sorted(p.name for p in (repo_copy / "data" / "clusters").iterdir())
    assert new_cluster(repo_copy / "data", slug) == 1
    err = capsys.readouterr().err
    assert "is not a valid slug" in err and "lower-case letters, digits and single hyphens" in err
    assert sorted(p.name for p in (repo_copy / "data" / "clusters").iterdir()) == before


def test_existing_file_is_refused_and_kept(repo_copy, capsys):
    existing = sorted((repo_copy / "data" / "clusters").glob("*.yml"))[0]
    before = existing.read_bytes()
    assert new_cluster(repo_copy / "data", existing.stem) == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_bytes() == before


def test_command_line_refuses_without_traceback(repo_copy):
    result = cli(repo_copy, "new-cluster", "Bad Slug")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "'Bad Slug' is not a valid slug" in result.stderr and "such as bad-slug" in result.stderr


def test_fresh_file_fails_validation_naming_each_field_to_fill(repo_copy):
    result = cli(repo_copy, "new-cluster", SLUG)
    assert result.returncode == 0, result.stderr
    path = f"data/clusters/{SLUG}.yml"
    text = (repo_copy / path).read_text(encoding="utf-8")

    checked = validate(repo_copy)
    assert checked.returncode != 0
    assert "Traceback" not in checked.stdout + checked.stderr
    # Every required value the template leaves empty is named, on its own line.
    expected = {
        "status[0].level": "  - level:", "status[0].from": "    from:\n", "city": "\ncity:", "county": "\ncounty:",
        "coordinates.lat": "  lat:", "coordinates.lon": "  lon:", "sectors[0]": "  -\n",
        "description": "\ndescription:", "sources[0].url": "  - url:",
    }
    for field, needle in expected.items():
        line = line_of(text, needle) + needle[:1].count("\n")
        assert f"{path}:{line}: {field}: the value is empty; expected " in checked.stderr, (field, checked.stderr)
    problems = [line for line in checked.stderr.splitlines() if line.startswith(path)]
    assert len(problems) == len(expected), checked.stderr
    # Nothing else in the repository is blamed.
    assert all(line.startswith(path) for line in checked.stderr.splitlines()[1:]), checked.stderr


FILLED = {
    "  - level:": "  - level: arena",
    "    from:\n": "    from: 2021-06\n",
    "\ncity:": "\ncity: Bodø",
    "\ncounty:": "\ncounty: Nordland",
    "  lat:": "  lat: 67.28",
    "  lon:": "  lon: 14.40",
    "  -\n": "  - Maritime\n",
    "\ndescription:": "\ndescription: |\n  A cluster that exists only in the tests.\n\n  It has two paragraphs.",
    "  - url:": "  - url: https://example.no/harbour",
}


def test_filled_in_file_validates_and_builds(repo_copy, tmp_path):
    """The editor's flow: scaffold, fill in the required values, validate, build."""
    assert cli(repo_copy, "new-cluster", SLUG).returncode == 0
    target = repo_copy / "data" / "clusters" / f"{SLUG}.yml"
    text = target.read_text(encoding="utf-8")
    for empty, value in FILLED.items():
        assert text.count(empty) == 1, empty
        text = text.replace(empty, value)
    target.write_text(text, encoding="utf-8")
    checked = validate(repo_copy)
    assert checked.returncode == 0, checked.stderr

    site = tmp_path / "site"
    result = build(repo_copy, site)
    assert result.returncode == 0, result.stderr
    page = (site / "clusters" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "NCE Test Harbour" in page and "Bodø" in page and "It has two paragraphs." in page
