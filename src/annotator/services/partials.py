"""Files being written (a backup, a restored library) carry their writer's process id in their
name, so the leftovers of a killed run are recognised and removed the next time, and a live
writer's file never is."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

_MARK = ".annotator-partial-"
_OURS = re.compile(r"\.annotator-partial-(\d+)(-journal)?$")  # -journal: SQLite's, beside a copy
_OLD = re.compile(r"\.sqlite3\.partial(-journal)?$")  # before writers were named (no owner known)
_STALE = 24 * 60 * 60  # an unnamed partial untouched this long has no writer left


def partial(final: Path) -> Path:
    """Where this process writes `final` before renaming it into place."""
    return final.with_name(f"{final.name}{_MARK}{os.getpid()}")


def sweep(folder: Path) -> list[Path]:
    """Remove the partial files in `folder` whose writer is no longer running; returns them."""
    removed: list[Path] = []
    try:
        names = [p for p in folder.iterdir() if "partial" in p.name]
    except OSError:
        return removed  # no folder, or not ours to list: nothing to clean
    for path in names:
        if _abandoned(path):
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass  # read-only or gone already: the next run tries again
    return removed


def _abandoned(path: Path) -> bool:
    ours = _OURS.search(path.name)
    if ours is not None:
        return not _alive(int(ours.group(1)))
    if _OLD.search(path.name) is not None:
        try:
            return time.time() - path.stat().st_mtime > _STALE
        except OSError:
            return False
    return False


def _alive(pid: int) -> bool:
    """Whether a process with this id runs here. Where that cannot be asked cheaply (Windows:
    os.kill would end it), every writer counts as alive and nothing is removed."""
    if os.name != "posix" or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
