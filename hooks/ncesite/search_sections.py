"""Divide a page's HTML into search sections as Material's search plugin does, faster.

Material's search plugin reads every page again with `html.parser` (its `Parser`),
which was a quarter of a large build. This module reads the same HTML with one
regular expression and applies the very same rules (which tags are kept, how
whitespace collapses, where a section starts, what is skipped), ported line for
line from Material 9.8's `Parser`, so the search index comes out identical.

It only takes HTML it is sure to read as `html.parser` does: tags with double-quoted
or bare attributes, no comments or declarations, `<script>` and `<style>` only with no
`<` inside, no `<` that does not start a tag. For anything else `sections()` returns None and the caller
uses Material's own parser. tests/test_search_index.py compares both on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape

# A tag (end mark, name, attributes, self-closing mark) or a run of text.
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"]*\")?)*)\s*(/?)>|([^<]+)")
_ATTR = re.compile(r"\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"]*)\")?")

# As in Material's search plugin.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_ALWAYS_SKIPPED = ("object", "script", "style")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# html.parser reads these as raw text: taken only when that text holds no "<" (see below).
_RAW_TEXT = frozenset({"script", "style"})


@dataclass
class Section:
    """A heading (tag "hx" for text before the first one) and the text under it."""

    tag: str
    attrs: dict
    depth: float = 0
    text: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    id: str | None = None


def _plain_raw_text(tokens: list[tuple], raw: list[int]) -> bool:
    """Every <script> and <style> is followed by at most one run of text (so it holds no "<")
    and then its own end tag. html.parser reads their content as raw text, up to the first
    "</script" or "</style"; with no "<" in it, that is the same end tag the tokens show, and
    the text between is skipped by both (they are always skipped elements)."""
    ends = set()
    for index in raw:
        closing, name, _, self_closing, _ = tokens[index]
        if closing:
            if index not in ends:
                return False
            continue
        if self_closing:
            return False
        after = index + 1
        if after < len(tokens) and tokens[after][4]:
            after += 1
        if after >= len(tokens) or tokens[after][0] != "/" or tokens[after][1].lower() != name.lower():
            return False
        ends.add(after)
    return True


def sections(html: str) -> list[Section] | None:
    """The search sections of `html`, or None when only html.parser can be trusted to read it."""
    tokens = _TOKEN.findall(html)
    # Every token but text starts with "<", and text holds none: so the tokens cover the
    # whole page exactly when there are as many tags as "<" (anything else: not our subset).
    if sum(1 for token in tokens if token[1]) != html.count("<"):
        return None
    raw = [index for index, token in enumerate(tokens) if token[1] and token[1].lower() in _RAW_TEXT]
    if raw and not _plain_raw_text(tokens, raw):
        return None
    data: list[Section] = []
    context: list[str] = []  # open tags; Material compares its elements by tag name only
    context_attrs: list[dict] = []
    skip = set(_ALWAYS_SKIPPED)  # likewise a set of tag names
    section: Section | None = None

    for closing, name, attr_text, self_closing, text in tokens:
        if text:
            if not skip.isdisjoint(context):
                continue
            if "&" in text:
                text = unescape(text)  # html.parser hands text over with references resolved
            if "pre" not in context:
                text = text.replace("\n", " ") if not text.isspace() else " "
            if section is None:
                section = Section("hx", {})
                data.append(section)
            if section.tag in context:
                if not any(tag == "a" and attrs.get("class") == "headerlink"
                           for tag, attrs in zip(context, context_attrs)):
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                if not section.text or not section.text[-1].isspace() or "pre" in context:
                    section.text.append(text)
            else:
                section.text.append(escape(text, quote=False))
            continue
        tag = name.lower()
        if closing and (attr_text or self_closing):
            return None
        if not closing:
            if tag in _VOID:
                continue
            # Only a heading's attributes (its id), a link's (a permalink's class) and a mark that
            # excludes from search are read; other tags' attributes are left unparsed.
            if attr_text and (tag in _HEADINGS or tag == "a" or "&" in attr_text or "linenodiv" in attr_text
                              or "data-search-exclude" in attr_text.lower()):
                # As html.parser: names in lower case, a bare attribute is None, an empty one "".
                attrs = {found.group(1).lower(): unescape(found.group(2)) if found.group(2) else found.group(2)
                         for found in _ATTR.finditer(attr_text)}
            else:
                attrs = {}
            context.append(tag)
            context_attrs.append(attrs)
            if tag in _HEADINGS:
                depth = len(context)
                if "id" in attrs:
                    if tag != "h1" and not data:
                        section = Section("hx", {}, depth)
                        data.append(section)
                    section = Section(tag, attrs, depth)
                    if data:
                        section.id = attrs["id"]
                    data.append(section)
            if section is None:
                section = Section("hx", {})
                data.append(section)
            excluded = False
            for key, attr in attrs.items():
                if key == "data-search-exclude" or (key == "class" and attr == "linenodiv"):
                    skip.add(tag)
                    excluded = True
                    break
            if excluded and not self_closing:
                continue
            if not excluded and tag in _KEEP and skip.isdisjoint(context):
                (section.title if section.tag in context else section.text).append(f"<{tag}>")
            if not self_closing:
                continue
        # An end tag, or the end of a self-closing one (html.parser calls both handlers).
        if not context or context[-1] != tag:
            continue
        if section.depth > len(context):
            for earlier in reversed(data):
                if earlier.depth <= len(context):
                    section.depth = float("inf")
                    section = earlier
                    break
        context.pop()
        context_attrs.pop()
        if tag in skip:
            if tag not in _ALWAYS_SKIPPED:
                skip.remove(tag)
            continue
        if tag in _KEEP and skip.isdisjoint(context):
            out = section.title if section.tag in context else section.text
            index = out.index(f"<{tag}>")
            for i in range(index + 1, len(out)):
                if not out[i].isspace():
                    index = len(out)
                    break
            if len(out) > index:
                del out[index:]
            else:
                out.append(f"</{tag}>")
    return data
