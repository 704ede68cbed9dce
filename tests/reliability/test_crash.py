"""Kill -9 at random moments: every returned annotation survives whole, nothing is half-written."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.rawdb import RawDB
from tests.reliability.conftest import sample_library

KILLS = 24
CHILD = Path(__file__).with_name("crash_child.py")


def test_sigkill_never_loses_or_half_writes(location):
    library = sample_library(location)
    rng = random.Random(20261122)
    returned: set[int] = set()
    for kill in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(library), str(kill)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        first = child.stdout.readline()  # it is tagging now, however slow the start was
        assert first, child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.3))  # then a random moment, mid-transaction or between
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        returned |= {int(line) for line in (first + out).split()}
        check(library, returned)
    assert len(returned) > KILLS * 5, "the child should have tagged many passages between kills"


def check(library: str, returned: set[int]) -> None:
    if "://" not in library:  # SQLite's own check of its pages; a server keeps its own
        with sqlite3.connect(library) as pages:
            assert pages.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with RawDB(library) as db:
        present = {row[0] for row in db.all("SELECT id FROM annotations")}
        assert returned <= present, f"lost: {sorted(returned - present)[:5]}"
        untagged = db.scalar(
            "SELECT count(*) FROM annotations a WHERE NOT EXISTS "
            "(SELECT 1 FROM annotation_tags t WHERE t.annotation_id = a.id)"
        )
        assert untagged == 0, "an annotation without its tags"
        half = db.scalar(
            "SELECT count(*) FROM annotations a WHERE "
            "(SELECT count(*) FROM annotation_tags t WHERE t.annotation_id = a.id) < 2"
        )
        assert half == 0, "an annotation with only some of its tags"
        orphans = db.scalar(
            "SELECT count(*) FROM annotation_tags t LEFT JOIN annotations a ON a.id = t.annotation_id WHERE a.id IS NULL"
        )
        assert orphans == 0, "a tag link without its annotation"
        text = db.scalar("SELECT text FROM document_texts WHERE document_id = 1")
        for start, end, quote in db.all("SELECT start_offset, end_offset, quote FROM annotations"):
            assert text[start:end] == quote
        counted = db.scalar("SELECT count(*) FROM annotations WHERE document_id = 1")
        assert db.scalar("SELECT annotation_count FROM documents WHERE id = 1") == counted, "the kept count drifted"
