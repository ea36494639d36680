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

class _Marks:
    """Numbers the uncertain values of one page in the order they are shown."""

    def __init__(self, items: tuple[m.Uncertainty, ...]):
        self.by_field = {u.field: u for u in items}
        self.shown: dict[str, Mark] = {}

    def get(self, field_name: str) -> Mark | None:
        item = self.by_field.get(field_name)
        if item is None:
            return None
        if field_name not in self.shown:
            self.shown[field_name] = Mark(item.confidence, item.note, len(self.shown) + 1)
        return self.shown[field_name]

    def notes(self) -> tuple[tuple[Mark, str], ...]:
        for name in self.by_field:  # marks on values not shown in a fact still get listed
            self.get(name)
        return tuple((mark, name) for name, mark in self.shown.items())


def _first_mark(marks: _Marks, *names: str) -> Mark | None:
    for name in names:
        mark = marks.get(name)
        if mark:
            return mark
    return None


