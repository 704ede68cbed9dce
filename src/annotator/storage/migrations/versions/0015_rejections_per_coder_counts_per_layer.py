"""Rejected suggestions per coder; kept tag counts per layer (issues 12 and 13, decision 053).

- **rejected_suggestions.coder_id** (NOT NULL, a foreign key to coders; the key becomes
  document, coder, tag, span). A rejection hides a suggestion from the coder who made it only:
  shared, one coder's rejection told a blind coder what another had done and changed what they
  were offered (decision 018's known leak). Existing rows were made by somebody we cannot name
  (the log never said who): each becomes one row per coder the library has, so nobody's
  suggestions change on upgrade. The downgrade keeps each distinct (document, tag, span) once —
  the union of everyone's, which is the shared set an upgraded library started from.
  PostgreSQL: row security (ENABLE + FORCE) in 0014's style — a coder reads and writes their own
  rows; the lead reads all, writes their own, and inserts anyone's (a merge and a restored
  document bring other coders' rows, as 0013's `lead_merge`); an inactive coder writes nothing
  (0013's restrictive policies). The log function names the rejection's coder (`who`), so
  0007's `coder_log` hides another coder's rejections from a blind coder.
- **tag_counts.layer** joins the key (document, tag, coder, layer): a lead's gold and own coded
  passages no longer share a row, so the crosstab and compare count any layer choice from the
  kept counts (decision 044 scanned the links). The table is made anew and filled from the links;
  the triggers of 0011 are written again with the layer, the AFTER UPDATE one now also OF layer.
  The downgrade makes 0011's table, triggers and functions again, word for word, and refills it.

SQLite: rejected_suggestions is rebuilt (a primary key cannot be altered), with 0006's log
triggers made again on it; the copies go in before them (the upgrade logs nothing). PostgreSQL:
ALTERs, with the table's triggers off while the rows are copied.

Written out here, never generated from today's code.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

CODERS, LEAD = "annotator_coders", "annotator_lead"
TABLES = ("rejected_suggestions", "tag_counts")  # the two this revision makes anew on SQLite
BOTH = f"{CODERS}, {LEAD}"
CHANNEL = "annotator_changes"
KEEP, PRUNE_EVERY = 100_000, 1_000  # as 0006

# --- rejected_suggestions ----------------------------------------------------------------

# 0006's log triggers on the table (SQLite drops them with it): made again word for word.
REJECTION_LOG = tuple(
    f"CREATE TRIGGER tr_rejected_suggestions_log_{kind} AFTER {event} ON rejected_suggestions FOR EACH ROW BEGIN "
    f"INSERT INTO change_log (tbl, kind, document_id, row_id) VALUES ('rejected_suggestions', '{kind}', "
    f"{side}.document_id, {side}.tag_id); END"
    for kind, event, side in (("i", "INSERT", "NEW"), ("u", "UPDATE", "NEW"), ("d", "DELETE", "OLD"))
)
SPAN = "document_id, tag_id, start_offset, end_offset"
EVERY_CODER = (
    f"INSERT INTO rejected_suggestions ({SPAN}, coder_id) "
    "SELECT r.document_id, r.tag_id, r.start_offset, r.end_offset, c.id FROM {old} r CROSS JOIN coders c"
)


def _rejections_table(per_coder: bool) -> None:
    columns = [
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
    ]
    keys = [
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_rejected_suggestions_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_rejected_suggestions_tag_id_tags"), ondelete="CASCADE"
        ),
    ]
    if per_coder:
        columns.append(sa.Column("coder_id", sa.Integer(), nullable=False))
        keys.append(
            sa.ForeignKeyConstraint(["coder_id"], ["coders.id"], name=op.f("fk_rejected_suggestions_coder_id_coders"))
        )
        primary = ("document_id", "coder_id", "tag_id", "start_offset", "end_offset")
    else:
        primary = ("document_id", "tag_id", "start_offset", "end_offset")
    op.create_table(
        "rejected_suggestions", *columns, *keys, sa.PrimaryKeyConstraint(*primary, name=op.f("pk_rejected_suggestions"))
    )


def _sqlite_rejections(per_coder: bool) -> None:
    """SQLite's documented way to change a table: the old one aside, the new one made, the rows
    copied (before the log triggers exist: nothing is logged), the old one dropped."""
    op.execute("ALTER TABLE rejected_suggestions RENAME TO _old_rejected_suggestions")
    _rejections_table(per_coder)
    if per_coder:
        op.execute(EVERY_CODER.format(old="_old_rejected_suggestions"))
    else:
        op.execute(f"INSERT INTO rejected_suggestions ({SPAN}) SELECT DISTINCT {SPAN} FROM _old_rejected_suggestions")
    op.execute("DROP TABLE _old_rejected_suggestions")  # and 0006's triggers, which followed the rename
    for statement in REJECTION_LOG:
        op.execute(statement)


ME, ACTIVE = "(SELECT annotator_me())", "(SELECT annotator_active())"
REJECTION_POLICIES = (
    f"CREATE POLICY own_rejections ON rejected_suggestions FOR ALL TO {BOTH} "
    f"USING (coder_id = {ME}) WITH CHECK (coder_id = {ME})",
    f"CREATE POLICY lead_read ON rejected_suggestions FOR SELECT TO {LEAD} USING (true)",
    # As 0013 for annotations: a merge, or a deleted document put back, brings other coders' rows.
    f"CREATE POLICY lead_merge ON rejected_suggestions FOR INSERT TO {LEAD} WITH CHECK (true)",
    f"CREATE POLICY active_insert ON rejected_suggestions AS RESTRICTIVE FOR INSERT TO {BOTH} WITH CHECK ({ACTIVE})",
    f"CREATE POLICY active_update ON rejected_suggestions AS RESTRICTIVE FOR UPDATE TO {BOTH} "
    f"USING ({ACTIVE}) WITH CHECK ({ACTIVE})",
    f"CREATE POLICY active_delete ON rejected_suggestions AS RESTRICTIVE FOR DELETE TO {BOTH} USING ({ACTIVE})",
)
REJECTION_POLICY_NAMES = ("own_rejections", "lead_read", "lead_merge", "active_insert", "active_update", "active_delete")


def _postgresql_rejections_up() -> None:
    op.execute("ALTER TABLE rejected_suggestions ADD COLUMN coder_id integer")
    op.execute("ALTER TABLE rejected_suggestions DROP CONSTRAINT pk_rejected_suggestions")
    op.execute("ALTER TABLE rejected_suggestions DISABLE TRIGGER USER")  # the log: nothing a window shows changes
    op.execute(EVERY_CODER.format(old="(SELECT * FROM rejected_suggestions WHERE coder_id IS NULL)"))
    op.execute("DELETE FROM rejected_suggestions WHERE coder_id IS NULL")
    op.execute("ALTER TABLE rejected_suggestions ENABLE TRIGGER USER")
    op.execute(
        "ALTER TABLE rejected_suggestions ALTER COLUMN coder_id SET NOT NULL, "
        "ADD CONSTRAINT pk_rejected_suggestions PRIMARY KEY (document_id, coder_id, tag_id, start_offset, end_offset), "
        "ADD CONSTRAINT fk_rejected_suggestions_coder_id_coders FOREIGN KEY (coder_id) REFERENCES coders (id)"
    )
    op.execute("ALTER TABLE rejected_suggestions ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE rejected_suggestions FORCE ROW LEVEL SECURITY")
    for statement in REJECTION_POLICIES:
        op.execute(statement)


def _postgresql_rejections_down() -> None:
    for name in REJECTION_POLICY_NAMES:
        op.execute(f"DROP POLICY {name} ON rejected_suggestions")
    op.execute("ALTER TABLE rejected_suggestions NO FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE rejected_suggestions DISABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE rejected_suggestions DISABLE TRIGGER USER")
    op.execute(  # each span once: the lowest coder's row stays
        "DELETE FROM rejected_suggestions r USING rejected_suggestions o WHERE o.document_id = r.document_id "
        "AND o.tag_id = r.tag_id AND o.start_offset = r.start_offset AND o.end_offset = r.end_offset "
        "AND o.coder_id < r.coder_id"
    )
    op.execute("ALTER TABLE rejected_suggestions ENABLE TRIGGER USER")
    op.execute(
        "ALTER TABLE rejected_suggestions DROP CONSTRAINT pk_rejected_suggestions, "
        "DROP CONSTRAINT fk_rejected_suggestions_coder_id_coders, DROP COLUMN coder_id, "
        "ADD CONSTRAINT pk_rejected_suggestions PRIMARY KEY (document_id, tag_id, start_offset, end_offset)"
    )


# The log function as 0010 left it (what the downgrade restores), and with the rejection's coder.
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
        WHEN 'rejected_suggestions' THEN doc := r.document_id; rid := r.tag_id;
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
LOG = PREVIOUS_LOG.replace(
    "WHEN 'rejected_suggestions' THEN doc := r.document_id; rid := r.tag_id;",
    "WHEN 'rejected_suggestions' THEN doc := r.document_id; rid := r.tag_id; who := r.coder_id;",
)
assert LOG != PREVIOUS_LOG

# --- tag_counts ----------------------------------------------------------------------------


def _counts_table(layered: bool) -> None:
    key = ("document_id", "tag_id", "coder_id", "layer") if layered else ("document_id", "tag_id", "coder_id")
    op.create_table(
        "tag_counts",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        *([sa.Column("layer", sa.String(8), nullable=False)] if layered else []),
        sa.Column("n", sa.Integer(), nullable=False),
        # No foreign keys (see 0011).
        sa.PrimaryKeyConstraint(*key, name="pk_tag_counts"),
    )


FILL = (
    "INSERT INTO tag_counts (document_id, tag_id, coder_id, layer, n) "
    "SELECT a.document_id, t.tag_id, a.coder_id, a.layer, count(*) FROM annotation_tags t "
    "JOIN annotations a ON a.id = t.annotation_id GROUP BY a.document_id, t.tag_id, a.coder_id, a.layer"
)
OLD_FILL = (  # 0011's
    "INSERT INTO tag_counts (document_id, tag_id, coder_id, n) "
    "SELECT a.document_id, t.tag_id, a.coder_id, count(*) FROM annotation_tags t "
    "JOIN annotations a ON a.id = t.annotation_id GROUP BY a.document_id, t.tag_id, a.coder_id"
)
SQLITE_NAMES = ("link_i", "link_d", "link_u", "annotation_d", "annotation_u")

# 0011's SQLite triggers, word for word (the downgrade makes them again).
OF = "(SELECT a.{col} FROM annotations a WHERE a.id = {side}.annotation_id)"
OLD_KEY = "document_id = {d} AND tag_id = {t} AND coder_id = {c}"


def _old_add(select_from: str) -> str:
    return (
        f"INSERT INTO tag_counts (document_id, tag_id, coder_id, n) {select_from} "
        "ON CONFLICT (document_id, tag_id, coder_id) DO UPDATE SET n = n + 1;"
    )


def _old_take(d: str, t: str, c: str) -> str:
    key = OLD_KEY.format(d=d, t=t, c=c)
    return f"UPDATE tag_counts SET n = n - 1 WHERE {key}; DELETE FROM tag_counts WHERE {key} AND n <= 0;"


def _of(col: str, side: str) -> str:
    return OF.format(col=col, side=side)


OLD_SQLITE = (
    "CREATE TRIGGER tr_tag_counts_link_i AFTER INSERT ON annotation_tags BEGIN "
    + _old_add("SELECT a.document_id, NEW.tag_id, a.coder_id, 1 FROM annotations a WHERE a.id = NEW.annotation_id")
    + " END",
    "CREATE TRIGGER tr_tag_counts_link_d AFTER DELETE ON annotation_tags BEGIN "
    + _old_take(_of("document_id", "OLD"), "OLD.tag_id", _of("coder_id", "OLD"))
    + " END",
    "CREATE TRIGGER tr_tag_counts_link_u AFTER UPDATE ON annotation_tags BEGIN "
    + _old_take(_of("document_id", "OLD"), "OLD.tag_id", _of("coder_id", "OLD"))
    + _old_add("SELECT a.document_id, NEW.tag_id, a.coder_id, 1 FROM annotations a WHERE a.id = NEW.annotation_id")
    + " END",
    "CREATE TRIGGER tr_tag_counts_annotation_d BEFORE DELETE ON annotations BEGIN "
    "UPDATE tag_counts SET n = n - 1 WHERE document_id = OLD.document_id AND coder_id = OLD.coder_id "
    "AND tag_id IN (SELECT tag_id FROM annotation_tags WHERE annotation_id = OLD.id); "
    "DELETE FROM tag_counts WHERE document_id = OLD.document_id AND coder_id = OLD.coder_id AND n <= 0; END",
    "CREATE TRIGGER tr_tag_counts_annotation_u AFTER UPDATE OF document_id, coder_id ON annotations "
    "WHEN OLD.document_id <> NEW.document_id OR OLD.coder_id <> NEW.coder_id BEGIN "
    "UPDATE tag_counts SET n = n - 1 WHERE document_id = OLD.document_id AND coder_id = OLD.coder_id "
    "AND tag_id IN (SELECT tag_id FROM annotation_tags WHERE annotation_id = OLD.id); "
    "DELETE FROM tag_counts WHERE document_id = OLD.document_id AND coder_id = OLD.coder_id AND n <= 0; "
    + _old_add("SELECT NEW.document_id, tag_id, NEW.coder_id, 1 FROM annotation_tags WHERE annotation_id = NEW.id")
    + " END",
)

# The same with the layer in the key (and in what moves an annotation's counts).
KEY = "document_id = {d} AND tag_id = {t} AND coder_id = {c} AND layer = {y}"
PASSAGE = "document_id = OLD.document_id AND coder_id = OLD.coder_id AND layer = OLD.layer"


def _add(select_from: str) -> str:
    """+1 for each (document, tag, coder, layer) the SELECT gives (it must have a WHERE: upsert)."""
    return (
        f"INSERT INTO tag_counts (document_id, tag_id, coder_id, layer, n) {select_from} "
        "ON CONFLICT (document_id, tag_id, coder_id, layer) DO UPDATE SET n = n + 1;"
    )


def _take(d: str, t: str, c: str, y: str) -> str:
    key = KEY.format(d=d, t=t, c=c, y=y)
    return f"UPDATE tag_counts SET n = n - 1 WHERE {key}; DELETE FROM tag_counts WHERE {key} AND n <= 0;"


LINK_ADDED = "SELECT a.document_id, NEW.tag_id, a.coder_id, a.layer, 1 FROM annotations a WHERE a.id = NEW.annotation_id"
LINK_TAKEN = _take(_of("document_id", "OLD"), "OLD.tag_id", _of("coder_id", "OLD"), _of("layer", "OLD"))
SQLITE = (
    f"CREATE TRIGGER tr_tag_counts_link_i AFTER INSERT ON annotation_tags BEGIN {_add(LINK_ADDED)} END",
    f"CREATE TRIGGER tr_tag_counts_link_d AFTER DELETE ON annotation_tags BEGIN {LINK_TAKEN} END",
    f"CREATE TRIGGER tr_tag_counts_link_u AFTER UPDATE ON annotation_tags BEGIN {LINK_TAKEN}{_add(LINK_ADDED)} END",
    # Before the row goes: its tag links are still there to be read (see 0011).
    "CREATE TRIGGER tr_tag_counts_annotation_d BEFORE DELETE ON annotations BEGIN "
    f"UPDATE tag_counts SET n = n - 1 WHERE {PASSAGE} "
    "AND tag_id IN (SELECT tag_id FROM annotation_tags WHERE annotation_id = OLD.id); "
    f"DELETE FROM tag_counts WHERE {PASSAGE} AND n <= 0; END",
    "CREATE TRIGGER tr_tag_counts_annotation_u AFTER UPDATE OF document_id, coder_id, layer ON annotations "
    "WHEN OLD.document_id <> NEW.document_id OR OLD.coder_id <> NEW.coder_id OR OLD.layer <> NEW.layer BEGIN "
    f"UPDATE tag_counts SET n = n - 1 WHERE {PASSAGE} "
    "AND tag_id IN (SELECT tag_id FROM annotation_tags WHERE annotation_id = OLD.id); "
    f"DELETE FROM tag_counts WHERE {PASSAGE} AND n <= 0; "
    + _add("SELECT NEW.document_id, tag_id, NEW.coder_id, NEW.layer, 1 FROM annotation_tags WHERE annotation_id = NEW.id")
    + " END",
)

# PostgreSQL: 0011's functions and triggers, word for word, then the same with the layer.
OLD_POSTGRESQL = (
    """CREATE FUNCTION tag_counts_add(doc integer, tag integer, who integer, delta integer) RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    BEGIN
        IF doc IS NULL THEN RETURN; END IF;  -- the annotation is gone: its own trigger counted it out
        IF delta > 0 THEN
            INSERT INTO tag_counts (document_id, tag_id, coder_id, n) VALUES (doc, tag, who, delta)
                ON CONFLICT (document_id, tag_id, coder_id) DO UPDATE SET n = tag_counts.n + delta;
        ELSE
            UPDATE tag_counts SET n = n + delta WHERE document_id = doc AND tag_id = tag AND coder_id = who;
            DELETE FROM tag_counts WHERE document_id = doc AND tag_id = tag AND coder_id = who AND n <= 0;
        END IF;
    END $$""",
    "REVOKE EXECUTE ON FUNCTION tag_counts_add(integer, integer, integer, integer) FROM PUBLIC",
    """CREATE FUNCTION tag_counts_link() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        doc integer;
        who integer;
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            SELECT a.document_id, a.coder_id INTO doc, who FROM annotations a WHERE a.id = OLD.annotation_id;
            PERFORM tag_counts_add(doc, OLD.tag_id, who, -1);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            SELECT a.document_id, a.coder_id INTO doc, who FROM annotations a WHERE a.id = NEW.annotation_id;
            PERFORM tag_counts_add(doc, NEW.tag_id, who, 1);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION tag_counts_annotation() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        t integer;
    BEGIN
        FOR t IN SELECT tag_id FROM annotation_tags WHERE annotation_id = OLD.id LOOP
            PERFORM tag_counts_add(OLD.document_id, t, OLD.coder_id, -1);
        END LOOP;
        IF TG_OP = 'UPDATE' THEN
            FOR t IN SELECT tag_id FROM annotation_tags WHERE annotation_id = NEW.id LOOP
                PERFORM tag_counts_add(NEW.document_id, t, NEW.coder_id, 1);
            END LOOP;
            RETURN NULL;
        END IF;
        RETURN OLD;  -- BEFORE DELETE: let the row go
    END $$""",
    "CREATE TRIGGER tr_tag_counts_link AFTER INSERT OR DELETE OR UPDATE ON annotation_tags "
    "FOR EACH ROW EXECUTE FUNCTION tag_counts_link()",
    "CREATE TRIGGER tr_tag_counts_annotation_d BEFORE DELETE ON annotations "
    "FOR EACH ROW EXECUTE FUNCTION tag_counts_annotation()",
    "CREATE TRIGGER tr_tag_counts_annotation_u AFTER UPDATE OF document_id, coder_id ON annotations FOR EACH ROW "
    "WHEN (OLD.document_id <> NEW.document_id OR OLD.coder_id <> NEW.coder_id) "
    "EXECUTE FUNCTION tag_counts_annotation()",
    f"GRANT SELECT ON tag_counts TO {LEAD}",
)

POSTGRESQL = (
    # Called only by the trigger functions below (their owner's right): nobody else may move a count.
    """CREATE FUNCTION tag_counts_add(doc integer, tag integer, who integer, lay varchar, delta integer)
    RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    BEGIN
        IF doc IS NULL THEN RETURN; END IF;  -- the annotation is gone: its own trigger counted it out
        IF delta > 0 THEN
            INSERT INTO tag_counts (document_id, tag_id, coder_id, layer, n) VALUES (doc, tag, who, lay, delta)
                ON CONFLICT (document_id, tag_id, coder_id, layer) DO UPDATE SET n = tag_counts.n + delta;
        ELSE
            UPDATE tag_counts SET n = n + delta
                WHERE document_id = doc AND tag_id = tag AND coder_id = who AND layer = lay;
            DELETE FROM tag_counts
                WHERE document_id = doc AND tag_id = tag AND coder_id = who AND layer = lay AND n <= 0;
        END IF;
    END $$""",
    "REVOKE EXECUTE ON FUNCTION tag_counts_add(integer, integer, integer, varchar, integer) FROM PUBLIC",
    """CREATE FUNCTION tag_counts_link() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        doc integer;
        who integer;
        lay varchar;
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            SELECT a.document_id, a.coder_id, a.layer INTO doc, who, lay FROM annotations a WHERE a.id = OLD.annotation_id;
            PERFORM tag_counts_add(doc, OLD.tag_id, who, lay, -1);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            SELECT a.document_id, a.coder_id, a.layer INTO doc, who, lay FROM annotations a WHERE a.id = NEW.annotation_id;
            PERFORM tag_counts_add(doc, NEW.tag_id, who, lay, 1);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION tag_counts_annotation() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        t integer;
    BEGIN
        FOR t IN SELECT tag_id FROM annotation_tags WHERE annotation_id = OLD.id LOOP
            PERFORM tag_counts_add(OLD.document_id, t, OLD.coder_id, OLD.layer, -1);
        END LOOP;
        IF TG_OP = 'UPDATE' THEN
            FOR t IN SELECT tag_id FROM annotation_tags WHERE annotation_id = NEW.id LOOP
                PERFORM tag_counts_add(NEW.document_id, t, NEW.coder_id, NEW.layer, 1);
            END LOOP;
            RETURN NULL;
        END IF;
        RETURN OLD;  -- BEFORE DELETE: let the row go
    END $$""",
    "CREATE TRIGGER tr_tag_counts_link AFTER INSERT OR DELETE OR UPDATE ON annotation_tags "
    "FOR EACH ROW EXECUTE FUNCTION tag_counts_link()",
    "CREATE TRIGGER tr_tag_counts_annotation_d BEFORE DELETE ON annotations "
    "FOR EACH ROW EXECUTE FUNCTION tag_counts_annotation()",
    "CREATE TRIGGER tr_tag_counts_annotation_u AFTER UPDATE OF document_id, coder_id, layer ON annotations FOR EACH ROW "
    "WHEN (OLD.document_id <> NEW.document_id OR OLD.coder_id <> NEW.coder_id OR OLD.layer <> NEW.layer) "
    "EXECUTE FUNCTION tag_counts_annotation()",
    f"GRANT SELECT ON tag_counts TO {LEAD}",
)


def _drop_counts(dialect: str, old_add: str) -> None:
    if dialect == "sqlite":
        for name in SQLITE_NAMES:
            op.execute(f"DROP TRIGGER tr_tag_counts_{name}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER tr_tag_counts_link ON annotation_tags")
        op.execute("DROP TRIGGER tr_tag_counts_annotation_d ON annotations")
        op.execute("DROP TRIGGER tr_tag_counts_annotation_u ON annotations")
        op.execute("DROP FUNCTION tag_counts_link()")
        op.execute("DROP FUNCTION tag_counts_annotation()")
        op.execute(f"DROP FUNCTION tag_counts_add({old_add})")
    op.drop_table("tag_counts")


def _counts(dialect: str, layered: bool) -> None:
    _counts_table(layered)
    op.execute(FILL if layered else OLD_FILL)
    made = {"sqlite": SQLITE, "postgresql": POSTGRESQL} if layered else {"sqlite": OLD_SQLITE, "postgresql": OLD_POSTGRESQL}
    for statement in made.get(dialect, ()):
        op.execute(statement)


def _analyse_again(dialect: str, analysed: bool) -> None:
    """SQLite: a dropped table's planner statistics went with it; measured again, bounded as
    Library.close does it (as 0003), if the library had any (a new one gets them on close)."""
    if dialect == "sqlite" and analysed:
        op.execute("PRAGMA analysis_limit = 1000")
        for table in TABLES:
            op.execute(f"ANALYZE {table}")


def _analysed(dialect: str) -> bool:
    if dialect != "sqlite":
        return False
    found = op.get_bind().exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    return found is not None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    analysed = _analysed(dialect)
    if dialect == "sqlite":
        _sqlite_rejections(per_coder=True)
    elif dialect == "postgresql":
        _postgresql_rejections_up()
        op.execute(LOG)
    _drop_counts(dialect, "integer, integer, integer, integer")
    _counts(dialect, layered=True)
    _analyse_again(dialect, analysed)


def downgrade() -> None:
    """Back to 0014: rejections shared (each span once), the counts without the layer."""
    dialect = op.get_bind().dialect.name
    analysed = _analysed(dialect)
    if dialect == "sqlite":
        _sqlite_rejections(per_coder=False)
    elif dialect == "postgresql":
        _postgresql_rejections_down()
        op.execute(PREVIOUS_LOG)
    _drop_counts(dialect, "integer, integer, integer, varchar, integer")
    _counts(dialect, layered=False)
    _analyse_again(dialect, analysed)
