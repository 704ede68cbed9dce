"""Row security with cheap plans (issue 12, decision 052). PostgreSQL only: SQLite is unchanged.

The policies of 0007, 0008 and 0013 mean the same after this revision; only their plans change.

- `annotator_me()` / `annotator_active()` are SQL functions with `SET search_path`, which the
  planner never inlines: written bare in a policy they ran once per row. Every policy now says
  `(SELECT annotator_me())` — an InitPlan, evaluated once per query.
- "the document is no longer blind" was a correlated `EXISTS` on documents, costed per row (the
  planner's estimate, not the run, made a coder's open of 50,000 passages look a million units
  dear: plans bent away from the superuser's and JIT compiled for seconds). It is now
  `document_id IN (SELECT id FROM documents WHERE phase <> 'blind')`: one hashed set per query.
- annotation_tags learn whose passage each link is: `document_id` and `coder_id`, copies of its
  annotation's, kept by triggers (a BEFORE INSERT OR UPDATE trigger sets them from the
  annotation on every write, whatever the writer said; a move of an annotation to another
  document or coder moves its links' copies). The trigger functions have the invoker's rights:
  a link whose annotation its writer cannot see gets NULLs, which no coder's policy shows and
  every write check refuses. `tags_read` no longer runs the annotations' policy per link (3.3 s
  for the 66,658 links of the 1 MB article): a coder reads a link when `coder_id` is theirs or
  its document is no longer blind — the annotations' own rule on the copied columns; the lead
  reads every link (as before: every link's annotation was the lead's to read).
- `tags_write` (FOR ALL) was ORed into every read of annotation_tags, its EXISTS per link too:
  it is split into insert, update and delete policies with the same checks.

Filled from the existing rows on upgrade (the log and count triggers off meanwhile: nothing a
window shows changes). Downgrade restores 0013's policies word for word and drops the columns.

Written out here, never generated from today's code.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

CODERS, LEAD = "annotator_coders", "annotator_lead"
BOTH = f"{CODERS}, {LEAD}"
OLD = {"me": "annotator_me()", "active": "(SELECT annotator_active())"}  # 0013 wrote its check as an init plan already
NEW = {"me": "(SELECT annotator_me())", "active": "(SELECT annotator_active())"}
OLD_OPEN = "EXISTS (SELECT 1 FROM documents d WHERE d.id = {doc} AND d.phase <> 'blind')"
NEW_OPEN = "{doc} IN (SELECT d.id FROM documents d WHERE d.phase <> 'blind')"
MINE = "EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id AND a.coder_id = {me})"
WRITTEN = ("annotations", "annotation_tags", "document_status", "gold_decisions", "curators")


def _common(f: dict[str, str], open_: str) -> list[tuple[str, str, str]]:
    """(table, policy, its CREATE statement) for the policies whose shape both revisions share."""
    me = f["me"]
    made = [
        (
            "annotations",
            "coder_read",
            f"FOR SELECT TO {CODERS} USING (coder_id = {me} OR {open_.format(doc='document_id')})",
        ),
        ("annotations", "own_insert", f"FOR INSERT TO {CODERS} WITH CHECK (coder_id = {me} AND layer = 'coder')"),
        (
            "annotations",
            "own_update",
            f"FOR UPDATE TO {CODERS} USING (coder_id = {me}) WITH CHECK (coder_id = {me} AND layer = 'coder')",
        ),
        ("annotations", "own_delete", f"FOR DELETE TO {CODERS} USING (coder_id = {me})"),
        ("annotations", "lead_insert", f"FOR INSERT TO {LEAD} WITH CHECK (coder_id = {me})"),
        ("annotations", "lead_update", f"FOR UPDATE TO {LEAD} USING (coder_id = {me}) WITH CHECK (coder_id = {me})"),
        ("annotations", "lead_delete", f"FOR DELETE TO {LEAD} USING (coder_id = {me})"),
        ("document_status", "own_status", f"FOR ALL TO {BOTH} USING (coder_id = {me}) WITH CHECK (coder_id = {me})"),
        (
            "change_log",
            "coder_log",
            f"FOR SELECT TO {CODERS} USING (coder_id IS NULL OR coder_id = {me} OR "
            f"{open_.format(doc='change_log.document_id')})",
        ),
        ("gold_decisions", "coder_read", f"FOR SELECT TO {CODERS} USING ({open_.format(doc='document_id')})"),
        ("gold_decisions", "lead_write", f"FOR ALL TO {LEAD} USING (curator_id = {me}) WITH CHECK (curator_id = {me})"),
        ("curators", "lead_holds", f"FOR ALL TO {LEAD} USING (true) WITH CHECK (coder_id = {me})"),
    ]
    active = f["active"]
    for table in WRITTEN:  # 0013's restrictive policies: only an active coder writes
        made += [
            (table, "active_insert", f"AS RESTRICTIVE FOR INSERT TO {BOTH} WITH CHECK ({active})"),
            (table, "active_update", f"AS RESTRICTIVE FOR UPDATE TO {BOTH} USING ({active}) WITH CHECK ({active})"),
            (table, "active_delete", f"AS RESTRICTIVE FOR DELETE TO {BOTH} USING ({active})"),
        ]
    return made


def _old_links() -> list[tuple[str, str, str]]:
    mine = MINE.format(me=OLD["me"])
    return [
        (
            "annotation_tags",
            "tags_read",
            f"FOR SELECT TO {BOTH} USING (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id))",
        ),
        ("annotation_tags", "tags_write", f"FOR ALL TO {BOTH} USING ({mine}) WITH CHECK ({mine})"),
    ]


def _new_links() -> list[tuple[str, str, str]]:
    me, mine = NEW["me"], MINE.format(me=NEW["me"])
    return [
        (
            "annotation_tags",
            "tags_read",
            f"FOR SELECT TO {CODERS} USING (coder_id = {me} OR {NEW_OPEN.format(doc='document_id')})",
        ),
        ("annotation_tags", "lead_tags_read", f"FOR SELECT TO {LEAD} USING (true)"),
        ("annotation_tags", "tags_insert", f"FOR INSERT TO {BOTH} WITH CHECK ({mine})"),
        ("annotation_tags", "tags_update", f"FOR UPDATE TO {BOTH} USING ({mine}) WITH CHECK ({mine})"),
        ("annotation_tags", "tags_delete", f"FOR DELETE TO {BOTH} USING ({mine})"),
    ]


# Whose passage a link is: set from its annotation on every write of the link (the writer's
# values are never kept); read with the writer's rights, so an annotation they cannot see gives NULLs.
LINK_OWNER = """CREATE FUNCTION annotation_tags_owner() RETURNS trigger LANGUAGE plpgsql
    SET search_path = public, pg_temp AS $$
    BEGIN
        SELECT a.document_id, a.coder_id INTO NEW.document_id, NEW.coder_id
            FROM annotations a WHERE a.id = NEW.annotation_id;
        RETURN NEW;
    END $$"""
# An annotation moved to another document or coder: its links follow (the trigger above sets them).
LINKS_FOLLOW = """CREATE FUNCTION annotation_tags_follow() RETURNS trigger LANGUAGE plpgsql
    SET search_path = public, pg_temp AS $$
    BEGIN
        UPDATE annotation_tags SET document_id = NEW.document_id, coder_id = NEW.coder_id
            WHERE annotation_id = NEW.id;
        RETURN NULL;
    END $$"""
FILL = (
    "UPDATE annotation_tags t SET document_id = a.document_id, coder_id = a.coder_id "
    "FROM annotations a WHERE a.id = t.annotation_id"
)


def _replace(policies: list[tuple[str, str, str]]) -> None:
    for table, name, body in policies:
        op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
        op.execute(f"CREATE POLICY {name} ON {table} {body}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE annotation_tags ADD COLUMN document_id integer, ADD COLUMN coder_id integer")
    op.execute("ALTER TABLE annotation_tags DISABLE TRIGGER USER")  # the log and counts: nothing changes
    op.execute(FILL)
    op.execute("ALTER TABLE annotation_tags ENABLE TRIGGER USER")
    op.execute(LINK_OWNER)
    op.execute(LINKS_FOLLOW)
    op.execute(
        "CREATE TRIGGER tr_annotation_tags_owner BEFORE INSERT OR UPDATE ON annotation_tags "
        "FOR EACH ROW EXECUTE FUNCTION annotation_tags_owner()"
    )
    op.execute(
        "CREATE TRIGGER tr_annotation_tags_follow AFTER UPDATE OF document_id, coder_id ON annotations FOR EACH ROW "
        "WHEN (OLD.document_id IS DISTINCT FROM NEW.document_id OR OLD.coder_id IS DISTINCT FROM NEW.coder_id) "
        "EXECUTE FUNCTION annotation_tags_follow()"
    )
    for table, name, _ in _old_links():
        op.execute(f"DROP POLICY {name} ON {table}")
    _replace(_common(NEW, NEW_OPEN) + _new_links())


def downgrade() -> None:
    """Back to 0013: its policies as they were written, the links without their copies."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, name, _ in _new_links():
        op.execute(f"DROP POLICY {name} ON {table}")
    _replace(_common(OLD, OLD_OPEN) + _old_links())
    op.execute("DROP TRIGGER tr_annotation_tags_follow ON annotations")
    op.execute("DROP TRIGGER tr_annotation_tags_owner ON annotation_tags")
    op.execute("DROP FUNCTION annotation_tags_follow()")
    op.execute("DROP FUNCTION annotation_tags_owner()")
    op.execute("ALTER TABLE annotation_tags DROP COLUMN coder_id, DROP COLUMN document_id")
