"""The kinds of generated page, declared once: where each page goes, which template
renders it, which view feeds the template, and which data file "Edit this page" opens.

The generator loops over a list of kinds (PAGE_KINDS by default), so a new kind, such
as a page per sector, is one more declaration here plus its view and template.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import model as m
from .links import CLUSTERS, PARTNERS, page_url
from .views.cluster_page import RelatedIndex, cluster_page, related_clusters
from .views.common import paragraphs, shorten
from .views.partner_page import partner_page
from .views.site import SiteView
from .views.summary import ClusterSummary


@dataclass(frozen=True)
class PageContext:
    """What page views may use beyond their own item: the whole site, prepared once."""

    data: m.SiteData
    site: SiteView
    summaries: dict[str, ClusterSummary]  # by slug
    related: RelatedIndex


@dataclass(frozen=True)
class PageKind:
    name: str
    folder: str  # pages go to <folder>/<slug>.html, their Markdown source is <folder>/<slug>.md
    template: str  # renders the page body from `page` (the view), `site` and `root`
    items: Callable[[m.SiteData], Sequence]  # one page per item; each has slug and data_path
    view: Callable[[object, PageContext], object]
    meta: Callable[[object, str, str], dict]  # front matter of an item's page, given its absolute URL and language

    def url(self, slug: str) -> str:
        return page_url(self.folder, slug)

    def source(self, slug: str) -> str:
        return f"{self.folder}/{slug}.md"

    @staticmethod
    def edit_path(item) -> str:
        """The data file an editor changes for this page, such as data/clusters/x.yml."""
        return item.data_path


def description(text: str, limit: int = 155) -> str:
    """The first paragraph, shortened: for meta descriptions."""
    first = paragraphs(text)
    return shorten(first[0], limit) if first else ""


def description_meta(text: str) -> dict:
    """Front matter for a page's description; with the language it is in when that is not the
    page's (an English text shown on a Bokmål page), so that what shows it can say so."""
    shown = description(text)
    meta = {"description": shown}
    if getattr(shown, "fallback", False):
        meta["description_lang"] = shown.lang
    return meta


def cluster_jsonld(cluster: m.Cluster, url: str) -> str:
    """schema.org Organization data for a cluster page, safe inside a <script> element."""
    address = {"@type": "PostalAddress", "addressLocality": cluster.city,
               "addressRegion": cluster.county_today or cluster.county, "addressCountry": "NO"}
    item = {"@context": "https://schema.org", "@type": "Organization", "name": cluster.name, "url": url,
            # Only what the data gives: no town or county is guessed.
            "address": {key: value for key, value in address.items() if value},
            "description": description(cluster.description, 300)}
    if cluster.short_name:
        item["alternateName"] = [cluster.short_name, *cluster.former_names]
    elif cluster.former_names:
        item["alternateName"] = list(cluster.former_names)
    if cluster.founded:
        item["foundingDate"] = cluster.founded.iso
    if cluster.website:
        item["sameAs"] = cluster.website
    text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _cluster_view(cluster: m.Cluster, context: PageContext):
    summary = context.summaries[cluster.slug]
    w = context.site.wording
    return cluster_page(cluster, summary, context.data.programme, related_clusters(summary, context.related, w=w), w)


CLUSTER_PAGES = PageKind(
    name="cluster", folder=CLUSTERS, template="partials/nce/cluster-page.md",
    items=lambda data: data.clusters, view=_cluster_view,
    meta=lambda cluster, url, code: {"title": cluster.name, **description_meta(cluster.description),
                                     "search": {"boost": 2}, "jsonld": cluster_jsonld(cluster, url),
                                     "og_type": "profile"},
)

PARTNER_PAGES = PageKind(
    name="partner", folder=PARTNERS, template="partials/nce/partner-page.md",
    items=lambda data: data.partners,
    view=lambda partner, context: partner_page(partner, context.data.programme, context.site.wording,
                                               context.site.data_changed.get(partner.data_path)),
    meta=lambda partner, url, code: {"title": partner.name_in(code), **description_meta(partner.description)},
)

PAGE_KINDS: tuple[PageKind, ...] = (CLUSTER_PAGES, PARTNER_PAGES)
