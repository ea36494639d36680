"""Open data: the clusters as JSON and CSV, published with the site.

Both are made from the model. clusters.json holds every property of the cluster
schema, in schema order, under the names the YAML uses, with the computed columns
declared below among them; a new schema property appears without a change here.
clusters.csv has the declared columns, then any further property that holds one
plain value.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from . import model as m
from .links import CLUSTERS, page_url
from .views.site import SiteView
from .views.summary import ClusterSummary

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"


@dataclass(frozen=True)
class Column:
    """A column computed from a cluster and its summary, not stored in its file."""

    name: str
    value: Callable[[m.Cluster, ClusterSummary, str], object]  # (cluster, summary, site_url)
    after: str | None = None  # the schema property it follows in clusters.json; None: at the end


LEVEL_ON_AS_OF = Column("level_on_as_of", lambda c, s, url: s.group, after="former_names")
SINCE = Column("since", lambda c, s, url: s.since_iso, after="former_names")
PAGE = Column("page", lambda c, s, url: url + page_url(CLUSTERS, c.slug))
# The county by today's counties: county_today, else county, else worked out from a county that
# has since merged (ncesite.counties); the column to group by. Empty when not known.
COUNTY_NOW = Column("county_now", lambda c, s, url: s.county, after="county_today")
# The date of the last commit that changed the cluster's file, where the build knows it.
DATA_LAST_CHANGED = Column("data_last_changed", lambda c, s, url: s.changed_iso)
JSON_COMPUTED = (LEVEL_ON_AS_OF, SINCE, COUNTY_NOW, PAGE, DATA_LAST_CHANGED)

_LATEST = lambda c: c.latest_members  # noqa: E731 - a name for the lambdas below
# clusters.csv, one row per cluster: a declared column is a property name or a Column.
CSV_COLUMNS: tuple[str | Column, ...] = (
    "slug", "name", "short_name", "former_names", LEVEL_ON_AS_OF, SINCE,
    Column("first_status", lambda c, s, url: c.status[0].start.iso),
    "city", "county", "county_today", COUNTY_NOW,
    Column("lat", lambda c, s, url: c.lat), Column("lon", lambda c, s, url: c.lon),
    "sectors", "technology", "organisation",
    Column("members", lambda c, s, url: _LATEST(c).count if _LATEST(c) else None),
    Column("members_as_of", lambda c, s, url: _LATEST(c).as_of.iso if _LATEST(c) else None),
    "website", PAGE, DATA_LAST_CHANGED,
)
# Properties the CSV leaves to clusters.json: lists of records, long text, or given elsewhere.
CSV_LEAVES_OUT = ("founded", "status", "region", "coordinates", "links", "members", "milestones",
                  "description", "sources", "uncertain")


@cache
def _fields(cls) -> tuple[tuple[str, list[str], bool], ...]:
    """Each exported field of a model class: its name, its YAML path and whether it holds ids."""
    return tuple((f.name, f.metadata.get("key", f.name).split("."), "ref" in f.metadata)
                 for f in dataclasses.fields(cls) if f.metadata.get("key") != "-")


def plain(value):
    """A model value as plain JSON values under the YAML's names (the loader's mapping, reversed)."""
    if isinstance(value, m.PartialDate):
        return value.iso
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    if not dataclasses.is_dataclass(value):
        return value
    record: dict = {}
    for name, (*parents, last), is_ref in _fields(type(value)):
        item = getattr(value, name)
        if is_ref:  # ids, as the YAML writes them
            item = [x.id for x in item] if isinstance(item, tuple) else item.id
        else:
            item = plain(item)
        target = record
        for parent in parents:
            target = target.setdefault(parent, {})
        target[last] = item
    for name, nested in record.items():
        # Fields gathered under one YAML key (coordinates.lat, coordinates.lon) that are
        # all absent are one absent value, as in the YAML.
        if isinstance(nested, dict) and nested and all(v is None for v in nested.values()):
            record[name] = None
    for key, item in (getattr(value, "more", None) or {}).items():
        record[key] = plain(item)
    return record


def cluster_record(cluster: m.Cluster, summary: ClusterSummary, site_url: str, properties: tuple[str, ...]) -> dict:
    """One cluster as plain JSON values: every schema property, plus the computed columns."""
    values = plain(cluster)
    record: dict = {}
    for name in properties:
        record[name] = values.get(name)
        for column in JSON_COMPUTED:
            if column.after == name:
                record[column.name] = column.value(cluster, summary, site_url)
    for column in JSON_COMPUTED:
        if column.after is None:
            record[column.name] = column.value(cluster, summary, site_url)
    return record


# A spreadsheet reads a cell that starts with one of these as a formula (=HYPERLINK(...) runs
# when the file is opened). OWASP's advice on CSV injection: put a ' in front, so it reads as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> object:
    """A value as a CSV cell: lists joined with "; ", and text that a spreadsheet would run as a
    formula made inert with a leading '. (clusters.json keeps every value exactly.)"""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def exports(data: m.SiteData, view: SiteView, site_url: str) -> dict[str, str]:
    """File name -> content for clusters.json and clusters.csv."""
    summaries = {s.slug: s for s in view.clusters}
    properties = data.cluster_properties
    records = [cluster_record(c, summaries[c.slug], site_url, properties) for c in data.clusters]
    document = {
        "title": f"Clusters in {data.programme.name}",
        "as_of": view.as_of_iso,
        # How complete the data is, period by period: no count goes past as_of.
        "coverage": plain(data.programme.coverage),
        "licence": LICENCE,
        "schema": "schema/cluster.schema.json",
        "clusters": records,
    }
    named = {column if isinstance(column, str) else column.name for column in CSV_COLUMNS}
    columns = CSV_COLUMNS + tuple(p for p in properties if p not in named and p not in CSV_LEAVES_OUT)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column if isinstance(column, str) else column.name for column in columns])
    for record, cluster in zip(records, data.clusters):
        writer.writerow([csv_cell(record[column] if isinstance(column, str)
                                   else column.value(cluster, summaries[cluster.slug], site_url)) for column in columns])
    return {
        "clusters.json": json.dumps(document, ensure_ascii=False, indent=2) + "\n",
        "clusters.csv": out.getvalue(),
    }
