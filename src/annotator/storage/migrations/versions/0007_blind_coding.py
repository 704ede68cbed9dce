"""Blind coding (issue 12): a phase per document, whose change a log row is about, and — on
PostgreSQL — the roles, grants and row-level security that enforce it.

- `documents.phase`: `blind` (the default, and what every existing document gets), `revealed`,
  `adjudicated`. On SQLite the column is kept for a later copy to a server; nothing is enforced
  there (a file has no access control).
- `change_log.coder_id`: the coder whose annotation, tags or status a log row is about (NULL for
  the codebook, documents…), so row security can hide others' log rows from a blind coder. Only
  PostgreSQL's trigger function fills it (SQLite has nobody to hide anything from).
- PostgreSQL: two group roles (cluster-wide, made if missing): `annotator_coders` and
  `annotator_lead`. The tables stay owned by whoever migrates (the admin). Row-level security
  on annotations, annotation_tags, document_status (FORCE: an owner connecting is held to the
  policies too — it has none, so it sees no coder's rows) and change_log (ENABLE: the log
  function writes it as the owner). The count and log trigger functions become SECURITY DEFINER:
  a coder has no right to update documents or write the log themselves.
  CONNECT on the database is taken from PUBLIC (the group roles serve every library of the
  cluster; each coder's login gets CONNECT to this one).
  A coder reads the documents' columns but `annotation_count` (everyone's count would leak what
  others coded: the coder's listing counts the rows they can see).

Written out here, never generated from today's code.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CODERS, LEAD = "annotator_coders", "annotator_lead"
PHASES = ("blind", "revealed", "adjudicated")
CHANNEL = "annotator_changes"
KEEP, PRUNE_EVERY = 100_000, 1_000  # as 0006

# The log function of 0006, now also naming the coder a row is about.
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

# The connected coder's id (NULL for a role that is no coder of this library).
ME = """CREATE FUNCTION annotator_me() RETURNS integer LANGUAGE sql STABLE
    SET search_path = public, pg_temp AS $$ SELECT id FROM coders WHERE login = current_user $$"""
OPEN = "EXISTS (SELECT 1 FROM documents d WHERE d.id = {doc} AND d.phase <> 'blind')"

POLICIES = (
    # annotations: mine always; others' once the document is no longer blind; the lead sees all.
    f"CREATE POLICY coder_read ON annotations FOR SELECT TO {CODERS} "
    f"USING (coder_id = annotator_me() OR {OPEN.format(doc='document_id')})",
    f"CREATE POLICY lead_read ON annotations FOR SELECT TO {LEAD} USING (true)",
    f"CREATE POLICY own_insert ON annotations FOR INSERT TO {CODERS} "
    "WITH CHECK (coder_id = annotator_me() AND layer = 'coder')",
    f"CREATE POLICY own_update ON annotations FOR UPDATE TO {CODERS} USING (coder_id = annotator_me()) "
    "WITH CHECK (coder_id = annotator_me() AND layer = 'coder')",
    f"CREATE POLICY own_delete ON annotations FOR DELETE TO {CODERS} USING (coder_id = annotator_me())",
    # The lead writes only their own rows too, in the coder or the gold layer (adjudication).
    f"CREATE POLICY lead_insert ON annotations FOR INSERT TO {LEAD} WITH CHECK (coder_id = annotator_me())",
    f"CREATE POLICY lead_update ON annotations FOR UPDATE TO {LEAD} USING (coder_id = annotator_me()) "
    "WITH CHECK (coder_id = annotator_me())",
    f"CREATE POLICY lead_delete ON annotations FOR DELETE TO {LEAD} USING (coder_id = annotator_me())",
    # annotation_tags follow their annotation: the subqueries are themselves under its policies.
    f"CREATE POLICY tags_read ON annotation_tags FOR SELECT TO {CODERS}, {LEAD} "
    "USING (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id))",
    f"CREATE POLICY tags_write ON annotation_tags FOR ALL TO {CODERS}, {LEAD} "
    "USING (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id AND a.coder_id = annotator_me())) "
    "WITH CHECK (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id AND a.coder_id = annotator_me()))",
    # document_status: a coder's own; the lead reads everyone's (per-coder progress).
    f"CREATE POLICY own_status ON document_status FOR ALL TO {CODERS}, {LEAD} "
    "USING (coder_id = annotator_me()) WITH CHECK (coder_id = annotator_me())",
    f"CREATE POLICY lead_status ON document_status FOR SELECT TO {LEAD} USING (true)",
    # change_log: a row about another coder's work only once its document is no longer blind.
    f"CREATE POLICY coder_log ON change_log FOR SELECT TO {CODERS} "
    f"USING (coder_id IS NULL OR coder_id = annotator_me() OR {OPEN.format(doc='change_log.document_id')})",
    f"CREATE POLICY lead_log ON change_log FOR SELECT TO {LEAD} USING (true)",
)

GRANTS = (
    f"GRANT SELECT (id, title, source, published, dateline, url, language, filename, sha256, length, "
    f"imported_at, phase) ON documents TO {CODERS}",
    f"GRANT SELECT ON document_texts, tags, coders, lexicon_terms, change_log, change_log_state, "
    f"alembic_version TO {CODERS}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON annotations, annotation_tags, document_status, "
    f"rejected_suggestions TO {CODERS}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON documents, document_texts, tags, coders, lexicon_terms, "
    f"annotations, annotation_tags, document_status, rejected_suggestions TO {LEAD}",
    f"GRANT SELECT ON change_log, change_log_state, alembic_version TO {LEAD}",
    f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {CODERS}, {LEAD}",
)


def _postgresql() -> None:
    for role in (CODERS, LEAD):  # roles are the cluster's: another library may have made them
        op.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
        )
    op.execute(LOG_FUNCTION)
    op.execute("ALTER FUNCTION annotations_count() SECURITY DEFINER SET search_path = public, pg_temp")
    op.execute(ME)
    for table in ("annotations", "annotation_tags", "document_status"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE change_log ENABLE ROW LEVEL SECURITY")
    for statement in POLICIES + GRANTS:
        op.execute(statement)
    # The group roles are the cluster's: without this a coder of another library on the same
    # server could connect here and read its documents, codebook and revealed annotations.
    # `coders add` grants CONNECT to each coder's login.
    op.execute("DO $$ BEGIN EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database()); END $$")


def upgrade() -> None:
    # A plain ADD COLUMN on both (SQLite takes a named CHECK in it): no rebuild of documents,
    # whose triggers (counts, log) stay as they are.
    op.execute(
        "ALTER TABLE documents ADD COLUMN phase VARCHAR(12) DEFAULT 'blind' NOT NULL "
        "CONSTRAINT ck_documents_phase CHECK (phase IN ('blind', 'revealed', 'adjudicated'))"
    )
    op.add_column("change_log", sa.Column("coder_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()


def downgrade() -> None:
    raise NotImplementedError("0007 is not undone: restore the backup made before the upgrade")
