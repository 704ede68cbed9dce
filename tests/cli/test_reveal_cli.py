"""`annotator reveal` and `annotator migrate` as subprocesses, on both backends (on SQLite the phase
is kept, but a file has no access control: nothing was hidden before it)."""

import subprocess
import sys


def annotator(db, *args):
    return subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), *args], capture_output=True, text=True, timeout=120
    )


def test_reveal_sets_the_phase_and_names_a_missing_document(db):
    assert annotator(db, "import", "--samples").returncode == 0
    done = annotator(db, "reveal", "2", "1")
    assert done.returncode == 0 and done.stdout.startswith("revealed 1, 2")
    from annotator.services import open_services

    services = open_services(db, backup=False)
    try:
        assert services.documents.phases() == {1: "revealed", 2: "revealed", 3: "blind", 4: "blind"}
    finally:
        services.close()
    missing = annotator(db, "reveal", "3", "99")
    assert missing.returncode == 1 and "there is no document 99" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_migrate_on_a_current_library_says_where_it_is(db):
    done = annotator(db, "migrate")
    from annotator.storage.revisions import HEAD  # the newest revision, whichever lands last

    assert done.returncode == 0 and done.stdout.strip() == f"the library is at schema {HEAD}"
