"""Export the library's passage–tag rows in a format (exporters.FORMATS), atomically (a cancelled
export leaves no file).

A large export of a SQLite library to a format whose parts can be joined (CSV, JSON Lines) runs
in several processes, one per range of documents, each writing its part through the same
exporter class; the parts are joined in order: reading rows and writing cells cost Python time
per cell, and one core does not keep up with a million rows (measured: benchmarks, metric 9).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import closing, nullcontext
from pathlib import Path
from typing import IO, Any

from annotator.domain.codebook import fields_of
from annotator.domain.export_rows import VARIABLE_PREFIX, layer_filter
from annotator.domain.models import META_FIELDS
from annotator.exporters import exporter_class
from annotator.exporters.base import Cancelled, ExportContext, Exporter, Progress, write_all
from annotator.services import output, partials, server_export
from annotator.services.errors import UserError
from annotator.services.integrity import refusal, refuse_broken
from annotator.services.options import ExportOptions
from annotator.storage import documents as documents_repo
from annotator.storage import export_query
from annotator.storage import tags as tags_repo
from annotator.storage import variables as variables_repo
from annotator.storage.engine import Library, Session

__all__ = ["Cancelled", "ExportOptions", "ExportService"]

PARALLEL_FROM = 200_000  # annotations; below this, starting processes costs more than it saves
MAX_WORKERS = 4


def _start_part(database: str, out: str, job: dict[str, Any]) -> subprocess.Popen[str]:
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
    worker.stdin.write(json.dumps(job) + "\n")
    worker.stdin.flush()
    return worker


def _exporter(options: ExportOptions) -> type[Exporter]:
    try:
        return exporter_class(options.format, options.excel)
    except ValueError as exc:
        raise UserError(str(exc)) from None


class ExportService:
    def __init__(self, library: Library) -> None:
        self._library = library

    def export(
        self,
        out: str | Path,
        options: ExportOptions = ExportOptions(),
        progress: Progress | None = None,
        said: Callable[[str], None] | None = None,
    ) -> int:
        """Write the rows in the options' format to a path ('-' is standard output); returns the
        number of rows. `said` hears what the format has to tell (an XLSX's cut cells). Where it
        may go and how it is replaced: services.output."""
        kind = _exporter(options)
        partials.sweep(Path(tempfile.gettempdir()))  # part folders of killed exports
        if kind.binary:  # a writer that wants a path (XLSX): the destination's temporary file
            with output.file(out, self._library.file) as path:
                return self._write(path, kind, options, progress, said=said)
        with output.text(out, self._library.file, encoding=kind.encoding) as stream:
            return self._write(stream, kind, options, progress, to_file=str(out) != output.STDOUT, said=said)

    def export_csv(self, out: str | Path, options: ExportOptions = ExportOptions(), progress: Progress | None = None) -> int:
        """The CSV (or the options' format): kept for callers written before formats."""
        return self.export(out, options, progress)

    def _write(
        self,
        stream: IO[str] | Path,
        kind: type[Exporter],
        options: ExportOptions,
        progress: Progress | None,
        *,
        to_file: bool = False,
        said: Callable[[str], None] | None = None,
    ) -> int:
        """`to_file`: the stream is a temporary file renamed into place only at the end (so a
        refusal found while writing leaves nothing), not standard output."""
        layer, coder = layer_filter(options.layer)
        with self._library.reading() as session:
            tag_ids = self._tag_ids(session, options.tag_names)
            self._check_documents(session, options.document_ids)
            fields = self._fields(session, tag_ids)
            # The document variables' columns come after the fields' (decision 042); none, no cost.
            variables = variables_repo.list_all(session)
            var_ids = [v.id for v in variables]
            names = [name for name, _ in fields] + [VARIABLE_PREFIX + v.name for v in variables]
            # No annotation has values yet: the field columns are all empty, added as the rows are
            # written (cheaper than constants in the query) — unless variables' columns follow them.
            valued = export_query.any_field_values(session)
            pad = 0 if valued or var_ids else len(fields)
            queried = [] if pad else fields
            parts = self._plan(session, kind, options, tag_ids, queried, layer, coder, var_ids)
            which: dict[str, Any] = {"fields": queried, "layer": layer, "coder": coder, "variables": var_ids}
            server = None
            if parts is None and kind.server_csv:  # a server library writes the CSV itself (None: SQLite)
                server = export_query.server_csv(session, options.document_ids, tag_ids, pad=pad, **which)
            # Rows that break text == document[start:end] are refused: checked here before a serial
            # export; in a parallel one each worker checks the rows it writes (export_worker), and
            # here only the field values' JSON, where there are any; a server's CSV into a file is
            # checked beside the writing (server_export.checked_beside).
            beside = server is not None and to_file  # standard output: checked first (bytes out are out)
            if not beside:
                refuse_broken(session, options.document_ids, tag_ids, only_fields=parts is not None, any_fields=valued)
            exporter = kind(stream, names, self._context(session, kind, options, tag_ids, layer, coder))
            if server is not None:
                check = (
                    server_export.checked_beside(self._library, options.document_ids, tag_ids) if beside else nullcontext()
                )
                with closing(server) as chunks, check:
                    return server_export.write_bytes(stream, exporter, chunks, progress)  # type: ignore[arg-type]
            if parts is None:
                # closing(): a reader that stops early (`| head`) ends the cursor while the session
                # is open, not when the garbage collector finds the generator later.
                with closing(export_query.stream(session, options.document_ids, tag_ids, **which)) as batches:
                    count = write_all(exporter, batches, progress, pad)
                if said is not None:
                    for note in exporter.notes:
                        said(note)
                return count
            job = {
                "text_sql": export_query.text_sql(session),
                "format": options.format,
                "spreadsheet": options.excel,
                "field_names": names,
                "pad": pad,
            }
        return self._write_parallel(stream, exporter, parts, progress, job)

    @staticmethod
    def _context(
        session: Session,
        kind: type[Exporter],
        options: ExportOptions,
        tag_ids: list[int],
        layer: str | None,
        coder: str | None,
    ) -> ExportContext:
        """What the format needs beyond the rows (each part read only for a format that needs it)."""
        found: dict[str, Any] = {}
        if "hashes" in kind.needs:
            found["hashes"] = export_query.text_hashes(session, options.document_ids)
        if "titles" in kind.needs:
            found["titles"] = export_query.titles(session, options.document_ids)
        if "tags" in kind.needs:
            found["tags"] = tuple(t for t in tags_repo.list_all(session) if not tag_ids or t.id in tag_ids)
        if "texts" in kind.needs:
            found["texts"] = lambda document_id: documents_repo.text_of(session, document_id) or ""
        if "details" in kind.needs or "variables" in kind.needs:
            variables = tuple(variables_repo.list_all(session))
            names = {v.id: v.name for v in variables}
            found["variables"] = variables
            found["details"] = _Details(session, names)
        if "total" in kind.needs:
            found["total"] = export_query.count(session, options.document_ids, tag_ids, layer=layer, coder=coder)
        return ExportContext(**found)

    @staticmethod
    def _fields(session: Session, tag_ids: list[int]) -> export_query.Fields:
        """One column per field name of the exported tags, in codebook order, with the tags that have it."""
        tags = [t for t in tags_repo.list_all(session) if not tag_ids or t.id in tag_ids]
        return [(name, [t.id for t in tags if any(s.name == name for s in t.fields)]) for name in fields_of(tags)]

    def _plan(
        self,
        session: Session,
        kind: type[Exporter],
        options: ExportOptions,
        tag_ids: list[int],
        fields: export_query.Fields,
        layer: str | None,
        coder: str | None,
        variables: Sequence[int] = (),
    ) -> list[tuple[str, Any]] | None:
        """Parts for a parallel export, or None when one process is the better choice."""
        workers = min(MAX_WORKERS, os.cpu_count() or 1)
        if self._library.file is None or workers < 2 or not kind.concatenable:
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
            layer=layer,
            coder=coder,
            variables=variables,
        )

    def _write_parallel(
        self,
        stream: IO[str],
        exporter: Exporter,
        parts: list[tuple[str, Any]],
        progress: Progress | None,
        job: dict[str, Any],
    ) -> int:
        exporter.header()
        stream.flush()
        database = str(self._library.file)
        # Named with our pid: what a killed export leaves here is removed the next time.
        with tempfile.TemporaryDirectory(
            prefix=f"{output.TEMP_MARK}export-", suffix=f"{partials.MARK}{os.getpid()}"
        ) as folder:
            files = [str(Path(folder) / f"part-{i}") for i in range(len(parts))]
            workers = [
                _start_part(database, out, {"sql": sql, "params": list(params), **job})
                for (sql, params), out in zip(parts, files, strict=True)
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
            exporter.finish()
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


class _Details:
    """Each document's fields but the title, its file name and its variables' values, read for
    every document at the first question (two queries: one per document cost 2 ms each, a fifth
    of a QDPX export's time)."""

    def __init__(self, session: Session, names: dict[int, str]) -> None:
        self._session, self._names = session, names
        self._found: dict[int, dict[str, str]] | None = None

    def __call__(self, document_id: int) -> dict[str, str]:
        if self._found is None:
            self._found = {}
            for document in documents_repo.list_all(self._session, 0):
                found = {f.name: getattr(document.meta, f.name) for f in META_FIELDS if f.name != "title"}
                found["filename"] = document.filename
                self._found[document.id] = found
            for held, values in variables_repo.values(self._session).items():
                self._found.get(held, {}).update((self._names[v], value) for v, value in values.items())
        return self._found.get(document_id, {})
