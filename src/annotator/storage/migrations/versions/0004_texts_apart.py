"""Each document's text in a table of its own, and document ids never reused; an index of the
annotations that have field values.

- `document_texts` holds the texts: listing documents reads only the small `documents` rows.
  With the text inside `documents`, SQLite stored the columns after it (length, imported_at,
  status) past the text's overflow pages, so every listing read every text (97 s from a cold
  OS cache at 10,000 documents).
- `documents` is rebuilt with AUTOINCREMENT (as `tags` and `annotations` were in 0003): a deleted
  document comes back under its own id on undo, and reading places are kept by document id,
  so a freed id must never go to another import.
- `documents.annotation_count`, kept by triggers on `annotations` (every write path, undo and
  cascades included): the listing reads each document's count instead of counting a million
  annotations (60-90 ms at 1M) every time the library is shown.
- `ix_annotations_with_fields`, a partial index: the export asks "does any annotation have
  field values" by looking it up instead of scanning every annotation.

The tables are written out here as they were at 0003 (never today's models). Needs foreign keys
OFF on SQLite (migrate.upgrade does that): dropping `documents` with them on would cascade-delete
every annotation.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DOCUMENTS = """
CREATE TABLE _new_documents (
    id INTEGER NOT NULL CONSTRAINT pk_documents PRIMARY KEY AUTOINCREMENT,
    title VARCHAR(500) NOT NULL,
    source VARCHAR(300) NOT NULL,
    published VARCHAR(10) NOT NULL,
    dateline VARCHAR(300) NOT NULL,
    url VARCHAR(2000) NOT NULL,
    language VARCHAR(35) NOT NULL,
    filename VARCHAR(1000) NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    length INTEGER NOT NULL,
    imported_at VARCHAR(32) NOT NULL,
    status VARCHAR(16) NOT NULL,
    annotation_count INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT uq_documents_sha256 UNIQUE (sha256)
)"""
DOCUMENT_COLUMNS = "id, title, source, published, dateline, url, language, filename, sha256, length, imported_at, status"

TEXTS = """
CREATE TABLE document_texts (
    document_id INTEGER NOT NULL CONSTRAINT pk_document_texts PRIMARY KEY,
    text TEXT NOT NULL,
    CONSTRAINT fk_document_texts_document_id_documents FOREIGN KEY(document_id)
        REFERENCES documents (id) ON DELETE CASCADE
)"""

# The count of annotations per document, kept where every write passes (raw SQL and cascades too).
SQLITE_COUNTING = (
    """CREATE TRIGGER tr_annotations_count_insert AFTER INSERT ON annotations BEGIN
        UPDATE documents SET annotation_count = annotation_count + 1 WHERE id = NEW.document_id; END""",
    """CREATE TRIGGER tr_annotations_count_delete AFTER DELETE ON annotations BEGIN
        UPDATE documents SET annotation_count = annotation_count - 1 WHERE id = OLD.document_id; END""",
    """CREATE TRIGGER tr_annotations_count_move AFTER UPDATE OF document_id ON annotations BEGIN
        UPDATE documents SET annotation_count = annotation_count - 1 WHERE id = OLD.document_id;
        UPDATE documents SET annotation_count = annotation_count + 1 WHERE id = NEW.document_id; END""",
)
POSTGRESQL_COUNTING = (
    """CREATE FUNCTION annotations_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            UPDATE documents SET annotation_count = annotation_count - 1 WHERE id = OLD.document_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE documents SET annotation_count = annotation_count + 1 WHERE id = NEW.document_id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER tr_annotations_count AFTER INSERT OR DELETE OR UPDATE OF document_id ON annotations
        FOR EACH ROW EXECUTE FUNCTION annotations_count()""",
)

# Portable (PostgreSQL has partial indexes too); the export's "WHERE fields != ''" implies it.
WITH_FIELDS = "CREATE INDEX ix_annotations_with_fields ON annotations (document_id) WHERE fields != ''"


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        _upgrade_elsewhere()
        return
    if connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0004 must run with foreign keys off (dropping a table would cascade)")
    analysed = _analysed(connection)
    op.execute(DOCUMENTS)
    op.execute(
        f"INSERT INTO _new_documents ({DOCUMENT_COLUMNS}, annotation_count) SELECT {DOCUMENT_COLUMNS}, "
        "(SELECT count(*) FROM annotations a WHERE a.document_id = documents.id) FROM documents ORDER BY id"
    )
    op.execute(TEXTS)
    op.execute("INSERT INTO document_texts (document_id, text) SELECT id, text FROM documents ORDER BY id")
    op.execute("DROP TABLE documents")
    op.execute("ALTER TABLE _new_documents RENAME TO documents")
    op.execute(WITH_FIELDS)
    for trigger in SQLITE_COUNTING:
        op.execute(trigger)
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"0004: {len(broken)} rows break a foreign key after the rebuild")
    if analysed:  # dropping a table drops its planner statistics: measured again, bounded (see 0003)
        op.execute("PRAGMA analysis_limit = 1000")
        for table in ("documents", "document_texts", "annotations"):
            op.execute(f"ANALYZE {table}")


def _upgrade_elsewhere() -> None:
    """A server database: the same tables by portable operations (its serial ids are never reused)."""
    op.create_table(
        "document_texts",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_document_texts_document_id_documents", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("document_id", name="pk_document_texts"),
    )
    op.execute("INSERT INTO document_texts (document_id, text) SELECT id, text FROM documents")
    op.drop_column("documents", "text")
    op.add_column("documents", sa.Column("annotation_count", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE documents SET annotation_count = (SELECT count(*) FROM annotations a WHERE a.document_id = documents.id)"
    )
    op.execute(WITH_FIELDS)
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRESQL_COUNTING:
            op.execute(statement)


def _analysed(connection: Connection) -> bool:
    found = connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    return found is not None


def downgrade() -> None:
    raise NotImplementedError("0004 is not undone: restore the backup made before the upgrade")
