"""The tables, as SQLAlchemy typed declarative rows. Rows never leave the storage package."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Undo puts documents, annotations and tags back under their own id: a freed id must never go to
# another row (revisions 0003, 0004; on PostgreSQL a serial id is never reused anyway).
NEVER_REUSED = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class DocumentRow(Base):
    """What the library lists; the text lives in DocumentTextRow, so a listing never reads it (0004)."""

    __tablename__ = "documents"
    __table_args__ = (CheckConstraint("phase IN ('blind', 'revealed', 'adjudicated')", name="phase"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    published: Mapped[str] = mapped_column(String(10), default="")  # ISO 8601, maybe partial
    dateline: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    language: Mapped[str] = mapped_column(String(35), default="")
    filename: Mapped[str] = mapped_column(String(1000), default="")
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    length: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[str] = mapped_column(String(32))
    # Kept by triggers on annotations (revision 0004): the listing never counts annotations.
    annotation_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Revision 0007: blind (coders see only their own annotations; enforced on a server), revealed, adjudicated.
    phase: Mapped[str] = mapped_column(String(12), default="blind", server_default="blind")


class DocumentTextRow(Base):
    """A document's canonical text, apart from the listing columns (revision 0004)."""

    __tablename__ = "document_texts"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class TagRow(Base):
    __tablename__ = "tags"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    color: Mapped[str] = mapped_column(String(7))
    shortcut: Mapped[str] = mapped_column(String(8), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    fields: Mapped[str] = mapped_column(Text, default="")  # "name:type; …" (domain.fields)
    detector: Mapped[str] = mapped_column(String(32), default="")  # whose suggestions it gets


class CoderRow(Base):
    """A coder (revision 0005): the login names them for programs, the display name for people."""

    __tablename__ = "coders"
    __table_args__ = (CheckConstraint("role IN ('coder', 'lead')", name="role"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(63), unique=True)  # a PostgreSQL role name: <= 63 bytes
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(8), default="coder", server_default="coder")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[str] = mapped_column(String(32))


class DocumentStatusRow(Base):
    """A coder's status of a document (revision 0005); no row: new."""

    __tablename__ = "document_status"
    __table_args__ = (
        CheckConstraint("status IN ('in progress', 'done')", name="status"),
        Index("ix_document_status_coder_id", "coder_id", "document_id"),
    )

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))


class AnnotationRow(Base):
    __tablename__ = "annotations"
    # The first covers the reader's query (ids and spans of one document, in text order) on its
    # own; the second (partial) answers "does any annotation have field values" without a scan.
    __table_args__ = (
        Index("ix_annotations_document_span", "document_id", "start_offset", "end_offset"),
        Index(
            "ix_annotations_with_fields",
            "document_id",
            sqlite_where=text("fields != ''"),
            postgresql_where=text("fields != ''"),
        ),
        Index("ix_annotations_coder_id", "coder_id"),
        CheckConstraint("layer IN ('coder', 'gold')", name="layer"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column("start_offset", Integer)
    end: Mapped[int] = mapped_column("end_offset", Integer)
    quote: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(String(64), default="")
    suffix: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    fields: Mapped[str] = mapped_column(Text, default="")  # JSON object: field name -> value
    # Revision 0005: the same annotation in every copy of a library; whose it is; which layer.
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    layer: Mapped[str] = mapped_column(String(8), default="coder", server_default="coder")


class AnnotationTagRow(Base):
    __tablename__ = "annotation_tags"
    __table_args__ = (Index("ix_annotation_tags_tag", "tag_id", "annotation_id"),)

    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)


# On PostgreSQL only (revision 0014, decision 052): each link's copy of its annotation's document
# and coder, set by triggers and read by row security (and by the agreement's read: 0017); no model
# maps them.
SERVER_ONLY_COLUMNS = frozenset({("annotation_tags", "document_id"), ("annotation_tags", "coder_id")})
# And two indexes in (document, annotation id) order over them (revision 0017, decision 059): the
# agreement's read walks both in step.
SERVER_ONLY_INDEXES = frozenset({"ix_annotations_document_id", "ix_annotation_tags_document"})


class TagCountRow(Base):
    """How many of a coder's passages of one layer in a document carry a tag (revision 0011; the
    layer since 0015), kept by triggers on annotations and annotation_tags; no row: none. What the
    crosstab counts from, for any layer choice."""

    __tablename__ = "tag_counts"

    # No foreign keys (see 0011): the triggers count a deleted document's or tag's links out.
    document_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tag_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coder_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer: Mapped[str] = mapped_column(String(8), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class RejectedSuggestionRow(Base):
    """A suggestion a coder turned down: never offered to them again for that document (their own
    since revision 0015: another coder is still offered it)."""

    __tablename__ = "rejected_suggestions"
    # The key leads with (document, coder): what the suggestions read.
    __table_args__ = (PrimaryKeyConstraint("document_id", "coder_id", "tag_id", "start_offset", "end_offset"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column("start_offset", Integer)
    end: Mapped[int] = mapped_column("end_offset", Integer)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))


class LexiconTermRow(Base):
    """A loaded term of the framing lexicon and the frame it suggests."""

    __tablename__ = "lexicon_terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term: Mapped[str] = mapped_column(String(200), unique=True)
    frame: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


# A 64-bit id on a server (many years of changes), SQLite's INTEGER (64-bit anyway) for AUTOINCREMENT.
LOG_ID = BigInteger().with_variant(Integer(), "sqlite")


class ChangeLogRow(Base):
    """One change to what a window shows, written by triggers (revision 0006): the table, the kind
    (i, u, d), the document and row, and the writing window's session id ('' for other writers)."""

    __tablename__ = "change_log"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(LOG_ID, primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(1))
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    row_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    origin: Mapped[str] = mapped_column(String(64), server_default="")
    # Revision 0007: whose annotation, tags or status the row is about (row security hides others').
    coder_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ChangeLogStateRow(Base):
    """The change log's one state row: its history's epoch and the highest id pruned."""

    __tablename__ = "change_log_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    epoch: Mapped[str] = mapped_column(String(36))
    pruned_through: Mapped[int] = mapped_column(LOG_ID)


class GoldDecisionRow(Base):
    """One adjudication decision (revision 0008): accepted / edited / added / rejected, the coders'
    annotations it came from (JSON list of UUIDs), the gold annotation it made (NULL: rejected)."""

    __tablename__ = "gold_decisions"
    __table_args__ = (
        CheckConstraint("decision IN ('accepted', 'edited', 'added', 'rejected')", name="decision"),
        Index("ix_gold_decisions_document_id", "document_id"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(12))
    sources: Mapped[str] = mapped_column(Text, server_default="")
    gold_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True)
    curator_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    decided_at: Mapped[str] = mapped_column(String(32))


class CuratorRow(Base):
    """Who adjudicates a document now, until when (revision 0008): one curator at a time."""

    __tablename__ = "curators"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    expires_at: Mapped[str] = mapped_column(String(32))


class VariableRow(Base):
    """A document variable defined for the library (revision 0010): name, kind, the choices of a list."""

    __tablename__ = "variables"
    __table_args__ = (CheckConstraint("kind IN ('text', 'number', 'date', 'choice')", name="kind"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    choices: Mapped[str] = mapped_column(Text, default="", server_default="")  # "a|b|c" for a choice
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class DocumentValueRow(Base):
    """A document's value of a variable (revision 0010); no row: no value."""

    __tablename__ = "document_values"
    __table_args__ = (Index("ix_document_values_variable", "variable_id", "value", "document_id"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    variable_id: Mapped[int] = mapped_column(ForeignKey("variables.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DocumentMemoRow(Base):
    """A document's memo: free text and when it was last written (revision 0010)."""

    __tablename__ = "document_memos"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


class DocumentPageRow(Base):
    """Where page n of a PDF article starts in its text (revision 0012); other documents: no rows."""

    __tablename__ = "document_pages"
    __table_args__ = (
        CheckConstraint("page >= 1 AND start_offset >= 0", name="positive"),
        # The last start at or before an offset, and its page, by one seek (the export's page column).
        Index("ix_document_pages_start", "document_id", "start_offset", "page"),
    )

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    page: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column("start_offset", Integer)
