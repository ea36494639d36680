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
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

HOOKS_DIR = Path(__file__).resolve().parent

log = logging.getLogger("mkdocs.hooks.site_data")
_state: dict = {}  # kept across rebuilds of `mkdocs serve`


def _fresh(*names: str):
    """Import the site package anew, so `mkdocs serve` picks up edits to hooks/."""
    if str(HOOKS_DIR) not in sys.path:  # MkDocs puts hooks/ on sys.path only while loading this file
        sys.path.insert(0, str(HOOKS_DIR))
    for loaded in [n for n in sys.modules if n == "ncesite" or n.startswith("ncesite.")]:
        del sys.modules[loaded]
    return [importlib.import_module(f"ncesite.{name}") for name in names]


def on_startup(command, dirty):
    _state["serving"] = command == "serve"


def on_config(config):
    loader, generate, schemas = _fresh("loader", "generate", "schemas")
    data_dir = Path(config.config_file_path).parent / "data"
    try:
        data = loader.load_site_data(data_dir)
    except loader.DataError as error:
        if _state.get("serving") and "data" in _state:
            # While serving, a mistake must not take the preview down: report it and
            # rebuild from the last data that was valid.
            log.error(error.report() + "\nThe preview keeps showing the last valid data until this is fixed.")
            return config
        raise PluginError(error.report()) from None
    _state.update(data=data, generate=generate, schemas=schemas.load_all_schemas(data_dir / "schema"))
    return config


def on_files(files, config):
    generate = _state["generate"]
    env = generate.make_environment(config.theme.get_env().loader)
    build = generate.generate_site(_state["data"], env, site_url=config.site_url or "", schemas=_state["schemas"])
    generated = {}
    for page in build.pages:
        files.append(File.generated(config, page.path, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV))
        generated[page.path] = page
    for extra in build.files:
        files.append(File.generated(config, extra.path, content=extra.content))
    _state.update(env=env, build=build, generated=generated, blocks={})
    return files


def on_page_content(html, page, config, files):
    blocks = _state["blocks"].pop(page.file.src_uri, None)
    if not blocks:
        return html
    generate = _state["generate"]
    if page.present_anchor_ids is not None:  # so MkDocs can check links to anchors in them
        page.present_anchor_ids.update(generate.anchor_ids(blocks))
    return generate.join_html_blocks(html, blocks)


def on_page_markdown(markdown, page, config, files):
    generated = _state["generated"].get(page.file.src_uri)
    if generated:
        if generated.edit_path and config.edit_uri:
            # "Edit this page" opens the YAML file; edit_uri points at docs/, data/ is beside it.
            page.edit_url = urljoin(config.edit_uri, "../" + generated.edit_path)
        if generated.html_between_headings:
            markdown, _state["blocks"][page.file.src_uri] = _state["generate"].split_html_blocks(markdown)
        return markdown  # generated from data: never run as a template
    generate = _state["generate"]
    root = "../" * page.file.url.count("/")
    try:
        markdown, _state["blocks"][page.file.src_uri] = generate.render_handwritten(
            markdown, _state["env"], _state["build"].page_context, root)
        return markdown
    except Exception as error:  # a template error in a hand-written page: name the page and line
        line = getattr(error, "lineno", None)
        where = f"docs/{page.file.src_uri}" + (f":{line}" if line else "")
        raise PluginError(f"{where}: {type(error).__name__}: {error}") from None
