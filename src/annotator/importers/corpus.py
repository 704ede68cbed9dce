"""Corpus files: one article per row of a CSV table or per line of a JSON Lines file, read as a
stream (a corpus of thousands of articles is never held whole). Each row becomes its text, its
metadata fields and its other columns (document variables), or the one sentence saying why not."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from annotator.domain.models import META_FIELDS
from annotator.domain.nul import nul_problem
from annotator.domain.variables import VariableError, check_name, column_name
from annotator.importers.base import ImportProblem
from annotator.importers.files import open_regular
from annotator.importers.text import canonical_text, decode

CORPUS_EXTENSIONS = (".csv", ".jsonl", ".ndjson")
# One cell (an article's text) of at most 16 M characters: the 64 MB article limit in UTF-32
# terms, far beyond any news article. A longer field stops the reading with a sentence before it
# is held (csv's own limit, which is 128 K characters by default, is raised to this for the read).
FIELD_MAX = 16_000_000
# The encoding of a file without a byte-order mark is decided from its first megabyte.
_SAMPLE = 1024 * 1024
FIELDS = tuple(f.name for f in META_FIELDS)


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column holds the text and each field (a name as the file spells it, any case)."""

    text: str = "text"
    names: Mapping[str, str] = field(default_factory=dict)  # field -> column, where it differs

    def of(self, name: str) -> str:
        return column_name(self.names.get(name) or name)


@dataclass(frozen=True, slots=True)
class CorpusRow:
    """One article of a corpus, or (problem set) the sentence saying why the row is skipped."""

    number: int  # 1 for the first article (a CSV's header is not counted)
    text: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)  # title, source, … as the row gives them
    variables: tuple[tuple[str, str], ...] = ()  # (variable name, value) from the other columns
    problem: str = ""


class Corpus:
    """A corpus file opened for reading; iterate it for rows, ask `fraction` for the progress."""

    def __init__(self, path: Path, columns: Columns = Columns()) -> None:
        self.path = path
        self.columns = columns
        self.encoding = ""
        self.unused: tuple[str, ...] = ()  # columns that cannot be a variable's name: said once
        self._binary: BinaryIO | None = None
        self._size = 1

    @property
    def fraction(self) -> float:
        """How much of the file has been read (by bytes): for a progress bar."""
        if self._binary is None or self._binary.closed:
            return 1.0
        return min(1.0, self._binary.tell() / self._size)

    def rows(self) -> Iterator[CorpusRow]:
        """Every row in order. ImportProblem (before any row) if the file cannot be read as a
        corpus at all; a row's own problem is that row's; a field too long, or bytes that do not
        decode, end the reading with a last row saying so (the rows before it stand)."""
        suffix = self.path.suffix.lower()
        if suffix not in CORPUS_EXTENSIONS:
            raise ImportProblem(f"is not a corpus file ({suffix or 'no extension'}); use .csv or .jsonl")
        binary, self._size = open_regular(self.path)
        self._binary = binary
        with binary:
            self._size = max(self._size, 1)
            text = self._text_stream(binary)
            reader = _csv_rows if suffix == ".csv" else _json_rows
            yield from reader(self, text)

    def _text_stream(self, binary: BinaryIO) -> TextIO:
        head = binary.read(_SAMPLE)
        binary.seek(0)
        if not head.strip():
            raise ImportProblem("is empty")
        encoding = _encoding(head)
        self.encoding = encoding.removesuffix("-sig")
        return io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")

    def article(self, number: int, row: Mapping[str, object]) -> CorpusRow:
        """One row (column name as a variable name -> value) as an article, or its problem."""
        try:
            cells = {name: _cell(value) for name, value in row.items()}
        except ValueError as exc:
            return CorpusRow(number, problem=str(exc))
        text = cells.get(self._text_key(), "")
        if not text.strip():
            return CorpusRow(number, problem=f"has no text (its {self._text_column()} is empty)")
        problem = nul_problem("the text", text)
        for value in cells.values():
            problem = problem or nul_problem("a value", value)
        if problem is not None:
            return CorpusRow(number, problem=problem.removesuffix("; nothing was saved"))
        fields = {name: cells.get(self.columns.of(name), "") for name in FIELDS}
        taken = {self._text_key(), *(self.columns.of(name) for name in FIELDS)}
        variables = tuple((name, value) for name, value in cells.items() if name not in taken and _usable(name))
        return CorpusRow(number, canonical_text(text), fields, variables)

    def check_header(self, names: list[str]) -> None:
        """Refuse a file with no text column; note the columns that cannot be variables."""
        if self._text_key() not in names and self.path.name.lower() == "metadata.csv" and "filename" in names:
            raise ImportProblem(
                "is the metadata of the files beside it (read when they are imported), not a corpus of articles"
            )
        if self._text_key() not in names:
            shown = ", ".join(n for n in names if n) or "none"
            raise ImportProblem(
                f"has no {self._text_column()} (its columns are: {shown}); name the text's column with --text-column"
            )
        taken = {self._text_key(), *(self.columns.of(name) for name in FIELDS)}
        self.unused = tuple(n for n in names if n and n not in taken and not _usable(n))

    def _text_key(self) -> str:
        return column_name(self.columns.text)

    def _text_column(self) -> str:
        return f"{self.columns.text!r} column"


def _encoding(head: bytes) -> str:
    """The file's encoding, from its byte-order mark, else UTF-8 if the first megabyte is, else
    the legacy encoding detected in it (as for a single article)."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        raise ImportProblem("contains NUL bytes: a binary file, or UTF-16 without a byte-order mark")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a character cut at the end is fine
        return "utf-8"
    except UnicodeDecodeError:
        cut = head.rfind(b"\n")
        return decode(head[: cut if cut > 0 else len(head)])[1]


def _cell(value: object) -> str:
    """A value as text: JSON's numbers and booleans as JSON writes them, null as empty, a list or
    an object as compact JSON (a variable keeps it as text)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("holds a lone surrogate (\\ud800-\\udfff), which is no character") from None
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _usable(name: str) -> bool:
    try:
        check_name(name)
    except VariableError:
        return False
    return True


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """csv's field limit is the process's: raised for this read, put back after it."""
    before = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _csv_rows(corpus: Corpus, text: TextIO) -> Iterator[CorpusRow]:
    reader = csv.reader(text)
    number = 0
    try:
        with _field_limit(FIELD_MAX):
            header = [column_name(name) for name in next(reader, [])]
            corpus.check_header(header)
            for cells in reader:
                number += 1
                if not any(cell.strip() for cell in cells):
                    number -= 1  # a blank line is no row
                    continue
                if len(cells) > len(header):
                    yield CorpusRow(number, problem=f"has {len(cells)} cells but the header names {len(header)} columns")
                    continue
                yield corpus.article(number, dict(zip(header, cells, strict=False)))
    except csv.Error as exc:
        if "field larger" in str(exc):
            yield CorpusRow(number + 1, problem=_too_long())
        else:
            yield CorpusRow(number + 1, problem=f"is not readable CSV ({exc}); the rest of the file was not read")
    except UnicodeDecodeError as exc:
        yield CorpusRow(number + 1, problem=_undecodable(corpus.encoding, exc))


def _json_rows(corpus: Corpus, text: TextIO) -> Iterator[CorpusRow]:
    number = 0
    first = True
    try:
        while True:
            line = text.readline(FIELD_MAX + 1)
            if not line:
                return
            number += 1
            if len(line) > FIELD_MAX:
                yield CorpusRow(number, problem=_too_long())
                return
            if not line.strip():
                continue  # a blank line (a last newline, say) is no article
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield CorpusRow(number, problem=f"is not JSON ({exc.msg} at column {exc.colno})")
                continue
            except (ValueError, RecursionError) as exc:  # a number of over 4,300 digits; nesting too deep
                yield CorpusRow(number, problem=f"is not JSON we can read ({type(exc).__name__}: {str(exc)[:80]})")
                continue
            if not isinstance(row, dict):
                yield CorpusRow(number, problem=f"is not a JSON object (it is a {type(row).__name__})")
                continue
            row = {column_name(str(key)): value for key, value in row.items()}
            if first:  # the first article's keys decide whether the text key is there at all
                corpus.check_header(list(row))
                first = False
            yield corpus.article(number, row)
    except UnicodeDecodeError as exc:
        yield CorpusRow(number + 1, problem=_undecodable(corpus.encoding, exc))


def _too_long() -> str:
    return f"has a field longer than {FIELD_MAX:,} characters (the limit); the rest of the file was not read"


def _undecodable(encoding: str, exc: UnicodeDecodeError) -> str:
    return f"cannot be decoded as {encoding} ({exc.reason}); the rest of the file was not read"
