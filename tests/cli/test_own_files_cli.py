"""A command given the library's own file, or its -wal or -shm, where it wants another file (a backup
to restore, a library to merge or copy into, a project, codebook or lexicon to import): one sentence
naming the file, a non-zero exit, and the library byte for byte as it was (decisions 058, 061)."""

import hashlib
import subprocess
import sys

import pytest

from tests.reliability.conftest import sample_library

pytestmark = pytest.mark.sqlite_only("a library's own file, its -wal and -shm beside it")


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, timeout=120, errors="backslashreplace"
    )


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def library(tmp_path):
    """A closed library with today's backup made (so no command starts the daily one meanwhile)."""
    location = sample_library(tmp_path / "library.sqlite3")
    assert cli("--db", str(location), "backup").returncode == 0
    return location


def refused(done, *words):
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    return done.stderr


SUFFIXES = {"": "the library itself", "-wal": "the library's write-ahead log", "-shm": "the library's shared-memory file"}


@pytest.mark.parametrize("suffix", list(SUFFIXES))
def test_restore_refuses_the_librarys_own_files(library, suffix):
    before, backups = digest(library), sorted(library.parent.glob("*.backups/*"))
    given = f"{library}{suffix}"
    refused(cli("--db", str(library), "restore", given, "--yes"), given, SUFFIXES[suffix], "the library is unchanged")
    assert digest(library) == before
    assert sorted(library.parent.glob("*.backups/*")) == backups  # not even a safety backup was made


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_merge_refuses_the_librarys_own_companions(library, suffix):
    before = digest(library)
    refused(cli("--db", str(library), "merge", f"{library}{suffix}"), f"{library}{suffix}", "this library's")
    assert digest(library) == before


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["import-qdpx"], "not a REFI-QDA project"),
        (["codebook", "import"], "not a REFI-QDA codebook"),
        (["lexicon", "--import"], "not a lexicon"),
    ],
)
@pytest.mark.parametrize("suffix", ["", "-shm"])
def test_imports_refuse_the_librarys_own_files(library, command, what, suffix):
    before = digest(library)
    given = f"{library}{suffix}"
    refused(cli("--db", str(library), *command, given), given, "this library's own file", what)
    assert digest(library) == before


@pytest.mark.parametrize("target", ["library.sqlite3", "library.sqlite3-wal", "linked.sqlite3"])
def test_copy_refuses_a_library_into_itself_or_its_log(library, target):
    """A hard link is the same file by another name; a -wal is never a library (a copy into it
    would be a database where SQLite expects the library's log)."""
    (library.parent / "linked.sqlite3").hardlink_to(library)
    before = digest(library)
    refused(
        cli("copy", str(library), str(library.parent / target)),
        target,
        "itself" if target != "library.sqlite3-wal" else "write-ahead log",
    )
    assert digest(library) == before
    assert not (library.parent / "library.sqlite3-wal").exists()


def test_a_librarys_log_is_never_opened_as_a_library(library):
    """`--db library.sqlite3-wal` (a slip of the tab key) would make a new library where SQLite
    looks for the library's log."""
    before = digest(library)
    refused(cli("--db", f"{library}-wal", "docs"), f"{library}-wal", "write-ahead log", "not a library")
    assert digest(library) == before
    assert not (library.parent / "library.sqlite3-wal").exists()


def test_a_link_to_a_librarys_log_is_never_opened_as_a_library(library):
    """The name given may hide the log behind a link: the name it points to decides."""
    alias = library.parent / "alias.sqlite3"
    alias.symlink_to(library.parent / "library.sqlite3-wal")
    before = digest(library)
    refused(cli("--db", str(alias), "docs"), "write-ahead log", "not a library")
    assert digest(library) == before
    assert not (library.parent / "library.sqlite3-wal").exists()


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_nothing_is_written_onto_another_librarys_companions(library, tmp_path, suffix):
    """A backup or an export aimed at another library's -wal/-shm/-journal would replace a live
    program's log under it."""
    other = sample_library(tmp_path / "other.sqlite3")
    target = tmp_path / f"other.sqlite3{suffix}"
    for command in (["backup", str(target)], ["export", "--out", str(target)]):
        refused(cli("--db", str(library), *command), str(target), "SQLite keeps beside", "nothing was written")
        assert not target.exists()
    assert other.is_file()
