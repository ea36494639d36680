"""Check parsed data against the JSON Schemas in data/schema/ and word the errors.

The schemas are the single description of the data: editors' tools read them, the
build validates with them and the data reference page is generated from them.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .problems import Problem, field_path, show
from .yamlfile import YamlDocument

KINDS = ("programme", "partner", "cluster")

_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number", "object": "a mapping of fields",
    "array": "a list", "boolean": "true or false", "null": "nothing",
}


@lru_cache(maxsize=None)
def _load_schemas(schema_dir: str) -> tuple[dict, Registry]:
    schemas = {}
    for path in sorted(Path(schema_dir).glob("*.schema.json")):
        schemas[path.name] = json.loads(path.read_text(encoding="utf-8"))
    registry = Registry().with_resources(
        (name, Resource.from_contents(contents)) for name, contents in schemas.items())
    return schemas, registry


def load_schema(schema_dir: Path, kind: str) -> dict:
    return _load_schemas(str(schema_dir))[0][f"{kind}.schema.json"]


def load_all_schemas(schema_dir: Path) -> dict[str, dict]:
    return dict(_load_schemas(str(schema_dir))[0])


def _validator(schema_dir: Path, kind: str) -> Draft202012Validator:
    schemas, registry = _load_schemas(str(schema_dir))
    return Draft202012Validator(schemas[f"{kind}.schema.json"], registry=registry)


def _expected(error) -> str | None:
    """The plain-words expectation a schema attaches to a value, if any."""
    for schema in (error.schema, *(e.schema for e in error.context or ())):
        if isinstance(schema, dict) and "x-expected" in schema:
            return schema["x-expected"]
    return None


def _suggest(word, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _problems_for(error, doc: YamlDocument) -> list[Problem]:
    parts = list(error.absolute_path)
    here = field_path(parts)
    value = error.instance
    validator = error.validator
    if validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = [key for key in value if key not in allowed]
        return [Problem(doc.display_path, doc.line_of(parts + [key], key=True), field_path(parts + [key]),
                        f"unknown field{_suggest(key, allowed)}; expected one of: {', '.join(allowed)}")
                for key in extra]
    if validator == "required":
        missing = [key for key in error.validator_value if key not in value]
        description = error.schema.get("properties", {})
        return [Problem(doc.display_path, doc.line_of(parts), field_path(parts + [key]),
                        f"required field is missing; expected {_describe(description.get(key, {}), key)}")
                for key in missing]
    expected = _expected(error)
    line = doc.line_of(parts)
    if validator == "type" and expected is None:
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        message = f"{show(value)} is the wrong kind of value; expected {' or '.join(_TYPE_WORDS[w] for w in wanted)}"
    elif validator == "enum":
        choices = error.validator_value
        message = f"{show(value)} is not allowed{_suggest(value, choices)}; expected one of: {', '.join(map(str, choices))}"
    elif validator in ("minLength", "pattern") and expected is None:
        message = f"{show(value)} is empty; expected some text"
    elif validator == "minItems":
        message = f"the list has {len(value)} items; expected at least {error.validator_value}"
    elif validator == "uniqueItems":
        message = "the list repeats an item; expected each item once"
    elif expected is not None:
        message = f"{show(value)} is not valid; expected {expected}"
    else:
        message = error.message
    return [Problem(doc.display_path, line, here, message)]


def _describe(schema: dict, key: str) -> str:
    if "x-expected" in schema:
        return schema["x-expected"]
    return schema.get("description", key).rstrip(".").lower() if schema.get("description") else key


def validate_document(doc: YamlDocument, kind: str, schema_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    for error in _validator(schema_dir, kind).iter_errors(doc.data):
        problems.extend(_problems_for(error, doc))
    return problems
