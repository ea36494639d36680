"""MkDocs hook: pack the built site into one zip for offline reading.

After the build (and after the offline plugin has written search/search_index.js)
the whole site is written to download/nce-site-offline.zip (see ncesite.bundle).
Unzipping it gives nce-site/index.html, which opens from disk with working
navigation and search.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from ncesite.bundle import BUNDLE_PATH, write_bundle

log = logging.getLogger("mkdocs.hooks.offline_bundle")


@event_priority(-200)  # after the offline plugin (-100) has written search/search_index.js
def on_post_build(config, **kwargs):
    site_dir = Path(config.site_dir)
    count = write_bundle(site_dir, site_dir / BUNDLE_PATH)
    log.debug("Wrote %s with %d files", BUNDLE_PATH, count)
