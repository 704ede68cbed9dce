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
