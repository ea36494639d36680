"""Every field of the cluster schema reaches the model and the open data, and a field
added to the schema alone does too: the loader and the exports follow the schema."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import typing

import jinja2
import pytest
import yaml
from conftest import REPO
from expected import english

from ncesite import generate
from ncesite import model as m
from ncesite.loader import load_site_data
from ncesite.schemas import iter_fields, load_all_schemas

SCHEMAS = load_all_schemas(REPO / "data" / "schema")


def _exports(data_dir):
    env = generate.make_environment(jinja2.FileSystemLoader(str(REPO / "overrides")))
    build = generate.generate_site(load_site_data(data_dir), env, site_url="https://example.org/")
    files = {f.path: f.content for f in build.files}
    return json.loads(files["open-data/clusters.json"]), files["open-data/clusters.csv"]


def _model_keys(cls) -> dict[str, object]:
    """YAML key -> type hint of each field of a model class (as the loader reads them)."""
    hints = typing.get_type_hints(cls, vars(m))
    return {f.metadata.get("key", f.name).split(".")[0]: hints[f.name] for f in dataclasses.fields(cls)
            if f.metadata.get("key") != "-"}


def _item_class(hint):
    args = [a for a in typing.get_args(hint) if a is not type(None) and a is not Ellipsis]
    hint = args[0] if args else hint
    if typing.get_origin(hint) is tuple:
        hint = typing.get_args(hint)[0]
    return hint if dataclasses.is_dataclass(hint) else None


@pytest.mark.parametrize("kind, cls", [("cluster", m.Cluster), ("partner", m.Partner)])
def test_every_nested_schema_field_has_a_model_field(kind, cls):
    """Top-level properties no field declares are kept in `more`; inside lists and
    mappings every property needs a field of the nested class."""
    for info in iter_fields(SCHEMAS, kind):
        parts = info.path.replace("[]", "").split(".")
        if len(parts) == 1:
            continue
        owner, hint = cls, None
        for part in parts:
            keys = _model_keys(owner)
            if part not in keys and owner is cls and parts[0] == "coordinates":
                break  # coordinates.lat and .lon are fields of the cluster itself
            assert part in keys, f"{kind} schema field {info.path} has no field in model.{owner.__name__}"
            hint = keys[part]
            owner = _item_class(hint) or owner


def _same(shown, written) -> bool:
    """A value of clusters.json (as text) against the YAML's, read as text: mappings key by key."""
    if isinstance(written, dict):
        return isinstance(shown, dict) and all(_same(shown.get(k), v) for k, v in written.items())
    if isinstance(written, list):
        return isinstance(shown, list) and len(shown) == len(written) and all(map(_same, shown, written))
    return shown == written.strip()  # the loader strips text


def test_every_value_in_the_yaml_reaches_clusters_json():
    document, _ = _exports(REPO / "data")
    records = {r["slug"]: r for r in document["clusters"]}
    properties = [info.path for info in iter_fields(SCHEMAS, "cluster") if "." not in info.path and "[]" not in info.path]
    for path in sorted((REPO / "data" / "clusters").glob("*.yml")):
        written = english(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))  # every scalar as text
        record = records[written["slug"]]
        assert set(properties) <= set(record), (path.name, set(properties) - set(record))
        for key, value in written.items():
            assert _same(_as_text(record[key]), value), (path.name, key)


def _as_text(value):
    """clusters.json's values as text, to compare with YAML read without type conversion."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value if value is None or isinstance(value, str) else str(value)


def test_a_field_added_to_the_schema_alone_reaches_the_model_and_both_exports(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    schema_path = data / "schema" / "cluster.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["employees"] = {"type": "integer", "minimum": 0, "description": "People employed."}
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    cluster_file = data / "clusters" / "nce-eyde.yml"
    cluster_file.write_text(cluster_file.read_text(encoding="utf-8") + "employees: 4321\n", encoding="utf-8")

    clusters = {c.slug: c for c in load_site_data(data).clusters}
    assert clusters["nce-eyde"].employees == 4321
    assert clusters["gce-node"].employees is None  # left out: None, like any optional field

    document, table = _exports(data)
    records = {r["slug"]: r for r in document["clusters"]}
    assert records["nce-eyde"]["employees"] == 4321 and records["gce-node"]["employees"] is None
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(table))}
    assert rows["nce-eyde"]["employees"] == "4321" and rows["gce-node"]["employees"] == ""


def test_a_field_no_file_gives_reads_as_missing():
    """Templates ask for optional fields that a record may not have; an unknown name is an
    AttributeError (so `getattr(..., default)` and Jinja's `is defined` work), not another error."""
    data = load_site_data(REPO / "data")
    for record in (data.programme, data.programme.levels[0], data.partners[0], data.clusters[0]):
        assert getattr(record, "no_such_field", "absent") == "absent", type(record).__name__


def test_a_list_field_added_to_the_schema_alone_keeps_its_texts(tmp_path):
    """A list of plain texts that only the schema declares reaches the model and JSON as those texts."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    schema_path = data / "schema" / "cluster.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["partner_names"] = {"type": "array", "items": {"type": "string"},
                                             "description": "Partners named in a source."}
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    cluster_file = data / "clusters" / "nce-eyde.yml"
    cluster_file.write_text(cluster_file.read_text(encoding="utf-8") + "partner_names:\n  - Alpha AS\n  - Beta AS\n",
                            encoding="utf-8")

    clusters = {c.slug: c for c in load_site_data(data).clusters}
    assert clusters["nce-eyde"].partner_names == ("Alpha AS", "Beta AS")
    assert all(type(name) is str for name in clusters["nce-eyde"].partner_names)
    document, _ = _exports(data)
    assert next(r for r in document["clusters"] if r["slug"] == "nce-eyde")["partner_names"] == ["Alpha AS", "Beta AS"]
