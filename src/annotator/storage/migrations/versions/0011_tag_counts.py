"""Kept counts of passage–tag links (issue 14, the crosstab over a million links in ≤ 300 ms):
`tag_counts(document_id, tag_id, coder_id, n)` — how many of a coder's passages in a document carry
a tag — kept by triggers, so every write path (the services, undo, cascades, copy and merge, other
programs) keeps it right without code of ours having to remember. Rows with n = 0 are deleted.

- annotation_tags: insert +1, delete -1 (the annotation looked up; when it is already gone — a
  cascade from its deletion — nothing: its own trigger counted it out), update -1/+1.
- annotations: BEFORE DELETE -1 for each of its tags (while they can still be read); AFTER UPDATE
  of document_id or coder_id, the tags move with it.
- Filled from the existing rows on upgrade; dropped on downgrade.

Not logged in the change log (it only mirrors annotation_tags, which is): the log function stays
0010's. On PostgreSQL the trigger functions are SECURITY DEFINER (a coder may not write the counts)
and only the lead reads the table (everyone's counts would tell a blind coder what the others coded:
their crosstab counts the rows row security lets them see, as the listing does for
documents.annotation_count, revision 0007).

Written out here, never generated from today's code.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

LEAD = "annotator_lead"
KEY = "document_id = {d} AND tag_id = {t} AND coder_id = {c}"

FILL = (
    "INSERT INTO tag_counts (document_id, tag_id, coder_id, n) "
    "SELECT a.document_id, t.tag_id, a.coder_id, count(*) FROM annotation_tags t "
    "JOIN annotations a ON a.id = t.annotation_id GROUP BY a.document_id, t.tag_id, a.coder_id"
)


def _add(select_from: str) -> str:
    """SQLite: +1 for each (document, tag, coder) the SELECT gives (it must have a WHERE: upsert)."""
    return (
        f"INSERT INTO tag_counts (document_id, tag_id, coder_id, n) {select_from} "
        "ON CONFLICT (document_id, tag_id, coder_id) DO UPDATE SET n = n + 1;"
    )


def _take(d: str, t: str, c: str) -> str:
    """SQLite: -1 for (document d, tag t, coder c) and the row gone at 0."""
    key = KEY.format(d=d, t=t, c=c)
    return f"UPDATE tag_counts SET n = n - 1 WHERE {key}; DELETE FROM tag_counts WHERE {key} AND n <= 0;"


OF = "(SELECT a.{col} FROM annotations a WHERE a.id = {side}.annotation_id)"


def _of(col: str, side: str) -> str:
    return OF.format(col=col, side=side)


SQLITE_TRIGGERS = (
    "CREATE TRIGGER tr_tag_counts_link_i AFTER INSERT ON annotation_tags BEGIN "
    + _add("SELECT a.document_id, NEW.tag_id, a.coder_id, 1 FROM annotations a WHERE a.id = NEW.annotation_id")
    + " END",
    "CREATE TRIGGER tr_tag_counts_link_d AFTER DELETE ON annotation_tags BEGIN "
    + _take(_of("document_id", "OLD"), "OLD.tag_id", _of("coder_id", "OLD"))
    + " END",
    "CREATE TRIGGER tr_tag_counts_link_u AFTER UPDATE ON annotation_tags BEGIN "
    + _take(_of("document_id", "OLD"), "OLD.tag_id", _of("coder_id", "OLD"))
    + _add("SELECT a.document_id, NEW.tag_id, a.coder_id, 1 FROM annotations a WHERE a.id = NEW.annotation_id")
    + " END",
    # Before the row goes: its tag links are still there to be read (the cascade that deletes them
    # runs after, and their trigger then finds no annotation and does nothing).
    "CREATE TRIGGER tr_tag_counts_annotation_d BEFORE DELETE ON annotations BEGIN "
    "UPDATE tag_counts SET n = n - 1 WHERE document_id = OLD.document_id AND coder_id = OLD.coder_id "
    "AND tag_id IN (SELECT tag_id FROM annotation_tags WHERE annotation_id = OLD.id); "
    "DELETE FROM tag_counts WHERE document_id = OLD.document_id AND coder_id = OLD.coder_id AND n <= 0; END",
    "CREATE TRIGGER tr_tag_counts_annotation_u AFTER UPDATE OF document_id, coder_id ON annotations "
    "WHEN OLD.document_id <> NEW.document_id OR OLD.coder_id <> NEW.coder_id BEGIN "
    "UPDATE tag_counts SET n = n - 1 WHERE document_id = OLD.document_id AND coder_id = OLD.coder_id "
    "AND tag_id IN (SELECT tag_id FROM annotation_tags WHERE annotation_id = OLD.id); "
    "DELETE FROM tag_counts WHERE document_id = OLD.document_id AND coder_id = OLD.coder_id AND n <= 0; "
    + _add("SELECT NEW.document_id, tag_id, NEW.coder_id, 1 FROM annotation_tags WHERE annotation_id = NEW.id")
    + " END",
)
SQLITE_NAMES = ("link_i", "link_d", "link_u", "annotation_d", "annotation_u")

POSTGRESQL = (
    # Called only by the trigger functions below (their owner's right): nobody else may move a count.
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
    # Only the lead reads everyone's counts; coders get no grant (a blind coder's crosstab counts
    # what row security lets them see).
    f"GRANT SELECT ON tag_counts TO {LEAD}",
)


def upgrade() -> None:
    op.create_table(
        "tag_counts",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        # No foreign keys: a deleted document's or tag's rows are counted out by the triggers as
        # the cascade takes their links (and on PostgreSQL a count updated twice in the transaction
        # that deletes its document would be checked against the document already gone).
        sa.PrimaryKeyConstraint("document_id", "tag_id", "coder_id", name="pk_tag_counts"),
    )
    op.execute(FILL)
    dialect = op.get_bind().dialect.name
    statements = SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRESQL if dialect == "postgresql" else ()
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in SQLITE_NAMES:
            op.execute(f"DROP TRIGGER tr_tag_counts_{name}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER tr_tag_counts_link ON annotation_tags")
        op.execute("DROP TRIGGER tr_tag_counts_annotation_d ON annotations")
        op.execute("DROP TRIGGER tr_tag_counts_annotation_u ON annotations")
        op.execute("DROP FUNCTION tag_counts_link()")
        op.execute("DROP FUNCTION tag_counts_annotation()")
        op.execute("DROP FUNCTION tag_counts_add(integer, integer, integer, integer)")
    op.drop_table("tag_counts")
