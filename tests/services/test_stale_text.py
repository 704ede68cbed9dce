"""Item 5 of issue 10: a restore plus an import gives a document id another text while a program
holds the old one in memory. The service never writes a quote taken from a stale text."""

import pytest

from annotator.services import UserError
from tests.cli.test_cli import annotator
from tests.conftest import write

# The other program's change is a restore of a backup file (then an import that reuses the id).
pytestmark = pytest.mark.sqlite_only("the scenario restores an SQLite backup file")


def test_a_tag_from_a_stale_text_is_refused_and_the_next_one_uses_the_stored_text(loaded, library_path, tmp_path):
    backup = tmp_path / "before.sqlite3"
    annotator(library_path, "backup", str(backup))
    old_file = write(tmp_path / "old.txt", "The old article says one thing. " * 20 + "\n")
    (outcome,) = loaded.documents.import_files([old_file])
    document_id = outcome.document.id
    old = loaded.annotations.text(document_id)  # the app shows this text and tags from it
    # Another program: restore the backup (document 5 gone), import another article (it gets 5).
    annotator(library_path, "restore", str(backup), "--yes")
    annotator(library_path, "import", str(write(tmp_path / "new.txt", "A different text altogether! " * 20 + "\n")))
    new = annotator(library_path, "text", str(document_id)).stdout.decode()
    assert new != old
    claim = loaded.codebook.tags()[0].id
    with pytest.raises(UserError, match="replaced by another program"):
        loaded.annotations.tag(document_id, 4, 20, [claim])
    assert loaded.annotations.for_document(document_id) == []
    # Read again (as the app does when it notices), the stored text is the one used.
    assert loaded.annotations.text(document_id) == new
    result = loaded.annotations.tag(document_id, 4, 20, [claim])
    assert result.annotation.quote == new[4:20]


def test_suggestions_follow_the_text_not_the_document_id(loaded, library_path, tmp_path):
    backup = tmp_path / "before.sqlite3"
    annotator(library_path, "backup", str(backup))
    (outcome,) = loaded.documents.import_files([write(tmp_path / "a.txt", "On 2023-09-19 the fighting began.\n")])
    document_id = outcome.document.id
    first = loaded.suggestions.suggest(document_id)
    annotator(library_path, "restore", str(backup), "--yes")
    annotator(library_path, "import", str(write(tmp_path / "b.txt", "Nothing dated here, only words.\n")))
    text = loaded.annotations.text(document_id)
    assert [s for s in first if s.tag == "date"], "the first text has a date to suggest"
    # Detector output is kept by the text's hash: the old text's date is not offered for the new one.
    assert [s for s in loaded.suggestions.suggest(document_id) if s.tag == "date"] == []
    assert text.startswith("Nothing dated")


def test_the_tag_key_from_a_stale_text_is_refused_too(loaded, library_path, tmp_path):
    """tag_or_toggle reads the text's hash with its same-span look (one statement, decision 060)."""
    backup = tmp_path / "before.sqlite3"
    annotator(library_path, "backup", str(backup))
    (outcome,) = loaded.documents.import_files([write(tmp_path / "old.txt", "The old article says one thing. " * 20)])
    document_id = outcome.document.id
    loaded.annotations.text(document_id)
    annotator(library_path, "restore", str(backup), "--yes")
    annotator(library_path, "import", str(write(tmp_path / "new.txt", "A different text altogether! " * 20)))
    claim = loaded.codebook.tags()[0].id
    with pytest.raises(UserError, match="replaced by another program"):
        loaded.annotations.tag_or_toggle(document_id, 4, 20, claim)
    assert loaded.annotations.for_document(document_id) == []
    new = loaded.annotations.text(document_id)
    assert loaded.annotations.tag_or_toggle(document_id, 4, 20, claim).annotation.quote == new[4:20]
