"""A process that has the library open must never open the file itself (Python's open, read,
close): on POSIX, closing any descriptor of a file drops every lock the process holds on it, so
SQLite's locks vanish under the open connections. Another program closing the library then
believes it is the last one, checkpoints and deletes the -wal and -shm in use here: the next read
here fails with "disk I/O error", and a write here could go into a deleted -wal (SQLite's "How To
Corrupt", §2.2). It happened: the window opened the library a second time (another program's
services in the same process) while a daily backup, started by the command line, read it."""

import os
import subprocess
import sys

import pytest

from annotator.services import LibraryError, UserError, open_services
from annotator.services.corpus import import_corpus
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


def _held(*paths):
    """This process's POSIX locks on these files, as the kernel lists them (Linux's /proc/locks)."""
    inodes = {os.stat(path).st_ino: path.name for path in paths}
    held = set()
    with open("/proc/locks", encoding="ascii") as table:  # the kernel's table, not a library file
        for line in table:
            fields = line.split()
            if fields[1] == "->":  # a lock waiting on the one above
                continue
            pid, inode = int(fields[4]), int(fields[5].rsplit(":", 1)[1])
            if pid == os.getpid() and inode in inodes:
                held.add((inodes[inode], fields[3], fields[6], fields[7]))
    return held


def _still_shared(location, services, start):
    """Another program reads and closes the library: its -wal and -shm stay, and it takes writes."""
    done = subprocess.run([sys.executable, "-c", _OTHER, str(location)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert location.with_name(location.name + "-shm").exists(), "another program deleted the -shm in use here"
    tagged = services.annotations.tag(1, start, start + 10, [1]).annotation
    assert services.annotations.get(tagged.id).quote == services.documents.text(1)[start : start + 10]


@pytest.mark.skipif(not os.path.exists("/proc/locks"), reason="the kernel's lock table (Linux)")
def test_the_librarys_own_files_are_refused_unread_everywhere(tmp_path):
    """Restore from, merge, and import (REFI project or codebook, lexicon, corpus) the library's own
    file or its -wal or -shm: one sentence each, nothing read (the locks are exactly as they were)."""
    location = sample_library(tmp_path / "library.sqlite3")
    services = open_services(str(location), backup=False)
    try:
        services.documents.list()
        own = [location, tmp_path / "library.sqlite3-wal", tmp_path / "library.sqlite3-shm"]
        before = _held(*own)
        assert {name for name, *_ in before} == {"library.sqlite3", "library.sqlite3-shm"}
        refusals = {
            "restore": (
                lambda p: services.backups.restore(p),
                r"is the library('s .*)?.*, not a backup of it; the library is unchanged",
            ),
            "merge": (lambda p: services.merge.merge(str(p)), r"is this library"),
            "qdpx": (lambda p: services.refi.import_project(p), r"this library's own file, not a REFI-QDA project"),
            "qdc": (lambda p: services.refi.import_codebook(p), r"this library's own file, not a REFI-QDA codebook"),
            "lexicon": (lambda p: services.suggestions.import_lexicon(p), r"this library's own file, not a lexicon"),
        }
        for name, (action, sentence) in refusals.items():
            for path in own:
                with pytest.raises(UserError, match=sentence):
                    action(path)
                assert _held(*own) == before, f"{name} of {path.name} dropped this process's locks"
        for path in own:
            assert import_corpus(services.documents, path).problem == "is this library's own file, not a corpus"
        assert _held(*own) == before
        for path in own[1:]:  # opened as a library of its own (File → Open, --db): not even by SQLite
            assert peek(str(path), None) is None
            with pytest.raises(LibraryError, match="SQLite keeps beside .*, not a library"):
                open_services(str(path), backup=False)
            assert _held(*own) == before, f"opening {path.name} as a library dropped this process's locks"
        _still_shared(location, services, 10)
        assert len(services.documents.list()) == 4
    finally:
        services.close()


@pytest.mark.skipif(not os.path.exists("/proc/locks"), reason="the kernel's lock table (Linux)")
def test_restoring_from_another_open_library_keeps_its_locks(tmp_path):
    """The backup chosen is a library this process has open too (the window's, a merge source):
    checking it must not drop the locks held on it. And its -wal or -shm is no backup at all."""
    location = sample_library(tmp_path / "library.sqlite3")
    other = sample_library(tmp_path / "other.sqlite3")
    services = open_services(str(location), backup=False)
    theirs = open_services(str(other), backup=False)
    try:
        theirs.documents.list()
        files = [other, tmp_path / "other.sqlite3-shm"]
        before = _held(*files)
        for companion in ("-wal", "-shm"):
            with pytest.raises(UserError, match=f"is the .* SQLite keeps beside {other}, not a library"):
                services.backups.restore(tmp_path / f"other.sqlite3{companion}")
        assert _held(*files) == before
        services.backups.restore(other)
        assert _held(*files) == before, "checking the backup dropped this process's locks on it"
        _still_shared(other, theirs, 10)
    finally:
        theirs.close()
        services.close()


@pytest.mark.skipif(not os.path.exists("/proc/locks"), reason="the kernel's lock table (Linux)")
def test_a_library_named_metadata_csv_is_not_read_as_its_articles_metadata(tmp_path):
    """An article imported from the library's own folder, the library named metadata.csv: the
    sidecar is not read (it is the library), and that is said."""
    location = sample_library(tmp_path / "metadata.csv")
    (tmp_path / "article.txt").write_text("A headline\n\nA short article about nothing in particular.\n", encoding="utf-8")
    services = open_services(str(location), backup=False)
    try:
        services.documents.list()
        own = [location, tmp_path / "metadata.csv-shm"]
        before = _held(*own)
        (outcome,) = services.documents.import_files([tmp_path / "article.txt"])
        assert outcome.document is not None
        assert f"{location} was ignored: it is this library's own file" in outcome.notes
        assert _held(*own) == before
    finally:
        services.close()
