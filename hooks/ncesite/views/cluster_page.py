"""A cluster's own page: facts with confidence marks, status history, members, related clusters."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from ..wording import ENGLISH, Wording
from .common import Fact, Mark, _first_mark, _Marks, field_labeller, paragraphs, website_fact
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
    notes: tuple[tuple[Mark, str, str], ...]  # mark, what it marks (as readers know it), field path
    sources: tuple[m.Source, ...]
    related: tuple[tuple[str, tuple[ClusterSummary, ...]], ...]
    edit_path: str
    changed: str | None = None  # when the data file last changed, if known



def _cluster_labels(cluster: m.Cluster, w: Wording):
    """How the notes on a cluster page name the fields they are about."""
    def period(index: int) -> str:
        if index < len(cluster.status):
            p = cluster.status[index]
            return w.STATUS_PERIOD.format(level=p.level.name, year=p.start.year)
        return f"{w.STATUS} ({index + 1})"

    def members(index: int) -> str:
        if index < len(cluster.members):
            return w.SIZE_REPORTED.format(date=w.date(cluster.members[index].as_of))
        return f"{w.SIZE} ({index + 1})"

    labels = {"name": w.NAME, "short_name": w.SHORT_NAME, "former_names": w.FORMER_NAMES, "status": w.STATUS,
              "city": w.CITY, "county": w.COUNTY, "county_today": w.COUNTY_TODAY, "coordinates": w.CITY,
              "region": w.AREA, "sectors": w.SECTORS, "founded": w.STARTED, "members": w.SIZE,
              "organisation": w.CLUSTER_ORGANISATION, "website": w.WEBSITE, "technology": w.TECHNOLOGY,
              "links": w.LINKS, "milestones": w.MILESTONES, "description": w.ABOUT, "sources": w.SOURCES}
    parts = {"from": w.FROM, "to": w.TO, "as_of": w.REPORTED, "count": w.SIZE, "note": w.NOTE, "level": w.LEVEL,
             "text": w.MILESTONES, "title": w.LINKS, "url": w.WEBSITE, "lat": w.CITY, "lon": w.CITY}
    return field_labeller(labels, {"status": period, "members": members}, parts)


def cluster_page(cluster: m.Cluster, summary: ClusterSummary, programme: m.Programme,
                 related: tuple[tuple[str, tuple[ClusterSummary, ...]], ...], w: Wording = ENGLISH) -> ClusterPage:
    marks = _Marks(cluster.uncertain, _cluster_labels(cluster, w))
    day = programme.as_of.last_day
    period = cluster.status_on(day)
    as_of_text = w.date(programme.as_of)
    if summary.group == m.FORMER:
        held = w.join(programme.level(x).name for x in summary.levels_held)
        status_line = w.compose(w.STATUS_FORMER, levels=held, date=as_of_text)  # after the badge "Former cluster"
    elif summary.group == m.LATER:
        status_line = w.STATUS_LATER.format(date=as_of_text)
    else:
        status_line = w.compose(w.STATUS_AT_LEVEL, level=summary.group_name, date=as_of_text, since=summary.since)
        if period.level.brand_on(day):  # held since before the level became a brand name
            status_line = w.join((status_line, w.compose(w.ADMITTED_BEFORE_BRAND, level=period.level.name,
                                                         date=w.date(period.level.brand_from))), " ")
    status_index = cluster.status.index(period) if period else None
    facts = [Fact(w.LEVEL_ON.format(date=as_of_text), summary.group_name,
                  marks.get(f"status[{status_index}]") if status_index is not None else None)]
    if status_index is not None:
        facts.append(Fact(w.SINCE, summary.since, _first_mark(marks, f"status[{status_index}].from")))
    else:
        # Outside the programme on the as-of date: when it joined, and when it left (if it has).
        first, last = cluster.status[0], cluster.status[-1]
        facts.append(Fact(w.JOINED, w.date(first.start), _first_mark(marks, "status[0].from")))
        if summary.group == m.FORMER:
            last_index = len(cluster.status) - 1
            facts.append(Fact(w.LEFT, w.date(last.until) if last.until else w.END_NOT_KNOWN,
                              _first_mark(marks, f"status[{last_index}].to")))
    if cluster.city:
        facts.append(Fact(w.CITY, cluster.city, marks.get("city")))
    if cluster.county:
        facts.append(Fact(w.COUNTY, cluster.county, marks.get("county")))
    if not cluster.city:
        facts.append(Fact(w.CITY, w.TOWN_NOT_KNOWN_COUNTY if summary.county else w.TOWN_NOT_KNOWN))
    if cluster.county_today and cluster.county_today != cluster.county:
        facts.append(Fact(w.COUNTY_TODAY, cluster.county_today, marks.get("county_today")))
    elif summary.county_inferred:  # worked out from the county reforms (ncesite.counties)
        note = w.COUNTY_TODAY_INFERRED.format(county=cluster.county, today=summary.county)
        facts.append(Fact(w.COUNTY_TODAY, summary.county, marks.add("county_today", "inferred", note)))
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


