"""metadata.csv beside imported files: one row per file name, as the sample articles ship. Columns
beyond the known ones are document variables (issue 14). What cannot be used of it is said in one
sentence naming the file, never dropped silently."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from annotator.domain.models import META_FIELDS, DocumentMeta
from annotator.domain.variables import VariableError, check_name, column_name
from annotator.importers import ImportProblem
from annotator.importers.files import TABLE_MAX_BYTES, read_regular

SIDECAR = "metadata.csv"


@dataclass(frozen=True, slots=True)
class Hints:
    meta: DocumentMeta = DocumentMeta()  # the file's row; a column not given stays empty
    note: str = ""  # what of metadata.csv was not used, and why; empty when all was
    variables: tuple[tuple[str, str], ...] = ()  # (variable name, value) from the other columns


FIELDS = tuple(f.name for f in META_FIELDS)
COLUMNS = ("filename", *FIELDS)


def sidecar_metadata(path: Path, own: Callable[[Path], bool]) -> Hints:
    """The row for this file in a metadata.csv in the same folder, if there is one and it is not
    one of the library's own files (`own`: never read, decision 058)."""
    sidecar = path.parent / SIDECAR
    if own(sidecar):
        return Hints(note=f"{sidecar} was ignored: it is this library's own file")
    try:
        info = os.stat(sidecar)
    except FileNotFoundError:
        return Hints()
    except OSError as exc:
        return Hints(note=f"{sidecar} was ignored: it cannot be read ({exc.strerror or exc})")
    table, note = _read(sidecar, info.st_mtime_ns, info.st_size, info.st_ino)
    row = table.get(path.name, {})
    extra = tuple((column, row[column].strip()) for column in row if column not in COLUMNS and _usable(column))
    return Hints(DocumentMeta(**{field: row.get(field, "").strip() for field in FIELDS}), note=note, variables=extra)


def _usable(column: str) -> bool:
    """Whether a column (its name as a variable name already) can be a document variable."""
    try:
        check_name(column)
    except VariableError:
        return False
    return True


@lru_cache(maxsize=32)
def _read(sidecar: Path, _mtime: int, _size: int, _inode: int) -> tuple[dict[str, dict[str, str]], str]:
    """(rows by file name, a note on what was not used) — read once per version of the file."""
    try:
        data = read_regular(sidecar, TABLE_MAX_BYTES)
    except ImportProblem as problem:
        return {}, f"{sidecar} was ignored: {_clause(str(problem))}"
    try:
        rows, unused = _parse(data)
    except ValueError as reason:
        return {}, f"{sidecar} was ignored: {reason}"
    if unused:
        plural = "s" if len(unused) > 1 else ""
        verb = "were" if unused[1:] else "was"
        return rows, (
            f"{sidecar}: the column{plural} {', '.join(unused)} {verb} not used (the columns read are "
            f"{', '.join(COLUMNS)}, and any other whose name can be a variable's: lower-case letters, digits "
            "and _, starting with a letter)"
        )
    return rows, ""


def _parse(data: bytes) -> tuple[dict[str, dict[str, str]], list[str]]:
    """(rows by file name, unknown column names); ValueError says why the table cannot be used."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"it is not UTF-8 text (byte 0x{data[bom + exc.start]:02x} at offset {bom + exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column_name(name) for name in next(reader, [])]
        if not header:
            raise ValueError("it is empty")
        if "filename" not in header:
            raise ValueError(f"it has no filename column (its columns are: {', '.join(header)})")
        rows = {}
        for cells in reader:
            row = dict(zip(header, cells, strict=False))
            if row.get("filename"):
                rows[row["filename"]] = row
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise ValueError(
                f"a field is longer than {csv.field_size_limit()} characters (line {reader.line_num})"
            ) from None
        raise ValueError(f"it is not a readable CSV table ({exc}, line {reader.line_num})") from None
    return rows, [name for name in header if name and name not in COLUMNS and not _usable(name)]


def _clause(reason: str) -> str:
    """An importer's reason ("is not a regular file (a device)", "too large (…)") as a clause."""
    if reason.startswith(("is ", "cannot ")):
        return "it " + reason
    if reason.startswith("too large"):
        return "it is " + reason
    return reason
