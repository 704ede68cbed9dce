"""Document repository: rows in, frozen domain Documents out."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from annotator.domain.models import Document, DocumentMeta, Status
from annotator.storage import raw
from annotator.storage.schema import AnnotationRow, DocumentRow

_STATUS = {status.value: status for status in Status}
_META_FIELDS = ("title", "source", "published", "dateline", "url", "language")
_LISTED = (
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
)


def add(
    session: Session, meta: DocumentMeta, *, filename: str, sha256: str, text: str, imported_at: str
) -> int:
    row = DocumentRow(
        **{name: getattr(meta, name) for name in _META_FIELDS},
        filename=filename,
        sha256=sha256,
        text=text,
        length=len(text),
        imported_at=imported_at,
        status=Status.NEW.value,
    )
    session.add(row)
    session.flush()
    return row.id


_BY_SHA256 = raw.Prepared(select(DocumentRow.id).where(DocumentRow.sha256 == bindparam("sha")))


def id_by_sha256(session: Session, sha256: str) -> int | None:
    """The document holding this text, if any (compiled once: asked once per imported file)."""
    found = raw.all_rows(session, _BY_SHA256, {"sha": sha256})
    return found[0][0] if found else None


def _document(row: Iterable[object], count: int) -> Document:
    (id_, title, source, published, dateline, url, language, filename, sha, imported_at, status,
     length) = row
    return Document(
        id=id_,  # type: ignore[arg-type]
        meta=DocumentMeta(title, source, published, dateline, url, language),  # type: ignore[arg-type]
        filename=filename,  # type: ignore[arg-type]
        sha256=sha,  # type: ignore[arg-type]
        imported_at=imported_at,  # type: ignore[arg-type]
        status=_STATUS[status],  # type: ignore[index]
        length=length,  # type: ignore[arg-type]
        annotation_count=count,
    )


_LIST = raw.Prepared(select(*_LISTED).order_by(DocumentRow.id))
_COUNT_QUERY = select(AnnotationRow.document_id, func.count()).group_by(AnnotationRow.document_id)
_COUNTS = raw.Prepared(_COUNT_QUERY)


def annotation_counts(session: Session, ids: Iterable[int] | None = None) -> dict[int, int]:
    """Annotations per document (read from the document index), for some documents or all."""
    if ids is None:
        return dict(raw.all_rows(session, _COUNTS))
    return dict(raw.all_rows(session, _COUNT_QUERY.where(AnnotationRow.document_id.in_(list(ids)))))


def list_all(session: Session) -> list[Document]:
    counts = annotation_counts(session)
    return [_document(row, counts.get(row[0], 0)) for row in raw.all_rows(session, _LIST)]


def listing(session: Session) -> dict[int, tuple[object, ...]]:
    """Every document's listed columns and annotation count as plain tuples, by id: cheap to
    compare with an earlier read (no domain objects built for 10,000 documents)."""
    counts = annotation_counts(session)
    return {row[0]: (*row, counts.get(row[0], 0)) for row in raw.all_rows(session, _LIST)}


def get(session: Session, document_id: int) -> Document | None:
    row = session.execute(select(*_LISTED).where(DocumentRow.id == document_id)).first()
    if row is None:
        return None
    return _document(row, annotation_counts(session, [document_id]).get(document_id, 0))


_SHA = raw.Prepared(select(DocumentRow.sha256).where(DocumentRow.id == bindparam("d_id")))


def sha256_of(session: Session, document_id: int) -> str | None:
    """What identifies the document's text now (None: no such document): cheap, by primary key."""
    found = raw.all_rows(session, _SHA, {"d_id": document_id})
    return found[0][0] if found else None


def text_of(session: Session, document_id: int) -> str | None:
    return session.scalar(select(DocumentRow.text).where(DocumentRow.id == document_id))


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
