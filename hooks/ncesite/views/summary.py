"""A cluster as lists, cards, the directory and the map show it, and clusters grouped by standing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import model as m
from ..counties import todays_county
from ..links import CLUSTERS, page_url
from ..text import ascii_key
from ..wording import ENGLISH, Wording
from .common import paragraphs, shorten

SECTOR_NOT_KNOWN = "not-known"  # the filter value of a cluster whose sector no source names
# The directory's filter value for a cluster whose county is not known (no county is called that).
COUNTY_NOT_KNOWN_KEY = "not-known"


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
    city: str | None
    county: str | None  # by today's counties: as the data gives it, or worked out (county_inferred)
    place: str  # "town, county", or as much of it as the data gives
    sectors: tuple[str, ...]
    members: int | None
    members_text: str | None
    lat: float | None  # None: no source names the town, so the map cannot place it
    lon: float | None
    blurb: str
    years: tuple[int, ...]  # years in which the cluster held any status
    levels_held: tuple[str, ...]
    level_years: dict[str, tuple[int, ...]]
    county_key: str = ""  # ascii_key(county): the directory's filter value
    county_inferred: bool = False  # county is today's, worked out from a county that has since merged
    county_as_written: str | None = None  # the data's `county`
    left_year: int | None = None  # a former cluster: the year it left (None while unknown)
    sector_keys: tuple[str, ...] = ()  # ascii_key of each sector, in the order of `sectors`; SECTOR_NOT_KNOWN if none
    changed: str | None = None  # when the cluster's data file last changed, if known
    changed_iso: str | None = None


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    description: str | None
    clusters: tuple[ClusterSummary, ...]



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


def place_text(city: str | None, county: str | None, region: str | None, w: Wording = ENGLISH) -> str:
    """Where a cluster is based, in as many words as the data gives."""
    known = [part for part in (city, county) if part]
    if known:
        return ", ".join(dict.fromkeys(known))
    return region or w.PLACE_NOT_KNOWN


def summarise(cluster: m.Cluster, programme: m.Programme, day: dt.date, w: Wording = ENGLISH,
              changed: dt.date | None = None) -> ClusterSummary:
    """The cluster on `day`; `changed`: when its data file last changed, if known."""
    group = cluster.standing_on(day)
    today = todays_county(cluster.county, cluster.county_today)
    county = today.name
    last = cluster.status[-1]
    latest = cluster.latest_members
    since = _since(cluster, day)
    level_years = cluster.years_by_level(day)
    blurb = paragraphs(cluster.description)[0] if cluster.description else ""
    return ClusterSummary(
        slug=cluster.slug, name=cluster.name, label=cluster.label, url=page_url(CLUSTERS, cluster.slug), group=group,
        group_name=programme.registry[group].badge, since=w.date(since), since_iso=since.iso, since_year=since.year,
        first_year=cluster.status[0].start.year, city=cluster.city, county=county,
        place=place_text(cluster.city, county, cluster.region, w),
        sectors=tuple(w.sector(sector) for sector in cluster.sectors), members=latest.count if latest else None,
        members_text=w.SIZE_ON.format(size=w.member_count(latest), date=w.date(latest.as_of)) if latest else None,
        lat=cluster.lat, lon=cluster.lon,
        blurb=shorten(blurb, 220), years=tuple(sorted({y for ys in level_years.values() for y in ys})),
        levels_held=tuple(dict.fromkeys(p.level.id for p in cluster.status)), level_years=level_years,
        county_key=ascii_key(county) if county else COUNTY_NOT_KNOWN_KEY,
        county_inferred=today.inferred, county_as_written=cluster.county,
        left_year=last.until.year if group == m.FORMER and last.until else None,
        sector_keys=tuple(ascii_key(sector) for sector in cluster.sectors) or (SECTOR_NOT_KNOWN,),
        changed=w.date(changed) if changed else None,
        changed_iso=changed.isoformat() if changed else None,
    )



def group_clusters(summaries: list[ClusterSummary], programme: m.Programme,
                   notes: dict[str, str] | None = None) -> tuple[Group, ...]:
    """Clusters by standing, in the registry's order; `notes` adds a sentence to a level's description."""
    groups = []
    for standing in programme.registry:
        members = tuple(s for s in summaries if s.group == standing.id)
        if members:
            description = standing.level.description if standing.level else None
            if description and (notes or {}).get(standing.id):
                description = Wording.join((description, notes[standing.id]), " ")
            groups.append(Group(standing.id, standing.heading(len(members)), description, members))
    return tuple(groups)


