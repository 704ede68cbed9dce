"""Rules written once, asked by every face: which fields an annotation has; what a tag key on a
span does; which detectors exist."""

from dataclasses import replace

import pytest

from annotator.domain.fields import parse_specs
from annotator.services import UserError


def tag_id(services, name):
    return services.codebook.by_name(name).id


def test_a_field_two_tags_define_is_the_first_tags_everywhere(loaded):
    """claim defines `claimant` as text; give quote a `claimant:date` too. On a passage tagged
    claim then quote the fields editor shows claim's text box: the service must check the same
    field, not the last tag's date (it refused "AP" as a date while the box invited text)."""
    quote = loaded.codebook.by_name("quote")
    loaded.codebook.change(quote.id, replace(quote.spec, fields=parse_specs("claimant:date; speaker")))
    a = loaded.annotations.tag(1, 10, 20, [tag_id(loaded, "claim"), quote.id]).annotation
    assert dict(loaded.annotations.set_fields(a.id, {"claimant": "AP"}).annotation.fields) == {"claimant": "AP"}
    from annotator.domain.codebook import annotation_fields

    shown = annotation_fields(a.tag_ids, loaded.codebook.tags())
    assert [(s.name, s.kind) for s in shown] == [("claimant", "text"), ("speaker", "text")]
    with pytest.raises(UserError):
        loaded.annotations.set_fields(a.id, {"date": "2023"})  # neither tag has it


def test_each_detector_is_registered_once_and_names_its_own_suggestions(loaded):
    """One registry (name -> module): the names the codebook links tags to are the detectors that
    run, in that order, and each names its suggestions after itself — else a tag linked to it
    would never get them."""
    from annotator.domain.suggest import DETECTORS, detect
    from annotator.domain.suggest.model import DETECTOR_MODULES

    assert tuple(detect._detectors()) == DETECTORS == tuple(DETECTOR_MODULES)
    texts = [loaded.documents.text(d.id) for d in loaded.documents.list()]
    for name, detector in detect._detectors().items():
        made = [s for text in texts for s in detector(text, detect.Context(lexicon=tuple(loaded.suggestions.lexicon())))]
        assert made, f"the {name!r} detector found nothing in the samples"
        assert {s.tag for s in made} == {name}
    linked = {t.detector for t in loaded.codebook.tags() if t.detector}
    assert linked == set(DETECTORS)


def test_a_tag_on_exactly_a_passage_is_added_or_removed_by_the_service(loaded):
    """The key-press rule, decided where the library is: a new span is tagged; the same span
    gets a tag it lacks (with the values given) or loses one it has (the last one deletes it)."""
    date, claim = tag_id(loaded, "date"), tag_id(loaded, "claim")
    first = loaded.annotations.tag_or_toggle(1, 10, 20, claim)
    assert first.created and first.annotation.tag_ids == (claim,)
    added = loaded.annotations.tag_or_toggle(1, 10, 20, date, fields={"date": "2023-09-19"})
    assert added.annotation.id == first.annotation.id and set(added.annotation.tag_ids) == {claim, date}
    assert dict(added.annotation.fields) == {"date": "2023-09-19"}
    assert added.before == first.annotation
    removed = loaded.annotations.tag_or_toggle(1, 10, 20, claim)
    assert removed.annotation.tag_ids == (date,) and not removed.deleted
    gone = loaded.annotations.tag_or_toggle(1, 10, 20, date)
    assert gone.deleted and loaded.annotations.for_document(1) == []
