"""MkDocs hook: quick rebuilds, for `mkdocs serve` above all.

- on_startup: refuse `--dirty`. A dirty build rebuilds only pages whose source file
  changed, but most pages here come from data/ (a cluster page, and every
  hand-written page that lists clusters), and Material's search index would collect
  a page's entries again on each rebuild; so a dirty preview would be wrong.
- on_config: every Jinja environment the theme makes keeps compiled templates across
  builds (ncesite.template_cache), so the second language's build and every rebuild
  while serving reuse them; and the theme's static files, which MkDocs finds by
  walking Material's thousands of icon files on every build, are listed once for the
  installed theme (the site's own overrides/ are listed on every build, as before).
- on_serve: look for changed files every 0.1 s (MkDocs: 0.5 s) and start building
  0.01 s after the last change (MkDocs: 0.1 s): the changes one save makes are seen by
  the same poll, so a longer wait would only delay the rebuild.
- on_post_build, serving, after the first build: everything alive then (modules, the
  theme's compiled templates, Material, Babel) is moved out of the garbage collector's
  reach (gc.freeze), so that the full collections during each rebuild no longer walk it
  (about a tenth of a rebuild). What the first build leaves behind in reference cycles
  stays in memory until the server stops: once, about one build's worth.
  NCE_FAST_PATHS=0 leaves the collector alone.
"""

from __future__ import annotations

import gc
import os
import sysconfig
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ncesite import i18n
from ncesite.template_cache import CACHE

POLL_SECONDS = 0.1
BUILD_DELAY_SECONDS = 0.01


_serving = False
_frozen = False


def _fast() -> bool:
    return os.environ.get("NCE_FAST_PATHS") != "0"


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"
    if dirty:
        raise PluginError(
            f"`mkdocs {command} --dirty` is not supported by this site: pages made from data/ would go stale "
            f"and the search index would list pages twice. Run `mkdocs {command}` without --dirty; "
            "a full rebuild of the site takes about a second.")


_INSTALLED = tuple(str(Path(p).resolve()) for p in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
_installed_listing: dict[tuple, list[str]] = {}  # (theme folder, filter's code, static templates) -> names


def _listed(folder: str, filter_func, static_templates: tuple) -> list[str]:
    """The files under one theme folder that `filter_func` keeps, as jinja2.FileSystemLoader names them."""
    installed = str(Path(folder).resolve()).startswith(_INSTALLED)
    key = (folder, filter_func.__code__, static_templates)
    if installed and key in _installed_listing:
        return _installed_listing[key]
    found = []
    for dirpath, _, filenames in os.walk(folder):
        for filename in filenames:
            name = os.path.join(dirpath, filename)[len(folder):].strip(os.path.sep).replace(os.path.sep, "/")
            name = name[2:] if name[:2] == "./" else name
            if filter_func(name):
                found.append(name)
    if installed:
        _installed_listing[key] = found
    return found


def _theme_environment(theme, make_environment):
    def get_env():
        env = make_environment()
        env.bytecode_cache = CACHE
        plain_list_templates = env.list_templates

        def list_templates(extensions=None, filter_func=None):
            if extensions is not None or filter_func is None:
                return plain_list_templates(extensions, filter_func)
            static = tuple(theme.static_templates)
            return sorted({name for folder in theme.dirs for name in _listed(folder, filter_func, static)})

        env.list_templates = list_templates
        return env

    return get_env


@event_priority(100)  # before the search plugin's on_config, which renders a theme template
def on_config(config):
    theme = config.theme
    if "get_env" not in vars(theme):
        theme.get_env = _theme_environment(theme, theme.get_env)
    return config


@event_priority(-300)  # last: after the other language has joined and the site is complete
def on_post_build(config):
    global _frozen
    # Only in the build that holds the others (a further language's ends first, inside it).
    if _serving and not _frozen and _fast() and not i18n.language(config.theme["language"]).prefix:
        gc.collect()
        gc.freeze()
        _frozen = True


def on_serve(server, config, builder):
    # LiveReloadServer has no setting for these; its watchdog observer and the emitters
    # already scheduled keep the poll interval in `_timeout`.
    server.build_delay = BUILD_DELAY_SECONDS
    observer = getattr(server, "observer", None)
    if observer is not None and hasattr(observer, "_timeout"):
        observer._timeout = POLL_SECONDS
        for emitter in list(getattr(observer, "emitters", ())):
            if hasattr(emitter, "_timeout"):
                emitter._timeout = POLL_SECONDS
    return server
