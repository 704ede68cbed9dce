"""Files being written (an export, a backup, a restored library, an export's part folder) carry
their writer's process id in their name, so the leftovers of a killed run are recognised and
removed the next time, and a live writer's file never is. One marker, `.annotator-partial-PID`,
so a user's own file that merely ends in ".partial-7" is never taken for ours."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

MARK = ".annotator-partial-"
_OURS = re.compile(r"\.annotator-partial-(\d+)(-journal)?$")  # -journal: SQLite's, beside a copy
_OLD = re.compile(r"\.sqlite3\.partial(-journal)?$")  # before writers were named (no owner known)
_STALE = 24 * 60 * 60  # an unnamed partial untouched this long has no writer left


def partial(final: Path) -> Path:
    """Where this process writes `final` before renaming it into place: hidden, beside it."""
    return final.with_name(f".{final.name}{MARK}{os.getpid()}")


def sweep(folder: Path, *, legacy: bool = False) -> list[Path]:
    """Remove the partial files (and part folders) in `folder` whose writer no longer runs; with
    `legacy` (the library's and backups' folders), also day-old partials of versions before names
    carried a writer."""
    removed: list[Path] = []
    try:
        names = [p for p in folder.iterdir() if "partial" in p.name]
    except OSError:
        return removed  # no folder, or not ours to list: nothing to clean
    for path in names:
        if _abandoned(path, legacy):
            try:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
            except OSError:
                pass  # read-only or gone already: the next run tries again
    return removed


def _abandoned(path: Path, legacy: bool) -> bool:
    ours = _OURS.search(path.name)
    if ours is not None:
        return not _alive(int(ours.group(1)))
    if legacy and _OLD.search(path.name) is not None:
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
