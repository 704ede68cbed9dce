"""Backups of a SQLite library with SQLite's online backup API: rolling daily copies beside the
library (the last 7 kept), a backup on demand, and restore (which backs up the current first)."""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from annotator.services import output
from annotator.services.errors import UserError
from annotator.storage.engine import Library
from annotator.storage.paths import sqlite_file, to_url
from annotator.storage.revisions import KNOWN

KEEP = 7
DAY = 24 * 60 * 60


class BackupService:
    def __init__(self, library: Library) -> None:
        self._library = library

    @property
    def library_file(self) -> Path:
        if self._library.file is None:
            raise UserError("backups are for SQLite libraries; back up a server database with its own tools")
        return self._library.file

    @property
    def folder(self) -> Path:
        """Where rolling backups live: `<library>.backups/` beside the library file."""
        return self.library_file.with_name(self.library_file.name + ".backups")

    def backups(self) -> list[Path]:
        """Rolling backups, oldest first (manual ones, named …-manual, are never rotated)."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.sqlite3") if _taken(p) is not None)

    def rolling(self, *, now: float | None = None) -> Path | None:
        """Make the day's backup if the last one is a day old (or none exists); keep the last 7.
        An empty library is not backed up. Returns the new backup, if one was made."""
        if self._library.file is None:
            return None
        now = time.time() if now is None else now
        existing = self.backups()
        if existing and now - (_taken(existing[-1]) or 0) < DAY:
            return None
        if self._is_empty():
            return None
        stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%d-%H%M%S")
        made = self.backup(self.folder / f"{self.library_file.stem}-{stamp}.sqlite3")
        for old in self.backups()[:-KEEP]:
            old.unlink(missing_ok=True)
        return made

    def backup(self, destination: Path | None = None) -> Path:
        """A consistent copy of the library, taken while it may be in use."""
        if destination is None:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            destination = self.folder / f"{self.library_file.stem}-{stamp}-manual.sqlite3"
        destination = destination.expanduser().absolute()
        if destination == self.library_file.absolute():
            raise UserError("a backup cannot overwrite the library itself")
        partial = destination.with_name(destination.name + ".partial")  # never a half backup in place
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            partial.unlink(missing_ok=True)
            _copy(self.library_file, partial)
            os.replace(partial, destination)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise UserError(f"cannot write the backup {destination}: {exc}") from None
        return destination

    def backup_to(self, out: str | Path) -> str | Path:
        """A consistent copy of the library into a file the user chose ('-': standard output),
        written as every output is (services.output: never onto the library, its companions or
        backups, never over anything but a regular file)."""
        try:
            with output.file(out, self.library_file) as temp, \
                    closing(sqlite3.connect(_readonly(self.library_file), uri=True, timeout=30)) as source, \
                    closing(sqlite3.connect(temp, timeout=30)) as target:
                source.backup(target)
        except sqlite3.Error as exc:
            raise UserError(f"cannot write the backup {out}: {exc}") from None
        return out if str(out) == output.STDOUT else Path(out).expanduser().absolute()

    def restore(self, source: Path) -> Path:
        """Replace the library's contents with a backup; the current contents are backed up
        first. Returns that safety backup."""
        source = source.expanduser().absolute()
        _check_backup(source)
        safety = self.backup()
        try:
            _copy(source, self.library_file)
        except (OSError, sqlite3.Error) as exc:
            raise UserError(f"cannot restore {source}: {exc}; the library is unchanged") from None
        return safety

    def _is_empty(self) -> bool:
        with sqlite3.connect(_readonly(self.library_file), uri=True) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def library_file(location: str) -> Path | None:
    """The SQLite file a --db value names (None for a server database)."""
    return sqlite_file(to_url(location))


def backups_beside(library: Path) -> list[Path]:
    """Every backup (rolling and manual) in the folder beside a library file, newest first."""
    folder = library.with_name(library.name + ".backups")
    return sorted(folder.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []


def restore_over(backup: Path, library: Path) -> Path | None:
    """Put a backup in place of a library that cannot be opened. The library file (with its
    -wal and -shm) is moved aside untouched, never overwritten; returns where it went."""
    _check_backup(backup)
    moved = None
    if library.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        moved = library.with_name(f"{library.name}.unreadable-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(library) + suffix)
            if part.exists():
                os.replace(part, Path(str(moved) + suffix))
    _copy(backup, library)
    return moved


def _taken(path: Path) -> float | None:
    """When a rolling backup was taken, from its name (…-YYYYMMDD-HHMMSS.sqlite3)."""
    try:
        stamp = datetime.strptime(path.stem[-15:], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return stamp.timestamp()


def _readonly(path: Path) -> str:
    return f"file:{quote(str(path.absolute()))}?mode=ro"


def _copy(source: Path, destination: Path) -> None:
    with sqlite3.connect(_readonly(source), uri=True, timeout=30) as src:
        target = sqlite3.connect(destination, timeout=30)
        try:
            src.backup(target)
        finally:
            target.close()


def _check_backup(path: Path) -> None:
    if not path.is_file():
        raise UserError(f"{path} does not exist")
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise UserError(f"{path} is not an Annotator library")
    try:
        with sqlite3.connect(_readonly(path), uri=True) as connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            ok = connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.Error as exc:
        raise UserError(f"{path} is not a readable Annotator library ({exc})") from None
    if revision is None or revision[0] not in KNOWN:
        raise UserError(f"{path} was written by another version of Annotator")
    if not ok:
        raise UserError(f"{path} is damaged (integrity check failed)")
