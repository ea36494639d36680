"""The cluster directory: groups of rows and the options of its filter form."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from .. import wording
from ..wording import ENGLISH, Wording
from .common import Choice
from .summary import COUNTY_NOT_KNOWN_KEY, SECTOR_NOT_KNOWN, Group

DIRECTORY_SORTS = (  # labels as message ids; the directory shows them translated
    Choice("name", wording.SORT_NAME),
    Choice("year", wording.SORT_OLDEST),
    Choice("year-desc", wording.SORT_NEWEST),
    Choice("members", wording.SORT_LARGEST),
)


@dataclass(frozen=True)
class Directory:
    """The cluster directory: groups of rows and the options of its filter form.

    Each filter offers only the values present in the data. Years are those the coverage
    lets a page show (model.Programme.year_coverage): none after the as-of year.
    """

    groups: tuple[Group, ...]  # as in SiteView.groups, each sorted by name
    total: int
    levels: tuple[Choice, ...]
    counties: tuple[Choice, ...]
    sectors: tuple[Choice, ...]
    years: tuple[Choice, ...]
    sorts: tuple[Choice, ...] = DIRECTORY_SORTS


def _choices(pairs) -> tuple[Choice, ...]:
    """Distinct (value, label) pairs as choices, sorted by label; the first label of a value wins."""
    seen: dict[str, str] = {}
    for value, label in pairs:
        seen.setdefault(value, label)
    return tuple(Choice(v, label) for v, label in sorted(seen.items(), key=lambda item: item[1].casefold()))


def directory(groups: tuple[Group, ...], registry: m.LevelRegistry, programme: m.Programme,
              w: Wording = ENGLISH) -> Directory:
    clusters = [c for g in groups for c in g.clusters]
    return Directory(
        groups=tuple(Group(g.id, g.title, g.description, tuple(sorted(g.clusters, key=lambda c: c.name.casefold())))
                     for g in groups),
        total=len(clusters),
        levels=tuple(Choice(g.id, str(registry[g.id].name)) for g in groups),  # str: an <option> holds no markup
        counties=_choices((c.county_key, c.county) for c in clusters if c.county)
        + ((Choice(COUNTY_NOT_KNOWN_KEY, w.COUNTY_NOT_KNOWN),) if any(not c.county for c in clusters) else ()),
        sectors=_choices((key, sector) for c in clusters for key, sector in zip(c.sector_keys, c.sectors))
        + ((Choice(SECTOR_NOT_KNOWN, w.SECTOR_NOT_KNOWN),) if any(not c.sectors for c in clusters) else ()),
        years=tuple(Choice(str(y), str(y)) for y in sorted({y for c in clusters for y in c.years
                                                            if programme.year_coverage(y).shown})),
        sorts=tuple(Choice(choice.value, w.words.gettext(choice.label)) for choice in DIRECTORY_SORTS),
    )


