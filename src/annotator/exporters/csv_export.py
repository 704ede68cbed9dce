"""CSV export: one row per passage–tag pair, RFC 4180, UTF-8, streamed batch by batch.

Every CSV the program writes is exact by default: cells are data, written as stored, so
`text == document[start:end]` holds for pandas, R and scripts. The spreadsheet flavour (--excel)
adds a byte-order mark and neutralises formulas (OWASP CSV injection): a text cell starting with
one of FORMULA_FIRST gets a leading apostrophe, so a spreadsheet shows it instead of running it.
FORMULA_FIRST is the one definition: `neutralise` applies it in Python, and the export query is
handed it to apply in SQL (so the write loop of a million rows stays in C).
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
    "coder",  # the coder's login (revision 0005); `annotator` stays the name as typed
    "annotation_uuid",  # the same annotation in every copy of a library
)
FORMULA_FIRST: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
ENCODING = {False: "utf-8", True: "utf-8-sig"}  # by "for a spreadsheet?": Excel reads UTF-8 only after a BOM

Progress = Callable[[int], bool]  # rows written so far -> keep going?


class Cancelled(Exception):
    """The user stopped the export; the caller removes the partial file."""


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_FIRST) else cell


def for_spreadsheet(row: Sequence[object]) -> list[object]:
    """A row for the spreadsheet flavour: its text cells neutralised, numbers as they are."""
    return [neutralise(cell) if isinstance(cell, str) else cell for cell in row]


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
