"""What several views share: paragraphs, shortened text, facts with their confidence marks, choices."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import model as m
from ..wording import ENGLISH, Wording


def same_language(source: str, text: str) -> str:
    """`text`, made from `source`, in the same language as far as the page is concerned:
    a paragraph of an English fallback is marked as English too."""
    return source.derive(text) if isinstance(source, m.Prose) else text


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Split plain text at blank lines and fold line breaks inside a paragraph."""
    if not text:
        return ()
    return tuple(same_language(text, " ".join(block.split()))
                 for block in re.split(r"\n\s*\n", text.strip()) if block.strip())


@dataclass(frozen=True)
class Mark:
    """A confidence mark shown beside a value that is not verified."""

    confidence: str
    note: str
    number: int  # position in the page's list of notes, for the link

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"


@dataclass(frozen=True)
class Fact:
    label: str
    value: str | tuple[str, ...]  # a list of texts is shown joined by commas, each text marked on its own
    mark: Mark | None = None
    href: str | None = None


def website_fact(url: str, mark: Mark | None, w: Wording = ENGLISH) -> Fact:
    """A website as a key fact: shown without its scheme and final slash, linked in full."""
    return Fact(w.WEBSITE, url.split("://", 1)[1].rstrip("/"), mark, href=url)



def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return same_language(text, cut + "…")



@dataclass(frozen=True)
class Choice:
    """One option of a directory control: the value in the query string and rows, and its label."""

    value: str
    label: str


# The orders the directory can be sorted in. The first is the order rows are rendered in.

_PATH_PART = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def field_labeller(labels: dict[str, str], items: dict[str, object] | None = None, parts: dict[str, str] | None = None):
    """A function that names a field path ("status[0].to", "facts[3]") as readers know the value,
    never as the path: `labels` names the fields (in the page's language), `items` names the
    entries of a list field (field -> function of the index), `parts` the fields inside them."""
    items, parts = items or {}, parts or {}

    def label(path: str) -> str:
        pieces = [_PATH_PART.fullmatch(piece) for piece in path.split(".")]
        if not pieces or not all(pieces):
            return path.replace("_", " ")
        name, index = pieces[0].groups()
        text = labels.get(name) or name.replace("_", " ")
        if index is not None:
            text = items[name](int(index)) if name in items else f"{text} ({int(index) + 1})"
        for piece in pieces[1:]:
            part = piece.group(1)
            text = f"{text}, {parts.get(part) or part.replace('_', ' ')}"
        return text

    return label


class _Marks:
    """Numbers the uncertain values of one page in the order they are shown; `label` names
    a field for the list of notes (field_labeller)."""

    def __init__(self, items: tuple[m.Uncertainty, ...], label=None):
        self.by_field = {u.field: u for u in items}
        self.shown: dict[str, Mark] = {}
        self.label = label or (lambda path: path)

    def get(self, field_name: str) -> Mark | None:
        item = self.by_field.get(field_name)
        if item is None:
            return None
        if field_name not in self.shown:
            self.shown[field_name] = Mark(item.confidence, item.note, len(self.shown) + 1)
        return self.shown[field_name]

    def add(self, field_name: str, confidence: str, note: str) -> Mark:
        """A mark the site works out itself (not in the data's `uncertain` list), numbered as it is shown."""
        self.by_field.setdefault(field_name, m.Uncertainty(field_name, confidence, note))
        return self.get(field_name)

    def notes(self) -> tuple[tuple[Mark, str, str], ...]:
        """Each mark, the name of what it marks (for readers) and its field path (for machines)."""
        for name in self.by_field:  # marks on values not shown in a fact still get listed
            self.get(name)
        return tuple((mark, self.label(name), name) for name, mark in self.shown.items())


def _first_mark(marks: _Marks, *names: str) -> Mark | None:
    for name in names:
        mark = marks.get(name)
        if mark:
            return mark
    return None


