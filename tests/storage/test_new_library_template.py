"""A new SQLite library is copied from a template the migrations made (decision 043): the copy is
the migrated library, with its own epoch; a template that is damaged, of another revision, or
not there is not used, and the library is made by the migrations instead."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.storage import new_library
from annotator.storage.engine import open_library
from annotator.storage.revisions import HEAD

pytestmark = pytest.mark.sqlite_only("the template is an SQLite file")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (platformdirs reads XDG_CACHE_HOME)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def _make(path: Path) -> Path:
    open_library(str(path)).close()
    return path


def _dump(path: Path) -> tuple[list[tuple[object, ...]], dict[str, list[tuple[object, ...]]]]:
    """The schema (every table, index, trigger, view) and every table's rows."""
    connection = sqlite3.connect(path)
    try:
        schema = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        tables = [name for kind, name, _, sql in schema if kind == "table" and not (sql or "").startswith("CREATE VIRTUAL")]
        rows = {name: connection.execute(f'SELECT * FROM "{name}"').fetchall() for name in tables}
        # The planner's statistics, as a set: ANALYZE writes them in the order the connection holds
        # the schema, which a migration's table rebuild (0015) changes from a fresh file's.
        rows["sqlite_stat1"] = sorted(rows.get("sqlite_stat1", []), key=repr)
        pragmas = {p: connection.execute(f"PRAGMA {p}").fetchall() for p in ("user_version", "application_id", "page_size")}
        rows["pragmas"] = [tuple(pragmas.items())]
        return schema, rows
    finally:
        connection.close()


def _epoch(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT epoch FROM change_log_state").fetchone()[0]
    finally:
        connection.close()


def test_a_library_copied_from_the_template_is_the_migrated_library(cache: Path, tmp_path: Path) -> None:
    migrated = _make(tmp_path / "first.annotator")  # no template yet: the migrations, which keep one
    template = new_library.template_path()
    assert template is not None and template.is_file() and template.is_relative_to(cache)
    # Mark the template (a header value no migration sets) to see that the next library is its copy.
    marked = sqlite3.connect(template)
    marked.execute("PRAGMA user_version = 4242")
    marked.close()
    copied = _make(tmp_path / "second.annotator")
    connection = sqlite3.connect(copied)
    assert connection.execute("PRAGMA user_version").fetchone() == (4242,)
    connection.execute("PRAGMA user_version = 0")  # without the mark it is the migrated library, but for the epoch
    connection.close()
    migrated_schema, migrated_rows = _dump(migrated)
    schema, rows = _dump(copied)
    assert schema == migrated_schema
    epochs = rows.pop("change_log_state"), migrated_rows.pop("change_log_state")
    assert rows == migrated_rows
    assert epochs[0][0][1] != epochs[1][0][1]
    library = open_library(str(copied))  # a library like any other
    assert library.migrated_from == ""
    library.close()


def test_each_copy_has_its_own_epoch(cache: Path, tmp_path: Path) -> None:
    paths = [_make(tmp_path / f"{n}.annotator") for n in range(3)]
    assert len({_epoch(p) for p in paths}) == 3


@pytest.mark.parametrize("damage", ["garbage", "another revision", "empty"])
def test_a_template_that_is_not_a_library_at_head_is_not_used(cache: Path, tmp_path: Path, damage: str) -> None:
    _make(tmp_path / "first.annotator")
    template = new_library.template_path()
    assert template is not None
    if damage == "garbage":
        template.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
    elif damage == "empty":
        template.write_bytes(b"")
    else:
        connection = sqlite3.connect(template)
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
        connection.commit()
        connection.close()
    made = _make(tmp_path / "second.annotator")
    connection = sqlite3.connect(made)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT count(*) FROM tags").fetchone()[0] > 0  # the codebook is there
    finally:
        connection.close()


def test_an_unwritable_cache_folder_only_means_no_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    made = _make(tmp_path / "lib.annotator")
    assert _epoch(made)
    assert not list(tmp_path.glob("**/new-library-*"))
