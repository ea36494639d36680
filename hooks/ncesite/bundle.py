"""The offline bundle: the built site packed into one zip, reproducibly.

Entries are sorted, every entry gets the same timestamp (SOURCE_DATE_EPOCH if set,
else a fixed date) and the same permissions, so two builds of the same sources give
byte-identical archives.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from .cms import ADMIN_FOLDER

BUNDLE_PATH = "download/nce-site-offline.zip"  # relative to site_dir; docs/offline.md links here
TOP_FOLDER = "nce-site"
DEFAULT_EPOCH = 1704067200  # 2024-01-01 00:00:00 UTC, used when SOURCE_DATE_EPOCH is unset
ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest time a zip entry can hold
ZIP_LEVEL = 3  # half the time of zlib's default (6) for about 13% more; level 9 takes several times longer for 1% less
# Folders of the site left out: the web editor works only online, against the repository.
LEFT_OUT = frozenset({ADMIN_FOLDER})


def _zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    # Zip stores local date and time at 2-second resolution; use UTC so the result
    # does not depend on the machine's time zone.
    return time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]


def source_date_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else DEFAULT_EPOCH


def write_bundle(site_dir: Path, target: Path, top: str = TOP_FOLDER, epoch: int | None = None) -> int:
    """Zip every file under `site_dir` (except `target` and the folders in LEFT_OUT) into `target`, reproducibly.

    Returns the number of files packed.
    """
    site_dir, target = Path(site_dir), Path(target)
    stamp = _zip_time(source_date_epoch() if epoch is None else epoch)
    partial = target.with_name(target.name + ".part")
    skip = {target.resolve(), partial.resolve()}
    files = sorted(
        # Source maps only serve debugging tools; readers of the bundle never load them.
        (path for path in site_dir.rglob("*")
         if path.is_file() and path.suffix != ".map" and path.resolve() not in skip
         and path.relative_to(site_dir).parts[0] not in LEFT_OUT),
        key=lambda path: path.relative_to(site_dir).as_posix(),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below are honoured
            info.external_attr = (0o100644 & 0xFFFF) << 16  # regular file, rw-r--r--
            archive.writestr(info, path.read_bytes(), compresslevel=ZIP_LEVEL)
    partial.replace(target)
    return len(files)
