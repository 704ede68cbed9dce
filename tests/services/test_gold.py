"""The gold layer through the services on both backends: each decision writes a gold annotation
(layer 'gold', the curator as coder) and its provenance; undo and redo; only the lead; one
curator per document; agreement never counts gold."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from annotator.services.agreement import AgreementOptions, AgreementService
from annotator.services.errors import ConflictError, UserError
from annotator.services.gold import BlindDocuments


def _tag(services, coder, doc, quote, tag="claim", nth=1):
    services.coders.switch(coder)
    return services.annotations.tag_quote(doc, quote, [tag], nth=nth).annotation


@pytest.fixture
def two(loaded):
    """ann and bob on document 4: one passage the same, one overlapping, one only ann marked."""
    same = [_tag(loaded, c, 4, "Armenia and Azerbaijan") for c in ("ann", "bob")]
    ann = _tag(loaded, "ann", 4, "Karabakh", tag="framing")
    bob = _tag(loaded, "bob", 4, "victory in Karabakh", tag="framing")
    alone = _tag(loaded, "ann", 4, "anti-terrorist operation")
    loaded.coders.add("Lea", lead=True)
    loaded.coders.switch("lea")
    return loaded, same, ann, bob, alone


def _gold(services, doc=4):
    return [a for a in services.annotations.for_document(doc) if a.layer == "gold"]


def _log(services):
    with services.library.reading() as s:
        return s.execute(text("SELECT tbl, kind FROM change_log WHERE tbl = 'gold_decisions' ORDER BY id")).all()


def test_accept_one_coders_passage_with_provenance_then_undo_and_redo(two):
    services, _, ann, bob, _ = two
    before = AgreementService(services.library).compute(AgreementOptions())
    step = services.gold.accept(bob.uuid, "framing", [ann.uuid, bob.uuid])
    (gold,) = _gold(services)
    assert (gold.start, gold.end, gold.quote, gold.coder, gold.layer) == (bob.start, bob.end, bob.quote, "lea", "gold")
    (decision,) = services.gold.decisions([4])
    assert (decision.decision, decision.curator, decision.gold_uuid) == ("accepted", "lea", gold.uuid)
    assert set(decision.sources) == {ann.uuid, bob.uuid}
    assert AgreementService(services.library).compute(AgreementOptions()).rows == before.rows  # gold is no coder
    assert _log(services) == [("gold_decisions", "i")]
    services.gold.undo(step)
    assert _gold(services) == [] and services.gold.decisions([4]) == []
    services.gold.redo(step)
    assert [g.uuid for g in _gold(services)] == [gold.uuid] and services.gold.decisions([4]) == [decision]


def test_edit_add_and_reject_each_leave_their_decision(two):
    services, _, ann, bob, alone = two
    edited = services.gold.accept_edited(4, "framing", bob.start + 11, bob.end, [ann.uuid, bob.uuid])
    assert edited.annotation.quote == "Karabakh" and edited.decision.decision == "edited"
    added = services.gold.add(4, "claim", alone.start, alone.start + 4)
    assert added.annotation.quote == "anti" and added.decision.sources == ()
    rejected = services.gold.reject(4, "claim", [alone.uuid])
    assert rejected.annotation is None and rejected.decision.gold_uuid is None
    assert [d.decision for d in services.gold.decisions([4])] == ["edited", "added", "rejected"]
    services.gold.undo(rejected)
    assert [d.decision for d in services.gold.decisions([4])] == ["edited", "added"]
    with pytest.raises(UserError, match="outside|span|empty"):
        services.gold.add(4, "claim", 10**7, 10**7 + 1)


def test_accept_agreed_takes_only_what_every_coder_marked_identically_once(two):
    services, same, *_ = two
    steps = services.gold.accept_agreed([4])
    assert len(steps) == 1 and set(steps[0].decision.sources) == {a.uuid for a in same}
    (gold,) = _gold(services)
    assert (gold.start, gold.end) == (same[0].start, same[0].end)
    assert services.gold.accept_agreed([4]) == []  # decided already


def test_a_decision_names_only_coders_passages_of_its_document_with_its_tag(two, tmp_path):
    """Provenance must be true: a gold passage, another document's passage or a tag the chosen
    passage does not have is refused with a sentence (review finding: all were written)."""
    services, same, ann, bob, _ = two
    with pytest.raises(UserError, match="not tagged quote"):
        services.gold.accept(bob.uuid, "quote", [ann.uuid, bob.uuid])
    gold = services.gold.accept(bob.uuid, "framing", [ann.uuid, bob.uuid]).annotation
    with pytest.raises(UserError, match="no coder's annotation"):
        services.gold.accept(same[0].uuid, "claim", [gold.uuid])
    services.coders.switch("ann")
    other = services.annotations.tag_quote(1, "Azerbaijan", ["claim"], nth=1).annotation
    services.coders.switch("lea")
    with pytest.raises(UserError, match="in document 4"):
        services.gold.reject(4, "claim", [other.uuid])
    assert len(services.gold.decisions([4])) == 1


def test_accept_agreed_leaves_a_passage_already_in_gold_without_its_decision(two):
    """A merge brings gold passages by UUID but not the decisions behind them: what is in gold
    already is not accepted a second time (review finding: it was, giving two gold passages)."""
    services, same, *_ = two
    services.gold.accept_agreed([4])
    with services.library.writing() as session:
        session.execute(text("DELETE FROM gold_decisions"))
    assert services.gold.accept_agreed([4]) == []
    assert len(_gold(services)) == 1


def test_only_the_lead_writes_gold_and_marks_adjudicated(two):
    services, _, ann, bob, _ = two
    services.coders.switch("ann")
    with pytest.raises(UserError, match="only the lead"):
        services.gold.accept(bob.uuid, "framing", [ann.uuid])
    with pytest.raises(UserError, match="only the lead"):
        services.gold.mark_adjudicated([4])
    assert _gold(services) == []
    services.coders.switch("lea")
    assert services.gold.mark_adjudicated([4], reveal=True) == [4]
    assert services.documents.phases([4]) == {4: "adjudicated"}


def test_one_curator_per_document_a_second_is_told_who_holds_it(two):
    services, _, ann, bob, _ = two
    services.gold.accept(ann.uuid, "framing", [ann.uuid, bob.uuid])
    services.coders.add("Max", lead=True)
    services.coders.switch("max")
    with pytest.raises(UserError, match="adjudicated by lea"):
        services.gold.reject(4, "framing", [bob.uuid])
    services.gold.add(1, "claim", 0, 4)  # another document is free
    services.coders.switch("lea")
    services.gold.mark_adjudicated([4], reveal=True)  # done: the hold ends
    services.coders.switch("max")
    services.gold.reject(4, "framing", [bob.uuid])


def test_accept_agreed_on_a_document_that_does_not_exist_is_one_sentence(two):
    services = two[0]
    with pytest.raises(UserError, match="no document 99"):
        services.gold.accept_agreed([99])


def test_marking_adjudicated_is_undone_only_over_what_it_left(two):
    services = two[0]
    before = services.documents.phases([4])
    assert services.gold.mark_adjudicated([4], reveal=True) == [4]
    services.gold.unmark_adjudicated(before)
    assert services.documents.phases([4]) == before == {4: "blind"}  # hidden again, as it was
    services.gold.mark_adjudicated([4], reveal=True)
    services.documents.reveal([4])  # changed since: undo refuses, changing nothing
    with pytest.raises(UserError, match="changed since"):
        services.gold.unmark_adjudicated(before)
    assert services.documents.phases([4]) == {4: "revealed"}


def test_a_blind_document_is_marked_adjudicated_only_when_told_to_reveal_it(two):
    """Decision 044: adjudicated is not blind, so marking a blind document silently showed it to the
    coders. Refused (naming the blind ones, changing nothing) unless `reveal`; a revealed one is not asked."""
    services = two[0]
    services.documents.reveal([1])
    with pytest.raises(BlindDocuments, match="documents 2, 4 are still blind") as refused:
        services.gold.mark_adjudicated([4, 1, 2])
    assert refused.value.documents == (2, 4)
    assert services.documents.phases([1, 2, 4]) == {1: "revealed", 2: "blind", 4: "blind"}
    assert services.gold.mark_adjudicated([1]) == [1]
    assert services.gold.mark_adjudicated([2, 4], reveal=True) == [2, 4]
    assert services.documents.phases([1, 2, 4]) == {1: "adjudicated", 2: "adjudicated", 4: "adjudicated"}


def test_gold_takes_the_field_values_the_coders_agree_on(two):
    """accept copies the chosen passage's values; accept-agreed and accept-edited take each value
    every coder gave alike, and leave a field they filled differently (or one left empty) to the
    curator — before, both wrote gold passages with no field values at all."""
    services, same, ann, bob, _ = two
    for coder, passage, values in (
        ("ann", same[0], {"claimant": "Aliyev"}),
        ("bob", same[1], {"claimant": "Aliyev"}),
        ("ann", ann, {"frame": "conflict"}),
        ("bob", bob, {"frame": "morality"}),
    ):
        services.coders.switch(coder)
        services.annotations.set_fields(passage.id, values)
    services.coders.switch("lea")
    (agreed,) = services.gold.accept_agreed([4])
    assert agreed.annotation.fields == (("claimant", "Aliyev"),)
    edited = services.gold.accept_edited(4, "framing", bob.start + 11, bob.end, [ann.uuid, bob.uuid])
    assert edited.annotation.fields == ()  # conflict against morality: the curator's to set
    services.gold.undo(edited)
    services.coders.switch("bob")
    services.annotations.set_fields(bob.id, {"frame": "conflict"})
    services.coders.switch("lea")
    edited = services.gold.accept_edited(4, "framing", bob.start + 11, bob.end, [ann.uuid, bob.uuid])
    assert edited.annotation.fields == (("frame", "conflict"),)
    assert {g.uuid: g.fields for g in _gold(services)}[edited.annotation.uuid] == (("frame", "conflict"),)


def test_undoing_many_decisions_is_all_or_none(two):
    """Accept agreed's decisions are one undo step in the app (gold.undo_many): when one of them
    was changed meanwhile, none is taken back — not the others first, then a refusal."""
    services, *_ = two
    _tag(services, "bob", 4, "anti-terrorist operation")  # ann marked it too: a second agreed passage
    services.coders.switch("lea")
    steps = services.gold.accept_agreed([4])
    assert len(steps) == 2
    with services.library.writing() as session:  # another program changed the first one since
        session.execute(text("UPDATE annotations SET note = 'checked' WHERE id = :id"), {"id": steps[0].annotation.id})
    with pytest.raises(ConflictError):
        services.gold.undo_many(steps)
    assert len(_gold(services)) == 2 and len(services.gold.decisions([4])) == 2
    with services.library.writing() as session:
        session.execute(text("UPDATE annotations SET note = '' WHERE id = :id"), {"id": steps[0].annotation.id})
    services.gold.undo_many([steps[1]])
    assert [g.uuid for g in _gold(services)] == [steps[0].annotation.uuid]
    services.gold.redo_many([steps[1]])
    assert sorted(g.id for g in _gold(services)) == sorted(s.annotation.id for s in steps)
