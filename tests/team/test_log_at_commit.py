"""The change log is written when a transaction commits (revision 0016, decision 057, 054's B):
an open transaction that has written holds no lock of the log, so another coder's write commits
meanwhile; the ids still follow the commits. And a coder's passage tagged, retagged and deleted in
one transaction is logged in the order of its writes, naming its coder (at commit the link's
annotation is gone). Raw logins, as psql."""

from __future__ import annotations

import psycopg

STATUS = "INSERT INTO document_status (document_id, coder_id, status) VALUES (%s, annotator_me(), 'done')"
LOGGED = "SELECT id, document_id, coder_id FROM change_log WHERE tbl = 'document_status' ORDER BY id"


def _login(team, login):
    return psycopg.connect(host=str(team.server.socket), user=login, dbname=team.database)


def test_an_open_transaction_holds_no_log_lock_and_ids_follow_the_commits(team):
    with _login(team, team.alice) as alice, _login(team, team.bob) as bob:
        alice.execute(STATUS, (4,))  # Alice's transaction is open, her row written
        bob.execute("SET lock_timeout = '2s'")  # 0015: Bob waited for Alice's lock until she committed
        bob.execute(STATUS, (4,))
        bob.commit()
        alice.commit()
        ids = {login: c.execute("SELECT annotator_me()").fetchone()[0] for login, c in (("a", alice), ("b", bob))}
    with team.raw(team.lead) as lead:
        assert [row[1:] for row in lead.execute(LOGGED)] == [(4, ids["b"]), (4, ids["a"])]  # Bob committed first


def test_one_transactions_tag_retag_and_delete_are_logged_in_order_with_their_coder(team):
    with _login(team, team.alice) as alice:
        me = alice.execute("SELECT annotator_me()").fetchone()[0]
        tags = dict(alice.execute("SELECT name, id FROM tags WHERE name IN ('claim', 'framing')").fetchall())
        (made,) = alice.execute(
            "INSERT INTO annotations (document_id, start_offset, end_offset, quote, prefix, suffix, note, created_at, "
            "updated_at, fields, uuid, coder_id, layer) SELECT 4, 0, 5, substr(text, 1, 5), '', '', '', '', '', '{}', "
            "gen_random_uuid()::text, %s, 'coder' FROM document_texts WHERE document_id = 4 RETURNING id",
            (me,),
        ).fetchone()
        alice.execute("INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (%s, %s)", (made, tags["claim"]))
        alice.execute("UPDATE annotation_tags SET tag_id = %s WHERE annotation_id = %s", (tags["framing"], made))
        alice.execute("DELETE FROM annotations WHERE id = %s", (made,))  # its link goes by the cascade
        alice.commit()
    with team.raw(team.lead) as lead:
        logged = lead.execute(
            "SELECT tbl, kind, document_id, coder_id FROM change_log WHERE row_id = %s "
            "AND tbl IN ('annotations', 'annotation_tags') ORDER BY id",
            (made,),
        ).fetchall()
    assert logged == [
        ("annotations", "i", 4, me),
        ("annotation_tags", "i", 4, me),
        ("annotation_tags", "u", 4, me),
        ("annotations", "d", 4, me),
        ("annotation_tags", "d", 4, me),
    ]
