"""Where pages are: the one place that builds page URLs and the way back to the site root.

URLs are relative to the site root and end in .html (the offline mode needs file
URLs); a page prefixes them with relative_root() of its own path, so links work
served and opened from disk.
"""

from __future__ import annotations

CLUSTERS = "clusters"  # folder of the cluster pages
PARTNERS = "partners"  # folder of the partner pages


def page_url(folder: str, slug: str) -> str:
    """The URL of a generated page, relative to the site root: clusters/nce-eyde.html."""
    return f"{folder}/{slug}.html"


def relative_root(path: str) -> str:
    """From a page at `path` (relative to the site root or docs/) up to the root: "../" per folder."""
    return "../" * path.count("/")
