"""Export the library's passage–tag rows to CSV, atomically (a cancelled export leaves no file)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from annotator.exporters.csv_export import Cancelled, Progress, write_csv
from annotator.services.errors import UserError
from annotator.services.options import ExportOptions
from annotator.storage import documents as documents_repo
from annotator.storage import export_query
from annotator.storage import tags as tags_repo
from annotator.storage.engine import Library

__all__ = ["Cancelled", "ExportOptions", "ExportService"]


class ExportService:
    def __init__(self, library: Library) -> None:
        self._library = library

    def export_csv(
        self, out: str | Path, options: ExportOptions = ExportOptions(), progress: Progress | None = None
    ) -> int:
        """Write the CSV to a path ('-' is standard output); returns the number of rows."""
        encoding = "utf-8-sig" if options.excel else "utf-8"
        with self._library.reading() as session:
            tag_ids = self._tag_ids(session, options.tag_names)
            self._check_documents(session, options.document_ids)
            batches = export_query.stream(session, options.document_ids, tag_ids, safe=options.safe)
            if str(out) == "-":
                stdout = open(sys.stdout.fileno(), "w", encoding=encoding, newline="", closefd=False)  # noqa: SIM115
                with stdout:
                    return write_csv(stdout, batches, progress)
            return self._write_file(Path(out), encoding, batches, progress)

    @staticmethod
    def _write_file(path: Path, encoding: str, batches: object, progress: Progress | None) -> int:
        folder = path.expanduser().absolute().parent
        if not folder.is_dir():
            raise UserError(f"cannot write {path}: the folder {folder} does not exist")
        try:
            handle, temp = tempfile.mkstemp(prefix=".annotator-export-", suffix=".csv", dir=folder)
        except OSError as exc:
            raise UserError(f"cannot write in {folder}: {exc.strerror}") from None
        try:
            with open(handle, "w", encoding=encoding, newline="") as stream:
                count = write_csv(stream, batches, progress)  # type: ignore[arg-type]
            os.replace(temp, path)
        except Cancelled:
            os.unlink(temp)
            raise
        except OSError as exc:
            os.unlink(temp)
            raise UserError(f"cannot write {path}: {exc.strerror}") from None
        except BaseException:
            os.unlink(temp)
            raise
        return count

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
