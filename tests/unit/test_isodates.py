"""One rule for partial ISO 8601 dates (domain.isodates), used by field values, publication dates
and the date detector's reading of the publication date: impossible days, weeks a year does not
have and reversed intervals are refused by all of them."""

from datetime import date

import pytest

from annotator.domain import isodates, metadata
from annotator.domain.fields import FieldError, FieldSpec, normalise

VALID = [
    "2023",
    "2023-09",
    "2023-09-25",
    "2024-02-29",
    "2023-W01",
    "2023-W52",
    "2020-W53",
    "2026-W53",
    "2022-12/2023-02",
    "1970/1979",
    "2023/2023",
    "2023-05/2023",
    "2023-W24/2023-06-30",
]
INVALID = [
    "2023-02-30",
    "2023-02-29",
    "2023-13",
    "2023-00",
    "2023-09-31",
    "0000",
    "2023-W53",
    "2021-W53",
    "2023-W00",
    "2024/2023",
    "2023-03/2023-02",
    "2023-09-25/2023-09-24",
    "2023-W10/2023-03-05",
    "2023/2024/2025",
    "23-09-25",
    "2023-9",
    "2023-09-25T10:00",
    "",
    "/2023",
    "2023/",
]
PLAIN = ["2023", "2023-09", "2023-09-25"]


@pytest.mark.parametrize("value", VALID)
def test_valid_dates_are_kept(value):
    assert isodates.valid(value)
    assert normalise(FieldSpec("date", "date"), value) == value


@pytest.mark.parametrize("value", [v for v in INVALID if v])
def test_impossible_dates_weeks_and_reversed_intervals_are_refused(value):
    assert not isodates.valid(value)
    with pytest.raises(FieldError):
        normalise(FieldSpec("date", "date"), value)


@pytest.mark.parametrize("value", [v for v in VALID + INVALID if isodates.ISO_DAY.match(v) or "W" in v])
def test_publication_dates_follow_the_same_rule(value):
    """A publication date is one plain date (no week, no interval): the same rule, narrower."""
    assert metadata.normalise_date(value) == (value if value in PLAIN or value in ("2024-02-29",) else None)


@pytest.mark.parametrize(
    "value,stored",
    [
        ("2023-9", "2023-09"),
        ("Sept 2023", "2023-09"),
        ("2023", "2023"),
        ("November 8, 2023", "2023-11-08"),
        ("8 Nov 2023", "2023-11-08"),
        ("March 5", None),
        ("nonsense", None),
    ],
)
def test_free_form_publication_dates_are_as_precise_as_the_text(value, stored):
    """Never a day (or month) invented from today's date."""
    assert metadata.normalise_date(value) == stored


def test_spans_of_partial_dates():
    assert isodates.span("2023") == (date(2023, 1, 1), date(2023, 12, 31))
    assert isodates.span("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert isodates.span("2023-W52") == (date(2023, 12, 25), date(2023, 12, 31))
    assert isodates.span("2020-W53") == (date(2020, 12, 28), date(2021, 1, 3))
    assert isodates.span("2023-02-30") is None


def test_the_date_detector_reads_the_publication_date_by_the_same_rule():
    from annotator.domain.suggest.dates import _published

    assert _published("2023-11-08") == (date(2023, 11, 8), 3)
    assert _published("2023-11") == (date(2023, 11, 1), 2)
    assert _published("2023") == (date(2023, 1, 1), 1)
    assert _published("2023-02-30") == (None, 0)
    assert _published("") == (None, 0)
