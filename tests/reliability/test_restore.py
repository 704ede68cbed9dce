"""Restore and backup as users run them, on libraries big enough to take a while: with another
program writing, killed half-way, from read-only media."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from annotator.services import open_services

CHILD = Path(__file__).with_name("tagger_child.py")
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]


def cli(db, *args, **kwargs):
    return subprocess.run([sys.executable, "-m", "annotator", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=300, **kwargs)


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
        tagger = subprocess.Popen([sys.executable, str(CHILD), str(library)], stdout=out,
                                  stderr=subprocess.PIPE, text=True)
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
