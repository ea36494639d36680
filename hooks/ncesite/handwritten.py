"""Hand-written pages (docs/*.md) that show data: their template runs, their data stays text.

A hand-written page is Markdown with Jinja in it (`{{ site.programme.name }}`, macros such as
`{{ nce.levels() }}`). Only the page's own source is a template. What the template prints
from data never passes through Markdown:

- each printed value leaves a token in the Markdown, letters and digits only, which no
  Markdown syntax reads as anything but a word (`ValueTable.token`);
- after Markdown has parsed the page, `DataValues` (a Python-Markdown extension) puts each
  value in the place of its token: as escaped HTML in text (so a heading's anchor and the
  table of contents see the real words), as plain text in an attribute (the address of a
  link, which MkDocs then checks), and as escaped HTML where the token stood inside raw
  HTML that Markdown passed through;
- a macro's HTML is set aside whole and put back after Markdown (see generate.join_html_blocks).

So `**bold**`, `[x](javascript:...)` or `<img onerror=...>` in a data value reach the page
exactly as typed, as text.
"""

from __future__ import annotations

import html
import re
import secrets
import xml.etree.ElementTree as etree

import jinja2
import markdown
import markupsafe

from . import jinja_cache


class SetAside(markupsafe.Markup):
    """The placeholder of a macro's HTML, set aside from Markdown: printed as it is."""


# Where HTML set aside from Markdown goes back (generate.join_html_blocks): an HTML comment,
# which Markdown passes through untouched.
BLOCK_PATTERN = re.compile(r"<!--nce-block:(\d+)-->")


def block_placeholder(index: int) -> str:
    return f"<!--nce-block:{index}-->"


class ValueTable:
    """The values the hand-written pages of one build printed, each behind a token.

    The tokens carry a random part chosen per table, so no text in the data can pass for one."""

    def __init__(self) -> None:
        self._values: list[markupsafe.Markup] = []
        self._nonce = secrets.token_hex(8)
        self.pattern = re.compile(rf"ncedata{self._nonce}v(\d+)e")

    def token(self, value) -> str:
        """Jinja's `finalize`: what the template prints of `value`, kept out of the Markdown."""
        if isinstance(value, SetAside):
            return value
        escaped = markupsafe.escape(value)  # what autoescaping would have printed
        if not escaped:
            return ""
        self._values.append(escaped)
        return f"ncedata{self._nonce}v{len(self._values) - 1}e"

    def html(self, match: re.Match) -> str:
        return str(self._values[int(match.group(1))])

    def text(self, match: re.Match) -> str:
        """The value as plain text, for an attribute (which the serializer escapes)."""
        return html.unescape(self._values[int(match.group(1))].striptags())


class _ValuesInTree(markdown.treeprocessors.Treeprocessor):
    """Tokens in the parsed page: text becomes stashed HTML, attributes plain text."""

    def __init__(self, md: markdown.Markdown, table: ValueTable):
        super().__init__(md)
        self.table = table

    def _stash(self, match: re.Match) -> str:
        return self.md.htmlStash.store(self.table.html(match))

    def run(self, root: etree.Element) -> None:
        pattern = self.table.pattern
        for element in root.iter():
            for name, value in element.attrib.items():
                if "ncedata" in value:
                    element.set(name, pattern.sub(self.table.text, value))
            if element.text and "ncedata" in element.text:
                element.text = pattern.sub(self._stash, element.text)
            if element.tail and "ncedata" in element.tail:
                element.tail = pattern.sub(self._stash, element.tail)


class _ValuesInHtml(markdown.postprocessors.Postprocessor):
    """Tokens inside raw HTML that Markdown passed through whole."""

    def __init__(self, md: markdown.Markdown, table: ValueTable):
        super().__init__(md)
        self.table = table

    def run(self, text: str) -> str:
        return self.table.pattern.sub(self.table.html, text) if "ncedata" in text else text


class DataValues(markdown.Extension):
    """Puts the values of a ValueTable back into a page after Markdown has parsed it."""

    def __init__(self, table: ValueTable):
        super().__init__()
        self.table = table

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After the inline patterns (20) and attribute lists (8), so no data value is read as
        # Markdown or as `{: attributes}`; before the table of contents (5) makes anchors from
        # the headings' words and MkDocs checks link addresses (0).
        md.treeprocessors.register(_ValuesInTree(md, self.table), "nce_data_values", 7)
        # After raw HTML is back in place (30) and ampersands restored (20).
        md.postprocessors.register(_ValuesInHtml(md, self.table), "nce_data_values", 10)


class _SetAsideMacros:
    """The page macros, with each call's HTML set aside and a placeholder left in the
    Markdown (see generate.split_html_blocks): pages such as the directory or the timeline
    hold large finished HTML that Markdown would otherwise parse for nothing."""

    def __init__(self, module, blocks: list[str]):
        self._module = module
        self._blocks = blocks

    def __getattr__(self, name):
        macro = getattr(self._module, name)

        def call(*args, **kwargs):
            self._blocks.append(str(macro(*args, **kwargs)))
            return SetAside(block_placeholder(len(self._blocks) - 1))

        return call


def page_environment(env: jinja2.Environment, table: ValueTable) -> jinja2.Environment:
    """`env` for hand-written pages: whatever a page prints goes into `table`."""
    return env.overlay(finalize=table.token)


# A page whose template reads the data (`{{ site.… }}`, `{% for … in site.… %}`, `{{ nce.…() }}`).
_USES_DATA = re.compile(r"\{[{%][^}]*\b(?:site|nce)\.")


def render_handwritten(source: str, env: jinja2.Environment, page_env: jinja2.Environment, context: dict,
                       root: str) -> tuple[str, list[str]]:
    """Run a hand-written page's template with the site's data.

    `page_env` is `env` as page_environment made it. Returns the Markdown, where every value
    is a token, and the HTML of the macros the page called, for generate.join_html_blocks
    to put back after conversion. A page that shows data ends by saying when the data last
    changed, where that is known."""
    blocks: list[str] = []
    module = env.get_template("partials/nce/macros.html").make_module({**context, "root": root})
    page = jinja_cache.from_string(page_env, source)
    markdown_text = page.render(**context, root=root, nce=_SetAsideMacros(module, blocks))
    site = context.get("site")
    if _USES_DATA.search(source) and getattr(site, "data_last_changed", None):
        note = site.wording.DATA_CHANGED.format(date=site.data_last_changed)
        blocks.append(f'<p class="nce-edit-note">{markupsafe.escape(note)}</p>')
        markdown_text = f"{markdown_text.rstrip()}\n\n{block_placeholder(len(blocks) - 1)}\n"
    return markdown_text, blocks
