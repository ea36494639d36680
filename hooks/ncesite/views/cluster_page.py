"""A cluster's own page: facts with confidence marks, status history, members, related clusters."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from ..wording import ENGLISH, Wording
from .common import Fact, Mark, _first_mark, _Marks, paragraphs, website_fact
from .summary import ClusterSummary


@dataclass(frozen=True)
class StatusRow:
    level_id: str
    level_name: str
    start: str
    end: str
    note: str | None
    mark: Mark | None



@dataclass(frozen=True)
class ClusterPage:
    cluster: m.Cluster  # the data as written, for fields a template shows as they are
    summary: ClusterSummary
    name: str
    other_names: tuple[str, ...]
    former_names: tuple[str, ...]
    status_line: str  # Markup where it holds texts from data (see Wording.compose)
    facts: tuple[Fact, ...]
    description: tuple[str, ...]
    status: tuple[StatusRow, ...]
    members: tuple[tuple[str, str, str | None, Mark | None], ...]
    milestones: tuple[tuple[str, str], ...]
    links: tuple[m.Link, ...]
    notes: tuple[tuple[Mark, str], ...]
    sources: tuple[m.Source, ...]
    related: tuple[tuple[str, tuple[ClusterSummary, ...]], ...]
    edit_path: str
    changed: str | None = None  # when the data file last changed, if known



def cluster_page(cluster: m.Cluster, summary: ClusterSummary, programme: m.Programme,
                 related: tuple[tuple[str, tuple[ClusterSummary, ...]], ...], w: Wording = ENGLISH) -> ClusterPage:
    marks = _Marks(cluster.uncertain)
    day = programme.as_of.last_day
    period = cluster.status_on(day)
    as_of_text = w.date(programme.as_of)
    if summary.group == m.FORMER:
        held = w.join(programme.level(x).name for x in summary.levels_held)
        status_line = w.compose(w.STATUS_FORMER, former=programme.registry[m.FORMER].legend, levels=held, date=as_of_text)
    elif summary.group == m.LATER:
        status_line = w.STATUS_LATER.format(date=as_of_text)
    else:
        status_line = w.compose(w.STATUS_AT_LEVEL, level=summary.group_name, date=as_of_text, since=summary.since)
        if period.level.brand_on(day):  # held since before the level became a brand name
            status_line = w.join((status_line, w.compose(w.ADMITTED_BEFORE_BRAND, level=period.level.name,
                                                         date=w.date(period.level.brand_from))), " ")
    status_index = cluster.status.index(period) if period else None
    facts = [
        Fact(w.LEVEL_ON.format(date=as_of_text), summary.group_name,
             marks.get(f"status[{status_index}]") if status_index is not None else None),
        Fact(w.SINCE, summary.since, _first_mark(marks, f"status[{status_index}].from") if status_index is not None else None),
    ]
    if cluster.city:
        facts.append(Fact(w.CITY, cluster.city, marks.get("city")))
    if cluster.county:
        facts.append(Fact(w.COUNTY, cluster.county, marks.get("county")))
    if not cluster.city:
        facts.append(Fact(w.CITY, w.TOWN_NOT_KNOWN))
    if cluster.county_today and cluster.county_today != cluster.county:
        facts.append(Fact(w.COUNTY_TODAY, cluster.county_today, marks.get("county_today")))
    if cluster.region:
        facts.append(Fact(w.AREA, cluster.region, marks.get("region")))
    facts.append(Fact(w.SECTORS, ", ".join(summary.sectors) or w.SECTORS_NOT_KNOWN))
    if cluster.founded:
        facts.append(Fact(w.STARTED, w.date(cluster.founded), marks.get("founded")))
    latest = cluster.latest_members
    if latest:
        facts.append(Fact(w.SIZE, summary.members_text, marks.get(f"members[{len(cluster.members) - 1}]")
                          or marks.get(f"members[{len(cluster.members) - 1}].count")))
    if cluster.organisation:
        facts.append(Fact(w.CLUSTER_ORGANISATION, cluster.organisation, marks.get("organisation")))
    if cluster.website:
        facts.append(website_fact(cluster.website, marks.get("website"), w))
    if cluster.technology:
        facts.append(Fact(w.TECHNOLOGY, cluster.technology, marks.get("technology")))  # a list: each item marked
    status_rows = []
    for index, p in enumerate(cluster.status):
        if p.until:
            end = w.date(p.until)
        else:
            end = w.END_NOT_KNOWN if summary.group == m.FORMER else w.STILL_HELD
        status_rows.append(StatusRow(p.level.id, p.level.name, w.date(p.start), end, p.note,
                                     _first_mark(marks, f"status[{index}]", f"status[{index}].from",
                                                 f"status[{index}].to")))
    members = tuple((w.date(x.as_of), w.member_count(x), x.note, _first_mark(marks, f"members[{i}]", f"members[{i}].count"))
                    for i, x in enumerate(cluster.members))
    other_names = tuple(n for n in (cluster.short_name,) if n and n != cluster.name)
    return ClusterPage(
        cluster=cluster, summary=summary, name=cluster.name, other_names=other_names, former_names=cluster.former_names,
        status_line=status_line,
        facts=tuple(facts), description=paragraphs(cluster.description), status=tuple(status_rows),
        members=members, milestones=tuple((w.date(x.date), x.text) for x in cluster.milestones),
        links=cluster.links, notes=marks.notes(), sources=cluster.sources, related=related,
        edit_path=cluster.data_path, changed=summary.changed,
    )


class RelatedIndex:
    """Clusters by sector and by county, each list in display order, built once per site
    so that finding a page's neighbours does not scan every cluster for every page."""

    def __init__(self, summaries: list[ClusterSummary], registry: m.LevelRegistry):
        self.by_key: dict[tuple[str, str], list[ClusterSummary]] = {}
        order = registry.ids
        ordered = sorted(summaries, key=lambda s: (order.index(s.group), s.name.casefold()))
        for s in ordered:
            for sector in s.sectors:
                self.by_key.setdefault(("sector", sector), []).append(s)
            if s.county:
                self.by_key.setdefault(("county", s.county), []).append(s)

    def others(self, key: tuple[str, str], slug: str, limit: int) -> tuple[ClusterSummary, ...]:
        found = []
        for s in self.by_key.get(key, ()):
            if s.slug != slug:
                found.append(s)
                if len(found) == limit:
                    break
        return tuple(found)


def related_clusters(summary: ClusterSummary, index: RelatedIndex, limit: int = 5, w: Wording = ENGLISH):
    """Other clusters in the same first sector and in the same county, at most `limit` each."""
    sections = []
    if summary.sectors:
        sector = summary.sectors[0]
        same = index.others(("sector", sector), summary.slug, limit)
        if same:
            # A sector inside a sentence in lower case, but not an abbreviation such as ICT.
            place = sector if sector.isupper() else sector.lower()
            sections.append((w.ALSO_IN.format(place=place), same))
    same_county = index.others(("county", summary.county), summary.slug, limit)
    if same_county:
        sections.append((w.ALSO_IN.format(place=summary.county), same_county))
    return tuple(sections)


