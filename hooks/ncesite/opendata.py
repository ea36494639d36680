"""Open data: the clusters as JSON and CSV, published with the site."""

from __future__ import annotations

import csv
import io
import json

from . import model as m
from .links import CLUSTERS, page_url
from .views.site import SiteView

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"

CSV_COLUMNS = ("slug", "name", "short_name", "former_names", "level_on_as_of", "since", "first_status",
               "city", "county", "county_today", "lat", "lon", "sectors", "technology", "organisation",
               "members", "members_as_of", "website", "page")


def _date(value: m.PartialDate | None) -> str | None:
    return value.iso if value else None


def cluster_record(cluster: m.Cluster, group: str, since: str, site_url: str) -> dict:
    """One cluster as plain JSON values: its data plus its level on the as-of date."""
    record = {
        "slug": cluster.slug,
        "name": cluster.name,
        "short_name": cluster.short_name,
        "former_names": list(cluster.former_names),
        "level_on_as_of": group,
        "since": since,
        "founded": _date(cluster.founded),
        "status": [{"level": p.level.id, "from": p.start.iso, "to": _date(p.end), "note": p.note}
                   for p in cluster.status],
        "city": cluster.city,
        "county": cluster.county,
        "county_today": cluster.county_today,
        "region": cluster.region,
        "coordinates": {"lat": cluster.lat, "lon": cluster.lon},
        "sectors": list(cluster.sectors),
        "technology": list(cluster.technology),
        "organisation": cluster.organisation,
        "website": cluster.website,
        "links": [{"title": x.title, "url": x.url} for x in cluster.links],
        "members": [{"count": x.count, "as_of": x.as_of.iso, "qualifier": x.qualifier, "unit": x.unit,
                     "note": x.note} for x in cluster.members],
        "milestones": [{"date": x.date.iso, "text": x.text} for x in cluster.milestones],
        "description": cluster.description,
        "sources": [{"url": s.url, "title": s.title} for s in cluster.sources],
        "uncertain": [{"field": u.field, "confidence": u.confidence, "note": u.note} for u in cluster.uncertain],
        "page": site_url + page_url(CLUSTERS, cluster.slug),
    }
    return record


def exports(data: m.SiteData, view: SiteView, site_url: str) -> dict[str, str]:
    """File name -> content for clusters.json and clusters.csv."""
    summaries = {s.slug: s for s in view.clusters}
    records = [cluster_record(c, summaries[c.slug].group, summaries[c.slug].since_iso, site_url)
               for c in data.clusters]
    document = {
        "title": f"Clusters in {data.programme.name}",
        "as_of": view.as_of_iso,
        "licence": LICENCE,
        "schema": "schema/cluster.schema.json",
        "clusters": records,
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record, cluster in zip(records, data.clusters):
        latest = cluster.latest_members
        writer.writerow([
            record["slug"], record["name"], record["short_name"] or "", "; ".join(record["former_names"]),
            record["level_on_as_of"], record["since"], cluster.status[0].start.iso, record["city"],
            record["county"], record["county_today"] or "", record["coordinates"]["lat"],
            record["coordinates"]["lon"], "; ".join(record["sectors"]), "; ".join(record["technology"]),
            record["organisation"] or "", latest.count if latest else "", latest.as_of.iso if latest else "",
            record["website"] or "", record["page"],
        ])
    return {
        "clusters.json": json.dumps(document, ensure_ascii=False, indent=2) + "\n",
        "clusters.csv": out.getvalue(),
    }
