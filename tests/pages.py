"""Read what a built page shows: its text, and the lists and tables the tests look at.

Parsers look for what a reader sees (headings, links to cluster pages, table rows)
rather than for the code's helpers, so the tests hold whatever code makes the page.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

CLUSTER_LINK = re.compile(r'href="(?:\.\./)*clusters/([a-z0-9-]+)\.html"')


def article(html: str) -> str:
    """The page's own content, without the theme's navigation."""
    start = html.find("<article")
    return html[start:html.index("</article>", start)] if start >= 0 else html


def text_of(html: str) -> str:
    """Visible text, whitespace folded, entities decoded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def directory_groups(html: str) -> list[tuple[str, list[str]]]:
    """(group id, cluster slugs in row order) for each group section of the directory, in page order."""
    found = []
    for group, body in re.findall(r'<section[^>]*\bid="group-([a-z-]+)"[^>]*>(.*?)</section>', html, flags=re.S):
        found.append((group, re.findall(r'<tr[^>]*\bdata-slug="([^"]+)"', body)))
    return found


def select_options(html: str, name: str) -> list[tuple[str, str]]:
    """(value, label) of each option of the select named `name`."""
    body = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', html, flags=re.S).group(1)
    options = re.findall(r'<option[^>]*value="([^"]*)"[^>]*>(.*?)</option>', body, flags=re.S)
    return [(value, text_of(label)) for value, label in options]


def table_rows(html: str, caption_start: str) -> list[tuple[str, ...]]:
    """The body rows (cell texts) of the table whose caption starts with `caption_start`."""
    for table in re.findall(r"<table\b.*?</table>", html, flags=re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, flags=re.S)
        if caption and text_of(caption.group(1)).startswith(caption_start):
            body = re.search(r"<tbody>(.*?)</tbody>", table, flags=re.S).group(1)
            return [tuple(text_of(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, flags=re.S))
                    for row in re.findall(r"<tr\b.*?</tr>", body, flags=re.S)]
    raise AssertionError(f"no table captioned {caption_start!r}")


def map_legend(html: str, layer: str = "wide") -> list[tuple[str, str]]:
    """(level id from the item's class, label) of each map legend entry, in order: of the map's
    markers for wide screens, or (layer="narrow") for narrow ones."""
    legend = re.search(rf'<ul[^>]*class="nce-map__legend[^"]*nce-map__layer--{layer}"[^>]*>(.*?)</ul>',
                       html, flags=re.S).group(1)
    return [(level, text_of(body)) for level, body in
            re.findall(r'<li[^>]*class="[^"]*nce-map__legend-item--([a-z-]+)[^"]*"[^>]*>(.*?)</li>', legend, flags=re.S)]


def related_lists(html: str) -> list[tuple[str, list[str]]]:
    """(heading text, linked cluster slugs) for each "Also in ..." list on a cluster page."""
    found = []
    for heading, body in re.findall(r"<h[2-4][^>]*>(Also in [^<]*)</h[2-4]>\s*<ul[^>]*>(.*?)</ul>", html, flags=re.S):
        found.append((unescape(heading).strip(), CLUSTER_LINK.findall(body)))
    return found


def table_headings(html: str, caption_start: str) -> list[str]:
    """The column headings (texts) of the table whose caption starts with `caption_start`."""
    for table in re.findall(r"<table\b.*?</table>", html, flags=re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, flags=re.S)
        if caption and text_of(caption.group(1)).startswith(caption_start):
            head = re.search(r"<thead>(.*?)</thead>", table, flags=re.S).group(1)
            return [text_of(cell) for cell in re.findall(r"<th\b[^>]*>(.*?)</th>", head, flags=re.S)]
    raise AssertionError(f"no table captioned {caption_start!r}")


# A mark's title is its note, left out when the note is English on a page in another language.
MARK = re.compile(r'<a class="nce-mark nce-mark--([a-z]+)" href="#note-(\d+)"(?: title="([^"]*)")?>(.*?)</a>', flags=re.S)


def _marked(html: str) -> tuple[str, tuple[str, int, str] | None]:
    """A cell's text without its confidence mark, and the mark as (confidence, note number, title)."""
    found = MARK.search(html)
    if not found:
        return text_of(html), None
    confidence, number, title, _ = found.groups()
    return text_of(html[:found.start()] + html[found.end():]), (confidence, int(number), unescape(title or ""))


def facts(html: str) -> list[tuple[str, str, str | None, tuple[str, int, str] | None]]:
    """(label, value text, link address, mark) of each key fact of a cluster or partner page, in order."""
    box = re.search(r'<dl class="nce-facts">(.*?)</dl>', html, flags=re.S).group(1)
    found = []
    for label, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", box, flags=re.S):
        link = re.match(r'\s*<a href="([^"]*)" rel="external">', value)
        text, mark = _marked(value)
        found.append((text_of(label), text, unescape(link.group(1)) if link else None, mark))
    return found


def notes(html: str) -> dict[int, tuple[str, str, str]]:
    """Note number -> (confidence as written, field, note text) of the "Notes on the facts" list.
    The field is the note's data-field (readers see what it is about in words, see note_labels)."""
    return {number: (confidence, field, note) for number, (confidence, field, _, note) in _notes(html).items()}


def note_labels(html: str) -> dict[str, str]:
    """Field path -> the words the list of notes names it by."""
    return {field: label for _, field, label, _ in _notes(html).values()}


def _notes(html: str) -> dict[int, tuple[str, str, str, str]]:
    body = re.search(r'<ol class="nce-notes">(.*?)</ol>', html, flags=re.S)
    if not body:
        return {}
    return {int(number): (text_of(confidence), unescape(field), text_of(label), text_of(note))
            for number, field, confidence, label, note in
            re.findall(r'<li id="note-(\d+)" data-field="([^"]*)"><strong>(.*?)</strong> \((.*?)\): (.*?)</li>',
                       body.group(1), flags=re.S)}


def caption_table_rows(html: str, caption_start: str) -> list[tuple[tuple[str, ...], tuple[str, int, str] | None]]:
    """Body rows of the table whose caption starts with `caption_start`: (cell texts without marks, the row's mark)."""
    for table in re.findall(r"<table\b.*?</table>", html, flags=re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, flags=re.S)
        if caption and text_of(caption.group(1)).startswith(caption_start):
            body = re.search(r"<tbody>(.*?)</tbody>", table, flags=re.S).group(1)
            rows = []
            for row in re.findall(r"<tr\b.*?</tr>", body, flags=re.S):
                cells = [_marked(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, flags=re.S)]
                marks = [mark for _, mark in cells if mark]
                rows.append((tuple(text for text, _ in cells), marks[0] if marks else None))
            return rows
    raise AssertionError(f"no table captioned {caption_start!r}")
