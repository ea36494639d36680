"""When each data file last changed: the date of the last commit that changed it.

Read once per build, for every file under data/ at once, and given to the generator as plain
dates (the generator knows nothing of Git). Where the history cannot say, a file has no date
and pages say nothing rather than a wrong date: no repository or no `git`, a shallow clone
(its oldest commit would stand for every older change), or a file with changes not committed.

The date is the committer's own (`%cs`), so every build of the same commits gives the same
dates, wherever, whenever and in whichever time zone it runs.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

# Options that keep `git` from running anything the repository's configuration names.
_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false", "-c", "core.quotePath=false")


def git_command(root: Path, *args: str) -> list[str]:
    """The command line of `git args` in `root`, run the way every git command of the package is."""
    return ["git", *_SAFE, "-C", str(root), *args]


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(git_command(root, *args), capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.decode("utf-8", "surrogateescape") if result.returncode == 0 else None


def last_changed(root: Path, folder: str = "data") -> dict[str, dt.date]:
    """Path (relative to `root`, such as data/clusters/x.yml) -> the date of the last commit that
    changed the file, for every committed file under `folder` whose history is known."""
    head = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if head is None or head.splitlines()[:1] != ["false"]:
        return {}
    prefix = (head.splitlines()[1:] or [""])[0]
    status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", folder)
    log = _git(root, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--relative", "--", folder)
    if status is None or log is None:
        return {}
    # Changed, added or untracked and not committed: the last commit's date would be wrong.
    uncommitted = {entry[3:].removeprefix(prefix) for entry in status.split("\0") if len(entry) > 3}
    changed: dict[str, dt.date] = {}
    for commit in log.split("\0")[1:]:
        day, *paths = commit.splitlines()
        for path in filter(None, paths):
            if path not in changed and path not in uncommitted:
                changed[path] = dt.date.fromisoformat(day)
    return {path: day for path, day in changed.items() if (root / path).is_file()}
