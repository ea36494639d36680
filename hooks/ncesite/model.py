"""Plain typed objects for the site's data. Built by the loader, read by the generator."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from markupsafe import Markup, escape

FORMER = "former"  # standing of a cluster that had left the programme by the as-of date
LATER = "later"  # standing of a cluster that joined after the as-of date


def key(yaml_key: str, **more) -> dict:
    """Field metadata: where the loader finds the value when the YAML key differs
    from the field name ("from", or a path such as "coordinates.lat")."""
    # Runs only while the classes below are defined, before a mutation run can switch it.
    return {"key": yaml_key, **more}  # pragma: no mutate


def ref(table: str, yaml_key: str | None = None) -> dict:
    """Field metadata: the YAML holds ids that the loader resolves in `table` (level, partner)."""
    # Runs only while the classes below are defined, before a mutation run can switch it.
    return {"ref": table, **({"key": yaml_key} if yaml_key else {})}  # pragma: no mutate


@dataclass(frozen=True)
class Record:
    """A data file's object. Schema properties that no field declares are kept in `more`
    and read like fields (None when absent), so a new optional field in the schema
    reaches views, templates and exports without a change here."""

    def __getattr__(self, name: str):
        more = self.__dict__.get("more")
        if more is not None and name in more:
            return more[name]
        raise AttributeError(f"{type(self).__name__} has no field {name!r}")

@dataclass(frozen=True)
class Text:
    """Prose written in English and, where an editor has, in Bokmål too.

    In YAML a plain string (English only) or a mapping {en: ..., nb: ...}. Pages never
    see a Text: `localise` turns each into a Prose in the page's language first."""

    en: str
    nb: str | None = None

    def __str__(self) -> str:
        return self.en

    def get(self, code: str) -> str | None:
        """The text in language `code`, None when it is not written."""
        return getattr(self, code, None)

    @staticmethod
    def join(parts, separator: str = "") -> Text:
        """Texts joined in each language; the Bokmål only where every part has it."""
        nb = [part.nb for part in parts]
        return Text(separator.join(part.en for part in parts),
                    separator.join(nb) if all(text is not None for text in nb) else None)


@cache
def _fallback_words():
    # Imported when first needed: reading and checking data needs no Babel.
    from .i18n import gettext
    from .wording import FALLBACK_NOTE

    return gettext, FALLBACK_NOTE


class Prose(str):
    """A text as a page in one language shows it. Where the page's language is missing,
    the English text stands in (`fallback`); printed in a template it then carries
    lang="en" and a short note in the page's language, such as "(engelsk)". Text derived
    from it (a paragraph, a shortened blurb) keeps the mark through `derive`. Where
    markup cannot go (attributes, SVG text, <option>), templates print `str(...)`."""

    lang: str = "en"  # the language the text is in
    page: str = "en"  # the language of the page that shows it

    def __new__(cls, text: str, lang: str = "en", page: str = "en") -> Prose:
        made = super().__new__(cls, text)
        made.lang, made.page = lang, page
        return made

    @property
    def fallback(self) -> bool:
        return self.lang != self.page

    def derive(self, text: str) -> Prose:
        return Prose(text, self.lang, self.page)

    def __reduce__(self):
        return Prose, (str(self), self.lang, self.page)

    def __html__(self):
        if not self.fallback:
            return escape(str(self))
        gettext, fallback_note = _fallback_words()
        note = gettext(self.page, fallback_note)
        return Markup(f'<span lang="{self.lang}">{escape(str(self))}</span> <span class="nce-fallback">{escape(note)}</span>')


class Name(str):
    """A name as it is written in one language, printed with that language's lang mark. A name
    is not a translation, so it gets no note such as "(engelsk)" (compare Prose)."""

    lang: str = "en"

    def __new__(cls, text: str, lang: str) -> Name:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __html__(self):
        return Markup(f'<span lang="{self.lang}">{escape(str(self))}</span>')

    def __reduce__(self):
        return Name, (str(self), self.lang)


def in_language(text: Text, code: str) -> Prose:
    """A Text in language `code`, or its English marked as a fallback."""
    written = text.get(code)
    if written is not None:
        return Prose(written, code, code)
    return Prose(text.en, "en", code)


def localise(value, code: str, _done: dict | None = None):
    """A copy of model objects (dataclasses, tuples, mappings) with every Text turned into
    Prose in language `code`. Objects shared in the input (a Level in many periods) stay
    shared in the copy."""
    done = {} if _done is None else _done
    if isinstance(value, Text):
        return in_language(value, code)
    if isinstance(value, (str, int, float, bool, type(None), PartialDate)):
        return value
    if id(value) in done:
        return done[id(value)]
    if isinstance(value, tuple):
        made = tuple(localise(item, code, done) for item in value)
    elif isinstance(value, Mapping):
        from types import MappingProxyType
        made = MappingProxyType({k: localise(v, code, done) for k, v in value.items()})
    elif hasattr(value, "__dataclass_fields__"):
        made = object.__new__(type(value))
        for name, item in vars(value).items():
            object.__setattr__(made, name, localise(item, code, done))
    else:
        made = value
    done[id(value)] = made
    return made


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
        dt.date(year, month or 1, day or 1)  # raises ValueError for 2018-02-30 and for year 0
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
    note: Text


@dataclass(frozen=True)
class Level:
    id: str
    name: Text
    description: Text
    marker: str  # map marker shape
    texture: str  # chart fill texture
    start: PartialDate = field(metadata=key("from"))
    end: PartialDate | None = field(default=None, metadata=key("to"))
    end_note: Text | None = field(default=None, metadata=key("to_note"))
    full_name: Text | None = None
    other: Text | None = None  # what several clusters at the level are called, where the name is a noun
    duration: Text | None = None
    funding: Text | None = None
    brand_from: PartialDate | None = None  # from then on the name is a brand, not a level that brings funding
    brand: Text | None = None  # what the brand means from then on

    def brand_on(self, day: dt.date) -> bool:
        """Whether the level's name is a brand, not a funded level, on `day`."""
        return self.brand_from is not None and self.brand_from.first_day <= day


@dataclass(frozen=True)
class Standing:
    """Where a cluster stands on the as-of date: at a level, or outside the programme
    (former, joined later). One entry of the level registry; `id` is also the suffix
    of the stylesheets' classes (nce-level--, nce-map__marker--, nce-chart__mark--)."""

    id: str
    name: Text  # short label: filters, statistics, timeline
    one: Text  # one cluster at this standing: the badge beside it, its map marker, a group of one
    other: Text  # several clusters: the directory's group title
    marker: str
    texture: str
    level: Level | None = field(default=None, metadata=key("-"))  # None outside the programme
    # A level's group title and map legend name its full name too ("NCE: Norwegian Centres of
    # Expertise"); set by the loader, else `other` and `one`.
    full_heading: Text | None = field(default=None, metadata=key("-"))
    full_legend: Text | None = field(default=None, metadata=key("-"))

    @property
    def badge(self) -> Text:
        """Beside one cluster in lists and on its page."""
        return self.one

    @property
    def legend(self) -> Text:
        """The map's legend."""
        return self.full_legend or self.one

    def heading(self, count: int) -> Text:
        """The title of a group of `count` clusters."""
        if self.full_heading:
            return self.full_heading
        return self.one if count == 1 else self.other


@dataclass(frozen=True)
class LevelRegistry:
    """The levels and the two standings outside them, in the order pages list them."""

    standings: tuple[Standing, ...]

    def __getitem__(self, standing_id: str) -> Standing:
        return next(s for s in self.standings if s.id == standing_id)

    def __iter__(self):
        return iter(self.standings)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.standings)


@dataclass(frozen=True)
class StatusPeriod:
    """A level a cluster held. An open period ends where the next one begins; the
    loader gives each period the next one's start, and only this class decides."""

    level: Level = field(metadata=ref("level"))
    start: PartialDate = field(metadata=key("from"))
    end: PartialDate | None = field(default=None, metadata=key("to"))  # as written
    note: Text | None = None
    next_start: PartialDate | None = field(default=None, metadata=key("-"))  # set by the loader

    @property
    def until(self) -> PartialDate | None:
        """The written end, else the next period's start; None while the level is still held."""
        return self.end or self.next_start

    @property
    def last_day(self) -> dt.date | None:
        if self.end:
            return self.end.last_day
        if self.next_start:
            return self.next_start.first_day - dt.timedelta(days=1)
        return None

    def covers(self, day: dt.date) -> bool:
        return self.start.first_day <= day and (self.last_day is None or day <= self.last_day)

    def years(self, as_of: dt.date) -> range:
        """Years in which the level was held for at least part of the year, up to the as-of
        date: the data says nothing after it, so a period that begins later counts in no
        year, and one that runs on (open, or to a planned end) counts up to the as-of year."""
        if self.start.first_day > as_of:
            return range(0)
        end = min(self.until.year, as_of.year) if self.until else as_of.year
        return range(self.start.year, max(end, self.start.year) + 1)


@dataclass(frozen=True)
class MemberCount:
    count: int
    as_of: PartialDate
    qualifier: str | None = None
    unit: str = "members"
    note: Text | None = None

    @property
    def text(self) -> str:
        prefix = {"about": "about ", "over": "over "}.get(self.qualifier or "", "")
        return f"{prefix}{self.count:,} {self.unit}".replace(",", "\u202f")


@dataclass(frozen=True)
class Milestone:
    date: PartialDate
    text: Text


@dataclass(frozen=True)
class Link:
    title: Text
    url: str


@dataclass(frozen=True)
class Cluster(Record):
    slug: str
    name: str
    status: tuple[StatusPeriod, ...]
    # Where the cluster organisation is based. A source may name no town: then the
    # cluster is listed everywhere but not placed on the map.
    city: str | None = None
    county: str | None = None
    lat: float | None = field(default=None, metadata=key("coordinates.lat"))
    lon: float | None = field(default=None, metadata=key("coordinates.lon"))
    sectors: tuple[str, ...] = ()
    description: Text = Text("")
    sources: tuple[Source, ...] = ()
    data_path: str = field(default="", metadata=key("-"))  # e.g. data/clusters/x.yml, for "Edit this page"
    short_name: str | None = None
    former_names: tuple[str, ...] = ()
    founded: PartialDate | None = None
    county_today: str | None = None
    region: Text | None = None
    technology: tuple[Text, ...] = ()
    organisation: Text | None = None
    website: str | None = None
    links: tuple[Link, ...] = ()
    members: tuple[MemberCount, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    uncertain: tuple[Uncertainty, ...] = ()
    more: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False, metadata=key("-"))

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def located(self) -> bool:
        """Whether the data places the cluster on the map."""
        return self.lat is not None and self.lon is not None

    def status_on(self, day: dt.date) -> StatusPeriod | None:
        """The period held on `day`."""
        return next((period for period in self.status if period.covers(day)), None)

    def standing_on(self, day: dt.date) -> str:
        """The id of the cluster's standing on `day`: the level it held, or former, or later."""
        period = self.status_on(day)
        if period:
            return period.level.id
        return LATER if self.status[0].start.first_day > day else FORMER

    def years_by_level(self, as_of: dt.date) -> dict[str, tuple[int, ...]]:
        """Years up to the as-of date in which the cluster held each level for at least part of the year."""
        years: dict[str, set[int]] = {}
        for period in self.status:
            held = period.years(as_of)
            if held:
                years.setdefault(period.level.id, set()).update(held)
        return {level: tuple(sorted(held)) for level, held in years.items()}

    @property
    def latest_members(self) -> MemberCount | None:
        return self.members[-1] if self.members else None


@dataclass(frozen=True)
class Partner(Record):
    slug: str
    name: str
    name_no: str
    role: Text
    description: Text
    sources: tuple[Source, ...]
    data_path: str = field(default="", metadata=key("-"))
    full_name: str | None = None
    abbreviation: str | None = None
    founded: PartialDate | None = None
    founded_note: Text | None = None
    headquarters: str | None = None
    legal_form: Text | None = None
    owner: Text | None = None
    website: str | None = None
    facts: tuple[Text, ...] = ()
    uncertain: tuple[Uncertainty, ...] = ()
    more: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False, metadata=key("-"))

    @property
    def display_name(self) -> str:
        """How English pages and links name the partner: the name readers know, with the full name beside it."""
        return f"{self.name} ({self.full_name})" if self.full_name else self.name

    def name_in(self, code: str) -> str:
        """How a page in language `code` names the partner: a Bokmål page by its Norwegian name."""
        return self.name_no if code == "nb" else self.display_name

    def other_name(self, code: str) -> Name:
        """The partner's name in the other language, shown beside name_in(code)."""
        return Name(self.display_name, "en") if code == "nb" else Name(self.name_no, "nb")


@dataclass(frozen=True)
class HistoryEvent:
    date: PartialDate
    title: Text
    text: Text
    kind: str = "milestone"
    source: str | None = None


@dataclass(frozen=True)
class Definition:
    id: str
    term: Text
    text: Text
    term_no: str | None = None
    source: str | None = None
    level: str | None = None  # the level the term names: its page says what became of the level


@dataclass(frozen=True)
class Funder:
    name: str
    name_no: str
    abbreviation: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class StructurePeriod:
    start: PartialDate = field(metadata=key("from"))
    levels: tuple[Level, ...] = field(default=(), metadata=ref("level"))
    note: Text = Text("")
    end: PartialDate | None = field(default=None, metadata=key("to"))


@dataclass(frozen=True)
class FundingRow:
    item: Text
    amount: Text
    duration: Text | None = None


@dataclass(frozen=True)
class Budget:
    year: int
    nok_million: float
    what: Text
    sources: tuple[str, ...] = ()  # pages that state the figure


# How complete the data is for a period (coverage[].completeness), from most to least.
COMPLETE, PARTIAL, UNKNOWN = "complete", "partial", "unknown"
BEYOND = "beyond"  # a year after the as-of date: the data says nothing about it


@dataclass(frozen=True)
class CoveragePeriod:
    """How complete the data is for one period: complete, partial (the note says what is
    missing) or unknown. The periods of programme.yml follow each other without a gap."""

    start: PartialDate = field(metadata=key("from"))
    end: PartialDate = field(metadata=key("to"))
    completeness: str
    note: Text
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearCoverage:
    """How complete the data is for one year: the one rule counts and charts follow."""

    year: int
    completeness: str  # COMPLETE, PARTIAL, UNKNOWN or BEYOND
    periods: tuple[CoveragePeriod, ...] = ()  # the periods that make it less than complete
    cut: PartialDate | None = None  # where a coverage that stops inside the year stops

    @property
    def shown(self) -> bool:
        """Whether counts and charts show the year: only what the sources cover."""
        return self.completeness in (COMPLETE, PARTIAL)

    @property
    def partial(self) -> bool:
        return self.completeness == PARTIAL


@dataclass(frozen=True)
class Programme(Record):
    name: str
    name_no: str
    as_of: PartialDate
    owners: tuple[Partner, ...] = field(metadata=ref("partner"))
    operator: Partner = field(metadata=ref("partner"))
    funders: tuple[Funder, ...]
    summary: Text
    purpose_original: Text = field(metadata=key("purpose.original"))
    purposes: tuple[Text, ...] = field(metadata=key("purpose.purposes"))
    levels: tuple[Level, ...]
    history: tuple[HistoryEvent, ...]
    definitions: tuple[Definition, ...]
    sources: tuple[Source, ...]
    coverage: tuple[CoveragePeriod, ...]
    registry: LevelRegistry = field(metadata=key("standings"))  # built by the loader from levels and standings
    data_path: str = field(default="", metadata=key("-"))
    abbreviation: str | None = None
    launched: PartialDate | None = None
    as_of_label: Text | None = None
    portfolio_note: Text | None = None
    purposes_from: PartialDate | None = field(default=None, metadata=key("purpose.purposes_from"))
    services: tuple[Text, ...] = ()
    target_group: Text | None = None
    structure: tuple[StructurePeriod, ...] = ()
    delimitation_criteria: tuple[Text, ...] = ()
    definition_2024: Text | None = None
    selection_text: Text | None = field(default=None, metadata=key("selection.text"))
    selection_criteria: tuple[Text, ...] = field(default=(), metadata=key("selection.criteria"))
    nce_criteria: tuple[Text, ...] = field(default=(), metadata=key("selection.nce_criteria"))
    funding: tuple[FundingRow, ...] = ()
    budgets: tuple[Budget, ...] = ()
    effect: Text | None = None
    uncertain: tuple[Uncertainty, ...] = ()
    more: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False, metadata=key("-"))

    def level(self, level_id: str) -> Level:
        return next(level for level in self.levels if level.id == level_id)

    def year_coverage(self, year: int) -> YearCoverage:
        """How complete the data is for `year`. A year after the as-of date is beyond the
        data, and so is one no coverage period reaches (unknown). Otherwise the year is as
        complete as the least complete period it overlaps, and partial at best where the
        coverage stops inside it."""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if first > self.as_of.last_day:
            return YearCoverage(year, BEYOND)
        found = tuple(p for p in self.coverage if p.start.first_day <= last and p.end.last_day >= first)
        if not found or all(p.completeness == UNKNOWN for p in found):
            return YearCoverage(year, UNKNOWN, found)
        lacking = tuple(p for p in found if p.completeness != COMPLETE)
        cut = found[-1].end if found[-1].end.last_day < last else None
        if lacking or cut or found[0].start.first_day > first:
            return YearCoverage(year, PARTIAL, lacking, cut)
        return YearCoverage(year, COMPLETE)


@dataclass(frozen=True)
class SiteData:
    """Everything in data/, validated."""

    programme: Programme
    partners: tuple[Partner, ...]
    clusters: tuple[Cluster, ...] = field(default=())
    cluster_properties: tuple[str, ...] = ()  # the cluster schema's properties, in its order (for exports)
    warnings: tuple = ()  # problems.Problem: what is not wrong but missing, such as a Bokmål text

    @property
    def as_of_day(self) -> dt.date:
        return self.programme.as_of.last_day
