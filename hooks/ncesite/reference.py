"""The "Data reference" page, written from the JSON Schemas in data/schema/.

The schemas are the one description of the data, so this page cannot drift from
what validation enforces: every field with its type, whether it is required, its
description and an example, then the formats and the controlled lists.

`data_reference_markdown` returns Markdown only (no front matter, no title): the
generator adds the page around it. Every text taken from a schema is HTML-escaped,
and characters that Markdown or a table would read as markup are written as
character references, so a description can never become markup.
"""

from __future__ import annotations

import html

import yaml

from .schemas import FieldInfo, iter_fields, resolve

# The kinds of data file, in the order the page shows them: the most edited first.
KINDS = (("cluster", "Cluster files"), ("partner", "Partner files"), ("programme", "Programme file"))

# Shared building blocks of common.schema.json explained under "Formats", in this order.
FORMATS = ("prose", "text", "date", "url", "slug")

# Controlled lists: (definition in common.schema.json, heading). Fields that use the
# first three link to their list; confidence has few enough values to show inline.
LISTS = (("level", "Levels"), ("county", "Counties"), ("sector", "Sectors"), ("confidence", "Confidence"))
_LINKED = {"Level": "Levels", "County": "Counties", "Sector": "Sectors"}

_MARKUP = str.maketrans({"|": "&#124;", "*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;",
                         "\\": "&#92;", "#": "&#35;", "{": "&#123;", "}": "&#125;"})


def text(value) -> str:
    """Schema text for a Markdown page or table cell: escaped, on one line, never markup."""
    return html.escape(" ".join(str(value).split()), quote=False).translate(_MARKUP)


def code(value) -> str:
    """Schema text shown as code, escaped the same way."""
    return f"<code>{text(value)}</code>"


def _anchor(heading: str) -> str:
    return heading.lower().replace(" ", "-")


def _normalise(schemas: dict[str, dict]) -> dict[str, dict]:
    """Accept schemas keyed by file name (cluster.schema.json) or by kind (cluster)."""
    return {name if name.endswith(".schema.json") else f"{name}.schema.json": schema
            for name, schema in schemas.items()}


_FORMAT_WORDS = {"Text in English and Bokmål": "text in English and Bokmål", "Date": "date",
                 "Web address": "web address", "Slug": "slug", "Text": "text"}


def _type_words(schema: dict, schemas: dict[str, dict], document: str = "common.schema.json") -> str:
    """The kind of value a field holds, in words."""
    title = schema.get("title")
    if title in _LINKED and "enum" in schema:
        return f"{text(title.lower())}, see [{_LINKED[title]}](#{_anchor(_LINKED[title])})"
    if "enum" in schema:
        return "one of " + ", ".join(code(value) for value in schema["enum"])
    if title in _FORMAT_WORDS:
        return _FORMAT_WORDS[title]
    kind = schema.get("type")
    if kind == "array":
        items, _ = resolve(schemas, schema.get("items", {}), document)
        if "properties" in items:
            return "list of entries"
        word = _type_words(items, schemas, document)
        return f"list of {word}"
    if kind == "object":
        return "mapping of fields"
    if kind in ("integer", "number"):
        word = "whole number" if kind == "integer" else "number"
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return f"{word} from {low} to {high}"
        if low is not None:
            return f"{word}, {low} or more"
        return word
    if kind == "boolean":
        return "true or false"
    return text(kind or "any value")


def _example(schema: dict, schemas: dict[str, dict]) -> str:
    examples = schema.get("examples")
    shared = schemas.get("common.schema.json", {}).get("$defs", {})
    if not examples or any(schema.get("title") == shared.get(name, {}).get("title")
                           and examples == shared.get(name, {}).get("examples") for name in ("url", "prose")):
        return ""  # a web address of one organisation (or a text about one cluster) is no example for another field
    value = examples[0]
    if isinstance(value, str):
        return code(value)
    shown = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6)
    return code(shown.strip().removesuffix("...").strip())


def _row(info: FieldInfo, schemas: dict[str, dict]) -> str:
    cells = (
        code(info.path),
        _type_words(info.schema, schemas),
        "yes" if info.required else "no",
        text(info.schema.get("description", "")),
        _example(info.schema, schemas),
    )
    return "| " + " | ".join(cells) + " |"


def _fields_table(kind: str, schemas: dict[str, dict]) -> list[str]:
    lines = ["| Field | Type | Required | Description | Example |", "| --- | --- | --- | --- | --- |"]
    lines += [_row(info, schemas) for info in iter_fields(schemas, kind)]
    return lines


def data_reference_markdown(schemas: dict[str, dict]) -> str:
    """The Markdown body of the Data reference page, from the schemas (keyed by file name or kind)."""
    schemas = _normalise(schemas)
    common = schemas.get("common.schema.json", {}).get("$defs", {})
    out = [
        "Everything on this site comes from YAML files in the `data/` folder of the repository. "
        "This page lists every field those files may hold. It is generated from the JSON Schemas "
        "in `data/schema/`, the same schemas that check the data before each build, so it is "
        "always up to date.",
        "",
        "How to read the tables:",
        "",
        "- **Field** is the field's name. A name such as `status[].from` is the field `from` "
        "inside each entry of the list `status`.",
        "- **Required** fields must be present and not empty. A required field inside a list "
        "(such as `links[].url`) is required in each entry you add to that list.",
        "- No other fields are allowed: a misspelt field name is reported, with the closest "
        "correct name.",
        "- The formats (text in English and Bokmål, text, date, web address, slug) are explained "
        "[below](#formats).",
        "",
    ]
    for kind, heading in KINDS:
        name = f"{kind}.schema.json"
        if name not in schemas:
            continue
        root, _ = resolve(schemas, schemas[name], name)
        out += [f"## {heading}", "", text(root.get("description", "")), ""]
        out += _fields_table(kind, schemas)
        out.append("")

    out += ["## Formats", "", "| Type | Meaning | Example |", "| --- | --- | --- |"]
    for key in FORMATS:
        definition = common.get(key)
        if definition:
            words = _type_words(definition, schemas)
            examples = ", ".join(code(e) for e in definition.get("examples", ()))
            out.append(f"| {words} | {text(definition.get('description', ''))} | {examples} |")
    out.append("")

    for key, heading in LISTS:
        definition = common.get(key)
        if not definition or "enum" not in definition:
            continue
        out += [f"## {heading}", "", text(definition.get("description", "")), ""]
        out += [f"- {code(value)}" for value in definition["enum"]]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
