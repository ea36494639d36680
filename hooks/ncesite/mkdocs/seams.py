"""The one module that uses names MkDocs, Material, Jinja or watchdog do not publish.

One speed-up lives here, because it pays for itself on every build: Material's search plugin
reads every built page again with `html.parser` to cut it into search sections, a third of a
build's time. `ncesite.search_sections` cuts the HTML this site produces by the same rules,
ported from Material's `Parser`, about three times faster, and hands any page it is not sure
of back to Material's parser. It replaces the class of the plugin's `search_index` (not a
published name) with a subclass whose `add_entry_from_context` reads the sections that way.

Verified: the site is the same byte for byte with and without it (tests/test_search_index.py
builds both) on the versions in VERIFIED. On any other version of Material the plain path is
taken and one line says so; NCE_FAST_PATHS=0, or the plugin's `fast_paths: false`, takes it
too. The plain path needs nothing of this module.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from ncesite.search_sections import sections

log = logging.getLogger("mkdocs.plugins.ncesite")

# Material's versions whose search `Parser` the port was checked against, page for page.
VERIFIED = {"mkdocs-material": ("9.6.23", "9.8.2")}


def _installed(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


@cache
def verified() -> bool:
    """Whether the installed versions are the ones verified; says once why not."""
    for package, versions in VERIFIED.items():
        found = _installed(package)
        if found not in versions:
            log.info("ncesite: the fast search index is off: it was verified on %s %s, not %s (the site is the "
                     "same, built more slowly)", package, " and ".join(versions), found)
            return False
    return True


def enabled(option: bool) -> bool:
    return option and os.environ.get("NCE_FAST_PATHS") != "0" and verified()


def speed_up_search(config) -> None:
    """Let the search plugin of this build read pages with ncesite.search_sections."""
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and type(getattr(plugin, "search_index", None)) is SearchIndex:
            plugin.search_index.__class__ = _sectioned_index_class()


@cache
def _sectioned_index_class():
    from material.plugins.search.plugin import Element, SearchIndex, Section

    class SectionedSearchIndex(SearchIndex):
        """Material's search index, with each page cut into sections by ncesite.search_sections."""

        def add_entry_from_context(self, page):
            search = page.meta.get("search") or {}
            if search.get("exclude"):
                return
            found = sections(page.content)
            if found is None:  # HTML the port is not sure of: Material's own parser
                super().add_entry_from_context(page)
                return
            for part in found:
                section = Section(Element(part.tag, part.attrs), part.depth)
                section.id, section.title, section.text = part.id, part.title, part.text
                if not section.is_excluded():
                    self.create_entry_for_section(section, page.toc, page.url, page)

    return SectionedSearchIndex
