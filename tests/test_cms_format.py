"""A file saved through the web editor stays the file an editor would have written.

The editor's format (hooks/ncesite/admin/nce-format.js) runs in node, as Decap CMS runs it:
fromFile reads a data file into the form's values, the test changes one value, toFile writes
the file. Only the changed field's lines may differ; the schema line, comments, key order,
list layout and text styles of the rest stay. Expected lines are worked out here from the
file's text, as an editor would edit it by hand.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess

import pytest
import yaml
from conftest import REPO, validate

from ncesite.cms import decap_config
from ncesite.schemas import load_all_schemas

DRIVER = REPO / "tests" / "cms" / "run_format.mjs"
DATA = REPO / "data"
CONFIG = decap_config(load_all_schemas(DATA / "schema"), repo_url="https://github.com/nce-site/nce-site")
COLLECTIONS = {"cluster": "clusters", "partner": "partners", "programme": "programme"}
CLUSTER = DATA / "clusters" / "nce-blue-legasea.yml"
PARTNER = DATA / "partners" / "siva.yml"
PROGRAMME = DATA / "programme.yml"


def node() -> str:
    found = shutil.which("node")
    if not found:
        pytest.fail("node is not installed; the web editor's format is JavaScript (apt-get install nodejs npm)",
                    pytrace=False)
    return found


def saved(kind: str, *cases: tuple[str | None, list]) -> list[str]:
    """For each (file text or None for a new file, [(path, value), ...]) the text toFile writes."""
    collection = next(c for c in CONFIG["collections"] if c["name"] == COLLECTIONS[kind])
    payload = {"collection": collection, "cases": [{"text": text, "edits": edits} for text, edits in cases]}
    result = subprocess.run([node(), str(DRIVER)], input=json.dumps(payload), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["texts"]


def one(kind: str, text: str | None, *edits) -> str:
    return saved(kind, (text, list(edits)))[0]


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed and the lines added."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def block(text: str, header: str) -> list[str]:
    """The lines of the block under the line `header` (those indented more than it)."""
    lines = text.splitlines()
    start = lines.index(header)
    indent = len(header) - len(header.lstrip())
    out = []
    for line in lines[start + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def the_line(text: str, pattern: str) -> str:
    found = [line for line in text.splitlines() if re.fullmatch(pattern, line)]
    assert len(found) == 1, (pattern, found)
    return found[0]


# ------------------------------------------------------------------ nothing changed

@pytest.mark.parametrize("kind", COLLECTIONS)
def test_every_data_file_is_written_back_as_it_was(kind):
    paths = {"cluster": sorted((DATA / "clusters").glob("*.yml")), "partner": sorted((DATA / "partners").glob("*.yml")),
             "programme": [PROGRAMME]}[kind]
    texts = [path.read_text(encoding="utf-8") for path in paths]
    assert saved(kind, *[(text, []) for text in texts]) == texts


# ------------------------------------------------------------------ a cluster

def test_cluster_member_count_changes_its_line_only():
    text = CLUSTER.read_text(encoding="utf-8")
    members = yaml.safe_load(text)["members"]
    old = members[-1]["count"]
    after = one("cluster", text, [["members", len(members) - 1, "count"], old + 14])
    line = the_line(text, rf" *(- )?count: {old}")
    assert changes(text, after) == ([line], [line.replace(f"count: {old}", f"count: {old + 14}")])


def test_cluster_bokmal_description_changes_its_lines_only():
    text = CLUSTER.read_text(encoding="utf-8")
    header = the_line(text, r"  nb: [|>]-?")
    assert header in block(text, "description:")
    after = one("cluster", text, [["description", "nb"], "Blue Legasea samler hele verdikjeden i fiskerinæringen."])
    assert changes(text, after) == (block(text, header), ["    Blue Legasea samler hele verdikjeden i fiskerinæringen."])
    # The block keeps its style and ending; the English text is untouched.
    assert header in after.splitlines()
    assert yaml.safe_load(after)["description"]["en"] == yaml.safe_load(text)["description"]["en"]


def test_cluster_status_period_gets_its_end_on_a_new_line_after_its_start():
    text = CLUSTER.read_text(encoding="utf-8")
    status = yaml.safe_load(text)["status"]
    assert "to" not in status[0]
    after = one("cluster", text, [["status", 0, "to"], "2018-11-07"])
    removed, added = changes(text, after)
    start = the_line(text, rf" *(- )?from: {status[0]['from']}")
    indent = " " * (len(start) - len(start.lstrip(" -")))
    assert (removed, added) == ([], [f"{indent}to: 2018-11-07"])
    lines = after.splitlines()
    assert lines[lines.index(f"{indent}to: 2018-11-07") - 1] == start
    period = yaml.safe_load(after)["status"][0]
    assert str(period.pop("to")) == "2018-11-07" and period == status[0]


def test_cluster_fields_removed_added_and_changed_touch_their_lines_only():
    text = CLUSTER.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    short = the_line(text, "short_name: .*")
    assert one("cluster", text, [["short_name"], None]) == text.replace(short + "\n", "")
    city = the_line(text, "city: .*")
    assert one("cluster", text, [["city"], "Molde"]) == text.replace(city + "\n", "city: Molde\n")
    last_sector = the_line(text, rf" *- {data['sectors'][-1]}")
    dash = last_sector[: last_sector.index("-")]
    new_sector = next(s for s in ("Energy", "Tourism") if s not in data["sectors"])
    after = one("cluster", text, [["sectors", len(data["sectors"])], new_sector])
    assert after == text.replace(last_sector + "\n", f"{last_sector}\n{dash}- {new_sector}\n")


def test_comments_and_the_schema_line_stay():
    text = CLUSTER.read_text(encoding="utf-8")
    founded = the_line(text, "founded: .*")
    commented = (text.replace(founded, founded + "  # the year the network started")
                 .replace("\nmembers:\n", "\n# Counts as the sources give them.\nmembers:\n"))
    after = one("cluster", commented, [["founded"], "2009"])
    assert after == commented.replace(founded + "  #", "founded: 2009  #")
    assert after.splitlines()[0] == "# yaml-language-server: $schema=../schema/cluster.schema.json"
    assert "# Counts as the sources give them.\nmembers:\n" in after


SMALL = """\
# yaml-language-server: $schema=../schema/cluster.schema.json
slug: arena-small
name: Arena Small
founded: 2008
status:
- level: arena
  from: 2015
region: Sunnmøre
sectors:
- Tourism
description: >-
  A small cluster, written in English only, with a folded
  description over two lines.
sources:
- url: https://example.org/
"""


def test_english_alone_stays_as_written_until_bokmal_is_added():
    # Unchanged: as it was (the form shows it as English with an empty Bokmål field).
    assert one("cluster", SMALL, [["name"], "Arena Small"]) == SMALL
    # The English changed: still a plain text, in the file's own list style.
    assert one("cluster", SMALL, [["region", "en"], "Sunnmøre and Romsdal"]) == \
        SMALL.replace("region: Sunnmøre\n", "region: Sunnmøre and Romsdal\n")
    # Bokmål added: English and Bokmål, in place of the one line.
    assert one("cluster", SMALL, [["region", "nb"], "Sunnmøre"]) == \
        SMALL.replace("region: Sunnmøre\n", "region:\n  en: Sunnmøre\n  nb: Sunnmøre\n")
    # A year written as a number stays a number; a new list item follows the file's layout.
    assert one("cluster", SMALL, [["founded"], "2009"]) == SMALL.replace("founded: 2008", "founded: 2009")
    assert one("cluster", SMALL, [["sectors", 1], "Food"]) == SMALL.replace("- Tourism\n", "- Tourism\n- Food\n")
    # A new field goes where the form has it: after the nearest field before it that the file has.
    assert one("cluster", SMALL, [["county"], "Møre og Romsdal"]) == \
        SMALL.replace("region: Sunnmøre\n", "county: Møre og Romsdal\nregion: Sunnmøre\n")
    # A text that YAML would read as another type is quoted.
    after = one("cluster", SMALL, [["short_name"], "yes"])
    assert after == SMALL.replace("name: Arena Small\n", 'name: Arena Small\nshort_name: "yes"\n')


def test_a_new_cluster_is_a_valid_file_in_the_forms_order(repo_copy):
    values = [
        [["slug"], "arena-new"], [["name"], "Arena New"],
        [["status"], [{"level": "arena", "from": "2024-06"}]], [["sectors"], ["Energy"]],
        [["description"], {"en": "A new cluster for energy in the north, started by companies in the region.",
                           "nb": "En ny klynge for energi i nord."}],
        [["sources"], [{"url": "https://example.org/new"}]],
    ]
    text = one("cluster", None, *values)
    assert text.splitlines()[0] == CLUSTER.read_text(encoding="utf-8").splitlines()[0]
    assert [line.split(":")[0] for line in text.splitlines()[1:] if re.match(r"[a-z]", line)] == \
        ["slug", "name", "status", "sectors", "description", "sources"]
    (repo_copy / "data" / "clusters" / "arena-new.yml").write_text(text, encoding="utf-8")
    result = validate(repo_copy)
    assert result.returncode == 0, result.stderr


# ------------------------------------------------------------------ a partner and the programme

def test_partner_fields_change_their_lines_only():
    text = PARTNER.read_text(encoding="utf-8")
    line = the_line(text, "headquarters: .*")
    after = one("partner", text, [["headquarters"], "Trondheim"])
    assert changes(text, after) == ([line], ["headquarters: Trondheim"])
    facts = yaml.safe_load(text)["facts"]
    old_nb = the_line(text, rf" *nb: {re.escape(facts[0]['nb'])}")
    after = one("partner", text, [["facts", 0, "nb"], "Eldre kilder skriver SIVA."])
    assert changes(text, after) == ([old_nb], [old_nb.replace(facts[0]["nb"], "Eldre kilder skriver SIVA.")])


def test_programme_fields_change_their_lines_only():
    text = PROGRAMME.read_text(encoding="utf-8")
    line = the_line(text, "as_of: .*")
    assert changes(text, one("programme", text, [["as_of"], "2019-06-01"])) == ([line], ["as_of: 2019-06-01"])
    history = yaml.safe_load(text)["history"]
    title = the_line(text, rf" *nb: {re.escape(history[0]['title']['nb'])}")
    after = one("programme", text, [["history", 0, "title", "nb"], "Arena starter"])
    assert changes(text, after) == ([title], [title.replace(history[0]["title"]["nb"], "Arena starter")])
    # A new source at the end of the list, in the programme's own layout (items indented).
    sources = yaml.safe_load(text)["sources"]
    after = one("programme", text, [["sources", len(sources)], {"url": "https://example.org/report",
                                                                 "title": "A report"}])
    removed, added = changes(text, after)
    dash = the_line(text, rf" *- url: {re.escape(sources[0]['url'])}").split("-")[0]
    assert (removed, added) == ([], [f"{dash}- url: https://example.org/report", f"{dash}  title: A report"])
    assert yaml.safe_load(after)["sources"][-1] == {"url": "https://example.org/report", "title": "A report"}


def test_the_format_code_is_the_published_one(built_site):
    for name in ("nce-format.js", "nce-admin.js", "index.html"):
        assert (built_site / "admin" / name).read_bytes() == (REPO / "hooks" / "ncesite" / "admin" / name).read_bytes()
