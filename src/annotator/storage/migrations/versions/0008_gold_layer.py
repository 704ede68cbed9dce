"""The gold layer's provenance and the curator's hold on a document (issue 13, adjudication).

- `gold_decisions`: one row per adjudication decision — the document and tag, the decision
  (`accepted` one coder's passage, `edited` a span, `added` a passage nobody marked, `rejected`
  them all), the coders' annotations it came from (`sources`, a JSON list of their UUIDs), the
  gold annotation it made (`gold_uuid`; NULL for `rejected`), the curator and the time. The gold
  annotation itself is an ordinary annotation with layer='gold' and the curator as its coder.
  Logged like every table a window shows (the change log's triggers of 0006/0007 cover it).
- `curators`: who adjudicates a document now, until when (one curator per document at a time;
  a row with an expiry, not an advisory lock: it names the holder, works on SQLite too, and
  outlives a dropped connection only until it expires).
- PostgreSQL: row security on both — the lead reads and writes (their own rows: curator_id /
  coder_id = annotator_me()); a coder reads decisions once the document is no longer blind, and
  the curators' rows (to be told who holds a document). The log function learns the new table.

Written out here, never generated from today's code.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

CODERS, LEAD = "annotator_coders", "annotator_lead"
CHANNEL = "annotator_changes"
KEEP, PRUNE_EVERY = 100_000, 1_000  # as 0006
DECISIONS = ("accepted", "edited", "added", "rejected")

# 0007's log function with one more table.
LOG_FUNCTION = f"""CREATE OR REPLACE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql
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

OPEN = "EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id AND d.phase <> 'blind')"
POLICIES = (
    f"CREATE POLICY lead_read ON gold_decisions FOR SELECT TO {LEAD} USING (true)",
    f"CREATE POLICY coder_read ON gold_decisions FOR SELECT TO {CODERS} USING ({OPEN})",
    f"CREATE POLICY lead_write ON gold_decisions FOR ALL TO {LEAD} "
    "USING (curator_id = annotator_me()) WITH CHECK (curator_id = annotator_me())",
    f"CREATE POLICY anyone_reads ON curators FOR SELECT TO {CODERS}, {LEAD} USING (true)",
    # A lead takes a document over once the holder's time ran out: any row, but only as themselves.
    f"CREATE POLICY lead_holds ON curators FOR ALL TO {LEAD} USING (true) WITH CHECK (coder_id = annotator_me())",
)
GRANTS = (
    f"GRANT SELECT ON gold_decisions, curators TO {CODERS}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON gold_decisions, curators TO {LEAD}",
    f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {LEAD}",
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "gold_decisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(12), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False, server_default=""),
        sa.Column("gold_uuid", sa.String(36), nullable=True),
        sa.Column("curator_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_gold_decisions"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_gold_decisions_document_id_documents", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name="fk_gold_decisions_tag_id_tags", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["curator_id"], ["coders.id"], name="fk_gold_decisions_curator_id_coders"),
        sa.CheckConstraint("decision IN ('accepted', 'edited', 'added', 'rejected')", name="ck_gold_decisions_decision"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_gold_decisions_document_id", "gold_decisions", ["document_id"])
    op.create_table(
        "curators",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_curators"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_curators_document_id_documents", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["coder_id"], ["coders.id"], name="fk_curators_coder_id_coders"),
    )
    if dialect == "sqlite":
        for kind, event, side in (("i", "INSERT", "NEW"), ("u", "UPDATE", "NEW"), ("d", "DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER tr_gold_decisions_log_{kind} AFTER {event} ON gold_decisions FOR EACH ROW BEGIN "
                f"INSERT INTO change_log (tbl, kind, document_id, row_id) VALUES ('gold_decisions', '{kind}', "
                f"{side}.document_id, {side}.id); END"
            )
    elif dialect == "postgresql":
        op.execute(LOG_FUNCTION)
        op.execute(
            "CREATE TRIGGER tr_gold_decisions_log AFTER INSERT OR DELETE ON gold_decisions "
            "FOR EACH ROW EXECUTE FUNCTION log_change()"
        )
        op.execute(
            "CREATE TRIGGER tr_gold_decisions_log_u AFTER UPDATE ON gold_decisions "
            "FOR EACH ROW EXECUTE FUNCTION log_change()"
        )
        for table in ("gold_decisions", "curators"):
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        for statement in POLICIES + GRANTS:
            op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("0008 is not undone: restore the backup made before the upgrade")
