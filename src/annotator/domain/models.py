"""Frozen domain records that cross every layer: documents, tags, annotations."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from annotator.domain.fields import FieldSpec, FieldValues


class Status(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in progress"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """The editable description of a document; every field may be empty."""

    title: str = ""
    source: str = ""
    published: str = ""  # ISO 8601, possibly partial: 2023, 2023-09, 2023-09-25
    dateline: str = ""
    url: str = ""
    language: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    meta: DocumentMeta
    filename: str
    sha256: str
    imported_at: str
    status: Status
    length: int  # code points in the canonical text
    annotation_count: int = 0

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass(frozen=True, slots=True)
class Tag:
    id: int
    name: str
    color: str  # "#rrggbb"
    shortcut: str  # "" or a single key such as "1"
    description: str
    position: int
    fields: tuple[FieldSpec, ...] = ()
    detector: str = ""  # the detector whose suggestions this tag gets ("date", …), or none

    @property
    def spec(self) -> TagSpec:
        """What the codebook says of this tag: change one part with dataclasses.replace."""
        return TagSpec(self.name, self.color, self.shortcut, self.description, self.fields, self.detector)


@dataclass(frozen=True, slots=True)
class TagSpec:
    """A tag before it has an id: what the codebook editor and the defaults describe."""

    name: str
    color: str
    shortcut: str = ""
    description: str = ""
    fields: tuple[FieldSpec, ...] = ()
    detector: str = ""


# (annotation id, start, end, tag ids): what the reader paints, without passage or note.
MarkedSpan = tuple[int, int, int, tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Annotation:
    id: int
    document_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    note: str
    annotator: str
    created_at: str
    updated_at: str
    tag_ids: tuple[int, ...] = field(default=())
    fields: FieldValues = ()  # typed values for the tags' fields: (name, value) pairs

    def with_tags(self, tag_ids: tuple[int, ...]) -> Annotation:
        return replace(self, tag_ids=tag_ids)

    @property
    def marked(self) -> MarkedSpan:
        return (self.id, self.start, self.end, self.tag_ids)
