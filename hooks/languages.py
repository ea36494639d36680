"""MkDocs hook: one `mkdocs build` (or `mkdocs serve`) builds the site in every language.

mkdocs.yml builds English at the root of the site. Each further language has its own
configuration, mkdocs.<code>.yml (INHERIT: mkdocs.yml; theme.language <code>; pages in
docs/<code>/ with the same paths as docs/), so it gets its own theme strings, search
index and stemmer. Which language a build is: `config.theme["language"]`.

- English build, on_pre_build (before its site_dir is touched): build each further
  language with its own configuration into a scratch folder, strict if this build is.
  An error there stops the whole build and leaves the previous site as it was.
- English build, on_post_build (after the offline plugin's search script, before the
  offline zip): the scratch folder becomes <site_dir>/<code>/.
- While serving, the further languages are built at the same time as English, each in a
  child process forked in on_pre_build and joined in on_post_build, so a rebuild takes
  about as long as its longest language on a machine with a core for each. The child's
  messages go to the same output; its error (a strict warning included) is raised again
  in the English build, which then stops as it would have. Only while serving: a failed
  preview rebuild shows no half-built site (MkDocs holds every request until a rebuild
  succeeds), whereas `mkdocs build` must leave the previous site untouched, so there the
  languages are built one after the other before site_dir is cleaned.
  NCE_FAST_PATHS=0, or a system other than Linux, builds them one after the other while
  serving too.
- Further language's build: its site_url gets the language's folder, the files in docs/
  outside docs/<code>/ (stylesheets, scripts) are shared, "Edit this page" opens
  docs/<code>/..., and a page with no English twin is a warning.
- Every build: templates get `site_language` and `alternates(page)`, the same page in
  every language (the header's language switcher, hreflang links, the sitemap), and
  `_()` with the language's message catalogue.

Another hook learns which language it builds from `config.theme["language"]`
(`ncesite.i18n.language(...)` turns it into the language's locale and folder). The
hook modules are shared by the builds of all languages (MkDocs loads each hook file
once), so anything a hook keeps between events or rebuilds must be kept per language.
A further language: add it to `ncesite.i18n.LANGUAGES`, write mkdocs.<code>.yml,
docs/<code>/ and hooks/ncesite/locale/<code>/.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from ncesite import i18n  # hooks/ is on sys.path while MkDocs loads this file

log = logging.getLogger("mkdocs.hooks.languages")

_scratch: dict[str, dict[str, Path]] = {}  # English site_dir -> {language code: its built site}
_children: dict[str, dict[str, tuple[int, int]]] = {}  # English site_dir -> {code: (pid, pipe to read)}
_parallel = False  # build the further languages in child processes (while serving)


def on_startup(command, dirty):
    global _parallel
    # Linux only: elsewhere a forked child of a process with threads is not safe (macOS) or
    # there is no fork (Windows), and the languages are built in turn as before.
    _parallel = command == "serve" and os.environ.get("NCE_FAST_PATHS") != "0" and sys.platform == "linux"


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


def language_of(config) -> i18n.Language:
    return i18n.language(config.theme["language"])


def _docs_root(config, language: i18n.Language) -> Path:
    """docs/, whichever language is being built (a further language's pages are in docs/<code>/)."""
    docs = Path(config.docs_dir)
    return docs.parent if language.prefix else docs


def _root_url(config, language: i18n.Language) -> str | None:
    """The English site's address, from either build."""
    url = config.site_url
    if not url:
        return None
    return url[: -len(language.prefix)] if language.prefix and url.endswith(language.prefix) else url


def on_config(config):
    language = language_of(config)
    if language.prefix and config.site_url and not config.site_url.endswith(language.prefix):
        config.site_url += language.prefix
    return config


@event_priority(100)  # before the theme's plugins; nothing is written before this returns
def on_pre_build(config):
    if language_of(config).prefix:
        return
    built = _scratch.setdefault(config.site_dir, {})
    for other in i18n.LANGUAGES[1:]:
        scratch = Path(tempfile.mkdtemp(prefix=f"nce-site-{other.code}-"))
        built[other.code] = scratch
        if _parallel:
            _children.setdefault(config.site_dir, {})[other.code] = _fork_build(config, other, scratch)
        else:
            _build_language(config, other, scratch)


def _build_language(config, language: i18n.Language, scratch: Path) -> None:
    config_file = Path(config.config_file_path).parent / f"mkdocs.{language.code}.yml"
    try:
        log.info("Building the %s pages (%s)", language.native_name, config_file.name)
        other = _load_config_apart(config_file=str(config_file), site_dir=str(scratch),
                                   site_url=_root_url(config, i18n.DEFAULT_LANGUAGE), strict=config.strict)
        try:
            build(other)
        finally:
            # MkDocs's option objects remember the configuration loaded last, this one: emptied,
            # it no longer holds this language's plugins (the search index of all its pages)
            # through the rest of the English build.
            other.clear()
    except BaseException:
        _discard_scratch()
        raise


def _fork_build(config, language: i18n.Language, scratch: Path) -> tuple[int, int]:
    """Start building `language` into `scratch` in a child process; its pid and a pipe
    that gives its error (pickled), or nothing when it succeeded."""
    read_end, write_end = os.pipe()
    # The server's threads log too: fork while none of them is writing a message, so the
    # child never inherits an output stream locked half-way through a write.
    handlers = [h for name in (None, "mkdocs") for h in logging.getLogger(name).handlers]
    for handler in handlers:
        handler.acquire()
    pid = -1
    try:
        pid = os.fork()
    finally:
        if pid != 0:  # in the child, the logging module has made its handler locks anew
            for handler in handlers:
                handler.release()
    if pid:
        os.close(write_end)
        return pid, read_end
    # The child: build, report, and leave at once (never through the server's own exit code).
    status = 0
    try:
        os.close(read_end)
        gc.disable()  # it lives for one build: collecting would cost time and copy the parent's memory
        try:
            _build_language(config, language, scratch)
        except BaseException as error:  # noqa: BLE001 - everything goes back to the English build
            status = 1
            try:
                report = pickle.dumps(error)
            except Exception:  # noqa: BLE001 - an error that cannot be pickled still stops the build
                report = pickle.dumps(PluginError(f"{type(error).__name__}: {error}"))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(report)
        logging.shutdown()  # flush the messages written to the shared output
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(status)


def _join_children(site_dir: str) -> None:
    """Wait for every language built apart; raise the first one's error."""
    failure = None
    for _code, (pid, read_end) in sorted(_children.pop(site_dir, {}).items()):
        with os.fdopen(read_end, "rb") as pipe:
            report = pipe.read()
        _, status = os.waitpid(pid, 0)
        if failure is None and (report or status):
            try:
                failure = pickle.loads(report) if report else None
            except Exception:  # noqa: BLE001
                failure = None
            if not isinstance(failure, BaseException):
                failure = PluginError(f"the build of another language stopped (status {status})")
    if failure is not None:
        raise failure


def _load_config_apart(**options):
    """load_config with plugin instances of its own.

    MkDocs keeps one instance of each plugin that has on_startup (the search plugin,
    for one) across every configuration it loads, for `mkdocs serve`, and gives it the
    newest configuration. Loaded the plain way, the Bokmål configuration would give
    the English build a Norwegian-only search index holding the Bokmål pages.
    """
    plugins_option = dict(MkDocsConfig._schema)["plugins"]
    shared, plugins_option.plugin_cache = plugins_option.plugin_cache, {}
    try:
        return load_config(**options)
    finally:
        plugins_option.plugin_cache = shared


@event_priority(-150)  # after the offline plugin (-100), before the offline zip (-200)
def on_post_build(config):
    _join_children(config.site_dir)
    for code, scratch in sorted(_scratch.pop(config.site_dir, {}).items()):
        target = Path(config.site_dir) / i18n.language(code).prefix
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(scratch), str(target))


def on_build_error(error):
    for site_dir in list(_children):
        try:
            _join_children(site_dir)
        except BaseException:  # noqa: BLE001, S110 - the English build's own error is the one reported
            pass
    _discard_scratch()


def _discard_scratch() -> None:
    for built in _scratch.values():
        for scratch in built.values():
            shutil.rmtree(scratch, ignore_errors=True)
    _scratch.clear()


def on_files(files, config):
    language = language_of(config)
    if not language.prefix:
        return files
    docs, own = _docs_root(config, language), Path(config.docs_dir)
    for file in files.documentation_pages():
        if file.abs_src_path:  # hand-written: "Edit this page" opens docs/<code>/...
            file.edit_uri = language.prefix + file.src_uri
    for path in sorted(docs.rglob("*")):
        if not path.is_file() or path.suffix == ".md" or own in path.parents:
            continue
        shared = File(path.relative_to(docs).as_posix(), str(docs), config.site_dir, config.use_directory_urls)
        if files.get_file_from_path(shared.src_uri) is None:
            files.append(shared)
    _report_missing_twins(docs, own, language)
    return files


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


def alternates(page, config) -> list[Alternate]:
    """The page in every language, the current one included."""
    here = language_of(config)
    to_site_root = "../" * (page.file.url.count("/") + here.prefix.count("/"))
    root_url = _root_url(config, here)
    messages = i18n.translations(here.code)
    return [
        Alternate(
            code=language.code, locale=language.locale, native_name=language.native_name,
            href=to_site_root + language.prefix + page.file.url,
            url=root_url + language.prefix + page.file.url if root_url else None,
            current=language == here, title=messages.gettext(language.read_in),
        )
        for language in i18n.LANGUAGES
    ]


def on_env(env, config, files):
    i18n.install(env, language_of(config).code)
    env.globals["site_language"] = language_of(config)
    env.globals["alternates"] = lambda page: alternates(page, config)
    return env
