"""The framing lexicon as a CSV text (``term,frame``): the shipped default and what users import."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence


class LexiconError(ValueError):
    """A lexicon file that cannot be read as ``term,frame`` rows."""


def parse(text: str) -> list[tuple[str, str]]:
    """(term, frame) pairs from CSV text with a ``term,frame`` header; duplicates keep the first."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["term", "frame"]:
        raise LexiconError("the first line must be the header 'term,frame'")
    seen: set[str] = set()
    entries: list[tuple[str, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2 or not row[0].strip():
            raise LexiconError(f"line {number} needs a term and a frame")
        term, frame = row[0].strip(), row[1].strip()
        if term.lower() not in seen:
            seen.add(term.lower())
            entries.append((term, frame))
    return entries


def dump(entries: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["term", "frame"])
    writer.writerows(entries)
    return out.getvalue()
