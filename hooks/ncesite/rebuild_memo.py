"""Results kept from one rebuild to the next while `mkdocs serve` runs.

A `Memo` holds results of a pure function of their key: the same key always gives the
same result (the search sections of a page's HTML, say). A rebuild looks its keys up in
what the previous rebuild used, makes what is missing, and keeps for the next rebuild
only what it used or made, so the memo never holds more than one rebuild's worth.

hooks/render_fast.py starts and ends each rebuild for every memo in `MEMOS`. The Bokmål
pages are built in a child process (hooks/languages.py): the child hands back what it
made and the keys of the kept results it used, in the file that carries render_fast's
kept renders, and the server keeps those too for its next child.

A result is handed out as kept: a caller must not change it.
"""

from __future__ import annotations

_MISSING = object()


class Memo:
    """Results of a pure function of the key, kept from one rebuild to the next."""

    def __init__(self):
        self.kept: dict = {}  # what the previous rebuild used or made
        self.used: dict = {}  # what this rebuild used or made
        self.made: dict = {}  # what this rebuild made

    def get(self, key, default=None):
        found = self.used.get(key, _MISSING)
        if found is _MISSING:
            found = self.kept.get(key, _MISSING)
            if found is _MISSING:
                return default
            self.used[key] = found
        return found

    def put(self, key, value) -> None:
        self.used[key] = self.made[key] = value

    def start(self) -> None:
        """A rebuild starts: what a failed one used is dropped."""
        self.used, self.made = {}, {}

    def handed(self) -> tuple[dict, list]:
        """What a child process gives back: the results it made, the keys of the kept ones it used."""
        return self.made, [key for key in self.used if key not in self.made]

    def finish(self, handed: list[tuple[dict, list]]) -> None:
        """The rebuild is over: keep what it used or made, with what the children `handed` back."""
        kept = self.used
        for made, reused in handed:
            kept.update(made)
            for key in reused:
                found = self.kept.get(key, _MISSING)
                if found is not _MISSING:
                    kept.setdefault(key, found)
        self.kept, self.used, self.made = kept, {}, {}


MEMOS: dict[str, Memo] = {}


def memo(name: str) -> Memo:
    """The memo called `name`, made the first time."""
    found = MEMOS.get(name)
    if found is None:
        found = MEMOS[name] = Memo()
    return found
