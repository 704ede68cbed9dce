"""Every file the program writes goes through here (exports, the lexicon, backups, later formats).

One rule, in one place: the library, its -wal/-shm/-journal and its backups folder are never a
destination (also through symlinks and hard links); nothing but a regular file is ever replaced
(a symlink to one is written through); a file with other hard links is refused (replacing it
would silently cut them off; writing it in place would leave a half file under every name if
the write failed); '-' is standard output. A file is written beside its destination under a
temporary name and renamed over it when complete, keeping the replaced file's permission bits.
Temporary names carry the writer's process id, so the leftovers of a killed run are removed the
next time (see `sweep`).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from annotator.services import partials
from annotator.services.errors import UserError
from annotator.storage.paths import KINDS, PARTS, companion, identity, part_of

STDOUT = "-"
TEMP_MARK = "annotator-"  # in our names in the temporary folder, which other programs share


# --- where: the checks -------------------------------------------------------------------------
def destination(out: str | Path, library: Path | None) -> Path:
    """The regular file that writing `out` (re)writes, symlinks followed; UserError (one
    sentence) if that would touch the library, or is not a regular file, or has other names."""
    given = Path(out).expanduser().absolute()
    real = Path(os.path.realpath(given))
    if library is not None:
        clash = _library_part(real, library)
        if clash:
            raise UserError(f"cannot write {out}: it is {clash}; nothing was written")
    beside = companion(given)  # another database's -wal/-shm/-journal: a live program's (decision 061)
    if beside is not None:
        database, suffix = beside
        raise UserError(f"cannot write {out}: it is the {KINDS[suffix]} SQLite keeps beside {database}; nothing was written")
    try:
        info = os.stat(real)
    except FileNotFoundError:
        if given.is_symlink():
            raise UserError(f"cannot write {out}: it is a link to {real}, which does not exist") from None
        if not real.parent.is_dir():
            raise UserError(f"cannot write {out}: the folder {real.parent} does not exist") from None
        return real
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"cannot write {out}: it is {_kind(info.st_mode)}, not a file; nothing was written")
    if info.st_nlink > 1:
        raise UserError(
            f"cannot write {out}: the file has {info.st_nlink - 1} other name(s) (hard links) that "
            "replacing it would cut off; write to a new file instead"
        )
    return real


def _library_part(real: Path, library: Path) -> str:
    """What part of the library `real` is ('' for none): by path and, for files that exist, by
    identity (st_dev, st_ino), so a hard link or a differently spelt path is caught too."""
    part = part_of(real, library)
    if part is not None:
        return f"{PARTS[part]} ({library})"
    bases = {library.expanduser().absolute(), Path(os.path.realpath(library.expanduser().absolute()))}
    for base in bases:
        folder = base.with_name(base.name + ".backups")
        inside = identity(folder)
        for parent in (real, *real.parents):
            if parent == folder or (inside is not None and identity(parent) == inside):
                return f"in the library's backups folder ({folder})"
    return ""


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


# --- how: atomic replacement -----------------------------------------------------------------
@contextmanager
def replacing(target: Path, shown: str | Path | None = None) -> Iterator[Path]:
    """A new empty file beside `target` to write; when the block ends normally it replaces
    `target` (with the replaced file's permission bits and, where we may, its owner), otherwise
    it is removed. Leftovers of killed writers in that folder are removed first."""
    shown = target if shown is None else shown
    partials.sweep(target.parent)
    temp = partials.partial(target)
    try:
        # O_EXCL: never write through something that appeared there; the umask applies as for
        # any new file (mkstemp would make it private).
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise UserError(f"cannot write {shown}: {exc.strerror} (in {target.parent})") from None
    try:
        yield temp
        _keep_mode(target, temp)
        _still_a_file(target, shown)  # it may have changed during a long write
        os.replace(temp, target)
    except OSError as exc:
        _remove(temp)
        raise UserError(f"cannot write {shown}: {exc.strerror}") from None
    except BaseException:
        _remove(temp)
        raise


def _still_a_file(target: Path, shown: str | Path) -> None:
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"cannot write {shown}: it became {_kind(info.st_mode)} while it was written; it is left as it is")


def _keep_mode(old: Path, new: Path) -> None:
    try:
        info = os.stat(old)
    except FileNotFoundError:
        return
    os.chmod(new, stat.S_IMODE(info.st_mode))
    if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(new, info.st_uid, info.st_gid)  # root writing a user's file: it stays theirs
        except OSError:
            pass  # only root may give a file away; the file is still written


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal")):
        try:
            leftover.unlink()
        except OSError:
            pass


# --- the three ways to write ---------------------------------------------------------------------
@contextmanager
def text(out: str | Path, library: Path | None, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text stream to `out` ('-': standard output), newline='' as csv wants."""
    if str(out) == STDOUT:
        with _stdout(encoding) as stream:
            yield stream
        return
    target = destination(out, library)
    with replacing(target, out) as temp, open(temp, "w", encoding=encoding, newline="") as stream:
        yield stream


@contextmanager
def file(out: str | Path, library: Path | None) -> Iterator[Path]:
    """A path for a writer that needs one (SQLite's backup): the destination's temporary file,
    or for '-' one in the temporary folder whose bytes are then copied to standard output."""
    if str(out) != STDOUT:
        with replacing(destination(out, library), out) as temp:
            yield temp
        return
    check_stdout()  # before the work, not after it
    temp = partials.partial(Path(tempfile.gettempdir()) / f"{TEMP_MARK}stdout")
    partials.sweep(temp.parent)
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise UserError(f"cannot write in {temp.parent}: {exc.strerror}") from None
    try:
        yield temp
        with open(temp, "rb") as source, _stdout(None) as stream:
            stream.flush()
            shutil.copyfileobj(source, stream.buffer, 1 << 20)
    finally:
        _remove(temp)


def check_stdout() -> None:
    """UserError if standard output is closed (`>&-`)."""
    try:
        os.fstat(1)
    except OSError as exc:
        raise UserError(stdout_problem(exc)) from None


@contextmanager
def _stdout(encoding: str | None) -> Iterator[IO[str]]:
    """Standard output as a text stream that does not close it; a closed or full standard output
    is a sentence (a reader that stops early, `| head`, stays a BrokenPipeError: not an error)."""
    check_stdout()
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
        stream = open(1, "w", encoding=encoding or "utf-8", newline="", closefd=False)  # noqa: SIM115
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise UserError(stdout_problem(exc)) from None
    try:
        with stream:
            yield stream
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise UserError(stdout_problem(exc)) from None


def stdout_problem(exc: OSError) -> str:
    """The sentence for a failed write to standard output."""
    if exc.errno == errno.EBADF:
        return "cannot write to standard output: it is closed; nothing was written"
    return f"cannot write to standard output: {exc.strerror or exc}"
