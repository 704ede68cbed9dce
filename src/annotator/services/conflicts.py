"""The one rule for undo and redo: a row is put back only over the state the step itself left.

A step remembers the annotation as it was before and after it. Undo may write "before" only while
the row still is "after" (and redo the reverse): compared whole — span, note, fields, coder, uuid and
both times — so any write by another program or window since (which bumps updated_at or changes a
value) makes the step refuse with one sentence instead of writing over it. Tags deleted from the
codebook meanwhile are left out of the comparison: that deletion is the codebook's own undo step.
"""

from __future__ import annotations

from dataclasses import replace

from annotator.domain.models import Annotation
from annotator.services.errors import ConflictError
from annotator.storage import annotations as repo
from annotator.storage import tags as tags_repo
from annotator.storage.engine import Session

_NOTHING = "nothing was changed"


def _normal(annotation: Annotation, tags: set[int]) -> Annotation:
    """The comparable form: tags that still exist, in order; fields in name order."""
    return replace(
        annotation,
        tag_ids=tuple(sorted(t for t in annotation.tag_ids if t in tags)),
        fields=tuple(sorted(annotation.fields)),
    )


def same(session: Session, first: Annotation, second: Annotation) -> bool:
    tags = tags_repo.existing(session, (*first.tag_ids, *second.tag_ids))
    return _normal(first, tags) == _normal(second, tags)


def check_unchanged(session: Session, annotation_id: int, current: Annotation | None, expected: Annotation | None) -> None:
    """ConflictError unless the row (current) is what the step last wrote (expected; None: no row)."""
    if expected is None:
        if current is not None:
            raise ConflictError(
                f"annotation {annotation_id} exists again (written by another program or window since); {_NOTHING}"
            )
        return
    if current is None:
        raise ConflictError(f"annotation {annotation_id} was deleted by another program or window since; {_NOTHING}")
    if not same(session, current, expected):
        raise ConflictError(f"annotation {annotation_id} was changed by another program or window since; {_NOTHING}")


def check_free(session: Session, annotation: Annotation) -> None:
    """ConflictError if putting this annotation back would take another's id or exact span."""
    current = repo.get(session, annotation.id)
    if current is not None:
        raise ConflictError(
            f"annotation {annotation.id} exists again (written by another program or window since); {_NOTHING}"
        )
    other = repo.at_span(
        session, annotation.document_id, annotation.start, annotation.end, annotation.coder, annotation.layer
    )
    if other is not None:
        raise ConflictError(
            f"the passage of annotation {annotation.id} is now annotation {other.id} "
            f"(tagged by another program or window since); {_NOTHING}"
        )


def existing_tags(session: Session, annotation: Annotation) -> tuple[int, ...]:
    """The annotation's tags that still exist; ConflictError if none does (nothing to put back)."""
    known = tags_repo.existing(session, annotation.tag_ids)
    kept = tuple(t for t in annotation.tag_ids if t in known)
    if not kept:
        raise ConflictError(
            f"the tags of annotation {annotation.id} no longer exist (deleted from the codebook since); {_NOTHING}"
        )
    return kept
