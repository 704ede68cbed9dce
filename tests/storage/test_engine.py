"""Opening libraries: pragmas, migrations that match the models, refusals that leave files alone."""

import hashlib
import sqlite3

import pytest
from sqlalchemy import text

from annotator.storage.engine import LibraryError, open_library
from annotator.storage.revisions import HEAD, KNOWN

# SQLite-only: SQLite pragmas and refusals of files (the schema on both: test_schema_on_both.py).
pytestmark = pytest.mark.sqlite_only(
    "SQLite pragmas and refusals of files (the schema on both: test_schema_on_both.py; a newer schema on both:"
    " test_newer_schema.py)"
)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pragmas_on_every_connection(library_path):
    library = open_library(str(library_path))
    with library.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    library.close()


def test_migrations_match_the_models(library_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from annotator.storage.schema import Base

    library = open_library(str(library_path))
    with library.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _not_the_index})
        diff = compare_metadata(context, Base.metadata)
    library.close()
    assert diff == []


def test_known_revisions_match_alembic():
    from alembic.script import ScriptDirectory

    from annotator.storage.migrate import config

    script = ScriptDirectory.from_config(config())
    assert script.get_current_head() == HEAD
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(KNOWN)


def test_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is a text file, not a database\n" * 10)
    before = digest(path)
    with pytest.raises(LibraryError, match="not an Annotator library"):
        open_library(str(path))
    assert digest(path) == before


def test_other_application_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("create table invoices (id integer)")
    db.commit()
    db.close()
    with pytest.raises(LibraryError, match="not an Annotator library"):
        open_library(str(path))


def test_truncated_database(library_path):
    open_library(str(library_path)).close()
    data = library_path.read_bytes()
    library_path.write_bytes(data[:1500])
    with pytest.raises(LibraryError):
        open_library(str(library_path))


def test_folder_is_refused(tmp_path):
    with pytest.raises(LibraryError, match="folder"):
        open_library(str(tmp_path))


def test_foreign_keys_cascade(library_path):
    library = open_library(str(library_path))
    library.close()
    db = sqlite3.connect(library_path)
    db.execute("PRAGMA foreign_keys=ON")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("insert into annotation_tags values (12345, 1)")
    db.close()


def _not_the_index(name, type_, parent_names):
    """The search index is each backend's own (revision 0009), not a model."""
    from annotator.storage.search_index import is_index_table

    return not (type_ == "table" and is_index_table(name))
