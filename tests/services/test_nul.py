"""The NUL character (U+0000) is refused with one sentence wherever a user can type or import text,
on both backends alike (PostgreSQL's text cannot hold it; C tools cut a text at it): nothing is saved."""

import codecs

import pytest

from annotator.domain.models import TagSpec
from annotator.services import UserError
from tests.conftest import write
from tests.rawdb import RawDB


def snapshot(location):
    with RawDB(location) as db:
        return {
            table: db.all(f"SELECT * FROM {table} ORDER BY 1")
            for table in ("documents", "document_texts", "tags", "annotations", "annotation_tags", "lexicon_terms")
        }


def tag_ids(services, *names):
    return [services.codebook.by_name(n).id for n in names]


def test_nul_in_a_note_is_refused_and_nothing_is_saved(loaded, location):
    a = loaded.annotations.tag_quote(1, "Azerbaijani soldiers", ["claim"]).annotation
    before = snapshot(location)
    with pytest.raises(UserError, match="NUL"):
        loaded.annotations.tag_quote(1, "Armenians", ["claim"], note="a\x00note", nth=1)
    with pytest.raises(UserError, match="NUL"):
        loaded.annotations.set_note(a.id, "note\x00")
    assert snapshot(location) == before


def test_nul_in_a_field_value_is_refused_and_nothing_is_saved(loaded, location):
    a = loaded.annotations.tag_quote(1, "Azerbaijani soldiers", ["casualty figure"]).annotation
    before = snapshot(location)
    with pytest.raises(UserError, match="NUL"):
        loaded.annotations.set_fields(a.id, {"qualifier": "hun\x00dreds"})
    assert snapshot(location) == before


def test_nul_in_a_tag_name_or_guideline_is_refused_and_nothing_is_saved(loaded, location):
    before = snapshot(location)
    with pytest.raises(UserError, match="NUL"):
        loaded.codebook.add(TagSpec("bad\x00name", "#0072B2"))
    (claim,) = tag_ids(loaded, "claim")
    with pytest.raises(UserError, match="NUL"):
        loaded.codebook.change(claim, TagSpec("claim", "#0072B2", description="see\x00this"))
    with pytest.raises(UserError, match="NUL"):
        loaded.suggestions.set_lexicon([("te\x00rm", "frame")])
    assert snapshot(location) == before


def test_a_codebook_swap_of_names_works_on_both_backends(loaded):
    """Undo of a rename swaps names through temporary ones (which once held a NUL)."""
    tags = loaded.codebook.tags()
    first, second = tags[0], tags[1]
    from dataclasses import replace

    loaded.codebook.apply([replace(first, name=second.name), replace(second, name=first.name)])
    names = {t.id: t.name for t in loaded.codebook.tags()}
    assert (names[first.id], names[second.id]) == (second.name, first.name)


def test_a_text_holding_nul_is_refused_with_a_sentence(services, tmp_path, location):
    before = snapshot(location)
    text = "Head\x00line of the article\n\nThe body of the article, long enough to be text."
    (out,) = services.documents.import_files([write(tmp_path / "a.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))])
    assert out.failed and "NUL" in out.problem
    assert snapshot(location) == before
