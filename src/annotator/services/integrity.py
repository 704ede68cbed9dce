"""Checking a library edited behind the app's back: `annotator check`, and the export's refusal
of rows that break text[start:end] == quote (the app can call the same check later)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.services.errors import UserError
from annotator.storage import integrity
from annotator.storage.engine import Library, Session

NAMED = 20  # annotation ids named in the export's refusal


@dataclass(frozen=True, slots=True)
class Report:
    problems: list[str]  # one line each; empty: the library is sound
    documents: int
    annotations: int


class IntegrityService:
    def __init__(self, library: Library) -> None:
        self._library = library

    def check(self) -> Report:
        """SQLite's integrity and foreign-key checks, every text against its fingerprint, then
        every annotation against its text."""
        with self._library.reading() as session:
            problems = integrity.database_problems(session)
            problems += list(integrity.document_problems(session))
            problems += [line for _, line in integrity.annotation_problems(session)]
            documents, annotations = integrity.counts(session)
        return Report(problems, documents, annotations)


def refuse_broken(session: Session, document_ids: Sequence[int], tag_ids: Sequence[int]) -> None:
    """UserError naming the annotations (of these documents / tags) that break the invariant."""
    broken = sorted({annotation_id for annotation_id, _ in
                     integrity.annotation_problems(session, document_ids, tag_ids)})
    if broken:
        named = ", ".join(str(i) for i in broken[:NAMED])
        named += f" and {len(broken) - NAMED} more" if len(broken) > NAMED else ""
        raise UserError(f"nothing was exported: {'annotation' if len(broken) == 1 else 'annotations'} {named} "
                        "no longer match their document's text (the library was changed outside Annotator; "
                        "`annotator check` says what is wrong)")
