"""The interface strings the views write, in one place (templates hold the others).

Each is marked with N_ so pybabel extracts it into the message catalogues (see
ncesite.i18n); a string with {names} is filled in with str.format where it is used.
Names and facts come from data/, never from here. Views get a `Wording`: these
strings translated into the build's language, with its date and number formats.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from . import i18n
from .i18n import N_

# After a text shown in English on a page in another language (its Bokmål text is not written yet).
FALLBACK_NOTE = N_("(English)")

# Cluster page: the line under the title, the key facts, the status table, related lists.
STATUS_FORMER = N_("Held {levels} status; no longer in the programme on {date}.")
STATUS_LATER = N_("Joined the programme after {date}.")
STATUS_AT_LEVEL = N_("Level on {date}: {level}, since {since}.")
LEVEL_ON = N_("Level on {date}")
SINCE = N_("Since")
JOINED = N_("Joined the programme")
LEFT = N_("Left the programme")
CITY = N_("City")
COUNTY = N_("County")
COUNTY_TODAY = N_("County today")
COUNTY_TODAY_INFERRED = N_("Worked out by this site, not given by a source: {county} is no longer a county, "
                           "and it became part of {today} in the county reforms.")
TOWN_NOT_KNOWN = N_("not known: no source found names it, so the map does not show this cluster")
TOWN_NOT_KNOWN_COUNTY = N_("not known: no source found names it, so the map places this cluster at the middle of its county")
PLACE_NOT_KNOWN = N_("place not known")
COUNTY_NOT_KNOWN = N_("County not known")
AREA = N_("Area")
SECTORS = N_("Sectors")
STARTED = N_("Started")
SIZE = N_("Size")
CLUSTER_ORGANISATION = N_("Cluster organisation")
WEBSITE = N_("Website")
TECHNOLOGY = N_("Technology and activities")
# How the notes on the facts name a field (never by its path in the data).
NAME = N_("Name")
SHORT_NAME = N_("Short name")
FORMER_NAMES = N_("Former names")
STATUS = N_("Status in the programme")
STATUS_PERIOD = N_("{level} period from {year}")
SIZE_REPORTED = N_("Size reported {date}")
REPORTED = N_("Reported")
NOTE = N_("Note")
LINKS = N_("Links")
MILESTONES = N_("Milestones")
ABOUT = N_("About")
SOURCES = N_("Sources")
MORE_FACTS = N_("More facts")
END_NOT_KNOWN = N_("not known")
SECTORS_NOT_KNOWN = N_("not known: no source found names the sector")
SECTOR_NOT_KNOWN = N_("Sector not known")
STILL_HELD = N_("still held")
ADMITTED_BEFORE_BRAND = N_("Admitted while {level} was a funded level; since {date} {level} is a brand name.")
ALSO_IN = N_("Also in {place}")
SIZE_ON = N_("{size} ({date})")
ABOUT = N_("about {amount}")
OVER = N_("over {amount}")

# Confidence marks (the schema's values), as pages show them.
VERIFIED = N_("verified")
INFERRED = N_("inferred")
UNVERIFIED = N_("unverified")

# The map: the legend entries for places with several clusters and for places only known to
# the county, a marker's name, and the names of the clusters behind it.
MAP_SEVERAL = N_("Several clusters in one place or close together (the number says how many)")
MAP_APPROXIMATE = N_("Town not known: placed at the middle of its county (dashed ring)")
MAP_TOWN = N_("{town}: {clusters}: {names}")
MAP_MEMBER = N_("{name} ({level})")
MAP_APPROXIMATE_MEMBER = N_("{name} ({level}; somewhere in {county}, town not known)")

# Partner page.
NORWEGIAN_NAME = N_("Norwegian name")
ENGLISH_NAME = N_("English name")
ABBREVIATION = N_("Abbreviation")
IN_THE_PROGRAMME = N_("In the programme")
OWNER_AND_OPERATOR = N_("Owner and operator")
PROGRAMME_OWNER = N_("Owner")
FOUNDED = N_("Founded")
HEADQUARTERS = N_("Headquarters")
LEGAL_FORM = N_("Legal form")
OWNED_BY = N_("Owner")

# Directory: the orders rows can be sorted in.
SORT_NAME = N_("Name: A to Z")
SORT_OLDEST = N_("Since: oldest first")
SORT_NEWEST = N_("Since: newest first")
SORT_LARGEST = N_("Size: largest first")

# Statistics.
BY_LEVEL = N_("Clusters by level on {date}")
BY_LEVEL_CAPTION = N_("Former clusters had left the programme by this date.")
LEVEL = N_("Level")
BY_COUNTY = N_("Current clusters by county on {date}")
COUNTY_HEADER = N_("County (today's name where it changed)")
BY_SECTOR = N_("Current clusters by sector on {date}")
SECTOR = N_("Sector")
BY_SECTOR_CAPTION = N_("A cluster can work in more than one sector.")
BY_SECTOR_ALL = N_("All clusters on the site by sector, former included")
BY_YEAR = N_("Clusters by level and year")
YEAR = N_("Year")
BY_YEAR_CAPTION = N_("A cluster counts in every year in which it held the level for at least part of the year; "
                     "a year of change counts at both levels. The last year shown is {year}: the data goes up to {date}. "
                     "A year with partial data is drawn paler, with a dashed outline; the table says what is "
                     "missing.")

# How complete the data is (programme.yml coverage): the page's statement, and the notes of charts.
COMPLETE = N_("complete")
PARTIAL = N_("partial")
PARTIAL_DATA = N_("partial data")
UNKNOWN = N_("unknown")
COVERAGE = N_("Data")
COVERAGE_STOPS = N_("the coverage statement stops on {date}")
COVERAGE_PART = N_("the coverage statement covers only part of the year")
PARTIAL_YEARS = N_("The data is partial for {years}. {notes}")
YEARS_LEFT_OUT = N_("No figures are shown for {years}: the sources found do not say how complete the data is.")
BRAND_SINCE = N_("Since {date}: {brand}")
DATA_CHANGED = N_("The data behind this page last changed on {date}.")

# The chart builders' own sentences and labels.
CHART_NO_DATA = N_("{title}: no data.")
BAR_CHART = N_("Horizontal bar chart with {count} bars; largest is {label} with {value}. "
               "All values are listed in the table that follows.")
STACKED_CHART = N_("Stacked column chart of {things} per year from {first} to {last}, split by {names}. "
                   "The highest total is {total} in {year}. All values are listed in the table that follows.")
TIMELINE_CHART = N_("Timeline of {clusters} from {first} to {last}, showing the periods each spent at each "
                    "programme level. The same periods are listed in the table that follows.")
TIMELINE_CHART_EVENTS = N_("Timeline of {clusters} from {first} to {last}, showing the periods each spent at "
                           "each programme level, with {events} programme milestones. The same periods are "
                           "listed in the table that follows.")
IN_TOTAL = N_("{year}: {amount} in total")
CATEGORY = N_("Category")
TOTAL = N_("Total")
ONGOING = N_("ongoing")
CLUSTER = N_("Cluster")
FROM = N_("From")
TO = N_("To")
MILESTONE = N_("Milestone")
CLUSTER_NOUN = N_("cluster")
CLUSTERS_NOUN = N_("clusters")

# Pages the generator adds.
DATA_REFERENCE = N_("Data reference")
DATA_REFERENCE_DESCRIPTION = N_("Every field of the site's YAML data files, generated from the JSON Schemas.")
AS_OF_ON = N_("on {date}")

# The data reference page (its field descriptions are the schemas' own, in English).
REF_INTRO = N_("Everything on this site comes from YAML files in the `data/` folder of the repository. "
               "This page lists every field those files may hold. It is generated from the JSON Schemas "
               "in `data/schema/`, the same schemas that check the data before each build, so it is "
               "always up to date.")
REF_HOW = N_("How to read the tables:")
REF_HOW_FIELD = N_("**Field** is the field's name. A name such as `status[].from` is the field `from` "
                   "inside each entry of the list `status`.")
REF_HOW_REQUIRED = N_("**Required** fields must be present and not empty. A required field inside a list "
                      "(such as `links[].url`) is required in each entry you add to that list.")
REF_HOW_OTHERS = N_("No other fields are allowed: a misspelt field name is reported, with the closest "
                    "correct name.")
REF_HOW_FORMATS = N_("The formats (text in English and Bokmål, text, date, web address, slug) are explained "
                     "[below](#formats).")
REF_DESCRIPTIONS_IN_ENGLISH = N_("The descriptions of the fields are in English.")
REF_CLUSTER_FILES = N_("Cluster files")
REF_PARTNER_FILES = N_("Partner files")
REF_PROGRAMME_FILE = N_("Programme file")
REF_FORMATS = N_("Formats")
REF_LEVELS = N_("Levels")
REF_COUNTIES = N_("Counties")
REF_SECTORS = N_("Sectors")
REF_CONFIDENCE = N_("Confidence")
REF_FIELD = N_("Field")
REF_TYPE = N_("Type")
REF_REQUIRED = N_("Required")
REF_DESCRIPTION = N_("Description")
REF_EXAMPLE = N_("Example")
REF_MEANING = N_("Meaning")
REF_YES = N_("yes")
REF_NO = N_("no")
REF_SEE = N_("{kind}, see {link}")
REF_ONE_OF = N_("one of {values}")
REF_LIST_OF_ENTRIES = N_("list of entries")
REF_LIST_OF = N_("list of {kind}")
REF_MAPPING = N_("mapping of fields")
REF_WHOLE_NUMBER = N_("whole number")
REF_NUMBER = N_("number")
REF_FROM_TO = N_("{kind} from {low} to {high}")
REF_OR_MORE = N_("{kind}, {low} or more")
REF_TRUE_FALSE = N_("true or false")
REF_ANY = N_("any value")
REF_PROSE = N_("text in English and Bokmål")
REF_TEXT = N_("text")
REF_DATE = N_("date")
REF_URL = N_("web address")
REF_SLUG = N_("slug")
REF_LEVEL = N_("level")
REF_COUNTY = N_("county")
REF_SECTOR = N_("sector")

# Timeline.
TIMELINE = N_("Each cluster's path through the levels")
TIMELINE_CAPTION = N_("Bars run from when a cluster got a level to when it left it, as far as the sources record.")
TIMELINE_CAPTION_HELD = N_("A level still held on {date} is drawn up to that date, which is as far as the data goes, "
                           "even where a later end is planned.")
TIMELINE_CAPTION_ROUNDS = N_("Vertical lines mark the programme's award rounds, which are named under the chart.")
HELD_ON = N_("still held on {date}")
NO_END_RECORDED = N_("no end recorded")


# Sectors: the values of the schema's sector list (a test keeps the two in step), as pages name them.
SECTOR_NAMES = {sector: sector for sector in (
    N_("Aquaculture"), N_("Bioeconomy"), N_("Construction"), N_("Creative industries"), N_("Education"),
    N_("Electronics"), N_("Energy"), N_("Engineering"), N_("Environment"), N_("Finance"), N_("Food"),
    N_("Health"), N_("ICT"), N_("Manufacturing"), N_("Maritime"), N_("Materials"), N_("Media"),
    N_("Ocean technology"), N_("Oil and gas"), N_("Process industry"), N_("Seafood"), N_("Tourism"),
)}

# Member counts: what was counted, singular and plural (the schema's `unit` values).
UNITS = {
    "members": (N_("{count} member"), N_("{count} members")),
    "partners": (N_("{count} partner"), N_("{count} partners")),
    "companies": (N_("{count} company"), N_("{count} companies")),
    "owners": (N_("{count} owner"), N_("{count} owners")),
}

_MESSAGES = {name: value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str)}


class Wording:
    """The strings above in one language (attributes of the same names), with the
    language's formats for dates, numbers and lists. The views' one way to words."""

    def __init__(self, code: str = "en"):
        self.code = code
        self.words = i18n.Words(code)
        for name, message in _MESSAGES.items():
            setattr(self, name, self.words.gettext(message))

    @staticmethod
    def compose(message: str, **parts) -> Markup:
        """A message with texts put in, each escaped; a text shown in English on a page in
        another language keeps its lang mark and note (model.Prose)."""
        return escape(message).format(**parts)

    @staticmethod
    def join(texts, separator: str = ", ") -> Markup:
        """Texts joined, each escaped and marked as `compose` does."""
        return Markup(escape(separator)).join(texts)

    def date(self, value) -> str:
        """A model.PartialDate as precise as it is known: "8 November 2018", "8. november 2018"."""
        return self.words.date(value)

    def number(self, value) -> str:
        return self.words.number(value)

    def sector(self, sector: str) -> str:
        return self.words.gettext(SECTOR_NAMES.get(sector, sector))

    def count(self, count: int, unit: str = "members") -> str:
        """A counted number: "40 members", "1 member". Digits are grouped by a thin space
        ("1 234") in every language, as the site has always written member counts."""
        singular, plural = UNITS[unit]
        n = f"{count:,}".replace(",", "\u202f")
        return (self.words.gettext(singular) if count == 1 else self.words.gettext(plural)).format(count=n)

    def clusters(self, count: int) -> str:
        """ "1 cluster", "3 clusters" in the language."""
        noun = self.CLUSTER_NOUN if count == 1 else self.CLUSTERS_NOUN
        return f"{self.number(count)} {noun}"

    def member_count(self, value) -> str:
        """A model.MemberCount as text: "about 40 members"."""
        text = self.count(value.count, value.unit)
        qualifier = {"about": self.ABOUT, "over": self.OVER}.get(value.qualifier or "")
        return qualifier.format(amount=text) if qualifier else text


ENGLISH = Wording("en")
