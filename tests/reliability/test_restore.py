"""Restore and backup as users run them, on libraries big enough to take a while: with another
program writing, killed half-way, from read-only media."""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.services import open_services
from tests.mounts import read_only
from tests.reliability.conftest import sample_library

# SQLite-only: backup and restore copy SQLite files.
pytestmark = pytest.mark.sqlite_only("backup and restore copy SQLite files")

CHILD = Path(__file__).with_name("tagger_child.py")
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]


def cli(db, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), *args], capture_output=True, text=True, timeout=300, **kwargs
    )


def big_library(path: Path, articles: int = 2) -> Path:
    """The samples plus `articles` long articles (~8.5 MB of text each: a library of ~9 MB per
    article, which takes SQLite a noticeable fraction of a second to copy)."""
    rng = random.Random(10)
    folder = path.parent / "articles"
    folder.mkdir()
    for k in range(articles):
        words = " ".join(rng.choice(WORDS) + str(rng.randrange(10**6)) for _ in range(700_000))
        (folder / f"long-{k}.txt").write_text(words, encoding="utf-8")
    services = open_services(str(path), backup=False)
    services.documents.import_samples()
    services.documents.import_files(sorted(folder.glob("*.txt")))
    services.close()
    return path


def notes(path: Path) -> set[str]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in db.execute("SELECT note FROM annotations")}
    finally:
        db.close()


def test_writes_during_a_restore_are_in_the_library_or_the_safety_backup(tmp_path):
    library = big_library(tmp_path / "lib.sqlite3")
    backup = tmp_path / "before.sqlite3"
    assert cli(library, "backup", str(backup)).returncode == 0
    acks = tmp_path / "acks.txt"
    with acks.open("w") as out:
        tagger = subprocess.Popen([sys.executable, str(CHILD), str(library)], stdout=out, stderr=subprocess.PIPE, text=True)
    try:
        while not acks.read_text():
            assert tagger.poll() is None, tagger.stderr.read()
            time.sleep(0.05)
        done = cli(library, "restore", str(backup), "--yes")
        assert done.returncode == 0, done.stderr
        after = len(acks.read_text().split("\n"))
        while len(acks.read_text().split("\n")) < after + 20:  # it goes on tagging after the restore
            assert tagger.poll() is None, tagger.stderr.read()
            time.sleep(0.05)
    finally:
        tagger.kill()
        tagger.wait()
    acknowledged = set(acks.read_text().splitlines())
    safety = Path(done.stdout.strip().rsplit(" ", 1)[-1])
    kept = notes(library) | notes(safety)
    assert len(acknowledged) > 50
    assert acknowledged <= kept, f"lost {len(acknowledged - kept)} of {len(acknowledged)} acknowledged tags"


def test_a_killed_restore_leaves_nothing_behind_the_next_time(tmp_path):
    library = big_library(tmp_path / "lib.sqlite3", articles=1)
    backup = tmp_path / "before.sqlite3"
    assert cli(library, "backup", str(backup)).returncode == 0
    assert cli(library, "docs").returncode == 0  # the day's backup is made: the restore only copies
    folder = library.with_name(library.name + ".backups")
    restore = subprocess.Popen(
        [sys.executable, "-m", "annotator", "--db", str(library), "restore", str(backup), "--yes"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    while not list(folder.glob("*partial*")):  # the safety backup is being written
        assert restore.poll() is None, "the restore finished before it could be killed"
        time.sleep(0.001)
    os.kill(restore.pid, signal.SIGKILL)
    restore.wait()
    assert list(folder.glob("*partial*")), "killed half-way, the restore left a partial file"
    db = sqlite3.connect(library)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    db.close()
    running = folder / f"lib-20260101-000000.sqlite3.annotator-partial-{os.getpid()}"  # a live writer's file
    running.write_bytes(b"being written")
    assert cli(library, "backup").returncode == 0
    assert list(folder.glob("*partial*")) == [running]


def test_a_backup_on_read_only_media_restores(tmp_path):
    library = sample_library(tmp_path / "lib.sqlite3")
    media = tmp_path / "usb"
    media.mkdir()
    assert cli(library, "backup", str(media / "b.sqlite3")).returncode == 0
    assert cli(library, "tag", "4", "--quote", "anti-terrorist operation", "--nth", "1", "--tag", "claim").returncode == 0
    with read_only(media):
        done = cli(library, "restore", str(media / "b.sqlite3"), "--yes")
    assert done.returncode == 0, done.stderr
    db = sqlite3.connect(library)
    assert db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
    db.close()
    assert sorted(p.name for p in media.iterdir()) == ["b.sqlite3"]


def test_a_copy_with_unsaved_changes_on_read_only_media_is_refused(tmp_path):
    """A library copied with its -wal: read without it, changes would be missing; say so."""
    library = sample_library(tmp_path / "lib.sqlite3")
    media = tmp_path / "usb"
    media.mkdir()
    db = sqlite3.connect(library)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("UPDATE documents SET title = 'changed in the -wal only'")
    db.commit()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{library}{suffix}", media / f"copy.sqlite3{suffix}")
    db.close()
    with read_only(media):
        done = cli(library, "restore", str(media / "copy.sqlite3"), "--yes")
    assert done.returncode == 1 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert "copy.sqlite3-wal" in done.stderr
