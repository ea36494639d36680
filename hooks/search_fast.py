"""MkDocs hook: Material's search index, with each page read by ncesite.search_sections.

Material's search plugin reads every built page again with `html.parser`; at 1,000
clusters that was a quarter of the build. search_sections reads the HTML the site
produces with the same rules, about three times faster, and hands a page it is not
sure of back to Material's parser. The index is the same byte for byte
(tests/test_search_index.py). NCE_FAST_PATHS=0 turns this off, to compare.

After indexing a page, the plugin removes its `data-search-*="..."` marks from the page's
HTML with a pattern that begins with an optional space, so it is tried at every character
of every page: about 0.4 CPU s at 1,000 clusters, for the two pages that have such a mark.
The plugin's handler now runs only for a page with "data-search-" in it; any other page is
indexed as the handler would, and its HTML has nothing the pattern could remove.

While serving, a page's sections are kept from one rebuild to the next (they depend on
its HTML alone, and most pages come out the same after an edit): see ncesite.rebuild_memo,
which also brings back those of the Bokmål pages, built in a child process.
"""

from __future__ import annotations

import logging
import os
from collections import Counter

from material.plugins.search.plugin import Element, SearchIndex, SearchPlugin, Section
from mkdocs.plugins import event_priority

from ncesite.rebuild_memo import memo
from ncesite.search_sections import sections

log = logging.getLogger("mkdocs.hooks.search_fast")
_serving = False
_counts: Counter = Counter()  # pages whose sections were read and kept, this build
_kept = memo("search sections")  # while serving: a page's HTML -> its sections (None: Material's parser)


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def _plain_sections(html: str) -> tuple | None:
    """The sections of `html` as tuples of plain values (tag, attributes, depth, id, title, text),
    which the server can take back from the child process that builds the Bokmål pages."""
    found = sections(html)
    if found is None:
        return None
    return tuple((part.tag, part.attrs, part.depth, part.id, tuple(part.title), tuple(part.text)) for part in found)


def _sections(html: str) -> tuple | None:
    if not _serving:
        return _plain_sections(html)
    found = _kept.get(html, _kept)
    _counts["read" if found is _kept else "kept"] += 1
    if found is _kept:
        found = _plain_sections(html)
        _kept.put(html, found)
    return found


class SectionedSearchIndex(SearchIndex):
    def add_entry_from_context(self, page):
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        found = _sections(page.content)
        if found is None:
            super().add_entry_from_context(page)
            return
        for tag, attrs, depth, section_id, title, text in found:
            # Lists and attributes of its own: the sections may be kept for the next rebuild.
            section = Section(Element(tag, dict(attrs)), depth)
            section.id, section.title, section.text = section_id, list(title), list(text)
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)


def _marks_only_where_present(plugin: SearchPlugin, handler):
    def on_page_context(context, *, page, config, nav):
        if "data-search-" in page.content:
            return handler(context, page=page, config=config, nav=nav)
        # What the handler does for such a page, without the substitution that finds nothing.
        if plugin.config.enabled:
            plugin.search_index.add_entry_from_context(page)
        return None

    on_page_context.nce_wrapped = handler
    return on_page_context


@event_priority(-100)  # after the search plugin has made its index for this build
def on_config(config):
    _counts.clear()
    if os.environ.get("NCE_FAST_PATHS") == "0":
        return config
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and type(plugin.search_index) is SearchIndex:
            plugin.search_index.__class__ = SectionedSearchIndex
    plugins = config.plugins
    handlers = plugins.events["page_context"]
    for index, handler in enumerate(handlers):
        plugin = getattr(handler, "__self__", None)
        if isinstance(plugin, SearchPlugin) and getattr(handler, "__func__", None) is SearchPlugin.on_page_context:
            handlers[index] = wrapped = _marks_only_where_present(plugin, handler)
            plugins._event_origins[wrapped] = plugins._event_origins.get(handler, "search")
    return config


def on_post_build(config):
    if _serving:
        log.debug("Search sections while serving: %d pages read, %d kept from the last rebuild.",
                  _counts["read"], _counts["kept"])
    _counts.clear()
