"""What a tagging write says when the library's constraints refuse it, per cause (decision 033):
a tag or passage that is gone (foreign key) is not a row that is there already (unique key, e.g.
another window or program wrote the same at the same moment). Each cause provoked for real on
both backends; the races with a second connection's uncommitted write (tests.services.test_curator_race's
InFlight): on SQLite the write waits its turn and then finds the row, on PostgreSQL the two
transactions overlap and the later one meets the key."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator.services.errors import UserError
from tests.services.test_curator_race import InFlight, _race

GONE = "does not exist (any more)"


def _tag_id(services, name):
    return next(t.id for t in services.codebook.tags() if t.name == name)


def test_a_tag_that_is_gone_is_said_to_be_gone(loaded):
    with pytest.raises(UserError, match=r"a tag or passage used here does not exist \(any more\)"):
        loaded.annotations.tag(1, 0, 4, [99_999])
    assert loaded.annotations.for_document(1) == []


def test_putting_back_a_passage_whose_uuid_is_taken_says_so_not_gone(loaded):
    claim = _tag_id(loaded, "claim")
    first = loaded.annotations.tag(1, 0, 4, [claim]).annotation
    other = loaded.annotations.tag(1, 10, 20, [claim]).annotation
    gone = loaded.annotations.delete(other.id).annotation
    # the deleted passage comes back carrying the first one's UUID (a library edited elsewhere)
    with pytest.raises(UserError) as refused:
        loaded.annotations.restore(replace(gone, uuid=first.uuid))
    said = str(refused.value)
    assert GONE not in said and "already" in said and "nothing was saved" in said
    assert [a.id for a in loaded.annotations.for_document(1)] == [first.id]


def test_a_tag_added_by_another_program_at_the_same_moment(loaded, backend):
    claim, date = _tag_id(loaded, "claim"), _tag_id(loaded, "date")
    passage = loaded.annotations.tag(1, 0, 4, [claim]).annotation
    other = InFlight(loaded.library.url)  # another program adds the same tag, not committed yet
    other.execute("INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (:a, :t)", a=passage.id, t=date)
    failed = _race(other, lambda: loaded.annotations.add_tags(passage.id, [date]))
    if backend == "sqlite":  # waited for the other writer, then found the tag there: nothing to add
        assert failed is None
    else:
        assert isinstance(failed, UserError), repr(failed)
        said = str(failed)
        assert GONE not in said and "has that tag already" in said and "nothing was saved" in said
    assert sorted(loaded.annotations.get(passage.id).tag_ids) == sorted([claim, date])


def test_a_passage_put_back_by_another_program_at_the_same_moment(loaded, backend):
    claim = _tag_id(loaded, "claim")
    gone = loaded.annotations.delete(loaded.annotations.tag(1, 0, 4, [claim]).annotation.id).annotation
    other = InFlight(loaded.library.url)  # another program puts the same row back under its id
    other.execute(
        "INSERT INTO annotations (id, document_id, start_offset, end_offset, quote, prefix, suffix, note, "
        "created_at, updated_at, fields, uuid, coder_id, layer) SELECT :id, 1, 0, 4, :quote, '', '', '', "
        ":now, :now, '', :uuid, id, 'coder' FROM coders WHERE login = :login",
        id=gone.id,
        quote=gone.quote,
        now=gone.created_at,
        uuid=gone.uuid,
        login=gone.coder,
    )
    failed = _race(other, lambda: loaded.annotations.restore(gone))
    assert isinstance(failed, UserError), repr(failed)
    said = str(failed)
    assert GONE not in said and "nothing was" in said
    if backend == "postgresql":  # met the key: the primary key's sentence
        assert "already" in said
    else:  # waited, then the undo rule saw the row there (conflicts.check_free)
        assert "exists again" in said
