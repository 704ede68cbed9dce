"""`annotator progress`: every coder's status of every document, as the lead sees it (on a file
everyone can see every row: there is no access control to pretend), on both backends."""

import csv
import io
import subprocess
import sys

from annotator.domain.models import Status
from annotator.services import open_services


def annotator(db, *args, user="ann"):
    return subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), "--annotator", user, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _statuses(db, coder, pairs):
    services = open_services(db, annotator=coder, backup=False)
    try:
        for document_id, status in pairs:
            services.documents.set_status(document_id, status)
    finally:
        services.close()


def test_progress_lists_every_coders_status_of_every_document(db):
    assert annotator(db, "import", "--samples").returncode == 0
    _statuses(db, "ann", [(1, Status.DONE), (2, Status.IN_PROGRESS)])
    _statuses(db, "bob", [(1, Status.DONE), (3, Status.DONE)])
    _statuses(db, "cy", [(1, Status.IN_PROGRESS)])
    done = annotator(db, "progress", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == ["id", "title", "ann", "bob", "cy", "done"]
    by_id = {int(r["id"]): r for r in rows}
    assert sorted(by_id) == [1, 2, 3, 4]
    assert [by_id[1][c] for c in ("ann", "bob", "cy", "done")] == ["done", "done", "in progress", "2/3"]
    assert [by_id[2][c] for c in ("ann", "bob", "cy", "done")] == ["in progress", "new", "new", "0/3"]
    assert [by_id[3][c] for c in ("ann", "bob", "cy", "done")] == ["new", "done", "new", "1/3"]
    assert [by_id[4][c] for c in ("ann", "bob", "cy", "done")] == ["new", "new", "new", "0/3"]
    table = annotator(db, "progress").stdout.splitlines()
    assert table[0].split() == ["id", "title", "ann", "bob", "cy", "done"]
    assert table[1].startswith("1 ") and table[1].rstrip().endswith("2/3")
