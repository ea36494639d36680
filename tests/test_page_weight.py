"""A cluster page stays light: its HTML plus everything it loads, gzipped, is at most 110 KB.

Counted: the page's HTML and every same-site file it loads when opened (stylesheets,
scripts, images, icons, and fonts or images that those stylesheets load), each
gzipped as a web server would send it. Not counted: the search index and the search
worker, which load only when search is opened, and source maps, which only
developer tools fetch.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

BUDGET_KB = 110
# rel values of <link> that make a browser fetch the file when the page opens.
FETCHED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest"}
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
CSS_IMPORT = re.compile(r"@import\s+(['\"])([^'\"]+)\1")


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and FETCHED_RELS & set((values.get("rel") or "").lower().split()):
            self.found.append(values.get("href") or "")
        elif tag in ("script", "img", "iframe", "embed", "source", "audio", "video") and values.get("src"):
            self.found.append(values["src"])
        elif tag in ("img", "source") and values.get("srcset"):
            self.found.extend(c.strip().split(" ")[0] for c in values["srcset"].split(","))
        elif tag == "video" and values.get("poster"):
            self.found.append(values["poster"])

    handle_startendtag = handle_starttag


def _local(site: Path, from_file: str, address: str) -> str | None:
    """The site-relative path `address` (seen in `from_file`) points at, or None if not on this site."""
    parts = urlsplit(address)
    if not address or address.startswith(("//", "#")) or parts.scheme:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        path = path.lstrip("/")
        # Root-relative addresses carry the site's base path (/nce-site/...); drop what does not exist.
        while path and not (site / path).is_file() and "/" in path:
            path = path.split("/", 1)[1]
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), path))
    return path if (site / path).is_file() else None


def page_weight(site: Path, page: str) -> tuple[int, dict[str, int]]:
    """(total gzipped bytes, gzipped bytes per file) for `page` and what it loads."""
    sizes: dict[str, int] = {}
    queue = [page]
    while queue:
        rel = queue.pop()
        if rel in sizes:
            continue
        data = (site / rel).read_bytes()
        sizes[rel] = len(gzip.compress(data, compresslevel=6, mtime=0))
        if rel.endswith(".html"):
            parser = _Assets()
            parser.feed(data.decode("utf-8"))
            addresses = parser.found
        elif rel.endswith(".css"):
            text = data.decode("utf-8")
            addresses = [m.group(2) for m in CSS_URL.finditer(text)] + [m.group(2) for m in CSS_IMPORT.finditer(text)]
        else:
            addresses = []
        for address in addresses:
            target = _local(site, rel, address.strip())
            if target and not target.startswith("search/") and not target.endswith(".map"):
                queue.append(target)
    return sum(sizes.values()), sizes


def _report(page: str, total: int, sizes: dict[str, int]) -> str:
    lines = [f"{page} and what it loads: {total / 1024:.1f} KB gzipped (budget {BUDGET_KB} KB)"]
    lines += [f"  {size / 1024:7.1f} KB  {name}" for name, size in sorted(sizes.items(), key=lambda x: -x[1])]
    return "\n".join(lines)


def test_cluster_pages_stay_within_the_weight_budget(built_site):
    cluster_pages = sorted(p for p in (built_site / "clusters").glob("*.html") if p.name not in ("index.html", "map.html"))
    assert cluster_pages, "no cluster pages were built"
    # The largest page is the worst case; the assets are the same for every cluster page.
    heaviest = max(cluster_pages, key=lambda p: p.stat().st_size)
    page = heaviest.relative_to(built_site).as_posix()
    total, sizes = page_weight(built_site, page)
    assert any(name.endswith(".css") for name in sizes) and any(name.endswith(".js") for name in sizes), \
        "no stylesheet or script found; the asset scan is broken\n" + _report(page, total, sizes)
    assert total <= BUDGET_KB * 1024, _report(page, total, sizes)
