"""Real read-only folders and real full disks for tests: mounts as root (skipped where mounting is
not allowed), file permissions otherwise."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")


def _unmount(folder: Path) -> None:
    if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)  # still busy: detach


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """The folder on a read-only mount (root: a read-only bind mount, which root cannot write
    either), or without write permission (anyone else)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,ro,bind", str(folder))
        yield folder
    finally:
        _unmount(folder)


@contextmanager
def small_disk(folder: Path, size: int) -> Iterator[Path]:
    """A real file system of `size` bytes mounted at `folder` (tmpfs; root only)."""
    if os.geteuid() != 0:
        pytest.skip("a small file system needs root to mount")
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _unmount(folder)


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the file system holding `folder` (a file named `filler`), then free `leave` bytes."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        for size in (1 << 16, 512):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError:
                pass  # full at this grain: try a finer one
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
