"""The definition of a disagreement, on hand-made units (no database)."""

from annotator.domain.agreement import Unit
from annotator.domain.agreement.disagreements import disagreements


def u(coder, start, end, tag="claim", doc=1):
    return Unit(doc, coder, tag, start, end, key=f"{coder}-{start}-{end}")


def test_identical_spans_are_no_disagreement_overlapping_ones_are():
    found = disagreements([u("ann", 0, 10), u("bob", 0, 10), u("ann", 20, 30), u("bob", 22, 30)], ["ann", "bob"])
    assert [(d.kind, d.start, d.end, [p.coder for p in d.passages]) for d in found] == [("span", 20, 30, ["ann", "bob"])]


def test_a_passage_only_some_coders_marked_names_the_others():
    found = disagreements([u("ann", 0, 10), u("bob", 40, 50), u("cy", 0, 10), u("bob", 0, 10)], ["ann", "bob", "cy"])
    assert [(d.kind, d.start, d.missing) for d in found] == [("missing", 40, ("ann", "cy"))]


def test_the_same_span_with_different_tags_is_two_disagreements():
    found = disagreements([u("ann", 0, 10, tag="claim"), u("bob", 0, 10, tag="quote")], ["ann", "bob"])
    assert [(d.tag, d.kind, d.missing) for d in found] == [("claim", "missing", ("bob",)), ("quote", "missing", ("ann",))]


def test_a_document_one_coder_coded_has_none_and_coder_order_does_not_matter():
    units = [u("ann", 0, 10), u("ann", 0, 5, doc=2), u("bob", 3, 8, doc=2), u("bob", 30, 40, doc=2)]
    forward = disagreements(units, ["ann", "bob"])
    backward = disagreements(units, ["bob", "ann"])
    assert [(d.document, d.start, d.end) for d in forward] == [(2, 0, 8), (2, 30, 40)]
    assert [(d.document, d.start, d.end, d.kind) for d in forward] == [
        (d.document, d.start, d.end, d.kind) for d in backward
    ]


def test_a_coders_second_passage_over_one_of_the_others_is_its_own_disagreement():
    found = disagreements([u("ann", 0, 10), u("bob", 0, 10), u("bob", 2, 6)], ["ann", "bob"])
    assert [(d.kind, d.start, d.end, d.missing) for d in found] == [("missing", 2, 6, ("ann",))]
