"""The schema the migrations build is the same on SQLite and on PostgreSQL: what Alembic's
autogenerate compare finds against the models (nothing, on each), and what inspection shows of
tables, columns, keys, indexes and foreign keys (the same, on both). Apart: the search index
(each backend's own, 0009), the links' server-only copies for row security (0014) and the
indexes over them for the agreement's read (0017)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from annotator.storage.engine import open_library
from annotator.storage.schema import SERVER_ONLY_COLUMNS, SERVER_ONLY_INDEXES, Base
from annotator.storage.search_index import is_index_table


def _shape(connection):
    """Everything inspection tells of the schema, in backend-neutral terms."""
    seen = inspect(connection)
    shape = {}
    for table in sorted(t for t in seen.get_table_names() if t != "alembic_version" and not is_index_table(t)):
        shape[table] = {
            "columns": [
                (c["name"], c["type"].python_type.__name__, c["nullable"])
                for c in seen.get_columns(table)
                if (table, c["name"]) not in SERVER_ONLY_COLUMNS
            ],
            "primary key": seen.get_pk_constraint(table)["constrained_columns"],
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in seen.get_unique_constraints(table)),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in seen.get_indexes(table)  # PostgreSQL lists a unique constraint's index too
                if not i["name"].startswith("sqlite_autoindex")
                and not i.get("duplicates_constraint")
                and i["name"] not in SERVER_ONLY_INDEXES
            ),
            "foreign keys": sorted(
                (
                    f["name"],
                    tuple(f["constrained_columns"]),
                    f["referred_table"],
                    tuple(f["referred_columns"]),
                    (f.get("options") or {}).get("ondelete", "").upper(),
                )
                for f in seen.get_foreign_keys(table)
            ),
        }
    return shape


def _compared(name, kind, parent):
    if kind == "column":
        return (parent["table_name"], name) not in SERVER_ONLY_COLUMNS
    if kind == "index":
        return name not in SERVER_ONLY_INDEXES
    return not (kind == "table" and is_index_table(name))


def _migrated(location):
    library = open_library(location, migrate=True)  # the admin step (a server is never migrated by opening)
    try:
        with library.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                # The search index is each backend's own (revision 0009): FTS5 or a tsvector table.
                opts={"compare_type": True, "include_name": _compared},
            )
            differences = compare_metadata(context, Base.metadata)
            return differences, _shape(connection)
    finally:
        library.close()


def test_the_schema_is_the_same_on_both_backends(tmp_path, postgres_server):
    sqlite_differences, sqlite_shape = _migrated(str(tmp_path / "library.sqlite3"))
    url = postgres_server.empty_database()  # migrated from nothing here, not copied from the template
    try:
        postgres_differences, postgres_shape = _migrated(url)
    finally:
        postgres_server.drop(url)
    assert sqlite_differences == [] and postgres_differences == []
    assert set(sqlite_shape) == {t.name for t in Base.metadata.sorted_tables}
    for table in sqlite_shape:
        assert postgres_shape[table] == sqlite_shape[table], table
