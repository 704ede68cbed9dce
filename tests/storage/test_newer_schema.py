"""A library a newer version wrote is refused on both backends — on open, by the command line in one
sentence, and by `annotator migrate` (which never downgrades) — and left exactly as it was: a file
byte for byte, a server database row for row."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.storage.engine import LibraryError, migrate_library, open_library
from tests.rawdb import RawDB, everything


def _state(location, backend):
    if backend == "sqlite":
        return hashlib.sha256(Path(location).read_bytes()).hexdigest()
    return everything(location)


def test_a_newer_schema_is_refused_and_left_untouched(location, backend):
    open_library(location).close()
    with RawDB(location) as db:
        db.run("UPDATE alembic_version SET version_num = '9999'")
    before = _state(location, backend)
    with pytest.raises(LibraryError, match="newer version of Annotator"):
        open_library(location)
    with pytest.raises(LibraryError, match="newer version of Annotator"):
        migrate_library(location)
    for args in (("docs",), ("migrate",)):
        done = subprocess.run(
            [sys.executable, "-m", "annotator", "--db", location, *args], capture_output=True, text=True, timeout=120
        )
        assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
        assert "newer version of Annotator" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert _state(location, backend) == before
