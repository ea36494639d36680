"""MkDocs hook: Material's search index, with each page read by ncesite.search_sections.

Material's search plugin reads every built page again with `html.parser`; at 1,000
clusters that was a quarter of the build. search_sections reads the HTML the site
produces with the same rules, about three times faster, and hands a page it is not
sure of back to Material's parser. The index is the same byte for byte
(tests/test_search_index.py). NCE_FAST_PATHS=0 turns this off, to compare.
"""

from __future__ import annotations

import os

from material.plugins.search.plugin import Element, SearchIndex, SearchPlugin, Section
from mkdocs.plugins import event_priority

from ncesite.search_sections import sections


class SectionedSearchIndex(SearchIndex):
    def add_entry_from_context(self, page):
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        found = sections(page.content)
        if found is None:
            super().add_entry_from_context(page)
            return
        for part in found:
            section = Section(Element(part.tag, part.attrs), part.depth)
            section.id, section.title, section.text = part.id, part.title, part.text
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)


@event_priority(-100)  # after the search plugin has made its index for this build
def on_config(config):
    if os.environ.get("NCE_FAST_PATHS") == "0":
        return config
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and type(plugin.search_index) is SearchIndex:
            plugin.search_index.__class__ = SectionedSearchIndex
    return config
