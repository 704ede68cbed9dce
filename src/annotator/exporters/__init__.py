"""Exporters: typed export rows (domain.export_rows) to files, one small class per format.

`exporter_class(format, spreadsheet)` is the one place a format is chosen (the command line's
`--format`, the export dialog, the parallel export's workers). Formats are named here and their
modules imported only when chosen, so a heavy writer library (XLSX) never loads on another path.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from annotator.domain.export_rows import FORMATS as NAMES

if TYPE_CHECKING:
    from annotator.exporters.base import Exporter

# format -> (module, class, class of its spreadsheet flavour or "")
FORMATS: dict[str, tuple[str, str, str]] = {
    "csv": ("annotator.exporters.csv_export", "CsvExporter", "SpreadsheetCsvExporter"),
    "xlsx": ("annotator.exporters.xlsx", "XlsxExporter", ""),
    "jsonl": ("annotator.exporters.jsonl", "JsonLinesExporter", ""),
    "jsonld": ("annotator.exporters.w3c", "WebAnnotationExporter", ""),
    "qdpx": ("annotator.exporters.qdpx", "QdpxExporter", ""),
}
assert tuple(FORMATS) == tuple(NAMES), "a format is named in domain.export_rows.FORMATS"


def exporter_class(format: str, spreadsheet: bool = False) -> type[Exporter]:
    """The exporter of a format, its spreadsheet flavour if asked (ValueError: no such format or
    flavour)."""
    if format not in FORMATS:
        raise ValueError(f"no export format {format!r} (formats: {', '.join(FORMATS)})")
    module, plain, flavour = FORMATS[format]
    if spreadsheet and not flavour:
        raise ValueError(f"the {format} format has no spreadsheet flavour")
    return getattr(import_module(module), flavour if spreadsheet else plain)  # type: ignore[no-any-return]
