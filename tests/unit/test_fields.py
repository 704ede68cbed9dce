"""Field values: list fields compare without case and store the codebook's spelling; whole numbers
are decimal digits only."""

import pytest

from annotator.domain.fields import FieldError, FieldSpec, normalise, parse_specs

KIND = parse_specs("kind:killed|wounded|Displaced")[0]


@pytest.mark.parametrize(
    "given,stored",
    [
        ("killed", "killed"),
        ("Killed", "killed"),
        ("KILLED", "killed"),
        ("  wounded ", "wounded"),
        ("displaced", "Displaced"),
        ("DISPLACED", "Displaced"),
    ],
)
def test_list_fields_are_matched_without_case_and_stored_as_the_codebook_spells_them(given, stored):
    assert normalise(KIND, given) == stored


def test_a_value_not_in_the_list_is_refused():
    with pytest.raises(FieldError, match="one of"):
        normalise(KIND, "kiled")


@pytest.mark.parametrize("given,stored", [("1,200", "1200"), ("12 000", "12000"), ("٣٤", "34"), ("007", "7")])
def test_whole_numbers(given, stored):
    assert normalise(FieldSpec("count_min", "int"), given) == stored


@pytest.mark.parametrize("given", ["²", "3²", "½", "1.5", "-3", "twelve"])
def test_not_whole_numbers(given):
    with pytest.raises(FieldError, match="whole number"):
        normalise(FieldSpec("count_min", "int"), given)
