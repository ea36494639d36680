"""The web editor's form (admin/config.yml, Decap CMS) is made from the JSON Schemas.

Expectations are read here from the schema files and the data, not from the generator:
every field of every schema is in the form with its label, its hint (the description) and
whether the file must hold it; each kind of value gets the widget and the checks its schema
implies; a field added to a schema is in the form at the next build.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from conftest import BUILD_ENV, REPO, build
from expected import schema_fields

from ncesite.cms import decap_config

SCHEMA_DIR = REPO / "data" / "schema"
SCHEMAS = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMA_DIR.glob("*.schema.json")}
COMMON = SCHEMAS["common.schema.json"]["$defs"]
KINDS = {"cluster": "clusters", "partner": "partners", "programme": "programme"}
REPO_URL = "https://github.com/someone/klynger"


def config_of(schemas=SCHEMAS) -> dict:
    return decap_config(schemas, repo_url=REPO_URL, edit_uri=REPO_URL + "/edit/trunk/docs/",
                        site_url="https://example.org/")


def collection(config: dict, kind: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == KINDS[kind])


def fields_of(found: dict) -> list[dict]:
    return found.get("fields") or found["files"][0]["fields"]


def is_prose_pair(field: dict) -> bool:
    return [part["name"] for part in field.get("fields", [])] == ["en", "nb"]


def form_fields(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    """path -> field of a form, paths as the schemas name them: status[].from, coordinates.lat."""
    found = {}
    for field in fields:
        path = f"{prefix}.{field['name']}" if prefix else field["name"]
        found[path] = field
        if is_prose_pair(field):
            continue  # a prose value, or a list of them: its en and nb are the value itself
        if field["widget"] == "object":
            found.update(form_fields(field["fields"], path))
        elif field["widget"] == "list" and "fields" in field:
            found.update(form_fields(field["fields"], path + "[]"))
    return found


def resolve(node: dict, document: str) -> tuple[dict, str]:
    """A schema node with its $ref followed (local keys win), and the file it ends in."""
    local = {key: value for key, value in node.items() if key != "$ref"}
    while "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        document = target or document
        node = SCHEMAS[document]
        for part in filter(None, pointer.split("/")):
            node = node[part]
    return {**node, **local}, document


def schema_facts(kind: str) -> dict[str, tuple[dict, bool]]:
    """path -> (the field's schema, whether every file of `kind` must hold it)."""
    facts = {}

    def walk(node: dict, document: str, prefix: str, present: bool):
        node, document = resolve(node, document)
        required = set(node.get("required", ()))
        for name, child in node.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            resolved, where = resolve(child, document)
            must = present and name in required
            facts[path] = (resolved, must)
            walk(resolved, where, path, must)
            if "items" in resolved:
                walk(resolved["items"], where, path + "[]", True)  # a list item exists once added

    walk(SCHEMAS[f"{kind}.schema.json"], f"{kind}.schema.json", "", True)
    return facts


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_the_schema_is_in_the_form_with_label_hint_and_required(kind):
    form = form_fields(fields_of(collection(config_of(), kind)))
    assert list(form) == [path for path in schema_fields(SCHEMA_DIR, kind) if path in form]
    assert set(form) == set(schema_fields(SCHEMA_DIR, kind))
    facts = schema_facts(kind)
    for path, field in form.items():
        schema, must = facts[path]
        assert field["label"], path
        assert field.get("hint", "") == " ".join(schema.get("description", "").split()), path
        assert field["required"] is must, path


def test_labels_read_as_words():
    form = form_fields(fields_of(collection(config_of(), "cluster")))
    assert form["short_name"]["label"] == "Short name"
    assert form["coordinates.lat"]["label"] == "Latitude"
    assert form["members[].as_of"]["label"] == "As of"
    partner = form_fields(fields_of(collection(config_of(), "partner")))
    assert partner["name_no"]["label"] == "Name (Norwegian)"


def test_each_kind_of_value_gets_its_widget_and_checks():
    form = form_fields(fields_of(collection(config_of(), "cluster")))
    date_pattern = next(b["pattern"] for b in COMMON["date"]["anyOf"] if b.get("type") == "string")
    # enum: a select of exactly the schema's values
    assert form["status[].level"]["widget"] == "select"
    assert form["status[].level"]["options"] == COMMON["level"]["enum"]
    assert form["members[].unit"]["options"] == ["members", "partners", "companies", "owners"]
    # a list of enum values: a select of several, at least as many as the schema's minItems
    assert form["sectors"]["widget"] == "select" and form["sectors"]["multiple"] is True
    assert form["sectors"]["options"] == COMMON["sector"]["enum"] and form["sectors"]["min"] == 1
    # prose: an English and a Bokmål text field; the English required where the value is
    for path, must in (("description", True), ("status[].note", False), ("region", False)):
        en, nb = form[path]["fields"]
        assert (en["name"], en["label"], en["widget"], en["required"]) == ("en", "English", "text", must), path
        assert (nb["name"], nb["label"], nb["widget"], nb["required"]) == ("nb", "Bokmål", "text", False), path
    # a list of prose: a list of English and Bokmål pairs
    assert form["technology"]["widget"] == "list" and is_prose_pair(form["technology"])
    # dates: text in the schema's own pattern, with its words when it does not match
    for path in ("founded", "status[].from", "status[].to", "members[].as_of", "milestones[].date"):
        assert form[path]["widget"] == "string", path
        assert form[path]["pattern"] == [date_pattern, "expected " + COMMON["date"]["x-expected"]], path
    # numbers, with the schema's bounds
    assert {key: form["members[].count"].get(key) for key in ("widget", "value_type", "min")} == \
        {"widget": "number", "value_type": "int", "min": 0}
    assert {key: form["coordinates.lat"].get(key) for key in ("widget", "value_type", "min", "max")} == \
        {"widget": "number", "value_type": "float", "min": 57.9, "max": 71.2}
    # patterns of text: addresses, slugs
    assert form["website"]["pattern"][0] == COMMON["url"]["pattern"]
    assert form["slug"]["pattern"][0] == COMMON["slug"]["pattern"]
    # lists of mappings and of texts; mappings
    assert form["status"]["widget"] == "list" and form["status"]["min"] == 1
    assert form["former_names"]["widget"] == "list" and form["former_names"]["field"]["widget"] == "string"
    assert form["coordinates"]["widget"] == "object"


def test_the_editor_opens_pull_requests_on_the_repository_it_is_built_from():
    config = config_of()
    assert config["backend"] == {"name": "github", "repo": "someone/klynger", "branch": "trunk"}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["local_backend"] is True
    for kind in KINDS:
        found = collection(config, kind)
        assert found["delete"] is False  # Decap would delete on the main branch, without a pull request
        assert found["format"] == f"nce-{kind}" and found["extension"] == "yml"
    assert collection(config, "cluster")["folder"] == "data/clusters"
    assert collection(config, "partner")["folder"] == "data/partners"
    assert collection(config, "programme")["files"][0]["file"] == "data/programme.yml"


@pytest.mark.parametrize(("kind", "example"), [("cluster", "data/clusters/nce-media.yml"),
                                               ("partner", "data/partners/siva.yml"),
                                               ("programme", "data/programme.yml")])
def test_a_new_file_starts_with_the_line_the_data_files_have(kind, example):
    first_line = (REPO / example).read_text(encoding="utf-8").splitlines()[0]
    assert collection(config_of(), kind)["modeline"] == first_line


def test_a_field_added_to_a_schema_is_in_the_built_form(repo_copy, tmp_path):
    schema_file = repo_copy / "data" / "schema" / "cluster.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["properties"]["leader"] = {"$ref": "common.schema.json#/$defs/text",
                                      "description": "Who leads the cluster organisation."}
    schema["properties"]["contract"] = {
        "type": "object", "description": "The current contract.", "required": ["signed"],
        "properties": {"signed": {"$ref": "common.schema.json#/$defs/date", "description": "When it was signed."},
                       "kind": {"enum": ["first", "renewal"], "description": "Which contract."}}}
    schema["required"].append("leader")
    schema_file.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    site = tmp_path / "site"
    result = build(repo_copy, site)
    # Every cluster now lacks the required field: the build stops, and says so ...
    assert result.returncode != 0 and "leader: required field is missing" in result.stderr
    schema["required"].remove("leader")
    schema_file.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    result = build(repo_copy, site)
    assert result.returncode == 0, result.stderr
    # ... and once optional, the form has it, with no other edit.
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    form = form_fields(fields_of(collection(config, "cluster")))
    assert {key: form["leader"].get(key) for key in ("label", "hint", "required", "widget")} == \
        {"label": "Leader", "hint": "Who leads the cluster organisation.", "required": False, "widget": "string"}
    assert list(form)[list(form).index("uncertain[].note") + 1:] == ["leader", "contract", "contract.signed",
                                                                        "contract.kind"]
    assert form["contract"]["widget"] == "object" and form["contract"]["required"] is False
    # Inside a mapping a file may leave out, nothing is required before the mapping is given.
    assert form["contract.signed"]["widget"] == "string" and form["contract.signed"]["required"] is False
    assert form["contract.kind"]["options"] == ["first", "renewal"]


def test_the_editor_is_published_once_and_outside_search_sitemap_and_zip(built_site):
    import zipfile

    admin = built_site / "admin"
    for name in ("index.html", "config.yml", "nce-admin.js", "nce-format.js", "vendor/decap-cms/decap-cms.js",
                 "vendor/decap-cms/LICENSE", "vendor/yaml/index.js", "vendor/yaml/LICENSE"):
        assert (admin / name).is_file(), name
    assert not (built_site / "nb" / "admin").exists()
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "nce-site/nce-site"  # mkdocs.yml's default repo_url
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8") + \
        (built_site / "nb" / "sitemap.xml").read_text(encoding="utf-8")
    assert "/admin" not in sitemap
    for index in (built_site / "search" / "search_index.json", built_site / "nb" / "search" / "search_index.json"):
        locations = [doc["location"] for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]]
        assert locations and not [loc for loc in locations if loc.startswith("admin")]
    with zipfile.ZipFile(built_site / "download" / "nce-site-offline.zip") as bundle:
        assert not [name for name in bundle.namelist() if "/admin/" in name]


def test_the_editor_page_loads_only_what_is_published_with_it(built_site):
    page = (built_site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    for source in ("vendor/decap-cms/decap-cms.js", "nce-admin.js"):
        assert f'src="{source}"' in page and (built_site / "admin" / source).is_file()
    assert "//" not in page.replace("<!doctype", "").split("<body>")[0].replace("data:,", "")


def test_the_vendored_scripts_name_their_version():
    vendor = REPO / "hooks" / "ncesite" / "admin" / "vendor"
    decap = (vendor / "decap-cms" / "decap-cms.js").read_text(encoding="utf-8")
    notes = (vendor / "README.md").read_text(encoding="utf-8")
    version = decap.rsplit('console.log("decap-cms ', 1)[1].split('"', 1)[0]
    assert f"| {version} |" in notes, version
    assert "MIT License" in (vendor / "decap-cms" / "LICENSE").read_text(encoding="utf-8")
    assert "Eemeli Aro" in (vendor / "yaml" / "LICENSE").read_text(encoding="utf-8")


def test_the_command_line_reads_the_repository_as_mkdocs_does(tmp_path):
    # The command line reads mkdocs.yml as MkDocs does, so a fork's variables reach both.
    code = "from ncesite.site_address import from_config; print(from_config().repo_url)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**BUILD_ENV, "NCE_REPO_URL": REPO_URL}, cwd=tmp_path)
    assert result.stdout.strip() == REPO_URL
