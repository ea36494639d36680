"""The one module that uses names MkDocs, Material or watchdog do not publish.

What a search result shows: Material's search index shows a result's whole indexed text,
so a section made of a table or a chart reads as its cells run together. After the search
plugin has indexed a page, its new entries (the index's `entries`, not a published name) get
a short text to show, the page's description or the section's first sentence, and keep the
rest searchable in the field "more" (ncesite.search_sections.with_teasers). On a version of
Material not verified, results show the whole text, as Material makes them.

Three speed-ups live here, each because it pays for itself:

- Search sections (every build): Material's search plugin reads every built page again with
  `html.parser` to cut it into search sections, a third of a build's time.
  `ncesite.search_sections` cuts the HTML this site makes by the same rules, ported from
  Material's `Parser`, about three times faster, and hands any page it is not sure of back to
  Material's parser. It replaces the class of the plugin's `search_index` (not a published
  name) with a subclass whose `add_entry_from_context` reads the sections that way.
- The theme's files listed once per process (every build after the first: the Bokmål one
  inside the English one, each rebuild while serving): MkDocs walks the installed theme's
  thousands of icon files on every build to find its static files. The environment MkDocs
  gets from `theme.get_env()` lists an installed theme folder once and keeps the names; the
  site's own overrides/ are listed every time. This relies on how MkDocs calls
  `list_templates` (with a `filter_func`) for static files.
- A save noticed sooner while serving: MkDocs polls for changes every 0.5 s and waits 0.1 s
  more. The server's `observer` (an attribute MkDocs does not document) becomes watchdog's
  polling observer at 0.1 s, with the watches MkDocs made before moved to it through the
  server's public `unwatch` and `watch`, and the wait is 0.02 s. (Watching with the kernel's
  reports would be quicker still, but the build's own reading of files would be reported as
  changes, and `watch()` cannot filter them.)

Verified: the site is the same byte for byte with and without them (tests/test_search_index.py
builds both) on the versions in VERIFIED. On any other version of a package the speed-ups that
need it are off and one line says so; NCE_FAST_PATHS=0, or the plugin's `fast_paths: false`,
turns them all off. The plain path needs nothing of this module.
"""

from __future__ import annotations

import logging
import os
import sysconfig
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ncesite.search_sections import fallback_texts, page_teaser, sections, with_teasers

log = logging.getLogger("mkdocs.plugins.ncesite")

# The versions each speed-up was checked against, file by file of the built site.
VERIFIED = {"mkdocs-material": ("9.6.23", "9.8.2"), "mkdocs": ("1.6.1",)}
POLL_SECONDS = 0.1
BUILD_DELAY_SECONDS = 0.02


def _installed(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


@cache
def verified(package: str) -> bool:
    """Whether the installed `package` is a version verified here; says once why not."""
    found, versions = _installed(package), VERIFIED[package]
    if found not in versions:
        log.info("ncesite: what relies on %s's internals is off: it was verified on %s, not %s (the site "
                 "is built more slowly, and search results show their whole text)", package, " and ".join(versions),
                 found)
        return False
    return True


def enabled(option: bool, package: str | None) -> bool:
    """Whether a speed-up is on: the plugin's `fast_paths`, not NCE_FAST_PATHS=0, and the version
    of `package` it relies on verified (None: it relies on no private name)."""
    return option and os.environ.get("NCE_FAST_PATHS") != "0" and (package is None or verified(package))


# -- search sections (Material) -----------------------------------------------------------------

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


# -- what a search result shows (Material) -------------------------------------------------------

def add_teasers(config, page, language: str, done: int) -> int:
    """Give the search entries the plugin made for `page` (those after the first `done`) the text
    a result shows; returns how many entries the index holds now."""
    from material.plugins.search.plugin import SearchPlugin

    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None) if isinstance(plugin, SearchPlugin) else None
        if index is not None and plugin.config.enabled:
            with_teasers(index.entries[done:], {page.url: page_teaser(page.meta, language)},
                         fallbacks={page.url: fallback_texts(page.content or "")}, language=language)
            return len(index.entries)
    return done


# -- the theme's files listed once (MkDocs) -------------------------------------------------------

_INSTALLED = tuple(str(Path(p).resolve()) for p in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
_listings: dict[tuple, list[str]] = {}  # (theme folder, filter's code, static templates) -> names


def _listed(folder: str, filter_func, static_templates: tuple) -> list[str]:
    """The files under one theme folder that `filter_func` keeps, named as jinja2.FileSystemLoader names them."""
    installed = str(Path(folder).resolve()).startswith(_INSTALLED)
    key = (folder, filter_func.__code__, static_templates)
    if installed and key in _listings:
        return _listings[key]
    found = []
    for dirpath, _, filenames in os.walk(folder):
        for filename in filenames:
            name = os.path.join(dirpath, filename)[len(folder):].strip(os.path.sep).replace(os.path.sep, "/")
            name = name[2:] if name[:2] == "./" else name
            if filter_func(name):
                found.append(name)
    if installed:
        _listings[key] = found
    return found


def list_theme_once(config) -> None:
    """The environments this build's theme makes list an installed theme folder once per process."""
    theme = config.theme
    if "get_env" in vars(theme):
        return
    make_environment = theme.get_env

    def get_env():
        env = make_environment()
        plain_list_templates = env.list_templates

        def list_templates(extensions=None, filter_func=None):
            if extensions is not None or filter_func is None:
                return plain_list_templates(extensions, filter_func)
            static = tuple(theme.static_templates)
            return sorted({name for folder in theme.dirs for name in _listed(folder, filter_func, static)})

        env.list_templates = list_templates
        return env

    theme.get_env = get_env


# -- a save noticed sooner while serving (MkDocs, watchdog) ---------------------------------------

def watch_quicker(server, config) -> None:
    """Poll every POLL_SECONDS, with what MkDocs watched before the `serve` event moved along."""
    from watchdog.observers.polling import PollingObserver

    if not isinstance(getattr(server, "observer", None), PollingObserver):
        return
    moved = []
    for path in [config.docs_dir, config.config_file_path, *config.theme.dirs]:
        try:
            server.unwatch(path)
        except KeyError:  # not watched (theme folders, unless serving with --watch-theme)
            continue
        moved.append(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path in moved:
        server.watch(path)
    server.build_delay = BUILD_DELAY_SECONDS
