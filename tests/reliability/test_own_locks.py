"""A process that has the library open must never open the file itself (Python's open, read,
close): on POSIX, closing any descriptor of a file drops every lock the process holds on it, so
SQLite's locks vanish under the open connections. Another program closing the library then
believes it is the last one, checkpoints and deletes the -wal and -shm in use here: the next read
here fails with "disk I/O error", and a write here could go into a deleted -wal (SQLite's "How To
Corrupt", §2.2). It happened: the window opened the library a second time (another program's
services in the same process) while a daily backup, started by the command line, read it."""

import subprocess
import sys

import pytest

from annotator.services import open_services
from annotator.storage.peek import peek
from annotator.storage.transfer import reading_other
from tests.reliability.conftest import sample_library

pytestmark = pytest.mark.sqlite_only("POSIX locks on an SQLite file")

# Another program reads the library and closes it: were our locks gone, its close would take the
# exclusive lock, checkpoint, and delete the -wal and -shm this process is using.
_OTHER = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM documents').fetchall(); c.close()"


def _looks(location, tmp_path):
    """Every way this process looks at a library file before (or besides) opening it."""
    yield lambda: open_services(str(location), backup=False).close()
    yield lambda: peek(str(location), None)
    other = sample_library(tmp_path / "other.sqlite3")

    def merge_source():
        with reading_other(str(location), str(other)):
            pass

    yield merge_source


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX record locks")
def test_looking_at_the_open_library_again_keeps_its_locks(tmp_path):
    location = sample_library(tmp_path / "library.sqlite3")
    services = open_services(str(location), backup=False)
    try:
        services.documents.list()  # a connection that holds the library's shared lock from now on
        for round_, look in enumerate(_looks(location, tmp_path)):
            look()
            done = subprocess.run([sys.executable, "-c", _OTHER, str(location)], capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr
            assert (tmp_path / "library.sqlite3-shm").exists(), "another program deleted the -shm in use here"
            start = 10 + 20 * round_  # a new passage each round
            tagged = services.annotations.tag(1, start, start + 10, [1]).annotation
            assert services.annotations.get(tagged.id).quote == services.documents.text(1)[start : start + 10]
    finally:
        services.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX record locks")
def test_importing_the_librarys_own_files_is_refused_and_keeps_its_locks(tmp_path):
    """Dropping the library file (or its -wal or -shm) on the window: one sentence, the file is
    not read (reading it would drop the locks), and the library goes on as before."""
    location = sample_library(tmp_path / "library.sqlite3")
    services = open_services(str(location), backup=False)
    try:
        services.documents.list()
        for path in (location, tmp_path / "library.sqlite3-wal", tmp_path / "library.sqlite3-shm"):
            (outcome,) = services.documents.import_files([path])
            assert outcome.problem == "is this library's own file, not an article"
        done = subprocess.run([sys.executable, "-c", _OTHER, str(location)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / "library.sqlite3-shm").exists(), "another program deleted the -shm in use here"
        assert len(services.documents.list()) == 4
    finally:
        services.close()
