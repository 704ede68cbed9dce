"""Coders are data: a `coders` table, and every annotation has a UUID, a coder and a layer; each
coder has a status per document.

- `coders`: id (never reused), login (unique, at most 63 bytes: a PostgreSQL role name), the
  display name as people typed it, role (coder or lead), active, created_at.
- `annotations`: `uuid` (made when an annotation is created; the same annotation in every copy
  of a library), `coder_id` (not null) and `layer` ('coder'; 'gold' for the agreement issue's
  adjudicated layer). The free-text `annotator` column goes: each distinct name becomes one coder
  (display name kept exactly, login derived and unique), the empty name the coder
  "(no annotator)" (what the agreement showed for it). Existing annotations get UUIDs.
- `document_status` (document, coder, status) replaces `documents.status`. A document's status
  goes to every coder with annotations in it; a document nobody annotated keeps it for every
  coder of the library (all of them saw that one status before), or, in a library without
  annotations, for the "(no annotator)" coder. "new" is not stored: no row means new.

Frozen: the tables are written out here as they were at 0004 (the login rule too), never today's
models. On SQLite `annotations` is rebuilt (a NOT NULL foreign key and a UNIQUE column cannot be
added); needs foreign keys OFF (migrate.upgrade does that). Elsewhere: portable operations.

Revision ID: 0005
Revises: 0004
"""

import unicodedata

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UNNAMED = "(no annotator)"

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
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    fields TEXT DEFAULT '' NOT NULL,
    uuid VARCHAR(36) NOT NULL,
    coder_id INTEGER NOT NULL,
    layer VARCHAR(8) DEFAULT 'coder' NOT NULL,
    CONSTRAINT uq_annotations_uuid UNIQUE (uuid),
    CONSTRAINT ck_annotations_layer CHECK (layer IN ('coder', 'gold')),
    CONSTRAINT fk_annotations_document_id_documents FOREIGN KEY(document_id)
        REFERENCES documents (id) ON DELETE CASCADE,
    CONSTRAINT fk_annotations_coder_id_coders FOREIGN KEY(coder_id) REFERENCES coders (id)
)"""
KEPT_COLUMNS = "id, document_id, start_offset, end_offset, quote, prefix, suffix, note, created_at, updated_at, fields"
# A version-4 UUID from SQLite's random bytes (SQLite has no uuid function): 8-4-4-4-12 hex digits,
# "4" first in the third group, 8, 9, a or b first in the fourth.
SQLITE_UUID4 = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) "
    "|| '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' "
    "|| hex(randomblob(6)))"
)
INDEXES = (
    "CREATE INDEX ix_annotations_document_span ON annotations (document_id, start_offset, end_offset)",
    "CREATE INDEX ix_annotations_with_fields ON annotations (document_id) WHERE fields != ''",
    "CREATE INDEX ix_annotations_coder_id ON annotations (coder_id)",
)
SQLITE_COUNTING = (  # as 0004 made them: dropping the table dropped them
    """CREATE TRIGGER tr_annotations_count_insert AFTER INSERT ON annotations BEGIN
        UPDATE documents SET annotation_count = annotation_count + 1 WHERE id = NEW.document_id; END""",
    """CREATE TRIGGER tr_annotations_count_delete AFTER DELETE ON annotations BEGIN
        UPDATE documents SET annotation_count = annotation_count - 1 WHERE id = OLD.document_id; END""",
    """CREATE TRIGGER tr_annotations_count_move AFTER UPDATE OF document_id ON annotations BEGIN
        UPDATE documents SET annotation_count = annotation_count - 1 WHERE id = OLD.document_id;
        UPDATE documents SET annotation_count = annotation_count + 1 WHERE id = NEW.document_id; END""",
)


def login_for(name: str, taken: set[str]) -> str:
    """The login rule as this revision shipped it (domain.coders.login_for, frozen here)."""
    text = unicodedata.normalize("NFC", name).casefold()
    kept = "".join(c if c.isalnum() or c in "._-" else "_" if c.isspace() else "" for c in text)
    base = "_".join(part for part in kept.split("_") if part) or "coder"
    login, n = _fit(base, ""), 1
    while login in taken:
        n += 1
        login = _fit(base, f"-{n}")
    return login


def _fit(base: str, suffix: str) -> str:
    room = 63 - len(suffix.encode())
    while len(base.encode()) > room:
        base = base[:-1]
    return base + suffix


def upgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite and connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0005 must run with foreign keys off (dropping a table would cascade)")
    op.create_table(
        "coders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(63), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(8), nullable=False, server_default="coder"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coders")),
        sa.UniqueConstraint("login", name=op.f("uq_coders_login")),
        sa.CheckConstraint("role IN ('coder', 'lead')", name=op.f("ck_coders_role")),
        sqlite_autoincrement=True,
    )
    # Each distinct name becomes one coder, the earliest-seen first (it gets the plain login);
    # a temporary table maps the old names to coder ids for the set-based copy below.
    op.create_table(
        "_coder_names",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("coder_id", sa.Integer(), nullable=False),
    )
    _make_coders(connection)
    if sqlite:
        _rebuild_annotations(connection)
    else:
        _alter_annotations()
    op.drop_table("_coder_names")
    _status_per_coder(connection)


def _make_coders(connection: Connection) -> None:
    found = connection.exec_driver_sql(
        "SELECT annotator, min(created_at), min(id) FROM annotations GROUP BY annotator ORDER BY 3"
    ).fetchall()
    coders = sa.table(
        "coders", sa.column("id"), sa.column("login"), sa.column("display_name"), sa.column("role"), sa.column("created_at")
    )
    names = sa.table("_coder_names", sa.column("name"), sa.column("coder_id"))
    taken: set[str] = set()
    by_display: dict[str, int] = {}
    for name, created_at, _ in found:
        display = name or UNNAMED  # what the agreement showed for an unnamed annotator; "  " stays "  "
        if display not in by_display:
            login = login_for(display, taken)
            taken.add(login)
            by_display[display] = connection.execute(
                sa.insert(coders)
                .values(login=login, display_name=display, role="coder", created_at=created_at)
                .returning(coders.c.id)
            ).scalar_one()
        connection.execute(sa.insert(names).values(name=name, coder_id=by_display[display]))


def _rebuild_annotations(connection: Connection) -> None:
    """SQLite's documented way to change a table (as 0003): make, copy, drop, rename, re-index,
    keeping AUTOINCREMENT's high-water mark (a deleted newest id must never come back)."""
    analysed = connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    high = connection.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'annotations'").scalar() or 0
    op.execute(ANNOTATIONS)
    op.execute(
        f"INSERT INTO _new_annotations ({KEPT_COLUMNS}, uuid, coder_id, layer) "
        f"SELECT {', '.join('a.' + c.strip() for c in KEPT_COLUMNS.split(','))}, {SQLITE_UUID4}, n.coder_id, "
        "'coder' FROM annotations a JOIN _coder_names n ON n.name = a.annotator ORDER BY a.id"
    )
    op.execute("DROP TABLE annotations")
    op.execute("ALTER TABLE _new_annotations RENAME TO annotations")
    top = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM annotations").scalar()
    op.execute("DELETE FROM sqlite_sequence WHERE name = 'annotations'")
    op.execute(f"INSERT INTO sqlite_sequence (name, seq) VALUES ('annotations', {max(int(high), int(top))})")
    for statement in (*INDEXES, *SQLITE_COUNTING):
        op.execute(statement)
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"0005: {len(broken)} rows break a foreign key after the rebuild")
    if analysed:  # dropping a table drops its planner statistics: measured again, bounded (see 0003)
        op.execute("PRAGMA analysis_limit = 1000")
        op.execute("ANALYZE annotations")


def _alter_annotations() -> None:
    """A server database: the same columns by portable operations (gen_random_uuid: PostgreSQL 13+)."""
    op.add_column("annotations", sa.Column("uuid", sa.String(36), nullable=True))
    op.add_column("annotations", sa.Column("coder_id", sa.Integer(), nullable=True))
    op.add_column("annotations", sa.Column("layer", sa.String(8), nullable=False, server_default="coder"))
    op.execute(
        "UPDATE annotations SET uuid = CAST(gen_random_uuid() AS VARCHAR(36)), coder_id = "
        "(SELECT n.coder_id FROM _coder_names n WHERE n.name = annotations.annotator)"
    )
    op.alter_column("annotations", "uuid", nullable=False)
    op.alter_column("annotations", "coder_id", nullable=False)
    op.create_unique_constraint("uq_annotations_uuid", "annotations", ["uuid"])
    op.create_check_constraint(op.f("ck_annotations_layer"), "annotations", "layer IN ('coder', 'gold')")
    op.create_foreign_key("fk_annotations_coder_id_coders", "annotations", "coders", ["coder_id"], ["id"])
    op.create_index("ix_annotations_coder_id", "annotations", ["coder_id"])
    op.drop_column("annotations", "annotator")


def _status_per_coder(connection: Connection) -> None:
    op.create_table(
        "document_status",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "coder_id", name=op.f("pk_document_status")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_status_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["coder_id"], ["coders.id"], name=op.f("fk_document_status_coder_id_coders")),
        sa.CheckConstraint("status IN ('in progress', 'done')", name=op.f("ck_document_status_status")),
    )
    op.create_index("ix_document_status_coder_id", "document_status", ["coder_id", "document_id"])
    op.execute(
        "INSERT INTO document_status (document_id, coder_id, status) "
        "SELECT DISTINCT a.document_id, a.coder_id, d.status FROM annotations a "
        "JOIN documents d ON d.id = a.document_id WHERE d.status <> 'new'"
    )
    unannotated = (
        "FROM documents d WHERE d.status <> 'new' AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.document_id = d.id)"
    )
    if connection.exec_driver_sql(f"SELECT 1 {unannotated}").first() is not None:
        if connection.exec_driver_sql("SELECT 1 FROM coders").first() is None:
            op.execute(
                f"INSERT INTO coders (login, display_name, role, created_at) "
                f"SELECT 'no_annotator', '{UNNAMED}', 'coder', min(imported_at) FROM documents"
            )
        op.execute(
            f"INSERT INTO document_status (document_id, coder_id, status) "
            f"SELECT d.id, c.id, d.status {unannotated.replace('FROM documents d', 'FROM documents d, coders c')}"
        )
    op.execute("ALTER TABLE documents DROP COLUMN status")  # SQLite 3.35+, PostgreSQL


def downgrade() -> None:
    raise NotImplementedError("0005 is not undone: restore the backup made before the upgrade")
