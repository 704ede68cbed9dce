"""The day's backup never holds up a command: the command line starts it in a detached process
(one at a time) and says so; the backup appears afterwards."""

import subprocess
import sys
import time

import pytest
from benchmarks.data import add_document, article

from annotator.storage.engine import open_library

# SQLite-only: the daily backup copies the SQLite file.
pytestmark = pytest.mark.sqlite_only("the daily backup copies the SQLite file")


def annotator(db, *args):
    return subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), *args], capture_output=True, text=True, timeout=120, check=True
    )


def big_library(path, megabytes=40):
    """A library of `megabytes` MB of articles: its copy takes longer than a command's return."""
    import random

    library = open_library(str(path))
    rng = random.Random(5)
    for n in range(megabytes):
        add_document(library, article(rng, 1_000_000, f"article {n}"), f"article {n}")
    library.close()
    return path


def copies(folder):
    return sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []


def test_the_first_command_of_the_day_returns_before_its_backup_is_made(tmp_path):
    db = big_library(tmp_path / "library.sqlite3")
    folder = tmp_path / "library.sqlite3.backups"
    done = annotator(db, "docs")
    assert copies(folder) == [], "the command waited for the day's backup"
    assert "today's backup is being made in the background" in done.stderr
    assert "article 39" in done.stdout
    deadline = time.monotonic() + 120
    while not copies(folder) and time.monotonic() < deadline:
        time.sleep(0.2)
    made = copies(folder)
    assert len(made) == 1
    deadline = time.monotonic() + 30  # the log line is written after the rename
    while "backed up to" not in (folder / "daily-backup.log").read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert f"backed up to {made[0]}" in (folder / "daily-backup.log").read_text()
    again = annotator(db, "docs")  # the same day: nothing started, nothing said
    assert "backup" not in again.stderr and copies(folder) == made


def test_only_one_daily_backup_runs_at_a_time(tmp_path):
    import fcntl

    db = big_library(tmp_path / "library.sqlite3", megabytes=1)
    folder = tmp_path / "library.sqlite3.backups"
    folder.mkdir()
    with open(folder / ".daily-backup.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as a daily backup running in another process holds it
        assert "no backup made" in annotator(db, "backup", "--daily").stdout
        assert copies(folder) == []
    assert "backed up to" in annotator(db, "backup", "--daily").stdout  # the lock is free again
    assert len(copies(folder)) == 1


def test_a_command_right_after_the_one_that_started_the_backup_starts_none(tmp_path):
    """The lock is taken by the command that starts the backup and handed to it: a second command in
    the instant before the new process has started up finds it held (CI once saw two announced)."""
    from annotator.services import open_services
    from annotator.services.daily import start

    db = big_library(tmp_path / "library.sqlite3", megabytes=1)
    services = open_services(str(db), backup=False)
    try:
        first, second = start(services.backups), start(services.backups)
    finally:
        services.close()
    assert first is not None and second is None
    folder = tmp_path / "library.sqlite3.backups"
    deadline = time.monotonic() + 60
    while "backed up to" not in first.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert first.read_text().count("backed up to") == 1 and len(copies(folder)) == 1
