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
- on_serve: start building 0.01 s after the last change (MkDocs: 0.1 s): the changes one
  save makes come together, so a longer wait would only delay the rebuild. On Linux a
  change is noticed as the kernel reports it (inotify), at once and with no work while
  nothing changes; MkDocs's polling every 0.5 s stays as a safety net for a file system
  that reports nothing (some network and container mounts), and what the kernel reported
  already is not reported again, so one save makes one rebuild. Elsewhere, or where the
  kernel cannot watch a folder, files are polled every 0.1 s (MkDocs: 0.5 s).
- on_post_build, serving, after the first build: everything alive then (modules, the
  theme's compiled templates, Material, Babel) is moved out of the garbage collector's
  reach (gc.freeze), so that the full collections during each rebuild no longer walk it
  (about a tenth of a rebuild). What the first build leaves behind in reference cycles
  stays in memory until the server stops: once, about one build's worth.
  NCE_FAST_PATHS=0 leaves the collector alone.
"""

from __future__ import annotations

import gc
import logging
import os
import sysconfig
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)

from ncesite import i18n
from ncesite.template_cache import CACHE

POLL_SECONDS = 0.1  # without the kernel's reports
SAFETY_POLL_SECONDS = 0.5  # beside them
BUILD_DELAY_SECONDS = 0.01
# A change the kernel reported is not taken again from a poll within this time (a poll
# finds a change made since the one before it, so within two intervals, with margin).
_REPORTED_SECONDS = 4 * SAFETY_POLL_SECONDS
# Changes, not reads: the build opens every file it reads, and that must not start another.
_CHANGES = [FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent, FileClosedEvent]

log = logging.getLogger("mkdocs.hooks.fast_rebuild")


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
    server.build_delay = BUILD_DELAY_SECONDS
    observer = getattr(server, "observer", None)
    if observer is None:
        return server
    # (MkDocs keeps its watches in `_watch_refs`, watchdog its handlers in `_handlers`.)
    kernel = _kernel_observer() if _fast() and hasattr(server, "_watch_refs") and hasattr(observer, "_handlers") else None
    if kernel is None:
        _poll_every(observer, POLL_SECONDS)
        return server
    # A folder the kernel cannot watch brings the poll back to POLL_SECONDS (KernelAndPolling.schedule).
    _poll_every(observer, SAFETY_POLL_SECONDS)
    watching = server.observer = KernelAndPolling(observer, kernel)
    watching.take_over(server)
    return server


def _poll_every(observer, seconds: float) -> None:
    # LiveReloadServer has no setting for this; its watchdog observer and the emitters
    # already scheduled keep the poll interval in `_timeout`.
    if hasattr(observer, "_timeout"):
        observer._timeout = seconds
        for emitter in list(getattr(observer, "emitters", ())):
            if hasattr(emitter, "_timeout"):
                emitter._timeout = seconds


def _kernel_observer():
    try:
        from watchdog.observers.inotify import InotifyObserver
    except (ImportError, OSError):  # not Linux
        return None
    return InotifyObserver()


class KernelAndPolling:
    """What `mkdocs serve` watches files with: the kernel's reports of changes, and MkDocs's
    polling observer beside them, whose report of a change the kernel reported already is
    dropped. MkDocs calls schedule, unschedule, start, stop and join."""

    def __init__(self, polling, kernel):
        self.polling, self.kernel = polling, kernel
        self._reported: dict[str, float] = {}  # path -> when the kernel last reported a change to it
        self._kernel_watches: dict = {}  # the polling observer's watch -> the kernel's

    def take_over(self, server) -> None:
        """Watch what `server` watched before it had this observer, the same way as the rest."""
        for path, watch in list(server._watch_refs.items()):
            for handler in list(self.polling._handlers.get(watch, ())):
                self.polling.remove_handler_for_watch(handler, watch)
                server._watch_refs[path] = self.schedule(handler, path, recursive=watch.is_recursive)

    def _kernel_schedule(self, handler, path, recursive):
        def reported(event):
            now = time.monotonic()
            for changed in _paths(event):
                self._reported[changed] = now
            handler.on_any_event(event)

        kernel_handler = FileSystemEventHandler()
        kernel_handler.on_any_event = reported
        return self.kernel.schedule(kernel_handler, path, recursive=recursive, event_filter=_CHANGES)

    def _polled(self, handler):
        def found(event):
            now = time.monotonic()
            if any(now - self._reported.get(changed, -_REPORTED_SECONDS) >= _REPORTED_SECONDS
                   for changed in _paths(event)):
                handler.on_any_event(event)

        polled_handler = FileSystemEventHandler()
        polled_handler.on_any_event = found
        return polled_handler

    def schedule(self, handler, path, *, recursive=False, **options):
        try:
            kernel_watch = self._kernel_schedule(handler, path, recursive)
        except OSError as error:  # this folder by polling alone, as often as without the kernel
            log.debug("Changes under %s found by polling alone: %s", path, error)
            _poll_every(self.polling, POLL_SECONDS)
            return self.polling.schedule(handler, path, recursive=recursive, **options)
        watch = self.polling.schedule(self._polled(handler), path, recursive=recursive, **options)
        self._kernel_watches[watch] = kernel_watch
        return watch

    def unschedule(self, watch):
        self.polling.unschedule(watch)
        kernel_watch = self._kernel_watches.pop(watch, None)
        if kernel_watch is not None:
            self.kernel.unschedule(kernel_watch)

    def start(self):
        self.kernel.start()
        self.polling.start()

    def stop(self):
        self.kernel.stop()
        self.polling.stop()

    def join(self, timeout=None):
        self.kernel.join(timeout)
        self.polling.join(timeout)


def _paths(event) -> list[str]:
    return [path for path in (event.src_path, getattr(event, "dest_path", "")) if path]
