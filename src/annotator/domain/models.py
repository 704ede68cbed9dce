"""Frozen domain records that cross every layer: documents, tags, annotations."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from annotator.domain.fields import FieldSpec, FieldValues

if TYPE_CHECKING:
    from annotator.domain.spans import Selector


class Status(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in progress"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class MetaField:
    """One field of a document's description, declared once in META_FIELDS: DocumentMeta, the
    import's command-line overrides, metadata.csv, the details dialog and tidying read it (a test
    checks the record and the stored columns agree). A new field: add it here and to
    DocumentMeta, then a column and a migration."""

    name: str
    label: str  # for people: the details dialog ("&" marks the access key)
    help: str  # what to give: the command line's help, the dialog's placeholder
    max_length: int  # the stored column's


META_FIELDS: tuple[MetaField, ...] = (
    MetaField("title", "&Title", "the title (for a single file)", 500),
    MetaField("source", "&Source (outlet)", "the outlet, for every file", 300),
    MetaField("published", "&Published", "publication date: 2023-11-08, 2023-09 or 2023", 10),
    MetaField("dateline", "&Dateline", "the dateline: where the report was filed (BAKU)", 300),
    MetaField("url", "&URL", "where the article was published", 2000),
    MetaField("language", "&Language", "the language's code (en, ru)", 35),
)


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """The editable description of a document (its fields declared in META_FIELDS, in this
    order); every field may be empty."""

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
    coder: str  # the login of the coder whose layer it is in (domain.coders)
    created_at: str
    updated_at: str
    tag_ids: tuple[int, ...] = field(default=())
    fields: FieldValues = ()  # typed values for the tags' fields: (name, value) pairs
    uuid: str = ""  # made when it is created; the same annotation in every copy of the library
    layer: str = "coder"  # domain.coders.Layer

    def with_tags(self, tag_ids: tuple[int, ...]) -> Annotation:
        return replace(self, tag_ids=tag_ids)

    @property
    def marked(self) -> MarkedSpan:
        return (self.id, self.start, self.end, self.tag_ids)


def new_annotation(
    document_id: int,
    selector: Selector,
    *,
    coder: str,
    now: str,
    tag_ids: tuple[int, ...],
    fields: FieldValues = (),
    note: str = "",
    layer: str = "coder",
) -> Annotation:
    """A passage not stored yet (id 0): quote and context are the selector's, so text[start:end]
    == quote by construction; its UUID is made here, once (undo, redo, exports and copies keep it)."""
    import uuid  # not on the start-up path, which reads models but makes no annotation

    return Annotation(
        id=0,
        document_id=document_id,
        start=selector.start,
        end=selector.end,
        quote=selector.quote,
        prefix=selector.prefix,
        suffix=selector.suffix,
        note=note,
        coder=coder,
        created_at=now,
        updated_at=now,
        tag_ids=tag_ids,
        fields=fields,
        uuid=str(uuid.uuid4()),
        layer=layer,
    )
