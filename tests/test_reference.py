"""The Data reference page, generated from the JSON Schemas."""

from __future__ import annotations

import copy
import html
import re

import markdown
from conftest import REPO
from expected import schema_fields

from ncesite.reference import data_reference_markdown
from ncesite.schemas import load_all_schemas

SCHEMAS = load_all_schemas(REPO / "data" / "schema")
# The fields each table must list, read from the schema files here, not by the page's own walker.
FIELDS = {kind: schema_fields(REPO / "data" / "schema", kind) for kind in ("cluster", "partner", "programme")}
PAGE = data_reference_markdown(SCHEMAS)
COMMON = SCHEMAS["common.schema.json"]["$defs"]


def entity(text: str) -> str:
    """A field path as the page writes it: characters Markdown would read are references."""
    return text.replace("_", "&#95;").replace("[", "&#91;").replace("]", "&#93;")


def row(path: str, page: str = PAGE) -> list[str]:
    """The cells of the table row for the field `path`."""
    start = f"| <code>{entity(path)}</code> |"
    rows = [line for line in page.splitlines() if line.startswith(start)]
    assert len(rows) >= 1, f"no row for {path}"
    return [cell.strip() for cell in rows[0].strip().strip("|").split(" | ")]


def section(heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", PAGE, flags=re.M | re.S)
    assert match, f"no section {heading}"
    return match.group(1)


def field_rows(heading: str) -> list[str]:
    """The field paths of a section's table, in the page's order."""
    return [html.unescape(path) for path in re.findall(r"^\| <code>(.*?)</code> \|", section(heading), flags=re.M)]


def test_every_cluster_field_has_one_row_in_schema_order():
    assert field_rows("Cluster files") == FIELDS["cluster"]
    assert "coordinates.lat" in FIELDS["cluster"] and "status[].from" in FIELDS["cluster"]


def test_every_field_of_every_kind_has_one_row_in_schema_order():
    for kind, heading in (("partner", "Partner files"), ("programme", "Programme file")):
        assert field_rows(heading) == FIELDS[kind], kind


def test_required_fields_are_marked():
    required = set(SCHEMAS["cluster.schema.json"]["required"])
    for name in SCHEMAS["cluster.schema.json"]["properties"]:
        assert row(name)[2] == ("yes" if name in required else "no"), name
    assert row("status[].from")[2] == "yes"
    assert row("status[].to")[2] == "no"


def test_rows_give_type_description_and_example():
    slug = row("slug")
    assert slug[1] == "slug"
    assert slug[3] == "Identifier used in the page address; must equal the file name without .yml."
    assert slug[4] == "<code>nce-blue-legasea</code>"
    assert row("coordinates")[4] == "<code>&#123;lat: 62.4723, lon: 6.1549&#125;</code>"
    assert row("founded")[1] == "date"
    assert row("county")[1] == "county, see [Counties](#counties)"
    assert row("sectors")[1] == "list of sector, see [Sectors](#sectors)"
    assert row("members[].count")[1] == "whole number, 0 or more"
    assert row("members[].qualifier")[1] == "one of <code>about</code>, <code>over</code>"


def test_controlled_lists_are_listed():
    for key, heading in (("county", "Counties"), ("sector", "Sectors"), ("level", "Levels")):
        items = re.findall(r"^- <code>(.*)</code>$", section(heading), flags=re.M)
        assert items == COMMON[key]["enum"], heading
    assert "- <code>Møre og Romsdal</code>" in section("Counties")


def test_formats_are_explained():
    formats = section("Formats")
    for word in ("| date |", "| web address |", "| slug |", "| text |"):
        assert word in formats
    assert "<code>2018-11-08</code>" in formats


def test_renders_as_tables_with_one_row_per_field():
    html = markdown.markdown(PAGE, extensions=["tables", "attr_list", "md_in_html", "toc"])
    assert html.count("<table>") == 4  # cluster, partner, programme, formats
    fields = sum(len(paths) for paths in FIELDS.values())
    formats = len(re.findall(r"^\| (?!Type|---)", section("Formats"), flags=re.M))
    assert html.count("<tr>") == fields + formats + 4  # plus one header row a table
    assert 'id="counties"' in html and 'href="#counties"' in html


def test_text_from_schemas_is_escaped():
    schemas = copy.deepcopy(SCHEMAS)
    city = schemas["cluster.schema.json"]["properties"]["city"]
    city["description"] = "A <script>alert(1)</script> | {{ 7*7 }} *bold* `code` [link](x)"
    city["examples"] = ["Bø | Ås"]
    page = data_reference_markdown(schemas)
    line = next(line for line in page.splitlines() if line.startswith("| <code>city</code>"))
    assert line.count("|") == 6, line  # five cells: no pipe from the schema splits a cell
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in line
    assert "{{" not in line and "*bold*" not in line and "`code`" not in line and "[link]" not in line
    rendered = markdown.markdown(page, extensions=["tables"])
    cells = re.search(r"<tr>\s*<td><code>city</code></td>(.*?)</tr>", rendered, flags=re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", cells, flags=re.S)
    assert "<" not in cells[2], cells[2]  # the description is text only: no element made from it
    assert html.unescape(cells[2]) == city["description"]  # and reads exactly as written
    assert cells[3] == "<code>Bø &#124; Ås</code>"


def test_independent_of_the_order_the_schema_files_are_read_in():
    reordered = data_reference_markdown(dict(reversed(list(SCHEMAS.items()))))
    by_kind = data_reference_markdown({name.removesuffix(".schema.json"): s for name, s in SCHEMAS.items()})
    assert reordered == PAGE and by_kind == PAGE


def test_markdown_only():
    assert not PAGE.startswith("---") and "<html" not in PAGE and not PAGE.startswith("# ")
    assert PAGE.endswith("\n") and not PAGE.endswith("\n\n")
