"""The day's backup for the command line, made in a detached process so that no command waits
for a backup it did not ask for (a full copy of a 1 GB library takes tens of seconds).

The command that finds the day's backup due starts `annotator --db LIBRARY backup --daily` in its
own session (it outlives the command, a Ctrl+C in the terminal does not reach it), its output
appended to a log in the backups folder, and says so in one line. At most one such process runs
per library: the command takes the lock file before it starts the process and hands the locked file
to it (POSIX), so a command right after finds it held from that instant, not only once the new
process has started up; a second process finds the lock held and leaves. When the library has not changed
since the last backup, the day's backup is a hard link made at once, in the command itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.services.backups import BackupService

LOG = "daily-backup.log"
LOCK = ".daily-backup.lock"
HANDED = "ANNOTATOR_DAILY_BACKUP_LOCK_FD"  # the locked file's descriptor, in a started backup


def start(backups: BackupService) -> Path | None:
    """Whatever the day's backup needs, without waiting for a copy: nothing, a link, or a
    detached process. Returns the log of the process started, if one was."""
    if not backups.due():
        return None
    if not backups.needs_copy():
        backups.rolling()  # a hard link: instant
        return None
    backups.folder.mkdir(parents=True, exist_ok=True)
    with _held(backups.folder / LOCK) as lock:
        if lock is None:
            return None  # one is being made now (started by a command just before): nothing to say
        log = backups.folder / LOG
        command = [sys.executable, "-m", "annotator", "--db", str(backups.library_file), "backup", "--daily"]
        detached: dict[str, object] = {"start_new_session": True}
        if sys.platform == "win32":  # no sessions there: a process group of its own, no console
            detached = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.DETACHED_PROCESS}
            # (a Windows lock is the process's own: the new process takes it again when it starts)
        else:  # the locked file goes with the new process: the lock is never free between the two
            detached |= {"pass_fds": (lock,), "env": os.environ | {HANDED: str(lock)}}
        with open(log, "ab") as out:
            subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=out, close_fds=True, **detached)  # type: ignore[call-overload]
    return log


def run(backups: BackupService) -> Path | None:
    """Make the day's backup here, unless another process is making it. Returns the backup made."""
    backups.folder.mkdir(parents=True, exist_ok=True)
    if _handed(backups.folder / LOCK):  # started by a command that holds the lock for us
        return backups.rolling()
    with _held(backups.folder / LOCK) as lock:
        return backups.rolling() if lock is not None else None


def _handed(path: Path) -> bool:
    """Whether this process was given the lock on `path` by the command that started it."""
    fd = os.environ.pop(HANDED, None)
    if fd is None or not fd.isdigit():
        return False
    try:
        given, there = os.fstat(int(fd)), os.stat(path)
    except OSError:
        return False
    return (given.st_dev, given.st_ino) == (there.st_dev, there.st_ino)


@contextmanager
def _held(path: Path) -> Iterator[int | None]:
    """An exclusive lock on `path` if free (its file descriptor), else None, without waiting; the
    OS releases it when every process holding the file ends, however it ends, so a killed backup
    leaves no stale lock."""
    handle = open(path, "a+b")  # noqa: SIM115 - held for the whole block, closed in finally
    try:
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield None
            return
        handle.truncate(0)
        handle.write(str(os.getpid()).encode())
        handle.flush()
        yield handle.fileno()
    finally:
        handle.close()
