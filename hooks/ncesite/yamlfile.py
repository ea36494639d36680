"""Read one YAML data file into plain values plus the line of every field.

PyYAML is set up to read YAML as editors' tools (and JSON Schema) see it: dates
stay text, only true/false are booleans (so `no` stays the string "no"), and a
duplicate key is a problem instead of silently keeping the last value. Anchors,
aliases and merge keys are refused before anything expands them. Syntax errors are
reworded for editors and located by line, column and field.

What YAML reads but no editor could have meant is refused too, each problem located:
characters a reader cannot see (control characters, lone surrogates and the
bidirectional controls that reorder text on screen), numbers that are not numbers
(.nan, .inf) and mappings or lists nested deeper than any data file needs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, field_path, show

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _Checks:
    """Loader behaviour shared by the C and the pure-Python loader: unhashable keys are problems."""

    problems: list[Problem]
    display_path: str

    def construct_mapping(self, node, deep=False):
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                self.problems.append(Problem(self.display_path, key_node.start_mark.line + 1, "",
                                             "a mapping key must be a plain word, not a list or mapping"))
        if any(p.field == "" and "mapping key" in p.message for p in self.problems):
            return {}
        return super().construct_mapping(node, deep=deep)


def _yaml12_resolvers(resolvers):
    cleaned = {}
    for first, entries in resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if tag != "tag:yaml.org,2002:timestamp"
                and tag != "tag:yaml.org,2002:bool"]
        if kept:
            cleaned[first] = kept
    return cleaned


class _DataLoader(_Checks, yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalars; its error messages are the ones reworded below."""


_DataLoader.yaml_implicit_resolvers = _yaml12_resolvers(yaml.SafeLoader.yaml_implicit_resolvers)
for _first in "tTfF":
    _DataLoader.yaml_implicit_resolvers.setdefault(_first, []).append(("tag:yaml.org,2002:bool", _BOOL))

# libyaml reads the same files several times faster. Its error messages differ, so a
# file it cannot read is read again with the pure-Python loader to word the problem.
_LOADERS: tuple[type, ...] = (_DataLoader,)
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(_Checks, yaml.CSafeLoader):
        """The same loader on libyaml."""

    _FastLoader.yaml_implicit_resolvers = _DataLoader.yaml_implicit_resolvers
    _LOADERS = (_FastLoader, _DataLoader)


@dataclass
class YamlDocument:
    """A parsed data file: its values, and where each field stands."""

    display_path: str
    data: object
    value_lines: dict[tuple, int] = field(default_factory=dict)
    key_lines: dict[tuple, int] = field(default_factory=dict)
    valid: bool = True  # set False by the loader when the data breaks a rule

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


# Deeper than any data file needs (the programme's five levels, with room to spare): a value
# nested deeper is a mistake, or an attempt to make the reading itself run out of stack.
MAX_DEPTH = 8


def _index_lines(node, parts, doc: YamlDocument, problems: list[Problem]) -> None:
    """Record the line of every value and key; report keys given twice in one mapping, and
    values nested deeper than MAX_DEPTH (which are then not read further)."""
    doc.value_lines[parts] = node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and len(parts) >= MAX_DEPTH:
        problems.append(_too_deep_problem(doc.display_path, node.start_mark.line, field_path(parts)))
        return
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                child = parts + (key_node.value,)
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    problems.append(Problem(
                        doc.display_path, line, field_path(child),
                        f"duplicate field (first given on line {seen[key_node.value]}); each field may "
                        "appear once, so remove or merge one of them"))
                    continue
                seen[key_node.value] = line
                doc.key_lines[child] = line
                _index_lines(value_node, child, doc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, parts + (index,), doc, problems)


def _too_deep_problem(display_path: str, line: int, path: str) -> Problem:
    return Problem(display_path, line + 1, path,
                   f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; expected the "
                   "shallow structure of the schema (a data file needs at most five levels)")


def _first_too_deep(text: str, display_path: str) -> Problem:
    """Where a file nests deeper than MAX_DEPTH, found from the parser's events (read one at
    a time, never composed), for a file too deep for the loader to read at all."""
    depth, path = 0, ""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line
                    path = _path_at(text, line)
                    return _too_deep_problem(display_path, line, path)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except (yaml.YAMLError, RecursionError):
        pass
    return _too_deep_problem(display_path, 0, path)


# Characters an editor cannot see in a value, which would reach readers unseen or change what
# they see: C0 controls but tab and line feed, DEL, C1 controls, lone surrogates (not text at
# all: they cannot be written as UTF-8), and the bidirectional embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069), which reorder the text around them on screen.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_INVISIBLE_NAMES = {
    0x7F: "the DEL control character", 0x202A: "a left-to-right embedding", 0x202B: "a right-to-left embedding",
    0x202C: "a pop directional formatting", 0x202D: "a left-to-right override", 0x202E: "a right-to-left override",
    0x2066: "a left-to-right isolate", 0x2067: "a right-to-left isolate", 0x2068: "a first strong isolate",
    0x2069: "a pop directional isolate",
}


def _invisible_name(character: str) -> str:
    code = ord(character)
    if code in _INVISIBLE_NAMES:
        return _INVISIBLE_NAMES[code]
    if 0xD800 <= code <= 0xDFFF:
        return "half of a character (a lone surrogate)"
    return "a control character"


def _value_problems(doc: YamlDocument) -> list[Problem]:
    """Text with characters no editor can see, and numbers that are no numbers, in keys and values."""
    problems: list[Problem] = []

    def visit(value, parts: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and _INVISIBLE.search(key):
                    report(key, parts + (key,), key=True)
                visit(item, parts + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, parts + (index,))
        elif isinstance(value, str):
            if _INVISIBLE.search(value):
                report(value, parts)
        elif isinstance(value, float) and not math.isfinite(value):
            written = ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
            problems.append(Problem(doc.display_path, doc.line_of(parts), field_path(parts),
                                    f"{written} is not a real number; expected a number such as 62.47"))

    def report(text: str, parts: tuple, *, key: bool = False) -> None:
        found = _INVISIBLE.search(text)
        character = found.group()
        what = "a field name" if key else "the text"
        problems.append(Problem(
            doc.display_path, doc.line_of(parts, key=key), field_path(parts),
            f"{what} contains {_invisible_name(character)} (U+{ord(character):04X}) at character "
            f"{found.start() + 1}, which readers cannot see; delete it (in double quotes, look for an "
            "escape such as \\x7f or \\u202e)"))

    visit(doc.data, ())
    return problems


_KEY_ON_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)")


def _path_at(text: str, line: int) -> str:
    """Best guess at the field path of a line (0-based) that YAML could not read.

    The parser's events before that line tell which mappings and lists are open and
    at which column; the line's own indentation then tells which of them it is in.
    """
    frames: list[dict] = []  # open collections: kind, column, and pending key or current index

    def finish_value():
        if frames:
            frame = frames[-1]
            if frame["kind"] == "map":
                frame["at"] = None
            else:
                frame["at"] += 1

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if event.start_mark.line >= line:
                break
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
                frames.append({"kind": kind, "column": event.start_mark.column, "at": None if kind == "map" else 0})
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                if frames:
                    frames.pop()
                finish_value()
            elif isinstance(event, yaml.ScalarEvent) and frames and frames[-1]["kind"] == "map" \
                    and frames[-1]["at"] is None:
                frames[-1]["at"] = event.value
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                finish_value()
    except yaml.YAMLError:
        pass
    lines = text.splitlines()
    target = lines[line] if line < len(lines) else ""
    stripped = target.lstrip(" \t")
    indent = len(target) - len(stripped)
    dash = stripped == "-" or stripped.startswith("- ")
    match = _KEY_ON_LINE.match(target)
    key = match.group(1) if match else None

    open_frames = [frame for frame in frames if frame["column"] <= indent]
    closed_child = len(open_frames) < len(frames)
    parts: list = []
    for frame in open_frames[:-1]:
        if frame["at"] is None:
            return field_path(parts)
        parts.append(frame["at"])
    if open_frames:
        deepest = open_frames[-1]
        if deepest["kind"] == "map":
            if deepest["column"] < indent and deepest["at"] is not None:
                parts.append(deepest["at"])
        elif dash and deepest["column"] == indent:
            parts.append(deepest["at"] + 1 if closed_child else deepest["at"])
        else:
            parts.append(deepest["at"])
    if key:
        parts.append(key)
    return field_path(parts)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, display_path: str) -> Problem:
    """Turn a PyYAML error into one located problem in an editor's words."""
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    opened = error.context_mark
    if "'\\t'" in problem:
        message = "a tab character is used for indentation; indent with spaces"
    elif "mapping values are not allowed" in problem:
        message = ("a value contains ': ' (colon and space), or the line is indented too far; "
                   "put such a value in quotes, or line the field up with the fields above it")
    elif context.startswith("while scanning a quoted scalar") and opened:
        mark = opened
        message = "the quote that starts here is never closed; end the value with the same quote mark"
    elif "could not find expected ':'" in problem and opened:
        mark = opened
        message = "this line has no ':' between field and value; write each field as `field: value`"
    elif context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) and opened:
        bracket = "[" if "sequence" in context else "{"
        closing = "]" if bracket == "[" else "}"
        mark = opened
        message = (f"the '{bracket}' here is not closed with '{closing}' as expected, or a value inside it needs "
                   "quotes; write lists as lines starting with '- ' instead")
    elif "expected <block end>" in problem or "did not find expected key" in problem:
        message = ("this line is indented differently from the lines above it; fields at the same level "
                   "need exactly the same number of spaces")
    elif "did not find expected '-' indicator" in problem:
        message = "list items at the same level need the same indentation, each starting with '- '"
    elif "found undefined alias" in problem or context.startswith("while scanning an alias"):
        message = "a value starts with '*', which YAML reads as a reference; put the value in quotes"
    elif context.startswith("while scanning an anchor"):
        message = "a value starts with '&', which YAML reads as an anchor; put the value in quotes"
    elif "could not determine a constructor for the tag" in problem or context.startswith("while scanning a tag"):
        message = "a value starts with '!', which YAML reads as a type tag; put the value in quotes"
    elif context.startswith("while scanning a block scalar"):
        message = ("after '|' or '>' nothing may follow on the same line; start the text on the next line, "
                   "indented by two more spaces than the field")
    elif "sequence entries are not allowed here" in problem:
        message = ("a list item ('- ') cannot follow a value on the same line; put each item on its own line "
                   "under the field, indented")
    elif "expected the node content" in problem:
        found = re.search(r"but found '(.+?)'", problem)
        what = {"<block end>": "nothing", "<stream end>": "nothing"}.get(found.group(1), found.group(1)) \
            if found else "this"
        message = (f"a value cannot start with {what!r} in YAML; put the value in quotes"
                   if what != "nothing" else "a value is missing after a '&' or '!'; put the value in quotes")
    elif "mapping keys are not allowed here" in problem:
        message = "a value contains '? ', which YAML reads as a key; put the value in quotes"
    elif context.startswith("while scanning a directive") or "expected '<document start>'" in problem:
        message = "a line starts with '%', which YAML reads as a directive; put the value in quotes"
    elif "cannot start any token" in problem:
        character = problem.split("'")[1] if problem.count("'") >= 2 else "this character"
        message = f"a value cannot start with {character!r} in YAML; put the value in quotes"
    elif "expected a single document" in f"{context} {problem}":
        message = "a second YAML document starts here (a line with ---); keep one document per file"
    elif "unknown escape character" in problem:
        message = ("a backslash in double quotes starts an escape; use single quotes, or write the "
                   "backslash twice")
    else:
        message = f"{context} {problem}".strip() + "; check indentation, colons and quotes around this line"
    line = mark.line if mark else 0
    column = f" at column {mark.column + 1}" if mark else ""
    return Problem(display_path, line + 1, _path_at(text, line), f"invalid YAML{column}: {message}")


# Where an anchor (&) or alias (*) can start: a node begins after a space or a line break,
# a flow collection's [ { , or an indicator (: ? -); fuzzed against PyYAML's parser, with
# room to spare. A "&" inside a word ("R&D") starts none,
# so such a file needs no event scan (which is in pure Python, as slow as a second reading).
_NODE_PROPERTY = re.compile(r"(?:^|[\s\[{,:?\-\ufeff])[&*]", re.MULTILINE)


def _reference_problems(text: str, display_path: str, loader_class: type) -> list[Problem] | None:
    """Anchors, aliases and merge keys, found in the event stream before anything expands them.

    The data needs none of them, and an alias can make a small file expand into a huge
    or endless structure (a recursive alias, or aliases nested nine deep). Events are
    read one at a time and never composed, so the check is linear in the file's size.
    The events come from the parser of the loader that will read the file, since libyaml
    and PyYAML's own parser disagree on some files (a tab after ':' in a flow mapping).
    None: that parser cannot read the file, so that loader must not read it either.
    """
    if "<<" not in text and not _NODE_PROPERTY.search(text):
        return []
    found: dict[int, str] = {}
    anchors = ("anchors and aliases are not allowed in data files ({}); write the value out in full, "
               "or put a value that starts with '&' or '*' in quotes")
    try:
        for event in yaml.parse(text, Loader=loader_class):
            line = event.start_mark.line
            if isinstance(event, yaml.AliasEvent):
                found.setdefault(line, anchors.format(f"found the alias *{event.anchor}"))
            elif getattr(event, "anchor", None) is not None:
                found.setdefault(line, anchors.format(f"found the anchor &{event.anchor}"))
            elif isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.style is None:
                found.setdefault(line, "merge keys ('<<') are not allowed in data files; write the fields "
                                       "out in full, or put '<<' in quotes")
    except yaml.YAMLError:
        if not found:
            return None
    return [Problem(display_path, line + 1, _path_at(text, line), message)
            for line, message in sorted(found.items())]


def parse_yaml(path: Path, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse `path`: the document (None if YAML could not read it) and the problems found.

    A document with problems of its values (characters, numbers) is still returned, so the
    schema check can report the file's other problems in the same run."""
    return _parse(path.read_bytes(), display_path)


def _parse(raw: bytes, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(display_path, line, "",
                              f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8")]
    for number, line_text in enumerate(text.splitlines()):
        if "\t" in line_text[: len(line_text) - len(line_text.lstrip())]:
            return None, [Problem(display_path, number + 1, _path_at(text, number),
                                  "a tab character is used for indentation; indent with spaces")]
    for loader_class in _LOADERS:
        refused = _reference_problems(text, display_path, loader_class)
        if refused:
            return None, refused
        if refused is None and loader_class is not _DataLoader:
            continue  # a file the fast parser cannot read is read, and its error worded, by the other
        try:
            loader = loader_class(text)
        except yaml.reader.ReaderError as error:
            line = text[: error.position].count("\n") + 1
            code = error.character if isinstance(error.character, int) else ord(error.character)
            return None, [Problem(display_path, line, _path_at(text, line - 1),
                                  f"the file contains a control character (#x{code:04x}) that "
                                  "YAML does not allow; delete it")]
        loader.problems = []
        loader.display_path = display_path
        try:
            node = loader.get_single_node()
            if node is None:
                return None, [Problem(display_path, 1, "",
                                      "the file is empty; expected a mapping of fields such as `name: ...`")]
            doc = YamlDocument(display_path, None)
            _index_lines(node, (), doc, loader.problems)
            if loader.problems:  # nested too deep, or keys given twice: not read further
                return None, loader.problems
            doc.data = loader.construct_document(node)
            break
        except RecursionError:  # the pure-Python reader of a file nested hundreds deep
            return None, [_first_too_deep(text, display_path)]
        except yaml.YAMLError as error:
            if "maximum nesting depth" in str(error):  # libyaml's own limit, far above ours
                return None, [_first_too_deep(text, display_path)]
            if loader_class is not _DataLoader:
                continue  # read it again with the loader whose messages are reworded
            if isinstance(error, yaml.MarkedYAMLError):
                return None, [_syntax_problem(error, text, display_path)]
            return None, [Problem(display_path, 1, "", f"invalid YAML: {error}")]
        finally:
            loader.dispose()
    if loader.problems:
        return None, loader.problems
    if not isinstance(doc.data, dict):
        return None, [Problem(display_path, doc.line_of(()), "",
                              f"expected a mapping of fields such as `name: ...`, found {show(doc.data)}")]
    return doc, _value_problems(doc)
