"""The passages of one tag with their document's outlet and date and the values of some of their
stored fields: what the compare view lines up (issue 14). The values are read from the fields'
JSON in SQL (json_extract / ->>), not decoded row by row in Python: 200,000 passages in one pass."""

from __future__ import annotations

import gc
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, case, func, literal, select
from sqlalchemy.orm import Session

from annotator.domain.compare import Reported
from annotator.storage import raw
from annotator.storage.export_query import _JsonText
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, DocumentRow


def _value(name: str) -> ColumnElement[str]:
    """A field's value as text ('' when absent); a passage without fields is not parsed at all."""
    return case(
        (AnnotationRow.fields == "", literal("")), else_=func.coalesce(_JsonText(AnnotationRow.fields, literal(name)), "")
    )


def reported(
    session: Session, tag_id: int, names: Sequence[str], document_ids: Sequence[int] | None = None
) -> list[Reported]:
    """Every passage with that tag (in documents `document_ids`, or all), by document and start,
    with the values of the fields `names` (empty ones left out)."""
    rows = raw.all_rows(session, statement(tag_id, names, document_ids))
    # 200,000 new objects, each with a dict: the cyclic collector would walk the growing heap
    # again and again while they are made (a third of the time); none of them forms a cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return [
            Reported(row[0], row[1], row[2], row[3], {n: v for n, v in zip(names, row[5:], strict=True) if v}, row[4])
            for row in rows
        ]
    finally:
        if collecting:
            gc.enable()


def outlets(session: Session, document_ids: Sequence[int] | None = None) -> list[str]:
    """The sources of the compared documents (all, or `document_ids`): an outlet that reported
    nothing with the tag is still one of those compared, and shown as such."""
    found = select(DocumentRow.source).distinct()
    if document_ids is not None:
        found = found.where(DocumentRow.id.in_(list(document_ids)))
    return [source for (source,) in session.execute(found)]


def statement(tag_id: int, names: Sequence[str], document_ids: Sequence[int] | None = None) -> Select[tuple]:  # type: ignore[type-arg]
    """The query (the benchmark runs it without the app, as its baseline)."""
    found = (
        select(
            AnnotationRow.document_id,
            AnnotationRow.id,
            DocumentRow.source,
            DocumentRow.published,
            AnnotationRow.quote,
            *(_value(name) for name in names),
        )
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .join(DocumentRow, DocumentRow.id == AnnotationRow.document_id)
        .where(AnnotationTagRow.tag_id == tag_id)
        .order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
    )
    if document_ids is not None:
        found = found.where(AnnotationRow.document_id.in_(list(document_ids)))
    return found
