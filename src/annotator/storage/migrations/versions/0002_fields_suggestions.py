"""Typed fields per tag and per annotation; which detector serves a tag; rejected suggestions;
the framing lexicon.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# What this revision shipped, frozen here: a new library must get what 0002 made, whatever today's
# defaults say. The fields of the default tags, by tag name:
FIELDS: dict[str, str] = {
    "date": "date:date",
    "casualty figure": "count_min:int; count_max:int; qualifier; kind:killed|wounded|displaced|missing|detained|other",
    "quote": "speaker",
    "claim": "claimant",
    "framing": "frame:conflict|responsibility|human interest|morality|economic consequences|loaded term",
}
# The tags the detectors were made for, by their default names (each gets its detector).
DETECTORS: tuple[str, ...] = ("date", "casualty figure", "quote", "framing")
# Guidelines rewritten for the detectors: (the first schema's text, the new one), replaced only where
# nobody has edited the guideline.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "quote": (
        "Words attributed to a speaker, direct or reported; mark the quoted words, not the verb.",
        "Words in quotation marks given as someone's speech (a verb of saying or 'according to' nearby, or a "
        "whole sentence of speech). Mark what is between the marks; speaker as the text names them. "
        "Scare-quoted terms are framing, not quotes.",
    ),
    "date": (
        "A point or period in time (absolute or relative: 'Nov. 8, 2023', 'last year').",
        "A point or period in time that ISO 8601 can write: absolute ('Nov. 8, 2023', '2020'), relative to "
        "the publication date ('last year', 'on Wednesday'), decades. Not durations ('six-week'), times of "
        "day, or times anchored to other events ('the following days').",
    ),
    "casualty figure": (
        "A number of people killed, wounded, displaced, missing or detained, with its qualifier.",
        "A number of people killed, wounded, displaced, missing or detained: mark qualifier, number and who "
        "('more than 100,000 ethnic Armenians'). More than/at least N: min N; nearly/up to N: max N; about "
        "N: both N; dozens 24, hundreds 200, thousands 2,000, several 3 (min).",
    ),
}
# The framing lexicon as resources/framing_lexicon.csv held it (term, frame), in its order.
LEXICON: tuple[tuple[str, str], ...] = (
    ("anti-terrorist operation", "loaded term"),
    ("anti-terrorist campaign", "loaded term"),
    ("anti-terror*", "loaded term"),
    ("liberat*", "loaded term"),
    ("separatis*", "loaded term"),
    ("self-declared", "loaded term"),
    ("self-proclaimed", "loaded term"),
    ("so-called", "loaded term"),
    ("puppet regime", "loaded term"),
    ("junta", "loaded term"),
    ("terroris*", "loaded term"),
    ("occupation", "loaded term"),
    ("occupied territor*", "loaded term"),
    ("occupier*", "loaded term"),
    ("Patriotic War", "loaded term"),
    ("restoration of territorial integrity", "loaded term"),
    ("historic victory", "loaded term"),
    ("ethnic cleansing", "morality"),
    ("genocide", "morality"),
    ("war crime*", "morality"),
    ("crimes against humanity", "morality"),
    ("atrocit*", "morality"),
    ("double standards", "morality"),
    ("aggress*", "responsibility"),
    ("provocation*", "responsibility"),
    ("blame*", "responsibility"),
    ("blockad*", "conflict"),
    ("escalation", "conflict"),
    ("hostilities", "conflict"),
    ("humanitarian crisis", "human interest"),
    ("suffering", "human interest"),
    ("shortages", "human interest"),
    ("sanctions", "economic consequences"),
    ("energy security", "economic consequences"),
    ("reconstruction", "economic consequences"),
)


def upgrade() -> None:
    op.add_column("tags", sa.Column("fields", sa.Text(), nullable=False, server_default=""))
    op.add_column("tags", sa.Column("detector", sa.String(32), nullable=False, server_default=""))
    op.add_column("annotations", sa.Column("fields", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "rejected_suggestions",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_rejected_suggestions_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_rejected_suggestions_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("document_id", "tag_id", "start_offset", "end_offset", name=op.f("pk_rejected_suggestions")),
    )
    op.create_table(
        "lexicon_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(200), nullable=False),
        sa.Column("frame", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lexicon_terms")),
        sa.UniqueConstraint("term", name=op.f("uq_lexicon_terms_term")),
    )
    tags = sa.table("tags", sa.column("name"), sa.column("fields"), sa.column("description"), sa.column("detector"))
    for name, fields in FIELDS.items():
        op.execute(tags.update().where(tags.c.name == name, tags.c.fields == "").values(fields=fields))
    for name in DETECTORS:  # the tags the detectors were made for, by their default names
        op.execute(tags.update().where(tags.c.name == name).values(detector=name))
    for name, (old, new) in DESCRIPTIONS.items():  # only where nobody has edited the guideline
        op.execute(tags.update().where(tags.c.name == name, tags.c.description == old).values(description=new))
    op.bulk_insert(
        sa.table("lexicon_terms", sa.column("term"), sa.column("frame"), sa.column("position")),
        [{"term": term, "frame": frame, "position": i} for i, (term, frame) in enumerate(LEXICON)],
    )


def downgrade() -> None:
    op.drop_table("lexicon_terms")
    op.drop_table("rejected_suggestions")
    op.drop_column("annotations", "fields")
    op.drop_column("tags", "fields")
