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


def test_by_layer_a_blind_coder_still_counts_only_their_own_passages(coded):
    """Decision 044: a layer chosen narrows what row security lets a coder see, never widens it —
    the lead's gold passage and alice's passage stay hidden from bob while document 4 is blind."""
    lead = coded.services(coded.lead)
    try:
        lead.gold.add(4, "claim", 0, 5)
        assert {layer: lead.tables.crosstab("coder", layer=layer).total for layer in ("", "gold", "coders")} == {
            "": 3,
            "gold": 1,
            "coders": 2,
        }
    finally:
        lead.close()
    bob = coded.services(coded.bob)
    try:
        for layer, seen in (("", {coded.bob: 1}), ("coders", {coded.bob: 1}), (coded.bob, {coded.bob: 1})):
            table = bob.tables.crosstab("coder", layer=layer)
            assert {c: table.column_total(c) for c in table.columns} == seen, layer
        for layer in ("gold", coded.alice, coded.lead):
            assert bob.tables.crosstab("coder", layer=layer).total == 0, layer
            assert bob.tables.compare("claim", layer=layer).total == 0, layer
        assert bob.tables.compare("claim", layer="coders").total == 1
    finally:
        bob.close()
    said = coded.cli(coded.bob, "crosstab", "--cols", "coder", "--layer", "coders", "--format", "csv").stdout
    assert said.splitlines()[0] == f"tag,{coded.bob},total"
