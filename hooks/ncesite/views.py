"""Views: the values pages show, computed once from the model.

Templates only render; every count, grouping, label and link is decided here.
URLs are relative to the site root (the site is built with file URLs ending in
.html, which the offline mode requires); templates prefix them with the path
from the current page to the root.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from . import model as m


def cluster_url(slug: str) -> str:
    return f"clusters/{slug}.html"


def partner_url(slug: str) -> str:
    return f"partners/{slug}.html"


_NORDIC = str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a"})


def value_key(text: str) -> str:
    """A plain ASCII key for a name, used in URLs and data attributes: "Møre og Romsdal" -> more-og-romsdal."""
    folded = unicodedata.normalize("NFKD", text.translate(_NORDIC)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Split plain text at blank lines and fold line breaks inside a paragraph."""
    if not text:
        return ()
    return tuple(" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip())


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
    value: str
    mark: Mark | None = None
    href: str | None = None


@dataclass(frozen=True)
class StatusRow:
    level_id: str
    level_name: str
    start: str
    end: str
    note: str | None
    mark: Mark | None


@dataclass(frozen=True)
class ClusterSummary:
    """A cluster as lists, cards, the directory and the map show it."""

    slug: str
    name: str
    label: str
    url: str
    group: str  # level id held on the as-of date, or former / later
    group_name: str
    since: str  # when the cluster first got the level it holds (or first status)
    since_iso: str
    since_year: int
    first_year: int
    city: str
    county: str
    sectors: tuple[str, ...]
    members: int | None
    members_text: str | None
    lat: float
    lon: float
    blurb: str
    years: tuple[int, ...]  # years in which the cluster held any status
    levels_held: tuple[str, ...]
    level_years: dict[str, tuple[int, ...]]
    county_key: str = ""  # value_key(county): the directory's filter value
    sector_keys: tuple[str, ...] = ()  # value_key of each sector, in the order of `sectors`


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    description: str | None
    clusters: tuple[ClusterSummary, ...]


@dataclass(frozen=True)
class ClusterPage:
    summary: ClusterSummary
    name: str
    other_names: tuple[str, ...]
    former_names: tuple[str, ...]
    status_line: str
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
    as_of_text: str


def _since(cluster: m.Cluster, day: dt.date) -> m.PartialDate:
    """Start of the unbroken stretch at the level held on `day` (or the first status)."""
    period = cluster.status_on(day)
    if period is None:
        return cluster.status[0].start
    start = period.start
    for earlier in reversed(cluster.status[: cluster.status.index(period)]):
        if earlier.level.id != period.level.id:
            break
        start = earlier.start
    return start


def summarise(cluster: m.Cluster, programme: m.Programme, day: dt.date, last_year: int) -> ClusterSummary:
    group = cluster.standing_on(day)
    latest = cluster.latest_members
    since = _since(cluster, day)
    level_years = cluster.years_by_level(last_year)
    blurb = paragraphs(cluster.description)[0] if cluster.description else ""
    return ClusterSummary(
        slug=cluster.slug, name=cluster.name, label=cluster.label, url=cluster_url(cluster.slug), group=group,
        group_name=programme.registry[group].badge, since=str(since), since_iso=since.iso, since_year=since.year,
        first_year=cluster.status[0].start.year, city=cluster.city, county=cluster.county_today or cluster.county,
        sectors=cluster.sectors, members=latest.count if latest else None,
        members_text=f"{latest.text} ({latest.as_of})" if latest else None, lat=cluster.lat, lon=cluster.lon,
        blurb=shorten(blurb, 220), years=tuple(sorted({y for ys in level_years.values() for y in ys})),
        levels_held=tuple(dict.fromkeys(p.level.id for p in cluster.status)), level_years=level_years,
        county_key=value_key(cluster.county_today or cluster.county),
        sector_keys=tuple(value_key(sector) for sector in cluster.sectors),
    )


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def group_clusters(summaries: list[ClusterSummary], programme: m.Programme) -> tuple[Group, ...]:
    groups = []
    for standing in programme.registry:
        members = tuple(s for s in summaries if s.group == standing.id)
        if members:
            description = standing.level.description if standing.level else None
            groups.append(Group(standing.id, standing.heading, description, members))
    return tuple(groups)


@dataclass(frozen=True)
class Choice:
    """One option of a directory control: the value in the query string and rows, and its label."""

    value: str
    label: str


# The orders the directory can be sorted in. The first is the order rows are rendered in.
DIRECTORY_SORTS = (
    Choice("name", "Name: A to Z"),
    Choice("year", "Since: oldest first"),
    Choice("year-desc", "Since: newest first"),
    Choice("members", "Size: largest first"),
)


@dataclass(frozen=True)
class Directory:
    """The cluster directory: groups of rows and the options of its filter form.

    Each filter offers only the values present in the data. Years stop at the
    as-of year: after it the data says nothing about clusters without an end date.
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


def directory(groups: tuple[Group, ...], registry: m.LevelRegistry, last_year: int) -> Directory:
    clusters = [c for g in groups for c in g.clusters]
    return Directory(
        groups=tuple(Group(g.id, g.title, g.description, tuple(sorted(g.clusters, key=lambda c: c.name.casefold())))
                     for g in groups),
        total=len(clusters),
        levels=tuple(Choice(g.id, registry[g.id].name) for g in groups),
        counties=_choices((c.county_key, c.county) for c in clusters),
        sectors=_choices((key, sector) for c in clusters for key, sector in zip(c.sector_keys, c.sectors)),
        years=tuple(Choice(str(y), str(y)) for y in sorted({y for c in clusters for y in c.years if y <= last_year})),
    )


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


def cluster_page(cluster: m.Cluster, summary: ClusterSummary, programme: m.Programme,
                 related: tuple[tuple[str, tuple[ClusterSummary, ...]], ...]) -> ClusterPage:
    marks = _Marks(cluster.uncertain)
    day = programme.as_of.last_day
    period = cluster.status_on(day)
    as_of_text = str(programme.as_of)
    if summary.group == m.FORMER:
        held = ", ".join(programme.level(x).name for x in summary.levels_held)
        status_line = (f"{programme.registry[m.FORMER].legend}: held {held} "
                       f"status; no longer in the programme on {as_of_text}.")
    elif summary.group == m.LATER:
        status_line = f"Joined the programme after {as_of_text}."
    else:
        status_line = f"{summary.group_name} cluster on {as_of_text}, since {summary.since}."
    status_index = cluster.status.index(period) if period else None
    facts = [
        Fact(f"Level on {as_of_text}", summary.group_name,
             marks.get(f"status[{status_index}]") if status_index is not None else None),
        Fact("Since", summary.since, _first_mark(marks, f"status[{status_index}].from") if status_index is not None else None),
        Fact("City", cluster.city, marks.get("city")),
        Fact("County", cluster.county, marks.get("county")),
    ]
    if cluster.county_today and cluster.county_today != cluster.county:
        facts.append(Fact("County today", cluster.county_today, marks.get("county_today")))
    if cluster.region:
        facts.append(Fact("Area", cluster.region, marks.get("region")))
    facts.append(Fact("Sectors", ", ".join(cluster.sectors)))
    if cluster.founded:
        facts.append(Fact("Started", str(cluster.founded), marks.get("founded")))
    latest = cluster.latest_members
    if latest:
        facts.append(Fact("Size", f"{latest.text} ({latest.as_of})", marks.get(f"members[{len(cluster.members) - 1}]")
                          or marks.get(f"members[{len(cluster.members) - 1}].count")))
    if cluster.organisation:
        facts.append(Fact("Cluster organisation", cluster.organisation, marks.get("organisation")))
    if cluster.website:
        facts.append(Fact("Website", cluster.website.split("://", 1)[1].rstrip("/"), marks.get("website"),
                          href=cluster.website))
    if cluster.technology:
        facts.append(Fact("Technology and activities", ", ".join(cluster.technology), marks.get("technology")))
    status_rows = []
    for index, p in enumerate(cluster.status):
        if p.until:
            end = str(p.until)
        else:
            end = "not known" if summary.group == m.FORMER else "still held"
        status_rows.append(StatusRow(p.level.id, p.level.name, str(p.start), end, p.note,
                                     _first_mark(marks, f"status[{index}]", f"status[{index}].from",
                                                 f"status[{index}].to")))
    members = tuple((str(x.as_of), x.text, x.note, _first_mark(marks, f"members[{i}]", f"members[{i}].count"))
                    for i, x in enumerate(cluster.members))
    other_names = tuple(n for n in (cluster.short_name,) if n and n != cluster.name)
    return ClusterPage(
        summary=summary, name=cluster.name, other_names=other_names, former_names=cluster.former_names, status_line=status_line,
        facts=tuple(facts), description=paragraphs(cluster.description), status=tuple(status_rows),
        members=members, milestones=tuple((str(x.date), x.text) for x in cluster.milestones),
        links=cluster.links, notes=marks.notes(), sources=cluster.sources, related=related,
        edit_path=cluster.data_path, as_of_text=as_of_text,
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
            self.by_key.setdefault(("county", s.county), []).append(s)

    def others(self, key: tuple[str, str], slug: str, limit: int) -> tuple[ClusterSummary, ...]:
        found = []
        for s in self.by_key.get(key, ()):
            if s.slug != slug:
                found.append(s)
                if len(found) == limit:
                    break
        return tuple(found)


def related_clusters(summary: ClusterSummary, index: RelatedIndex, limit: int = 5):
    """Other clusters in the same first sector and in the same county, at most `limit` each."""
    sections = []
    if summary.sectors:
        sector = summary.sectors[0]
        same = index.others(("sector", sector), summary.slug, limit)
        if same:
            sections.append((f"Also in {sector.lower() if sector != 'ICT' else sector}", same))
    same_county = index.others(("county", summary.county), summary.slug, limit)
    if same_county:
        sections.append((f"Also in {summary.county}", same_county))
    return tuple(sections)


@dataclass(frozen=True)
class PartnerPage:
    partner: m.Partner
    facts: tuple[Fact, ...]
    description: tuple[str, ...]
    notes: tuple[tuple[Mark, str], ...]
    is_operator: bool


def partner_page(partner: m.Partner, programme: m.Programme) -> PartnerPage:
    marks = _Marks(partner.uncertain)
    facts = [Fact("Norwegian name", partner.name_no, marks.get("name_no"))]
    if partner.abbreviation:
        facts.append(Fact("Abbreviation", partner.abbreviation))
    role = "Owner and operator" if partner.slug == programme.operator.slug else "Owner"
    facts.append(Fact("In the programme", role))
    if partner.founded:
        facts.append(Fact("Founded", str(partner.founded), marks.get("founded")))
    for label, name in (("Headquarters", "headquarters"), ("Legal form", "legal_form"), ("Owner", "owner")):
        value = getattr(partner, name)
        if value:
            facts.append(Fact(label, value, marks.get(name)))
    if partner.website:
        facts.append(Fact("Website", partner.website.split("://", 1)[1].rstrip("/"), marks.get("website"),
                          href=partner.website))
    return PartnerPage(partner, tuple(facts), paragraphs(partner.description), marks.notes(),
                       partner.slug == programme.operator.slug)


@dataclass
class SiteView:
    """What hand-written pages can use: `site.` in their Jinja."""

    programme: m.Programme
    partners: tuple[m.Partner, ...]
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


def site_view(data: m.SiteData) -> tuple[SiteView, list[ClusterSummary]]:
    programme = data.programme
    day = data.as_of_day
    # A period with no end counts up to the as-of date: beyond it the data says nothing.
    last_year = programme.as_of.year
    summaries = [summarise(c, programme, day, last_year) for c in data.clusters]
    groups = group_clusters(summaries, programme)
    counts = {g.id: len(g.clusters) for g in groups}
    for level in programme.levels:
        counts.setdefault(level.id, 0)
    counts.setdefault(m.FORMER, 0)
    current = tuple(s for s in summaries if s.group not in (m.FORMER, m.LATER))
    view = SiteView(
        programme=programme, partners=data.partners, clusters=tuple(summaries), groups=groups,
        as_of=str(programme.as_of), as_of_iso=programme.as_of.iso,
        as_of_phrase=programme.as_of_label or f"on {programme.as_of}", counts=counts, current=current,
        levels={level.id: level for level in programme.levels},
        definitions={d.id: d for d in programme.definitions},
        directory=directory(groups, programme.registry, last_year),
    )
    return view, summaries
