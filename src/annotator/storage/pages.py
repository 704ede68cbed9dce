"""A PDF article's page starts (revision 0012): written with the document at import, read back
for undo of a delete. The export reads them in its own query (storage.export_query)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.storage.schema import DocumentPageRow

ROWS_PER_STATEMENT = 10_000  # 3 parameters each, through executemany: memory stays flat


def add(session: Session, starts: Iterable[tuple[int, Sequence[int]]]) -> None:
    """Store (document id, its page starts in page order, page 1 first) pairs; nothing for none."""
    rows = [
        {"document_id": document_id, "page": page, "start": start}
        for document_id, document_starts in starts
        for page, start in enumerate(document_starts, start=1)
    ]
    for first in range(0, len(rows), ROWS_PER_STATEMENT):
        session.execute(insert(DocumentPageRow), rows[first : first + ROWS_PER_STATEMENT])


def starts_of(session: Session, document_id: int) -> tuple[int, ...]:
    """A document's page starts, page 1 first (empty: not a PDF, or no such document)."""
    found = session.scalars(
        select(DocumentPageRow.start).where(DocumentPageRow.document_id == document_id).order_by(DocumentPageRow.page)
    )
    return tuple(found)
