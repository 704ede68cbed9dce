"""The passages of one tag with their document's outlet and date and their stored fields: what
the compare view lines up (issue 14)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.domain.compare import Reported
from annotator.storage import raw
from annotator.storage.annotations import decode_fields
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, DocumentRow


def reported(session: Session, tag_id: int, document_ids: Sequence[int] | None = None) -> list[Reported]:
    """Every passage with that tag (in documents `document_ids`, or all), by document and start."""
    statement = (
        select(
            AnnotationRow.document_id,
            AnnotationRow.id,
            DocumentRow.source,
            DocumentRow.published,
            AnnotationRow.fields,
            AnnotationRow.quote,
        )
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .join(DocumentRow, DocumentRow.id == AnnotationRow.document_id)
        .where(AnnotationTagRow.tag_id == tag_id)
        .order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
    )
    if document_ids is not None:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    return [
        Reported(d, a, source, published, dict(decode_fields(fields)), quote)
        for d, a, source, published, fields, quote in raw.all_rows(session, statement)
    ]
