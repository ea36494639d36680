"""MkDocs adapter for the data-driven site. It only connects events to the generator.

- on_config: load and validate everything in data/ before anything is written, so a
  data error stops the build with every problem listed and the last site intact
  (while serving, the preview keeps the last valid data and prints the problems).
- on_files: add the generated pages (clusters, partners, ...) and files.
- on_page_markdown: render hand-written pages in docs/ as Jinja with the data; for
  generated pages, set "Edit this page" to the YAML file and let Markdown skip their
  finished HTML (on_page_content puts it back).
"""

from __future__ import annotations

import importlib
import logging
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

import ncesite
from ncesite import i18n, template_cache

log = logging.getLogger("mkdocs.hooks.site_data")
PACKAGE_DIR = Path(ncesite.__file__).resolve().parent


@dataclass
class LanguageState:
    """What one language's build passes from event to event. The builds of all languages
    share this module (and each one runs inside the English build), so each keeps its own."""

    env: object | None = None  # the Jinja environment page bodies are rendered in, with the language's messages
    page_context: dict = field(default_factory=dict)  # what hand-written pages are rendered with
    generated: dict = field(default_factory=dict)  # docs path -> GeneratedPage, without its text (in its File)
    blocks: dict = field(default_factory=dict)  # docs path -> HTML set aside from Markdown


@dataclass
class HookState:
    """What the builds pass from event to event; kept across the rebuilds of `mkdocs serve`."""

    serving: bool = False
    package_stamp: tuple = ()  # modification times of the package's source, to see edits while serving
    generate: ModuleType | None = None  # ncesite.generate as last imported
    data: object | None = None  # ncesite.model.SiteData, the last valid data (the same for every language)
    data_stamp: tuple = ()  # the data files (and package) `data` was read with: the next language's build reuses it
    schemas: dict = field(default_factory=dict)
    languages: dict = field(default_factory=dict)  # language code -> LanguageState


state = HookState()


def _language(config) -> LanguageState:
    return state.languages.setdefault(config.theme["language"], LanguageState())


def _import_package() -> None:
    """Import the site package's modules anew when their source changed, so that
    `mkdocs serve` applies edits to hooks/ncesite without a restart."""
    stamp = tuple((p.as_posix(), p.stat().st_mtime_ns) for p in sorted(PACKAGE_DIR.rglob("*.py")))
    if stamp != state.package_stamp:
        for loaded in [n for n in sys.modules if n.startswith("ncesite.")]:
            del sys.modules[loaded]
            # `from . import views` takes the attribute on the package if it is there.
            vars(ncesite).pop(loaded.split(".")[1], None)
        state.package_stamp = stamp
    state.generate = importlib.import_module("ncesite.generate")


def on_startup(command, dirty):
    state.serving = command == "serve"


def on_config(config):
    _import_package()
    loader, schemas = importlib.import_module("ncesite.loader"), importlib.import_module("ncesite.schemas")
    importlib.import_module("ncesite.yamlfile").KEEP_READINGS = state.serving  # only a preview reads them again
    data_dir = Path(config.config_file_path).parent / "data"
    stamp = _data_stamp(data_dir)
    if state.data is not None and stamp == state.data_stamp:
        return config  # unchanged since the last build (the other language, or a rebuild while serving)
    try:
        data = loader.load_site_data(data_dir)
    except loader.DataError as error:
        if state.serving and state.data is not None:
            # While serving, a mistake must not take the preview down: report it and
            # rebuild from the last data that was valid.
            log.error(error.report() + "\nThe preview keeps showing the last valid data until this is fixed.")
            return config
        raise PluginError(error.report()) from None
    state.data, state.schemas = data, schemas.load_all_schemas(data_dir / "schema")
    state.data_stamp = stamp
    return config


def _data_stamp(data_dir: Path) -> tuple:
    """Every file under data/ with its size and modification time, and the package's stamp."""
    files = [(p.as_posix(), p.stat()) for p in sorted(data_dir.rglob("*")) if p.is_file()]
    return state.package_stamp, tuple((name, st.st_size, st.st_mtime_ns) for name, st in files)


def on_files(files, config):
    generate = state.generate
    language = config.theme["language"]
    here = _language(config)
    env = generate.make_environment(config.theme.get_env().loader, language)
    env.bytecode_cache = template_cache.CACHE  # compiled once per process, not per build
    build = generate.generate_site(state.data, env, site_url=config.site_url or "", schemas=state.schemas,
                                   language=language)
    here.generated = {}
    for page in build.pages:
        files.append(File.generated(config, page.path, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV))
        here.generated[page.path] = replace(page, content="")
    for extra in build.files:
        files.append(File.generated(config, extra.path, content=extra.content))
    here.env, here.page_context, here.blocks = env, build.page_context, {}
    return files


def on_env(env, config, files):
    # Every page's Markdown has been read (on_page_markdown, on_page_content): the language's
    # generated pages and views are needed no more while the pages are written (the Bokmål
    # build's would otherwise stay in memory through the whole English build), and in
    # `mkdocs build`, after the English pages (the further languages are built inside the
    # English build's on_pre_build, see hooks/languages.py), the data neither. Serving keeps
    # the data: a rebuild reuses it while no data file changed, and shows it after a data error.
    state.languages.pop(config.theme["language"], None)
    if not state.serving:
        if not i18n.language(config.theme["language"]).prefix:
            state.data, state.data_stamp = None, ()
        _written[config.theme["language"]] = files
    return env


_written: dict = {}  # `mkdocs build`: language -> its files, whose pages' HTML is dropped once written


@event_priority(100)  # before the search index is written and the offline zip is made
def on_post_build(config):
    # `mkdocs build` needs the pages' HTML no more (MkDocs keeps every page until its build
    # returns): without it, the search index's text and the zip's buffers take memory the pages had.
    files = _written.pop(config.theme["language"], None)
    for file in files.documentation_pages() if files is not None else ():
        if file.page is not None:
            file.page.content = None


def on_page_content(html, page, config, files):
    blocks = _language(config).blocks.pop(page.file.src_uri, None)
    if not blocks:
        return html
    generate = state.generate
    if page.present_anchor_ids is not None:  # so MkDocs can check links to anchors in them
        page.present_anchor_ids.update(generate.anchor_ids(blocks))
    return generate.join_html_blocks(html, blocks)


def on_page_markdown(markdown, page, config, files):
    generate = state.generate
    here = _language(config)
    generated = here.generated.get(page.file.src_uri)
    if generated:
        if generated.edit_path and config.edit_uri:
            # "Edit this page" opens the YAML file; edit_uri points at docs/, data/ is beside it.
            page.edit_url = urljoin(config.edit_uri, "../" + generated.edit_path)
        if generated.html_between_headings:
            markdown, here.blocks[page.file.src_uri] = generate.split_html_blocks(markdown)
        # Read once: the page's text need not stay in memory (at 3,000 clusters, 80 MB a language).
        page.file.content_string = ""
        return markdown  # generated from data: never run as a template
    root = generate.relative_root(page.file.url)
    try:
        markdown, here.blocks[page.file.src_uri] = generate.render_handwritten(
            markdown, here.env, here.page_context, root)
        return markdown
    except Exception as error:  # a template error in a hand-written page: name the page and line
        line = getattr(error, "lineno", None)
        source = Path(page.file.abs_src_path).relative_to(Path(config.config_file_path).parent)
        where = source.as_posix() + (f":{line}" if line else "")  # docs/... or docs/nb/...
        raise PluginError(f"{where}: {type(error).__name__}: {error}") from None
