"""Document variables and memos (issue 14): variables defined per library, their values per
document, and one memo per document.

- `variables`: id (never reused), name (unique), kind (text, number, date, choice), choices
  ("a|b|c" for a choice), position (the order people see).
- `document_values`: (document, variable) -> value, as text; no row: no value. Both foreign keys
  cascade: deleting a document or a variable takes its values with it.
- `document_memos`: one free-text memo per document with the time it was last written.

All three are logged in the change log (0006) so another window hears of them. On PostgreSQL only
the lead writes them (as documents, 0007): coders read them. The PostgreSQL log function is
replaced by 0009's (= 0008's: every table logged so far, gold_decisions included) with the three
new tables; the downgrade puts 0009's back.

Written out here, never generated from today's code.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CODERS, LEAD = "annotator_coders", "annotator_lead"
CHANNEL = "annotator_changes"
KEEP, PRUNE_EVERY = 100_000, 1_000  # as 0006

# (table, SQL giving the document id, SQL giving the row id) with X standing for NEW or OLD.
LOGGED = (
    ("variables", "NULL", "X.id"),
    ("document_values", "X.document_id", "X.variable_id"),
    ("document_memos", "X.document_id", "X.document_id"),
)

# 0009's log function as 0008 wrote it (what the downgrade restores): 0007's with gold_decisions.
PREVIOUS_FUNCTION = f"""CREATE OR REPLACE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        doc integer;
        rid integer;
        who integer;
        r record;
        new_id bigint;
    BEGIN
        IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
        CASE TG_TABLE_NAME
        WHEN 'annotations' THEN doc := r.document_id; rid := r.id; who := r.coder_id;
        WHEN 'annotation_tags' THEN rid := r.annotation_id;
            SELECT a.document_id, a.coder_id INTO doc, who FROM annotations a WHERE a.id = r.annotation_id;
        WHEN 'documents' THEN doc := r.id; rid := r.id;
        WHEN 'tags' THEN doc := NULL; rid := r.id;
        WHEN 'rejected_suggestions' THEN doc := r.document_id; rid := r.tag_id;
        WHEN 'lexicon_terms' THEN doc := NULL; rid := r.id;
        WHEN 'document_status' THEN doc := r.document_id; rid := r.document_id; who := r.coder_id;
        WHEN 'gold_decisions' THEN doc := r.document_id; rid := r.id; who := r.curator_id;
        END CASE;
        -- Ids in commit order: held until this transaction ends (see 0006).
        PERFORM pg_advisory_xact_lock(727372);
        INSERT INTO change_log (tbl, kind, document_id, row_id, origin, coder_id)
            VALUES (TG_TABLE_NAME, lower(left(TG_OP, 1)), doc, rid,
                    coalesce(current_setting('annotator.origin', true), ''), who)
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

# 0009's with the three new tables (every earlier case kept: a table left out would fail its writes).
LOG_FUNCTION = PREVIOUS_FUNCTION.replace(
    "        END CASE;\n",
    "        WHEN 'variables' THEN doc := NULL; rid := r.id;\n"
    "        WHEN 'document_values' THEN doc := r.document_id; rid := r.variable_id;\n"
    "        WHEN 'document_memos' THEN doc := r.document_id; rid := r.document_id;\n"
    "        END CASE;\n",
)
assert LOG_FUNCTION != PREVIOUS_FUNCTION


def _sqlite_triggers() -> list[str]:
    made = []
    for table, document, row in LOGGED:
        for kind, event, side in (("i", "INSERT", "NEW"), ("u", "UPDATE", "NEW"), ("d", "DELETE", "OLD")):
            made.append(
                f"CREATE TRIGGER tr_{table}_log_{kind} AFTER {event} ON {table} FOR EACH ROW BEGIN "
                f"INSERT INTO change_log (tbl, kind, document_id, row_id) VALUES ('{table}', '{kind}', "
                f"{document.replace('X.', side + '.')}, {row.replace('X.', side + '.')}); END"
            )
    return made


def _postgresql() -> list[str]:
    made = [LOG_FUNCTION]
    for table, _document, _row in LOGGED:
        made.append(
            f"CREATE TRIGGER tr_{table}_log AFTER INSERT OR DELETE OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION log_change()"
        )
    # As the documents' columns (0007): coders read, only the lead writes.
    made.append(f"GRANT SELECT ON variables, document_values, document_memos TO {CODERS}")
    made.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON variables, document_values, document_memos TO {LEAD}")
    made.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {LEAD}")
    return made


def upgrade() -> None:
    op.create_table(
        "variables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False, server_default=""),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_variables"),
        sa.UniqueConstraint("name", name="uq_variables_name"),
        sa.CheckConstraint("kind IN ('text', 'number', 'date', 'choice')", name="ck_variables_kind"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "document_values",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("variable_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "variable_id", name="pk_document_values"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_document_values_document_id_documents", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["variable_id"], ["variables.id"], name="fk_document_values_variable_id_variables", ondelete="CASCADE"
        ),
    )
    # A crosstab by a variable reads (variable, value, document): covered by this index alone.
    op.create_index("ix_document_values_variable", "document_values", ["variable_id", "value", "document_id"])
    op.create_table(
        "document_memos",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_document_memos"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_document_memos_document_id_documents", ondelete="CASCADE"
        ),
    )
    dialect = op.get_bind().dialect.name
    statements = _sqlite_triggers() if dialect == "sqlite" else _postgresql() if dialect == "postgresql" else []
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, _document, _row in LOGGED:
        if dialect == "sqlite":
            for kind in ("i", "u", "d"):
                op.execute(f"DROP TRIGGER tr_{table}_log_{kind}")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER tr_{table}_log ON {table}")
    if dialect == "postgresql":
        op.execute(PREVIOUS_FUNCTION)  # 0009's: without the three tables dropped below
    op.drop_table("document_memos")
    op.drop_index("ix_document_values_variable", table_name="document_values")
    op.drop_table("document_values")
    op.drop_table("variables")
