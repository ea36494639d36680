"""The site in every language: one MkDocs build per language, the further ones inside the first.

mkdocs.yml builds English at the root of the site. Each further language has its own
configuration, mkdocs.<code>.yml (INHERIT: mkdocs.yml; theme.language <code>; pages in
docs/<code>/ with the same paths as docs/), so it gets its own theme strings, search index and
stemmer. The English build builds each further language first, in the same process, into a
folder of its own; the finished folder becomes <site_dir>/<code>/ when the English site is
complete. An error in any language stops the whole build before anything is put in place.

While serving, each further language is built instead by a worker process (spawned once,
never forked, as Material's projects plugin does) at the same time as English, so a rebuild
takes about as long as one language on a machine with two cores. The worker gets the
configuration file and folder, and returns the warnings its build logged and its error, if
any, through the pool's pipe; the English build logs them and stops on the error.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import connection, get_context, parent_process
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from ncesite import i18n

log = logging.getLogger("mkdocs.plugins.ncesite")


def language_of(config) -> i18n.Language:
    return i18n.language(config.theme["language"])


def config_file(config, language: i18n.Language) -> Path:
    return Path(config.config_file_path).parent / f"mkdocs.{language.code}.yml"


def root_url(config) -> str | None:
    """The English site's address, from any language's build."""
    url, prefix = config.site_url, language_of(config).prefix
    if not url:
        return None
    return url[: -len(prefix)] if prefix and url.endswith(prefix) else url


def build_language(config, language: i18n.Language, site_dir: Path) -> None:
    """Build `language` with its own configuration into `site_dir`, strict if `config` is.

    MkDocs gives a build the plugin instances it gave the builds before it (those with
    on_startup, such as the search plugin and this site's, are kept for `mkdocs serve`), and
    loading a configuration hands them its options. Each plugin of `config` gets its own
    options back afterwards, so the rest of the English build runs with English settings:
    this runs before the other plugins' on_config, which then start their build afresh."""
    log.info("Building the %s pages (%s)", language.native_name, config_file(config, language).name)
    options = {id(plugin): plugin.config for plugin in config.plugins.values()}
    other = load_config(config_file=str(config_file(config, language)), site_dir=str(site_dir),
                        site_url=root_url(config), strict=config.strict)
    try:
        build(other)
    finally:
        for plugin in config.plugins.values():
            plugin.config = options[id(plugin)]
        # MkDocs's option objects keep the configuration loaded last: emptied, it no longer holds
        # this language's pages (the search index of all of them) through the English build.
        other.clear()


class Worker:
    """A process that builds further languages while serving, started at the first rebuild."""

    def __init__(self):
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, config, language: i18n.Language, site_dir: Path) -> Future:
        log.info("Building the %s pages (%s) beside the English ones", language.native_name,
                 config_file(config, language).name)
        arguments = (str(config_file(config, language)), str(site_dir), root_url(config), config.strict)
        try:
            return self._started().submit(build_apart, *arguments)
        except BrokenExecutor:  # the worker died (killed, out of memory): start another
            self.stop()
            return self._started().submit(build_apart, *arguments)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"),
                                             initializer=_end_with_the_server)
        return self._pool

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _end_with_the_server() -> None:
    """In the worker: end when the server's process ends, however it ends. A server stopped
    with Ctrl+C stops the worker itself (on_shutdown), but one that is killed cannot, and the
    worker, which holds both ends of the pool's pipe, would wait for work for ever."""
    def wait() -> None:
        connection.wait([parent_process().sentinel])
        os._exit(0)

    threading.Thread(target=wait, name="ncesite-end-with-the-server", daemon=True).start()


def finish(future: Future) -> None:
    """Log what a build in the worker warned of; raise its error, if it had one."""
    try:
        error, warnings = future.result()
    except BrokenExecutor:
        raise PluginError("the process that builds the further languages stopped; the next rebuild starts "
                          "another") from None
    for name, level, message in warnings:
        logging.getLogger(name).log(level, message)
    if error is not None:
        raise PluginError(error)


class _Kept(logging.Handler):
    """What a build in the worker logged: its warnings, and its errors (which become the build's error)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.warnings: list[tuple[str, int, str]] = []
        self.errors: list[str] = []

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())
        else:
            self.warnings.append((record.name, record.levelno, record.getMessage()))


_serving = False  # in the worker: the site's plugin has been told it serves


def build_apart(config_file: str, site_dir: str, site_url: str | None, strict: bool) -> tuple[str | None, list]:
    """In the worker: build one language as `mkdocs serve` would; (its error or None, its warnings)."""
    global _serving
    kept, mkdocs_log = _Kept(), logging.getLogger("mkdocs")
    mkdocs_log.addHandler(kept)
    mkdocs_log.propagate = False  # the server prints what comes back, once
    try:
        config = load_config(config_file=config_file, site_dir=site_dir, site_url=site_url, strict=strict)
        if not _serving:
            config.plugins.on_startup(command="serve", dirty=False)
            _serving = True
        build(config)
        return None, kept.warnings
    except Exception as error:  # noqa: BLE001 - every error goes back to the English build
        # MkDocs logs a build error and raises a bare "Aborted with a BuildError!": the logged text tells more.
        return "\n".join(kept.errors) or str(error), kept.warnings
    finally:
        mkdocs_log.removeHandler(kept)


def further_language_files(files, config, language: i18n.Language) -> None:
    """A further language's pages are in docs/<code>/; the other files of docs/ (stylesheets,
    scripts) are shared, and "Edit this page" opens docs/<code>/..."""
    docs, own = Path(config.docs_dir).parent, Path(config.docs_dir)
    for file in files.documentation_pages():
        if file.abs_src_path:
            file.edit_uri = language.prefix + file.src_uri
    for path in sorted(docs.rglob("*")):
        if not path.is_file() or path.suffix == ".md" or own in path.parents:
            continue
        shared = File(path.relative_to(docs).as_posix(), str(docs), config.site_dir, config.use_directory_urls)
        if files.get_file_from_path(shared.src_uri) is None:
            files.append(shared)
    _report_missing_twins(docs, own, language)


def _report_missing_twins(docs: Path, own: Path, language: i18n.Language) -> None:
    """Every hand-written page exists in both languages, at the same path."""
    def pages(root: Path, skip: Path | None) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*.md")
                if not (skip and skip in p.parents) and "assets" not in p.relative_to(root).parts}
    english, translated = pages(docs, own), pages(own, None)
    for path in sorted(english - translated):
        log.warning("docs/%s has no %s version: add docs/%s%s", path, language.native_name, language.prefix, path)
    for path in sorted(translated - english):
        log.warning("docs/%s%s has no English version docs/%s", language.prefix, path, path)


@dataclass(frozen=True)
class Alternate:
    """One language's version of the page being rendered."""

    code: str
    locale: str
    native_name: str
    href: str  # relative to the page being rendered, so it works from disk too
    url: str | None  # absolute, from site_url (hreflang, sitemap); None without site_url
    current: bool
    title: str  # "Read this page in ...", in the language of the page being rendered


def alternates(page, config) -> list[Alternate]:
    """The page in every language, the current one included."""
    here = language_of(config)
    to_site_root = "../" * (page.file.url.count("/") + here.prefix.count("/"))
    english_url = root_url(config)
    messages = i18n.translations(here.code)
    return [
        Alternate(
            code=language.code, locale=language.locale, native_name=language.native_name,
            href=to_site_root + language.prefix + page.file.url,
            url=english_url + language.prefix + page.file.url if english_url else None,
            current=language == here, title=messages.gettext(language.read_in),
        )
        for language in i18n.LANGUAGES
    ]
