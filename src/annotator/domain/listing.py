"""The library's documents as plain rows of values, for lists of 100,000 documents: a Document
object is built only for a row that is asked for (building all of them took 30 ms per 10,000)."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.models import Document, DocumentMeta, Status

# One listed document: the values in this order (the listing query returns them so).
Row = tuple[int, str, str, str, str, str, str, str, str, str, str, int, int]
ID, TITLE, SOURCE, PUBLISHED, DATELINE, URL, LANGUAGE, FILENAME, SHA256, IMPORTED_AT, STATUS, LENGTH, COUNT = range(13)
_STATUS = {status.value: status for status in Status}


def document(row: Sequence[object]) -> Document:
    (id_, title, source, published, dateline, url, language, filename, sha, imported_at, status, length,
     count) = row
    return Document(
        id=id_,  # type: ignore[arg-type]
        meta=DocumentMeta(title, source, published, dateline, url, language),  # type: ignore[arg-type]
        filename=filename,  # type: ignore[arg-type]
        sha256=sha,  # type: ignore[arg-type]
        imported_at=imported_at,  # type: ignore[arg-type]
        status=_STATUS[status],  # type: ignore[index]
        length=length,  # type: ignore[arg-type]
        annotation_count=count,  # type: ignore[arg-type]
    )


def row(document: Document) -> Row:
    meta = document.meta
    return (document.id, meta.title, meta.source, meta.published, meta.dateline, meta.url, meta.language,
            document.filename, document.sha256, document.imported_at, document.status.value, document.length,
            document.annotation_count)


def status(row: Row) -> Status:
    return _STATUS[row[STATUS]]
