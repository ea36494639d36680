"""MkDocs hook: what a search result shows is the page's description, or its section's
first sentence, not all the text of the section run together (a table's cells, a chart's
description). ncesite.search_sections.with_teasers does it; the text each entry held stays
searchable in the field "more", which mkdocs.yml's search settings list.

A thin adapter: it notes each page's description while the pages are rendered and hands
them to with_teasers before the search plugin writes its index.
"""

from __future__ import annotations

from material.plugins.search.plugin import SearchPlugin
from mkdocs.plugins import event_priority

from ncesite.search_sections import fallback_texts, page_teaser, with_teasers

_descriptions: dict[str, dict[str, str]] = {}  # language -> page address -> what its result shows
_fallbacks: dict[str, dict[str, tuple]] = {}  # language -> page address -> texts it shows in another language


def on_page_context(context, page, config, nav):
    language = config.theme["language"]
    _descriptions.setdefault(language, {})[page.url] = page_teaser(page.meta, language)
    _fallbacks.setdefault(language, {})[page.url] = fallback_texts(page.content)
    return context


@event_priority(50)  # before the search plugin writes its index (it does at the default, 0)
def on_post_build(config):
    language = config.theme["language"]
    descriptions, fallbacks = _descriptions.pop(language, {}), _fallbacks.pop(language, {})
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin):
            with_teasers(plugin.search_index.entries, descriptions, fallbacks=fallbacks, language=language)
