"""Agreement properties: identical coders give 1, the order of coders changes nothing, nobody coded
gives None; plus the rules we chose (overlapping spans of one coder, missing coders, field values)."""

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.agreement import Unit, agreement
from annotator.domain.agreement.alignment import align

MEASURES = ("alpha_u", "kappa", "fleiss_kappa", "alpha_binary", "percent", "holsti", "bp_kappa")
LENGTH = 60


@st.composite
def passages(draw, tags=("a", "b"), docs=(1, 2)):
    """Spans with tags and a count field, as (document, tag, start, end, count)."""
    out = []
    for _ in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, LENGTH - 1))
        end = draw(st.integers(start + 1, LENGTH))
        out.append((draw(st.sampled_from(docs)), draw(st.sampled_from(tags)), start, end, str(draw(st.integers(0, 5)))))
    return out


def units(coder, spans):
    return [Unit(d, coder, t, s, e, {"n": n}) for d, t, s, e, n in spans]


FIELDS = {"a": {"n": "interval"}, "b": {"n": "nominal"}}


def figures(row):
    return {m: getattr(row, m) for m in MEASURES} | {"fields": row.fields}


@settings(max_examples=60, deadline=None)
@given(passages())
def test_identical_coders_agree_perfectly(spans):
    report = agreement(units("A", spans) + units("B", spans) + units("C", spans), {1: LENGTH, 2: LENGTH}, fields=FIELDS)
    for row in report.rows:
        for m in MEASURES:
            value = getattr(row, m)
            assert value is None or abs(value - 1) < 1e-9, (row.tag, m, value)
        assert all(v is None or abs(v - 1) < 1e-9 for v in row.fields.values())
        assert row.unmatched == 0


@settings(max_examples=60, deadline=None)
@given(passages(), passages(), st.integers(2, 3))
def test_swapping_coders_changes_nothing(first, second, how_many):
    data = units("A", first) + units("B", second) + (units("C", first[:1]) if how_many == 3 else [])
    coders = ["A", "B", "C"][:how_many]
    one = agreement(data, {1: LENGTH, 2: LENGTH}, coders=coders, fields=FIELDS, by_document=True)
    other = agreement(list(reversed(data)), {1: LENGTH, 2: LENGTH}, coders=coders[::-1], fields=FIELDS, by_document=True)
    assert len(one.rows) == len(other.rows)
    for a, b in zip(one.rows, other.rows, strict=True):
        assert (a.tag, a.document, a.passages, a.aligned, a.unmatched) == (
            b.tag,
            b.document,
            b.passages,
            b.aligned,
            b.unmatched,
        )
        for key, value in figures(a).items():
            if key == "fields":
                for name, v in value.items():
                    w = b.fields[name]
                    assert (v is None) == (w is None) and (v is None or abs(v - w) < 1e-9)
            else:
                w = getattr(b, key)
                assert (value is None) == (w is None) and (value is None or abs(value - w) < 1e-9), key


@settings(max_examples=30, deadline=None)
@given(passages(tags=("a",)))
def test_a_tag_nobody_used_is_undefined_not_one(spans):
    report = agreement(units("A", spans) + units("B", spans), {1: LENGTH, 2: LENGTH}, tags=["a", "never"])
    never = report.rows[1]
    assert never.tag == "never"
    assert all(getattr(never, m) is None for m in MEASURES)
    assert never.passages == {} and never.aligned == never.unmatched == 0


def test_a_document_nobody_coded_is_undefined():
    report = agreement([], {1: 500}, coders=["A", "B"], tags=["a"], by_document=True)
    for row in report.rows:
        assert all(getattr(row, m) is None for m in MEASURES), row
    report = agreement(
        [Unit(1, "A", "a", 0, 5), Unit(1, "B", "a", 0, 5)], {1: 500, 2: 500}, coders=["A", "B"], documents=[2], tags=["a"]
    )
    assert all(getattr(report.rows[0], m) is None for m in MEASURES)


def test_one_coders_overlapping_spans_are_their_union():
    """A marked [0,10) and [5,15) with the same tag; B marked [0,15): the same characters."""
    report = agreement([Unit(1, "A", "q", 0, 10), Unit(1, "A", "q", 5, 15), Unit(1, "B", "q", 0, 15)], {1: 40})
    row = report.rows[0]
    assert row.alpha_u == 1 and row.kappa == 1 and row.alpha_binary == 1
    assert row.passages == {"A": 2, "B": 1} and row.aligned == 1 and row.unmatched == 1


def test_touching_spans_stay_two_units():
    """[0,5) and [5,10) only touch: two units for α_U (Krippendorff 1995, example B), one run of characters."""
    report = agreement([Unit(1, "A", "q", 0, 5), Unit(1, "A", "q", 5, 10), Unit(1, "B", "q", 0, 10)], {1: 40})
    row = report.rows[0]
    assert row.alpha_u is not None and row.alpha_u < 1
    assert row.kappa == 1


def test_a_coder_who_did_not_code_a_document_is_missing_not_wrong():
    """C coded only document 1. Binary α takes C there; the all-coder figures use document 1 only."""
    data = [Unit(1, c, "q", 0, 10) for c in "ABC"] + [Unit(2, "A", "q", 0, 10), Unit(2, "B", "q", 20, 30)]
    row = agreement(data, {1: 40, 2: 40}).rows[0]
    assert row.fleiss_kappa == 1 and row.alpha_u == 1 and row.documents == 2
    assert row.alpha_binary is not None and row.alpha_binary < 1
    coded = agreement(data, {1: 40, 2: 40}, coded={1: "ABC", 2: "ABC"}).rows[0]
    assert coded.fleiss_kappa is not None and coded.fleiss_kappa < 1


def test_a_document_only_one_coder_coded_is_left_out_and_counted():
    data = [Unit(1, "A", "q", 0, 10), Unit(1, "B", "q", 0, 10), Unit(2, "A", "q", 0, 10)]
    report = agreement(data, {1: 40, 2: 40})
    assert report.single_coder_documents == 1
    assert report.rows[0].passages == {"A": 1, "B": 1} and report.rows[0].kappa == 1


def test_field_values_on_aligned_passages_match_krippendorff_2011():
    """Krippendorff's 12 units × 4 coders as passages: each unit a passage of every coder who valued it."""
    entry = json.loads(Path(__file__).with_name("agreement_reference_values.json").read_text())["coding"][0]
    data = entry["data_coders_by_units"]
    passages = [
        Unit(1, f"coder{c}", "casualty figure", 20 * u + c, 20 * u + 10, {"count_min": str(v), "kind": str(v)})
        for c, row in enumerate(data)
        for u, v in enumerate(row)
        if v is not None
    ]
    row = agreement(passages, {1: 300}, fields={"casualty figure": {"count_min": "interval", "kind": "nominal"}}).rows[0]
    assert abs(row.fields["count_min"] - entry["expected"]["alpha_interval"]) <= 0.001
    assert abs(row.fields["kind"] - entry["expected"]["alpha_nominal"]) <= 0.001
    assert row.aligned == 11 and row.unmatched == 1  # the last unit has one value only


def test_field_values_that_are_not_numbers_are_missing_for_the_interval_metric():
    data = [
        Unit(1, "A", "c", 0, 5, {"n": "3"}),
        Unit(1, "B", "c", 0, 5, {"n": "three"}),
        Unit(1, "A", "c", 10, 15, {"n": "4"}),
        Unit(1, "B", "c", 10, 15, {"n": "4"}),
        Unit(1, "A", "c", 20, 25, {"n": "7"}),
        Unit(1, "B", "c", 20, 25, {"n": "7"}),
    ]
    row = agreement(data, {1: 40}, fields={"c": {"n": "interval"}}).rows[0]
    assert row.fields["n"] == 1.0


def test_alignment_is_greedy_by_overlap_one_passage_per_coder():
    a1, a2 = Unit(1, "A", "t", 0, 10), Unit(1, "A", "t", 12, 20)
    b1 = Unit(1, "B", "t", 5, 18)  # overlaps a1 by 5 and a2 by 6: goes with a2
    groups = align([a1, a2, b1])
    assert sorted(map(len, groups)) == [1, 2]
    assert [b1, a2] in groups


def test_a_passage_outside_its_document_is_refused():
    import pytest

    with pytest.raises(ValueError, match="document 1"):
        agreement([Unit(1, "A", "t", 0, 50)], {1: 40})


@settings(max_examples=60, deadline=None)
@given(st.lists(passages(tags=("a",), docs=(1,)), min_size=2, max_size=4), st.booleans())
def test_character_figures_are_the_coding_figures_on_every_character(per_coder, last_is_missing):
    """Spans turned into one 0/1 value per character and coder give the same κ, Fleiss' κ, binary α and
    percent as the coefficients tested against the published examples (a coder may miss document 2)."""
    from annotator.domain.agreement.alpha import krippendorff_alpha
    from annotator.domain.agreement.kappa import cohen_kappa, fleiss_kappa

    coders = [f"c{i}" for i in range(len(per_coder))]
    data = [u for coder, spans in zip(coders, per_coder, strict=True) for u in units(coder, spans)]
    lengths = {1: LENGTH, 2: LENGTH}
    present = {1: coders, 2: coders[:-1] if last_is_missing and len(coders) > 2 else coders}
    data += [Unit(2, c, "a", i, i + 1) for i, c in enumerate(present[2])]
    row = agreement(data, lengths, coded=present).rows[0]

    def marks(coder, doc):
        spans = [(u.start, u.end) for u in data if u.coder == coder and u.document == doc]
        return [int(any(s <= i < e for s, e in spans)) for i in range(LENGTH)]

    columns = [marks(c, d) if c in present[d] else [None] * LENGTH for d in (1, 2) for c in coders]
    reliability = [sum((columns[d * len(coders) + k] for d in range(2)), []) for k in range(len(coders))]
    alpha = krippendorff_alpha(reliability)
    assert (row.alpha_binary is None) == (alpha is None)
    assert alpha is None or abs(row.alpha_binary - alpha) < 1e-9
    complete = [d for d in (1, 2) if len(present[d]) == len(coders)]
    values = [[v for d in complete for v in marks(c, d)] for c in coders]
    chars = list(zip(*values, strict=True))
    fleiss = fleiss_kappa(((ch.count(1), ch.count(0)), 1) for ch in chars)
    assert (row.fleiss_kappa is None) == (fleiss is None) and (fleiss is None or abs(row.fleiss_kappa - fleiss) < 1e-9)
    m = len(coders)
    percent = sum((ch.count(1) * (ch.count(1) - 1) + ch.count(0) * (ch.count(0) - 1)) / (m * (m - 1)) for ch in chars)
    assert abs(row.percent - percent / len(chars)) < 1e-9
    if m == 2:
        table = [[sum(1 for a, b in chars if (a, b) == (x, y)) for y in (1, 0)] for x in (1, 0)]
        kappa = cohen_kappa(table)
        assert (row.kappa is None) == (kappa is None) and (kappa is None or abs(row.kappa - kappa) < 1e-9)


@settings(max_examples=40, deadline=None)
@given(passages(docs=(1, 2, 3)), passages(docs=(1, 2, 3)))
def test_tallies_of_separate_documents_add_up_to_the_whole(first, second):
    """Computed in two parts (documents 1–2, then 3) and merged: the same report as in one go."""
    from annotator.domain.agreement import tally

    data = units("A", first) + units("B", second)
    lengths = {1: LENGTH, 2: LENGTH, 3: LENGTH}
    scope = dict(coders=["A", "B"], tags=["a", "b"], fields=FIELDS, by_document=True)
    whole = agreement(data, lengths, **scope)
    part = tally([u for u in data if u.document < 3], {1: LENGTH, 2: LENGTH}, **scope)
    part.merge(tally([u for u in data if u.document == 3], {3: LENGTH}, **scope))
    merged = part.report()
    assert len(whole.rows) == len(merged.rows) and whole.single_coder_documents == merged.single_coder_documents
    for a, b in zip(whole.rows, merged.rows, strict=True):
        assert (a.tag, a.document, a.passages, a.aligned, a.unmatched, a.documents) == (
            b.tag,
            b.document,
            b.passages,
            b.aligned,
            b.unmatched,
            b.documents,
        )
        for key, value in figures(a).items():
            other = getattr(b, key) if key != "fields" else b.fields
            if key == "fields":
                assert value.keys() == other.keys()
                assert all(
                    (value[n] is None) == (other[n] is None) and (value[n] is None or abs(value[n] - other[n]) < 1e-9)
                    for n in value
                )
            else:
                assert (value is None) == (other is None) and (value is None or abs(value - other) < 1e-9), key


def test_equal_spans_are_paired_the_same_whatever_the_order_of_the_units():
    """A marked [0,10) twice (n=1 and n=5), B once (n=1): which of A's passages B's goes with must not
    depend on the order the units come in."""
    data = [Unit(1, "A", "c", 0, 10, {"n": "1"}), Unit(1, "A", "c", 0, 10, {"n": "5"}), Unit(1, "B", "c", 0, 10, {"n": "1"})]
    fields = {"c": {"n": "interval"}}
    one = agreement(data, {1: 40}, fields=fields).rows[0]
    other = agreement(data[::-1], {1: 40}, fields=fields).rows[0]
    assert one.fields == other.fields and one.aligned == other.aligned == 1
