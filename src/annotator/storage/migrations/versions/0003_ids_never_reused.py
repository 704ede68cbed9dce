"""Annotation and tag ids are never reused: undo and redo put rows back under their own id, so a
freed id must never go to another row (SQLite's AUTOINCREMENT; a PostgreSQL serial already never
hands an id out twice).

On SQLite this rebuilds `tags` and `annotations` (AUTOINCREMENT cannot be added to a table), keeping
every row, id, constraint name and index; the tables are written out here as they were at 0002, so
this revision never depends on today's models. sqlite_sequence starts at each table's largest id:
ids freed before this upgrade (a deleted newest annotation) cannot be known and may be handed out once.
Needs foreign keys OFF (migrate.upgrade does that): dropping a parent table with them ON would
cascade-delete every tag link.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
from sqlalchemy import Connection

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The tables exactly as 0001 + 0002 made them, with AUTOINCREMENT on the id.
TAGS = """
CREATE TABLE _new_tags (
    id INTEGER NOT NULL CONSTRAINT pk_tags PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(200) NOT NULL,
    color VARCHAR(7) NOT NULL,
    shortcut VARCHAR(8) NOT NULL,
    description TEXT NOT NULL,
    position INTEGER NOT NULL,
    fields TEXT DEFAULT '' NOT NULL,
    detector VARCHAR(32) DEFAULT '' NOT NULL,
    CONSTRAINT uq_tags_name UNIQUE (name)
)"""
TAG_COLUMNS = "id, name, color, shortcut, description, position, fields, detector"

ANNOTATIONS = """
CREATE TABLE _new_annotations (
    id INTEGER NOT NULL CONSTRAINT pk_annotations PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix VARCHAR(64) NOT NULL,
    suffix VARCHAR(64) NOT NULL,
    note TEXT NOT NULL,
    annotator VARCHAR(200) NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    fields TEXT DEFAULT '' NOT NULL,
    CONSTRAINT fk_annotations_document_id_documents FOREIGN KEY(document_id)
        REFERENCES documents (id) ON DELETE CASCADE
)"""
ANNOTATION_COLUMNS = (
    "id, document_id, start_offset, end_offset, quote, prefix, suffix, note, annotator, created_at, updated_at, fields"
)
ANNOTATION_INDEXES = ("CREATE INDEX ix_annotations_document_span ON annotations (document_id, start_offset, end_offset)",)


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return  # elsewhere an integer primary key is an identity/serial: ids are never reused
    if connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0003 must run with foreign keys off (dropping a table would cascade)")
    analysed = _analysed(connection)
    _rebuild("tags", TAGS, TAG_COLUMNS, ())
    _rebuild("annotations", ANNOTATIONS, ANNOTATION_COLUMNS, ANNOTATION_INDEXES)
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"0003: {len(broken)} rows break a foreign key after the rebuild")
    # Dropping a table drops its planner statistics; without them the export's join is planned
    # with a sort of every row. Measured again, bounded as Library.close does it (a new library
    # has none yet: Library.close makes them).
    if analysed:
        op.execute("PRAGMA analysis_limit = 1000")
        for table in ("tags", "annotations"):
            op.execute(f"ANALYZE {table}")


def _analysed(connection: Connection) -> bool:
    found = connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    return found is not None


def _rebuild(table: str, create: str, columns: str, indexes: tuple[str, ...]) -> None:
    # SQLite's documented way to change a table: make the new one, copy, drop, rename, re-index.
    # Inserting the old ids sets sqlite_sequence to the largest of them.
    op.execute(create)
    op.execute(f"INSERT INTO _new_{table} ({columns}) SELECT {columns} FROM {table} ORDER BY id")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE _new_{table} RENAME TO {table}")
    for statement in indexes:
        op.execute(statement)


def downgrade() -> None:
    pass  # AUTOINCREMENT only narrows which ids are handed out; 0002 code reads these tables as they are
