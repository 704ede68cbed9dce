"""XLSX export for spreadsheets: the CSV's columns, strings written as strings (never formulas or
links), offsets and ids as numbers, dates as dates, the header frozen and filtered, a codebook
sheet and a notes sheet. Excel's limits are kept and said: 1,048,575 rows under the header per
sheet (the rows continue on "passages 2", …) and 32,767 characters per cell (longer cells are cut;
the notes sheet says how many — the CSV keeps the exact text).

Written by rustpy-xlsxwriter (MIT, Rust's rust_xlsxwriter): measured here at about 1 s of CPU per
100,000 rows against about 9 s for XlsxWriter in constant-memory mode (benchmarks, docs/decisions/
024). It pulls rows from generators while it saves, so it runs in a thread fed batch by batch.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from annotator.domain.export_rows import NUMBERS
from annotator.exporters.base import ExportContext, Exporter, Row

SHEET_ROWS = 1_048_576 - 1  # Excel's rows per sheet, less the header
CELL = 32_767  # Excel's characters per cell
WIDTHS = {"document_title": 40, "text": 60, "note": 30, "prefix": 30, "suffix": 30, "annotation_uuid": 38}
DATES = frozenset({"published"})
TIMES = frozenset({"created_at", "updated_at"})
_END = object()


def _date(value: object) -> object:
    """A full ISO date as a date; a partial one ("2023-11") or none stays text."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _int(value: object) -> object:
    """A count field's value as a number where Excel holds it exactly (below 2**53); else text."""
    if isinstance(value, str) and value:
        try:
            number = int(value)
        except ValueError:
            return value
        return number if abs(number) < 2**53 else value
    return value


def _time(value: object) -> object:
    """An ISO UTC time stamp as a (naive, UTC) date and time; anything else stays as it is."""
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value).replace(tzinfo=None)
        except ValueError:
            return value
    return value


class XlsxExporter(Exporter):
    format = "xlsx"
    binary = True  # given a path (services.output.file), not a text stream
    needs = frozenset({"tags", "total"})

    def __init__(self, handle: Any, field_names: Sequence[str] = (), context: ExportContext | None = None) -> None:
        super().__init__(handle, field_names, context)
        self._queue: queue.Queue[object] = queue.Queue(maxsize=4)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.cut = 0  # cells cut at CELL characters
        self._said: list[str] = []  # what the notes sheet says beyond the first line
        names = self.header_names
        # A field column is typed when every tag that has that field says the same kind: counts as
        # numbers, dates as dates (a partial date stays text); others, and mixed kinds, are text.
        kinds: dict[str, set[str]] = {}
        for tag in self.context.tags:
            for spec in tag.fields:
                kinds.setdefault(spec.name, set()).add(spec.kind)
        fields = set(field_names)
        ints = {n for n in fields if kinds.get(n) == {"int"}}
        dates = DATES | {n for n in fields if kinds.get(n) == {"date"}}
        self._plain = [i for i, n in enumerate(names) if n not in NUMBERS | dates | TIMES | ints]
        self._dates = [i for i, n in enumerate(names) if n in dates]
        self._times = [i for i, n in enumerate(names) if n in TIMES]
        self._ints = [i for i, n in enumerate(names) if n in ints]

    def header(self) -> None:
        self._thread = threading.Thread(target=self._save, name="xlsx export", daemon=True)
        self._thread.start()

    def write(self, batch: Sequence[Row]) -> None:
        while True:  # never block for ever on a writer that has failed
            if self._error is not None or self._thread is None or not self._thread.is_alive():
                self._raise()
            try:
                self._queue.put(batch, timeout=0.5)
                return
            except queue.Full:
                continue

    def finish(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(_END)
            self._thread.join()
        self._raise()
        self.notes.extend(self._said)  # for the person exporting, too: not only in the notes sheet

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error
        if self._thread is None or self._thread.is_alive():
            return
        if not getattr(self, "_saved", False):
            raise RuntimeError("the XLSX writer stopped before the export was complete")

    def _rows(self) -> Iterator[dict[str, object]]:
        names, plain, dates, times = self.header_names, self._plain, self._dates, self._times
        while (batch := self._queue.get()) is not _END:
            for row in batch:  # type: ignore[attr-defined]
                cells = list(row)
                for i in plain:
                    value = cells[i]
                    if value.__class__ is str and len(value) > CELL:
                        cells[i] = value[:CELL]
                        self.cut += 1
                for i in dates:
                    cells[i] = _date(cells[i])
                for i in times:
                    cells[i] = _time(cells[i])
                for i in self._ints:
                    cells[i] = _int(cells[i])
                yield dict(zip(names, cells, strict=True))

    def _save(self) -> None:
        try:
            from rustpy_xlsxwriter import FastExcel  # here: a heavy import only when XLSX is asked for

            total = max(self.context.total, 0)
            sheets = max(1, -(-total // SHEET_ROWS))
            rows = self._rows()
            widths = [float(WIDTHS.get(name, 16 if name not in NUMBERS else 10)) for name in self.header_names]
            book = FastExcel(Path(self.handle)).format(datetime_format="yyyy-mm-dd hh:mm:ss").freeze(row=1)
            for n in range(sheets):
                name = "passages" if n == 0 else f"passages {n + 1}"
                part: Any = itertools.islice(rows, SHEET_ROWS) if total else [dict.fromkeys(self.header_names, None)]
                book.sheet(name, part, autofilter=True, column_widths=widths)
            book.sheet("codebook", self._codebook(), autofilter=True)
            book.sheet("notes", self._notes(sheets))
            book.save()
            for _ in rows:  # rows beyond what was counted (none, unless the library grew): drained
                pass
            self._saved = True
        except BaseException as exc:  # handed to the exporting thread
            self._error = exc
            while True:  # let a blocked writer go
                try:
                    if self._queue.get_nowait() is _END:
                        break
                except queue.Empty:
                    break

    def _codebook(self) -> list[dict[str, object]]:
        return [
            {
                "tag": tag.name,
                "colour": tag.color,
                "shortcut": tag.shortcut,
                "description": tag.description,
                "fields": "; ".join(f"{spec.name} ({spec.kind})" for spec in tag.fields),
            }
            for tag in self.context.tags
        ] or [{"tag": None, "colour": None, "shortcut": None, "description": None, "fields": None}]

    def _notes(self, sheets: int) -> Iterator[dict[str, object]]:
        """Read by the writer after the passages: the count of cut cells is known by then."""
        yield {"note": "Text cells are written as text: nothing here is a formula or a link."}
        if sheets > 1:
            self._said.append(f"Excel holds {SHEET_ROWS:,} rows per sheet: the passages continue on {sheets} sheets.")
        if self.cut:
            self._said.append(
                f"{self.cut:,} cell(s) were longer than Excel's {CELL:,} characters and were cut; "
                "the CSV export keeps the exact text."
            )
        for note in self._said:
            yield {"note": note}
