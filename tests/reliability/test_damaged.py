"""Libraries that are damaged, foreign, read-only or on a full disk: one sentence, a non-zero exit,
and the file exactly as it was."""

import hashlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys

import pytest

from annotator.services import open_services
from tests.reliability.conftest import sample_library

# SQLite-only: damaged, foreign, read-only SQLite files and full disks under them.
pytestmark = pytest.mark.sqlite_only("damaged, foreign, read-only SQLite files and full disks under them")


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args, preexec=None):
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, timeout=120, preexec_fn=preexec
    )


def one_sentence(done):
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr


@pytest.mark.parametrize(
    "content,message",
    [
        (b"plain text, not a database\n" * 20, "not an Annotator library"),
        (b"", None),  # an empty file is a new library: that is fine
    ],
)
def test_foreign_files(tmp_path, content, message):
    path = tmp_path / "x.sqlite3"
    path.write_bytes(content)
    done = cli("--db", str(path), "docs")
    if message is None:
        assert done.returncode == 0
    else:
        assert message in one_sentence(done) and path.read_bytes() == content


def test_truncated_and_newer_libraries(tmp_path):
    path = tmp_path / "lib.sqlite3"
    sample_library(path)
    db = sqlite3.connect(path)
    db.execute("update alembic_version set version_num = '0099'")
    db.commit()
    db.close()
    before = digest(path)
    assert "newer version" in one_sentence(cli("--db", str(path), "docs"))
    assert digest(path) == before
    path.write_bytes(path.read_bytes()[: 4096 * 3])
    before = digest(path)
    one_sentence(cli("--db", str(path), "docs"))
    assert digest(path) == before


def test_read_only_library(tmp_path):
    """Opened read-only (SQLite's mode=ro): reading works, writing is refused in a sentence."""
    path = tmp_path / "lib.sqlite3"
    sample_library(path)
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    assert cli("--db", url, "docs").returncode == 0
    before = digest(path)
    message = one_sentence(
        cli("--db", url, "tag", "4", "--quote", "anti-terrorist operation", "--nth", "1", "--tag", "claim")
    )
    assert "read-only" in message or "readonly" in message
    assert digest(path) == before


def test_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert "cannot create the folder" in one_sentence(cli("--db", str(blocker / "sub" / "lib.sqlite3"), "docs"))


def _small_disk():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))


def test_full_disk_during_import(tmp_path):
    path = tmp_path / "lib.sqlite3"
    sample_library(path)
    big = tmp_path / "big.txt"
    big.write_text("A long article about the parade. " * 30_000, encoding="utf-8")
    before = digest(path)
    done = cli("--db", str(path), "import", str(big), preexec=_small_disk)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "full" in done.stderr or "too large" in done.stderr or "cannot" in done.stderr, done.stderr
    assert digest(path) == before
    services = open_services(str(path), backup=False)
    assert len(services.documents.list()) == 4
    services.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    one_sentence(cli("--db", str(folder / "lib.sqlite3"), "docs"))
