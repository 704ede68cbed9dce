"""Annotation repository: passages with their tags, read per document, written one action at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from annotator.domain.models import Annotation, MarkedSpan
from annotator.storage import raw
from annotator.storage.schema import AnnotationRow, AnnotationTagRow

_COLUMNS = (
    AnnotationRow.id,
    AnnotationRow.document_id,
    AnnotationRow.start,
    AnnotationRow.end,
    AnnotationRow.quote,
    AnnotationRow.prefix,
    AnnotationRow.suffix,
    AnnotationRow.note,
    AnnotationRow.annotator,
    AnnotationRow.created_at,
    AnnotationRow.updated_at,
)


_INSERT = insert(AnnotationRow).returning(AnnotationRow.id)
_LINK = insert(AnnotationTagRow)
_AT_SPAN = (
    select(AnnotationRow.id)
    .where(
        AnnotationRow.document_id == bindparam("document_id"),
        AnnotationRow.start == bindparam("start"),
        AnnotationRow.end == bindparam("end"),
    )
    .order_by(AnnotationRow.id)
    .limit(1)
)


def insert_one(session: Session, annotation: Annotation, *, keep_id: bool = False) -> int:
    """Insert an annotation and its tag links; keep_id re-creates a deleted one (undo)."""
    values = {
        "document_id": annotation.document_id,
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
        "note": annotation.note,
        "annotator": annotation.annotator,
        "created_at": annotation.created_at,
        "updated_at": annotation.updated_at,
    }
    if keep_id:
        values["id"] = annotation.id
    new_id: int = session.execute(_INSERT, values).scalar_one()
    link(session, new_id, annotation.tag_ids)
    return new_id


def link(session: Session, annotation_id: int, tag_ids: Iterable[int]) -> None:
    rows = [{"annotation_id": annotation_id, "tag_id": tag_id} for tag_id in tag_ids]
    if rows:
        session.execute(_LINK, rows)


def unlink(session: Session, annotation_id: int, tag_ids: Iterable[int]) -> None:
    session.execute(
        delete(AnnotationTagRow).where(
            AnnotationTagRow.annotation_id == annotation_id,
            AnnotationTagRow.tag_id.in_(list(tag_ids)),
        )
    )


def remove(session: Session, annotation_id: int) -> None:
    session.execute(delete(AnnotationRow).where(AnnotationRow.id == annotation_id))


def touch(session: Session, annotation_id: int, updated_at: str, **values: str) -> None:
    session.execute(
        update(AnnotationRow)
        .where(AnnotationRow.id == annotation_id)
        .values(updated_at=updated_at, **values)
    )


def _tags_by_annotation(session: Session, where: object) -> dict[int, list[int]]:
    query = (
        select(AnnotationTagRow.annotation_id, AnnotationTagRow.tag_id)
        .join(AnnotationRow, AnnotationRow.id == AnnotationTagRow.annotation_id)
        .where(where)  # type: ignore[arg-type]
        .order_by(AnnotationTagRow.annotation_id, AnnotationTagRow.tag_id)
    )
    found: dict[int, list[int]] = defaultdict(list)
    for annotation_id, tag_id in raw.all_rows(session, query):
        found[annotation_id].append(tag_id)
    return found


def _build(rows: Iterable[tuple], tags: dict[int, list[int]]) -> list[Annotation]:  # type: ignore[type-arg]
    get = tags.get
    return [Annotation(*row, tuple(get(row[0], ()))) for row in rows]


def for_document(session: Session, document_id: int) -> list[Annotation]:
    """All annotations of one document, ordered by position (uses the document index)."""
    where = AnnotationRow.document_id == document_id
    tags = _tags_by_annotation(session, where)
    query = select(*_COLUMNS).where(where).order_by(AnnotationRow.start, AnnotationRow.end, AnnotationRow.id)
    return _build(raw.all_rows(session, query), tags)


def spans_for_document(session: Session, document_id: int) -> list[MarkedSpan]:
    """(id, start, end, tag ids) of a document's annotations in text order: all the reader needs
    to paint, read from covering indexes without touching the passages themselves."""
    where = AnnotationRow.document_id == document_id
    tags = _tags_by_annotation(session, where)
    query = (
        select(AnnotationRow.id, AnnotationRow.start, AnnotationRow.end)
        .where(where)
        .order_by(AnnotationRow.start, AnnotationRow.end, AnnotationRow.id)
    )
    get = tags.get
    return [(i, s, e, tuple(get(i, ()))) for i, s, e in raw.all_rows(session, query)]


def get(session: Session, annotation_id: int) -> Annotation | None:
    where = AnnotationRow.id == annotation_id
    found = _build(session.execute(select(*_COLUMNS).where(where)), _tags_by_annotation(session, where))
    return found[0] if found else None


def at_span(session: Session, document_id: int, start: int, end: int) -> Annotation | None:
    """The oldest annotation covering exactly this span, if any."""
    annotation_id = session.scalar(_AT_SPAN, {"document_id": document_id, "start": start, "end": end})
    return get(session, annotation_id) if annotation_id is not None else None
