"""Document repository: rows in, frozen domain Documents out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from annotator.domain.listing import Row
from annotator.domain.models import Document, DocumentMeta, Status
from annotator.storage import raw
from annotator.storage.schema import DocumentRow, DocumentTextRow

_META_FIELDS = ("title", "source", "published", "dateline", "url", "language")
# Everything a Document holds but its text, which lives in document_texts (revision 0004).
_COLUMNS = (
    DocumentRow.id,
    DocumentRow.title,
    DocumentRow.source,
    DocumentRow.published,
    DocumentRow.dateline,
    DocumentRow.url,
    DocumentRow.language,
    DocumentRow.filename,
    DocumentRow.sha256,
    DocumentRow.imported_at,
    DocumentRow.status,
    DocumentRow.length,
    DocumentRow.annotation_count,
)
# What a list shows, in the order of domain.listing.Row: small rows only, and half the columns
# (100,000 rows: 0.18 s instead of 0.4 s).
_LISTED = (DocumentRow.id, DocumentRow.title, DocumentRow.source, DocumentRow.published, DocumentRow.dateline,
           DocumentRow.filename, DocumentRow.status, DocumentRow.annotation_count)
_STATUS = {status.value: status for status in Status}


def add(
    session: Session, meta: DocumentMeta, *, filename: str, sha256: str, text: str, imported_at: str
) -> int:
    row = DocumentRow(
        **{name: getattr(meta, name) for name in _META_FIELDS},
        filename=filename,
        sha256=sha256,
        length=len(text),
        imported_at=imported_at,
        status=Status.NEW.value,
    )
    session.add(row)
    session.flush()
    session.add(DocumentTextRow(document_id=row.id, text=text))
    session.flush()
    return row.id


_BY_SHA256 = raw.Prepared(select(DocumentRow.id).where(DocumentRow.sha256 == bindparam("sha")))


def id_by_sha256(session: Session, sha256: str) -> int | None:
    """The document holding this text, if any (compiled once: asked once per imported file)."""
    found = raw.all_rows(session, _BY_SHA256, {"sha": sha256})
    return found[0][0] if found else None


_LIST = raw.Prepared(select(*_LISTED).order_by(DocumentRow.id))
_ALL = raw.Prepared(select(*_COLUMNS).order_by(DocumentRow.id))


def annotation_counts(session: Session, ids: Iterable[int] | None = None) -> dict[int, int]:
    """Annotations per document (the count each document keeps), for some documents or all."""
    statement = select(DocumentRow.id, DocumentRow.annotation_count)
    if ids is not None:
        statement = statement.where(DocumentRow.id.in_(list(ids)))
    return dict(raw.all_rows(session, statement))


def listing(session: Session) -> list[Row]:
    """Every document as a plain row (domain.listing), in id order: no object per document."""
    return raw.all_rows(session, _LIST)  # type: ignore[return-value]


def _document(row: Sequence[Any]) -> Document:
    (id_, title, source, published, dateline, url, language, filename, sha, imported_at, status, length,
     count) = row
    return Document(id_, DocumentMeta(title, source, published, dateline, url, language), filename, sha,
                    imported_at, _STATUS[status], length, count)


def list_all(session: Session) -> list[Document]:
    return [_document(row) for row in raw.all_rows(session, _ALL)]


def states(session: Session) -> dict[int, tuple[object, ...]]:
    """Every document's columns (not its text) with its annotation count as plain tuples, by id:
    cheap to compare with an earlier read (no domain objects built for 10,000 documents)."""
    return {row[0]: row for row in raw.all_rows(session, _ALL)}


def get(session: Session, document_id: int) -> Document | None:
    row = session.execute(select(*_COLUMNS).where(DocumentRow.id == document_id)).first()
    return None if row is None else _document(row)


_SHA = raw.Prepared(select(DocumentRow.sha256).where(DocumentRow.id == bindparam("d_id")))


def sha256_of(session: Session, document_id: int) -> str | None:
    """What identifies the document's text now (None: no such document): cheap, by primary key."""
    found = raw.all_rows(session, _SHA, {"d_id": document_id})
    return found[0][0] if found else None


def text_of(session: Session, document_id: int) -> str | None:
    return session.scalar(select(DocumentTextRow.text).where(DocumentTextRow.document_id == document_id))


def set_meta(session: Session, document_id: int, meta: DocumentMeta) -> None:
    session.execute(
        update(DocumentRow)
        .where(DocumentRow.id == document_id)
        .values(**{name: getattr(meta, name) for name in _META_FIELDS})
    )


def set_status(session: Session, document_id: int, status: Status) -> None:
    session.execute(
        update(DocumentRow).where(DocumentRow.id == document_id).values(status=status.value)
    )


def existing_ids(session: Session, ids: Iterable[int]) -> set[int]:
    return set(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(list(ids)))))


def remove(session: Session, document_id: int) -> None:
    """Delete a document; its text, annotations, their tag links and its rejected suggestions
    go with it (ON DELETE CASCADE)."""
    session.execute(delete(DocumentRow).where(DocumentRow.id == document_id))


def put_back(session: Session, document: Document, text: str) -> None:
    """Re-create a deleted document under its own id (its annotations are put back after it,
    and the triggers count them again)."""
    session.execute(insert(DocumentRow).values(
        id=document.id, **{name: getattr(document.meta, name) for name in _META_FIELDS},
        filename=document.filename, sha256=document.sha256, length=document.length,
        imported_at=document.imported_at, status=document.status.value, annotation_count=0))
    session.execute(insert(DocumentTextRow).values(document_id=document.id, text=text))
