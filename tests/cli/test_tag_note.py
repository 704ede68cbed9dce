"""A second `tag … --note` on a passage that already has a note: the note is kept and the user is
told so; --replace-note replaces it. Never dropped in silence."""

from tests.cli.test_cli import annotator

QUOTE = "Hundreds of Azerbaijani soldiers"


def notes(db):
    out = annotator(db, "annotations", "1").stdout.decode().splitlines()
    return [line.removesuffix("cli-tester").rstrip() for line in out[1:] if QUOTE in line]  # the coder column last


def test_second_note_is_kept_back_and_said(db, tmp_path):
    annotator(db, "import", "--samples")
    annotator(db, "tag", "1", "--quote", QUOTE, "--tag", "claim", "--note", "note A")
    done = annotator(db, "tag", "1", "--quote", QUOTE, "--tag", "framing", "--note", "note B")
    assert done.returncode == 0 and done.stdout.decode().startswith("added tags to annotation 1:")
    said = done.stderr.decode()
    assert said.count("\n") == 1 and "note kept" in said and "--replace-note" in said
    (row,) = notes(db)
    assert row.endswith("note A") and "framing" in row


def test_replace_note_replaces_it(db, tmp_path):
    annotator(db, "import", "--samples")
    annotator(db, "tag", "1", "--quote", QUOTE, "--tag", "claim", "--note", "note A")
    done = annotator(db, "tag", "1", "--quote", QUOTE, "--tag", "claim", "--note", "note B", "--replace-note")
    assert done.stderr.decode() == ""
    (row,) = notes(db)
    assert row.endswith("note B")


def test_same_note_again_or_a_first_note_says_nothing(db, tmp_path):
    annotator(db, "import", "--samples")
    annotator(db, "tag", "1", "--quote", QUOTE, "--tag", "claim")
    for _ in range(2):  # (the day's backup may announce itself on the first commands: not about notes)
        said = annotator(db, "tag", "1", "--quote", QUOTE, "--tag", "claim", "--note", "A").stderr.decode()
        assert [line for line in said.splitlines() if "backup" not in line] == []
    (row,) = notes(db)
    assert row.endswith("A")


def test_a_filled_field_kept_back_is_said(db, tmp_path):
    annotator(db, "import", "--samples")
    annotator(db, "tag", "1", "--quote", QUOTE, "--tag", "casualty figure", "--field", "count_min=5")
    done = annotator(
        db, "tag", "1", "--quote", QUOTE, "--tag", "casualty figure", "--field", "count_min=7", "--field", "kind=killed"
    )
    said = done.stderr.decode()
    assert "count_min kept" in said and said.count("\n") == 1
    (row,) = notes(db)
    assert "count_min=5" in row and "kind=killed" in row
