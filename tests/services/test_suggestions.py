"""Suggestions and typed fields through the services, on a real library file."""

from dataclasses import replace

import pytest

from annotator.domain.fields import parse_specs
from annotator.services import UserError, open_services


def by_text(services, doc_id, tag=None):
    text = services.documents.text(doc_id)
    return {text[s.start : s.end]: s for s in services.suggestions.suggest(doc_id, [tag] if tag else None)}


def test_suggestions_carry_the_fields_of_their_tag(loaded):
    offers = by_text(loaded, 1)
    assert offers["Wednesday, Nov. 8, 2023"].field_dict == {"date": "2023-11-08"}
    assert offers["More than 100,000 ethnic Armenians"].field_dict == {
        "count_min": "100000",
        "qualifier": "more than",
        "kind": "displaced",
    }
    assert offers["self-declared"].field_dict == {"frame": "loaded term"}
    text = loaded.documents.text(1)
    assert all(text[s.start : s.end] for s in offers.values())


def test_accepting_makes_an_annotation_with_fields_and_it_is_not_suggested_again(loaded):
    offer = by_text(loaded, 1, "date")["last winter"]
    (result,) = loaded.suggestions.accept(1, [offer])
    assert result.created and dict(result.annotation.fields) == {"date": "2022-12/2023-02"}
    assert loaded.documents.text(1)[result.annotation.start : result.annotation.end] == "last winter"
    assert "last winter" not in by_text(loaded, 1, "date")
    loaded.annotations.delete(result.annotation.id)
    assert "last winter" in by_text(loaded, 1, "date")


def test_a_passage_annotated_by_hand_with_that_tag_is_not_suggested(loaded):
    text = loaded.documents.text(1)
    date_tag = loaded.codebook.by_name("date").id
    start = text.index("Nov. 8, 2023")  # a narrower span than the suggestion
    loaded.annotations.tag(1, start, start + 12, [date_tag])
    assert "Wednesday, Nov. 8, 2023" not in by_text(loaded, 1, "date")


def test_rejections_are_remembered_per_document_and_can_be_undone(loaded, location):
    offer = by_text(loaded, 1, "date")["1994"]
    loaded.suggestions.reject(1, [offer])
    assert "1994" not in by_text(loaded, 1, "date")
    reopened = open_services(location, backup=False)
    try:
        assert "1994" not in by_text(reopened, 1, "date")
    finally:
        reopened.close()
    loaded.suggestions.unreject(1, [offer])
    assert "1994" in by_text(loaded, 1, "date")


def test_field_values_are_checked_against_their_type(loaded):
    offer = by_text(loaded, 1, "casualty figure")["More than 100,000 ethnic Armenians"]
    (result,) = loaded.suggestions.accept(1, [offer])
    a = result.annotation.id
    for values, message in [
        ({"count_min": "many"}, "whole number"),
        ({"kind": "fled"}, "one of"),
        ({"speaker": "x"}, "no tag of this passage"),
    ]:
        with pytest.raises(UserError, match=message):
            loaded.annotations.set_fields(a, values)
    changed = loaded.annotations.set_fields(a, {"count_max": "120,000", "qualifier": ""}).annotation
    assert dict(changed.fields) == {"count_min": "100000", "count_max": "120000", "kind": "displaced"}
    with pytest.raises(UserError, match="ISO 8601"):
        loaded.annotations.tag_quote(1, "1994", ["date"], fields={"date": "1994-13"})


def test_undo_of_a_field_change_restores_the_values(loaded):
    offer = by_text(loaded, 1, "date")["1994"]
    (created,) = loaded.suggestions.accept(1, [offer])
    changed = loaded.annotations.set_fields(created.annotation.id, {"date": "1995"})
    loaded.annotations.restore(changed.before, expected=changed.after)
    assert dict(loaded.annotations.get(created.annotation.id).fields) == {"date": "1994"}


def test_the_codebook_edits_fields_and_suggestions_follow(loaded):
    framing = loaded.codebook.by_name("framing")
    specs = parse_specs("frame:blame|loaded term; strength:int")
    loaded.codebook.change(framing.id, replace(framing.spec, fields=specs))
    assert loaded.codebook.by_name("framing").fields == specs
    assert by_text(loaded, 1, "framing")["separatist"].field_dict == {"frame": "loaded term"}
    loaded.suggestions.set_lexicon([("separatist", "conflict")])
    assert by_text(loaded, 1, "framing")["separatist"].field_dict == {}  # "conflict" is no longer a frame


def test_lexicon_import_export_and_bad_files(loaded, tmp_path):
    out = tmp_path / "lexicon.csv"
    count = loaded.suggestions.export_lexicon(out)
    assert count == len(loaded.suggestions.lexicon()) > 20
    (tmp_path / "mine.csv").write_text("term,frame\nrout,loaded term\n", encoding="utf-8")
    entries, _ = loaded.suggestions.import_lexicon(tmp_path / "mine.csv")
    assert entries == [("rout", "loaded term")] == loaded.suggestions.lexicon()
    assert "rout" in by_text(loaded, 1, "framing")
    (tmp_path / "bad.csv").write_text("rout;loaded\n", encoding="utf-8")
    with pytest.raises(UserError, match="bad.csv: the first line must be the header"):
        loaded.suggestions.import_lexicon(tmp_path / "bad.csv")
    assert loaded.suggestions.lexicon() == [("rout", "loaded term")]
    with pytest.raises(UserError, match="twice"):
        loaded.suggestions.set_lexicon([("a", "x"), ("A", "y")])


def test_unknown_detector_or_missing_tag_is_a_sentence(loaded):
    with pytest.raises(UserError, match="no tag named 'colour' gets suggestions; these do: quote, date, "):
        loaded.suggestions.suggest(1, ["colour"])
    loaded.codebook.delete(loaded.codebook.by_name("quote").id)
    with pytest.raises(UserError, match="no tag gets the 'quote' suggestions"):
        loaded.suggestions.suggest(1, ["quote"])
    assert {s.tag for s in loaded.suggestions.suggest(1)} == {"date", "casualty figure", "framing"}


def test_a_renamed_tag_keeps_its_suggestions_and_a_detector_can_move(loaded):
    date = loaded.codebook.by_name("date")
    loaded.codebook.change(date.id, replace(date.spec, name="Datum"))
    offers = by_text(loaded, 1, "Datum")
    assert offers["1994"].tag == "Datum" and offers["1994"].field_dict == {"date": "1994"}
    (made,) = loaded.suggestions.accept(1, [offers["1994"]])
    assert made.annotation.tag_ids == (date.id,)
    claim = loaded.codebook.by_name("claim")
    loaded.codebook.change(claim.id, replace(claim.spec, detector="date"))  # moves, as a shortcut does
    assert loaded.codebook.by_name("Datum").detector == ""
    assert {s.tag for s in loaded.suggestions.suggest(1)} == {"claim", "casualty figure", "quote", "framing"}
    with pytest.raises(UserError, match="no detector 'colour'"):
        loaded.codebook.change(claim.id, replace(claim.spec, detector="colour"))
