"""What hand-written pages can use as `site.` in their Jinja: the programme, clusters, groups, counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from .. import links
from .. import model as m
from ..wording import ENGLISH, Wording
from .coverage import CoverageNote, coverage_statement
from .directory import Directory, directory
from .summary import ClusterSummary, Group, group_clusters, summarise


@dataclass
class SiteView:
    """What hand-written pages can use: `site.` in their Jinja."""

    programme: m.Programme
    partners: tuple[m.Partner, ...]
    partner_urls: dict[str, str]  # slug -> its page, relative to the site root
    clusters: tuple[ClusterSummary, ...]
    groups: tuple[Group, ...]
    as_of: str
    as_of_iso: str
    as_of_phrase: str  # "after the award round of 8 November 2018", or "on 8 November 2018"
    counts: dict[str, int] = field(default_factory=dict)  # clusters per group on the as-of date
    current: tuple[ClusterSummary, ...] = ()
    levels: dict[str, m.Level] = field(default_factory=dict)
    definitions: dict[str, m.Definition] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)  # views added by other page builders
    directory: Directory | None = None  # the cluster directory with its filter options
    wording: Wording = ENGLISH  # the build's language: its strings and formats, for the other views
    coverage: tuple[CoverageNote, ...] = ()  # how complete the data is, period by period
    data_changed: dict[str, str] = field(default_factory=dict)  # data file -> the date it last changed, as text
    data_last_changed: str | None = None  # the newest of those dates, if every data file has one
    brand_notes: dict[str, str] = field(default_factory=dict)  # level id -> "Since 2019: NCE is a brand name ..."


def site_view(data: m.SiteData, w: Wording = ENGLISH,
              changed: Mapping[str, dt.date] | None = None) -> tuple[SiteView, list[ClusterSummary]]:
    """The site as hand-written pages and the other views see it. `changed`: the date each data
    file (by its path, data/clusters/x.yml) last changed, where known."""
    programme = data.programme
    day = data.as_of_day
    changed = changed or {}
    summaries = [summarise(c, programme, day, w, changed.get(c.data_path)) for c in data.clusters]
    files = [programme.data_path, *(p.data_path for p in data.partners), *(c.data_path for c in data.clusters)]
    newest = max(changed[f] for f in files) if all(f in changed for f in files) else None
    brand_notes = {level.id: w.compose(w.BRAND_SINCE, date=w.date(level.brand_from), brand=level.brand)
                   for level in programme.levels if level.brand_from and level.brand}
    # A level that is a brand name on the as-of date says so where its clusters are listed.
    groups = group_clusters(summaries, programme, {k: v for k, v in brand_notes.items()
                                                   if programme.level(k).brand_on(day)})
    counts = {g.id: len(g.clusters) for g in groups}
    for level in programme.levels:
        counts.setdefault(level.id, 0)
    counts.setdefault(m.FORMER, 0)
    current = tuple(s for s in summaries if s.group not in (m.FORMER, m.LATER))
    view = SiteView(
        programme=programme, partners=data.partners,
        partner_urls={p.slug: links.page_url(links.PARTNERS, p.slug) for p in data.partners},
        clusters=tuple(summaries), groups=groups,
        as_of=w.date(programme.as_of), as_of_iso=programme.as_of.iso,
        as_of_phrase=programme.as_of_label or w.AS_OF_ON.format(date=w.date(programme.as_of)), counts=counts, current=current,
        levels={level.id: level for level in programme.levels},
        definitions={d.id: d for d in programme.definitions},
        directory=directory(groups, programme.registry, programme, w),
        wording=w,
        coverage=coverage_statement(programme, w),
        brand_notes=brand_notes,
        data_changed={path: w.date(day) for path, day in changed.items()},
        data_last_changed=w.date(newest) if newest else None,
    )
    return view, summaries

