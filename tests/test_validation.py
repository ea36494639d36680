"""Every kind of mistake an editor can make in data/ gives one clear, located line.

Each test breaks a copy of the repository and runs the standalone check
(`python -m ncesite validate`) as an editor would. The message must start
with the exact `data/<file>.yml:<line>: <field>:` prefix, computed here from the
text the test writes, and no traceback may show. A few representative mistakes
also run a full `mkdocs build --strict` into a site built earlier from good data,
which must fail and leave that site byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, build, validate
from expected import schema_fields

from ncesite.loader import load_site_data
from ncesite.problems import DataError
from ncesite.schemas import load_all_schemas, resolve
from ncesite.yamlfile import parse_yaml

# A complete, valid cluster that exists only in the tests, so the tests do not
# depend on the wording of the real data files.
GOOD = """\
# yaml-language-server: $schema=../schema/cluster.schema.json
slug: test-cluster
name: Test Cluster for Validation
short_name: Test Validation
founded: 2006
status:
  - level: arena
    from: 2010
    to: 2013
  - level: nce
    from: 2014-06-16
city: Ålesund
county: Møre og Romsdal
coordinates:
  lat: 62.4723
  lon: 6.1549
sectors:
  - Maritime
  - Ocean technology
website: https://example.no/
members:
  - count: 40
    as_of: 2018-06
description: |
  A cluster that exists only in the tests.
sources:
  - url: https://example.no/source
    title: Example source
uncertain:
  - field: founded
    confidence: inferred
    note: Only for the tests.
"""

CLUSTER = "data/clusters/test-cluster.yml"
SECOND = "data/clusters/test-cluster-two.yml"


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of `needle` in `text`."""
    assert needle in text, f"{needle!r} not in the test's text"
    return text[: text.index(needle)].count("\n") + 1


def changed(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


@dataclass
class Case:
    """One class of mistake: how to make it, and the located line it must give."""

    id: str
    text: str | bytes | None  # new content of CLUSTER (None: leave GOOD)
    field: str  # expected field, "" for the file itself
    needle: str | None  # text on the expected line; None for line 1
    words: tuple[str, ...]  # fragments the message must contain
    path: str = CLUSTER
    extra: Callable[[Path], None] | None = None  # further changes to the repository
    build: bool = False  # also run a full build (representative classes)
    whole_file: bool = False  # the problem concerns the file as a whole: no line

    def prepare(self, repo: Path) -> None:
        target = repo / CLUSTER
        content = GOOD if self.text is None else self.text
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        if self.extra:
            self.extra(repo)

    def prefix(self, repo: Path) -> str:
        if self.whole_file:
            return f"{self.path}: "
        raw = (repo / self.path).read_bytes().decode("utf-8", errors="replace")
        line = 1 if self.needle is None else line_of(raw, self.needle)
        return f"{self.path}:{line}: {self.field}: " if self.field else f"{self.path}:{line}: "


def _rename_to_yaml(repo: Path) -> None:
    (repo / CLUSTER).rename(repo / "data/clusters/test-cluster.yaml")


def _second_with_same_name(repo: Path) -> None:
    (repo / SECOND).write_text(changed("slug: test-cluster\n", "slug: test-cluster-two\n")
                               .replace("short_name: Test Validation\n", ""), encoding="utf-8")


def _owner_without_partner(repo: Path) -> None:
    path = repo / "data/programme.yml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^owners:\n( *)- ", text, flags=re.M)
    assert match, "programme.yml lists owners as a block list"
    at = match.end(0) - len(match.group(1)) - 2
    path.write_text(text[:at] + f"{match.group(1)}- no-such-partner\n" + text[at:], encoding="utf-8")


def _programme_changed(old: str, new: str) -> Callable[[Path], None]:
    def change(repo: Path) -> None:
        path = repo / "data/programme.yml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in programme.yml"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return change


def _stray_partner_file(repo: Path) -> None:
    (repo / "data/partners/notes.txt").write_text("not data\n", encoding="utf-8")


SYNTAX = changed("city: Ålesund", "city: Ålesund: the harbour")
UNKNOWN = changed("website:", "webiste:")
DAY = changed("from: 2014-06-16", "from: 2018-02-30")

CASES = [
    Case("yaml-syntax", SYNTAX, "city", "city: Ålesund: the harbour",
         ("invalid YAML at column 14", "put such a value in quotes"), build=True),
    Case("yaml-unclosed-quote", changed("name: Test Cluster for Validation", 'name: "Test Cluster'), "name",
         'name: "Test', ("invalid YAML", "quote", "never closed")),
    Case("yaml-bad-indent", changed("    from: 2014-06-16", "   from: 2014-06-16"), "status[1].from",
         "   from: 2014-06-16", ("invalid YAML", "indented differently")),
    Case("value-starting-with-yaml-character", changed("city: Ålesund", "city: @Ålesund"), "city", "city: @",
         ("invalid YAML at column 7", "cannot start with '@'", "put the value in quotes")),
    Case("control-character", changed("city: Ålesund", "city: Åle\x00sund"), "city", "city: Åle",
         ("control character (#x0000)", "delete it")),
    Case("tab-indentation", changed("  lat: 62.4723", "\tlat: 62.4723"), "coordinates.lat", "\tlat:",
         ("tab character", "indent with spaces")),
    Case("duplicate-key", changed("city: Ålesund\n", "city: Ålesund\ncity: Molde\n"), "city", "city: Molde",
         (f"duplicate field (first given on line {line_of(GOOD, 'city: Ålesund')})",)),
    Case("bad-encoding", GOOD.encode("utf-8").replace("Ålesund".encode(), "Ålesund".encode("latin-1")),
         "", "city: ", ("not valid UTF-8", "save it as UTF-8")),
    Case("empty-file", "", "", None, ("the file is empty",)),
    Case("comments-only", "# yaml-language-server: $schema=../schema/cluster.schema.json\n# to do\n", "", None,
         ("the file is empty",)),
    Case("list-at-top-level", "- slug: test-cluster\n- name: Test Cluster\n", "", None,
         ("expected a mapping of fields", "found a list")),
    Case("list-where-mapping-belongs", changed("  lat: 62.4723\n  lon: 6.1549", "  - 62.4723\n  - 6.1549"),
         "coordinates", "  - 62.4723", ("a list is the wrong kind of value", "expected a mapping of fields")),
    Case("list-item-where-mapping-belongs", changed("  - level: arena\n    from: 2010\n    to: 2013",
                                                    "  - [arena, 2010, 2013]"),
         "status[0]", "  - [arena", ("expected a mapping of fields",)),
    Case("unknown-key", UNKNOWN, "webiste", "webiste:", ("unknown field (did you mean 'website'?)",), build=True),
    Case("unknown-nested-key", changed("    from: 2010", "    form: 2010"), "status[0].form", "form: 2010",
         ("did you mean 'from'?",)),
    Case("missing-required", changed("city: Ålesund\n", ""), "city", "slug:",
         ("required field is missing", "town or city")),
    Case("empty-required", changed("city: Ålesund", "city:"), "city", "city:",
         ("the value is empty", "town or city")),
    Case("wrong-type-text", changed("  lat: 62.4723", "  lat: north"), "coordinates.lat", "lat: north",
         ("'north' is not valid", "a latitude inside mainland Norway")),
    Case("wrong-type-number-for-text", changed("name: Test Cluster for Validation", "name: 1881"), "name",
         "name: 1881", ("read as a number", 'put it in quotes: "1881"')),
    Case("wrong-type-text-for-list", changed("sectors:\n  - Maritime\n  - Ocean technology", "sectors: Maritime"),
         "sectors", "sectors: Maritime", ("expected a list",)),
    Case("bad-month", changed("from: 2014-06-16", "from: 2018-13-08"), "status[1].from", "2018-13-08",
         ("is not a real date", "no month 13", "YYYY-MM-DD")),
    Case("bad-day", DAY, "status[1].from", "2018-02-30",
         ("is not a real date", "February 2018 has 28 days", "YYYY-MM-DD"), build=True),
    Case("bad-date-format", changed("from: 2014-06-16", "from: 16.06.2014"), "status[1].from", "16.06.2014",
         ("'16.06.2014' is not valid", "YYYY-MM-DD")),
    Case("periods-out-of-order", changed("from: 2014-06-16", "from: 2009"), "status[1].from", "from: 2009",
         ("comes before the previous period's start (2010)", "oldest first")),
    Case("periods-overlap", changed("    to: 2013", "    to: 2015"), "status[1].from", "from: 2014-06-16",
         ("overlaps the previous period", "runs to 2015")),
    Case("to-before-from", changed("    to: 2013", "    to: 2009"), "status[0].to", "to: 2009",
         ("ends (2009) before it begins (2010)",)),
    Case("unknown-level", changed("level: nce", "level: ncee"), "status[1].level", "level: ncee",
         ("'ncee' is not allowed (did you mean 'nce'?)", "arena, nce, gce")),
    Case("unknown-county", changed("county: Møre og Romsdal", "county: More og Romsdal"), "county",
         "county: More", ("did you mean 'Møre og Romsdal'?",)),
    Case("unknown-sector", changed("  - Maritime", "  - Maritme"), "sectors[0]", "- Maritme",
         ("did you mean 'Maritime'?",)),
    Case("url-ftp", changed("website: https://example.no/", "website: ftp://example.no/"), "website",
         "website: ftp", ("expected an http(s) URL",)),
    Case("url-javascript", changed("website: https://example.no/", "website: javascript:alert(1)"), "website",
         "website: javascript", ("expected an http(s) URL",)),
    Case("coordinates-outside-norway-lat", changed("  lat: 62.4723", "  lat: 48.85"), "coordinates.lat",
         "lat: 48.85", ("48.85 is not valid", "inside mainland Norway")),
    Case("coordinates-outside-norway-lon", changed("  lon: 6.1549", "  lon: 2.35"), "coordinates.lon",
         "lon: 2.35", ("2.35 is not valid", "inside mainland Norway")),
    Case("negative-member-count", changed("count: 40", "count: -3"), "members[0].count", "count: -3",
         ("-3 is not valid", "0 or more")),
    Case("slug-differs-from-file-name", changed("slug: test-cluster", "slug: test-clusters"), "slug",
         "slug: test-clusters", ("differs from the file name", "expected 'test-cluster'")),
    Case("uncertain-names-missing-value", changed("  - field: founded", "  - field: foundation"),
         "uncertain[0].field", "field: foundation", ("'foundation' names no value in this file",)),
    Case("owner-without-partner-file", None, "owners[0]", "- no-such-partner",
         ("has no file data/partners/no-such-partner.yml",), path="data/programme.yml",
         extra=_owner_without_partner),
    Case("file-not-ending-in-yml", None, "", None,
         ("this file is not read because its name does not end in .yml", "rename it to test-cluster.yml"),
         path="data/clusters/test-cluster.yaml", extra=_rename_to_yaml, whole_file=True),
    Case("partner-file-not-ending-in-yml", None, "", None,
         ("this file is not read because its name does not end in .yml; rename it to notes.yml",),
         path="data/partners/notes.txt", extra=_stray_partner_file, whole_file=True),
    Case("operator-not-an-owner", None, "operator", "operator: no-such-partner",
         ("'no-such-partner' is not among the owners; expected one of: innovation-norway, siva, "
          "research-council-of-norway",), path="data/programme.yml",
         extra=_programme_changed("operator: innovation-norway", "operator: no-such-partner")),
    Case("history-out-of-order", None, "history[1].date", "  - date: 2006",
         ("2006 comes before the event above it (2007); expected events oldest first",), path="data/programme.yml",
         extra=_programme_changed("  - date: 2002\n", "  - date: 2007\n")),
    # A cluster given NCE after NCE stopped being a funded level (to: 2019 in programme.yml).
    Case("level-after-its-funded-end", changed("  - level: nce\n    from: 2014-06-16", "  - level: nce\n    from: 2020-11-19"),
         "status[1].from", "from: 2020-11-19",
         ("2020-11-19 is after nce stopped being a funded level (2019 in data/programme.yml)",
          "expected a start on or before 2019")),
    Case("coverage-with-a-gap", None, "coverage[1].from", "  - from: 2014\n    to: 2018-11-07",
         ("2014 does not follow the previous period, which ends 2012", "expected the day after it (2013-01-01)",
          "completeness: unknown"), path="data/programme.yml",
         extra=_programme_changed("  - from: 2002\n    to: 2013\n    completeness",
                                  "  - from: 2002\n    to: 2012\n    completeness")),
    Case("as-of-date-outside-the-coverage", None, "as_of", "as_of: 2030-01-01",
         ("2030-01-01 falls in no coverage period",), path="data/programme.yml",
         extra=_programme_changed("as_of: 2021-11-15\n", "as_of: 2030-01-01\n")),
]


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


def _tree_hash(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def _failed_build_leaves_site(repo: Path, built_site: Path, tmp_path: Path):
    """Build `repo` into a copy of the good site; return the result after checking the copy is intact."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    before = _tree_hash(site)
    assert before, "the good site is empty"
    result = build(repo, site)
    assert result.returncode != 0, result.stdout + result.stderr
    _no_traceback(result)
    assert _tree_hash(site) == before, "a failed build changed the site built earlier"
    return result


def test_the_test_cluster_is_valid(repo_copy):
    Case("good", None, "", None, ()).prepare(repo_copy)
    result = validate(repo_copy)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_mistake_gives_one_located_line(case: Case, repo_copy, request, tmp_path):
    case.prepare(repo_copy)
    result = validate(repo_copy)
    assert result.returncode != 0
    _no_traceback(result)
    prefix = case.prefix(repo_copy)
    lines = [line for line in result.stderr.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, f"expected one line starting {prefix!r}:\n{result.stderr}"
    for words in case.words:
        assert words in lines[0], f"{words!r} not in {lines[0]!r}"
    if case.whole_file:  # no field: the message follows the file's name
        assert lines[0][len(prefix):].startswith(case.words[0]), lines[0]
    # One mistake, one message: nothing else is reported.
    assert result.stderr.startswith("The data in data/ has 1 problem:"), result.stderr
    if case.build:
        built = _failed_build_leaves_site(repo_copy, request.getfixturevalue("built_site"), tmp_path)
        assert lines[0] in built.stdout + built.stderr


def test_duplicate_cluster_name_is_reported_in_both_files(repo_copy):
    Case("good", None, "", None, ()).prepare(repo_copy)
    _second_with_same_name(repo_copy)
    result = validate(repo_copy)
    assert result.returncode != 0
    _no_traceback(result)
    line = line_of(GOOD, "name: ")
    assert f"{CLUSTER}:{line}: name: 'Test Cluster for Validation' is also used by {SECOND}:{line}" in result.stderr
    assert f"{SECOND}:{line}: name: 'Test Cluster for Validation' is also used by {CLUSTER}:{line}" in result.stderr


def test_all_problems_in_all_files_are_reported_at_once(repo_copy, request, tmp_path):
    """Mistakes of every stage, in three files: one run lists every one of them."""
    Case("two", UNKNOWN, "", None, ()).prepare(repo_copy)
    (repo_copy / SECOND).write_text(changed("slug: test-cluster\n", "slug: test-cluster-two\n", SYNTAX)
                                    .replace("short_name: Test Validation\n", ""), encoding="utf-8")
    _owner_without_partner(repo_copy)
    programme = (repo_copy / "data/programme.yml").read_text(encoding="utf-8")
    second = (repo_copy / SECOND).read_text(encoding="utf-8")
    expected = [
        f"{CLUSTER}:{line_of(UNKNOWN, 'webiste:')}: webiste: unknown field",
        f"{SECOND}:{line_of(second, 'city: Ålesund:')}: city: invalid YAML",
        f"data/programme.yml:{line_of(programme, '- no-such-partner')}: owners[0]: 'no-such-partner' has no file",
    ]
    result = validate(repo_copy)
    assert result.returncode != 0
    _no_traceback(result)
    assert "has 3 problems" in result.stderr, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    built = _failed_build_leaves_site(repo_copy, request.getfixturevalue("built_site"), tmp_path)
    for text in expected:
        assert text in built.stdout + built.stderr


def test_several_mistakes_in_one_file_are_all_reported(repo_copy):
    """A schema problem does not hide a problem found by the later checks, nor the reverse."""
    text = changed("from: 2014-06-16", "from: 2009", UNKNOWN)
    text = changed("  - field: founded", "  - field: foundation", text)
    Case("many", text, "", None, ()).prepare(repo_copy)
    result = validate(repo_copy)
    assert result.returncode != 0
    assert f"{CLUSTER}:{line_of(text, 'webiste:')}: webiste: unknown field" in result.stderr
    assert f"{CLUSTER}:{line_of(text, 'from: 2009')}: status[1].from: 2009 comes before" in result.stderr
    assert f"{CLUSTER}:{line_of(text, 'field: foundation')}: uncertain[0].field:" in result.stderr
    assert "has 3 problems" in result.stderr


INERT_NAME = "Test <b>Bold</b> Cluster"
INERT_DESCRIPTION = "Sums {{ 7*7 }} and tags {% if true %}x{% endif %} stay text, and so does <script>alert(1)</script>."


def test_data_is_inert_text(repo_copy, tmp_path):
    """Template syntax and markup in data reach the page as the same text, escaped, never run."""
    text = changed("name: Test Cluster for Validation", f"name: {INERT_NAME}")
    text = changed("  A cluster that exists only in the tests.", f"  {INERT_DESCRIPTION}", text)
    Case("inert", text, "", None, ()).prepare(repo_copy)
    site = tmp_path / "site"
    result = build(repo_copy, site)
    assert result.returncode == 0, result.stderr
    page = (site / "clusters" / "test-cluster.html").read_text(encoding="utf-8")

    paragraph = next((p for p in re.findall(r"<p>(.*?)</p>", page, flags=re.S) if "Sums" in p), None)
    assert paragraph is not None, "the description is not on the page"
    assert paragraph == html.escape(INERT_DESCRIPTION, quote=False) or \
        paragraph == html.escape(INERT_DESCRIPTION), paragraph
    assert "{{ 7*7 }}" in paragraph and "49" not in paragraph
    assert "{% if true %}x{% endif %}" in paragraph
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    escaped_name = "Test &lt;b&gt;Bold&lt;/b&gt; Cluster"
    title = re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1)
    assert escaped_name in title and "&amp;lt;" not in title, title
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, flags=re.S).group(1)
    assert escaped_name in h1 and "&amp;lt;" not in h1, h1

    # Nowhere in the site is the markup live (JSON-LD writes </ as <\/, which is safe).
    for path in site.rglob("*.html"):
        content = path.read_text(encoding="utf-8")
        assert "<b>Bold</b>" not in content, path
        assert "<script>alert(1)</script>" not in content, path


# --- The schemas document every field -------------------------------------------------

SCHEMAS = load_all_schemas(REPO / "data" / "schema")


def _properties(node, document: str, where: str = ""):
    """Yield (place, document, property schema) for every property anywhere in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    yield f"{where}/properties/{name}", document, prop
            yield from _properties(value, document, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, document, f"{where}/{index}")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_schema_property_has_a_description(name):
    missing = [place for place, document, prop in _properties(SCHEMAS[name], name)
               if not str(resolve(SCHEMAS, prop, document)[0].get("description", "")).strip()]
    assert not missing, f"{name}: properties without a description: {missing}"


def _key_paths(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            yield path
            yield from _key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            yield from _key_paths(item, prefix + "[]")


def _data_files():
    data = REPO / "data"
    yield "programme", data / "programme.yml"
    for kind, folder in (("partner", "partners"), ("cluster", "clusters")):
        for path in sorted((data / folder).glob("*.yml")):
            yield kind, path


def test_real_data_is_valid():
    load_site_data(REPO / "data")


def test_every_key_in_the_data_is_in_its_schema():
    known = {kind: set(schema_fields(REPO / "data" / "schema", kind, inside_prose=True))
             for kind in ("programme", "partner", "cluster")}
    unknown = []
    for kind, path in _data_files():
        doc, problems = parse_yaml(path, path.relative_to(REPO).as_posix())
        assert not problems, problems
        unknown += [f"{path.name}: {key}" for key in _key_paths(doc.data) if key not in known[kind]]
    assert not unknown, unknown


def test_error_report_has_no_python_internals(repo_copy):
    """The report is for people: no reprs of schemas, no jsonschema wording."""
    Case("plain", changed("county: Møre og Romsdal", "county:", UNKNOWN), "", None, ()).prepare(repo_copy)
    result = validate(repo_copy)
    assert result.returncode != 0
    for internal in ("{'", "$ref", "Failed validating", "None is not", "is not of type", "anyOf"):
        assert internal not in result.stderr, result.stderr


def test_missing_programme_file_is_reported_not_raised(repo_copy):
    (repo_copy / "data/programme.yml").unlink()
    result = validate(repo_copy)
    assert result.returncode != 0
    _no_traceback(result)
    assert "data/programme.yml" in result.stderr, result.stderr
    assert "data/programme.yml: the file is missing; expected the programme data" in result.stderr.splitlines()


def test_level_left_out_of_levels_but_named_under_structure_is_reported_there(repo_copy):
    """The schema knows every level id; the loader checks that programme.yml defines the ones its
    structure names. Removing the definition of `mature` leaves structure[2].levels[3] pointing at nothing."""
    path = repo_copy / "data/programme.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  - id: mature\n") + 1
    end = text.index("\nstandings:\n", start) + 1
    text = text[:start] + text[end:]
    path.write_text(text, encoding="utf-8")
    result = validate(repo_copy)
    assert result.returncode != 0
    _no_traceback(result)
    structure = text.index("\nstructure:\n")
    line = text[:text.index("      - mature\n", structure)].count("\n") + 1
    prefix = f"data/programme.yml:{line}: structure[2].levels[3]: 'mature' is not defined under levels"
    assert any(entry.startswith(prefix) for entry in result.stderr.splitlines()), result.stderr


def test_a_level_id_given_twice_is_reported_at_the_second(repo_copy):
    """The last level takes the first one's id: the report names the second place it is given."""
    path = repo_copy / "data/programme.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("\nlevels:\n"), text.index("\nstandings:\n")
    levels = re.findall(r"(?m)^  - id: ([a-z-]+)$", text[start:end])
    last = text.index(f"\n  - id: {levels[-1]}\n", start)
    text = text[:last] + f"\n  - id: {levels[0]}\n" + text[last + len(f"\n  - id: {levels[-1]}\n"):]
    path.write_text(text, encoding="utf-8")
    result = validate(repo_copy)
    assert result.returncode != 0
    _no_traceback(result)
    line = text[:last + 1].count("\n") + 1
    expected = f"data/programme.yml:{line}: levels[{len(levels) - 1}].id: '{levels[0]}' is given twice; expected unique level ids"
    assert expected in result.stderr.splitlines(), result.stderr


def test_a_short_name_used_twice_is_reported_in_both_files(repo_copy):
    Case("good", None, "", None, ()).prepare(repo_copy)
    (repo_copy / SECOND).write_text(changed("slug: test-cluster\n", "slug: test-cluster-two\n")
                                    .replace("name: Test Cluster for Validation", "name: Another Test Cluster"),
                                    encoding="utf-8")
    result = validate(repo_copy)
    assert result.returncode != 0
    line = line_of(GOOD, "short_name: ")
    assert f"{CLUSTER}:{line}: short_name: 'Test Validation' is also used by {SECOND}:{line}; expected a unique " \
        "short name for each file" in result.stderr.splitlines(), result.stderr
    assert "has 2 problems" in result.stderr


def test_folders_backups_and_hidden_files_in_the_data_folders_are_not_read(repo_copy):
    """Only files ending in .yml are data; a folder, an editor's backup or a hidden file is passed over."""
    Case("good", None, "", None, ()).prepare(repo_copy)
    for folder in ("clusters", "partners"):
        (repo_copy / "data" / folder / "drafts").mkdir()
        (repo_copy / "data" / folder / "drafts" / "draft.txt").write_text("not: [valid\n", encoding="utf-8")
        (repo_copy / "data" / folder / "old.yml~").write_text("not: [valid\n", encoding="utf-8")
        (repo_copy / "data" / folder / ".hidden.yml").write_text("not: [valid\n", encoding="utf-8")
    result = validate(repo_copy)
    assert result.returncode == 0, result.stderr


def test_text_values_are_read_without_surrounding_spaces(repo_copy):
    """A quoted value keeps what YAML would strip; the loader strips it, so pages and exports agree."""
    Case("spaces", changed("city: Ålesund", 'city: "  Ålesund  "'), "", None, ()).prepare(repo_copy)
    cluster = next(c for c in load_site_data(repo_copy / "data").clusters if c.slug == "test-cluster")
    assert cluster.city == "Ålesund"


def test_a_changed_schema_applies_to_the_next_check_in_the_same_process(repo_copy):
    """A preview keeps one process running while a maintainer changes a schema: the next check
    follows the schema as it is now, not as it was first read."""
    data = repo_copy / "data"
    load_site_data(data)
    schema = data / "schema" / "partner.schema.json"
    text = schema.read_text(encoding="utf-8")
    schema.write_text(text.replace('"required": ["slug", ', '"required": ["no_such_field", "slug", ', 1),
                      encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_site_data(data)
    assert "no_such_field" in raised.value.report()
    schema.write_text(text, encoding="utf-8")
    load_site_data(data)
