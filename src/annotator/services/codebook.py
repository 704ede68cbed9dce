"""The codebook: list, add, change, reorder and delete tags (delete keeps what undo needs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain.codebook import SHORTCUT_KEYS, next_color, valid_color
from annotator.domain.models import Annotation, Tag, TagSpec
from annotator.domain.suggest.model import DETECTORS
from annotator.services import conflicts
from annotator.services.changes import Changes
from annotator.services.errors import UserError, refuse_nul
from annotator.storage import annotations as annotations_repo
from annotator.storage import tags as repo
from annotator.storage.engine import Library

CODEBOOK = Changes(codebook=True)


@dataclass(frozen=True, slots=True)
class DeletedTag:
    """Everything a tag deletion removed, so undo can put it back whole."""

    tag: Tag
    linked: tuple[int, ...]  # annotations that kept other tags
    orphans: tuple[Annotation, ...]  # annotations that had only this tag, deleted with it
    documents: frozenset[int] = frozenset()  # the documents of all of them


class CodebookService:
    def __init__(self, library: Library) -> None:
        self._library = library

    def tags(self) -> list[Tag]:
        with self._library.reading() as session:
            return repo.list_all(session)

    def by_name(self, name: str) -> Tag | None:
        with self._library.reading() as session:
            return repo.by_name(session, name)

    def usage(self, tag_id: int) -> int:
        with self._library.reading() as session:
            return repo.usage(session, tag_id)

    def suggest_color(self) -> str:
        return next_color({tag.color for tag in self.tags()})

    def add(self, spec: TagSpec) -> tuple[Tag, Changes]:
        spec = self._valid(spec, None)
        with self._library.writing() as session:
            if spec.shortcut:
                repo.clear_shortcut(session, spec.shortcut, except_id=-1)
            if spec.detector:
                repo.clear_detector(session, spec.detector, except_id=-1)
            tag = repo.add(session, spec)
        return tag, CODEBOOK

    def change(self, tag_id: int, spec: TagSpec) -> tuple[Tag, Changes]:
        """Rename, recolour, set the shortcut or the guideline; a shortcut moves from its old tag."""
        spec = self._valid(spec, tag_id)
        with self._library.writing() as session:
            if repo.get(session, tag_id) is None:
                raise UserError(f"there is no tag {tag_id}")
            if spec.shortcut:
                repo.clear_shortcut(session, spec.shortcut, except_id=tag_id)
            if spec.detector:  # one tag per detector: it moves, as a shortcut does
                repo.clear_detector(session, spec.detector, except_id=tag_id)
            repo.change(session, tag_id, spec)
            tag = repo.get(session, tag_id)
        assert tag is not None
        return tag, CODEBOOK

    def reorder(self, ordered_ids: Sequence[int]) -> Changes:
        with self._library.writing() as session:
            known = {tag.id for tag in repo.list_all(session)}
            if set(ordered_ids) != known or len(ordered_ids) != len(known):
                raise UserError("the new order must list every tag once")
            repo.reorder(session, ordered_ids)
        return CODEBOOK

    def delete(self, tag_id: int) -> tuple[DeletedTag, Changes]:
        """Delete a tag, its links, and the annotations that had no other tag."""
        with self._library.writing() as session:
            tag = repo.get(session, tag_id)
            if tag is None:
                raise UserError(f"there is no tag {tag_id}")
            ids = repo.annotation_ids(session, tag_id)
            touched = [annotations_repo.get(session, i) for i in ids]
            orphans = tuple(a for a in touched if a is not None and a.tag_ids == (tag_id,))
            linked = tuple(a.id for a in touched if a is not None and a.tag_ids != (tag_id,))
            for orphan in orphans:
                annotations_repo.remove(session, orphan.id)
            repo.remove(session, tag_id)
        documents = frozenset(a.document_id for a in touched if a is not None)
        changes = Changes(documents=documents, annotations=frozenset(ids), codebook=True)
        return DeletedTag(tag, linked, orphans, documents), changes

    def restore(self, deleted: DeletedTag) -> Changes:
        """Undo a deletion: the same tag id, its links and its annotations come back."""
        tag = deleted.tag
        spec = tag.spec
        with self._library.writing() as session:
            if repo.by_name(session, tag.name) is not None:
                raise UserError(f"a tag named {tag.name!r} exists again; rename it first")
            if spec.shortcut:
                repo.clear_shortcut(session, spec.shortcut, except_id=tag.id)
            repo.add(session, spec, position=tag.position, tag_id=tag.id)
            for annotation_id in deleted.linked:
                if annotations_repo.get(session, annotation_id) is not None:
                    annotations_repo.link(session, annotation_id, [tag.id])
            for orphan in deleted.orphans:
                conflicts.check_free(session, orphan)  # never over another's id or exact span
                annotations_repo.insert_one(session, orphan, keep_id=True)
        ids = frozenset(deleted.linked) | {a.id for a in deleted.orphans}
        return Changes(documents=deleted.documents, annotations=ids, codebook=True, library=True)

    def apply(self, wanted: Sequence[Tag]) -> Changes:
        """Give existing tags exactly these names, colours, keys, guidelines and positions, in one
        transaction (undo and redo of codebook edits; swaps of names or keys cannot collide)."""
        with self._library.writing() as session:
            known = {tag.id for tag in repo.list_all(session)}
            present = [tag for tag in wanted if tag.id in known]
            for tag in present:  # free every name and key first
                # A name no valid tag has (_valid folds whitespace, so never a newline); not a NUL,
                # which PostgreSQL's text cannot hold.
                repo.change(session, tag.id, TagSpec(f"\n{tag.id}", tag.color, "", ""))
            for tag in present:
                repo.change(session, tag.id, tag.spec)
            ordered = [t.id for t in sorted(present, key=lambda t: t.position)]
            rest = [i for i in known if i not in set(ordered)]
            repo.reorder(session, ordered + rest)
        return CODEBOOK

    def _valid(self, spec: TagSpec, tag_id: int | None) -> TagSpec:
        refuse_nul("a tag name", spec.name)
        refuse_nul("a tag's guideline", spec.description)
        name = " ".join(spec.name.split())
        if not name:
            raise UserError("a tag needs a name")
        if len(name) > 200:
            raise UserError("a tag name can have at most 200 characters")
        color = spec.color or self.suggest_color()
        if not valid_color(color):
            raise UserError(f"{spec.color!r} is not a colour like #0072B2")
        if spec.shortcut and spec.shortcut not in SHORTCUT_KEYS:
            raise UserError("a shortcut is one of the keys 1–9")
        other = self.by_name(name)
        if other is not None and other.id != tag_id:
            raise UserError(f"there is already a tag named {other.name!r}")
        if spec.detector and spec.detector not in DETECTORS:
            raise UserError(f"there is no detector {spec.detector!r}; there are: {', '.join(DETECTORS)}")
        return TagSpec(name, color.upper(), spec.shortcut, spec.description.strip(), spec.fields, spec.detector)
