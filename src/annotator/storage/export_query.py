"""The export query: passage–tag rows streamed in batches, spreadsheet-neutralised in SQL."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, select
from sqlalchemy.orm import Session

from annotator.storage import raw
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, DocumentRow, TagRow

BATCH = 10_000
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _safe(column: ColumnElement[str]) -> ColumnElement[str]:
    return case((func.substr(column, 1, 1).in_(_DANGEROUS), literal("'") + column), else_=column)


def query(document_ids: Sequence[int], tag_ids: Sequence[int], *, safe: bool) -> Select[tuple]:  # type: ignore[type-arg]
    def text(column: ColumnElement[str]) -> ColumnElement[str]:
        return _safe(column) if safe else column

    statement = (
        select(
            AnnotationRow.id,
            AnnotationRow.document_id,
            text(DocumentRow.title),
            text(DocumentRow.source),
            DocumentRow.published,
            text(TagRow.name),
            text(AnnotationRow.quote),
            AnnotationRow.start,
            AnnotationRow.end,
            text(AnnotationRow.note),
            text(AnnotationRow.annotator),
            AnnotationRow.created_at,
            AnnotationRow.updated_at,
            text(AnnotationRow.prefix),
            text(AnnotationRow.suffix),
        )
        .join(DocumentRow, DocumentRow.id == AnnotationRow.document_id)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        # "+ 0" keeps SQLite from starting at the small tags table (and then sorting every row);
        # it walks the document index instead, already in the order asked for. Portable SQL.
        .join(TagRow, TagRow.id == AnnotationTagRow.tag_id + 0)
        # The order of the document index and the link table's key: no sort of all rows.
        .order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.end, AnnotationRow.id,
                  AnnotationTagRow.tag_id)
    )
    if document_ids:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    if tag_ids:
        statement = statement.where(AnnotationTagRow.tag_id.in_(list(tag_ids)))
    return statement


def stream(
    session: Session, document_ids: Sequence[int], tag_ids: Sequence[int], *, safe: bool
) -> Iterator[Sequence[Sequence[object]]]:
    """Batches of plain tuples straight from the cursor: memory stays flat, rows stay cheap."""
    yield from raw.rows(session, query(document_ids, tag_ids, safe=safe), batch=BATCH)


def partition(
    session: Session, weights: Mapping[int, int], document_ids: Sequence[int], tag_ids: Sequence[int], *,
    safe: bool, parts: int,
) -> list[tuple[str, Any]]:
    """The export split into `parts` queries over consecutive document ranges of about equal
    weight (annotations per document), compiled for the DB-API of this library: their rows,
    concatenated in order, are exactly the rows of `query`."""
    ordered = sorted(weights.items())
    total = sum(weights.values())
    ranges: list[tuple[int, int]] = []
    first, running = None, 0
    for document_id, count in ordered:
        first = document_id if first is None else first
        running += count
        if running >= total * (len(ranges) + 1) / parts and len(ranges) < parts - 1:
            ranges.append((first, document_id))
            first = None
    if first is not None:
        ranges.append((first, ordered[-1][0]))
    compiled = []
    for lo, hi in ranges:
        statement = query(document_ids, tag_ids, safe=safe).where(AnnotationRow.document_id.between(lo, hi))
        compiled.append(raw.compiled_sql(session, statement))
    return compiled
