"""MkDocs hook: work that is the same for many pages done once per build.

- Markdown once per page skeleton. A generated page's Markdown is its headings alone
  (the finished HTML between them is set aside, see hooks/site_data.py), so hundreds of
  cluster pages share a handful of skeletons. A skeleton with no link in it converts to
  the same HTML, table of contents, title and anchors whichever page it is in, so each
  distinct one goes through Markdown once per build and the other pages reuse the result.
- Theme partials and blocks that show nothing of the page itself (the logo, the colour
  palette switch, the search box, the back-to-top button, stylesheets, scripts and the
  settings for Material's script) once per folder: they read the configuration, the
  language and addresses relative to the page's folder.
- Material's `partials/language.html` (the theme's words, imported by every page as
  `lang`) made once per build: it reads the configured language and nothing of the page.
- The table of contents once per distinct table (the cluster pages share a few): the
  theme's `partials/toc.html` reads only the entries and whether the page is in the
  navigation (its links are fragments, "#about", the same from any folder).
- The navigation sidebar once per folder for pages outside the navigation. Such a page
  marks no item of the sidebar as active, and the sidebar's links are relative to the
  page's folder, so Material's `partials/nav.html` gives the same HTML for every such
  page in one folder (all cluster pages, all partner pages).

- While serving, each distinct skeleton's result kept from one rebuild to the next for as
  long as the Markdown settings and the site's files are the same (it does not depend on
  the page, above).
- While serving, a hand-written page's Markdown converted once for as long as it is the
  same. What `Page.render` gives (HTML, table of contents, title, anchors and the links
  to anchors that MkDocs checks after the build) depends only on the Markdown after its
  Jinja, the page's address, the site's files and their addresses, and the Markdown
  settings; with all of these the same as in an earlier rebuild, the page takes the
  earlier result. A render that logged anything (a broken link, say) is not kept, so its
  message comes on every rebuild. The Bokmål pages are built in a child process (see
  hooks/languages.py): it hands what it kept to the server through a file that the next
  rebuild reads before it starts the next child. Results not used in a rebuild are dropped.
  The same file brings back what the child made and used of the memos of
  ncesite.rebuild_memo (search sections, skeletons), whose rebuilds
  this hook starts and ends.

The site is the same byte for byte with and without them: NCE_FAST_PATHS=0 turns them
off (tests/test_search_index.py builds the site both ways and compares every file).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import pickle
import re
import tempfile
import weakref
from collections import Counter

import jinja2
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from ncesite import i18n, rebuild_memo
from ncesite.rebuild_memo import MEMOS

# Only headings of plain words (no link, image, inline HTML, entity or attribute list)
# and the placeholders of set-aside HTML: nothing in it depends on the page it is in.
_SKELETON = re.compile(r"(?:(?:#{1,6} [^\[\]<>&{}!`\\\n]*|<!--nce-block:\d+-->|[ \t]*)(?:\n|\Z))*")

log = logging.getLogger("mkdocs.hooks.render_fast")
_skeletons: dict[int, dict[str, tuple]] = {}  # id(config) -> Markdown -> what rendering it gave
# While serving: (language, Markdown, digest of the files and settings) -> what rendering a skeleton gave.
_skeletons_kept = rebuild_memo.memo("skeleton renders")
_counts: dict[int, Counter] = {}  # id(config) -> how often each result was made and reused
_sidebars: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # nav -> ids of the pages in it


_serving = False
# Serving only: language -> (page, its Markdown, the site's files, the settings) -> what rendering it gave.
_kept: dict[str, dict[tuple, tuple]] = {}
_used: dict[str, dict[tuple, tuple]] = {}  # the same, for the results the current build used or made
_signatures: dict[int, tuple] = {}  # id(config) -> (files object, digest of the files and settings)
_handoff: str | None = None  # the file a language built in a child process leaves its results in
_server_pid = 0


def _enabled() -> bool:
    return os.environ.get("NCE_FAST_PATHS") != "0"


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _signature(config, files) -> str:
    """What a page's render reads besides its own Markdown and address: every file of the site
    (address, whether it is published) and the Markdown and link-checking settings."""
    found = _signatures.get(id(config))
    if found is None or found[0] is not files:
        site_files = tuple((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
        settings = (config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"],
                    dict(config["validation"]), _render_log.getEffectiveLevel() > logging.DEBUG)
        found = _signatures[id(config)] = (files, _digest((site_files, settings)))
    return found[1]


_render_log = logging.getLogger("mkdocs.structure.pages")  # Page.render reads its level


class _Heard(logging.Handler):
    """Notes that a message was logged (while a page renders)."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.heard = False

    def emit(self, record):
        self.heard = True


def _count(config, what: str) -> None:
    counts = _counts.get(id(config))
    if counts is not None:
        counts[what] += 1


def _render_result(page: Page, links) -> tuple:
    """What `page.render` gave, kept for a page with the same Markdown; `links` are the page's
    links to anchors in a form that outlives it (or None)."""
    return (page.content, copy.deepcopy(page.toc), page._title_from_render, frozenset(page.present_anchor_ids),
            links)


def _give_result(page: Page, result: tuple, links_to_anchors) -> None:
    """Give `page` a kept render result, with its links to anchors made for it (None: left as is)."""
    content, toc, title, anchors, _ = result
    page.content, page.toc, page._title_from_render = content, copy.deepcopy(toc), title
    page.present_anchor_ids = set(anchors)
    if links_to_anchors is not None:
        page.links_to_anchors = links_to_anchors


class KeptPage(Page):
    """A hand-written page, while serving: its render kept while everything it reads is the same."""

    def render(self, config, files) -> None:
        language = config.theme["language"]
        key = (self.file.src_uri, self.file.url, self.markdown, _signature(config, files))
        found = _kept.get(language, {}).get(key)
        if found is not None:
            links = found[-1]
            targets = None if links is None else {files.get_file_from_path(uri): dict(to) for uri, to in links}
            if targets is None or None not in targets:
                _give_result(self, found, targets)
                _used.setdefault(language, {})[key] = found
                _count(config, "kept reused")
                return
        _count(config, "kept run")
        heard = _Heard()
        loggers = (logging.getLogger(), logging.getLogger("mkdocs"))
        for logger in loggers:
            logger.addHandler(heard)
        try:
            super().render(config, files)
        finally:
            for logger in loggers:
                logger.removeHandler(heard)
        if heard.heard:  # not kept: the message must come again on the next rebuild
            return
        links = self.links_to_anchors
        _used.setdefault(language, {})[key] = _render_result(
            self, None if links is None else tuple((to.src_uri, dict(anchors)) for to, anchors in links.items()))


def on_startup(command, dirty):
    global _serving, _handoff, _server_pid
    _serving = command == "serve"
    if _serving:
        _server_pid = os.getpid()
        _handoff = os.path.join(tempfile.gettempdir(), f"nce-site-kept-{os.getpid()}.pickle")


def _drop_handoff() -> None:
    if _handoff is not None and os.getpid() == _server_pid and os.path.exists(_handoff):
        os.remove(_handoff)


def on_build_error(error):
    _drop_handoff()  # a language built apart that then failed (a strict warning): nothing to take over


def on_shutdown():
    _drop_handoff()


class SkeletonPage(Page):
    """A page whose Markdown is a skeleton: rendered once per distinct skeleton in a build."""

    def render(self, config, files) -> None:
        done = _skeletons.get(id(config))
        if done is None:
            super().render(config, files)
            return
        found = done.get(self.markdown)
        key = None
        if found is None and _serving:  # converted in the last rebuild, with the same settings?
            key = (config.theme["language"], self.markdown, _signature(config, files))
            found = _skeletons_kept.get(key)
            if found is not None:
                done[self.markdown] = found
                _counts[id(config)]["markdown kept"] += 1
        _counts[id(config)]["markdown run" if found is None else "markdown reused"] += 1
        if found is None:
            super().render(config, files)
            links = self.links_to_anchors
            # A skeleton links only to its own headings (their permalinks); kept without the page.
            if links is None or set(links) <= {self.file}:
                done[self.markdown] = _render_result(self, None if links is None else dict(links.get(self.file, {})))
                if key is not None:
                    _skeletons_kept.put(key, done[self.markdown])
            return
        own_links = found[-1]
        _give_result(self, found, None if own_links is None else {self.file: dict(own_links)} if own_links else {})


@event_priority(100)
def on_config(config):
    if _enabled():
        _skeletons[id(config)], _counts[id(config)] = {}, Counter()
    language = config.theme["language"]
    _used.pop(language, None)  # what a failed build used
    if _serving and os.getpid() == _server_pid and not i18n.language(language).prefix:  # a rebuild starts
        for memo in MEMOS.values():
            memo.start()
    return config


@event_priority(-100)  # after every hook and plugin that changes the Markdown
def on_page_markdown(markdown, page, config, files):
    if id(config) in _skeletons and type(page) is Page:
        if _SKELETON.fullmatch(markdown):
            page.__class__ = SkeletonPage
        elif _serving:
            page.__class__ = KeptPage
    return markdown


@event_priority(-160)  # after hooks/languages.py has joined the languages built apart (-150)
def on_post_build(config):
    language = config.theme["language"]
    _signatures.pop(id(config), None)
    if _serving:
        _kept[language] = used = _used.pop(language, {})
        handed = []  # what the memos of the languages built apart give back
        if _handoff is not None and os.getpid() != _server_pid:  # built apart: hand it to the server
            try:
                with tempfile.NamedTemporaryFile("wb", dir=os.path.dirname(_handoff), delete=False) as out:
                    pickle.dump({"kept": {language: used},
                                 "memos": {name: memo.handed() for name, memo in MEMOS.items()}}, out)
                os.replace(out.name, _handoff)
            except Exception:  # noqa: BLE001 - only a saving: the next rebuild renders these pages again
                log.debug("Kept renders not handed over", exc_info=True)
        elif _handoff is not None and os.path.exists(_handoff):  # the server, after the languages built apart
            try:
                # Unpickled only if this user wrote it and nobody else could have (the folder is shared).
                with open(_handoff, "rb") as handed_file:
                    status = os.fstat(handed_file.fileno())
                    if status.st_uid == os.getuid() and not status.st_mode & 0o022:
                        taken = pickle.load(handed_file)
                        _kept.update(taken["kept"])
                        handed.append(taken["memos"])
            except Exception:  # noqa: BLE001 - only a saving
                log.debug("Kept renders not taken over", exc_info=True)
            os.remove(_handoff)
        if os.getpid() == _server_pid and not i18n.language(language).prefix:  # the whole rebuild is over
            for name, memo in MEMOS.items():
                memo.finish([memos[name] for memos in handed if name in memos])
    _skeletons.pop(id(config), None)
    counts = _counts.pop(id(config), None)
    if counts is not None:
        log.debug("Skeleton Markdown: %d run, %d reused. Sidebar outside the navigation: %d rendered, %d reused. "
                  "Partials the same in a folder: %d rendered, %d reused. Tables of contents: %d rendered, %d reused. "
                  "Hand-written pages kept while serving: %d rendered, %d reused. "
                  "Skeletons kept from the last rebuild while serving: %d.",
                  counts["markdown run"], counts["markdown reused"], counts["sidebar run"], counts["sidebar reused"],
                  counts["partial run"], counts["partial reused"], counts["toc run"], counts["toc reused"],
                  counts["kept run"], counts["kept reused"], counts["markdown kept"])


# Theme partials that read only the configuration, the language and URLs relative to the
# page's folder (base_url, the `url` filter): the same HTML for every page in a folder.
PER_FOLDER = ("partials/logo.html", "partials/palette.html", "partials/javascripts/palette.html",
              "partials/search.html", "partials/icons.html", "partials/javascripts/base.html", "partials/top.html")
# The same for these blocks of Material's base.html: stylesheets, scripts and the settings for its
# script (the site root, features, the theme's words). Material's own blocks: a block that
# overrides/main.html redefines is rendered by that definition, as always.
PER_FOLDER_BLOCKS = ("styles", "libs", "fonts", "config", "scripts")


def _folder(page) -> str:
    """The folder MkDocs makes a page's links relative to (mkdocs.utils.get_relative_url)."""
    folder, _, name = page.url.rpartition("/")
    return folder if "." in name else page.url


def _per_folder(render, counts: Counter, label: str, applies=None):
    """`render` (a template's or a block's render function) run once per folder of the pages
    it `applies` to (all pages by default); pages elsewhere, and renders without a page, as before."""
    def key(page, context):
        return _folder(page) if applies is None or applies(page, context) else None

    return _once_per_key(render, counts, label, key)


def _once_per_key(render, counts: Counter, label: str, key):
    """`render` run once per `key(page, context)`; a key of None renders as before."""
    done: dict = {}

    def render_once(context):
        page = context.get("page")
        found = None if page is None else key(page, context)
        if found is None:
            yield from render(context)
            return
        html = done.get(found)
        counts[f"{label} run" if html is None else f"{label} reused"] += 1
        if html is None:
            html = done[found] = "".join(render(context))
        yield html

    return render_once


def _toc_key(page, context):
    """What the theme's table of contents can show of a page: whether the page is in the
    navigation, and every attribute of every entry, nested (None if one cannot be compared)."""
    def entries(items):
        out = []
        for item in items:
            children = entries(item.children)
            if children is None:
                return None
            fields = tuple(sorted((name, value) for name, value in vars(item).items() if name != "children"))
            out.append((fields, children))
        return tuple(out)

    if page.toc is None:
        return None
    found = (not _outside_navigation(page, context), entries(page.toc))
    try:
        hash(found)
    except TypeError:
        return None
    return found if found[1] is not None else None


def _template(env, name: str):
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:  # a theme version without it
        return None


def _outside_navigation(page, context) -> bool:
    nav = context.get("nav")
    if nav is None:
        return False
    in_nav = _sidebars.get(nav)
    if in_nav is None:
        in_nav = _sidebars[nav] = {id(p) for p in nav.pages}
    return id(page) not in in_nav


def on_env(env, config, files):
    if not _enabled():
        return env
    counts = _counts.setdefault(id(config), Counter())
    nav = _template(env, "partials/nav.html")
    if nav is not None:
        nav.root_render_func = _per_folder(nav.root_render_func, counts, "sidebar", _outside_navigation)
    for name in PER_FOLDER:
        partial = _template(env, name)
        if partial is not None:
            partial.root_render_func = _per_folder(partial.root_render_func, counts, "partial")
    toc = _template(env, "partials/toc.html")
    if toc is not None:
        toc.root_render_func = _once_per_key(toc.root_render_func, counts, "toc", _toc_key)
    base = _template(env, "base.html")
    for name in PER_FOLDER_BLOCKS:
        if base is not None and name in base.blocks:
            base.blocks[name] = _per_folder(base.blocks[name], counts, "partial")

    words = env.get_template("partials/language.html")
    make_module_uncached, made = words.make_module, []

    def make_module(vars=None, shared=False, locals=None):
        if not made:
            made.append(make_module_uncached(vars, shared, locals))
        return made[0]

    words.make_module = make_module
    return env
