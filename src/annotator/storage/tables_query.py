"""The counting queries behind the crosstab and the co-occurrence table (issue 14): counts of
passage–tag links by a document column, a variable or the coder, grouped in SQL.

The counts are taken in two steps: first per (document, tag[, coder]), then joined with the
(small) documents table for the column. The first step reads the counts kept by triggers
(tag_counts, revision 0011: ~100,000 rows for a million links; per layer too since 0015, so a
layer choice reads them as well) — or, for a blind coder on a server, who may not read
everyone's counts, counts the links row security lets them see."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select
from sqlalchemy.orm import Session

from annotator.storage import raw
from annotator.storage.export_query import of_layer
from annotator.storage.schema import (
    AnnotationRow,
    AnnotationTagRow,
    CoderRow,
    DocumentRow,
    DocumentValueRow,
    TagCountRow,
)

# The columns a table can be counted by, besides a variable's name ("var:<id>").
DOCUMENT_COLUMNS = ("source", "year", "month", "language")


def _document_column(name: str) -> ColumnElement[str]:
    if name == "year":
        return func.substr(DocumentRow.published, 1, 4)
    if name == "month":  # a date known only to the year has no month
        return case((func.length(DocumentRow.published) >= 7, func.substr(DocumentRow.published, 1, 7)), else_="")
    return getattr(DocumentRow, name)


def crosstab(
    session: Session,
    column: str,
    *,
    documents: bool,
    variable_id: int = 0,
    document_ids: Sequence[int] | None = None,
    kept: bool | None = None,
    layer: str | None = None,
    coder: str | None = None,
) -> list[tuple[int, str, int]]:
    """(tag id, column value, count) for every non-empty cell. `column` is one of
    DOCUMENT_COLUMNS, "coder" or "variable" (with `variable_id`); a document without a value
    counts under ''. `documents`: count each document once per cell, else passages. `kept`: from
    the kept counts or not (None: whenever this session may read them — for any layer choice:
    they are kept per layer, revision 0015). `layer`, `coder`: only that layer's, that coder's
    passages (export_query.of_layer)."""
    if kept is None:
        kept = kept_counts_readable(session)
    statement = crosstab_statement(
        column, documents=documents, variable_id=variable_id, document_ids=document_ids, kept=kept, layer=layer, coder=coder
    )
    return [(int(t), str(v), int(n)) for t, v, n in raw.all_rows(session, statement)]


def kept_counts_readable(session: Session) -> bool:
    """Whether this session may count from tag_counts: not a blind coder's on a server (no grant:
    everyone's counts), who counts the links they can see instead (the same numbers for them)."""
    return not session.info.get("visible_counts")


def crosstab_statement(
    column: str,
    *,
    documents: bool,
    variable_id: int = 0,
    document_ids: Sequence[int] | None = None,
    kept: bool = True,
    layer: str | None = None,
    coder: str | None = None,
) -> Select[tuple[int, str, int]]:
    """The crosstab's SQL (the benchmark runs it without the app, as its baseline). `kept`: from
    the counts the triggers keep (per document, tag, coder and layer), else from the links
    themselves; the same layer choice narrows either (export_query.of_layer)."""
    by_coder = column == "coder"
    if kept:
        keys = [TagCountRow.document_id, TagCountRow.tag_id] + ([TagCountRow.coder_id] if by_coder else [])
        inner = select(*keys, func.sum(TagCountRow.n).label("n"))
        if document_ids is not None:
            inner = inner.where(TagCountRow.document_id.in_(list(document_ids)))
        inner = inner.where(*of_layer(layer, coder, on=TagCountRow))
    else:
        keys = [AnnotationRow.document_id, AnnotationTagRow.tag_id] + ([AnnotationRow.coder_id] if by_coder else [])
        inner = select(*keys, func.count().label("n")).join(
            AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id
        )
        if document_ids is not None:
            inner = inner.where(AnnotationRow.document_id.in_(list(document_ids)))
        inner = inner.where(*of_layer(layer, coder))
    per = inner.group_by(*keys).subquery("per")
    amount = func.count() if documents else func.sum(per.c.n)
    if by_coder:
        value: ColumnElement[str] = CoderRow.login
        statement = select(per.c.tag_id, value, amount).join(CoderRow, CoderRow.id == per.c.coder_id)
    elif column == "variable":
        value = func.coalesce(DocumentValueRow.value, literal(""))
        statement = select(per.c.tag_id, value, amount).outerjoin(
            DocumentValueRow,
            and_(DocumentValueRow.document_id == per.c.document_id, DocumentValueRow.variable_id == variable_id),
        )
    else:
        value = _document_column(column)
        statement = select(per.c.tag_id, value, amount).join(DocumentRow, DocumentRow.id == per.c.document_id)
    return statement.group_by(per.c.tag_id, value)


def passages_in_cell(
    session: Session,
    tag_id: int,
    column: str,
    value: str,
    *,
    variable_id: int = 0,
    document_ids: Sequence[int] | None = None,
    layer: str | None = None,
    coder: str | None = None,
) -> list[tuple[int, int, str]]:
    """(document id, annotation id, quote) of the passages counted in one cell, in text order
    (of the layer and coder chosen, as `crosstab`)."""
    statement = (
        select(AnnotationRow.document_id, AnnotationRow.id, AnnotationRow.quote)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .where(AnnotationTagRow.tag_id == tag_id, *of_layer(layer, coder))
    )
    if column == "coder":
        statement = statement.join(CoderRow, CoderRow.id == AnnotationRow.coder_id).where(CoderRow.login == value)
    elif column == "variable":
        statement = statement.outerjoin(
            DocumentValueRow,
            and_(DocumentValueRow.document_id == AnnotationRow.document_id, DocumentValueRow.variable_id == variable_id),
        ).where(func.coalesce(DocumentValueRow.value, literal("")) == value)
    else:
        statement = statement.join(DocumentRow, DocumentRow.id == AnnotationRow.document_id).where(
            _document_column(column) == value
        )
    if document_ids is not None:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    statement = statement.order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.end, AnnotationRow.id)
    return [(int(d), int(a), str(q)) for d, a, q in raw.all_rows(session, statement)]


def tag_links(session: Session, document_ids: Sequence[int] | None = None) -> list[tuple[int, int, int, int, int]]:
    """(document id, annotation id, start, end, tag id) of every passage–tag link, by document
    and start: what the co-occurrence table walks."""
    statement = select(
        AnnotationRow.document_id, AnnotationRow.id, AnnotationRow.start, AnnotationRow.end, AnnotationTagRow.tag_id
    ).join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
    if document_ids is not None:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    statement = statement.order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
    return [tuple(int(x) for x in row) for row in raw.all_rows(session, statement)]  # type: ignore[misc]


def quotes(session: Session, annotation_ids: Sequence[int]) -> dict[int, str]:
    """annotation id -> its quote, for the passages of a co-occurrence cell (read in slices: a
    cell of a big library can name more passages than a statement may bind)."""
    found: dict[int, str] = {}
    ids = list(annotation_ids)
    for at in range(0, len(ids), 900):
        statement = select(AnnotationRow.id, AnnotationRow.quote).where(AnnotationRow.id.in_(ids[at : at + 900]))
        found.update((int(i), str(q)) for i, q in raw.all_rows(session, statement))
    return found
