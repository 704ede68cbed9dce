"""Coders as data: each coder tags in a layer of their own, and never changes another's."""

import pytest

from annotator.services import UserError, open_services


@pytest.fixture
def two(loaded, location):
    """ann and bob on the same library (two programs, as two people would open it)."""
    ann = open_services(location, annotator="ann", backup=False)
    bob = open_services(location, annotator="bob", backup=False)
    yield ann, bob
    ann.close()
    bob.close()


def _claim(services):
    return services.codebook.by_name("claim").id


def test_a_second_coder_on_the_same_span_gets_an_annotation_of_their_own(two):
    ann, bob = two
    claim = _claim(ann)
    mine = ann.annotations.tag(1, 10, 20, [claim]).annotation
    theirs = bob.annotations.tag(1, 10, 20, [claim]).annotation
    assert theirs.id != mine.id
    assert sorted(a.id for a in ann.annotations.for_document(1)) == sorted([mine.id, theirs.id])
    assert ann.annotations.get(mine.id).tag_ids == (claim,)  # ann's passage is as she left it


def test_the_tag_key_toggles_only_in_my_layer(two):
    ann, bob = two
    claim = _claim(ann)
    mine = ann.annotations.tag_or_toggle(1, 10, 20, claim).annotation
    theirs = bob.annotations.tag_or_toggle(1, 10, 20, claim)  # bob's key: tags, does not untag ann's
    assert theirs.created and theirs.annotation.coder == "bob"
    removed = bob.annotations.tag_or_toggle(1, 10, 20, claim)  # again: bob's own goes
    assert removed.deleted and removed.annotation.id == theirs.annotation.id
    assert ann.annotations.get(mine.id) is not None


def test_a_coder_never_changes_or_deletes_another_coders_annotation(two):
    ann, bob = two
    claim, quote = _claim(ann), ann.codebook.by_name("quote").id
    mine = ann.annotations.tag(1, 10, 20, [claim], note="ann's").annotation
    for attempt in (
        lambda: bob.annotations.delete(mine.id),
        lambda: bob.annotations.set_note(mine.id, "bob's"),
        lambda: bob.annotations.add_tags(mine.id, [quote]),
        lambda: bob.annotations.remove_tags(mine.id, [claim]),
        lambda: bob.annotations.toggle_tag(mine.id, claim),
        lambda: bob.annotations.set_state(mine.id, None, mine),
    ):
        with pytest.raises(UserError, match="in ann's layer"):
            attempt()
    assert ann.annotations.get(mine.id) == mine


def test_undo_and_redo_keep_the_uuid_and_the_coder(two):
    ann, _ = two
    made = ann.annotations.tag(1, 10, 20, [_claim(ann)]).annotation
    deleted = ann.annotations.delete(made.id).annotation
    back = ann.annotations.restore(deleted).annotation
    assert (back.id, back.uuid, back.coder) == (made.id, made.uuid, "ann")


def test_the_current_coder_is_made_on_first_write_not_on_open(loaded, location):
    reader = open_services(location, annotator="Dana Coder", backup=False)
    try:
        assert "dana_coder" not in [c.login for c in reader.coders.list()]
        assert reader.coders.current().login == "dana_coder" and reader.coders.id == 0
        reader.annotations.tag(1, 0, 5, [_claim(reader)])
        dana = reader.coders.current()
        assert (dana.login, dana.display_name) == ("dana_coder", "Dana Coder") and dana.id > 0
    finally:
        reader.close()
    again = open_services(location, annotator="dana_coder", backup=False)  # by login, too
    try:
        assert again.coders.current().display_name == "Dana Coder"
    finally:
        again.close()


def test_each_coder_has_a_status_of_their_own(two):
    from annotator.domain.models import Status

    ann, bob = two
    ann.documents.set_status(1, Status.DONE)
    assert ann.documents.get(1).status == Status.DONE and bob.documents.get(1).status == Status.NEW
    bob.documents.set_status(1, Status.IN_PROGRESS)
    assert ann.documents.get(1).status == Status.DONE
    assert [row[6] for row in bob.documents.listing()][:1] == ["in progress"]


def test_an_inactive_coder_writes_nothing_and_their_work_stays(two, location):
    """Decision 046: every write of the coder's layer is refused with a sentence — in an app that
    was open before the lead made them inactive — and their passage stays and counts."""
    from annotator.domain.models import Status

    ann, bob = two
    mine = bob.annotations.tag(1, 10, 20, [_claim(bob)]).annotation
    offers = bob.suggestions.suggest(1, ["date"])
    ann.coders.add("Lea", lead=True)
    lead = open_services(location, annotator="lea", backup=False)
    try:
        assert lead.coders.set_active("bob", False).changed
    finally:
        lead.close()
    for write in (
        lambda: bob.annotations.tag(1, 30, 40, [_claim(bob)]),
        lambda: bob.annotations.set_note(mine.id, "later"),
        lambda: bob.annotations.remove_tags(mine.id, [_claim(bob)]),
        lambda: bob.annotations.delete(mine.id),
        lambda: bob.documents.set_status(1, Status.DONE),
        lambda: bob.suggestions.reject(1, offers[:1]),
    ):
        with pytest.raises(UserError, match="bob is an inactive coder|inactive coder of this library"):
            write()
    with pytest.raises(UserError, match="inactive"):
        ann.coders.switch("bob")
    assert ann.coders.current().login == "ann"
    assert [a.coder for a in ann.annotations.for_document(1)] == ["bob"]  # it stays, as it was
    assert ann.annotations.get(mine.id).note == mine.note
