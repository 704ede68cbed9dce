"""Backups of a SQLite library with SQLite's online backup API: rolling daily copies beside the
library (the last 7 kept), a backup on demand, and restore (which backs up the current first).

A day's backup of a library unchanged since the last one is not a new copy: it is a hard link to
that one (same file, no space, no time), so a week of unchanged days costs one copy, not seven.
"Unchanged" is the library file's and its -wal's identity, size and modification time: reading never
touches them, any write does (see _fingerprint)."""

from __future__ import annotations

import json
import os
import re
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from annotator.services import output, partials
from annotator.services.errors import UserError
from annotator.storage import change_log
from annotator.storage import sqlite_files as files
from annotator.storage.engine import Library
from annotator.storage.errors import LibraryError
from annotator.storage.paths import PARTS, companion_problem, part_of, sqlite_file, to_url
from annotator.storage.revisions import KNOWN

KEEP = 7
DAY = 24 * 60 * 60
SKEW = 60 * 60  # a backup dated up to an hour ahead counts as taken now (clocks get corrected)
STEP = 1024  # pages per step of a restore's copy (see restore: it must take more than one step)
LAST = ".last-daily.json"  # in the backups folder: the newest day's backup and the library's fingerprint then


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

    def backups(self, *, now: float | None = None) -> list[Path]:
        """Rolling backups, oldest first (manual ones, named …-manual, are never rotated). One
        dated after `now` was made while the clock was wrong, so before now: it counts as oldest."""
        if not self.folder.is_dir():
            return []
        now = time.time() if now is None else now
        dated = [(taken, p) for p in self.folder.glob("*.sqlite3") if (taken := _taken(p)) is not None]
        return [p for taken, p in sorted(dated, key=lambda item: (item[0] <= now + SKEW, item[0], item[1]))]

    def due(self, *, now: float | None = None) -> bool:
        """Whether the day's backup is to be made: the last is a day old (or none exists) and
        the library is not empty."""
        if self._library.file is None:
            return False
        now = time.time() if now is None else now
        # A backup into the folder asked for today (`annotator backup`) is today's backup too.
        manual = [t for p in self.folder.glob("*-manual*.sqlite3") if (t := _taken_manual(p)) is not None]
        past = [taken for p in self.backups(now=now) if (taken := _taken(p) or 0) <= now + SKEW]
        past += [taken for taken in manual if taken <= now + SKEW]
        if past and now - max(past) < DAY:
            return False
        return not self._is_empty()

    def needs_copy(self) -> bool:
        """Whether the day's backup must copy the library: it changed since the last day's
        backup (or that one is gone). If not, the day's backup is a link made in an instant."""
        return self._unchanged_since() is None

    def rolling(self, *, now: float | None = None) -> Path | None:
        """Make the day's backup if the last one is a day old (or none exists); keep the last 7.
        An empty library is not backed up; an unchanged one gets a link to its last backup.
        Returns the new backup, if one was made."""
        if not self.due(now=now):
            return None
        now = time.time() if now is None else now
        stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%d-%H%M%S")
        wanted = self.folder / f"{self.library_file.stem}-{stamp}.sqlite3"
        fingerprint = _fingerprint(self.library_file)  # before the copy: a write during it means "changed"
        last = self._unchanged_since()
        made = None
        if last is not None:
            try:
                made = _link_new(last, wanted, or_rename=False)
            except OSError:  # no hard links here: a full copy, as always
                made = None
        if made is None:
            made = self.backup(wanted)
        self._remember(made, fingerprint)
        for old in self.backups(now=now)[:-KEEP]:
            old.unlink(missing_ok=True)
        return made

    def _unchanged_since(self) -> Path | None:
        """The last day's backup, if the library has not changed since it was taken."""
        try:
            record = json.loads((self.folder / LAST).read_text(encoding="utf-8"))
            last = self.folder / str(record["backup"])
            same = record["fingerprint"] == _fingerprint(self.library_file)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return last if same and last.is_file() else None

    def _remember(self, backup: Path, fingerprint: list[int]) -> None:
        record = self.folder / LAST
        try:
            partial = partials.partial(record)
            partial.write_text(json.dumps({"backup": backup.name, "fingerprint": fingerprint}), encoding="utf-8")
            os.replace(partial, record)
        except OSError:
            pass  # unknown: the next day's backup is a full copy

    def backup(self, destination: Path | None = None) -> Path:
        """A consistent copy of the library, taken while it may be in use. Without a destination it
        gets a new name in the backups folder: never one that is taken (two in one second, a restore's
        safety backup right after another's, must not replace each other)."""
        named = destination is None
        destination = (self._manual() if destination is None else destination).expanduser().absolute()
        if part_of(destination, self.library_file) is not None:
            raise UserError("a backup cannot overwrite the library itself or a file SQLite keeps beside it")
        try:
            with closing(files.read_only(self.library_file)) as library:
                copy = _copy_beside(library, destination)
            if not named:
                os.replace(copy, destination)
                return destination
            try:
                return _link_new(copy, destination)
            finally:
                copy.unlink(missing_ok=True)
        except (OSError, files.FileError) as exc:
            raise UserError(f"cannot write the backup {destination}: {_reason(exc)}") from None

    def backup_to(self, out: str | Path) -> str | Path:
        """A consistent copy of the library into a file the user chose ('-': standard output),
        written as every output is (services.output: never onto the library, its companions or
        backups, never over anything but a regular file)."""
        try:
            with output.file(out, self.library_file) as temp, closing(files.read_only(self.library_file)) as source:
                files.copy(source, temp)
        except files.FileError as exc:
            raise UserError(f"cannot write the backup {out}: {exc}") from None
        return out if str(out) == output.STDOUT else Path(out).expanduser().absolute()

    def restore(self, source: Path) -> Path:
        """Replace the library's contents with a backup; the current contents are backed up
        first. Returns that safety backup.

        The copy is SQLite's backup API into the library, which holds the library's write lock
        from its first step to its last. The safety backup is taken after that first step, so
        every write another program finished is either in it or (waiting for the lock) lands
        in the restored library afterwards; none falls between the two."""
        source = source.expanduser().absolute()
        _not_the_library(source, self.library_file)
        _check_backup(source)
        made: list[Path] = []

        def snapshot() -> None:  # the first step is done: the lock is ours
            made.append(self.backup())  # a new name; a UserError here aborts the copy: nothing changed

        try:
            with closing(_open_backup(source)) as backup, closing(files.writable(self.library_file)) as to:
                pages = files.pages(backup)
                if pages < 2:  # one step would copy it all, before the safety backup
                    raise UserError(f"{source} is not an Annotator library (it is empty)")
                files.copy_in_steps(backup, to, min(STEP, pages - 1), snapshot)
                change_log.draw_new_epoch(to)  # another history: open windows read everything again
        except (OSError, files.FileError) as exc:
            raise UserError(f"cannot restore {source}: {_reason(exc)}; the library is unchanged") from None
        except UserError as exc:  # the safety backup could not be made: nothing was restored
            raise UserError(f"{exc}; nothing was restored, the library is unchanged") from None
        return made[0]

    def _manual(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return self.folder / f"{self.library_file.stem}-{stamp}-manual.sqlite3"

    def _is_empty(self) -> bool:
        return not files.has_documents(self.library_file)


def library_file(location: str) -> Path | None:
    """The SQLite file a --db value names (None for a server database)."""
    return sqlite_file(to_url(location))


def backups_beside(library: Path) -> list[Path]:
    """Every backup (rolling and manual) in the folder beside a library file, newest first."""
    folder = library.with_name(library.name + ".backups")
    return sorted(folder.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []


def restore_over(backup: Path, library: Path) -> Path | None:
    """Put a backup in place of a library that cannot be opened. The backup is copied beside
    the library first and only a complete copy replaces it; the library file (with its -wal
    and -shm) is moved aside untouched, never overwritten. Returns where it went."""
    _not_the_library(backup, library)
    _check_backup(backup)
    try:
        with closing(_open_backup(backup)) as source:
            copy = _copy_beside(source, library)
    except (OSError, files.FileError) as exc:
        raise UserError(f"cannot copy {backup} to {library.parent}: {_reason(exc)}; {library} is as it was") from None
    moved = None
    try:
        if library.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            moved = library.with_name(f"{library.name}.unreadable-{stamp}")
            for suffix in ("", "-wal", "-shm"):
                part = Path(str(library) + suffix)
                if part.exists():
                    os.replace(part, Path(str(moved) + suffix))
        os.replace(copy, library)
    except OSError as exc:
        copy.unlink(missing_ok=True)
        kept = f"; the library is now {moved}" if moved is not None and not library.exists() else ""
        raise UserError(f"cannot put {backup} in place of {library}: {_reason(exc)}{kept}") from None
    return moved


def _link_new(source: Path, wanted: Path, *, or_rename: bool = True) -> Path:
    """Give `source` the name `wanted`, or wanted-2, wanted-3… if taken: a hard link never replaces
    (unlike a rename), so two processes cannot take the same name. Where there are no hard links
    (FAT, some network drives) the next free name is taken by rename, or OSError if not `or_rename`."""
    for number in range(1, 1000):
        name = wanted if number == 1 else wanted.with_name(f"{wanted.stem}-{number}{wanted.suffix}")
        try:
            os.link(source, name)
            return name
        except FileExistsError:
            continue
        except OSError:
            if not or_rename:
                raise
            if not name.exists():
                os.replace(source, name)
                return name
    raise OSError(f"no free name beside {wanted}")


def _fingerprint(library: Path) -> list[int]:
    """Identity, size and modification time of the library file and its -wal: equal only if
    nothing was written (a read changes neither; a write changes the -wal, a checkpoint the file).
    An empty -wal is as none: opening the library makes one, closing it removes it. Not the
    change time (ctime): SQLite run as root hands the -wal to the library's owner on every open."""
    found: list[int] = []
    for suffix in ("", "-wal"):
        try:
            info = os.stat(f"{library}{suffix}")
        except FileNotFoundError:
            info = None
        if info is None or (suffix and info.st_size == 0):
            found += [0, 0, 0]
        else:
            found += [info.st_ino, info.st_size, info.st_mtime_ns]
    return found


def _copy_beside(source: files.Connection, destination: Path) -> Path:
    """Copy a database into a new partial file beside `destination` and return it, for the
    caller to rename into place (never half a copy in place). Leftovers of killed runs in that
    folder are removed first; this run's partial is removed if the copy fails."""
    partial = partials.partial(destination)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        partials.sweep(destination.parent, legacy=True)
        partial.unlink(missing_ok=True)
        files.copy(source, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def _taken(path: Path) -> float | None:
    """When a rolling backup was taken, from its name (…-YYYYMMDD-HHMMSS.sqlite3)."""
    try:
        stamp = datetime.strptime(path.stem[-15:], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return stamp.timestamp()


def _taken_manual(path: Path) -> float | None:
    """When a manual backup was taken, from its name (…-YYYYMMDD-HHMMSS-manual[-N].sqlite3)."""
    found = re.search(r"(\d{8}-\d{6})-manual(?:-\d+)?$", path.stem)
    if found is None:
        return None
    return datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC).timestamp()


def _open_backup(path: Path) -> files.Connection:
    """A backup opened for reading (storage.sqlite_files.open_backup); its refusal is a UserError."""
    try:
        return files.open_backup(path)
    except LibraryError as exc:
        raise UserError(str(exc)) from None


def _reason(exc: BaseException) -> str:
    """What went wrong, in words (the disk being full above all)."""
    message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    if "full" in message or "No space" in message:
        return "the disk is full"
    return message


def _not_the_library(backup: Path, library: Path) -> None:
    """Refuse, unread, the library's own file or one SQLite keeps beside it as the backup to
    restore: opening and closing it here would drop this process's locks on it (decision 058)."""
    part = part_of(backup, library)
    if part is not None:
        what = PARTS[part] if part == "" else f"{PARTS[part]} ({library})"
        raise UserError(f"{backup} is {what}, not a backup of it; the library is unchanged")


def _check_backup(path: Path) -> None:
    """Whether `path` is a sound Annotator library of a revision this version knows, asked of SQLite
    only: the file is never opened by Python (this process may have it open with SQLite: 058, 061)."""
    if not path.is_file():
        raise UserError(f"{path} is not a regular file" if path.exists() else f"{path} does not exist")
    problem = companion_problem(path)
    if problem:
        raise UserError(f"{problem} (nor a backup)")
    if path.stat().st_size == 0:
        raise UserError(f"{path} is not an Annotator library (it is empty)")
    try:
        with closing(_open_backup(path)) as connection:
            revision, ok = files.revision_and_health(connection)
    except files.FileError as exc:
        if "not a database" in str(exc):
            raise UserError(f"{path} is not an Annotator library (not an SQLite database)") from None
        if "no such table" in str(exc):
            raise UserError(f"{path} is not an Annotator library") from None
        raise UserError(f"{path} is not a readable Annotator library ({exc})") from None
    if revision is None or revision not in KNOWN:
        raise UserError(f"{path} was written by another version of Annotator")
    if not ok:
        raise UserError(f"{path} is damaged (integrity check failed)")
