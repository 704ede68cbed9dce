"""The lead merges every coder's layer; an inactive coder writes nothing (issue 12, decision 046).
PostgreSQL only: on SQLite nothing changes (a file has no row security; the services check).

- **Merge by the lead.** 0007 and 0008 let the lead write only rows that are their own
  (`coder_id = annotator_me()`, `curator_id = annotator_me()`), so `annotator merge` by the
  lead's login of a file coded offline by Alice and Bob was refused ("that row is in another
  coder's layer"). New permissive policies let the lead *insert* a row in any coder's layer
  (annotations, their tag links, statuses, gold decisions) — what a merge does: it never updates
  or deletes. The lead's update and delete stay their own rows only. Blind coding is the
  coders' reading, and no coder's policy changes: a row the lead brings in for Bob is read by Bob
  and the lead, and by Alice only once the document is revealed, exactly as if Bob had tagged it.
- **Inactive coders.** `annotator_active()`: whether the connected role is an active coder of
  this library. Restrictive policies (ANDed with every permissive one) make each write on the
  tables under row security need it — insert, update (the new row) and delete — for the coders'
  and the lead's roles. `coders deactivate` also makes the login NOLOGIN (new connections
  refused); these policies stop a session that was open before. Reading is untouched: an
  inactive coder's rows stay and count.

Written out here, never generated from today's code.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

CODERS, LEAD = "annotator_coders", "annotator_lead"

ACTIVE = """CREATE FUNCTION annotator_active() RETURNS boolean LANGUAGE sql STABLE
    SET search_path = public, pg_temp AS $$
    SELECT coalesce((SELECT active FROM coders WHERE login = current_user), false) $$"""

LEAD_INSERTS = (
    f"CREATE POLICY lead_merge ON annotations FOR INSERT TO {LEAD} WITH CHECK (true)",
    f"CREATE POLICY lead_merge ON annotation_tags FOR INSERT TO {LEAD} "
    "WITH CHECK (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id))",
    f"CREATE POLICY lead_merge ON document_status FOR INSERT TO {LEAD} WITH CHECK (true)",
    f"CREATE POLICY lead_merge ON gold_decisions FOR INSERT TO {LEAD} WITH CHECK (true)",
)

WRITTEN = ("annotations", "annotation_tags", "document_status", "gold_decisions", "curators")


def _active_only(table: str) -> list[str]:
    to = f"TO {CODERS}, {LEAD}"
    return [
        f"CREATE POLICY active_insert ON {table} AS RESTRICTIVE FOR INSERT {to} WITH CHECK (annotator_active())",
        f"CREATE POLICY active_update ON {table} AS RESTRICTIVE FOR UPDATE {to} "
        "USING (annotator_active()) WITH CHECK (annotator_active())",
        f"CREATE POLICY active_delete ON {table} AS RESTRICTIVE FOR DELETE {to} USING (annotator_active())",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(ACTIVE)
    for statement in LEAD_INSERTS:
        op.execute(statement)
    for table in WRITTEN:
        for statement in _active_only(table):
            op.execute(statement)


def downgrade() -> None:
    """Back to 0012's policies: the lead writes only their own rows; `active` is not enforced."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in WRITTEN:
        for name in ("active_insert", "active_update", "active_delete"):
            op.execute(f"DROP POLICY {name} ON {table}")
    for table in ("annotations", "annotation_tags", "document_status", "gold_decisions"):
        op.execute(f"DROP POLICY lead_merge ON {table}")
    op.execute("DROP FUNCTION annotator_active()")
