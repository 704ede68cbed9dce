"""Libraries Annotator must refuse, and input it cannot store: one sentence, a non-zero exit, and
every file exactly as it was (byte for byte, also the foreign ones)."""

import sqlite3
import subprocess
import sys

import pytest

from tests.reliability.conftest import sample_library


def cli(*args):
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True,
                           timeout=120, errors="backslashreplace")


def one_sentence(done):
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def _foreign(path, statements):
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path.read_bytes()


def test_rollback_journal_database_of_another_program_is_not_touched(tmp_path):
    """Another program's SQLite file stays in its journal mode: the check runs before any pragma."""
    path = tmp_path / "other.sqlite3"
    before = _foreign(path, ["create table invoices (id integer primary key, amount real)",
                             "insert into invoices (amount) values (9.5)"])
    assert before[18:20] == b"\x01\x01"  # rollback journal
    assert "not an Annotator library" in one_sentence(cli("--db", str(path), "docs"))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]


def test_another_alembic_program_at_our_revision_is_refused_untouched(tmp_path):
    """Its alembic_version says 0002, but its tables are not ours."""
    path = tmp_path / "other.sqlite3"
    before = _foreign(path, ["create table alembic_version (version_num varchar(32) primary key)",
                             "insert into alembic_version values ('0002')",
                             "create table users (id integer primary key, name text)"])
    assert "not an Annotator library" in one_sentence(cli("--db", str(path), "docs"))
    assert path.read_bytes() == before


def test_another_alembic_program_at_an_older_revision_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite3"
    before = _foreign(path, ["create table alembic_version (version_num varchar(32) primary key)",
                             "insert into alembic_version values ('0001')",
                             "create table users (id integer primary key, name text)"])
    assert "not an Annotator library" in one_sentence(cli("--db", str(path), "docs"))
    assert path.read_bytes() == before


def test_newer_library_in_rollback_mode_is_refused_untouched(tmp_path):
    path = sample_library(tmp_path / "lib.sqlite3")
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("update alembic_version set version_num = '0099'")
    db.commit()
    db.close()
    before = path.read_bytes()
    assert "newer version" in one_sentence(cli("--db", str(path), "docs"))
    assert path.read_bytes() == before


def test_our_library_in_rollback_mode_still_opens(tmp_path):
    path = sample_library(tmp_path / "lib.sqlite3")
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    done = cli("--db", str(path), "docs")
    assert done.returncode == 0 and "Trend News Agency" in done.stdout


@pytest.mark.parametrize("location", [
    "sqlite://", "sqlite:///", ":memory:", "sqlite:///:memory:", "sqlite:///file::memory:?uri=true",
    "sqlite:///file:lib?mode=memory&uri=true", "sqlite+pysqlite:///:memory:",
])
def test_in_memory_libraries_are_refused(tmp_path, location):
    sample = tmp_path / "a.txt"
    sample.write_text("A short article about nothing in particular.\n")
    done = subprocess.run([sys.executable, "-m", "annotator", "--db", location, "import", str(sample)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "in memory" in one_sentence(done)
    assert "imported" not in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("url,message", [
    ("postgresql://user:secret@localhost/annotator", "not installed"),
    ("foo://bar", "not a database Annotator can open"),
    ("sqlite+nodriver:///x.db", "not a database Annotator can open"),
])
def test_unknown_databases_and_missing_drivers_are_a_sentence(url, message):
    err = one_sentence(cli("--db", url, "docs"))
    assert message in err and "secret" not in err


def test_tables_of_each_revision_match_the_migrations(tmp_path):
    """The check that tells our databases from others' knows each revision's tables."""
    from sqlalchemy import create_engine, inspect

    from annotator.storage.migrate import upgrade
    from annotator.storage.revisions import KNOWN, TABLES

    assert sorted(TABLES) == sorted(KNOWN)
    for revision in KNOWN:
        engine = create_engine(f"sqlite:///{tmp_path / revision}.db")
        upgrade(engine, revision)
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) - {"alembic_version"} == TABLES[revision]
        engine.dispose()
