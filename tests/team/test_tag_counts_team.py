"""The kept tag counts (revision 0011) on a team library: a blind coder may not read them (they are
everyone's) and their crosstab counts only what row security lets them see; the lead's crosstab
reads them and counts everyone's — checked through the services and raw psycopg with the logins."""

from __future__ import annotations

import psycopg
import pytest

from annotator.storage import tables_query


def _crosstab(services, column, *, kept=None):
    with services.library.reading() as session:
        return sorted(tables_query.crosstab(session, column, documents=False, kept=kept))


def test_a_blind_coder_counts_only_their_own_passages_and_cannot_read_the_kept_counts(coded):
    bob = coded.services(coded.bob)
    try:
        table = bob.tables.crosstab("coder")
        assert [c for c in table.columns] == [coded.bob]  # alice's passage is not counted
        assert table.total == 1
        with bob.library.reading() as session:
            assert not tables_query.kept_counts_readable(session)
    finally:
        bob.close()
    with coded.raw(coded.bob) as raw, pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw.execute("SELECT * FROM tag_counts")
    lead = coded.services(coded.lead)
    try:
        table = lead.tables.crosstab("coder")
        assert set(table.columns) == {coded.alice, coded.bob} and table.total == 2
        with lead.library.reading() as session:
            assert tables_query.kept_counts_readable(session)
        for column in ("source", "coder"):
            assert _crosstab(lead, column, kept=True) == _crosstab(lead, column, kept=False)
    finally:
        lead.close()
    with coded.raw(coded.lead) as raw:
        assert raw.execute("SELECT sum(n) FROM tag_counts").fetchone()[0] == 2


def test_a_coders_writes_move_the_kept_counts_they_cannot_read(coded):
    """The trigger functions write the counts with their owner's right, for a coder's own writes."""
    alice = coded.services(coded.alice)
    try:
        claim = alice.codebook.by_name("claim").id
        made = alice.annotations.tag(4, 0, 5, [claim]).annotation
        alice.annotations.add_tags(made.id, [alice.codebook.by_name("quote").id])
        gone = alice.annotations.for_document(4)[0]
        alice.annotations.delete(gone.id)
    finally:
        alice.close()
    lead = coded.services(coded.lead)
    try:
        assert _crosstab(lead, "coder", kept=True) == _crosstab(lead, "coder", kept=False)
        assert lead.integrity.check().problems == []
    finally:
        lead.close()
