"""`annotator copy SRC DST`: a whole library into an empty one — an SQLite file to a team server,
a server database back to a file, or file to file (decision 017).

Everything a library holds travels with its own ids: coders, documents and their texts, the
codebook, annotations (ids, UUIDs, coders, layers, times, fields), statuses, rejected
suggestions, the lexicon, and each table's high-water mark (an id freed in SRC stays unused in
DST, so undo's "ids never reused" holds across the move). The change log does not: it is how the
open windows of one database follow it, and DST's starts with the copy itself. DST must be empty
(no coders, documents or annotations); the codebook a new library starts with is replaced by
SRC's. One transaction: a copy that fails or is killed leaves DST as empty as it was."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from annotator.paths import without_password
from annotator.services.errors import UserError
from annotator.storage import transfer
from annotator.storage.engine import open_library
from annotator.storage.errors import LibraryError
from annotator.storage.paths import companion_problem, part_of, sqlite_file, to_url

# What makes a target "not empty": work someone did there. Tags and the lexicon alone are what a
# new library starts with.
WORK = ("coders", "documents", "annotations")


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    copied: dict[str, int]

    def lines(self) -> list[str]:
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in self.copied.items())
        return [
            f"copied {without_password(self.source)} to {without_password(self.target)}: {counts}",
            "ids, UUIDs and times are kept; the change log starts anew in the copy",
        ]


def copy_library(source: str, target: str) -> CopyReport:
    """Copy the library at `source` into the empty library at `target` (created if it is a new
    file; a server database must have been migrated: `annotator migrate`, or opened once). A new
    file made for a copy that then fails is removed: it would otherwise look like a finished copy."""
    file = sqlite_file(to_url(target)) if "://" not in target else None  # a plain path: ours to make
    _not_one_file(source, target)
    made = _claim(file) if file is not None else None
    try:
        return _copy(source, target)
    except BaseException:
        if made is not None:
            _remove_if_ours(file, made)  # type: ignore[arg-type]
        raise


def _not_one_file(source: str, target: str) -> None:
    """Refuse, before either is opened, a target that is the source's own file or one SQLite keeps
    beside it (or the other way round), and a -wal/-shm/-journal of any library on either side."""
    src, dst = sqlite_file(to_url(source)), sqlite_file(to_url(target))
    for path in (src, dst):
        problem = companion_problem(path) if path is not None else None
        if problem:
            raise UserError(problem)
    if src is None or dst is None:
        return
    if part_of(dst, src) is not None or part_of(src, dst) is not None:
        raise UserError(f"{target} is the library {source} itself: copy writes only into another, empty library")


def _claim(file: Path) -> tuple[int, int] | None:
    """Make the new target file ourselves, exclusively, and note which file it is (device, inode);
    None if it was there already (another program's, or a library given to copy into), or cannot
    be made here (the copy then says why)."""
    try:
        fd = os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        return info.st_dev, info.st_ino
    finally:
        os.close(fd)


def _remove_if_ours(file: Path, made: tuple[int, int]) -> None:
    """Remove the file this copy made, and its journal files, if the path is still that file."""
    try:
        info = os.stat(file)
    except OSError:
        return
    if (info.st_dev, info.st_ino) != made:
        return
    for leftover in (file, *(file.with_name(file.name + end) for end in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)


def _copy(source: str, target: str) -> CopyReport:
    try:
        with transfer.reading_other(source, to_url(target)) as src:
            library = open_library(target)
            try:
                with library.writing() as here:
                    found = transfer.counts(here)
                    work = [f"{found[name]} {name}" for name in WORK if found[name]]
                    if work:
                        raise UserError(
                            f"{library.shown} is not empty ({', '.join(work)}): copy writes only into "
                            "an empty library; to bring one library into another, use merge"
                        )
                    for table in (transfer.REJECTED, transfer.LEXICON, transfer.TAGS):
                        transfer.delete_all(here, table)
                    copied: dict[str, int] = {}
                    for table in transfer.LIBRARY_TABLES:
                        names, rows = transfer.read_all(src, table, skip=transfer.KEPT_BY_TRIGGERS.get(table.name, ()))
                        transfer.insert_rows(here, table, [dict(zip(names, row, strict=True)) for row in rows])
                        copied[table.name] = len(rows)
                    transfer.set_high_water(here, transfer.high_water(src))
                shown = library.shown
            finally:
                library.close()
    except LibraryError as exc:
        raise UserError(str(exc)) from None
    names = {
        "document_texts": None,
        "document_pages": None,  # with their documents, as the texts
        "annotation_tags": "tag links",
        "document_status": "statuses",
        "rejected_suggestions": "rejected suggestions",
        "lexicon_terms": "lexicon terms",
        "variables": "document variables",
        "document_values": "variable values",
        "document_memos": "memos",
    }
    return CopyReport(source, shown, {names.get(k, k): n for k, n in copied.items() if names.get(k, k)})
