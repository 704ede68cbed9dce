"""CSV export: one row per passage–tag pair, RFC 4180, UTF-8, streamed batch by batch.

Every CSV the program writes is exact by default: cells are data, written as stored, so
`text == document[start:end]` holds for pandas, R and scripts. The spreadsheet flavour (--excel)
adds a byte-order mark and neutralises formulas (OWASP CSV injection): a text cell starting with
one of FORMULA_FIRST gets a leading apostrophe, so a spreadsheet shows it instead of running it.
FORMULA_FIRST is the one definition, applied only by that flavour (and `for_spreadsheet` for the
other CSVs the program writes: suggestions, the lexicon).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import IO

from annotator.domain.export_rows import COLUMNS
from annotator.exporters.base import Cancelled, ExportContext, Exporter, Progress, Row

__all__ = ["COLUMNS", "ENCODING", "FORMULA_FIRST", "Cancelled", "CsvExporter", "Progress", "SpreadsheetCsvExporter"]

FORMULA_FIRST: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
ENCODING = {False: "utf-8", True: "utf-8-sig"}  # by "for a spreadsheet?": Excel reads UTF-8 only after a BOM


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_FIRST) else cell


def for_spreadsheet(row: Sequence[object]) -> list[object]:
    """A row for the spreadsheet flavour: its text cells neutralised, numbers as they are."""
    return [neutralise(cell) if isinstance(cell, str) else cell for cell in row]


class CsvExporter(Exporter):
    """Exact cells; rows go to the csv module as they come from the query (the loop stays in C)."""

    format = "csv"
    encoding = ENCODING[False]
    concatenable = True
    server_csv = True  # exact cells, QUOTE_MINIMAL: what PostgreSQL's COPY writes (storage.server_csv)

    def __init__(self, handle: IO[str], field_names: Sequence[str] = (), context: ExportContext | None = None) -> None:
        super().__init__(handle, field_names, context)
        self._writer = csv.writer(handle, dialect="excel", lineterminator="\r\n")

    def header(self) -> None:
        self._writer.writerow(self.header_names)

    def write(self, batch: Sequence[Row]) -> None:
        self._writer.writerows(batch)


class SpreadsheetCsvExporter(CsvExporter):
    """For Excel and LibreOffice: a BOM (the stream's encoding) and formula-like text neutralised."""

    encoding = ENCODING[True]
    server_csv = False  # its cells are changed (neutralised) in Python

    def write(self, batch: Sequence[Row]) -> None:
        self._writer.writerows([for_spreadsheet(row) for row in batch])
