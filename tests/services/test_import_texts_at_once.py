"""The texts of an import batch go into document_texts in one statement (issue 14, the index's
import cost): the search index's trigger runs inside each statement's savepoint, and FTS5 writes
its pending terms out at every savepoint — row by row (executemany) it wrote one index segment per
document and merged them again (the import with the index took 2.3× the time without it)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from annotator.services import open_services


@pytest.mark.sqlite_only("FTS5's segments are SQLite's")
def test_an_import_batch_stores_its_texts_in_one_statement(tmp_path):
    files = []
    for n in range(30):
        path = tmp_path / f"article-{n}.txt"
        path.write_text(f"Article {n}\n\nThe ceasefire held in the morning, number {n}.", encoding="utf-8")
        files.append(path)
    services = open_services(str(tmp_path / "library.sqlite3"), backup=False)
    seen: list[tuple[str, bool]] = []

    def record(_conn, _cursor, statement, _parameters, _context, executemany):
        seen.append((statement, executemany))

    event.listen(services.library.engine, "before_cursor_execute", record)
    try:
        services.documents.import_files(files)
    finally:
        event.remove(services.library.engine, "before_cursor_execute", record)
    texts = [(s, many) for s, many in seen if s.lstrip().upper().startswith("INSERT INTO DOCUMENT_TEXTS")]
    assert len(texts) == 1 and not texts[0][1], texts
    assert len(services.search.search("ceasefire").hits) == 30  # every text indexed
    services.close()
