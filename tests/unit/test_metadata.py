import pytest

from annotator.domain.metadata import guess, normalise_date


def test_date_field_and_dateline():
    g = guess(" date 2025-09-25 BAKU, Azerbaijan, September 25. President Aliyev spoke.")
    assert g.published == "2025-09-25"
    assert g.dateline == "BAKU, Azerbaijan"
    assert g.title.startswith("President Aliyev")


def test_dateline_without_year_gives_no_date():
    g = guess("BAKU, Azerbaijan, January 6. The beginning of 2026 allows us.")
    assert g.dateline == "BAKU, Azerbaijan" and g.published == ""


def test_news_date_in_text():
    g = guess("Parade\n\nTroops march in Khankendi, Wednesday, Nov. 8, 2023. More text.")
    assert g.published == "2023-11-08"
    assert g.title == "Parade"


def test_agency_dateline():
    assert guess("KHANKENDI, Azerbaijan (AP) — Hundreds paraded.").dateline == "KHANKENDI, Azerbaijan"


def test_long_first_line_is_shortened():
    title = guess("word " * 100).title
    assert len(title) <= 141 and title.endswith("…")


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2023", "2023"),
        ("2023-09", "2023-09"),
        ("2023-11-08", "2023-11-08"),
        ("Nov. 8, 2023", "2023-11-08"),
        ("8 November 2023", "2023-11-08"),
        ("", ""),
        ("2023-13", None),
        ("not a date", None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    "written",
    [
        "Nov. 8, 2023",
        "November 8, 2023",
        "8 November 2023",
        "Sept. 30, 2024",
        "Sep 1, 1999",
        "29 Feb 2024",
        "May 31, 2023",
        "June 1, 2020",
        "Jul. 4, 1776",
        "Dec 25, 0001",
        "Jan 1, 0000",
    ],
)
def test_a_date_in_the_text_is_read_as_normalise_date_reads_it(written):
    assert guess(f"Title\n\nIt happened on {written}, they said.").published == normalise_date(written)


@pytest.mark.parametrize("impossible", ["Feb. 30, 2023", "31 Sept 2023", "Nov. 0, 2023", "June 31, 2020"])
def test_a_day_that_does_not_exist_gives_no_date(impossible):
    assert normalise_date(impossible) is None
    assert guess(f"Title\n\nOn {impossible} nothing happened.").published == ""
