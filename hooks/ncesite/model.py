"""Plain typed objects for the site's data. Built by the loader, read by the generator."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day, as sources give it."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value) -> PartialDate:
        """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError for anything else."""
        text = str(value)
        parts = text.split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError(text)
        if any(len(p) != 2 for p in parts[1:]):
            raise ValueError(text)
        numbers = [int(p) for p in parts]
        year, month, day = (numbers + [None, None])[:3]
        if month is not None and not 1 <= month <= 12:
            raise ValueError(text)
        if day is not None:
            dt.date(year, month, day)  # raises ValueError for 2018-02-30
        return cls(year, month, day)

    @property
    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @property
    def as_year_fraction(self) -> float:
        """Position on a time axis: the start of the period the date names."""
        start = self.first_day
        return self.year + (start.timetuple().tm_yday - 1) / 365.25

    def __str__(self) -> str:
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)


@dataclass(frozen=True)
class Source:
    url: str
    title: str | None = None


@dataclass(frozen=True)
class Uncertainty:
    field: str
    confidence: str  # inferred | unverified
    note: str


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    description: str
    start: PartialDate
    end: PartialDate | None = None
    end_note: str | None = None
    full_name: str | None = None
    duration: str | None = None
    funding: str | None = None


@dataclass(frozen=True)
class StatusPeriod:
    level: Level
    start: PartialDate
    end: PartialDate | None = None  # None: until the next period, or still held
    note: str | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start.first_day <= day and (self.end is None or day <= self.end.last_day)


@dataclass(frozen=True)
class MemberCount:
    count: int
    as_of: PartialDate
    qualifier: str | None = None
    unit: str = "members"
    note: str | None = None

    @property
    def text(self) -> str:
        prefix = {"about": "about ", "over": "over "}.get(self.qualifier or "", "")
        return f"{prefix}{self.count:,} {self.unit}".replace(",", "\u202f")


@dataclass(frozen=True)
class Milestone:
    date: PartialDate
    text: str


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Cluster:
    slug: str
    name: str
    status: tuple[StatusPeriod, ...]
    city: str
    county: str
    lat: float
    lon: float
    sectors: tuple[str, ...]
    description: str
    sources: tuple[Source, ...]
    data_path: str  # e.g. data/clusters/x.yml, for "Edit this page"
    short_name: str | None = None
    former_names: tuple[str, ...] = ()
    founded: PartialDate | None = None
    county_today: str | None = None
    region: str | None = None
    technology: tuple[str, ...] = ()
    organisation: str | None = None
    website: str | None = None
    links: tuple[Link, ...] = ()
    members: tuple[MemberCount, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    uncertain: tuple[Uncertainty, ...] = ()

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def status_on(self, day: dt.date) -> StatusPeriod | None:
        """The period held on `day`; an open period ends where the next begins."""
        periods = self.status
        for index, period in enumerate(periods):
            if period.end is None and index + 1 < len(periods):
                ends = periods[index + 1].start.first_day - dt.timedelta(days=1)
                if period.start.first_day <= day <= ends:
                    return period
            elif period.covers(day):
                return period
        return None

    @property
    def first_status(self) -> StatusPeriod:
        return self.status[0]

    @property
    def latest_members(self) -> MemberCount | None:
        return self.members[-1] if self.members else None

    def uncertainty(self, field_name: str) -> Uncertainty | None:
        for item in self.uncertain:
            if item.field == field_name:
                return item
        return None


@dataclass(frozen=True)
class Partner:
    slug: str
    name: str
    name_no: str
    role: str
    description: str
    sources: tuple[Source, ...]
    data_path: str
    abbreviation: str | None = None
    founded: PartialDate | None = None
    founded_note: str | None = None
    headquarters: str | None = None
    legal_form: str | None = None
    owner: str | None = None
    website: str | None = None
    facts: tuple[str, ...] = ()
    uncertain: tuple[Uncertainty, ...] = ()


@dataclass(frozen=True)
class HistoryEvent:
    date: PartialDate
    title: str
    text: str
    kind: str = "milestone"
    source: str | None = None


@dataclass(frozen=True)
class Definition:
    id: str
    term: str
    text: str
    term_no: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Funder:
    name: str
    name_no: str
    abbreviation: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class StructurePeriod:
    start: PartialDate
    levels: tuple[Level, ...]
    note: str
    end: PartialDate | None = None


@dataclass(frozen=True)
class FundingRow:
    item: str
    amount: str
    duration: str | None = None


@dataclass(frozen=True)
class Budget:
    year: int
    nok_million: float
    what: str


@dataclass(frozen=True)
class Programme:
    name: str
    name_no: str
    as_of: PartialDate
    owners: tuple[Partner, ...]
    operator: Partner
    funders: tuple[Funder, ...]
    summary: str
    purpose_original: str
    purposes: tuple[str, ...]
    levels: tuple[Level, ...]
    history: tuple[HistoryEvent, ...]
    definitions: tuple[Definition, ...]
    sources: tuple[Source, ...]
    data_path: str
    abbreviation: str | None = None
    launched: PartialDate | None = None
    as_of_label: str | None = None
    portfolio_note: str | None = None
    purposes_from: PartialDate | None = None
    services: tuple[str, ...] = ()
    target_group: str | None = None
    structure: tuple[StructurePeriod, ...] = ()
    delimitation_criteria: tuple[str, ...] = ()
    definition_2024: str | None = None
    selection_text: str | None = None
    selection_criteria: tuple[str, ...] = ()
    nce_criteria: tuple[str, ...] = ()
    funding: tuple[FundingRow, ...] = ()
    budgets: tuple[Budget, ...] = ()
    effect: str | None = None
    uncertain: tuple[Uncertainty, ...] = ()

    def level(self, level_id: str) -> Level:
        return next(level for level in self.levels if level.id == level_id)


@dataclass(frozen=True)
class SiteData:
    """Everything in data/, validated."""

    programme: Programme
    partners: tuple[Partner, ...]
    clusters: tuple[Cluster, ...] = field(default=())

    @property
    def as_of_day(self) -> dt.date:
        return self.programme.as_of.last_day
