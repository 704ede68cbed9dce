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
        """SQLite's integrity and foreign-key checks, every text against its fingerprint, every
        kept annotation count against the annotations, the kept tag counts against the links,
        then every annotation against its text."""
        with self._library.reading() as session:
            problems = integrity.database_problems(session)
            problems += list(integrity.document_problems(session))
            problems += list(integrity.count_problems(session))
            problems += list(integrity.tag_count_problems(session))
            # By annotation id: a server reads them by document (storage.integrity._texts_ahead).
            problems += [line for _, line in sorted(integrity.annotation_problems(session), key=lambda found: found[0])]
            documents, annotations = integrity.counts(session)
        return Report(problems, documents, annotations)


def refuse_broken(
    session: Session,
    document_ids: Sequence[int],
    tag_ids: Sequence[int],
    *,
    only_fields: bool = False,
    any_fields: bool = True,
) -> None:
    """UserError naming the annotations (of these documents / tags) that break the invariant.
    With `only_fields`, only those with field values are checked (their quotes are checked by
    the export's workers); `any_fields` False says there are none."""
    if only_fields and not any_fields:
        return
    problems = integrity.annotation_problems(session, document_ids, tag_ids, with_fields_only=only_fields)
    broken = sorted({annotation_id for annotation_id, _ in problems})
    if broken:
        raise refusal(broken, len(broken))


def refusal(broken: Sequence[int], count: int) -> UserError:
    """The export's refusal, naming the first of the broken annotations (`count` in all)."""
    shown = sorted(set(broken))[:NAMED]
    named = ", ".join(str(i) for i in shown)
    named += f" and {count - len(shown)} more" if count > len(shown) else ""
    return UserError(
        f"nothing was exported: {'annotation' if count == 1 else 'annotations'} {named} "
        f"{'no longer matches its' if count == 1 else 'no longer match their'} document's text (the library was "
        "changed outside Annotator; "
        "`annotator check` says what is wrong)"
    )
