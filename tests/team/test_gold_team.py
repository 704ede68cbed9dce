"""The gold layer on a team library: the lead adjudicates while the coders are still blind; a
coder is refused by the service and, with psql, by the server (grants and row security); one
curator per document."""

from __future__ import annotations

import psycopg
import pytest

from annotator.services import open_services
from annotator.services.errors import UserError


def _uuids(services, document_id=4):
    return {a.coder: a.uuid for a in services.annotations.for_document(document_id) if a.layer == "coder"}


def test_the_lead_adjudicates_blind_documents_and_a_coder_cannot_write_or_see_gold(coded):
    lead = coded.services(coded.lead)
    try:
        uuids = _uuids(lead)
        step = lead.gold.accept(uuids[coded.alice], "claim", list(uuids.values()))
        assert step.annotation.layer == "gold" and step.annotation.coder == coded.lead
        lead.gold.reject(4, "claim", [uuids[coded.bob]])
        assert [d.decision for d in lead.gold.decisions([4])] == ["accepted", "rejected"]
    finally:
        lead.close()
    bob = coded.services(coded.bob)
    try:
        with pytest.raises(UserError, match="only the lead"):
            bob.gold.add(4, "claim", 0, 4)
        assert bob.gold.decisions([4]) == []  # blind: not even the decisions
    finally:
        bob.close()
    with coded.raw(coded.bob) as raw:
        me = raw.execute("SELECT id FROM coders WHERE login = current_user").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(
                "INSERT INTO gold_decisions (document_id, tag_id, decision, sources, curator_id, decided_at) "
                "VALUES (4, 1, 'added', '[]', %s, '')",
                (me,),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # row security: coders write the coder layer
            raw.execute(
                "INSERT INTO annotations (document_id, start_offset, end_offset, quote, prefix, suffix, note, "
                "created_at, updated_at, fields, uuid, coder_id, layer) "
                "VALUES (4, 0, 1, 'x', '', '', '', '', '', '', gen_random_uuid()::text, %s, 'gold')",
                (me,),
            )
        assert raw.execute("SELECT count(*) FROM gold_decisions").fetchone()[0] == 0
    coded.cli(coded.lead, "reveal", "4")
    with coded.raw(coded.bob) as raw:
        assert raw.execute("SELECT count(*) FROM gold_decisions").fetchone()[0] == 2


def test_a_second_lead_is_told_who_holds_the_document(coded):
    admin = open_services(coded.url, annotator="admin", backup=False)
    second = f"{coded.lead}_2"
    try:
        admin.coders.add(second, lead=True)
    finally:
        admin.close()
    lead = coded.services(coded.lead)
    try:
        uuids = _uuids(lead)
        lead.gold.accept(uuids[coded.bob], "claim", list(uuids.values()))
    finally:
        lead.close()
    done = coded.cli(second, "gold", "accept-agreed", "--doc", "4", check=False)
    assert done.returncode == 1 and f"adjudicated by {coded.lead}" in done.stderr, done.stderr
    assert coded.cli(coded.lead, "gold", "adjudicated", "4", "--reveal").stdout.strip() == "adjudicated 4"
    assert coded.cli(second, "gold", "accept-agreed", "--doc", "4").stdout.startswith("accepted 0")
