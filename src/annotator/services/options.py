"""Options of an export, shared by the command line and the export dialog (no SQLAlchemy here)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExportOptions:
    document_ids: tuple[int, ...] = ()  # empty: every document
    tag_names: tuple[str, ...] = ()  # empty: every tag
    # For a spreadsheet: a UTF-8 BOM so Excel reads the encoding right, and formula-like cells
    # neutralised (OWASP). Without it every cell is exactly as stored.
    excel: bool = False
    format: str = "csv"  # exporters.FORMATS
    # "" every row; "gold" the curated reference layer; "coders" every coder's own rows; else a
    # coder's login: that coder's own rows (domain.export_rows.layer_filter)
    layer: str = ""
