"""Export the library's passage–tag rows to CSV, atomically (a cancelled export leaves no file).

A large export of a SQLite library runs in several processes, one per range of documents, and
the parts are joined in order: reading rows and quoting CSV cost Python time per cell, and one
core does not keep up with a million rows (measured: benchmarks, metric 9).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import IO, Any

from annotator.domain.codebook import fields_of
from annotator.exporters.csv_export import ENCODING, FORMULA_FIRST, Cancelled, Progress, write_csv
from annotator.services import output, partials
from annotator.services.errors import UserError
from annotator.services.integrity import refusal, refuse_broken
from annotator.services.options import ExportOptions
from annotator.storage import documents as documents_repo
from annotator.storage import export_query
from annotator.storage import tags as tags_repo
from annotator.storage.engine import Library, Session

__all__ = ["Cancelled", "ExportOptions", "ExportService"]

PARALLEL_FROM = 200_000  # annotations; below this, starting processes costs more than it saves
MAX_WORKERS = 4


def _start_part(database: str, sql: str, params: Any, out: str, pad: int, check: dict[str, str]) -> subprocess.Popen[str]:
    worker = subprocess.Popen(
        [sys.executable, "-m", "annotator.services.export_worker", database, out],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert worker.stdin is not None
    # One line of work; the pipe then stays open until the worker is done: if this process dies,
    # the worker reads end-of-file and ends too (export_worker.watch_parent).
    worker.stdin.write(json.dumps({"sql": sql, "params": list(params), "pad": pad, **check}) + "\n")
    worker.stdin.flush()
    return worker


class ExportService:
    def __init__(self, library: Library) -> None:
        self._library = library

    def export_csv(self, out: str | Path, options: ExportOptions = ExportOptions(), progress: Progress | None = None) -> int:
        """Write the CSV to a path ('-' is standard output); returns the number of rows. Where it
        may go and how it is replaced: services.output."""
        partials.sweep(Path(tempfile.gettempdir()))  # part folders of killed exports
        with output.text(out, self._library.file, encoding=ENCODING[options.excel]) as stream:
            return self._write(stream, options, progress)

    def _write(self, stream: IO[str], options: ExportOptions, progress: Progress | None) -> int:
        with self._library.reading() as session:
            tag_ids = self._tag_ids(session, options.tag_names)
            self._check_documents(session, options.document_ids)
            fields = self._fields(session, tag_ids)
            names = [name for name, _ in fields]
            # No annotation has values yet: the field columns are all empty, added as the rows are
            # written (cheaper than constants in the query).
            valued = export_query.any_field_values(session)
            pad = 0 if valued else len(fields)
            queried = [] if pad else fields
            parts = self._plan(session, options, tag_ids, queried)
            # Rows that break text == document[start:end] are refused: checked here before a serial
            # export; in a parallel one each worker checks the rows it writes (export_worker), and
            # here only the field values' JSON, where there are any.
            refuse_broken(session, options.document_ids, tag_ids, only_fields=parts is not None, any_fields=valued)
            check = {"text_sql": export_query.text_sql(session), "formulas": "".join(FORMULA_FIRST) if options.excel else ""}
            if parts is None:
                formulas = FORMULA_FIRST if options.excel else ()
                # closing(): a reader that stops early (`| head`) ends the cursor while the session
                # is open, not when the garbage collector finds the generator later.
                with closing(
                    export_query.stream(session, options.document_ids, tag_ids, formulas=formulas, fields=queried)
                ) as batches:
                    return write_csv(stream, batches, progress, names, pad)
        return self._write_parallel(stream, parts, progress, names, pad, check)

    @staticmethod
    def _fields(session: Session, tag_ids: list[int]) -> export_query.Fields:
        """One column per field name of the exported tags, in codebook order, with the tags that have it."""
        tags = [t for t in tags_repo.list_all(session) if not tag_ids or t.id in tag_ids]
        return [(name, [t.id for t in tags if any(s.name == name for s in t.fields)]) for name in fields_of(tags)]

    def _plan(
        self, session: Session, options: ExportOptions, tag_ids: list[int], fields: export_query.Fields
    ) -> list[tuple[str, Any]] | None:
        """Parts for a parallel export, or None when one process is the better choice."""
        workers = min(MAX_WORKERS, os.cpu_count() or 1)
        if self._library.file is None or workers < 2:
            return None
        counts = documents_repo.annotation_counts(session, options.document_ids or None)
        if sum(counts.values()) < PARALLEL_FROM:
            return None
        return export_query.partition(
            session,
            counts,
            options.document_ids,
            tag_ids,
            parts=workers,
            fields=fields,
            formulas=FORMULA_FIRST if options.excel else (),
        )

    def _write_parallel(
        self,
        stream: IO[str],
        parts: list[tuple[str, Any]],
        progress: Progress | None,
        field_names: Sequence[str],
        pad: int,
        check: dict[str, str],
    ) -> int:
        write_csv(stream, [], None, field_names)  # the header
        stream.flush()
        database = str(self._library.file)
        # Named with our pid: what a killed export leaves here is removed the next time.
        with tempfile.TemporaryDirectory(
            prefix=f"{output.TEMP_MARK}export-", suffix=f"{partials.MARK}{os.getpid()}"
        ) as folder:
            files = [str(Path(folder) / f"part-{i}.csv") for i in range(len(parts))]
            workers = [
                _start_part(database, sql, params, out, pad, check) for (sql, params), out in zip(parts, files, strict=True)
            ]
            broken: list[int] = []
            broken_count = 0
            try:
                written = 0
                for worker in workers:
                    while worker.poll() is None:
                        if progress is not None and not progress(written):
                            raise Cancelled
                        try:
                            worker.wait(0.2)
                        except subprocess.TimeoutExpired:
                            continue
                    printed, error = worker.stdout.read(), worker.stderr.read()  # type: ignore[union-attr]
                    if worker.returncode != 0:
                        raise UserError("the export failed: " + (error.strip().splitlines() or ["?"])[-1])
                    report = json.loads(printed)
                    written += report["written"]
                    broken += report["broken"]
                    broken_count += report["broken_count"]
                    if progress is not None and not progress(written):
                        raise Cancelled
            finally:
                for worker in workers:
                    if worker.poll() is None:
                        worker.kill()
                        worker.wait()
                    worker.stdin.close()  # type: ignore[union-attr]
            if broken_count:  # before a byte of the parts is in the output, which is then not renamed into place
                raise refusal(broken, broken_count)
            stream.flush()
            target = stream.buffer  # type: ignore[attr-defined]
            for part in files:  # UTF-8 without BOM, as the rest of the stream is: copy the bytes
                with open(part, "rb") as source:
                    shutil.copyfileobj(source, target, 1 << 20)
            target.flush()
        return written

    @staticmethod
    def _tag_ids(session: object, names: Sequence[str]) -> list[int]:
        ids = []
        for name in names:
            tag = tags_repo.by_name(session, name)  # type: ignore[arg-type]
            if tag is None:
                raise UserError(f"there is no tag named {name!r} (see `annotator tags`)")
            ids.append(tag.id)
        return ids

    @staticmethod
    def _check_documents(session: object, ids: Sequence[int]) -> None:
        missing = set(ids) - documents_repo.existing_ids(session, ids)  # type: ignore[arg-type]
        if missing:
            raise UserError(f"there is no document {min(missing)}")
