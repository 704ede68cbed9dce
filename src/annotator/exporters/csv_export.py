"""CSV export: one row per passage–tag pair, RFC 4180, UTF-8, streamed batch by batch.

Spreadsheet safety (OWASP CSV injection): a text cell starting with = + - @ TAB or CR gets a
leading apostrophe so spreadsheets show it as text instead of running it. The storage query
applies the rule in SQL, so the write loop stays in C; `neutralise` is the same rule in Python.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from typing import IO

COLUMNS: tuple[str, ...] = (
    "annotation_id",
    "document_id",
    "document_title",
    "source",
    "published",
    "tag",
    "text",
    "start",
    "end",
    "note",
    "annotator",
    "created_at",
    "updated_at",
    "prefix",
    "suffix",
)
DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int], bool]  # rows written so far -> keep going?


class Cancelled(Exception):
    """The user stopped the export; the caller removes the partial file."""


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(DANGEROUS_FIRST) else cell


def write_csv(
    handle: IO[str],
    batches: Iterable[Sequence[Sequence[object]]],
    progress: Progress | None = None,
    field_names: Sequence[str] = (),
    pad: int = 0,
) -> int:
    """Write the header (the columns, then one per tag field) and every batch of rows; returns
    the number of data rows. `pad` empty cells are added to each row (field columns of a library
    with no field values yet: cheaper here than as constants in the query)."""
    writer = csv.writer(handle, dialect="excel", lineterminator="\r\n")
    writer.writerow((*COLUMNS, *field_names))
    written = 0
    empty = ("",) * pad
    for batch in batches:
        writer.writerows([(*row, *empty) for row in batch] if pad else batch)
        written += len(batch)
        if progress is not None and not progress(written):
            raise Cancelled
    return written
