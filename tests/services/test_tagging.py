"""Tagging through the services on a real library file; the offset invariant on every write path."""

import pytest

from annotator.services import UserError
from tests.rawdb import RawDB


def invariant(services, document_id):
    text = services.documents.text(document_id)
    for a in services.annotations.for_document(document_id):
        assert text[a.start : a.end] == a.quote
        assert text[max(0, a.start - 32) : a.start] == a.prefix
        assert text[a.end : a.end + 32] == a.suffix
        assert a.tag_ids, "an annotation without tags must not exist"


def tag_ids(services, *names):
    return [services.codebook.by_name(n).id for n in names]


def test_tag_a_span(loaded):
    text = loaded.documents.text(1)
    start = text.index("Hundreds of Azerbaijani soldiers")
    result = loaded.annotations.tag(1, start, start + 32, tag_ids(loaded, "claim"), note="n")
    a = result.annotation
    assert result.created and a.quote == "Hundreds of Azerbaijani soldiers"
    assert a.coder == "tester" and a.note == "n" and len(a.uuid) == 36 and a.layer == "coder"
    assert a.created_at.endswith("Z") and a.created_at == a.updated_at
    assert result.changes.documents == {1}
    invariant(loaded, 1)


def test_same_span_gets_a_second_tag_not_a_second_annotation(loaded):
    first = loaded.annotations.tag(1, 10, 20, tag_ids(loaded, "claim")).annotation
    second = loaded.annotations.tag(1, 10, 20, tag_ids(loaded, "quote"))
    assert not second.created and second.annotation.id == first.id
    assert set(second.annotation.tag_ids) == set(tag_ids(loaded, "claim", "quote"))
    assert len(loaded.annotations.for_document(1)) == 1


def test_overlapping_annotations_stay_apart(loaded):
    loaded.annotations.tag(1, 10, 30, tag_ids(loaded, "claim"))
    loaded.annotations.tag(1, 20, 40, tag_ids(loaded, "framing"))
    assert [(a.start, a.end) for a in loaded.annotations.for_document(1)] == [(10, 30), (20, 40)]
    invariant(loaded, 1)


def test_toggle_removes_and_last_tag_deletes(loaded):
    claim, quote = tag_ids(loaded, "claim", "quote")
    a = loaded.annotations.tag(1, 10, 20, [claim]).annotation
    assert loaded.annotations.toggle_tag(a.id, quote).annotation.tag_ids == (claim, quote)
    assert loaded.annotations.toggle_tag(a.id, claim).annotation.tag_ids == (quote,)
    gone = loaded.annotations.toggle_tag(a.id, quote)
    assert gone.deleted and loaded.annotations.get(a.id) is None


def test_delete_and_restore_bring_back_the_same_annotation(loaded):
    a = loaded.annotations.tag(2, 5, 15, tag_ids(loaded, "claim", "date"), note="keep").annotation
    deleted = loaded.annotations.delete(a.id).annotation
    assert loaded.annotations.get(a.id) is None
    restored = loaded.annotations.restore(deleted).annotation
    assert restored == a


def test_note_edit_updates_time(loaded):
    a = loaded.annotations.tag(1, 10, 20, tag_ids(loaded, "claim")).annotation
    edited = loaded.annotations.set_note(a.id, "a note\nwith two lines").annotation
    assert edited.note == "a note\nwith two lines" and edited.updated_at >= a.updated_at


@pytest.mark.parametrize("span", [(5, 5), (-1, 3), (0, 10**7)])
def test_bad_spans_are_user_errors(loaded, span):
    with pytest.raises(UserError):
        loaded.annotations.tag(1, *span, tag_ids(loaded, "claim"))


def test_unknown_document_or_tag(loaded):
    with pytest.raises(UserError, match="no document 99"):
        loaded.annotations.tag(99, 0, 1, tag_ids(loaded, "claim"))
    with pytest.raises(UserError, match="does not exist"):
        loaded.annotations.tag(1, 0, 1, [999])
    assert loaded.annotations.for_document(1) == []  # nothing half-written
    with pytest.raises(UserError, match="no tag named"):
        loaded.annotations.tag_quote(1, "Khankendi", ["nonsense"], nth=1)


def test_tag_quote_nth_and_ambiguity(loaded):
    text = loaded.documents.text(1)
    with pytest.raises(UserError, match="occurs"):
        loaded.annotations.tag_quote(1, "Azerbaijan", ["claim"])
    a = loaded.annotations.tag_quote(1, "Azerbaijan", ["claim"], nth=3).annotation
    third = [i for i in range(len(text)) if text.startswith("Azerbaijan", i)][2]
    assert (a.start, a.end) == (third, third + len("Azerbaijan"))
    with pytest.raises(UserError, match="not found"):
        loaded.annotations.tag_quote(1, "not in the text at all", ["claim"])


def test_every_action_is_committed_for_other_readers(loaded, location):
    a = loaded.annotations.tag(1, 10, 20, tag_ids(loaded, "claim")).annotation
    with RawDB(location) as other:
        assert other.all("select quote from annotations where id = :id", id=a.id) == [(a.quote,)]
