"""Rejected suggestions on a team library (revision 0015, decision 053): each coder's own, enforced
by row security — through the services with the coders' logins and through raw psycopg with them
(psql's view); the change log names the rejection's coder, so a blind coder hears nothing of
another's; the lead reads all, changes their own, and merges anyone's; an inactive coder writes none."""

from __future__ import annotations

import psycopg
import pytest

from annotator.services import open_services


def _offers(services):
    return {(s.tag, s.start, s.end) for s in services.suggestions.suggest(1)}


def _ids(team):
    with team.raw("postgres") as admin:
        return dict(admin.execute("SELECT login, id FROM coders").fetchall())


def _rejections(team):
    with team.raw("postgres") as admin:
        return sorted(admin.execute("SELECT coder_id, tag_id, start_offset, end_offset FROM rejected_suggestions"))


@pytest.fixture
def rejected(team):
    """Alice rejected the first suggestion of document 1 (blind), with her login."""
    alice = team.services(team.alice)
    try:
        first = alice.suggestions.suggest(1)[0]
        alice.suggestions.reject(1, [first])
        assert (first.tag, first.start, first.end) not in _offers(alice)
    finally:
        alice.close()
    team.first = (first.tag, first.start, first.end)
    return team


def test_another_coder_is_still_offered_what_alice_rejected(rejected):
    bob = rejected.services(rejected.bob)
    try:
        assert rejected.first in _offers(bob)
    finally:
        bob.close()


def test_bobs_login_cannot_read_insert_change_or_delete_alices_rejections(rejected):
    ids = _ids(rejected)
    before = _rejections(rejected)
    assert [row[0] for row in before] == [ids[rejected.alice]]
    _, tag, start, end = before[0]
    with rejected.raw(rejected.bob) as raw:
        assert raw.execute("SELECT count(*) FROM rejected_suggestions").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(
                "INSERT INTO rejected_suggestions (document_id, tag_id, start_offset, end_offset, coder_id) "
                "VALUES (1, %s, %s, %s, %s)",
                (tag, start + 1, end + 1, ids[rejected.alice]),
            )
        assert raw.execute("DELETE FROM rejected_suggestions").rowcount == 0
        assert raw.execute("UPDATE rejected_suggestions SET end_offset = end_offset + 1").rowcount == 0
        # Nothing of her rejection in the log either, while document 1 is blind.
        assert raw.execute("SELECT count(*) FROM change_log WHERE tbl = 'rejected_suggestions'").fetchone() == (0,)
        # His own are his to write.
        raw.execute(
            "INSERT INTO rejected_suggestions (document_id, tag_id, start_offset, end_offset, coder_id) "
            "VALUES (1, %s, %s, %s, %s)",
            (tag, start, end, ids[rejected.bob]),
        )
        assert raw.execute("SELECT coder_id FROM rejected_suggestions").fetchall() == [(ids[rejected.bob],)]
    assert _rejections(rejected) == sorted([before[0], (ids[rejected.bob], tag, start, end)])
    with rejected.raw(rejected.alice) as raw:  # her log row names her
        assert raw.execute(
            "SELECT coder_id FROM change_log WHERE tbl = 'rejected_suggestions' AND kind = 'i'"
        ).fetchall() == [(ids[rejected.alice],)]


def test_the_lead_reads_everyones_rejections_but_deletes_only_their_own(rejected):
    before = _rejections(rejected)
    with rejected.raw(rejected.lead) as raw:
        assert sorted(raw.execute("SELECT coder_id, tag_id, start_offset, end_offset FROM rejected_suggestions")) == before
        assert raw.execute("DELETE FROM rejected_suggestions").rowcount == 0
        assert raw.execute("UPDATE rejected_suggestions SET end_offset = end_offset + 1").rowcount == 0
    assert _rejections(rejected) == before


def test_an_inactive_coders_open_session_writes_no_rejection(team):
    ids = _ids(team)
    with team.raw(team.bob) as raw:  # open before the deactivation
        admin = open_services(team.url, annotator="admin", backup=False)
        try:
            admin.coders.set_active(team.bob, False)
        finally:
            admin.close()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(
                "INSERT INTO rejected_suggestions (document_id, tag_id, start_offset, end_offset, coder_id) "
                "VALUES (1, 1, 0, 1, %s)",
                (ids[team.bob],),
            )


def test_the_lead_merges_a_coders_offline_rejections_as_theirs_and_a_coder_only_their_own(team, tmp_path):
    offline = tmp_path / "offline.sqlite3"
    for login in (team.alice, team.bob):
        services = open_services(str(offline), annotator=login, backup=False)
        try:
            if not services.documents.list():
                services.documents.import_samples()
            services.suggestions.reject(1, services.suggestions.suggest(1)[:1])
        finally:
            services.close()
    ids = _ids(team)
    alice = team.services(team.alice)
    try:
        report = alice.merge.merge(str(offline))  # a coder brings only her own
        assert report.added["rejected suggestions"] == 1 and report.skipped["rejected suggestions"] == 1
    finally:
        alice.close()
    lead = team.services(team.lead)
    try:
        report = lead.merge.merge(str(offline))
        assert report.added["rejected suggestions"] == 1  # bob's; alice's is here already
        again = lead.merge.merge(str(offline))
        assert not again.added.get("rejected suggestions")
    finally:
        lead.close()
    assert sorted(row[0] for row in _rejections(team)) == sorted([ids[team.alice], ids[team.bob]])
