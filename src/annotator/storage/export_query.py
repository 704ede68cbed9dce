"""The export query: passage–tag rows streamed in batches, exactly as stored; for a spreadsheet,
text cells starting with a formula character get a leading apostrophe in SQL (the write loop
stays in C). Which characters those are is the exporter's rule (exporters.csv_export), passed in."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, String, bindparam, case, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import FunctionElement

from annotator.storage import raw
from annotator.storage.schema import AnnotationRow, AnnotationTagRow, CoderRow, DocumentRow, DocumentTextRow, TagRow

BATCH = 10_000


def _neutralised(column: ColumnElement[str], formulas: Sequence[str]) -> ColumnElement[str]:
    """The column as is, or with "'" before it where it starts with one of `formulas`."""
    if not formulas:
        return column
    return case((func.substr(column, 1, 1).in_(list(formulas)), literal("'") + column), else_=column)


Fields = Sequence[tuple[str, Sequence[int]]]  # (field name, ids of the tags that define it)


class _JsonText(FunctionElement[str]):
    """One key of a JSON object stored as text, as text: json_extract on SQLite, ->> on PostgreSQL."""

    type = String()
    inherit_cache = True


@compiles(_JsonText)
def _json_text_sqlite(element: _JsonText, compiler: Any, **kw: Any) -> str:
    column, key = list(element.clauses)
    return f"json_extract({compiler.process(column, **kw)}, '$.' || {compiler.process(key, **kw)})"


@compiles(_JsonText, "postgresql")
def _json_text_postgresql(element: _JsonText, compiler: Any, **kw: Any) -> str:
    column, key = list(element.clauses)
    return f"(CAST({compiler.process(column, **kw)} AS JSON) ->> {compiler.process(key, **kw)})"


def _field(name: str, tag_ids: Sequence[int], formulas: Sequence[str]) -> ColumnElement[str]:
    """A field's value on the rows of the tags that define it, else empty (JSON read in SQL).
    Rows without values (most of a big export) cost one comparison per field column: the JSON
    is read, and neutralised, only where there is something to read."""
    value: ColumnElement[str] = func.coalesce(_JsonText(AnnotationRow.fields, literal(name)), "")
    return case(
        (AnnotationTagRow.tag_id.notin_(list(tag_ids)) | (AnnotationRow.fields == ""), literal("")),
        else_=_neutralised(value, formulas),
    )


WITH_FIELDS = select(AnnotationRow.id).where(AnnotationRow.fields != "").limit(1)


def any_field_values(session: Session) -> bool:
    """Whether any annotation has field values: a look-up in the partial index of those that do
    (ix_annotations_with_fields, revision 0004), not a scan of every annotation (0.2 s per million
    warm, 16 s cold)."""
    return session.execute(WITH_FIELDS).first() is not None


def text_sql(session: Session) -> str:
    """The SQL of one document's text by id (one positional parameter), for an export worker's check."""
    statement = select(DocumentTextRow.text).where(DocumentTextRow.document_id == bindparam("id"))
    return str(statement.compile(dialect=session.connection().dialect))


def query(
    document_ids: Sequence[int], tag_ids: Sequence[int], *, formulas: Sequence[str] = (), fields: Fields = ()
) -> Select[tuple]:  # type: ignore[type-arg]
    def text(column: ColumnElement[str]) -> ColumnElement[str]:
        return _neutralised(column, formulas)

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
            text(CoderRow.display_name),  # the `annotator` column: the name as people typed it
            AnnotationRow.created_at,
            AnnotationRow.updated_at,
            text(AnnotationRow.prefix),
            text(AnnotationRow.suffix),
            text(CoderRow.login),
            AnnotationRow.uuid,
            *(_field(name, ids, formulas) for name, ids in fields),
        )
        .join(DocumentRow, DocumentRow.id == AnnotationRow.document_id)
        # "+ 0" as for tags below: the small coders table must not become the outer loop.
        .join(CoderRow, CoderRow.id == AnnotationRow.coder_id + 0)
        .join(AnnotationTagRow, AnnotationTagRow.annotation_id == AnnotationRow.id)
        # "+ 0" keeps SQLite from starting at the small tags table (and then sorting every row);
        # it walks the document index instead, already in the order asked for. Portable SQL.
        .join(TagRow, TagRow.id == AnnotationTagRow.tag_id + 0)
        # The order of the document index and the link table's key: no sort of all rows.
        .order_by(
            AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.end, AnnotationRow.id, AnnotationTagRow.tag_id
        )
    )
    if document_ids:
        statement = statement.where(AnnotationRow.document_id.in_(list(document_ids)))
    if tag_ids:
        statement = statement.where(AnnotationTagRow.tag_id.in_(list(tag_ids)))
    return statement


def stream(
    session: Session,
    document_ids: Sequence[int],
    tag_ids: Sequence[int],
    *,
    formulas: Sequence[str] = (),
    fields: Fields = (),
) -> Iterator[Sequence[Sequence[object]]]:
    """Batches of plain tuples straight from the cursor: memory stays flat, rows stay cheap."""
    yield from raw.rows(session, query(document_ids, tag_ids, formulas=formulas, fields=fields), batch=BATCH)


def partition(
    session: Session,
    weights: Mapping[int, int],
    document_ids: Sequence[int],
    tag_ids: Sequence[int],
    *,
    formulas: Sequence[str] = (),
    parts: int,
    fields: Fields = (),
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
        statement = query(document_ids, tag_ids, formulas=formulas, fields=fields).where(
            AnnotationRow.document_id.between(lo, hi)
        )
        compiled.append(raw.compiled_sql(session, statement))
    return compiled
