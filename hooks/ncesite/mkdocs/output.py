"""Where a build writes: a folder of its own beside site_dir, put in place whole when it succeeds.

MkDocs writes straight into site_dir and checks strict warnings only at the end, so a failed
build would leave a half-written site; two builds into one folder would mix their files. Here
each build writes into a fresh folder in site_dir's parent (a random name, made with the
modes any folder gets, so the published site has MkDocs' own modes), and the finished folder
replaces site_dir under a lock on that parent: readers of site_dir see the previous site or
the new one, never a mixture, and a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

try:
    import fcntl
except ImportError:  # not a POSIX system: builds are not serialised against each other
    fcntl = None


def new_folder(beside: Path, purpose: str) -> Path:
    """A new empty folder in `beside`'s parent, named after `beside` and `purpose` with a random
    part that no other user can guess, with the modes the user's umask gives any new folder."""
    parent = beside.parent
    parent.mkdir(parents=True, exist_ok=True)
    while True:
        folder = parent / f".{beside.name}-{purpose}-{secrets.token_hex(6)}"
        try:
            folder.mkdir()  # fails if the name exists; never follows a link someone else put there
            return folder
        except FileExistsError:
            continue


@contextlib.contextmanager
def _locked(folder: Path):
    """Hold an exclusive lock on `folder` itself (no lock file with a name to guess)."""
    if fcntl is None:
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def put_in_place(built: Path, target: Path) -> None:
    """Make the finished folder `built` the folder `target`, replacing what was there."""
    with _locked(target.parent):
        old = None
        if target.exists() or target.is_symlink():
            old = new_folder(target, "old")
            os.rename(target, old / "site")
        os.rename(built, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
