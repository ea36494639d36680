"""MkDocs hook: pack the built site into one zip for offline reading.

After the build (and after the offline plugin has written search/search_index.js)
the whole site is written to download/nce-site-offline.zip (see ncesite.bundle).
Unzipping it gives nce-site/index.html, which opens from disk with working
navigation and search. `mkdocs serve` writes no zip: a preview has no use for it,
and it was a quarter of each rebuild.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from ncesite.bundle import BUNDLE_PATH, write_bundle

log = logging.getLogger("mkdocs.hooks.offline_bundle")
_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


@event_priority(-200)  # after the offline plugin (-100) has written search/search_index.js
def on_post_build(config, **kwargs):
    if _serving:
        return
    site_dir = Path(config.site_dir)
    count = write_bundle(site_dir, site_dir / BUNDLE_PATH)
    log.debug("Wrote %s with %d files", BUNDLE_PATH, count)
