"""Check parsed data against the JSON Schemas in data/schema/ and word the errors.

The schemas are the single description of the data: editors' tools read them, the
build validates with them and the data reference page is generated from them.

A file is first checked by a compiled validator (jsonschema-rs), which only decides
valid or invalid and is about a hundred times faster. Only a file it rejects goes
through jsonschema, whose errors are worded for the editor; so every message still
comes from the full check, and jsonschema is imported only when a file has a problem.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jsonschema_rs

from .problems import Problem, field_path, show
from .yamlfile import YamlDocument

KINDS = ("programme", "partner", "cluster")

_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number", "object": "a mapping of fields",
    "array": "a list", "boolean": "true or false", "null": "nothing",
}


_FOLLOWING: list = []  # what is worked out from the schemas, forgotten when they change (refresh)


def follows_schemas(function):
    """functools.cache for a function whose result follows from the schemas."""
    cached = cache(function)
    _FOLLOWING.append(cached)
    return cached


_read_as: dict[str, tuple] = {}  # schema folder -> its files' names, sizes and times when last read


def refresh(schema_dir: Path) -> None:
    """Forget what was worked out from the schemas in `schema_dir` if one of its files changed since
    (a preview runs on while an editor changes a schema). Called once at the start of each build."""
    files = sorted(Path(schema_dir).glob("*.schema.json"))
    stamp = tuple((path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in files)
    if _read_as.get(str(schema_dir)) not in (None, stamp):
        for cached in _FOLLOWING:
            cached.cache_clear()
    _read_as[str(schema_dir)] = stamp


@follows_schemas
def _load_schemas(schema_dir: str) -> dict[str, dict]:
    return {path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(Path(schema_dir).glob("*.schema.json"))}


def load_schema(schema_dir: Path, kind: str) -> dict:
    return _load_schemas(str(schema_dir))[f"{kind}.schema.json"]


def load_all_schemas(schema_dir: Path) -> dict[str, dict]:
    return dict(_load_schemas(str(schema_dir)))


def _without_refs(node, document: str, schemas: dict[str, dict]):
    """A copy of `node` where each {"$ref": X, ...} becomes {"allOf": [X resolved], ...}.

    Same meaning (in 2020-12 a $ref applies beside its sibling keywords), but the
    validator no longer resolves references for every value of every file, which was
    most of the time spent validating a large data folder. The schemas do not recurse.
    """
    if isinstance(node, list):
        return [_without_refs(item, document, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _without_refs(value, document, schemas) for key, value in node.items() if key != "$ref"}
    if "$ref" in node:
        target_document, _, pointer = node["$ref"].partition("#")
        target_document = target_document or document
        target = schemas[target_document]
        for part in (p for p in pointer.split("/") if p):
            target = target[part]
        out["allOf"] = [_without_refs(target, target_document, schemas)] + out.get("allOf", [])
    return out


@follows_schemas
def _validator(schema_dir: Path, kind: str):
    """The full check (jsonschema), which words every error."""
    from jsonschema import Draft202012Validator  # imported only when a file has a problem
    from referencing import Registry, Resource

    schemas = _load_schemas(str(schema_dir))
    registry = Registry().with_resources((n, Resource.from_contents(contents)) for n, contents in schemas.items())
    name = f"{kind}.schema.json"
    return Draft202012Validator(_without_refs(schemas[name], name, schemas), registry=registry)


@follows_schemas
def _fast_validator(schema_dir: Path, kind: str):
    """A compiled check (jsonschema-rs, JSON Schema 2020-12 as jsonschema reads it) that only
    says valid or invalid: about a hundred times faster than the full check. Compiled in a
    millisecond, so it is kept in memory only (never on disk), until a schema changes."""
    schemas = _load_schemas(str(schema_dir))
    name = f"{kind}.schema.json"
    return jsonschema_rs.validator_for(_without_refs(schemas[name], name, schemas))


def is_valid_fast(data, kind: str, schema_dir: Path) -> bool:
    """What the full check decides for `data`, without wording any error (False for text that
    is no text, a lone surrogate, which the full check then words)."""
    try:
        return _fast_validator(schema_dir, kind).is_valid(data)
    except UnicodeEncodeError:
        return False


@dataclass(frozen=True)
class FieldInfo:
    """One field a data file may hold, as its schema describes it."""

    path: str  # field path with [] for "any list item", such as status[].from
    schema: dict  # the field's schema with every $ref merged in (local keys win)
    required: bool  # required in its parent mapping
    ref: str | None = None  # the $ref the field is declared with, such as common.schema.json#/$defs/date

    @property
    def is_date(self) -> bool:
        """A partial date (YYYY, YYYY-MM or YYYY-MM-DD), the schemas' one date type."""
        return (self.ref or "").endswith("#/$defs/date")

    @property
    def is_prose(self) -> bool:
        """Text in English and, optionally, Bokmål: a string or {en: ..., nb: ...}."""
        return (self.ref or "").endswith("#/$defs/prose")

    @property
    def holds_prose(self) -> bool:
        """A list whose items are prose, such as a partner's facts."""
        items = self.schema.get("items")
        return isinstance(items, dict) and str(items.get("$ref", "")).endswith("#/$defs/prose")


def resolve(schemas: dict[str, dict], schema: dict, document: str) -> tuple[dict, str]:
    """Merge the schemas a `$ref` chain points at into one; return it and the file it ends in.

    `schemas` maps file names (cluster.schema.json, ...) to their contents; `document`
    is the file `schema` comes from, against which a relative `#/...` reference resolves.
    """
    layers = []
    while isinstance(schema, dict) and "$ref" in schema:
        layers.append(schema)
        target_file, _, pointer = schema["$ref"].partition("#")
        document = target_file or document
        target = schemas[document]
        for token in [t for t in pointer.split("/") if t]:
            target = target[token]
        schema = target
    merged = dict(schema)
    for layer in reversed(layers):
        merged.update({key: value for key, value in layer.items() if key != "$ref"})
    return merged, document


def iter_fields(schemas: dict[str, dict], kind: str):
    """Yield a FieldInfo for every field of `kind`, depth first in schema order."""
    name = f"{kind}.schema.json"
    root, document = resolve(schemas, schemas[name], name)
    yield from _walk(schemas, root, document, "")


def _walk(schemas, obj: dict, document: str, prefix: str):
    required = set(obj.get("required", ()))
    for key, prop in obj.get("properties", {}).items():
        resolved, where = resolve(schemas, prop, document)
        path = f"{prefix}.{key}" if prefix else key
        yield FieldInfo(path, resolved, key in required, prop.get("$ref"))
        if "properties" in resolved:
            yield from _walk(schemas, resolved, where, path)
        elif "items" in resolved:
            items, item_doc = resolve(schemas, resolved["items"], where)
            if "properties" in items:
                yield from _walk(schemas, items, item_doc, path + "[]")


def prose_fields(schemas: dict[str, dict], kind: str) -> tuple[str, ...]:
    """Paths of the prose values of `kind`, with * for any list index: status.*.note, facts.*."""
    paths = []
    for info in iter_fields(schemas, kind):
        if info.is_prose:
            paths.append(info.path.replace("[]", ".*"))
        elif info.holds_prose:
            paths.append(info.path.replace("[]", ".*") + ".*")
    return tuple(paths)


def date_fields(schemas: dict[str, dict], kind: str) -> tuple[str, ...]:
    """Paths of the date fields of `kind`, with * for any list index: status.*.from."""
    return tuple(info.path.replace("[]", ".*") for info in iter_fields(schemas, kind) if info.is_date)


@follows_schemas
def _field_table(schema_dir: str, kind: str) -> dict[str, FieldInfo]:
    return {info.path: info for info in iter_fields(_load_schemas(schema_dir), kind)}


def _pattern(parts) -> str:
    """status[1].from -> status[].from, the path a FieldInfo is filed under."""
    text = ""
    for part in parts:
        text += "[]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _expected(error) -> str | None:
    """The plain-words expectation a schema attaches to a value, if any."""
    for schema in (error.schema, *(e.schema for e in error.context or ())):
        if isinstance(schema, dict) and "x-expected" in schema:
            return schema["x-expected"]
    return None


def _suggest(word, choices) -> str:
    text = str(word).strip()
    names = [str(c) for c in choices]
    # A choice written in another case (NCE for nce) is the likeliest meaning of all.
    close = [c for c in names if c.lower() == text.lower()] or difflib.get_close_matches(text, names, n=1, cutoff=0.6) \
        or difflib.get_close_matches(text.lower(), names, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _first_sentence(text: str) -> str:
    sentence = " ".join(text.split()).split(". ")[0].rstrip(".")
    if len(sentence) > 1 and sentence[0].isupper() and not sentence[1].isupper():
        sentence = sentence[0].lower() + sentence[1:]
    return sentence


def _wanted(info: FieldInfo | None, fallback: str | None, key: str) -> str:
    """What a field should hold, in words: its format if the schema states one, else its description."""
    form = (info.schema.get("x-expected") if info else None) or fallback
    if form:
        return form
    if info and info.schema.get("description"):
        return _first_sentence(info.schema["description"])
    return key


def _own_description(schema, key: str) -> str | None:
    """A property's description in the schema at hand, for mappings no field table lists (prose)."""
    described = schema.get("properties", {}).get(key, {}).get("description") if isinstance(schema, dict) else None
    return _first_sentence(described) if described else None


def _unknown_fields(error, doc: YamlDocument, fields) -> list[Problem]:
    parts, here = list(error.absolute_path), field_path(error.absolute_path)
    allowed = list(error.schema.get("properties", {}))
    return [Problem(doc.display_path, doc.line_of(parts + [str(key)], key=True),
                    (f"{here}.{key}" if here else str(key)) if key is not None else here,
                    (f"unknown field{_suggest(key, allowed)}" if key is not None else "a field has no name")
                    + f"; expected one of: {', '.join(allowed)}")
            for key in error.instance if key not in allowed]


def _missing_fields(error, doc: YamlDocument, fields) -> list[Problem]:
    parts = list(error.absolute_path)
    return [Problem(doc.display_path, doc.line_of(parts), field_path(parts + [key]),
                    "required field is missing; expected "
                    + _wanted(fields.get(_pattern(parts + [key])), _own_description(error.schema, key), key))
            for key in error.validator_value if key not in error.instance]


def _fields_that_go_together(error, doc: YamlDocument, fields) -> list[Problem]:
    """The schema names fields that go together (a town and its map position)."""
    parts = list(error.absolute_path)
    return [Problem(doc.display_path, doc.line_of(parts), field_path(parts + [key]),
                    f"required field is missing, because {given} is given; expected "
                    + _wanted(fields.get(_pattern(parts + [key])), None, key) + f", or leave out {given} too")
            for given, needed in error.validator_value.items() if given in error.instance
            for key in needed if key not in error.instance]


def _inside_a_mapping(error, doc: YamlDocument, fields) -> list[Problem] | None:
    """A mapping where text or a mapping is allowed (prose: {en: ..., nb: ...}): what is wrong inside it."""
    if not isinstance(error.instance, dict) or not error.context:
        return None
    inner = [e for e in error.context if isinstance(e.schema, dict) and e.validator != "type"
             and isinstance(e.instance, dict | str)]
    return [p for e in inner for p in _problems_for(e, doc, fields)] or None


# Validators whose problems are worded from the whole error, each a list of located problems
# (None: worded as a problem of the value itself, below).
_WHOLE_ERROR = {"additionalProperties": _unknown_fields, "required": _missing_fields,
                "dependentRequired": _fields_that_go_together, "anyOf": _inside_a_mapping}


def _type_message(value, wanted) -> str:
    wanted = [wanted] if isinstance(wanted, str) else wanted
    if wanted == ["string"] and isinstance(value, (bool, int, float)):
        kind = "true or false" if isinstance(value, bool) else "a number"
        return f"{show(value)} is read as {kind}; expected text, so put it in quotes: \"{show(value)}\""
    message = f"{show(value)} is the wrong kind of value; expected {' or '.join(_TYPE_WORDS[w] for w in wanted)}"
    if wanted == ["array"]:
        message += ", with each item on its own line starting with '- '"
    elif wanted == ["object"]:
        message += ", each on its own line as `field: value`"
    return message


def _value_message(error, expected: str | None) -> str:
    """What is wrong with one value, in an editor's words."""
    value, validator = error.instance, error.validator
    if validator == "type" and expected is None:
        return _type_message(value, error.validator_value)
    if validator == "enum":
        choices = error.validator_value
        return f"{show(value)} is not allowed{_suggest(value, choices)}; expected one of: {', '.join(map(str, choices))}"
    if validator in ("minLength", "pattern") and expected is None:
        return f"{show(value)} is empty; expected some text"
    if validator == "minItems":
        count = len(value)
        return f"the list has {count} item{'' if count == 1 else 's'}; expected at least {error.validator_value}"
    if validator == "uniqueItems":
        seen = set()
        repeated = next((item for item in value if (repr(item) in seen) or seen.add(repr(item))), None)
        return f"the list gives {show(repeated)} more than once; expected each item once"
    if expected is not None:
        return f"{show(value)} is not valid; expected {expected}"
    return error.message


def _problems_for(error, doc: YamlDocument, fields: dict[str, FieldInfo]) -> list[Problem]:
    whole = _WHOLE_ERROR.get(error.validator)
    found = whole(error, doc, fields) if whole else None
    if found is not None:
        return found
    parts, here = list(error.absolute_path), field_path(error.absolute_path)
    expected = _expected(error)
    if error.instance is None and error.validator in ("type", "enum", "anyOf", "oneOf", "pattern", "minLength"):
        info = fields.get(_pattern(parts))
        if info is None and error.validator == "enum":
            wanted = "one of: " + ", ".join(map(str, error.validator_value))
        else:
            wanted = _wanted(info, expected, here)
        return [Problem(doc.display_path, doc.line_of(parts, key=True), here, f"the value is empty; expected {wanted}")]
    return [Problem(doc.display_path, doc.line_of(parts), here, _value_message(error, expected))]


def validate_document(doc: YamlDocument, kind: str, schema_dir: Path) -> list[Problem]:
    """The problems of `doc`, as read from its file, against `kind`'s schema."""
    if is_valid_fast(doc.data, kind, schema_dir):
        return []
    problems: list[Problem] = []
    fields = _field_table(str(schema_dir), kind)
    for error in _validator(schema_dir, kind).iter_errors(doc.data):
        problems.extend(_problems_for(error, doc, fields))
    return _without_echoes(problems)


def _without_echoes(problems: list[Problem]) -> list[Problem]:
    """Drop "required field is missing" for a field whose misspelling is already reported.

    `form: 2010` gives "unknown field (did you mean 'from'?)"; saying that `from` is
    missing as well would be the same mistake twice.
    """
    meant = set()
    for problem in problems:
        suggestion = re.search(r"unknown field \(did you mean '([^']+)'\?\)", problem.message)
        if suggestion:
            parent = problem.field.rpartition(".")[0] if "." in problem.field else ""
            meant.add(f"{parent}.{suggestion.group(1)}" if parent else suggestion.group(1))
    return [p for p in problems if not (p.field in meant and p.message.startswith("required field is missing"))]
