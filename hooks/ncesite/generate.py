"""The one generator: validated data -> the site's generated pages and files.

A plain function of (data, Jinja environment); it knows nothing of MkDocs, so any
engine that can add pages from strings can use it. Page bodies are rendered by
Jinja templates from overrides/ with autoescaping, so text from YAML reaches the
page as escaped text, never as markup or as a template.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import jinja2

from . import cms, i18n, opendata, reference, site_address
from . import model as m
from .handwritten import (
    BLOCK_PATTERN,
    block_placeholder,
    render_handwritten,  # noqa: F401 - the hand-written side of the generator
)
from .links import relative_root
from .pages import PAGE_KINDS, PageContext, PageKind
from .views.cluster_page import RelatedIndex
from .views.map import cluster_map, unplaced_clusters
from .views.site import SiteView, site_view
from .views.statistics import statistics
from .views.timeline import programme_timeline
from .wording import Wording


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # docs-relative source path, e.g. clusters/x.md
    content: str  # the page's Markdown (no front matter: data never passes through YAML text)
    meta: dict  # what front matter would hold (title, description, ...), as values
    edit_path: str | None  # repository path of the file an editor changes, e.g. data/clusters/x.yml
    # True when only the headings are Markdown and everything between them is finished
    # HTML, so an engine may skip Markdown for those parts (see split_html_blocks).
    html_between_headings: bool = False


_HEADING = re.compile(r"^#{1,6} ")


def split_html_blocks(markdown: str) -> tuple[str, list[str]]:
    """Replace the HTML between Markdown headings by placeholders.

    Markdown parsing of large raw HTML blocks is most of a page's build time, and
    achieves nothing for HTML that is already finished. The headings stay Markdown,
    so the table of contents and anchors work as usual; join_html_blocks puts the
    HTML back into the converted page.
    """
    out: list[str] = []
    blocks: list[str] = []
    chunk: list[str] = []

    def flush():
        if "".join(chunk).strip():
            out.append(f"\n{block_placeholder(len(blocks))}\n")
            blocks.append("\n".join(chunk).strip("\n"))
        chunk.clear()

    for line in markdown.split("\n"):
        if _HEADING.match(line):
            flush()
            out.append(line)
        else:
            chunk.append(line)
    flush()
    return "\n".join(out) + "\n", blocks


def join_html_blocks(html: str, blocks: list[str]) -> str:
    """Put the HTML that split_html_blocks took out back in place."""
    return BLOCK_PATTERN.sub(lambda match: blocks[int(match.group(1))], html)


_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def anchor_ids(blocks: list[str]) -> set[str]:
    """Element ids in set-aside HTML, which links from other pages may point at."""
    # What _ID.findall finds, tried only where "id=" is (a pattern that starts with \s is
    # otherwise tried at every character): a match ends before the next one's space.
    found = set()
    match = _ID.match
    for block in blocks:
        start = block.find("id=", 1)
        while start != -1:
            attribute = match(block, start - 1)
            if attribute:
                found.add(attribute.group(1))
                start = block.find("id=", attribute.end() + 1)
            else:
                start = block.find("id=", start + 1)
    return found


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # site-relative output path, e.g. data/clusters.json
    content: str | bytes


@dataclass
class SiteBuild:
    pages: list[GeneratedPage]
    files: list[GeneratedFile]
    view: SiteView
    page_context: dict = field(default_factory=dict)


def make_environment(loader: jinja2.BaseLoader, language: str = "en") -> jinja2.Environment:
    """The environment page bodies are rendered in: escaping on, unknown names fail, the
    language's messages (`_()`, `ngettext()`) and formats (`format_date`, ...) installed."""
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    i18n.install(env, language)
    # Text where no markup can go (an attribute): a fallback's lang mark and note left out.
    env.filters["plain"] = lambda value: str(value) if value is not None else ""
    return env


def page_meta(title: str, description: str | None = None, **extra) -> dict:
    """A generated page's metadata, given to the engine as values, never as front matter text.
    Title and description are HTML-escaped because the theme prints them unescaped."""
    meta = {"title": html.escape(title)}
    if description:
        meta["description"] = html.escape(" ".join(description.split()), quote=True)
    meta.update(extra)
    return meta


# Hand-written pages that show prepared views: their links start from their own folder.
MAP_PAGE = "clusters/map.md"
TIMELINE_PAGE = "timeline.md"


def generate_site(data: m.SiteData, env: jinja2.Environment, *, site_url: str = "",
                  schemas: dict[str, dict] | None = None,
                  page_kinds: tuple[PageKind, ...] = PAGE_KINDS, language: str = "en",
                  address: site_address.SiteAddress | None = None,
                  changed: Mapping[str, dt.date] | None = None) -> SiteBuild:
    """The pages and files of the site in `language`. `address` (the repository, for the web
    editor) defaults to what mkdocs.yml says in this environment. `changed` gives the date each
    data file (data/clusters/x.yml, ...) last changed, where the engine knows it; pages say
    nothing of a file without one."""
    # Every bilingual text becomes text in the build's language (or marked English) once, here.
    data = m.localise(data, language)
    wording = Wording(language)
    view, summaries = site_view(data, wording, changed or {})
    view.extra.update(
        map=cluster_map(view, relative_root(MAP_PAGE)),
        unplaced=unplaced_clusters(view),
        timeline=programme_timeline(view, data.clusters, relative_root(TIMELINE_PAGE)),
        stats=statistics(view),
    )
    context = PageContext(data, view, {s.slug: s for s in summaries}, RelatedIndex(summaries, data.programme.registry))
    pages: list[GeneratedPage] = []
    for kind in page_kinds:
        template = env.get_template(kind.template)
        for item in kind.items(data):
            source = kind.source(item.slug)
            body = template.render(page=kind.view(item, context), root=relative_root(source), site=view)
            pages.append(GeneratedPage(source, body, page_meta(**kind.meta(item, site_url + kind.url(item.slug), language)),
                                       kind.edit_path(item), html_between_headings=True))

    if schemas:
        meta = page_meta(wording.DATA_REFERENCE, wording.DATA_REFERENCE_DESCRIPTION)
        body = f"# {wording.DATA_REFERENCE}\n\n" + reference.data_reference_markdown(schemas, wording)
        pages.append(GeneratedPage("reference/data.md", body, meta, "data/schema/cluster.schema.json"))

    files = [GeneratedFile(f"open-data/{name}", content)
             for name, content in opendata.exports(data, view, site_url).items()]
    for name, schema in sorted((schemas or {}).items()):
        files.append(GeneratedFile(f"open-data/schema/{name}", json.dumps(schema, ensure_ascii=False, indent=2) + "\n"))
    if schemas and language == i18n.DEFAULT_LANGUAGE.code:
        # The web editor (/admin/), once for the whole site: with the default language's files.
        address = address or site_address.from_config()
        editor = cms.admin_files(schemas, repo_url=address.repo_url, edit_uri=address.edit_uri,
                                 site_url=site_url, auth_url=address.cms_auth_url)
        files += [GeneratedFile(path, content) for path, content in editor.items()]
    return SiteBuild(pages=pages, files=files, view=view, page_context={"site": view})
