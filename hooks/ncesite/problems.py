"""Data problems: what an editor did wrong, where, and what is expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one data file, located by line and field path."""

    path: str  # file path as the editor knows it, e.g. data/clusters/x.yml
    line: int  # 1-based; 0 when the problem concerns the whole file
    field: str  # dotted path such as status[1].from, or "" for the file itself
    message: str  # what is wrong and what is expected

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataError(Exception):
    """Raised with every problem found, so an editor can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"The data in data/ has {count} {noun}:"]
        lines += [str(p) for p in self.problems]
        return "\n".join(lines)


def field_path(parts) -> str:
    """Render ('status', 1, 'from') as status[1].from."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def show(value) -> str:
    """A value as an editor would recognise it in a message."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub Actions reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value (file=, title=): also `:` and `,` escaped."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, level: str = "error", title: str = "Data problem") -> str:
    """The problem as a GitHub Actions annotation, shown on its line in a pull request's files:
    ::error file=data/clusters/x.yml,line=12,title=Data problem::status[1].from: ..."""
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    properties.append(f"title={_escape_property(title)}")
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"
