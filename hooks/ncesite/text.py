"""Plain-text helpers shared by views and charts."""

from __future__ import annotations

import re
import unicodedata

_NORDIC = str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a", "ß": "ss"})


def ascii_key(text: str) -> str:
    """A plain ASCII key for a name, for URLs, ids and data attributes: "Møre og Romsdal" -> more-og-romsdal."""
    folded = unicodedata.normalize("NFKD", str(text).translate(_NORDIC)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
