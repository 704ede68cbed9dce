"""The passages of one tag with their document's outlet and date and the values of some of their
stored fields: what the compare view lines up (issue 14).

Figures (decision 036) read each passage's fields as stored and decode each *distinct* JSON text
once, in Python: a figure is reported by many passages, and parsing 200,000 JSON texts in SQL
(json_extract) was most of the query's time. Counting by a field (`reported`) reads the values
in SQL (json_extract / ->>)."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Mapping, Sequence

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select
from sqlalchemy.orm import Session

from annotator.domain.compare import FIGURE_READ, Figure, Reported, figure
from annotator.storage import raw
from annotator.storage.export_query import _JsonText, of_layer
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, DocumentRow
from annotator.storage.search_index import Filters, documents_where

# A condition on the documents compared (DocumentRow's columns; None: no condition).
Chosen = ColumnElement[bool] | None


def _value(name: str) -> ColumnElement[str]:
    """A field's value as text ('' when absent); a passage without fields is not parsed at all."""
    return case(
        (AnnotationRow.fields == "", literal("")), else_=func.coalesce(_JsonText(AnnotationRow.fields, literal(name)), "")
    )


def reported(
    session: Session,
    tag_id: int,
    names: Sequence[str],
    document_ids: Sequence[int] | None = None,
    where: Chosen = None,
) -> list[Reported]:
    """Every passage with that tag (in documents `document_ids`, or all; of the documents that
    pass `where`), by document and start, with the values of the fields `names` (empty ones left out)."""
    rows = raw.all_rows(session, statement(tag_id, names, document_ids, where))
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


def figure_rows(
    session: Session, tag_id: int, document_ids: Sequence[int] | None = None, where: Chosen = None
) -> Iterator[Sequence[tuple]]:  # type: ignore[type-arg]
    """Batches of (date, outlet, fields as stored) of every passage with that tag (in
    `document_ids`, or all), in text order (document, start, id): every layer and coder, as
    `reported`. `stored_figure` makes a figure of the fields (once per distinct text, by the caller)."""
    return raw.rows(session, figure_statement(tag_id, document_ids, where))


def stored_figure(stored: str) -> Figure:
    return figure(_values(stored, FIGURE_READ))


def figure_passages(
    session: Session, tag_id: int, date: str, outlet: str, document_ids: Sequence[int] | None = None, where: Chosen = None
) -> list[tuple[int, int, str, str]]:
    """(document id, annotation id, quote, kind) of the passages with that tag in the documents of
    that outlet and date (stored values: '' for none), in text order: one cell's, when opened."""
    found = (
        select(AnnotationRow.document_id, AnnotationRow.id, AnnotationRow.quote, AnnotationRow.fields)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .join(DocumentRow, DocumentRow.id == AnnotationRow.document_id)
        .where(AnnotationTagRow.tag_id == tag_id, DocumentRow.source == outlet, DocumentRow.published == date)
        .order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
    )
    found = _chosen(found, document_ids, where)
    return [
        (d, a, quote, _values(stored, ("kind",)).get("kind", "")) for d, a, quote, stored in raw.all_rows(session, found)
    ]


def _values(stored: str, names: Sequence[str]) -> Mapping[str, str]:
    """The fields `names` of a stored JSON object, the empty ones left out (as `_value` reads them)."""
    try:
        loaded = json.loads(stored) if stored else {}
    except ValueError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {name: str(value) for name in names if (value := loaded.get(name))}


def figure_statement(tag_id: int, document_ids: Sequence[int] | None, where: Chosen = None) -> Select[tuple]:  # type: ignore[type-arg]
    """Only what a cell shows: no quote (read when a cell is opened), the fields as stored (the
    benchmark runs it without the app, as its baseline)."""
    found = (
        select(DocumentRow.published, DocumentRow.source, AnnotationRow.fields)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        .join(DocumentRow, DocumentRow.id == AnnotationRow.document_id)
        .where(AnnotationTagRow.tag_id == tag_id)
        .order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
    )
    return _chosen(found, document_ids, where)


def outlets(session: Session, document_ids: Sequence[int] | None = None, where: Chosen = None) -> list[str]:
    """The sources of the compared documents (all, or `document_ids`): an outlet that reported
    nothing with the tag is still one of those compared, and shown as such."""
    found = select(DocumentRow.source).distinct()
    if document_ids is not None:
        found = found.where(DocumentRow.id.in_(list(document_ids)))
    if where is not None:
        found = found.where(where)
    return [source for (source,) in session.execute(found)]


def statement(
    tag_id: int, names: Sequence[str], document_ids: Sequence[int] | None = None, where: Chosen = None
) -> Select[tuple]:  # type: ignore[type-arg]
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
    return _chosen(found, document_ids, where)


def filtered(filters: Filters | None) -> Chosen:
    """Search's filters as a condition on the documents compared (the one rule: partial dates too)."""
    return None if filters is None or filters == Filters() else documents_where(filters)


def of_layer_too(where: Chosen, layer: str | None, coder: str | None) -> Chosen:
    """`where` and only the passages of a layer choice (export_query.of_layer, the export's rule):
    a condition on the passages read — never on `outlets`, which reads documents alone."""
    conditions = [*([] if where is None else [where]), *of_layer(layer, coder)]
    return and_(*conditions) if conditions else None


def of_outlet(source: str, where: Chosen = None) -> ColumnElement[bool]:
    """The documents of one outlet (its stored source), that also pass `where`."""
    return DocumentRow.source == source if where is None else and_(DocumentRow.source == source, where)


def _chosen(found: Select[tuple], document_ids: Sequence[int] | None, where: Chosen) -> Select[tuple]:  # type: ignore[type-arg]
    """Only the chosen documents: by id, and those that pass `where` (a condition on documents,
    e.g. search's filters: storage.search_index.documents_where)."""
    if document_ids is not None:
        found = found.where(AnnotationRow.document_id.in_(list(document_ids)))
    if where is not None:
        found = found.where(where)
    return found
