"""Schema revisions this version knows, oldest first; a test checks them against Alembic's."""

KNOWN: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
    "0017",
)
HEAD = KNOWN[-1]

# The tables each revision has (a test checks them against the migrations): a database whose
# alembic_version names one of ours but lacks these is another program's.
_FIRST = frozenset({"documents", "tags", "annotations", "annotation_tags"})
TABLES: dict[str, frozenset[str]] = {
    "0001": _FIRST,
    "0002": _FIRST | {"rejected_suggestions", "lexicon_terms"},
    "0003": _FIRST | {"rejected_suggestions", "lexicon_terms"},  # ids never reused: same tables, rebuilt
    "0004": _FIRST | {"rejected_suggestions", "lexicon_terms", "document_texts"},  # texts apart
    # coders are data; each annotation has a uuid, a coder and a layer; a status per coder
    "0005": _FIRST | {"rejected_suggestions", "lexicon_terms", "document_texts", "coders", "document_status"},
    "0006": _FIRST
    | {
        "rejected_suggestions",
        "lexicon_terms",
        "document_texts",
        "coders",
        "document_status",
        "change_log",
        "change_log_state",
    },  # the change log (live updates)
}
TABLES["0007"] = TABLES["0006"]  # phases and row security: same tables
TABLES["0008"] = TABLES["0007"] | {"gold_decisions", "curators"}  # the gold layer's provenance, curators
# The search index (0009) is SQLite's FTS5 table or a PostgreSQL table: not in the common set.
TABLES["0009"] = TABLES["0008"]
TABLES["0010"] = TABLES["0009"] | {"variables", "document_values", "document_memos"}  # document variables, memos
TABLES["0011"] = TABLES["0010"] | {"tag_counts"}  # passage–tag links counted per document, tag and coder
TABLES["0012"] = TABLES["0011"] | {"document_pages"}  # a PDF article's page starts
TABLES["0013"] = TABLES["0012"]  # the lead merges every layer; inactive coders write nothing (PostgreSQL policies)
TABLES["0014"] = TABLES["0013"]  # row security with cheap plans; links know their passage's coder (PostgreSQL)
TABLES["0015"] = TABLES["0014"]  # rejected suggestions per coder; tag_counts per layer too
TABLES["0016"] = TABLES["0015"]  # the log names a link's coder from its copies; policy functions in PL/pgSQL
TABLES["0017"] = TABLES["0016"]  # the agreement's read as a merge join: two indexes (PostgreSQL)
