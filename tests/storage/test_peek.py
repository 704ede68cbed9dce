"""The start-up peek (standard library only) sees what the repositories see."""

import sqlite3
import subprocess
import sys

import pytest

from annotator.storage.peek import peek

# The peek reads an SQLite file with the standard library before SQLAlchemy loads (it declines a server).
pytestmark = pytest.mark.sqlite_only("the start-up peek reads an SQLite file with the standard library")


def test_peek_matches_the_services(loaded, library_path):
    claim, quote = (loaded.codebook.by_name(n).id for n in ("claim", "quote"))
    loaded.annotations.tag(4, 10, 20, [claim, quote])
    loaded.annotations.tag(4, 5, 30, [quote])
    seen = peek(str(library_path), 4)
    assert seen.document == loaded.documents.get(4)
    assert seen.text == loaded.documents.text(4)
    assert seen.spans == loaded.annotations.spans(4)
    assert seen.tags == loaded.codebook.tags()


def test_peek_without_a_last_document_takes_the_first_by_date(loaded, library_path):
    first = min(loaded.documents.list(), key=lambda d: (d.meta.published, d.id))
    assert peek(str(library_path), None).document.id == first.id


def test_peek_declines_what_it_cannot_read(tmp_path, library_path, loaded):
    assert peek(str(tmp_path / "missing.sqlite3"), None) is None
    assert peek("postgresql://host/db", None) is None
    assert peek(str(library_path), 999) is None
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("not a database")
    assert peek(str(bogus), None) is None
    db = sqlite3.connect(library_path)
    db.execute("update alembic_version set version_num='9999'")
    db.commit()
    db.close()
    assert peek(str(library_path), 1) is None


# Not on the way to the first frame (decisions 003 and 049): SQLAlchemy and the detectors' vocabularies;
# the dialogs (each imported when first opened) and what only they need; the standard library's
# modules the window's start did not need (hashlib loads OpenSSL: the reading places hash with Qt).
HEAVY = ("sqlalchemy", "babel", "dateutil", "annotator.domain.suggest.languages")
WAITING = ("annotator.ui.dialogs.", "annotator.domain.compare", "annotator.domain.tables", "annotator.domain.export_rows")
WAITING_STDLIB = ("html", "csv", "decimal", "hashlib", "calendar")


def test_the_window_modules_load_without_sqlalchemy_or_the_detectors():
    code = (
        "import sys, annotator.ui.launch, annotator.ui.main_window, annotator.storage.peek, annotator.services.preview; "
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.split()
    assert sorted({m.split(".")[0] if not m.startswith("annotator") else m for m in loaded} & set(HEAVY)) == []
    assert [m for m in loaded if m.startswith(WAITING) or m.split(".")[0] in WAITING_STDLIB] == []
