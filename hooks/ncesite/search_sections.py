"""Divide a page's HTML into search sections as Material's search plugin does, faster.

Material's search plugin reads every page again with `html.parser` (its `Parser`),
which was a quarter of a large build. This module cuts the page at each "<" and reads
each piece as a tag (one regular expression, once for each distinct tag: the same tags
come back on every page) and the text after it, then applies the very same rules (which
tags are kept, how whitespace collapses, where a section starts, what is skipped), ported
line for line from Material 9.8's `Parser`, so the search index comes out identical.

It only takes HTML it is sure to read as `html.parser` does: tags with double-quoted
or bare attributes, no comments or declarations, `<script>` and `<style>` only with no
`<` inside, no `<` that does not start a tag. For anything else `sections()` returns None and the caller
uses Material's own parser. tests/test_search_index.py compares both on every page.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from html import escape, unescape

# A tag after its "<": end mark, name, attributes, self-closing mark, and its ">".
_TAG = re.compile(r"(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"]*\")?)*)\s*(/?)>")
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


# What the loop needs of a tag, by its text between "<" and ">" (the same tags come back on
# every page): end tag?, name in lower case, its attributes as read (empty when none are
# read; only ever read, never changed), self-closing?, void?, heading?, the marks a kept tag
# leaves (else None), raw text?, excluded from search?
_TAGS: dict[str, tuple] = {}
_TAGS_KEPT = 5_000  # at most (about 1.6 MB); then forgotten and learnt again
_NO_ATTRS: dict = {}


def _tag(match: re.Match) -> tuple | None:
    closing, name, attr_text, self_closing = match.groups()
    if closing and (attr_text or self_closing):
        return None  # an end tag with more in it: not our subset
    tag = name.lower()
    # Only a heading's attributes (its id), a link's (a permalink's class) and a mark that
    # excludes from search are read; other tags' attributes are left unparsed.
    if attr_text and (tag in _HEADINGS or tag == "a" or "&" in attr_text or "linenodiv" in attr_text
                      or "data-search-exclude" in attr_text.lower()):
        # As html.parser: names in lower case, a bare attribute is None, an empty one "".
        attrs = {attr.group(1).lower(): unescape(attr.group(2)) if attr.group(2) else attr.group(2)
                 for attr in _ATTR.finditer(attr_text)}
    else:
        attrs = _NO_ATTRS
    excluded = False
    for key, value in attrs.items():  # Material looks no further than the first such mark
        if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
            excluded = True
            break
    return (bool(closing), tag, attrs, bool(self_closing), tag in _VOID, tag in _HEADINGS,
            (f"<{tag}>", f"</{tag}>") if tag in _KEEP else None, tag in _RAW_TEXT, excluded)


class _Reader:
    """Material's `Parser` rules, applied to the text and tags of one page in turn."""

    __slots__ = ("data", "context", "context_attrs", "skip", "skipped", "pre", "section")

    def __init__(self):
        self.data: list[Section] = []
        self.context: list[str] = []  # open tags; Material compares its elements by tag name only
        self.context_attrs: list[dict] = []
        self.skip = set(_ALWAYS_SKIPPED)  # likewise a set of tag names
        self.skipped = 0  # open tags whose name is in skip (Material: not skip.isdisjoint(context))
        self.pre = 0  # open <pre> tags
        self.section: Section | None = None

    def _current(self) -> Section:
        if self.section is None:
            self.section = Section("hx", {})
            self.data.append(self.section)
        return self.section

    def text(self, text: str) -> None:
        amp = "&" in text
        if amp:
            text = unescape(text)  # html.parser hands text over with references resolved
        space = text.isspace()
        if not self.pre:
            text = " " if space else text.replace("\n", " ")
        section = self._current()
        if section.tag in self.context:
            if not any(tag == "a" and attrs.get("class") == "headerlink"
                       for tag, attrs in zip(self.context, self.context_attrs)):
                section.title.append(escape(text, quote=False))
        elif space:
            if not section.text or not section.text[-1].isspace() or self.pre:
                section.text.append(text)
        else:
            # With no "&" in it, the text can have gained no "&" or "<": only ">" to escape.
            section.text.append(escape(text, quote=False) if amp else text.replace(">", "&gt;"))

    def start(self, tag: str, attrs: dict, heading: bool, keep, excluded: bool, self_closing: bool) -> bool:
        """A start tag; True when the tag ends here too (self-closing, and not excluded)."""
        context, skip = self.context, self.skip
        context.append(tag)
        self.context_attrs.append(attrs)
        if tag in skip:
            self.skipped += 1
        if tag == "pre":
            self.pre += 1
        if heading and "id" in attrs:
            depth, data = len(context), self.data
            if tag != "h1" and not data:
                data.append(Section("hx", {}, depth))
            self.section = Section(tag, dict(attrs), depth)
            if data:
                self.section.id = attrs["id"]
            data.append(self.section)
        section = self._current()
        if excluded and tag not in skip:
            skip.add(tag)
            self.skipped += context.count(tag)
        if excluded and not self_closing:
            return False
        if not excluded and keep and not self.skipped:
            (section.title if section.tag in context else section.text).append(keep[0])
        return self_closing

    def end(self, tag: str, keep) -> None:
        """An end tag, or the end of a self-closing one (html.parser calls both handlers)."""
        context = self.context
        if not context or context[-1] != tag:
            return
        section = self.section
        if section.depth > len(context):
            for earlier in reversed(self.data):
                if earlier.depth <= len(context):
                    section.depth = float("inf")
                    section = self.section = earlier
                    break
        context.pop()
        self.context_attrs.pop()
        if tag == "pre":
            self.pre -= 1
        if tag in self.skip:
            self.skipped -= 1
            if tag not in _ALWAYS_SKIPPED:
                self.skip.remove(tag)
                self.skipped = sum(1 for open_tag in context if open_tag in self.skip)
            return
        if keep and not self.skipped:
            out = section.title if section.tag in context else section.text
            index = out.index(keep[0])
            for i in range(index + 1, len(out)):
                if not out[i].isspace():
                    index = len(out)
                    break
            if len(out) > index:
                del out[index:]
            else:
                out.append(keep[1])


def _read_tag(piece: str) -> tuple[tuple | None, str]:
    """The tag a piece after "<" starts (None outside the subset) and the text after it, read
    with the pattern and learnt for the next time."""
    tag_text, _, text = piece.partition(">")
    match = _TAG.match(piece)
    parsed = _tag(match) if match is not None else None
    if parsed is None:
        return None, ""
    if match.end() != len(tag_text) + 1:  # a ">" inside an attribute's quotes
        return parsed, piece[match.end():]
    if len(_TAGS) >= _TAGS_KEPT:
        _TAGS.clear()
    _TAGS[tag_text] = parsed
    return parsed, text


def sections(html: str) -> list[Section] | None:
    """The search sections of `html`, or None when only html.parser can be trusted to read it."""
    # Every "<" must start a tag of the subset, which ends at the first ">" after it outside
    # quotes; what follows up to the next "<" is text. A "<" inside a tag (in an attribute's
    # value) leaves the piece before it an unfinished tag, which the pattern refuses.
    pieces = html.split("<")
    reader = _Reader()
    read_text, start, end, known = reader.text, reader.start, reader.end, _TAGS  # looked up once: a hot loop
    raw = None  # a <script> or <style> just opened: the next tag must be its end tag
    text = pieces[0]
    for piece in itertools.islice(pieces, 1, None):
        if text and not reader.skipped:
            read_text(text)
        tag_text, found, text = piece.partition(">")
        parsed = known.get(tag_text) if found else None
        if parsed is None:
            parsed, text = _read_tag(piece)
            if parsed is None:
                return None
        closing, tag, attrs, self_closing, void, heading, keep, raw_text, excluded = parsed
        # html.parser reads a <script> or <style> as raw text up to the first "</script" or
        # "</style": with no "<" in that text, the end tag that follows it is that one, and the
        # text between is skipped by both (they are always skipped elements).
        if raw is not None:
            if tag != raw or not closing:
                return None
            raw = None
        elif raw_text:
            if closing or self_closing:
                return None
            raw = tag
        if closing or (not void and start(tag, attrs, heading, keep, excluded, self_closing)):
            end(tag, keep)
    if text and not reader.skipped:
        read_text(text)
    if raw is not None:
        return None  # a <script> or <style> never closed
    return reader.data


# ---------------------------------------------------------------------------
# What a search result shows
# ---------------------------------------------------------------------------

_MARKUP = re.compile(r"<[^>]*>")
# A sentence ends at ".", "!" or "?" before a space and a capital, or at the end: not in a
# Bokmål date ("8. november 2018") nor after an abbreviation inside a sentence ("f.eks. i").
_SENTENCE_END = re.compile(r"(?<=[.!?])(?=\s+[A-ZÆØÅ«“\"(]|\s*$)")
TEASER_LIMIT = 240  # characters at most: about three lines of a result


# A paragraph or list item in a section's indexed text: the search plugin keeps their tags and
# no others, so text outside them comes from tables, figures and the like.
_BLOCK = re.compile(r"<(p|li)>(.*?)</\1>", flags=re.S)


def first_sentence(text: str, limit: int = TEASER_LIMIT) -> str:
    """The first sentence of the first paragraph or list item of a section's indexed text (HTML
    as the search plugin keeps it), as plain text; cut at a word and ended with "…" if longer
    than `limit` characters. Empty when the section has no paragraph (a table, a chart)."""
    block = _BLOCK.search(text)
    if block is None:
        return ""
    plain = " ".join(unescape(_MARKUP.sub(" ", block.group(2))).split())
    end = _SENTENCE_END.search(plain)
    sentence = plain[:end.start()] if end else plain
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def page_teaser(meta: dict, language: str) -> str:
    """What a search result shows for a page itself: its description (front matter, HTML-escaped
    as the site writes it), as HTML. A description shown in another language than the page's
    (front matter `description_lang`: an English text not yet written in Bokmål) is marked as
    the site marks such text everywhere: lang and a note, "(engelsk)"."""
    description = " ".join(unescape(str(meta.get("description") or "")).split())
    if not description:
        return ""
    lang = meta.get("description_lang") or language
    if lang == language:
        return escape(description, quote=False)
    from .model import Prose

    return str(Prose(description, lang, language).__html__())


_FALLBACK = re.compile(r'<span lang="([a-z-]+)">([^<]*)</span> <span class="nce-fallback">')


def fallback_texts(html: str) -> tuple[tuple[str, str], ...]:
    """The texts a page shows in another language than its own, marked as model.Prose marks
    them: (language, text) of each. The search index keeps no markup, so a result taken from
    such a text is marked again by with_teasers."""
    return tuple((lang, unescape(text)) for lang, text in _FALLBACK.findall(html or ""))


def with_teasers(entries: list[dict], descriptions: dict[str, str], field: str = "more",
                 fallbacks: dict[str, tuple[tuple[str, str], ...]] | None = None, language: str = "en") -> None:
    """Make each search index entry's `text`, which a result shows in full, short and readable:
    a page's own entry shows the page's description (its meta description: for a cluster, the
    start of its description), a section's entry the first sentence of its first paragraph or
    list item (nothing, under its title, when it has none: a table's cells run together). The text the
    entry held stays searchable under `field` (which the search configuration must list).
    `descriptions` maps a page's address (as in the entries' locations) to what its own entry
    shows, as HTML (page_teaser). `fallbacks` maps a page's address to the texts it shows in
    another language than `language`, the page's (fallback_texts): a first sentence taken from
    one is marked as such, as on the page."""
    from .model import Prose

    for entry in entries:
        text = entry.get("text") or ""
        location = entry.get("location", "")
        description = descriptions.get(location) if "#" not in location else None
        teaser = description
        if not teaser:
            sentence = first_sentence(text)
            lang = next((lang for lang, shown in (fallbacks or {}).get(location.split("#")[0], ())
                         if sentence and sentence.rstrip("…") in shown), None)
            teaser = str(Prose(sentence, lang, language).__html__()) if lang else escape(sentence, quote=False)
        if teaser == text:
            continue
        entry["text"] = teaser
        if text:
            entry[field] = text
