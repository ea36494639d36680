"""MkDocs hook: Material's search plugin strips its marks only from a page that has one.

After adding a page to the index, Material's search plugin removes its `data-search-*="..."`
attributes from the page's HTML with a regular expression that begins with an optional
space, so it is tried at every character of every page: about 0.4 CPU s at 1,000 clusters
(both languages), for two pages that have such a mark. A page without "data-search-" has
nothing it could remove; the plugin's own handler still runs for any page that has one.
The site is the same byte for byte (tests/test_search_index.py); NCE_FAST_PATHS=0 turns this off.
"""

from __future__ import annotations

import os

from material.plugins.search.plugin import SearchPlugin
from mkdocs.plugins import event_priority


def _on_page_context(plugin: SearchPlugin, handler):
    def on_page_context(context, *, page, config, nav):
        if "data-search-" in page.content:
            return handler(context, page=page, config=config, nav=nav)
        # What the handler does for such a page, without the substitution that finds nothing.
        if plugin.config.enabled:
            plugin.search_index.add_entry_from_context(page)
        return None

    on_page_context.nce_wrapped = handler
    return on_page_context


@event_priority(-100)  # after the plugins have registered their handlers
def on_config(config):
    if os.environ.get("NCE_FAST_PATHS") == "0":
        return config
    plugins = config.plugins
    handlers = plugins.events["page_context"]
    for index, handler in enumerate(handlers):
        plugin = getattr(handler, "__self__", None)
        if isinstance(plugin, SearchPlugin) and getattr(handler, "__func__", None) is SearchPlugin.on_page_context:
            wrapped = _on_page_context(plugin, handler)
            handlers[index] = wrapped
            plugins._event_origins[wrapped] = plugins._event_origins.get(handler, "search")
    return config
