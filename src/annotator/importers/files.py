"""Opening the files we import (articles, metadata.csv, lexicons): regular files only, every read
bounded. The size limits live here and nowhere else."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from annotator.importers.base import ImportProblem

MB = 1024 * 1024
# One article (.txt, .md, .html): a 64 MB text is already far beyond any news article (the
# benchmarks import 1–20 MB); larger files are refused before anything is read.
ARTICLE_MAX_BYTES = 64 * MB
# A metadata.csv or a lexicon file: a table of short values, 16 MB is a very long one.
TABLE_MAX_BYTES = 16 * MB

_KINDS = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def read_regular(path: Path, limit: int) -> bytes:
    """All bytes of a regular file (a symlink is followed to one) of at most `limit` bytes; raises
    ImportProblem with a one-line reason for anything else. Never blocks on a FIFO, never reads
    more than limit + 1 bytes (a device or a /proc file says its size is 0)."""
    with _reading():
        _check_kind(os.stat(path).st_mode)  # follows symlinks; a FIFO is refused before open()
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            _check_kind(info.st_mode)  # swapped between the stat and the open
            _check_size(info.st_size, limit)
            data = _read_bounded(handle, info.st_size, limit)
    if len(data) > limit:  # it grew, or its size lied
        raise ImportProblem(f"too large (the limit is {_shown(limit)})")
    return data


def open_regular(path: Path) -> tuple[BinaryIO, int]:
    """A regular file (a symlink followed to one) opened for reading, with its size: for a file
    read as a stream (a corpus), whose rows are bounded instead of the whole. ImportProblem with a
    one-line reason for anything else; never blocks on a FIFO."""
    with _reading():
        _check_kind(os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        handle = os.fdopen(fd, "rb")
        info = os.fstat(handle.fileno())
        try:
            _check_kind(info.st_mode)  # swapped between the stat and the open
        except ImportProblem:
            handle.close()
            raise
    return handle, info.st_size


def _read_bounded(handle: BinaryIO, size: int, limit: int) -> bytes:
    """At most limit + 1 bytes. Asked for the size the file says (plus one, to see it grew) first:
    asking for limit + 1 at once made Python allocate 64 MB for every 5 KB article (60 µs each)."""
    first = handle.read(min(size, limit) + 1)
    if len(first) <= size:  # the end came where the size said (or before): all of it is here
        return first
    return first + handle.read(limit + 1 - len(first))  # longer than it said (/proc says 0): read on


def _check_kind(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ImportProblem("is a folder, not a file")
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "a special file")
        raise ImportProblem(f"is not a regular file ({kind})")


def _check_size(size: int, limit: int) -> None:
    if size > limit:
        raise ImportProblem(f"too large ({_shown(size)}; the limit is {_shown(limit)})")


def _shown(size: int) -> str:
    return f"{size // MB} MB" if size >= MB else f"{size} bytes"


@contextmanager
def _reading() -> Iterator[None]:
    """The operating system's refusals as one-line reasons."""
    try:
        yield
    except FileNotFoundError:
        raise ImportProblem("no such file") from None
    except PermissionError:
        raise ImportProblem("permission denied") from None
    except OSError as exc:
        raise ImportProblem(f"cannot be read ({exc.strerror or exc})") from None
