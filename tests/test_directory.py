"""The cluster directory in the built HTML: a row per cluster whose data attributes
match the YAML, and filter options made from the values in the data.

The expected values are worked out here from the YAML files, independently of the
site code. The browser tests (tests/browser/test_directory.py) check the script.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import yaml
from conftest import REPO, build
from expected import Data, county_today

CLUSTER_DIR = REPO / "data" / "clusters"
SECTOR_NOT_KNOWN = "not-known"  # the filter value of a cluster whose sector no source names


def read_yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def key(text: str) -> str:
    """The filter value of a county or sector: ASCII, lower case, hyphens."""
    text = text.translate(str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def expected_row(record: dict, as_of: str) -> dict:
    """The data attributes a cluster's row should carry, from its YAML alone."""
    periods = record["status"]
    as_of_year = int(as_of[:4])

    def end_of(index: int) -> str | None:
        period = periods[index]
        return period.get("to") or (periods[index + 1]["from"] if index + 1 < len(periods) else None)

    level, held = None, None
    for index, period in enumerate(periods):
        end = end_of(index)
        started = period["from"][: len(as_of)] <= as_of
        # A partial end date covers all of its year or month.
        not_ended = end is None or as_of[: len(end)] < end or (period.get("to") and as_of[: len(end)] == end)
        if started and not_ended:
            level, held = period["level"], index
            break
    if level is None:
        level = "later" if periods[0]["from"] > as_of else "former"
        since = periods[0]["from"]
    else:
        first = held
        while first > 0 and periods[first - 1]["level"] == level:
            first -= 1
        since = periods[first]["from"]
    years = set()  # nothing after the as-of date is counted
    for index, period in enumerate(periods):
        if period["from"][: len(as_of)] > as_of:
            continue
        end = end_of(index)
        last = min(int(end[:4]), as_of_year) if end else as_of_year
        years.update(range(int(period["from"][:4]), max(last, int(period["from"][:4])) + 1))
    members = record.get("members") or []
    return {
        "data-slug": record["slug"],
        "data-level": level,
        # Today's county (worked out from a merged county where the data gives no county_today);
        # "not-known" where no county is known, so the filter can offer those clusters too.
        "data-county": key(county_today(record.get("county"), record.get("county_today")) or "not-known"),
        "data-sectors": " ".join(key(s) for s in record.get("sectors", [])) or SECTOR_NOT_KNOWN,
        "data-years": " ".join(str(y) for y in sorted(years)),
        "data-name": record["name"],
        "data-since": since,
        "data-members": members[-1].get("count", "") if members else "",
    }


class DirectoryParser(HTMLParser):
    """Collects the directory's rows (their attributes), the options of each select and the form."""

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.options: dict[str, list[tuple[str, str]]] = {}
        self.form: dict | None = None
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._select: str | None = None
        self._option: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "tr" and "data-slug" in attrs:
            self.rows.append(attrs)
        elif tag == "form" and "data-nce-directory-form" in attrs:
            self.form = attrs
        elif tag == "select":
            self._select = attrs.get("name")
            self.options[self._select] = []
        elif tag == "option" and self._select:
            self._option = [attrs.get("value"), ""]
        elif tag == "script" and "src" in attrs:
            self.scripts.append(attrs["src"])
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.styles.append(attrs["href"])

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self.options[self._select].append((self._option[0], self._option[1].strip()))
            self._option = None
        elif tag == "select":
            self._select = None


def parse_directory(site: Path | str) -> DirectoryParser:
    """The directory of a built site, or the directory page's HTML itself."""
    parser = DirectoryParser()
    parser.feed(site if isinstance(site, str) else (site / "clusters" / "index.html").read_text(encoding="utf-8"))
    return parser


def values(parser: DirectoryParser, name: str) -> list[str]:
    return [value for value, _ in parser.options[name] if value]


def check_directory(site: Path | str, data_dir: Path) -> DirectoryParser:
    """Every cluster file has exactly one row with the right attributes; options match the rows."""
    as_of = read_yaml(data_dir / "programme.yml")["as_of"]
    records = [read_yaml(path) for path in sorted((data_dir / "clusters").glob("*.yml"))]
    parser = parse_directory(site)
    rows = {row["data-slug"]: row for row in parser.rows}
    assert len(rows) == len(parser.rows), "a cluster has more than one row"
    assert set(rows) == {r["slug"] for r in records}
    for record in records:
        row = rows[record["slug"]]
        expected = expected_row(record, as_of)
        assert {name: row.get(name) for name in expected} == expected, record["slug"]

    # Each filter offers exactly the values present in the data (years up to the as-of year);
    # the order of the levels is tested in test_content.py, from programme.yml.
    assert sorted(values(parser, "level")) == sorted({expected_row(r, as_of)["data-level"] for r in records})
    assert set(values(parser, "county")) == {row["data-county"] for row in parser.rows}
    assert set(values(parser, "sector")) == {s for row in parser.rows for s in row["data-sectors"].split()}
    shown = Data(data_dir.parent / data_dir.name).shown_years(1900)  # the years the coverage lets pages show
    years = sorted({int(y) for row in parser.rows for y in row["data-years"].split() if int(y) in shown})
    assert values(parser, "year") == [str(y) for y in years]
    assert all(label == value for value, label in parser.options["year"][1:])  # a year is its own label
    # Today's counties in name order, and "County not known" last where a cluster has none.
    today = sorted({county_today(r.get("county"), r.get("county_today")) for r in records} - {None}, key=str.casefold)
    unknown = [("not-known", "County not known")] if any(
        not county_today(r.get("county"), r.get("county_today")) for r in records) else []
    assert parser.options["county"][1:] == [(key(c), c) for c in today] + unknown
    sectors = dict(sorted(((key(s), s) for r in records for s in r.get("sectors", [])), key=lambda kv: kv[1].casefold()))
    if any(not r.get("sectors") for r in records):  # "Sector not known" comes last
        sectors[SECTOR_NOT_KNOWN] = "Sector not known"
    assert parser.options["sector"][1:] == list(sectors.items())
    return parser


def test_every_cluster_is_a_row_with_its_data(published):
    parser = check_directory(published.page("clusters/index.html"), REPO / "data")
    assert len(parser.rows) == len(list(CLUSTER_DIR.glob("*.yml")))


def test_filter_form_is_hidden_without_the_script_and_has_every_control(built_site):
    parser = parse_directory(built_site)
    assert parser.form is not None and "hidden" in parser.form
    assert set(parser.options) == {"level", "county", "sector", "year", "sort"}
    for name in ("level", "county", "sector", "year"):
        assert parser.options[name][0][0] == "", f"{name} starts with an 'all' option"
    assert values(parser, "sort") == ["name", "year", "year-desc", "members"]
    assert "../assets/javascripts/directory.js" in parser.scripts
    assert "../assets/stylesheets/nce-directory.css" in parser.styles
    html = (built_site / "clusters" / "index.html").read_text(encoding="utf-8")
    for name in ("level", "county", "sector", "year", "sort"):
        assert f'<label for="nce-dir-{name}">' in html and f'id="nce-dir-{name}"' in html
    assert re.search(r'role="status"[^>]*aria-live="polite"', html)


def test_rows_are_in_name_order_within_each_group(built_site):
    html = (built_site / "clusters" / "index.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="nce-group".*?</section>', html, flags=re.S)
    assert sections
    for body in sections:
        names = re.findall(r'<tr data-slug="[^"]*"[^>]*data-name="([^"]*)"', body)
        assert names == sorted(names, key=str.casefold)


def test_script_runs_only_where_the_directory_is(built_site):
    script = (built_site / "assets" / "javascripts" / "directory.js").read_text(encoding="utf-8")
    assert "[data-nce-directory]" in script
    assert not re.search(r"https?://", script), "the script must not fetch anything"
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "data-nce-directory" not in home


def test_added_cluster_adds_its_row_and_options(repo_copy, tmp_path):
    real = [read_yaml(path) for path in CLUSTER_DIR.glob("*.yml")]
    # A sector no cluster has yet: the schema lists the sectors, so add one there.
    schema_path = repo_copy / "data" / "schema" / "common.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    # A county no cluster uses yet, from the schema's list.
    used = {county for r in real for county in (r.get("county"), r.get("county_today")) if county}
    county = next(c for c in schema["$defs"]["county"]["enum"] if c not in used)
    schema["$defs"]["sector"]["enum"].append("Space industry")
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    source = (REPO / "data" / "clusters" / "nce-blue-legasea.yml").read_text(encoding="utf-8")
    new = (source.replace("slug: nce-blue-legasea", "slug: nce-test-harbour")
           .replace("name: NCE Blue Legasea", "name: NCE Test Harbour")
           .replace("short_name: Blue Legasea", "short_name: Test Harbour")
           .replace("county: Møre og Romsdal", f"county: {county}")
           .replace("  - Seafood\n  - Food\n", "  - Space industry\n  - Seafood\n"))
    assert f"county: {county}" in new and "Space industry" in new
    (repo_copy / "data" / "clusters" / "nce-test-harbour.yml").write_text(new, encoding="utf-8")

    site = tmp_path / "site"
    result = build(repo_copy, site)
    assert result.returncode == 0, result.stderr
    parser = check_directory(site, repo_copy / "data")
    row = next(row for row in parser.rows if row["data-slug"] == "nce-test-harbour")
    today = county_today(county)  # a county that has merged since is filtered by today's
    assert today and row["data-county"] == key(today)
    assert row["data-sectors"] == "space-industry seafood"
    assert (key(today), today) in parser.options["county"]
    assert ("space-industry", "Space industry") in parser.options["sector"]
