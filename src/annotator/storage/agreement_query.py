"""The agreement read: every passage–tag pair of the coders' layers with its coder and field values,
and document lengths."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.storage import raw
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, CoderRow, DocumentRow, TagRow


def units(session: Session, document_ids: Sequence[int], coders: Sequence[str]) -> Iterator[Sequence[tuple[Any, ...]]]:
    """Batches of (document id, coder's login, tag name, start, end, fields JSON), in document
    order; `coders` by login. Every tag: who coded a document is whoever
    marked anything in it, whatever the tags asked for (the domain narrows to the tags). Only the
    coders' layers (a gold layer is not a coder)."""
    statement = (
        select(
            AnnotationRow.document_id,
            CoderRow.login,
            TagRow.name,
            AnnotationRow.start,
            AnnotationRow.end,
            AnnotationRow.fields,
        )
        .join(CoderRow, CoderRow.id == AnnotationRow.coder_id)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .join(TagRow, TagRow.id == AnnotationTagRow.tag_id)
        .where(AnnotationRow.layer == "coder")
        .order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
    )
    if document_ids:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    if coders:
        statement = statement.where(CoderRow.login.in_(list(coders)))
    yield from raw.rows(session, statement)


def lengths(session: Session, document_ids: Sequence[int]) -> dict[int, int]:
    """Document id -> its text's length in code points."""
    statement = select(DocumentRow.id, DocumentRow.length)
    if document_ids:
        statement = statement.where(DocumentRow.id.in_(list(document_ids)))
    return {doc: length for doc, length in session.execute(statement)}


def passages(session: Session, document_ids: Sequence[int], coders: Sequence[str]) -> list[tuple[Any, ...]]:
    """(document id, coder's login, tag name, start, end, annotation id, uuid, quote) of the coders'
    layers, in document and text order: the disagreements' read (every tag: who coded a document is
    whoever marked anything in it)."""
    statement = (
        select(
            AnnotationRow.document_id,
            CoderRow.login,
            TagRow.name,
            AnnotationRow.start,
            AnnotationRow.end,
            AnnotationRow.id,
            AnnotationRow.uuid,
            AnnotationRow.quote,
        )
        .join(CoderRow, CoderRow.id == AnnotationRow.coder_id)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .join(TagRow, TagRow.id == AnnotationTagRow.tag_id)
        .where(AnnotationRow.layer == "coder")
        .order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
    )
    if document_ids:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    if coders:
        statement = statement.where(CoderRow.login.in_(list(coders)))
    return [tuple(row) for row in session.execute(statement)]
