"""MkDocs hook: quick rebuilds, for `mkdocs serve` above all.

- on_startup: refuse `--dirty`. A dirty build rebuilds only pages whose source file
  changed, but most pages here come from data/ (a cluster page, and every
  hand-written page that lists clusters), and Material's search index would collect
  a page's entries again on each rebuild; so a dirty preview would be wrong.
- on_env: compiled templates are kept across builds (ncesite.template_cache); the
  second language's build and every rebuild while serving reuse them.
- on_serve: look for changed files every 0.1 s (MkDocs: 0.5 s) and start building
  0.05 s after the last change (MkDocs: 0.1 s).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from ncesite.template_cache import CACHE

POLL_SECONDS = 0.1
BUILD_DELAY_SECONDS = 0.05


def on_startup(command, dirty):
    if dirty:
        raise PluginError(
            f"`mkdocs {command} --dirty` is not supported by this site: pages made from data/ would go stale "
            f"and the search index would list pages twice. Run `mkdocs {command}` without --dirty; "
            "a full rebuild of the site takes about a second.")


def on_env(env, config, files):
    env.bytecode_cache = CACHE
    return env


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
