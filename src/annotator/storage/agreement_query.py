"""The agreement read: every passage–tag pair with its annotator and field values, and document lengths."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.storage import raw
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, DocumentRow, TagRow


def units(session: Session, document_ids: Sequence[int], coders: Sequence[str]) -> Iterator[Sequence[tuple[Any, ...]]]:
    """Batches of (document id, annotator, tag name, start, end, fields JSON), in document order.
    Every tag: who coded a document is whoever marked anything in it, whatever the tags asked for
    (the domain narrows to the tags)."""
    statement = (
        select(AnnotationRow.document_id, AnnotationRow.annotator, TagRow.name, AnnotationRow.start,
               AnnotationRow.end, AnnotationRow.fields)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .join(TagRow, TagRow.id == AnnotationTagRow.tag_id)
        .order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
    )
    if document_ids:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    if coders:
        statement = statement.where(AnnotationRow.annotator.in_(list(coders)))
    yield from raw.rows(session, statement)


def lengths(session: Session, document_ids: Sequence[int]) -> dict[int, int]:
    """Document id -> its text's length in code points."""
    statement = select(DocumentRow.id, DocumentRow.length)
    if document_ids:
        statement = statement.where(DocumentRow.id.in_(list(document_ids)))
    return {doc: length for doc, length in session.execute(statement)}
