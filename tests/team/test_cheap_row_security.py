"""A coder's read of a document costs a plan like the superuser's (revision 0014, decision 052).

The app's own statements (storage.annotations: the reader's spans, the tags of a document's
passages) are EXPLAINed with ANALYZE by a coder's raw login on a blind document holding their
passages and another coder's. Row security may add work once per query (an InitPlan for
`annotator_me()`, a hashed set of the documents no longer blind), never once per row: no policy
function in any node's filter, no subplan run more than once, and the planner's estimate within
twice the superuser's for the same statement (0013's estimate was ~100× and JIT compiled for
seconds). What the coder reads is still only their own rows."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.dialects import postgresql

from annotator.storage import annotations

PASSAGES = 3000  # each coder's, in document 4 (blind)

FILL = """
INSERT INTO annotations (document_id, start_offset, end_offset, quote, prefix, suffix, note, created_at,
                         updated_at, fields, uuid, coder_id, layer)
SELECT 4, mod(g, 900), mod(g, 900) + 5, substr(t.text, mod(g, 900) + 1, 5), '', '', '', 'x', 'x', '', gen_random_uuid()::text,
       c.id, 'coder'
FROM generate_series(1, %(n)s) g, document_texts t, coders c
WHERE t.document_id = 4 AND c.login = ANY(%(logins)s)
"""
LINKS = (
    "INSERT INTO annotation_tags (annotation_id, tag_id) SELECT id, 1 FROM annotations WHERE document_id = 4",
    "INSERT INTO annotation_tags (annotation_id, tag_id) SELECT id, 2 FROM annotations WHERE document_id = 4 AND mod(id, 3) = 0",
)
STATEMENTS = {"spans": annotations._DOC_SPANS, "tags": annotations._DOC_TAGS, "passages": annotations._DOC_FULL}


def _sql(prepared) -> str:
    return str(prepared.compiled(postgresql.psycopg.dialect()))


def _nodes(plan: dict, parent: str = ""):
    yield plan, parent
    for child in plan.get("Plans", ()):
        yield from _nodes(child, child.get("Parent Relationship", ""))


def _explain(connection, sql: str) -> dict:
    connection.execute("SET jit = off")  # the figure is the plan's, not the compiler's
    found = connection.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", {"d_id": 4}).fetchone()[0]
    return (found if isinstance(found, list) else json.loads(found))[0]


@pytest.fixture
def crowded(team):
    with team.raw("postgres") as admin:
        admin.execute(FILL, {"n": PASSAGES, "logins": [team.alice, team.bob]})
        for statement in LINKS:
            admin.execute(statement)
        admin.execute("ANALYZE")
    return team


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_a_coders_read_runs_row_security_once_per_query(crowded, name):
    sql = _sql(STATEMENTS[name])
    with crowded.raw(crowded.alice) as alice, crowded.raw("postgres") as admin:
        mine = _explain(alice, sql)
        everyone = _explain(admin, sql)
    rows = mine["Plan"]["Actual Rows"]
    links = PASSAGES + PASSAGES // 3  # alice's passages and their links; bob's are blind to her
    assert rows == (PASSAGES if name == "passages" else links)
    assert everyone["Plan"]["Actual Rows"] == 2 * rows
    for node, parent in _nodes(mine["Plan"]):
        for key in ("Filter", "Index Cond", "Recheck Cond", "Join Filter", "Hash Cond"):
            assert "annotator_" not in node.get(key, ""), f"{name}: a policy function per row: {node[key]}"
        if parent == "SubPlan":
            assert node["Actual Loops"] <= 1, f"{name}: a policy's subquery run per row ({node['Actual Loops']}×)"
    assert mine["Plan"]["Total Cost"] <= 2 * everyone["Plan"]["Total Cost"], (
        f"{name}: the coder's plan costs {mine['Plan']['Total Cost']:.0f}, the superuser's "
        f"{everyone['Plan']['Total Cost']:.0f}"
    )
