"""Kill -9 at random moments: every returned annotation survives whole, nothing is half-written."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.reliability.conftest import sample_library

KILLS = 24
CHILD = Path(__file__).with_name("crash_child.py")


def test_sigkill_never_loses_or_half_writes(tmp_path):
    library = tmp_path / "crash.sqlite3"
    sample_library(library)
    rng = random.Random(20261122)
    returned: set[int] = set()
    for kill in range(KILLS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(library), str(kill)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = child.stdout.readline()  # it is tagging now, however slow the start was
        assert first, child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.3))  # then a random moment, mid-transaction or between
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        returned |= {int(line) for line in (first + out).split()}
        check(library, returned)
    assert len(returned) > KILLS * 5, "the child should have tagged many passages between kills"


def check(library: Path, returned: set[int]) -> None:
    db = sqlite3.connect(library)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        present = {row[0] for row in db.execute("SELECT id FROM annotations")}
        assert returned <= present, f"lost: {sorted(returned - present)[:5]}"
        untagged = db.execute("SELECT count(*) FROM annotations a WHERE NOT EXISTS "
                              "(SELECT 1 FROM annotation_tags t WHERE t.annotation_id = a.id)").fetchone()[0]
        assert untagged == 0, "an annotation without its tags"
        half = db.execute("SELECT count(*) FROM annotations a WHERE "
                          "(SELECT count(*) FROM annotation_tags t WHERE t.annotation_id = a.id) < 2").fetchone()[0]
        assert half == 0, "an annotation with only some of its tags"
        orphans = db.execute("SELECT count(*) FROM annotation_tags t LEFT JOIN annotations a "
                             "ON a.id = t.annotation_id WHERE a.id IS NULL").fetchone()[0]
        assert orphans == 0, "a tag link without its annotation"
        text = db.execute("SELECT text FROM document_texts WHERE document_id = 1").fetchone()[0]
        for start, end, quote in db.execute("SELECT start_offset, end_offset, quote FROM annotations"):
            assert text[start:end] == quote
    finally:
        db.close()
