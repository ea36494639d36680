"""The `ncesite` MkDocs plugin: the site's data on MkDocs' pages, in every language.

Listed under `plugins:` in mkdocs.yml (after `search` and `offline`). The events, in the order
MkDocs runs them for one `mkdocs build` or one rebuild of `mkdocs serve`:

on_startup        refuse --dirty; note the command
on_config         English: read and check everything in data/ (all problems at once, the
                  previous site untouched), choose the folder this build writes into, then
                  build each further language (Bokmål) into a folder of its own, in this
                  process (while serving: start it in a spawned worker, beside English).
                  Every language: the Markdown extension that keeps data out of Markdown
                  (ncesite.handwritten).
on_files          the generated pages (clusters, partners, data reference) and files (open
                  data); no page or file written from two sources
on_page_markdown  generated page: its metadata, "Edit this page" on its YAML file, its
                  finished HTML set aside from Markdown; hand-written page: its Jinja run with
                  the data, each value kept out of the Markdown
on_page_content   the set-aside HTML put back
on_page_context   the page's search entries get the short text a result shows (seams)
on_env            templates get the language's messages, and every page's address in every
                  language (language switcher, hreflang, sitemap)
on_post_build     English: the further languages' folders moved in (while serving, once the
                  worker has finished them), the offline zip written, and the finished site
                  put in place of site_dir
on_serve          a save noticed sooner (ncesite.mkdocs.seams)
on_build_error    every folder this build wrote into is removed; site_dir stays as it was
on_shutdown       the worker stopped

One object holds the state of the build of each language (`LanguageBuild`); the data, read
once per build, is shared by the languages. The generator (ncesite.generate) knows nothing of
MkDocs; this module only connects it to MkDocs' events.
"""

from __future__ import annotations

import gc
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

import ncesite
from ncesite import generate, gitdates, i18n, jinja_cache, loader, schemas
from ncesite.bundle import BUNDLE_PATH, write_bundle
from ncesite.handwritten import DataValues, ValueTable, page_environment
from ncesite.site_address import SiteAddress

from . import languages, output, seams

log = logging.getLogger("mkdocs.plugins.ncesite")
PACKAGE_DIR = Path(ncesite.__file__).resolve().parent


class NceSiteConfig(base.Config):
    data_dir = c.Type(str, default="data")  # beside mkdocs.yml
    # The speed-ups that use MkDocs' or Material's private names (ncesite.mkdocs.seams); off,
    # the site is the same byte for byte, only slower. NCE_FAST_PATHS=0 turns them off too.
    fast_paths = c.Type(bool, default=True)
    # Build each further language (mkdocs.<code>.yml) inside this build, into <site_dir>/<code>/;
    # off, this build makes its own language alone (quicker previews, benchmarks).
    further_languages = c.Type(bool, default=True)


@dataclass
class LanguageBuild:
    """What one language's build passes from event to event."""

    language: i18n.Language
    nested: bool  # built inside the English build
    target: Path | None = None  # site_dir as configured
    folder: Path | None = None  # where this build writes until it is put in place (None: site_dir itself)
    warnings: WarningCount | None = None  # English: warnings logged while this build (any language) runs
    values: ValueTable = field(default_factory=ValueTable)  # what its hand-written pages printed
    env: object | None = None  # the Jinja environment page bodies are rendered in
    page_env: object | None = None  # the same, for hand-written pages: printed values become tokens
    page_context: dict = field(default_factory=dict)
    generated: dict = field(default_factory=dict)  # docs path -> GeneratedPage, without its text
    blocks: dict = field(default_factory=dict)  # docs path -> HTML set aside from Markdown
    further: dict = field(default_factory=dict)  # English: language code -> its folder
    pending: dict = field(default_factory=dict)  # while serving: language code -> its build in the worker
    exports: list = field(default_factory=list)  # the generated files (open data), until copied into the site
    indexed: int = 0  # search entries given the text a result shows (seams.add_teasers)


class WarningCount(logging.Handler):
    """Counts the warnings MkDocs' own strict check will count (those under the `mkdocs` logger)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1

    @classmethod
    def attach(cls) -> WarningCount:
        handler = cls()
        logging.getLogger("mkdocs").addHandler(handler)
        return handler

    def detach(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


class NceSitePlugin(BasePlugin[NceSiteConfig]):
    def __init__(self):
        self.serving = False
        self.data = None  # ncesite.model.SiteData: the last valid data
        self.changed: dict = {}  # data file -> the date of the last commit that changed it (ncesite.gitdates)
        self.schemas: dict = {}
        self.builds: dict[str, LanguageBuild] = {}
        self.reported = None  # the data error last reported while serving, reported once per save
        self.package_stamp: tuple = ()
        self.nesting: i18n.Language | None = None  # the further language being built inside English
        self.bytecode_cache = jinja_cache.MemoryBytecodeCache()
        self.worker = languages.Worker()  # while serving: builds the further languages beside English

    # -- events, in the order MkDocs runs them --------------------------------------------------

    def on_startup(self, *, command, dirty):
        if dirty:
            raise PluginError(
                f"`mkdocs {command} --dirty` is not supported by this site: pages made from data/ would go stale "
                f"and the search index would list pages twice. Run `mkdocs {command}` without --dirty.")
        self.serving = command == "serve"
        self.package_stamp = _package_stamp()

    @event_priority(100)  # before the other plugins start their build (see languages.build_language)
    def on_config(self, config):
        language = languages.language_of(config)
        nested = self.nesting == language
        here = self.builds[language.code] = LanguageBuild(language, nested)
        if language.prefix and config.site_url and not config.site_url.endswith(language.prefix):
            config.site_url += language.prefix
        config.markdown_extensions.append(DataValues(here.values))
        if seams.enabled(self.config.fast_paths, "mkdocs"):
            seams.list_theme_once(config)
        if nested:
            return config
        if not language.prefix:  # once, whichever process builds the further languages
            self._warn_if_package_changed()
        self._read_data(Path(config.config_file_path).parent / self.config.data_dir)
        here.target = target = Path(config.site_dir)
        here.warnings = WarningCount.attach()
        if not self.serving:
            here.folder = output.new_folder(target, "build")
            config.site_dir = str(here.folder)
        for other in i18n.LANGUAGES if self.config.further_languages else ():
            if other != language and other.prefix:
                folder = here.further[other.code] = output.new_folder(target, f"build-{other.code}")
                if self.serving and seams.enabled(self.config.fast_paths, None):
                    here.pending[other.code] = self.worker.submit(config, other, folder)
                    continue
                self.nesting = other
                try:
                    languages.build_language(config, other, folder)
                finally:
                    self.nesting = None
                # What that build made is garbage now, much of it in reference cycles: freed before
                # the English build starts, not at the collector's next full pass (a lower peak).
                gc.collect()
        return config

    def on_files(self, files, config):
        here = self._build(config)
        language = here.language
        if seams.enabled(self.config.fast_paths, "mkdocs-material"):  # the search plugin has made its index by now
            seams.speed_up_search(config)
        if language.prefix:
            languages.further_language_files(files, config, language)
        env = generate.make_environment(config.theme.get_env().loader, language.code)
        env.bytecode_cache = self.bytecode_cache
        address = SiteAddress(config.site_url or "", config.repo_url or "", config.edit_uri or "",
                              config.extra.get("cms_auth_url") or "")
        site = generate.generate_site(self.data, env, site_url=config.site_url or "", schemas=self.schemas,
                                      language=language.code, address=address, changed=self.changed)
        new = [(File.generated(config, page.path, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV),
                page.edit_path or page.path) for page in site.pages]
        # As UTF-8 bytes: the JSON and CSV at 3,000 clusters take half the memory of their text.
        exports = [File.generated(config, extra.path, content=_as_bytes(extra.content)) for extra in site.files]
        new += [(file, "the open data") for file in exports]
        _refuse_claimed_twice(files, new, Path(config.config_file_path).parent)
        for file, _ in new:
            files.append(file)
        here.exports = exports
        here.generated = {page.path: replace(page, content="") for page in site.pages}
        here.env, here.page_env, here.page_context = env, page_environment(env, here.values), site.page_context
        return files

    def on_page_markdown(self, markdown, page, config, files):
        here = self._build(config)
        generated = here.generated.get(page.file.src_uri)
        if generated:
            page.meta = dict(generated.meta)
            if generated.edit_path and config.edit_uri:
                # "Edit this page" opens the YAML file; edit_uri points at docs/, data/ is beside it.
                page.edit_url = urljoin(config.edit_uri, "../" + generated.edit_path)
            if generated.html_between_headings:
                markdown, here.blocks[page.file.src_uri] = generate.split_html_blocks(markdown)
            page.file.content_string = ""  # read once: at 3,000 clusters, 80 MB a language
            return markdown  # generated from data: never run as a template
        try:
            markdown, here.blocks[page.file.src_uri] = generate.render_handwritten(
                markdown, here.env, here.page_env, here.page_context, generate.relative_root(page.file.url))
        except Exception as error:  # a template error in a hand-written page: name the page and line
            line = getattr(error, "lineno", None)
            source = Path(page.file.abs_src_path).relative_to(Path(config.config_file_path).parent)
            raise PluginError(f"{source.as_posix()}{f':{line}' if line else ''}: {type(error).__name__}: {error}") \
                from None
        return markdown

    def on_page_content(self, html, page, config, files):
        blocks = self._build(config).blocks.pop(page.file.src_uri, None)
        if not blocks:
            return html
        if page.present_anchor_ids is not None:  # so MkDocs can check links to anchors in them
            page.present_anchor_ids.update(generate.anchor_ids(blocks))
        return generate.join_html_blocks(html, blocks)

    @event_priority(-50)  # after the search plugin has indexed the page (0)
    def on_page_context(self, context, *, page, config, nav):
        here = self._build(config)
        # MkDocs copies the site's files after on_env and before the first page's context: the
        # open data is written, and its text needed no more (at 3,000 clusters, 12 MB a language).
        for file in here.exports:
            file.content_bytes = b""
        here.exports = []
        if seams.verified("mkdocs-material"):
            here.indexed = seams.add_teasers(config, page, here.language.code, here.indexed)
        return context

    def on_env(self, env, config, files):
        env.bytecode_cache = self.bytecode_cache  # the theme's templates compiled once per process
        language = languages.language_of(config)
        i18n.install(env, language.code)
        env.globals["site_language"] = language
        env.globals["alternates"] = lambda page: languages.alternates(page, config)
        here = self._build(config)
        # Every page's Markdown has been read: its generated pages and views are needed no more,
        # nor, once the English pages are read in `mkdocs build`, the data (a preview keeps it for
        # the next rebuild).
        here.generated, here.page_context = {}, {}
        if not self.serving and not here.nested and not language.prefix:
            self.data = None
        return env

    def on_post_page(self, output, page, config):
        # The page is written once this returns, and indexed for search already: its HTML is
        # needed no more (at 3,000 clusters, 60 MB a language until the build ends).
        page.content = None
        return output

    @event_priority(-200)  # after the search index (0) and the offline plugin's copy of it (-100)
    def on_post_build(self, config):
        here = self.builds.pop(languages.language_of(config).code)
        if here.nested:
            return
        site_dir = Path(config.site_dir)
        for code in sorted(here.pending):
            languages.finish(here.pending.pop(code))
        for code, folder in sorted(here.further.items()):
            target = site_dir / i18n.language(code).prefix
            output.discard(target)
            folder.rename(target)
        here.further.clear()
        if not self.serving:
            count = write_bundle(site_dir, site_dir / BUNDLE_PATH)
            log.debug("Wrote %s with %d files", BUNDLE_PATH, count)
        here.warnings.detach()
        # MkDocs stops a strict build with warnings only after this event: the site is put in place
        # only if it will not (then MkDocs reports the error, and on_build_error removes the folder).
        if here.folder is not None and not (config.strict and here.warnings.count):
            output.put_in_place(here.folder, here.target)
            here.folder = None
        elif here.folder is not None:
            self.builds[here.language.code] = here  # for on_build_error

    def on_serve(self, server, *, config, builder):
        if seams.enabled(self.config.fast_paths, "mkdocs"):
            seams.watch_quicker(server, config)
        return server

    def on_build_error(self, *, error):
        for here in list(self.builds.values()):
            if not here.nested:
                if here.warnings is not None:
                    here.warnings.detach()
                for future in here.pending.values():  # its folder is removed below, so let it finish
                    future.exception()
                output.discard(here.folder)
                for folder in here.further.values():
                    output.discard(folder)
        self.builds.clear()

    def on_shutdown(self):
        self.worker.stop()

    # -- helpers ------------------------------------------------------------------------------

    def _build(self, config) -> LanguageBuild:
        return self.builds[languages.language_of(config).code]

    def _read_data(self, data_dir: Path) -> None:
        """Read and check everything in data/ once per build; while serving, a mistake keeps the
        last valid data on show and is reported once, not once per language or rebuild."""
        try:
            data = loader.load_site_data(data_dir)
        except loader.DataError as error:
            if self.serving and self.data is not None:
                if error.report() != self.reported:
                    log.error(error.report() + "\nThe preview keeps showing the last valid data until this is fixed.")
                    self.reported = error.report()
                return
            raise PluginError(error.report()) from None
        self.data, self.schemas, self.reported = data, schemas.load_all_schemas(data_dir / "schema"), None
        # When each data file last changed, from Git, once per build: the generator gets plain dates.
        self.changed = gitdates.last_changed(data_dir.parent, data_dir.name)

    def _warn_if_package_changed(self) -> None:
        if self.serving and _package_stamp() != self.package_stamp:
            log.warning("The site's Python code (hooks/ncesite) changed since `mkdocs serve` started: the preview "
                        "still runs the old code. Stop the preview (Ctrl+C) and start it again to use the new code.")
            self.package_stamp = _package_stamp()


def _as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _package_stamp() -> tuple:
    return tuple((p.as_posix(), p.stat().st_mtime_ns) for p in sorted(PACKAGE_DIR.rglob("*.py")))


def _refuse_claimed_twice(files, new: list[tuple[File, str]], root: Path) -> None:
    """Stop the build when two sources would write one page or file: a cluster whose slug is
    `index` or `map` would silently replace the hand-written page of that name."""
    def name(file: File | str) -> str:
        if isinstance(file, str):
            return file
        if not file.abs_src_path:
            return file.src_uri
        path = Path(file.abs_src_path)
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()

    claimed: dict[str, File | str] = {file.dest_uri: file for file in files}
    problems = []
    for file, source in new:
        other = claimed.get(file.dest_uri)
        if other is not None:
            problems.append(_claimed_problem(root, source, name(other), file.dest_uri))
        else:
            claimed[file.dest_uri] = source
    if problems:
        raise PluginError("Two sources would write the same page:\n" + "\n".join(problems))


def _claimed_problem(root: Path, source: str, other: str, dest: str) -> str:
    """The problem in the words of the file to change: a data file's slug, else the other file."""
    if source.endswith(".yml"):
        return (f"{source}:{_slug_line(root / source)}: slug: the page {dest} is also written from {other}; "
                "expected a slug that no other page uses")
    return (f"{other}: the file {dest} is also written by {source}; expected each page and file to come from "
            "one source, so rename or remove this one")


def _slug_line(path: Path) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((number for number, text in enumerate(lines, 1) if re.match(r"slug\s*:", text)), 1)
