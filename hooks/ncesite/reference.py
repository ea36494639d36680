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
from .wording import ENGLISH, Wording

# The kinds of data file, in the order the page shows them: the most edited first.
# (kind, heading's attribute in the wording, the heading's anchor in every language)
KINDS = (("cluster", "REF_CLUSTER_FILES", "cluster-files"), ("partner", "REF_PARTNER_FILES", "partner-files"),
         ("programme", "REF_PROGRAMME_FILE", "programme-file"))

# Shared building blocks of common.schema.json explained under "Formats", in this order.
FORMATS = ("prose", "text", "date", "url", "slug")

# Controlled lists: (definition in common.schema.json, heading, anchor). Fields that use the
# first three link to their list; confidence has few enough values to show inline.
LISTS = (("level", "REF_LEVELS", "levels"), ("county", "REF_COUNTIES", "counties"),
         ("sector", "REF_SECTORS", "sectors"), ("confidence", "REF_CONFIDENCE", "confidence"))
_LINKED = {"Level": ("REF_LEVEL", "REF_LEVELS", "levels"), "County": ("REF_COUNTY", "REF_COUNTIES", "counties"),
           "Sector": ("REF_SECTOR", "REF_SECTORS", "sectors")}

_MARKUP = str.maketrans({"|": "&#124;", "*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;",
                         "\\": "&#92;", "#": "&#35;", "{": "&#123;", "}": "&#125;"})


def text(value) -> str:
    """Schema text for a Markdown page or table cell: escaped, on one line, never markup."""
    return html.escape(" ".join(str(value).split()), quote=False).translate(_MARKUP)


def code(value) -> str:
    """Schema text shown as code, escaped the same way."""
    return f"<code>{text(value)}</code>"


def _normalise(schemas: dict[str, dict]) -> dict[str, dict]:
    """Accept schemas keyed by file name (cluster.schema.json) or by kind (cluster)."""
    return {name if name.endswith(".schema.json") else f"{name}.schema.json": schema
            for name, schema in schemas.items()}


# The schemas' titles of the formats, and the wording's name for each.
_FORMAT_WORDS = {"Text in English and Bokmål": "REF_PROSE", "Date": "REF_DATE", "Web address": "REF_URL",
                 "Slug": "REF_SLUG", "Text": "REF_TEXT"}


def _type_words(schema: dict, schemas: dict[str, dict], document: str = "common.schema.json",
                w: Wording = ENGLISH) -> str:
    """The kind of value a field holds, in words."""
    title = schema.get("title")
    if title in _LINKED and "enum" in schema:
        kind, heading, anchor = _LINKED[title]
        return w.REF_SEE.format(kind=text(getattr(w, kind)), link=f"[{getattr(w, heading)}](#{anchor})")
    if "enum" in schema:
        return w.REF_ONE_OF.format(values=", ".join(code(value) for value in schema["enum"]))
    if title in _FORMAT_WORDS:
        return getattr(w, _FORMAT_WORDS[title])
    kind = schema.get("type")
    if kind == "array":
        items, _ = resolve(schemas, schema.get("items", {}), document)
        if "properties" in items:
            return w.REF_LIST_OF_ENTRIES
        return w.REF_LIST_OF.format(kind=_type_words(items, schemas, document, w))
    if kind == "object":
        return w.REF_MAPPING
    if kind in ("integer", "number"):
        word = w.REF_WHOLE_NUMBER if kind == "integer" else w.REF_NUMBER
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return w.REF_FROM_TO.format(kind=word, low=low, high=high)
        if low is not None:
            return w.REF_OR_MORE.format(kind=word, low=low)
        return word
    if kind == "boolean":
        return w.REF_TRUE_FALSE
    return text(kind) if kind else w.REF_ANY


def _example(schema: dict, schemas: dict[str, dict]) -> str:
    examples = schema.get("examples")
    shared = schemas.get("common.schema.json", {}).get("$defs", {})
    if not examples or any(schema.get("title") == shared.get(name, {}).get("title")
                           and examples == shared.get(name, {}).get("examples") for name in ("url", "prose")):
        return ""  # a web address of one organisation (or a text about one cluster) is no example for another field
    value = examples[0]
    if isinstance(value, str):
        return code(value)
    return code(_flow(value))


def _flow(value) -> str:
    """A YAML value on one line, as an editor could write it: {en: ..., nb: ...}."""
    shown = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6)
    return shown.strip().removesuffix("...").strip()


def _english(value, w: Wording) -> str:
    """A schema's own text (written in English), marked as English on a page in another language."""
    shown = text(value)
    return f'<span lang="en">{shown}</span>' if w.code != "en" and shown else shown


def _row(info: FieldInfo, schemas: dict[str, dict], w: Wording = ENGLISH) -> str:
    cells = (
        code(info.path),
        _type_words(info.schema, schemas, w=w),
        w.REF_YES if info.required else w.REF_NO,
        _english(info.schema.get("description", ""), w),
        _example(info.schema, schemas),
    )
    return "| " + " | ".join(cells) + " |"


def _fields_table(kind: str, schemas: dict[str, dict], w: Wording = ENGLISH) -> list[str]:
    lines = [f"| {w.REF_FIELD} | {w.REF_TYPE} | {w.REF_REQUIRED} | {w.REF_DESCRIPTION} | {w.REF_EXAMPLE} |",
             "| --- | --- | --- | --- | --- |"]
    lines += [_row(info, schemas, w) for info in iter_fields(schemas, kind)]
    return lines


def _heading(title: str, anchor: str, w: Wording) -> str:
    """A heading whose anchor is the same in every language (links to #formats work in each)."""
    return f"## {title}" if w.code == "en" else f"## {title} {{ #{anchor} }}"


def data_reference_markdown(schemas: dict[str, dict], w: Wording = ENGLISH) -> str:
    """The Markdown body of the Data reference page, from the schemas (keyed by file name or kind).
    Headings and the page's own words are in the wording's language; the schemas' descriptions
    are in English, marked as such on a page in another language."""
    schemas = _normalise(schemas)
    common = schemas.get("common.schema.json", {}).get("$defs", {})
    out = [w.REF_INTRO, "", w.REF_HOW, "", f"- {w.REF_HOW_FIELD}", f"- {w.REF_HOW_REQUIRED}",
           f"- {w.REF_HOW_OTHERS}", f"- {w.REF_HOW_FORMATS}", ""]
    if w.code != "en":
        out += [w.REF_DESCRIPTIONS_IN_ENGLISH, ""]
    for kind, heading, anchor in KINDS:
        name = f"{kind}.schema.json"
        if name not in schemas:
            continue
        root, _ = resolve(schemas, schemas[name], name)
        out += [_heading(getattr(w, heading), anchor, w), "", _english(root.get("description", ""), w), ""]
        out += _fields_table(kind, schemas, w)
        out.append("")

    out += [_heading(w.REF_FORMATS, "formats", w), "", f"| {w.REF_TYPE} | {w.REF_MEANING} | {w.REF_EXAMPLE} |",
            "| --- | --- | --- |"]
    for key in FORMATS:
        definition = common.get(key)
        if definition:
            words = _type_words(definition, schemas, w=w)
            examples = ", ".join(code(e if isinstance(e, str) else _flow(e)) for e in definition.get("examples", ()))
            out.append(f"| {words} | {_english(definition.get('description', ''), w)} | {examples} |")
    out.append("")

    for key, heading, anchor in LISTS:
        definition = common.get(key)
        if not definition or "enum" not in definition:
            continue
        out += [_heading(getattr(w, heading), anchor, w), "", _english(definition.get("description", ""), w), ""]
        out += [f"- {code(value)}" for value in definition["enum"]]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
