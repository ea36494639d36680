"""Read one YAML data file into plain values plus the line of every field.

PyYAML is set up to read YAML as editors' tools (and JSON Schema) see it: dates
stay text, only true/false are booleans (so `no` stays the string "no"), and a
duplicate key is a problem instead of silently keeping the last value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, show

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _DataLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalars and duplicate-key detection."""

    problems: list[Problem]
    display_path: str

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                self.problems.append(Problem(self.display_path, key_node.start_mark.line + 1, "",
                                             "a mapping key must be a plain word, not a list or mapping"))
                continue
            if key in seen:
                self.problems.append(Problem(
                    self.display_path, key_node.start_mark.line + 1, str(key),
                    f"duplicate key (first given on line {seen[key]}); each field may appear once"))
            else:
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def _yaml12_resolvers(resolvers):
    cleaned = {}
    for first, entries in resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if tag != "tag:yaml.org,2002:timestamp"
                and tag != "tag:yaml.org,2002:bool"]
        if kept:
            cleaned[first] = kept
    return cleaned


_DataLoader.yaml_implicit_resolvers = _yaml12_resolvers(yaml.SafeLoader.yaml_implicit_resolvers)
for _first in "tTfF":
    _DataLoader.yaml_implicit_resolvers.setdefault(_first, []).append(("tag:yaml.org,2002:bool", _BOOL))


@dataclass
class YamlDocument:
    """A parsed data file: its values, and where each field stands."""

    display_path: str
    data: object
    value_lines: dict[tuple, int] = field(default_factory=dict)
    key_lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, parts, *, key: bool = False) -> int:
        """Line of the value (or key) at `parts`, falling back to its nearest parent."""
        parts = tuple(parts)
        table = self.key_lines if key else self.value_lines
        while parts:
            if parts in table:
                return table[parts]
            if parts in self.value_lines:
                return self.value_lines[parts]
            parts = parts[:-1]
        return self.value_lines.get((), 1)


def _index_lines(node, parts, doc: YamlDocument) -> None:
    doc.value_lines[parts] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                child = parts + (key_node.value,)
                doc.key_lines.setdefault(child, key_node.start_mark.line + 1)
                if child not in doc.value_lines:
                    _index_lines(value_node, child, doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, parts + (index,), doc)


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    text = f"{error.context or ''} {error.problem or ''}".strip()
    if "'\\t'" in text or "\\t" in text:
        return "a tab character is used for indentation; indent with spaces"
    text = text.replace("could not find expected ':'", "a line is missing the ':' between field and value")
    return f"invalid YAML: {text}; check indentation, colons and quotes around this line"


def parse_yaml(path: Path, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse `path`, returning the document or the problems that stopped it."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(display_path, line, "",
                              f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8")]
    for number, line_text in enumerate(text.splitlines(), start=1):
        if line_text[: len(line_text) - len(line_text.lstrip())].count("\t"):
            return None, [Problem(display_path, number, "",
                                  "a tab character is used for indentation; indent with spaces")]
    loader = _DataLoader(text)
    loader.problems = []
    loader.display_path = display_path
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(display_path, 1, "", "the file is empty; expected a mapping of fields such as `name: ...`")]
        doc = YamlDocument(display_path, None)
        _index_lines(node, (), doc)
        doc.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = f" (column {mark.column + 1})" if mark else ""
        return None, [Problem(display_path, line, "", _syntax_message(error) + column)]
    except yaml.YAMLError as error:
        return None, [Problem(display_path, 1, "", f"invalid YAML: {error}")]
    finally:
        loader.dispose()
    if loader.problems:
        return None, loader.problems
    if not isinstance(doc.data, dict):
        return None, [Problem(display_path, doc.line_of(()), "",
                              f"expected a mapping of fields such as `name: ...`, found {show(doc.data)}")]
    return doc, []
