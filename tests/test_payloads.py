"""Data is data: a payload in every string field of every kind reaches every output as text.

The fields come from the JSON Schemas, not from a list kept here: every value of a data file
whose schema is free text (text, prose in either language, a list of them) or a web address
gets a payload of its own, and a free-text field that no file uses is filled in from its
schema's example first. So a field added to a schema is covered without a new test, and a
free-text field with no example and no value in the data fails the test until it has one.

Two builds of the same copy of the repository (three clusters, the real partners and
programme) are compared: as they are, and with the payloads. Every page is parsed (a DOM, not
a search for strings); no page of the payload build may hold more elements or attributes of
any kind (a tag with its attribute names) than the same page of the clean build, no address
may start with `javascript:`, and each payload must be found whole as text or as an attribute's
value somewhere in the pages, or as a value in the open data. The JSON-LD, the search indexes,
the sitemap, clusters.json and clusters.csv are read with their own parsers.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import build, copy_repo

from ncesite.schemas import FieldInfo, iter_fields, load_all_schemas, resolve
from ncesite.yamlfile import parse_yaml

KEPT_CLUSTERS = ("gce-node", "nce-eyde", "nce-raufoss")
# Each payload starts with its own mark, so each can be found again. No blank line (a new
# paragraph would add an element of its own), no control character (refused as it is read).
TEXT_PAYLOADS = (
    "{mark} <img src=x onerror=alert(1)> <script data-nce-payload>alert(1)</script> & done",
    "{mark} **bold** _em_ [x](javascript:alert(1)) ![i](x.png) `code` <!-- c --> {{: onclick=alert(1) }}",
    "{mark} {{{{ 7*7 }}}} {{% raw %}} {{# c #}} </title></style></textarea> ]]> --> ${{x}}",
    "{mark} </script><script data-nce-payload>alert(1)</script> \" ' \\ \u2028 end",
    "{mark} ---\ntitle: injected\n--- <svg onload=alert(1)> # heading",
)
URL_PAYLOADS = (
    "https://example.no/{mark}?q=\"><img/src=x/onerror=alert(1)>",
    "https://example.no/{mark})[x](javascript:alert(1))**b**{{{{7*7}}}}",
    "https://example.no/{mark}#'onmouseover='alert(1)'",
)


# --- which values get a payload: decided from the schemas -----------------------------------------

def _pattern(parts) -> str:
    text = ""
    for part in parts:
        text += "[]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _form(schema: dict, ref: str | None) -> str | None:
    """"text", "url" or None (an id, a date, a choice from a list: not free text)."""
    ref = ref or ""
    if ref.endswith(("#/$defs/text", "#/$defs/prose")):
        return "text"
    if ref.endswith("#/$defs/url"):
        return "url"
    if "enum" in schema or schema.get("type") not in (None, "string"):
        return None
    return "text" if schema.get("pattern", r"\S") == r"\S" and "anyOf" not in schema else None


def _leaf_form(fields: dict[str, FieldInfo], schemas: dict, parts: tuple) -> str | None:
    path = _pattern(parts)
    info = fields.get(path)
    if info is not None:
        return _form(info.schema, info.ref)
    parent = fields.get(_pattern(parts[:-1]))
    if parent is None:
        return None
    if isinstance(parts[-1], int):  # an item of a list field: what its items are
        items = parent.schema.get("items", {})
        resolved, _ = resolve(schemas, items, "common.schema.json") if "$ref" in items else (items, None)
        return _form(resolved, items.get("$ref"))
    if parts[-1] in ("en", "nb") and parent.is_prose:
        return "text"
    return None


class Payloads:
    """Puts a payload in every free-text and address value, or (`plain`) a harmless text with the
    same mark, so the clean build shows which values reach which output; remembers what went where."""

    def __init__(self, plain: bool = False):
        self.plain = plain
        self.placed: dict[str, tuple[str, str]] = {}  # mark -> (the value, the file and field it was put in)

    def make(self, form: str, where: str) -> str:
        mark = f"NCEP{len(self.placed):03d}"
        if self.plain:
            value = f"{mark} plain words" if form == "text" else f"https://example.no/{mark}"
        else:
            choices = TEXT_PAYLOADS if form == "text" else URL_PAYLOADS
            value = choices[len(self.placed) % len(choices)].format(mark=mark)
        self.placed[mark] = (value, where)
        return value

    def fill(self, value, parts: tuple, fields, schemas, name: str):
        if isinstance(value, dict):
            return {key: self.fill(item, parts + (key,), fields, schemas, name) for key, item in value.items()}
        if isinstance(value, list):
            return [self.fill(item, parts + (index,), fields, schemas, name) for index, item in enumerate(value)]
        if isinstance(value, str) and (form := _leaf_form(fields, schemas, parts)):
            return self.make(form, f"{name}: {_pattern(parts)}")
        return value


def _complete(value: dict, schema: dict, document: str, schemas: dict, missing: list[str], prefix: str) -> None:
    """Free-text fields `value` lacks, filled in from their schema's example."""
    for key, prop in schema.get("properties", {}).items():
        resolved, where = resolve(schemas, prop, document)
        path = f"{prefix}.{key}" if prefix else key
        if key not in value:
            form = _form(resolved, prop.get("$ref"))
            items = resolved.get("items", {})
            if form is None and resolved.get("type") == "array" and "$ref" in items:
                form = _form(resolve(schemas, items, where)[0], items["$ref"])
            if form is not None:
                if resolved.get("examples"):
                    value[key] = copy.deepcopy(resolved["examples"][0])
                else:
                    missing.append(path)
            continue
        if "properties" in resolved and isinstance(value[key], dict):
            _complete(value[key], resolved, where, schemas, missing, path)
        elif "items" in resolved and isinstance(value[key], list):
            items, item_doc = resolve(schemas, resolved["items"], where)
            for item in value[key]:
                if isinstance(item, dict) and "properties" in items:
                    _complete(item, items, item_doc, schemas, missing, path + "[]")


def _data_files(repo: Path) -> list[tuple[Path, str]]:
    data = repo / "data"
    return ([(data / "programme.yml", "programme")] + [(p, "partner") for p in sorted((data / "partners").glob("*.yml"))]
            + [(p, "cluster") for p in sorted((data / "clusters").glob("*.yml"))])


def _write(path: Path, kind: str, value: dict) -> None:
    schema = f"schema/{kind}.schema.json" if kind == "programme" else f"../schema/{kind}.schema.json"
    path.write_text(f"# yaml-language-server: $schema={schema}\n"
                    + yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


# --- reading the outputs --------------------------------------------------------------------------

class _Dom(HTMLParser):
    """Elements (tag and attribute names), every text and attribute value, and the JSON-LD."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: Counter = Counter()
        self.texts: list[str] = []
        self.addresses: list[str] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        self.elements[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
        for name, value in attrs:
            if value is not None:
                self.texts.append(value)
                if name in ("href", "src", "action", "formaction", "xlink:href"):
                    self.addresses.append(value)
        self._in_jsonld = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_jsonld = False

    def handle_endtag(self, tag):
        self._in_jsonld = False

    def handle_data(self, data):
        self.texts.append(data)
        if self._in_jsonld:
            self.jsonld.append(data)


def _dom(text: str) -> _Dom:
    dom = _Dom()
    dom.feed(text)
    dom.close()
    return dom


def _pages(site: Path) -> dict[str, _Dom]:
    return {p.relative_to(site).as_posix(): _dom(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


def _index(site: Path, language: str) -> dict[str, Counter]:
    entries = json.loads((site / language / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    found: dict[str, Counter] = {}
    for entry in entries:
        found.setdefault(entry["location"], Counter()).update(_dom(entry["title"] + entry["text"]).elements)
    return found


# --- the test -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("payloads")
    clean = copy_repo(root / "clean")
    for path in (clean / "data" / "clusters").glob("*.yml"):
        if path.stem not in KEPT_CLUSTERS:
            path.unlink()
    schemas = load_all_schemas(clean / "data" / "schema")
    missing: list[str] = []
    hostile = root / "hostile"
    shutil.copytree(clean, hostile)
    placed = {}
    for name, repo in (("clean", clean), ("hostile", hostile)):
        # Both builds hold the same fields (those no file has taken from their schema's example) and
        # the same marks, plain words in one and payloads in the other, in the same places.
        placed[name] = Payloads(plain=name == "clean")
        for path, kind in _data_files(repo):
            doc, problems = parse_yaml(path, path.name)
            assert not problems, problems
            schema = f"{kind}.schema.json"
            _complete(doc.data, *resolve(schemas, schemas[schema], schema), schemas, missing, "")
            fields = {info.path: info for info in iter_fields(schemas, kind)}
            _write(path, kind, placed[name].fill(doc.data, (), fields, schemas, path.relative_to(repo).as_posix()))
    sites = {}
    for name, repo in (("clean", clean), ("hostile", hostile)):
        sites[name] = root / f"site-{name}"
        result = build(repo, sites[name])
        assert result.returncode == 0, result.stderr[-3000:]
    return sites, placed, sorted(set(missing))


def test_every_free_text_field_has_a_value_or_an_example(builds):
    _, _, missing = builds
    assert missing == [], f"free-text fields with no value in the data and no example in their schema: {missing}"


def test_no_page_gains_an_element_or_attribute(builds):
    sites, _, _ = builds
    clean, hostile = _pages(sites["clean"]), _pages(sites["hostile"])
    assert clean.keys() == hostile.keys()
    for path, dom in hostile.items():
        gained = dom.elements - clean[path].elements
        assert not gained, f"{path}: {sorted(gained)}"
        assert not [a for a in dom.addresses if a.strip().lower().startswith("javascript:")], path


def _outputs(site: Path) -> list[str]:
    """Every text and attribute value of every page, and every value of the open data, with runs
    of white space as one space (as a reader sees them)."""
    texts = [text for dom in _pages(site).values() for text in dom.texts]
    for language in ("", "nb"):
        texts += _strings(json.loads((site / language / "open-data" / "clusters.json").read_text(encoding="utf-8")))
    return [" ".join(text.split()) for text in texts]


def test_every_payload_is_there_as_text(builds):
    """Each value the clean build shows somewhere, the payload build shows whole, as text."""
    sites, placed, _ = builds
    clean, hostile = _outputs(sites["clean"]), _outputs(sites["hostile"])
    shown = [mark for mark, (value, _) in placed["clean"].placed.items() if any(value in text for text in clean)]
    assert len(shown) > len(placed["clean"].placed) / 2, "most fields are shown somewhere"
    not_found = [placed["hostile"].placed[mark][1] for mark in shown
                 if not any(" ".join(placed["hostile"].placed[mark][0].split()) in text for text in hostile)]
    assert not_found == [], "\n".join(not_found)


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def test_json_ld_is_json_and_holds_the_names_exactly(builds):
    sites, placed, _ = builds
    values = {value for value, _ in placed["hostile"].placed.values()}
    for path, dom in _pages(sites["hostile"]).items():
        for text in dom.jsonld:
            item = json.loads(text)  # neither broken nor ended early by a payload
            if path.startswith("clusters/") and item.get("@type") == "Organization":
                assert item["name"] in values, path


def test_search_indexes_gain_no_markup(builds):
    sites, _, _ = builds
    for language in ("", "nb"):
        clean, hostile = _index(sites["clean"], language), _index(sites["hostile"], language)
        for location, elements in hostile.items():
            gained = elements - clean.get(location, Counter())
            assert not gained, f"{language}/{location}: {sorted(gained)}"


def test_open_data_and_sitemap_read_with_their_own_parsers(builds):
    sites, placed, _ = builds
    values = {value for value, _ in placed["hostile"].placed.values()}
    site = sites["hostile"]
    for language in ("", "nb"):
        ET.fromstring((site / language / "sitemap.xml").read_bytes())
        records = json.loads((site / language / "open-data" / "clusters.json").read_text(encoding="utf-8"))["clusters"]
        rows = list(csv.DictReader(io.StringIO((site / language / "open-data" / "clusters.csv").read_text(encoding="utf-8"))))
        assert [r["slug"] for r in rows] == [r["slug"] for r in records]
        for record, row in zip(records, rows):
            assert row["name"] == record["name"] and record["name"] in values
