"""No log row about a coder's passage reaches a blind coder; cheaper policy functions; the
change log written at commit (issue 12, decision 057, from decision 054's measurements).
PostgreSQL only: on SQLite nothing changes.

- **The leak.** `log_change` looked a link's annotation up for its document and coder; a link
  deleted by its annotation's cascade found none and was logged with `coder_id` NULL, which
  0007's `coder_log` policy shows to every coder: a blind coder learnt that another coder's
  passage in a blind document was deleted (its id, the time). A link's document and coder are
  now the link's own copies (0014's `document_id`, `coder_id`, set from its annotation on every
  write of the link). Every other logged table already names its coder, or is about nobody's
  work (the documents, codebook, lexicon, variables and their values and memos: the lead's).
  SQLite's log carries no coder at all (a file has nobody to hide anything from): unchanged.
- **`annotator_me()` / `annotator_active()` in PL/pgSQL**, bodies and fixed search path as
  before: PL/pgSQL keeps its query's plan for the session, a SQL function with `SET` parses and
  plans it again at every call (054: 19.5 µs -> 4.7 µs a call; a coder's merge evaluates the
  policies' init plans once per statement). The downgrade restores 0007's and 0013's text.
- **The change log written at commit** (054's B). Every logged table's log triggers become
  `CONSTRAINT TRIGGER … DEFERRABLE INITIALLY DEFERRED`: `log_change` runs when the transaction
  commits, so its advisory lock (ids in commit order, 0006) is taken then and held only to the end
  of the commit, no longer from the first logged write across the client's next round trips (054:
  other coders waited for it). The rows keep the order of the writes; no id is drawn before the
  lock. A row's `WHEN` is judged at the write, as before. At commit a link's annotation may be
  gone (deleted later in the transaction): another reason for the link's own copies above.
  The downgrade makes 0006's, 0008's and 0010's plain AFTER triggers again.

Written out here, never generated from today's code.

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

CHANNEL = "annotator_changes"
KEEP, PRUNE_EVERY = 100_000, 1_000  # as 0006

# 0007's and 0013's functions, word for word (what the downgrade puts back).
OLD_ME = """CREATE OR REPLACE FUNCTION annotator_me() RETURNS integer LANGUAGE sql STABLE
    SET search_path = public, pg_temp AS $$ SELECT id FROM coders WHERE login = current_user $$"""
OLD_ACTIVE = """CREATE OR REPLACE FUNCTION annotator_active() RETURNS boolean LANGUAGE sql STABLE
    SET search_path = public, pg_temp AS $$
    SELECT coalesce((SELECT active FROM coders WHERE login = current_user), false) $$"""
# Decision 054's A, as measured there.
ME = """CREATE OR REPLACE FUNCTION annotator_me() RETURNS integer LANGUAGE plpgsql STABLE
    SET search_path = public, pg_temp AS $$
    BEGIN RETURN (SELECT id FROM coders WHERE login = current_user); END $$"""
ACTIVE = """CREATE OR REPLACE FUNCTION annotator_active() RETURNS boolean LANGUAGE plpgsql STABLE
    SET search_path = public, pg_temp AS $$
    BEGIN RETURN coalesce((SELECT active FROM coders WHERE login = current_user), false); END $$"""

# The log function as 0015 left it (what the downgrade restores).
PREVIOUS_LOG = f"""CREATE OR REPLACE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql
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
        WHEN 'rejected_suggestions' THEN doc := r.document_id; rid := r.tag_id; who := r.coder_id;
        WHEN 'lexicon_terms' THEN doc := NULL; rid := r.id;
        WHEN 'document_status' THEN doc := r.document_id; rid := r.document_id; who := r.coder_id;
        WHEN 'gold_decisions' THEN doc := r.document_id; rid := r.id; who := r.curator_id;
        WHEN 'variables' THEN doc := NULL; rid := r.id;
        WHEN 'document_values' THEN doc := r.document_id; rid := r.variable_id;
        WHEN 'document_memos' THEN doc := r.document_id; rid := r.document_id;
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
# A link's document and coder: its own copies (0014), there even when its annotation is gone.
LOG = PREVIOUS_LOG.replace(
    "WHEN 'annotation_tags' THEN rid := r.annotation_id;\n"
    "            SELECT a.document_id, a.coder_id INTO doc, who FROM annotations a WHERE a.id = r.annotation_id;\n",
    "WHEN 'annotation_tags' THEN doc := r.document_id; rid := r.annotation_id; who := r.coder_id;\n",
)
assert LOG != PREVIOUS_LOG


# Every log trigger as 0006, 0008 and 0010 made it: (table, name, events, WHEN or '').
TRIGGERS = (
    ("annotations", "tr_annotations_log", "INSERT OR DELETE", ""),
    ("annotations", "tr_annotations_log_u", "UPDATE", ""),
    ("annotation_tags", "tr_annotation_tags_log", "INSERT OR DELETE", ""),
    ("annotation_tags", "tr_annotation_tags_log_u", "UPDATE", ""),
    ("documents", "tr_documents_log", "INSERT OR DELETE", ""),
    # The annotation count kept by 0004's triggers is not news of its own (0006).
    ("documents", "tr_documents_log_u", "UPDATE", " WHEN (OLD.annotation_count = NEW.annotation_count)"),
    ("tags", "tr_tags_log", "INSERT OR DELETE", ""),
    ("tags", "tr_tags_log_u", "UPDATE", ""),
    ("rejected_suggestions", "tr_rejected_suggestions_log", "INSERT OR DELETE", ""),
    ("rejected_suggestions", "tr_rejected_suggestions_log_u", "UPDATE", ""),
    ("lexicon_terms", "tr_lexicon_terms_log", "INSERT OR DELETE", ""),
    ("lexicon_terms", "tr_lexicon_terms_log_u", "UPDATE", ""),
    ("document_status", "tr_document_status_log", "INSERT OR DELETE", ""),
    ("document_status", "tr_document_status_log_u", "UPDATE", ""),
    ("gold_decisions", "tr_gold_decisions_log", "INSERT OR DELETE", ""),
    ("gold_decisions", "tr_gold_decisions_log_u", "UPDATE", ""),
    ("variables", "tr_variables_log", "INSERT OR DELETE OR UPDATE", ""),
    ("document_values", "tr_document_values_log", "INSERT OR DELETE OR UPDATE", ""),
    ("document_memos", "tr_document_memos_log", "INSERT OR DELETE OR UPDATE", ""),
)


def _triggers(at_commit: bool) -> None:
    kind = "CONSTRAINT TRIGGER" if at_commit else "TRIGGER"
    deferred = " DEFERRABLE INITIALLY DEFERRED" if at_commit else ""
    for table, name, events, when in TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON {table}")
        op.execute(
            f"CREATE {kind} {name} AFTER {events} ON {table}{deferred} FOR EACH ROW{when} EXECUTE FUNCTION log_change()"
        )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(ME)
    op.execute(ACTIVE)
    op.execute(LOG)
    _triggers(at_commit=True)


def downgrade() -> None:
    """Back to 0015: its log function and triggers, 0007's and 0013's policy functions, word for word."""
    if op.get_bind().dialect.name != "postgresql":
        return
    _triggers(at_commit=False)
    op.execute(PREVIOUS_LOG)
    op.execute(OLD_ACTIVE)
    op.execute(OLD_ME)
