"""A durable change log: every change to what a window shows, written by triggers in the same
transaction as the change, so another open window reads "changes after id N" instead of comparing
the whole library (issue 12, "Live").

- `change_log`: id (never reused: AUTOINCREMENT / identity), the table, the kind (i, u, d), the
  document and the row it concerns, and `origin` — the session id of the window that wrote it
  ('' for every other writer), so a window skips its own writes.
- `change_log_state` (one row): `epoch`, a random id of this log's history (a restore of a backup
  gives the file another history: the restore draws a new epoch and windows read everything
  again), and `pruned_through`, the highest id pruning removed.
- Bounded: every 1,000th row deletes the rows more than KEEP ids older (in the same transaction);
  a window whose last seen id is below `pruned_through` reads the open document and the lists
  again instead.
- PostgreSQL: the trigger function also sends `pg_notify('annotator_changes', first id)` once
  per transaction (a hint; the log is the truth), and takes a transaction-scoped advisory lock
  before it draws an id, so ids are handed out in commit order: a reader that saw id N can never
  later find a smaller id committed (with concurrent writers a sequence alone allows that).

Written against 0005's tables (a coder's status per document is logged too). SQLite triggers and the
PostgreSQL function are written out here, never generated from today's code.

Revision ID: 0006
Revises: 0005
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

KEEP = 100_000  # rows kept behind the newest; a window further behind reads everything again
PRUNE_EVERY = 1_000
CHANNEL = "annotator_changes"

# (table, SQL giving the document id, SQL giving the row id) with X standing for NEW or OLD.
LOGGED = (
    ("annotations", "X.document_id", "X.id"),
    ("annotation_tags", "(SELECT a.document_id FROM annotations a WHERE a.id = X.annotation_id)", "X.annotation_id"),
    ("documents", "X.id", "X.id"),
    ("tags", "NULL", "X.id"),
    ("rejected_suggestions", "X.document_id", "X.tag_id"),
    ("lexicon_terms", "NULL", "X.id"),
    ("document_status", "X.document_id", "X.document_id"),  # a coder's status (revision 0005)
)
# The annotation count kept by 0004's triggers is not news of its own (the annotation's row is).
ONLY_COUNT = {"documents": "OLD.annotation_count = NEW.annotation_count"}


def _sqlite_triggers() -> list[str]:
    made = []
    for table, document, row in LOGGED:
        for kind, event, side in (("i", "INSERT", "NEW"), ("u", "UPDATE", "NEW"), ("d", "DELETE", "OLD")):
            when = f" WHEN {ONLY_COUNT[table]}" if kind == "u" and table in ONLY_COUNT else ""
            made.append(
                f"CREATE TRIGGER tr_{table}_log_{kind} AFTER {event} ON {table} FOR EACH ROW{when} BEGIN "
                f"INSERT INTO change_log (tbl, kind, document_id, row_id) VALUES ('{table}', '{kind}', "
                f"{document.replace('X.', side + '.')}, {row.replace('X.', side + '.')}); END"
            )
    made.append(
        f"CREATE TRIGGER tr_change_log_prune AFTER INSERT ON change_log FOR EACH ROW "
        f"WHEN NEW.id % {PRUNE_EVERY} = 0 BEGIN "
        f"DELETE FROM change_log WHERE id <= NEW.id - {KEEP}; "
        f"UPDATE change_log_state SET pruned_through = max(pruned_through, NEW.id - {KEEP}); END"
    )
    return made


def _postgresql_cases(side: str) -> str:
    lines = []
    for table, document, row in LOGGED:
        lines.append(
            f"WHEN '{table}' THEN doc := {document.replace('X.', side + '.')}; rid := {row.replace('X.', side + '.')};"
        )
    return "\n            ".join(lines)


POSTGRESQL_FUNCTION = f"""CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        doc integer;
        rid integer;
        new_id bigint;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            CASE TG_TABLE_NAME
            {_postgresql_cases("OLD")}
            END CASE;
        ELSE
            CASE TG_TABLE_NAME
            {_postgresql_cases("NEW")}
            END CASE;
        END IF;
        -- Ids in commit order: held until this transaction ends (see the revision's docstring).
        PERFORM pg_advisory_xact_lock(727372);
        INSERT INTO change_log (tbl, kind, document_id, row_id, origin)
            VALUES (TG_TABLE_NAME, lower(left(TG_OP, 1)), doc, rid,
                    coalesce(current_setting('annotator.origin', true), ''))
            RETURNING id INTO new_id;
        IF coalesce(current_setting('annotator.notified', true), '') = '' THEN
            PERFORM set_config('annotator.notified', 'yes', true);  -- one hint per transaction
            PERFORM pg_notify('{CHANNEL}', new_id::text);
        END IF;
        IF new_id % {PRUNE_EVERY} = 0 THEN
            DELETE FROM change_log WHERE id <= new_id - {KEEP};
            UPDATE change_log_state SET pruned_through = greatest(pruned_through, new_id - {KEEP});
        END IF;
        RETURN NULL;
    END $$"""


def _postgresql_triggers() -> list[str]:
    made = [POSTGRESQL_FUNCTION]
    for table, _document, _row in LOGGED:
        made.append(
            f"CREATE TRIGGER tr_{table}_log AFTER INSERT OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION log_change()"
        )
        when = f" WHEN ({ONLY_COUNT[table]})" if table in ONLY_COUNT else ""
        made.append(
            f"CREATE TRIGGER tr_{table}_log_u AFTER UPDATE ON {table} FOR EACH ROW{when} EXECUTE FUNCTION log_change()"
        )
    return made


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "change_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("tbl", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(1), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(64), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_change_log"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "change_log_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(36), nullable=False),
        sa.Column("pruned_through", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_change_log_state"),
    )
    op.execute(
        sa.text("INSERT INTO change_log_state (id, epoch, pruned_through) VALUES (1, :epoch, 0)").bindparams(
            epoch=str(uuid.uuid4())
        )
    )
    if dialect == "sqlite":
        for statement in _sqlite_triggers():
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in _postgresql_triggers():
            op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("0006 is not undone: restore the backup made before the upgrade")
