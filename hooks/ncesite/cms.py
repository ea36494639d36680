"""The web editor at /admin/: Decap CMS, configured from the JSON Schemas.

Editors without a terminal change a cluster, a partner or the programme in a form; with
the editorial workflow each saved change becomes a branch and a pull request. This module
makes the form from the schemas, so a field added to a schema is in the form at the next
build, with its label, its hint (the schema's description), whether it is required, and
the checks the schema sets (pattern, enum, minimum and maximum, minItems):

    enum                -> select (a list of enum values: select with multiple)
    prose               -> a pair of text fields, English and Bokmål
    date                -> a text field with the date's own pattern
    integer, number     -> number
    list                -> list (of mappings, of texts, of prose pairs)
    mapping             -> object
    any other text      -> string, with the schema's pattern

Decap validates every field it shows, even inside an optional mapping that is left out,
so a field is required in the form only where the file must hold it: required in its
mapping, and that mapping required too (up to the file or a list item, which exists only
once the editor adds it). `python -m ncesite validate` in the pull request's checks
applies the rest (rules across fields, such as a town with its map position).

The files under admin/ next to this module (the start page, the script that reads the
configuration and the format that keeps a file's comments and layout, and the vendored
Decap CMS and `yaml` scripts with their licences) are published as they are; only
config.yml is made here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import yaml

from .schemas import FieldInfo, resolve

ADMIN_FOLDER = "admin"  # site-relative folder of the editor
STATIC_DIR = Path(__file__).resolve().parent / "admin"
# Files beside the published ones: the marker that makes node read the scripts as modules
# (for the tests) and the notes on the vendored versions.
_NOT_PUBLISHED = {"package.json", "README.md"}

# The kinds of data file, each one collection: (kind, collection settings).
# `format` names the custom format nce-admin.js registers for the collection (nce-format.js).
COLLECTIONS = (
    ("cluster", {"name": "clusters", "label": "Clusters", "label_singular": "Cluster", "folder": "data/clusters",
                 "create": True, "slug": "{{fields.slug}}", "identifier_field": "name"}),
    ("partner", {"name": "partners", "label": "Partners", "label_singular": "Partner", "folder": "data/partners",
                 "create": False, "identifier_field": "name"}),
    ("programme", {"name": "programme", "label": "Programme", "file": "data/programme.yml"}),
)
# Deleting a published entry in Decap commits to the main branch at once, without a pull request.
NO_DIRECT_DELETE = {"delete": False}
DATA_EXTENSION = "yml"
SCHEMA_FOLDER = "data/schema"

# Words of a field's name that read better otherwise in its label.
_LABEL_WORDS = {"no": "(Norwegian)", "nok": "NOK", "url": "URL", "id": "ID", "lat": "Latitude", "lon": "Longitude",
                "nb": "Bokmål", "en": "English"}


def label(name: str) -> str:
    """A field's label from its name: short_name -> Short name, name_no -> Name (Norwegian)."""
    words = [_LABEL_WORDS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _pattern_check(schema: dict, fallback: str) -> list[str] | None:
    """Decap's pattern: the schema's regular expression and what is expected, in words."""
    pattern = schema.get("pattern")
    if pattern is None:
        return None
    return [pattern, "expected " + (schema.get("x-expected") or fallback)]


def _prose(schemas: dict[str, dict], required: bool) -> dict:
    """Prose: English and Bokmål, each a text field; the English is what a file must hold."""
    common = schemas["common.schema.json"]["$defs"]
    mapping = next(branch for branch in common["prose"]["anyOf"] if branch.get("type") == "object")
    text = common["text"]
    parts = []
    for code, words in mapping["properties"].items():
        part = {"name": code, "label": label(code), "widget": "text",
                "required": required and code in mapping.get("required", ()),
                "hint": words.get("description", "")}
        check = _pattern_check(text, "some text")
        if check:
            part["pattern"] = check
        parts.append(part)
    return {"widget": "object", "collapsed": False, "fields": parts}


def _date_pattern(schema: dict) -> list[str]:
    """A date is text in the schema's own pattern (a year may also be a plain number)."""
    text = next(branch for branch in schema["anyOf"] if branch.get("type") == "string")
    return [text["pattern"], "expected " + schema.get("x-expected", "a date")]


def _widget(info: FieldInfo, schemas: dict[str, dict], document: str, required: bool) -> dict:
    """The Decap settings for one field (without its name, label, hint and required flag)."""
    schema = info.schema
    if info.is_prose:
        return _prose(schemas, required)
    if info.is_date:
        return {"widget": "string", "pattern": _date_pattern(schema)}
    if "enum" in schema:
        return {"widget": "select", "options": list(schema["enum"])}
    kind = schema.get("type")
    if kind == "array":
        items_ref = schema.get("items", {}).get("$ref")
        items, where = resolve(schemas, schema.get("items", {}), document)
        settings: dict = {}
        if "minItems" in schema:
            settings["min"] = schema["minItems"]
        if "enum" in items:
            return {"widget": "select", "multiple": True, "options": list(items["enum"]), **settings}
        if "properties" in items:
            fields = list(_fields(schemas, items, where, info.path + "[]", True))
            summary = _summary(fields)
            return {"widget": "list", **({"summary": summary} if summary else {}), "fields": fields, **settings}
        item = FieldInfo(info.path + "[]", items, True, items_ref)
        if item.is_prose:
            # Decap keeps a list's items as they are only with `fields`: a list of {en, nb}.
            parts = _prose(schemas, True)["fields"]
            return {"widget": "list", "summary": "{{fields.en}}", "fields": parts, **settings}
        return {"widget": "list", "collapsed": False,
                "field": {"name": "item", "label": label(_singular(info.path)), "required": True,
                          **_widget(item, schemas, where, True)}, **settings}
    if kind == "object":
        return {"widget": "object", "collapsed": False,
                "fields": list(_fields(schemas, schema, document, info.path, required))}
    if kind in ("integer", "number"):
        settings = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        for key in ("minimum", "maximum"):
            if key in schema:
                settings[key[:3]] = schema[key]
        return settings
    settings = {"widget": "string"}
    check = _pattern_check(schema, "some text")
    if check:
        settings["pattern"] = check
    return settings


def _singular(path: str) -> str:
    name = path.rpartition(".")[2]
    return name[:-1] if name.endswith("s") else name


def _summary(fields: list[dict]) -> str:
    """What a collapsed list item shows: its first required values that are one line of text."""
    shown = [f"{{{{fields.{f['name']}}}}}" for f in fields
             if f["required"] and f["widget"] in ("string", "select", "number")][:2]
    return " ".join(shown)


def _fields(schemas: dict[str, dict], obj: dict, document: str, prefix: str, present: bool) -> Iterator[dict]:
    """The form fields of a mapping's properties, in schema order. `present` is whether the
    mapping is always in the file (so its required fields are required in the form)."""
    required = set(obj.get("required", ()))
    for key, prop in obj.get("properties", {}).items():
        resolved, where = resolve(schemas, prop, document)
        path = f"{prefix}.{key}" if prefix else key
        info = FieldInfo(path, resolved, key in required, prop.get("$ref"))
        needed = present and info.required
        field = {"name": key, "label": label(key), "required": needed}
        description = resolved.get("description")
        if description:
            field["hint"] = " ".join(description.split())
        field.update(_widget(info, schemas, where, needed))
        yield field


def collection_fields(schemas: dict[str, dict], kind: str) -> list[dict]:
    """The form of a file of `kind`: one Decap field for each property of its schema."""
    name = f"{kind}.schema.json"
    root, document = resolve(schemas, schemas[name], name)
    return list(_fields(schemas, root, document, "", True))


def modeline(data_path: str, kind: str) -> str:
    """The first line of a data file, which links it to its schema for editors' tools."""
    schema = f"{SCHEMA_FOLDER}/{kind}.schema.json"
    return f"# yaml-language-server: $schema={os.path.relpath(schema, os.path.dirname(data_path))}"


def repository_of(repo_url: str) -> str:
    """owner/name from a repository's address: https://github.com/nce-site/nce-site -> nce-site/nce-site."""
    match = re.match(r"^https?://[^/]+/([^/]+/[^/#?]+?)(?:\.git)?/?$", repo_url or "")
    if not match:
        raise ValueError(f"not a repository address: {repo_url!r}")
    return match.group(1)


def branch_of(edit_uri: str, default: str = "main") -> str:
    """The branch that edit links open: .../edit/<branch>/docs/ -> <branch>."""
    match = re.search(r"/(?:edit|blob)/([^/]+)/", edit_uri or "")
    return match.group(1) if match else default


def decap_config(schemas: dict[str, dict], *, repo_url: str, edit_uri: str = "", site_url: str = "",
                 auth_url: str = "") -> dict:
    """Decap CMS's configuration (admin/config.yml) for the repository at `repo_url`."""
    backend = {"name": "github", "repo": repository_of(repo_url), "branch": branch_of(edit_uri)}
    if auth_url:
        backend["base_url"] = auth_url  # the OAuth client that signs editors in (CONTRIBUTING.md)
    config: dict = {
        "backend": backend,
        # Each saved entry is a branch and a pull request, merged once reviewed.
        "publish_mode": "editorial_workflow",
        # On 127.0.0.1 or localhost, work through decap-server in a local clone, if one runs.
        "local_backend": True,
        # Decap requires a media folder; no field takes a file.
        "media_folder": "docs/assets/uploads",
        "editor": {"preview": False},
    }
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    collections = []
    for kind, settings in COLLECTIONS:
        collection = {key: value for key, value in settings.items() if key != "file"}
        collection.update({"format": f"nce-{kind}", "extension": DATA_EXTENSION, **NO_DIRECT_DELETE})
        fields = collection_fields(schemas, kind)
        if "file" in settings:
            collection["files"] = [{"name": settings["name"], "label": settings["label"], "file": settings["file"],
                                    "fields": fields}]
            collection["modeline"] = modeline(settings["file"], kind)
        else:
            collection["fields"] = fields
            collection["modeline"] = modeline(f"{settings['folder']}/x.{DATA_EXTENSION}", kind)
        collections.append(collection)
    config["collections"] = collections
    return config


CONFIG_HEADER = """\
# Decap CMS's configuration of the web editor, made by the build from data/schema/*.json
# (hooks/ncesite/cms.py): change the schemas, not this file. `modeline` (the first line of a
# new file) is read by nce-admin.js.
"""


# libyaml writes the same text four times faster, where PyYAML has it.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def config_text(config: dict) -> str:
    return CONFIG_HEADER + yaml.dump(config, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)


@cache
def _static_file(path: str, stamp: tuple[int, int]) -> bytes:
    return (STATIC_DIR / path).read_bytes()


def static_files() -> dict[str, bytes]:
    """The editor's page, scripts and vendored code, by site path (admin/...)."""
    found = {}
    for path in sorted(STATIC_DIR.rglob("*")):
        relative = path.relative_to(STATIC_DIR).as_posix()
        if path.is_file() and path.name not in _NOT_PUBLISHED:
            stat = path.stat()
            found[f"{ADMIN_FOLDER}/{relative}"] = _static_file(relative, (stat.st_mtime_ns, stat.st_size))
    return found


def admin_files(schemas: dict[str, dict], *, repo_url: str, edit_uri: str = "", site_url: str = "",
                auth_url: str = "") -> dict[str, str | bytes]:
    """Every file of /admin/, by site path: the generated configuration and the static files."""
    config = decap_config(schemas, repo_url=repo_url, edit_uri=edit_uri, site_url=site_url, auth_url=auth_url)
    return {f"{ADMIN_FOLDER}/config.yml": config_text(config), **static_files()}
