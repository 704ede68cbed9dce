"""A table of the Analysis window or of `annotator crosstab|cooccurrence|compare` as an XLSX file:
the same cells as its CSV, the row names (and every text) written as strings — never a formula
or a link — and the counts as numbers; a second sheet says what the table counts.

Written by rustpy-xlsxwriter, the export's writer (decision 024), imported only when asked for."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

SHEET_ROWS = 1_048_576 - 1  # Excel's rows per sheet, less the header: a table never comes near
INTEGER = re.compile(r"-?\d+")
DECIMAL = re.compile(r"-?\d+\.\d+")


def typed(cell: str) -> int | float | str | None:
    """A count ("12") as an int, a share ("33.3") as a float, nothing as an empty cell."""
    if not cell:
        return None
    if INTEGER.fullmatch(cell):
        return int(cell)
    if DECIMAL.fullmatch(cell):
        return float(cell)
    return cell


def unique_names(header: Sequence[str]) -> list[str]:
    """The header as column names, each once: a tag named "tag", an outlet named "total" would
    share a name with the table's own (the writer keys a row's cells by name): "total (2)"."""
    seen: set[str] = set()
    names = []
    for name in header:
        shown, n = name, 1
        while shown in seen:
            n += 1
            shown = f"{name} ({n})"
        seen.add(shown)
        names.append(shown)
    return names


def write_grid(
    path: str | Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    keys: int,
    numbers: bool,
    sheet: str,
    notes: Sequence[str] = (),
) -> None:
    """Write the grid to `path` (a new file). The first `keys` columns name the row (strings);
    with `numbers` the other cells are counts and shares, else text as reported ("at least 200")."""
    from rustpy_xlsxwriter import FastExcel

    if len(rows) > SHEET_ROWS:
        raise ValueError(f"{len(rows):,} rows: more than a sheet holds")
    names = unique_names(header)
    renamed = [
        f'The column "{n}" is named "{s}" here: a column of that name came first.'
        for n, s in zip(header, names, strict=True)
        if n != s
    ]
    records = [
        {
            name: (cell or None) if i < keys or not numbers else typed(cell)
            for i, (name, cell) in enumerate(zip(names, row, strict=True))
        }
        for row in rows
    ] or [dict.fromkeys(names)]
    widths = [float(min(max(len(n), 8) + 2, 40)) for n in names]
    said = [*notes, *renamed, "Text cells are written as text: nothing here is a formula or a link."]
    book = FastExcel(Path(path)).freeze(row=1)
    book.sheet(sheet, records, autofilter=True, column_widths=widths)
    book.sheet("notes", [{"note": line} for line in said])
    book.save()
