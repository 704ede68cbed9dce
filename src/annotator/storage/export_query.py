"""The export query: passage–tag rows streamed in batches, exactly as stored. Its select list is
built from the typed row (domain.export_rows.ExportRow), so the columns' order is written once;
what a format does to a cell (a spreadsheet's formula neutralising) is the exporter's business."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, String, bindparam, case, cast, func, literal, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import FunctionElement

from annotator.domain.export_rows import COLUMNS
from annotator.domain.ranges import weighted_ranges
from annotator.storage import raw
from annotator.storage.schema import (
    AnnotationRow,
    AnnotationTagRow,
    CoderRow,
    DocumentPageRow,
    DocumentRow,
    DocumentTextRow,
    DocumentValueRow,
    TagRow,
)

BATCH = 10_000


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


def _field(name: str, tag_ids: Sequence[int]) -> ColumnElement[str]:
    """A field's value on the rows of the tags that define it, else empty (JSON read in SQL).
    Rows without values (most of a big export) cost one comparison per field column: the JSON
    is read only where there is something to read."""
    value: ColumnElement[str] = func.coalesce(_JsonText(AnnotationRow.fields, literal(name)), "")
    return case((AnnotationTagRow.tag_id.notin_(list(tag_ids)) | (AnnotationRow.fields == ""), literal("")), else_=value)


def _variable(variable_id: int) -> ColumnElement[str]:
    """A document variable's value for the row's document, '' for none (decision 042): one seek
    in the values' primary key per row and variable; no column at all when there is no variable."""
    value = (
        select(DocumentValueRow.value)
        .where(DocumentValueRow.document_id == AnnotationRow.document_id, DocumentValueRow.variable_id == variable_id)
        .scalar_subquery()
    )
    return func.coalesce(value, "")


# The page a passage starts on (revision 0012): the page of the last page start at or before the
# passage's start — one seek in ix_document_pages_start per row (the index holds the page too);
# NULL for a document without pages. In SQL, not in Python: the serial export, the parallel
# export's workers and the server's COPY all run this one query, so the rule is written once.
PAGE: ColumnElement[Any] = (
    select(DocumentPageRow.page)
    .where(DocumentPageRow.document_id == AnnotationRow.document_id, DocumentPageRow.start <= AnnotationRow.start)
    .order_by(DocumentPageRow.start.desc())
    .limit(1)
    .scalar_subquery()
)
# The server's COPY writes a NULL as its NULL string (storage.server_csv), the csv module None as
# an empty cell: as text, empty when there is no page, the two write the same bytes.
PAGE_TEXT: ColumnElement[Any] = func.coalesce(cast(PAGE, String), "")

# Each ExportRow column's SQL; the select list follows ExportRow's order (checked on import).
SOURCES: dict[str, ColumnElement[Any]] = {
    "annotation_id": AnnotationRow.id,
    "document_id": AnnotationRow.document_id,
    "document_title": DocumentRow.title,
    "source": DocumentRow.source,
    "published": DocumentRow.published,
    "tag": TagRow.name,
    "text": AnnotationRow.quote,
    "start": AnnotationRow.start,
    "end": AnnotationRow.end,
    "note": AnnotationRow.note,
    "annotator": CoderRow.display_name,  # the name as people typed it
    "created_at": AnnotationRow.created_at,
    "updated_at": AnnotationRow.updated_at,
    "prefix": AnnotationRow.prefix,
    "suffix": AnnotationRow.suffix,
    "coder": CoderRow.login,
    "annotation_uuid": AnnotationRow.uuid,
    "layer": AnnotationRow.layer,
    "page": PAGE,
}
assert tuple(SOURCES) == COLUMNS, "storage.export_query.SOURCES must name every ExportRow column"


WITH_FIELDS = select(AnnotationRow.id).where(AnnotationRow.fields != "").limit(1)


def any_field_values(session: Session) -> bool:
    """Whether any annotation has field values: a look-up in the partial index of those that do
    (ix_annotations_with_fields, revision 0004), not a scan of every annotation (0.2 s per million
    warm, 16 s cold)."""
    return session.execute(WITH_FIELDS).first() is not None


def text_hashes(session: Session, document_ids: Sequence[int]) -> dict[int, str]:
    """Each document's SHA-256 of its canonical text (UTF-8), by id: a stable name across libraries."""
    statement = select(DocumentRow.id, DocumentRow.sha256)
    if document_ids:
        statement = statement.where(DocumentRow.id.in_(list(document_ids)))
    return {row[0]: row[1] for row in raw.all_rows(session, statement)}


def titles(session: Session, document_ids: Sequence[int]) -> dict[int, str]:
    """Each document's title by id (all documents, or these), as the rows' document_title."""
    statement = select(DocumentRow.id, DocumentRow.title)
    if document_ids:
        statement = statement.where(DocumentRow.id.in_(list(document_ids)))
    return {row[0]: row[1] for row in raw.all_rows(session, statement)}


def text_sql(session: Session) -> str:
    """The SQL of one document's text by id (one positional parameter), for an export worker's check."""
    statement = select(DocumentTextRow.text).where(DocumentTextRow.document_id == bindparam("id"))
    return str(statement.compile(dialect=session.connection().dialect))


def query(
    document_ids: Sequence[int],
    tag_ids: Sequence[int],
    *,
    fields: Fields = (),
    layer: str | None = None,
    coder: str | None = None,
    page_text: bool = False,
    variables: Sequence[int] = (),
) -> Select[tuple]:  # type: ignore[type-arg]
    """Every ExportRow column, then one per field, then one per document variable (`variables`:
    their ids, in the columns' order); `layer` ('coder' or 'gold') and `coder` (a
    login) keep only that layer's, that coder's rows (domain.export_rows.layer_filter).
    `page_text`: the page as text, '' for none (the server's CSV)."""
    columns = [*SOURCES.values()]
    if page_text:
        columns[COLUMNS.index("page")] = PAGE_TEXT
    statement = (
        select(*columns, *(_field(name, ids) for name, ids in fields), *(_variable(v) for v in variables))
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
    return statement.where(*of_layer(layer, coder))


def of_layer(layer: str | None, coder: str | None, on: Any = AnnotationRow) -> list[ColumnElement[bool]]:
    """The conditions on AnnotationRow (or `on`, another row with a layer and a coder_id: the
    kept counts, revision 0015) of a layer choice (domain.export_rows.layer_filter): its layer
    ('coder' or 'gold'; None: every layer) and its coder's login (None: anyone's). The one SQL
    form of `--layer`: the export, the crosstab and compare filter by it (decision 044)."""
    found: list[ColumnElement[bool]] = []
    if layer is not None:
        found.append(on.layer == layer)
    if coder is not None:
        found.append(on.coder_id.in_(select(CoderRow.id).where(CoderRow.login == coder)))
    return found


def stream(
    session: Session,
    document_ids: Sequence[int],
    tag_ids: Sequence[int],
    *,
    fields: Fields = (),
    layer: str | None = None,
    coder: str | None = None,
    variables: Sequence[int] = (),
) -> Iterator[Sequence[Sequence[object]]]:
    """Batches of plain tuples straight from the cursor (in ExportRow's order, then the fields):
    memory stays flat, rows stay cheap."""
    statement = query(document_ids, tag_ids, fields=fields, layer=layer, coder=coder, variables=variables)
    yield from raw.rows(session, statement, batch=BATCH)


def server_csv(
    session: Session,
    document_ids: Sequence[int],
    tag_ids: Sequence[int],
    *,
    fields: Fields = (),
    layer: str | None = None,
    coder: str | None = None,
    pad: int = 0,
    variables: Sequence[int] = (),
) -> Iterator[tuple[int, bytes]] | None:
    """`stream`'s rows (with `pad` empty cells more) as the plain CSV exporter writes them, written
    by the server: (rows, bytes) chunks (storage.server_csv); None if the library is not on a server."""
    from annotator.storage.server_csv import csv_chunks

    statement = query(document_ids, tag_ids, fields=fields, layer=layer, coder=coder, page_text=True, variables=variables)
    if pad:
        statement = statement.add_columns(*(literal_column("''") for _ in range(pad)))
    return csv_chunks(session, statement)


def count(
    session: Session,
    document_ids: Sequence[int],
    tag_ids: Sequence[int],
    *,
    layer: str | None = None,
    coder: str | None = None,
) -> int:
    """How many rows `query` yields (for a format that must know before it writes: XLSX's sheets)."""
    inner = query(document_ids, tag_ids, layer=layer, coder=coder).order_by(None).subquery()
    return int(session.execute(select(func.count()).select_from(inner)).scalar_one())


def partition(
    session: Session,
    weights: Mapping[int, int],
    document_ids: Sequence[int],
    tag_ids: Sequence[int],
    *,
    parts: int,
    fields: Fields = (),
    layer: str | None = None,
    coder: str | None = None,
    variables: Sequence[int] = (),
) -> list[tuple[str, Any]]:
    """The export split into `parts` queries over consecutive document ranges of about equal
    weight (annotations per document), compiled for the DB-API of this library: their rows,
    concatenated in order, are exactly the rows of `query`."""
    compiled = []
    for lo, hi in weighted_ranges(weights, parts):
        statement = query(document_ids, tag_ids, fields=fields, layer=layer, coder=coder, variables=variables).where(
            AnnotationRow.document_id.between(lo, hi)
        )
        compiled.append(raw.compiled_sql(session, statement))
    return compiled
