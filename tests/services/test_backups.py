"""Rolling and manual backups with SQLite's backup API; restore backs up the current library first."""

import os
import sqlite3
import subprocess
import sys
import time

import pytest

from annotator.services import UserError
from annotator.storage.revisions import HEAD

# Backups and restores copy an SQLite file (a server database is backed up with its own tools).
pytestmark = pytest.mark.sqlite_only("backups copy an SQLite file")


def count(path, table="annotations"):
    with sqlite3.connect(path) as db:
        return db.execute(f"select count(*) from {table}").fetchone()[0]


def test_rolling_backup_once_a_day_keeps_seven(loaded, library_path):
    backups = loaded.backups
    assert backups.backups() == []  # the library was empty when it was opened
    now = 1_800_000_000.0
    made = [backups.rolling(now=now + day * 86_400) for day in range(10)]
    assert all(made)
    assert backups.rolling(now=now + 9 * 86_400 + 3600) is None  # the same day again
    kept = backups.backups()
    assert len(kept) == 7 and kept[-1] == made[-1]
    assert count(kept[-1], "documents") == 4
    assert backups.folder == library_path.with_name("library.sqlite3.backups")


def test_backup_and_restore(loaded, library_path, tmp_path):
    claim = loaded.codebook.by_name("claim").id
    loaded.annotations.tag(1, 0, 10, [claim])
    copy = loaded.backups.backup(tmp_path / "copy.sqlite3")
    loaded.annotations.tag(1, 20, 30, [claim])
    assert count(library_path) == 2
    safety = loaded.backups.restore(copy)
    assert count(library_path) == 1 and count(safety) == 2
    assert loaded.annotations.for_document(1)[0].start == 0  # the open library sees the restored data


def test_restore_refuses_what_is_not_a_library(loaded, tmp_path, library_path):
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("hello")
    with pytest.raises(UserError, match="not an Annotator library"):
        loaded.backups.restore(bogus)
    with pytest.raises(UserError, match="does not exist"):
        loaded.backups.restore(tmp_path / "missing.sqlite3")
    assert count(library_path, "documents") == 4


def test_cli_backup_and_restore_needs_yes(tmp_path):
    db = tmp_path / "lib.sqlite3"

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "annotator", "--db", str(db), *args], capture_output=True, text=True, timeout=120
        )

    cli("import", "--samples")
    out = cli("backup", str(tmp_path / "b.sqlite3"))
    assert out.returncode == 0 and "backed up to" in out.stdout
    cli("tag", "4", "--quote", "anti-terrorist operation", "--nth", "1", "--tag", "framing")
    refused = cli("restore", str(tmp_path / "b.sqlite3"))
    assert refused.returncode == 1 and "--yes" in refused.stderr and count(db) == 1
    done = cli("restore", str(tmp_path / "b.sqlite3"), "--yes")
    assert done.returncode == 0 and count(db) == 0


def test_restore_over_a_damaged_library_keeps_the_damaged_file(loaded, library_path, tmp_path):
    from annotator.services.backups import backups_beside, restore_over

    backup = loaded.backups.backup()
    loaded.close()
    assert backups_beside(library_path) == [backup]
    library_path.write_bytes(b"garbage" * 100)
    moved = restore_over(backup, library_path)
    assert moved.read_bytes() == b"garbage" * 100
    assert count(library_path, "documents") == 4


def test_a_backup_from_the_future_does_not_stop_daily_backups(loaded):
    """One open with the clock a year ahead, then ten daily opens: each day gets its backup,
    and the one dated in the future, taken before all of them, is the first rotated away."""
    backups = loaded.backups
    now = 1_800_000_000.0
    future = backups.rolling(now=now + 365 * 86_400)
    assert future is not None
    made = [backups.rolling(now=now + day * 86_400) for day in range(1, 11)]
    assert all(made), f"no backup on days {[d for d, m in enumerate(made, 1) if m is None]}"
    assert backups.rolling(now=now + 10 * 86_400 + 3600) is None  # the same day again
    assert sorted(backups.folder.glob("*.sqlite3")) == made[-7:]


def test_manual_backups_are_never_rotated(loaded):
    backups = loaded.backups
    manual = backups.backup()
    assert manual.name.endswith("-manual.sqlite3")
    now = 1_800_000_000.0
    for day in range(10):
        backups.rolling(now=now + day * 86_400)
    assert manual.exists()
    assert len(list(backups.folder.glob("*.sqlite3"))) == 7 + 1


def test_restore_refuses_a_backup_from_a_newer_version(loaded, library_path, tmp_path):
    newer = loaded.backups.backup(tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    claim = loaded.codebook.by_name("claim").id
    loaded.annotations.tag(1, 0, 10, [claim])
    with pytest.raises(UserError, match="another version of Annotator"):
        loaded.backups.restore(newer)
    assert count(library_path) == 1
    with sqlite3.connect(library_path) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD


def test_partials_of_dead_writers_are_removed_and_others_kept(loaded):
    """Named by their writer's process id; unnamed ones (older versions) once a day old."""
    folder = loaded.backups.folder
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftovers = [
        folder / f"a.sqlite3.annotator-partial-{dead.stdout.strip()}",
        folder / f"a.sqlite3.annotator-partial-{dead.stdout.strip()}-journal",
        folder / "b.sqlite3.partial",
    ]
    kept = [folder / f"c.sqlite3.annotator-partial-{os.getpid()}", folder / "d.sqlite3.partial", folder / "notes.partial-7"]
    for path in leftovers + kept:
        path.write_bytes(b"half a copy")
    os.utime(leftovers[-1], (time.time() - 2 * 86_400,) * 2)
    loaded.backups.backup()
    assert sorted(p for p in folder.iterdir() if "partial" in p.name) == sorted(kept)


def test_restore_without_room_for_its_safety_backup_restores_nothing(loaded, library_path, tmp_path):
    from tests.mounts import read_only

    copy = loaded.backups.backup(tmp_path / "copy.sqlite3")
    loaded.annotations.tag(1, 0, 10, [loaded.codebook.by_name("claim").id])
    loaded.backups.folder.mkdir()
    with read_only(loaded.backups.folder), pytest.raises(UserError, match="nothing was restored"):
        loaded.backups.restore(copy)
    assert count(library_path) == 1


def test_backups_and_safety_backups_in_the_same_second_never_replace_each_other(loaded):
    backups = loaded.backups
    made = [backups.backup() for _ in range(5)]
    assert len(set(made)) == 5 and all(p.exists() for p in made)
    first = backups.restore(made[0])
    second = backups.restore(made[1])  # right after: its safety backup must not replace the first's
    assert first != second and first.exists() and second.exists()


def test_an_unchanged_library_costs_no_new_copy(loaded):
    """A day's backup of a library nothing was written to since the last is that backup again
    (a hard link: no space, no time); after a change it is a new copy."""
    backups = loaded.backups
    now = 1_800_000_000.0
    first = backups.rolling(now=now)
    second = backups.rolling(now=now + 86_400)
    assert second != first and os.path.samefile(second, first)
    assert not backups.needs_copy()
    with sqlite3.connect(loaded.library.file) as db:  # a change, as another program would make it
        db.execute("UPDATE documents SET title = 'changed' WHERE id = 1")
    assert backups.needs_copy()
    third = backups.rolling(now=now + 2 * 86_400)
    assert not os.path.samefile(third, second)
    assert backups.backups() == [first, second, third]


def test_a_backup_never_lands_on_the_librarys_own_files(loaded, library_path):
    """The service's own destination check (the command line's FILE goes through services.output)."""
    loaded.documents.list()
    for suffix in ("", "-wal", "-shm"):
        target = library_path.with_name(library_path.name + suffix)
        size = target.stat().st_size
        with pytest.raises(UserError, match="cannot overwrite the library itself or a file SQLite keeps beside it"):
            loaded.backups.backup(target)
        assert target.stat().st_size == size
    assert count(library_path, "documents") == 4
