"""Libraries Annotator must refuse, and input it cannot store: one sentence, a non-zero exit, and
every file exactly as it was (byte for byte, also the foreign ones)."""

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.reliability.conftest import sample_library

# SQLite-only: files and SQLite databases Annotator must refuse, byte for byte untouched.
pytestmark = pytest.mark.sqlite_only("files and SQLite databases Annotator must refuse, byte for byte untouched")


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, timeout=120, errors="backslashreplace"
    )


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
    before = _foreign(
        path, ["create table invoices (id integer primary key, amount real)", "insert into invoices (amount) values (9.5)"]
    )
    assert before[18:20] == b"\x01\x01"  # rollback journal
    assert "not an Annotator library" in one_sentence(cli("--db", str(path), "docs"))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]


def test_another_alembic_program_at_our_revision_is_refused_untouched(tmp_path):
    """Its alembic_version says 0002, but its tables are not ours."""
    path = tmp_path / "other.sqlite3"
    before = _foreign(
        path,
        [
            "create table alembic_version (version_num varchar(32) primary key)",
            "insert into alembic_version values ('0002')",
            "create table users (id integer primary key, name text)",
        ],
    )
    assert "not an Annotator library" in one_sentence(cli("--db", str(path), "docs"))
    assert path.read_bytes() == before


def test_another_alembic_program_at_an_older_revision_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite3"
    before = _foreign(
        path,
        [
            "create table alembic_version (version_num varchar(32) primary key)",
            "insert into alembic_version values ('0001')",
            "create table users (id integer primary key, name text)",
        ],
    )
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


@pytest.mark.parametrize(
    "location",
    [
        "sqlite://",
        "sqlite:///",
        ":memory:",
        "sqlite:///:memory:",
        "sqlite:///file::memory:?uri=true",
        "sqlite:///file:lib?mode=memory&uri=true",
        "sqlite+pysqlite:///:memory:",
    ],
)
def test_in_memory_libraries_are_refused(tmp_path, location):
    sample = tmp_path / "a.txt"
    sample.write_text("A short article about nothing in particular.\n")
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", location, "import", str(sample)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert "in memory" in one_sentence(done)
    assert "imported" not in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.parametrize(
    "url,message",
    [
        ("postgresql+pg8000://user:secret@localhost/annotator", "not installed"),
        ("postgresql://user:secret@/annotator?host=/nonexistent-folder", "cannot reach the database server"),
        ("foo://bar", "not a database Annotator can open"),
        ("sqlite+nodriver:///x.db", "not a database Annotator can open"),
    ],
)
def test_unknown_databases_and_missing_drivers_are_a_sentence(url, message):
    err = one_sentence(cli("--db", url, "docs"))
    assert message in err and "secret" not in err


def test_tables_of_each_revision_match_the_migrations(tmp_path):
    """The check that tells our databases from others' knows each revision's tables."""
    from sqlalchemy import create_engine, inspect

    from annotator.storage.migrate import upgrade
    from annotator.storage.revisions import KNOWN, TABLES
    from annotator.storage.search_index import is_index_table  # FTS5's tables (0009): SQLite's own

    assert sorted(TABLES) == sorted(KNOWN)
    for revision in KNOWN:
        engine = create_engine(f"sqlite:///{tmp_path / revision}.db")
        upgrade(engine, revision)
        with engine.connect() as connection:
            found = {t for t in inspect(connection).get_table_names() if not is_index_table(t)}
            assert found - {"alembic_version"} == TABLES[revision]
        engine.dispose()


def _rows(path):
    db = sqlite3.connect(path)
    try:
        return [
            db.execute(f"select * from {t} order by 1, 2").fetchall()
            for t in ("documents", "tags", "annotations", "annotation_tags")
        ]
    finally:
        db.close()


def test_a_tag_deleted_behind_the_apps_back_is_a_sentence(tmp_path):
    """Another program ran DELETE FROM tags directly (foreign keys off, as sqlite3 has them):
    annotations that still link to it get a sentence, and tagging there changes nothing."""
    path = sample_library(tmp_path / "lib.sqlite3")
    assert (
        cli(
            "--db", str(path), "tag", "1", "--quote", "Azerbaijan", "--nth", "1", "--tag", "claim", "--tag", "framing"
        ).returncode
        == 0
    )
    db = sqlite3.connect(path)
    db.execute("delete from tags where name = 'claim'")
    db.commit()
    db.close()
    before = _rows(path)
    assert "not in the codebook" in one_sentence(cli("--db", str(path), "annotations", "1"))
    for nth in ("1", "2"):
        err = one_sentence(cli("--db", str(path), "tag", "1", "--quote", "Azerbaijan", "--nth", nth, "--tag", "quote"))
        assert "not in the codebook" in err
    assert _rows(path) == before


def _cli_bytes(*args):
    return subprocess.run([sys.executable.encode(), b"-m", b"annotator", *args], capture_output=True, timeout=120)


@pytest.mark.parametrize(
    "extra",
    [
        (b"--note", b"\xed\xa0\x80 a lone surrogate"),
        (b"--tag", b"quote", b"--field", b"speaker=\xff"),
    ],
)
def test_lone_surrogates_from_the_command_line_are_a_sentence(tmp_path, extra):
    path = sample_library(tmp_path / "lib.sqlite3")
    before = _rows(path)
    done = _cli_bytes(
        b"--db", str(path).encode(), b"tag", b"1", b"--quote", b"Azerbaijan", b"--nth", b"1", b"--tag", b"framing", *extra
    )
    err = done.stderr.decode("utf-8", "backslashreplace")
    assert done.returncode != 0 and "Traceback" not in err and err.count("\n") == 1, err
    assert "cannot be stored" in err
    assert _rows(path) == before


def test_lone_surrogate_in_a_tag_name_through_the_service(tmp_path):
    from annotator.domain.models import TagSpec
    from annotator.services import LibraryError, UserError, open_services

    path = sample_library(tmp_path / "lib.sqlite3")
    before = _rows(path)
    services = open_services(str(path), backup=False)
    try:
        with pytest.raises((LibraryError, UserError), match="cannot be stored"):
            services.codebook.add(TagSpec(name="bad \udcff name", color="#123456"))
        annotation = services.annotations.tag_quote(1, "Azerbaijan", ["quote"], nth=1).annotation
        with pytest.raises((LibraryError, UserError), match="cannot be stored"):
            services.annotations.set_note(annotation.id, "note \ud800")
        with pytest.raises((LibraryError, UserError), match="cannot be stored"):
            services.annotations.set_fields(annotation.id, {"speaker": "\udcff"})
        assert services.annotations.get(annotation.id) == annotation
    finally:
        services.close()
    assert _rows(path)[1] == before[1]


def test_superscript_digits_are_not_a_number(tmp_path):
    path = sample_library(tmp_path / "lib.sqlite3")
    before = _rows(path)
    err = one_sentence(
        cli(
            "--db",
            str(path),
            "tag",
            "1",
            "--quote",
            "Azerbaijan",
            "--nth",
            "1",
            "--tag",
            "casualty figure",
            "--field",
            "count_min=²",
        )
    )
    assert "whole number" in err
    assert _rows(path) == before


def test_a_wal_database_of_another_program_gets_no_files_beside_it(tmp_path):
    path = tmp_path / "other.sqlite3"
    before = _foreign(path, ["PRAGMA journal_mode = WAL", "create table invoices (id integer primary key)"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]
    assert "not an Annotator library" in one_sentence(cli("--db", str(path), "docs"))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]


def test_the_apps_first_look_leaves_no_files_beside_another_programs_wal_database(tmp_path):
    from annotator.storage.peek import peek

    path = tmp_path / "other.sqlite3"
    before = _foreign(path, ["PRAGMA journal_mode = WAL", "create table invoices (id integer primary key)"])
    assert peek(str(path), None) is None
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]


def test_the_apps_first_look_still_reads_our_library(tmp_path):
    from annotator.storage.peek import peek

    path = sample_library(tmp_path / "lib.sqlite3")
    found = peek(str(path), None)
    assert found is not None and found.text


@pytest.mark.parametrize("command", [("docs",), ("restore", "{fifo}", "--yes")])
def test_a_named_pipe_as_library_or_backup_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    library = fifo if command == ("docs",) else tmp_path / "library.sqlite3"
    args = [a.format(fifo=fifo) for a in command]
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(library), *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )
    assert "regular file" in one_sentence(done)
