"""What the site should show, worked out from the YAML files alone.

Nothing here imports the site package: these are the expectations the tests hold
the built site to, so that a bug in the site code cannot also bend the answer.
Values are read with YAML's base loader, so every scalar stays the text the
editor wrote (dates such as 2018-11-08 stay text and compare as text).

The rules written here are the domain's, in their plainest form:
- a status period covers its dates inclusive; a partial date covers the whole
  year or month it names; a period with no end runs until the next one begins;
- a cluster's group on the as-of date is the level it held that day, "former" if
  it held none after having held one, "later" if its first status came after;
- groups and levels are shown in the order of the levels in programme.yml, then
  former, then later;
- nothing is counted after the as-of date: a period counts in the years from its
  start up to the as-of year, and one that starts after the as-of date in none;
- a year is shown in a chart or count by year if it is not after the as-of year and a
  coverage period reaches it; it is partial if a period it touches is partial or
  unknown, or if the periods stop inside it, and unknown if every period it touches
  is unknown.
"""

from __future__ import annotations

import calendar
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

GROUPS_AFTER_LEVELS = ("former", "later")

# Norway's counties from 1 January 2024, and each county that no longer exists with the one it
# became part of (Trøndelag 2018; the regional reform of 2020). The counties of 2020-2023 that
# were split again in 2024 (Viken, Vestfold og Telemark, Troms og Finnmark) give no county today.
COUNTIES_TODAY = ("Agder", "Akershus", "Buskerud", "Finnmark", "Innlandet", "Møre og Romsdal", "Nordland",
                  "Oslo", "Rogaland", "Telemark", "Troms", "Trøndelag", "Vestfold", "Vestland", "Østfold")
COUNTY_TODAY = {**{c: c for c in COUNTIES_TODAY},
                "Aust-Agder": "Agder", "Vest-Agder": "Agder", "Hedmark": "Innlandet", "Oppland": "Innlandet",
                "Hordaland": "Vestland", "Sogn og Fjordane": "Vestland", "Nord-Trøndelag": "Trøndelag",
                "Sør-Trøndelag": "Trøndelag"}


def county_today(county: str | None, given: str | None = None) -> str | None:
    """Today's county of a place in `county` (as it was then), unless the data gives it (`given`)."""
    return given or COUNTY_TODAY.get(county or "")
RELATED_LIMIT = 5  # "at most five other clusters" per related list


def read_yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def english(value):
    """The data as the English pages and exports give it: each prose mapping {en: ..., nb: ...}
    replaced by its English text."""
    if isinstance(value, dict):
        if "en" in value and set(value) <= {"en", "nb"}:
            return value["en"]
        return {k: english(v) for k, v in value.items()}
    if isinstance(value, list):
        return [english(v) for v in value]
    return value


def key(text: str) -> str:
    """The ASCII value of a county or sector in filters and URLs: "Møre og Romsdal" -> more-og-romsdal."""
    text = text.translate(str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text field: split at blank lines, line breaks folded."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


@dataclass(frozen=True)
class Expected:
    """One cluster as the site should show it on the as-of date."""

    record: dict
    group: str  # level id held on the as-of date, or former / later
    since: str  # start of the unbroken stretch at that level, as written in the YAML
    years: tuple[int, ...]  # years up to the as-of year with any status (an open last period runs to the as-of year)
    held: int | None = None  # index of the status period that covers the as-of date

    @property
    def slug(self) -> str:
        return self.record["slug"]

    @property
    def name(self) -> str:
        return self.record["name"]

    @property
    def county_shown(self) -> str | None:
        """The county by today's counties: county_today, else county if it still exists, else the
        county it became part of (COUNTY_TODAY); None when not known."""
        return county_today(self.record.get("county"), self.record.get("county_today"))

    @property
    def county_inferred(self) -> bool:
        """Whether that county is worked out from a merged county (not given by the data)."""
        county = self.record.get("county")
        return not self.record.get("county_today") and county in COUNTY_TODAY and COUNTY_TODAY[county] != county

    @property
    def located(self) -> bool:
        """Whether the YAML gives a map position (no town named: listed, but not on the map)."""
        return "coordinates" in self.record


class Data:
    """The YAML of one data/ folder, with the expectations derived from it."""

    def __init__(self, data_dir: Path):
        self.dir = Path(data_dir)
        self.programme = read_yaml(self.dir / "programme.yml")
        self.as_of: str = self.programme["as_of"]
        self.level_order: tuple[str, ...] = tuple(level["id"] for level in self.programme["levels"])
        self.level_names = {level["id"]: english(level["name"]) for level in self.programme["levels"]}
        outside = (self.programme.get("standings") or {}).get("outside") or []
        self.group_order = self.level_order + (tuple(s["id"] for s in outside) or GROUPS_AFTER_LEVELS)
        # How one cluster's standing is named beside it (badge) and on the map (legend): a level by
        # its name, a standing outside the levels by its singular form ("one").
        self.badges = {**self.level_names, **{s["id"]: english(s["one"]) for s in outside}}
        self.legends = dict(self.badges)
        # A group's title: a level's name and full name; outside the levels, singular or plural.
        self.group_titles = {level["id"]: english(level["name"]) + (": " + english(level["full_name"])
                                                                    if level.get("full_name") else "")
                             for level in self.programme["levels"]}
        self.outside_forms = {s["id"]: (english(s["one"]), english(s["other"])) for s in outside}
        self.files = sorted((self.dir / "clusters").glob("*.yml"))
        self.clusters = [self.expect(read_yaml(path)) for path in self.files]
        self.by_slug = {c.slug: c for c in self.clusters}

    # --- the domain rules, written out ------------------------------------------------

    def _end(self, periods: list[dict], index: int) -> tuple[str | None, bool]:
        """Where a period ends, and whether that end is its own (inclusive) or the next start (exclusive)."""
        period = periods[index]
        if period.get("to"):
            return period["to"], True
        if index + 1 < len(periods):
            return periods[index + 1]["from"], False
        return None, True

    def _covers(self, periods: list[dict], index: int, day: str) -> bool:
        start = periods[index]["from"]
        end, inclusive = self._end(periods, index)
        started = start[: len(day)] <= day[: len(start)]
        if end is None:
            return started
        # A partial end date covers its whole year or month: compare on the end's precision.
        if inclusive:
            return started and day[: len(end)] <= end
        return started and day[: len(end)] < end

    def expect(self, record: dict) -> Expected:
        periods = record["status"]
        held = next((i for i in range(len(periods)) if self._covers(periods, i, self.as_of)), None)
        if held is None:
            first = periods[0]["from"]
            group = "later" if first[: len(self.as_of)] > self.as_of[: len(first)] else "former"
            since = first
        else:
            group = periods[held]["level"]
            first_of_stretch = held
            while first_of_stretch > 0 and periods[first_of_stretch - 1]["level"] == group:
                first_of_stretch -= 1
            since = periods[first_of_stretch]["from"]
        as_of_year = int(self.as_of[:4])
        years: set[int] = set()
        for index, period in enumerate(periods):
            if first_day(period["from"]) > last_day(self.as_of):
                continue  # begins after the as-of date: counted in no year
            end, _ = self._end(periods, index)
            start_year = int(period["from"][:4])
            last = min(int(end[:4]), as_of_year) if end else as_of_year
            years.update(range(start_year, max(last, start_year) + 1))
        return Expected(record, group, since, tuple(sorted(years)), held)

    # --- what pages list ------------------------------------------------------------

    def in_display_order(self, clusters, order=None) -> list[Expected]:
        """Clusters by group in the programme's level order (or `order`), then by name."""
        order = order or self.group_order
        return sorted(clusters, key=lambda c: (order.index(c.group), c.name.casefold()))

    def groups_present(self, order=None) -> list[str]:
        present = {c.group for c in self.clusters}
        return [g for g in order or self.group_order if g in present]

    def brand_from(self, level: str) -> str | None:
        """When a level became a brand name, if it had by the as-of date."""
        found = next((x for x in self.programme["levels"] if x["id"] == level), {}).get("brand_from")
        return found if found and first_day(found) <= last_day(self.as_of) else None

    # --- how complete the data is, year by year (programme.yml coverage) -----------------

    def year_coverage(self, year: int) -> tuple[str, list[int]]:
        """("complete" | "partial" | "unknown" | "beyond", indices of the coverage periods that
        make the year less than complete) for a year."""
        start, end = f"{year}-01-01", f"{year}-12-31"
        if start > last_day(self.as_of):
            return "beyond", []
        periods = self.programme["coverage"]
        touching = [i for i, p in enumerate(periods) if first_day(p["from"]) <= end and last_day(p["to"]) >= start]
        if not touching or all(periods[i]["completeness"] == "unknown" for i in touching):
            return "unknown", touching
        lacking = [i for i in touching if periods[i]["completeness"] != "complete"]
        stops_inside = last_day(periods[touching[-1]]["to"]) < end or first_day(periods[touching[0]]["from"]) > start
        return ("partial" if lacking or stops_inside else "complete"), lacking

    def shown_years(self, first: int) -> list[int]:
        """The years from `first` to the as-of year that charts and counts by year show."""
        return [y for y in range(first, int(self.as_of[:4]) + 1) if self.year_coverage(y)[0] in ("complete", "partial")]

    def count(self, group: str) -> int:
        return sum(1 for c in self.clusters if c.group == group)

    def related(self, slug: str, order=None) -> list[tuple[str, list[str]]]:
        """(what is shared, slugs) for a cluster page: others with its first sector, then in its county."""
        this = self.by_slug[slug]
        ordered = [c for c in self.in_display_order(self.clusters, order) if c.slug != slug]
        sections = []
        sector = (this.record.get("sectors") or [None])[0]
        same_sector = [c.slug for c in ordered if sector in c.record.get("sectors", [])][:RELATED_LIMIT]
        if same_sector and sector:
            sections.append((sector, same_sector))
        same_county = [c.slug for c in ordered if this.county_shown and c.county_shown == this.county_shown][:RELATED_LIMIT]
        if same_county:
            sections.append((this.county_shown, same_county))
        return sections


def first_day(partial: str) -> str:
    """The first day a partial date names, as YYYY-MM-DD: 2018 -> 2018-01-01."""
    return (partial + "-01-01")[:10] if len(partial) == 4 else (partial + "-01")[:10]


def last_day(partial: str) -> str:
    """The last day a partial date names, as YYYY-MM-DD: 2018 -> 2018-12-31, 2016-02 -> 2016-02-29."""
    if len(partial) == 10:
        return partial
    year, month = int(partial[:4]), int(partial[5:7]) if len(partial) == 7 else 12
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def day_text(iso: str) -> str:
    """A partial date as pages write it: 2012-02-29 -> 29 February 2012, 2016-01 -> January 2016."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


UNIT_WORDS = {"members": ("member", "members"), "partners": ("partner", "partners"),
              "companies": ("company", "companies"), "owners": ("owner", "owners")}


def member_text(entry: dict) -> str:
    """A reported size as pages write it: "about 1 234 members" (digits grouped by a thin space)."""
    count = int(entry["count"])
    singular, plural = UNIT_WORDS[entry.get("unit", "members")]
    text = f"{count:,}".replace(",", "\u202f") + " " + (singular if count == 1 else plural)
    return f"{entry['qualifier']} {text}" if entry.get("qualifier") else text


def period_end_text(periods: list[dict], index: int, former: bool) -> str:
    """The "To" of a status period on a cluster page: its own end, else the next period's start,
    else "not known" for a former cluster and "still held" for one in the programme."""
    if periods[index].get("to"):
        return day_text(periods[index]["to"])
    if index + 1 < len(periods):
        return day_text(periods[index + 1]["from"])
    return "not known" if former else "still held"


def schema_fields(schema_dir: Path, kind: str, *, inside_prose: bool = False) -> list[str]:
    """Every field path a file of `kind` may hold (status, status[].from, coordinates.lat, ...),
    read from the JSON Schema files: properties, list items and $ref to another file's $defs.
    With inside_prose, also the keys of a prose mapping (summary.en, summary.nb), from anyOf."""
    import json

    documents = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in Path(schema_dir).glob("*.json")}

    def resolve(node: dict, document: str) -> tuple[dict, str]:
        while "$ref" in node:
            target, _, pointer = node["$ref"].partition("#")
            document = target or document
            node = documents[document]
            for part in filter(None, pointer.split("/")):
                node = node[part]
        return node, document

    def walk(node: dict, document: str, prefix: str):
        node, document = resolve(node, document)
        if "items" in node:
            yield from walk(node["items"], document, prefix + "[]")
        if inside_prose:
            for branch in node.get("anyOf", []):
                yield from walk(branch, document, prefix)
        for name, child in node.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            yield path
            yield from walk(child, document, path)

    return [path for path in walk(documents[f"{kind}.schema.json"], f"{kind}.schema.json", "")
            if not path.endswith("[]")]


def _git(root: Path, *args: str) -> str | None:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    return result.stdout if result.returncode == 0 else None


@cache
def last_changed(root: Path, path: str) -> str | None:
    """The date (YYYY-MM-DD) of the last commit that changed the file at `path` (relative to
    `root`), asked of Git file by file; None where the history cannot say: no repository, a
    shallow clone, or a file with changes not committed."""
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() != "false":
        return None
    if _git(root, "status", "--porcelain", "--untracked-files=all", "--", path) != "":
        return None
    return (_git(root, "log", "-1", "--format=%cs", "--", path) or "").strip() or None
