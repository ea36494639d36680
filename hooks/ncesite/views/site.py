"""What hand-written pages can use as `site.` in their Jinja: the programme, clusters, groups, counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import links
from .. import model as m
from ..wording import ENGLISH, Wording
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


def site_view(data: m.SiteData, w: Wording = ENGLISH) -> tuple[SiteView, list[ClusterSummary]]:
    programme = data.programme
    day = data.as_of_day
    # A period with no end counts up to the as-of date: beyond it the data says nothing.
    last_year = programme.as_of.year
    summaries = [summarise(c, programme, day, last_year, w) for c in data.clusters]
    groups = group_clusters(summaries, programme)
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
        directory=directory(groups, programme.registry, last_year, w),
        wording=w,
    )
    return view, summaries

