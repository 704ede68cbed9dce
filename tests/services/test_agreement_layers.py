"""Agreement through the service on both backends: the coders' layer only, coders by login, and the
properties a reliability figure must keep on a real library (identical coders give 1, the order of
the coders changes nothing, a document nobody coded is undefined — never 1)."""

from __future__ import annotations

import pytest

from annotator.services.agreement import MEASURES, AgreementOptions, AgreementService
from annotator.services.errors import UserError


def _tag(services, coder: str, doc: int, quote: str, tag: str = "claim", nth: int = 1) -> None:
    services.coders.switch(coder)
    services.annotations.tag_quote(doc, quote, [tag], nth=nth)


def _rows(services, **options):
    report = AgreementService(services.library).compute(AgreementOptions(**options))
    return report, {row.tag: row for row in report.rows if row.document is None}


def test_identical_coders_agree_perfectly(loaded):
    for coder in ("ann", "bob"):
        _tag(loaded, coder, 4, "Armenia and Azerbaijan")
        _tag(loaded, coder, 4, "Karabakh", tag="framing")
        _tag(loaded, coder, 1, "Armenia")
    report, rows = _rows(loaded)
    assert report.coders == ("ann", "bob")
    for tag in ("claim", "framing", None):
        for measure in MEASURES:
            assert getattr(rows[tag], measure) == pytest.approx(1.0), (tag, measure)


def test_swapping_the_coders_changes_nothing(loaded):
    _tag(loaded, "ann", 4, "Armenia and Azerbaijan")
    _tag(loaded, "bob", 4, "between Armenia and Azerbaijan")
    _tag(loaded, "ann", 1, "Azerbaijan")
    _tag(loaded, "bob", 1, "Armenia")
    _tag(loaded, "bob", 4, "Karabakh", tag="framing")
    _, forward = _rows(loaded, coders=("ann", "bob"))
    _, backward = _rows(loaded, coders=("bob", "ann"))
    assert set(forward) == set(backward)
    for tag, row in forward.items():
        for measure in MEASURES:
            assert getattr(row, measure) == pytest.approx(getattr(backward[tag], measure)), (tag, measure)
        assert row.passages == backward[tag].passages


def test_a_document_nobody_coded_is_undefined_never_one(loaded):
    _tag(loaded, "ann", 4, "Armenia and Azerbaijan")
    _tag(loaded, "bob", 4, "Armenia and Azerbaijan")
    report, rows = _rows(loaded, document_ids=(2,), coders=("ann", "bob"))
    assert report.coders == ("ann", "bob")
    assert all(getattr(row, m) is None for row in rows.values() for m in MEASURES)
    assert rows[None].documents == 0
    _, asked = _rows(loaded, document_ids=(2,), coders=("ann", "bob"), tag_names=("claim",))
    assert all(getattr(asked["claim"], m) is None for m in MEASURES)


def test_a_coder_nobody_knows_is_still_refused(loaded):
    _tag(loaded, "ann", 4, "Armenia and Azerbaijan")
    with pytest.raises(UserError, match="no coder 'zoe'"):
        _rows(loaded, coders=("ann", "zoe"))
