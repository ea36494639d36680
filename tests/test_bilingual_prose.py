"""Prose in two languages: a prose field holds English text, or {en: ..., nb: ...}.

A cluster file written here (not the real data) is loaded and checked: the mapping
form gives both texts, a plain string gives English only, each prose value with no
Bokmål text is a warning of `validate` (exit code 0) located at its line, and a
mapping with a wrong key is an error. The generator shows each text in the build's
language and the English one where Bokmål is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import REPO, validate

from ncesite import generate
from ncesite import model as m
from ncesite.loader import load_site_data
from ncesite.problems import DataError

CLUSTER_PATH = "data/clusters/test-bilingual.yml"

# Every prose field of a cluster in one file: some in both languages, some in English only.
BILINGUAL = """\
slug: test-bilingual
name: Test Bilingual Cluster
status:
  - level: arena
    from: 2012
    note:
      en: Started as a test arena.
      nb: Startet som en testarena.
  - level: nce
    from: 2018-11-08
    note: Promoted in the test round.
city: Bodø
county: Nordland
coordinates:
  lat: 67.28
  lon: 14.40
sectors:
  - Energy
technology:
  - en: test turbines
    nb: testturbiner
  - test cables
organisation:
  en: Run by a test company.
  nb: Drives av et testselskap.
links:
  - title: Test page
    url: https://example.no/test
members:
  - count: 12
    as_of: 2018
    note:
      en: Twelve test members.
      nb: Tolv testmedlemmer.
milestones:
  - date: 2015-03
    text:
      en: The test cluster opened an office.
      nb: Testklyngen åpnet et kontor.
description:
  en: |
    The first English paragraph of the test cluster.

    A second English paragraph.
  nb: |
    Første avsnitt om testklyngen på bokmål.

    Et andre avsnitt.
sources:
  - url: https://example.no/source
uncertain:
  - field: city
    confidence: inferred
    note: The test city is assumed.
"""


def _line(text: str, needle: str) -> int:
    assert needle in text, needle
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of the repository's data/ with the test cluster added."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "data", repo / "data")
    (repo / CLUSTER_PATH).write_text(BILINGUAL, encoding="utf-8")
    return repo


def _cluster(repo: Path) -> m.Cluster:
    return next(c for c in load_site_data(repo / "data").clusters if c.slug == "test-bilingual")


def test_the_mapping_gives_both_texts_and_a_string_gives_english_only(data_copy):
    cluster = _cluster(data_copy)
    assert cluster.status[0].note == m.Text("Started as a test arena.", "Startet som en testarena.")
    assert cluster.status[1].note == m.Text("Promoted in the test round.")
    assert cluster.technology == (m.Text("test turbines", "testturbiner"), m.Text("test cables"))
    assert cluster.organisation == m.Text("Run by a test company.", "Drives av et testselskap.")
    assert cluster.links[0].title == m.Text("Test page")
    assert cluster.members[0].note.nb == "Tolv testmedlemmer."
    assert cluster.milestones[0].text.nb == "Testklyngen åpnet et kontor."
    assert cluster.description.en.startswith("The first English paragraph")
    assert cluster.description.nb.endswith("Et andre avsnitt.")
    assert cluster.uncertain[0].note == m.Text("The test city is assumed.")


def test_validate_lists_each_text_without_bokmal_as_a_warning_at_its_line(data_copy):
    result = validate(data_copy)
    assert result.returncode == 0, result.stderr
    warnings = {line for line in result.stderr.splitlines() if CLUSTER_PATH in line}
    assert warnings == {
        f"WARNING: {CLUSTER_PATH}:{_line(BILINGUAL, 'note: Promoted')}: status[1].note: no Bokmål text",
        f"WARNING: {CLUSTER_PATH}:{_line(BILINGUAL, '- test cables')}: technology[1]: no Bokmål text",
        f"WARNING: {CLUSTER_PATH}:{_line(BILINGUAL, 'title: Test page')}: links[0].title: no Bokmål text",
        f"WARNING: {CLUSTER_PATH}:{_line(BILINGUAL, 'note: The test city')}: uncertain[0].note: no Bokmål text",
    }
    assert "warning" in result.stdout and "Traceback" not in result.stderr


def test_a_mapping_with_english_text_only_is_a_warning_at_its_field(data_copy):
    text = BILINGUAL.replace("    note: Promoted in the test round.\n",
                             "    note:\n      en: Promoted in the test round.\n")
    (data_copy / CLUSTER_PATH).write_text(text, encoding="utf-8")
    result = validate(data_copy)
    assert result.returncode == 0, result.stderr
    assert (f"WARNING: {CLUSTER_PATH}:{_line(text, 'note:' + chr(10) + '      en: Promoted')}: status[1].note: "
            "no Bokmål text") in result.stderr.splitlines()


@pytest.mark.parametrize(("replace", "field", "words"), [
    ("      nb: Testklyngen åpnet et kontor.\n", "milestones[0].text.nn", "unknown field"),
    ("    text:\n      en: The test cluster opened an office.\n", "milestones[0].text", "en:"),
    ("      nb: Testklyngen åpnet et kontor.\n", "milestones[0].text.nb", "empty"),
])
def test_a_wrong_mapping_is_an_error_at_its_field(data_copy, replace, field, words):
    broken = {
        "unknown field": BILINGUAL.replace(replace, "      nn: Testklynga opna eit kontor.\n"),
        "en:": BILINGUAL.replace(replace, "    text:\n"),
        "empty": BILINGUAL.replace(replace, '      nb: ""\n'),
    }[words]
    (data_copy / CLUSTER_PATH).write_text(broken, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_site_data(data_copy / "data")
    ours = [p for p in caught.value.problems if p.path == CLUSTER_PATH]
    assert ours and all(p.field.startswith("milestones[0].text") for p in ours), ours
    result = validate(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{CLUSTER_PATH}:" in result.stderr and "milestones[0].text" in result.stderr


def _cluster_page(repo: Path, language: str) -> str:
    env = generate.make_environment(jinja2.FileSystemLoader(REPO / "overrides"), language)
    build = generate.generate_site(load_site_data(repo / "data"), env, language=language)
    return next(p.content for p in build.pages if p.path == "clusters/test-bilingual.md")


def test_an_english_page_shows_the_english_texts_only(data_copy):
    page = _cluster_page(data_copy, "en")
    for shown in ("The first English paragraph of the test cluster.", "Started as a test arena.",
                  "The test cluster opened an office.", "Twelve test members.", "Run by a test company."):
        assert shown in page
    for hidden in ("Første avsnitt", "Startet som en testarena", "Testklyngen åpnet", "Tolv testmedlemmer"):
        assert hidden not in page


def test_a_bokmal_page_shows_the_bokmal_texts_and_english_where_bokmal_is_missing(data_copy):
    page = _cluster_page(data_copy, "nb")
    for shown in ("Første avsnitt om testklyngen på bokmål.", "Startet som en testarena.",
                  "Testklyngen åpnet et kontor.", "Tolv testmedlemmer.", "Drives av et testselskap.",
                  "Promoted in the test round.", "The test city is assumed."):
        assert shown in page
    for hidden in ("The first English paragraph", "Started as a test arena", "The test cluster opened"):
        assert hidden not in page


def test_the_data_reference_shows_how_to_write_both_languages():
    from ncesite.reference import data_reference_markdown
    from ncesite.schemas import load_all_schemas

    text = data_reference_markdown(load_all_schemas(REPO / "data" / "schema"))
    assert "| <code>description</code> | text in English and Bokmål |" in text
    formats = text[text.index("## Formats"):]
    assert "en:" in formats and "nb:" in formats


def test_each_paragraph_of_an_english_only_description_is_marked_english_on_a_bokmal_page(data_copy):
    """A paragraph cut from an English fallback keeps its lang="en" and the Bokmål note."""
    path = data_copy / CLUSTER_PATH
    text = path.read_text(encoding="utf-8")
    start, end = text.index("description:\n"), text.index("sources:\n")
    path.write_text(text[:start] + "description: |\n  Only English, first paragraph.\n\n"
                    "  Only English, second paragraph.\n" + text[end:], encoding="utf-8")
    page = _cluster_page(data_copy, "nb")
    for paragraph in ("Only English, first paragraph.", "Only English, second paragraph."):
        assert f'<p><span lang="en">{paragraph}</span> <span class="nce-fallback">(engelsk)</span></p>' in page
