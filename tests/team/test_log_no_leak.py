"""The change log tells a blind coder nothing of another coder's passages (revision 0016, decision
057): a link deleted by its annotation's cascade was logged with no coder (the log looked the
annotation up and found it gone), and `coder_log` shows rows about nobody to every coder. Now a
link's log row names the link's own copies of its document and coder (0014). Raw logins, as psql."""

from __future__ import annotations

import psycopg

from annotator.services.watch import LibraryWatch

ABOUT = (
    "SELECT id, tbl, kind, document_id, row_id, coder_id FROM change_log "
    "WHERE tbl IN ('annotations', 'annotation_tags') AND row_id = ANY(%s) ORDER BY id"
)


def _admin(team):
    return psycopg.connect(host=str(team.server.socket), user="postgres", dbname=team.database, autocommit=True)


def test_a_blind_coder_reads_no_log_row_about_anothers_tag_retag_and_delete(coded):
    bob = coded.services(coded.bob)  # Bob's window's view of the log, from before Alice's work
    watch = LibraryWatch(bob.library, busy_ms=100)
    watch.follow(4)
    alice = coded.services(coded.alice)
    try:
        claim, framing = (alice.codebook.by_name(n).id for n in ("claim", "framing"))
        made = alice.annotations.tag_quote(4, "absolute and complete victory", ["claim"], nth=1).annotation
        alice.annotations.add_tags(made.id, [framing])  # retag: a link added…
        alice.annotations.remove_tags(made.id, [claim])  # …and one taken away
        alice.annotations.delete(made.id)  # the last link goes by the annotation's cascade
    finally:
        alice.close()
    try:
        changes, _mark = watch.changes()
    finally:
        bob.close()
    assert made.id not in changes.annotations  # Bob's window is given nothing to look at
    with _admin(coded) as admin:  # every one of them is in the log, each naming Alice
        alices = admin.execute("SELECT id FROM coders WHERE login = %s", (coded.alice,)).fetchone()[0]
        logged = admin.execute(ABOUT, ([made.id],)).fetchall()
    assert [(r[1], r[2]) for r in logged] == [
        ("annotations", "i"),
        ("annotation_tags", "i"),
        ("annotation_tags", "i"),
        ("annotations", "u"),
        ("annotation_tags", "d"),
        ("annotations", "u"),
        ("annotations", "d"),
        ("annotation_tags", "d"),
    ]
    assert {(r[3], r[5]) for r in logged} == {(4, alices)}
    with coded.raw(coded.bob) as raw:  # Bob's own login: not one of them
        assert raw.execute(ABOUT, ([made.id],)).fetchall() == []
        nobodys = "SELECT count(*) FROM change_log WHERE coder_id IS NULL AND tbl IN ('annotations', 'annotation_tags')"
        assert raw.execute(nobodys).fetchone() == (0,)
    with coded.raw(coded.lead) as raw:  # the lead: all of them
        assert raw.execute(ABOUT, ([made.id],)).fetchall() == logged
    with coded.raw(coded.alice) as raw:  # and Alice her own
        assert raw.execute(ABOUT, ([made.id],)).fetchall() == logged
