"""Files being written (a backup, a restored library) carry their writer's process id in their
name, so the leftovers of a killed run are recognised and removed the next time, and a live
writer's file never is."""

from __future__ import annotations

import os
import re
from pathlib import Path

_MARK = ".partial-"
_NAME = re.compile(r"\.partial-(\d+)(-journal)?$")  # -journal: SQLite's beside a half-written copy


def partial(final: Path) -> Path:
    """Where this process writes `final` before renaming it into place."""
    return final.with_name(f"{final.name}{_MARK}{os.getpid()}")


def sweep(folder: Path) -> list[Path]:
    """Remove the partial files in `folder` whose writer is no longer running; returns them."""
    removed: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if _MARK in p.name]
    except OSError:
        return removed  # no folder, or not ours to list: nothing to clean
    for path in candidates:
        match = _NAME.search(path.name)
        if match is None or _alive(int(match.group(1))):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass  # read-only or vanished: the next run tries again
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with this id runs here. Where that cannot be asked cheaply (Windows:
    os.kill would end it), every writer counts as alive and nothing is removed."""
    if os.name != "posix":
        return True
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
