"""Undo and redo put back exactly what they recorded, never over what another program wrote since,
and ids are never reused (another program's annotation must never get the id an undo will restore)."""

import time

import pytest

from annotator.services import open_services
from annotator.services.errors import ConflictError, UserError
from annotator.storage.errors import LibraryError
from tests.rawdb import RawDB


def tag_ids(services, *names):
    return [services.codebook.by_name(n).id for n in names]


def later():
    """Let the millisecond clock of updated_at move on."""
    time.sleep(0.005)


@pytest.fixture
def other(loaded, location):
    """Another program on the same library (its own engine and connections), by the same
    coder (only they may change their annotations)."""
    opened = open_services(location, backup=False)
    yield opened
    opened.close()


def test_annotation_ids_are_never_reused(loaded):
    claim = tag_ids(loaded, "claim")
    first = loaded.annotations.tag(1, 10, 20, claim).annotation
    loaded.annotations.delete(first.id)
    second = loaded.annotations.tag(2, 10, 20, claim).annotation
    assert second.id > first.id


def test_tag_ids_are_never_reused(loaded):
    newest = max(t.id for t in loaded.codebook.tags())
    from annotator.domain.models import TagSpec

    loaded.codebook.delete(newest)
    added, _ = loaded.codebook.add(TagSpec("new tag", "", "", ""))
    assert added.id > newest


def test_redo_of_a_tag_never_deletes_the_annotation_that_took_its_place(loaded, other):
    """The issue's scenario through the services: tag, undo, another program tags, redo."""
    claim = tag_ids(loaded, "claim")
    mine = loaded.annotations.tag(1, 10, 20, claim).annotation
    loaded.annotations.set_state(mine.id, None, expected=mine)  # undo
    theirs = other.annotations.tag(2, 30, 40, claim).annotation
    assert theirs.id != mine.id
    loaded.annotations.set_state(mine.id, mine, expected=None)  # redo
    assert loaded.annotations.get(theirs.id) == theirs
    assert loaded.annotations.get(mine.id) == mine


def test_redo_is_refused_when_the_span_now_holds_another_annotation(loaded, other):
    claim, quote = tag_ids(loaded, "claim", "quote")
    mine = loaded.annotations.tag(1, 10, 20, [claim]).annotation
    loaded.annotations.set_state(mine.id, None, expected=mine)
    theirs = other.annotations.tag(1, 10, 20, [quote], note="theirs").annotation
    with pytest.raises(ConflictError, match=f"annotation {theirs.id}") as refused:
        loaded.annotations.set_state(mine.id, mine, expected=None)
    assert "\n" not in str(refused.value)
    assert loaded.annotations.for_document(1) == [theirs]


def test_undo_of_a_note_edit_is_refused_after_another_program_edited_the_note(loaded, other):
    a = loaded.annotations.tag(1, 10, 20, tag_ids(loaded, "claim"), note="first").annotation
    later()
    edit = loaded.annotations.set_note(a.id, "mine")
    later()
    theirs = other.annotations.set_note(a.id, "theirs").annotation
    with pytest.raises(ConflictError, match="changed"):
        loaded.annotations.set_state(a.id, edit.before, expected=edit.after)
    assert loaded.annotations.get(a.id) == theirs


def test_undo_of_a_tag_is_refused_after_another_program_added_a_tag(loaded, other):
    claim, quote = tag_ids(loaded, "claim", "quote")
    mine = loaded.annotations.tag(1, 10, 20, [claim]).annotation
    later()
    theirs = other.annotations.tag(1, 10, 20, [quote]).annotation
    assert theirs.id == mine.id
    with pytest.raises(ConflictError):
        loaded.annotations.set_state(mine.id, None, expected=mine)
    assert loaded.annotations.get(mine.id) == theirs


def test_undo_of_an_edit_is_refused_after_another_program_deleted_the_annotation(loaded, other):
    a = loaded.annotations.tag(1, 10, 20, tag_ids(loaded, "claim")).annotation
    edit = loaded.annotations.set_note(a.id, "mine")
    other.annotations.delete(a.id)
    with pytest.raises(ConflictError, match="deleted"):
        loaded.annotations.set_state(a.id, edit.before, expected=edit.after)
    assert loaded.annotations.for_document(1) == []


def test_undo_of_a_delete_is_refused_when_its_id_is_taken(loaded, location):
    a = loaded.annotations.tag(1, 10, 20, tag_ids(loaded, "claim")).annotation
    deleted = loaded.annotations.delete(a.id).annotation
    with RawDB(location) as db:  # somehow: a program writing the table itself
        db.run(
            "INSERT INTO annotations (id, document_id, start_offset, end_offset, quote, prefix, suffix, "
            "note, coder_id, uuid, created_at, updated_at, fields) SELECT :id, 2, 0, 3, substr(text, 1, 3), "
            "'', substr(text, 4, 32), 'squatter', 1, 'x', 't', 't', '' FROM document_texts WHERE document_id = 2",
            id=a.id,
        )
    with pytest.raises(ConflictError, match=f"annotation {a.id}"):
        loaded.annotations.restore(deleted)
    squatter = loaded.annotations.get(a.id)
    assert squatter.note == "squatter" and squatter.document_id == 2


def test_a_refusal_is_a_user_error_and_a_library_error(loaded, other):
    """The command line and the app show either as one sentence; the app can tell a refusal apart."""
    assert issubclass(ConflictError, UserError) and issubclass(ConflictError, LibraryError)


def test_undo_and_redo_of_own_steps_still_work_in_order(loaded):
    claim, quote = tag_ids(loaded, "claim", "quote")
    tagged = loaded.annotations.tag(1, 10, 20, [claim])
    later()
    added = loaded.annotations.add_tags(tagged.annotation.id, [quote])
    later()
    noted = loaded.annotations.set_note(tagged.annotation.id, "n")
    steps = [tagged, added, noted]
    for step in reversed(steps):  # undo all
        loaded.annotations.set_state(step.annotation.id, step.before, expected=step.after)
    assert loaded.annotations.for_document(1) == []
    for step in steps:  # redo all
        loaded.annotations.set_state(step.annotation.id, step.after, expected=step.before)
    assert loaded.annotations.get(tagged.annotation.id) == noted.annotation


def test_undo_of_an_edit_puts_back_the_old_updated_at_not_created_at(loaded):
    """Mutation this catches: the restore writing created_at into updated_at."""
    a = loaded.annotations.tag(1, 10, 20, tag_ids(loaded, "claim")).annotation
    later()
    first = loaded.annotations.set_note(a.id, "first").annotation
    assert first.updated_at > first.created_at
    later()
    second = loaded.annotations.set_note(a.id, "second")
    loaded.annotations.set_state(a.id, second.before, expected=second.after)
    back = loaded.annotations.get(a.id)
    assert (back.note, back.created_at, back.updated_at) == ("first", a.created_at, first.updated_at)
    # The plain restore (undo of a delete) keeps both times too.
    loaded.annotations.delete(a.id)
    assert loaded.annotations.restore(back).annotation.updated_at == first.updated_at


def test_undo_of_a_delete_after_one_of_its_tags_was_deleted(loaded):
    """The annotation comes back with the tags that still exist; redo deletes it again."""
    claim, quote = tag_ids(loaded, "claim", "quote")
    a = loaded.annotations.tag(1, 10, 20, [claim, quote], note="kept").annotation
    deleted = loaded.annotations.delete(a.id)
    loaded.codebook.delete(quote)
    back = loaded.annotations.set_state(a.id, deleted.before, expected=None).annotation
    assert back.tag_ids == (claim,) and back.note == "kept" and back.updated_at == a.updated_at
    assert loaded.annotations.get(a.id) == back
    loaded.annotations.set_state(a.id, None, expected=deleted.before)  # redo of the delete
    assert loaded.annotations.get(a.id) is None


def test_undo_of_a_delete_after_all_its_tags_were_deleted_is_refused(loaded, location):
    claim = tag_ids(loaded, "claim")
    a = loaded.annotations.tag(1, 10, 20, claim).annotation
    deleted = loaded.annotations.delete(a.id)
    loaded.codebook.delete(claim[0])
    with pytest.raises(UserError, match="no longer exist"):
        loaded.annotations.set_state(a.id, deleted.before, expected=None)
    with RawDB(location) as db:  # nothing half-written
        assert db.scalar("SELECT count(*) FROM annotations") == 0
        assert db.scalar("SELECT count(*) FROM annotation_tags") == 0


def test_same_span_merge_keeps_filled_values_and_bumps_updated_at(loaded):
    """Mutations this catches: the merge overwriting a filled value; the merge not touching updated_at."""
    figure, claim = tag_ids(loaded, "casualty figure", "claim")
    first = loaded.annotations.tag(1, 10, 20, [figure], note="A", fields={"count_min": "5"}).annotation
    later()
    merged = loaded.annotations.tag(1, 10, 20, [figure, claim], note="B", fields={"count_min": "7", "qualifier": "about"})
    stored = loaded.annotations.get(first.id)
    assert merged.annotation == stored and not merged.created
    assert dict(stored.fields) == {"count_min": "5", "qualifier": "about"}
    assert stored.note == "A"
    assert stored.updated_at > first.updated_at and stored.created_at == first.created_at
    assert merged.kept == ("note", "count_min")
    later()  # only a value that was missing: still a change, still a new time
    again = loaded.annotations.tag(1, 10, 20, [figure], fields={"kind": "killed"}).annotation
    assert dict(again.fields)["kind"] == "killed" and again.updated_at > stored.updated_at


def test_replace_note_replaces_it(loaded):
    claim = tag_ids(loaded, "claim")
    a = loaded.annotations.tag(1, 10, 20, claim, note="A").annotation
    result = loaded.annotations.tag(1, 10, 20, claim, note="B", replace_note=True)
    assert result.annotation.note == "B" and result.kept == () and result.annotation.id == a.id
    same = loaded.annotations.tag(1, 10, 20, claim, note="B")
    assert same.kept == ()  # the same note again: nothing was kept back


def test_undo_of_a_tag_deletion_is_refused_when_an_orphans_span_was_tagged_since(loaded, other):
    """Deleting a tag deletes the passages that had only it; putting them back must not make a
    second annotation on a span another program has tagged since."""
    claim, quote = tag_ids(loaded, "claim", "quote")
    orphan = loaded.annotations.tag(1, 10, 20, [claim]).annotation
    deleted, _ = loaded.codebook.delete(claim)
    theirs = other.annotations.tag(1, 10, 20, [quote]).annotation
    with pytest.raises(ConflictError, match=f"annotation {theirs.id}"):
        loaded.codebook.restore(deleted)
    assert loaded.annotations.for_document(1) == [theirs] and orphan.id != theirs.id
    assert loaded.codebook.by_name("claim") is None  # nothing half-written
