"""What an importer returns, and the one error it raises."""

from __future__ import annotations

from dataclasses import dataclass


class ImportProblem(Exception):
    """Bad input: the message is one sentence a user can act on (the caller adds the file name)."""


@dataclass(frozen=True, slots=True)
class ImportedText:
    text: str  # canonical: BOM removed, line endings "\n", nothing else changed
    encoding: str
    title: str = ""
    language: str = ""
    url: str = ""
    published: str = ""
    page_starts: tuple[int, ...] = ()  # a PDF's: each page's first offset in text (page 1 at 0)
