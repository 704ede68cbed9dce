"""Document variables and memos through the services, on both backends (issue 14)."""

from __future__ import annotations

import pytest

from annotator.services import Services, UserError


@pytest.fixture
def plain(loaded: Services) -> Services:
    """The samples without the variable their metadata.csv's notes column made."""
    loaded.variables.remove("notes")
    return loaded


def test_define_set_and_read_values_of_each_kind(plain):
    v = plain.variables
    v.define("outlet_type", "choice", "state|private|foreign")
    v.define("founded", "number")
    v.define("since", "date")
    v.define("country")
    old, changes = v.set_values([1, 3], {"outlet_type": "STATE", "founded": "1,904.50", "since": "1991-02"})
    assert old == {1: {"outlet_type": "", "founded": "", "since": ""}, 3: {"outlet_type": "", "founded": "", "since": ""}}
    assert changes.documents == {1, 3}
    v.set_values([2], {"country": "  United   States ", "outlet_type": "foreign"})
    assert v.values() == {
        1: {"outlet_type": "state", "founded": "1904.5", "since": "1991-02"},
        2: {"outlet_type": "foreign", "country": "United States"},
        3: {"outlet_type": "state", "founded": "1904.5", "since": "1991-02"},
    }
    assert v.values([2]) == {2: {"outlet_type": "foreign", "country": "United States"}}
    old, _ = v.set_values([1], {"founded": ""})  # an empty value removes it
    assert old == {1: {"founded": "1904.5"}} and "founded" not in v.values()[1]
    v.restore_values(old)
    assert v.values()[1]["founded"] == "1904.5"


@pytest.mark.parametrize(
    ("kind", "choices", "value", "reason"),
    [
        ("number", "", "many", "must be a number"),
        ("date", "", "2023-02-30", "must be an ISO 8601 date"),
        ("choice", "state|private", "public", "must be one of state, private"),
        ("text", "", "a\x00b", "NUL"),
    ],
)
def test_a_value_that_does_not_fit_is_refused_and_nothing_is_written(plain, kind, choices, value, reason):
    plain.variables.define("x", kind, choices)
    plain.variables.define("y")
    with pytest.raises(UserError, match=reason):
        plain.variables.set_values([1, 2], {"y": "written first?", "x": value})
    assert plain.variables.values() == {}


def test_names_unknown_documents_and_reserved_names_are_refused(plain):
    with pytest.raises(UserError, match="there is no document variable 'nope'"):
        plain.variables.set_values([1], {"nope": "x"})
    plain.variables.define("stance")
    with pytest.raises(UserError, match="there is no document 99"):
        plain.variables.set_values([1, 99], {"stance": "x"})
    for name in ("source", "year", "Outlet Type", ""):
        with pytest.raises(UserError):
            plain.variables.define(name)
    with pytest.raises(UserError, match="needs its choices"):
        plain.variables.define("kind_of", "choice")


def test_changing_a_type_normalises_the_values_or_refuses_if_one_does_not_fit(plain):
    v = plain.variables
    v.define("staff")
    v.set_values([1], {"staff": "1,200"})
    v.set_values([2], {"staff": "30"})
    v.define("staff", "number")
    assert v.values() == {1: {"staff": "1200"}, 2: {"staff": "30"}}
    v.set_values([3], {"staff": "7"})
    with pytest.raises(UserError, match="document 1 has '1200'.*nothing was changed"):
        v.define("staff", "choice", "7|30")
    assert [x.kind for x in v.variables()] == ["number"]


def test_removing_a_variable_takes_its_values(plain):
    plain.variables.define("stance")
    plain.variables.define("country")
    plain.variables.set_values([1, 2], {"stance": "pro", "country": "AZ"})
    variable, held, _ = plain.variables.remove("stance")
    assert variable.name == "stance" and held == {1: "pro", 2: "pro"}
    assert plain.variables.values() == {1: {"country": "AZ"}, 2: {"country": "AZ"}}


def test_a_memo_is_written_stamped_replaced_and_removed(plain):
    v = plain.variables
    assert v.memo(1).text == ""
    old, changes = v.set_memo(1, "Compare with AP.\nSecond line.")
    assert old.text == "" and changes.documents == {1}
    memo = v.memo(1)
    assert memo.text == "Compare with AP.\nSecond line." and memo.updated_at.endswith("Z")
    old, _ = v.set_memo(1, "")
    assert old == memo and v.memo(1).text == ""
    v.restore_memo(1, old)
    assert v.memo(1) == memo
    with pytest.raises(UserError, match="there is no document 42"):
        v.set_memo(42, "x")


def test_deleting_a_document_takes_its_values_and_memo_and_undo_brings_them_back(plain):
    plain.variables.define("stance")
    plain.variables.set_values([2], {"stance": "critical"})
    plain.variables.set_memo(2, "a memo")
    deleted, _ = plain.documents.delete(2)
    assert plain.variables.values() == {}
    plain.documents.restore(deleted)
    assert plain.variables.values() == {2: {"stance": "critical"}}
    assert plain.variables.memo(2).text == "a memo"


def test_the_samples_notes_column_becomes_a_variable(loaded):
    assert [v.name for v in loaded.variables.variables()] == ["notes"]
    values = loaded.variables.values()
    assert len(values) == 4 and all(set(held) == {"notes"} for held in values.values())
