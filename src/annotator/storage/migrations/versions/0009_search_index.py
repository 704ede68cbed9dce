"""Full-text search over the documents' texts (issue 14): an index kept in step by triggers.

- SQLite: `search_index`, an FTS5 table without content of its own (`content=''`: the texts are
  not stored twice), rowid = document id, tokenizer `unicode61 remove_diacritics 2`. Triggers on
  `document_texts` add a text on insert and take it out on delete (a deleted document's text goes
  by ON DELETE CASCADE, which fires them too); a contentless table is told the old text to forget.
  `ё`/`Ё` are indexed as `е`/`Е` (Russian writes both for one letter; unicode61 folds only Latin).
- PostgreSQL: `search_index(document_id, vector tsvector)` with a GIN index, filled by a trigger
  function on `document_texts` with the configuration of the document's language (`russian`,
  `english`, … where the server has one, `simple` otherwise), and again when a document's
  language changes. A text whose vector would pass PostgreSQL's 1 MB tsvector limit gets NULL:
  searched by reading it (never refused on import). SECURITY DEFINER: a coder or the lead adds
  texts without a right to write the index themselves; both only read it.

Every write path (import, undo of a delete, merge, copy, other programs) goes through the texts'
table, so none of them has to remember the index. Existing texts are indexed here.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CODERS, LEAD = "annotator_coders", "annotator_lead"


def _folded(column: str) -> str:
    return f"replace(replace({column}, 'ё', 'е'), 'Ё', 'Е')"


SQLITE = (
    "CREATE VIRTUAL TABLE search_index USING fts5(body, content='', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER tr_search_index_insert AFTER INSERT ON document_texts BEGIN "
    f"INSERT INTO search_index (rowid, body) VALUES (NEW.document_id, {_folded('NEW.text')}); END",
    "CREATE TRIGGER tr_search_index_delete AFTER DELETE ON document_texts BEGIN "
    "INSERT INTO search_index (search_index, rowid, body) "
    f"VALUES ('delete', OLD.document_id, {_folded('OLD.text')}); END",
    "CREATE TRIGGER tr_search_index_update AFTER UPDATE OF text ON document_texts BEGIN "
    "INSERT INTO search_index (search_index, rowid, body) "
    f"VALUES ('delete', OLD.document_id, {_folded('OLD.text')}); "
    f"INSERT INTO search_index (rowid, body) VALUES (NEW.document_id, {_folded('NEW.text')}); END",
    f"INSERT INTO search_index (rowid, body) SELECT document_id, {_folded('text')} FROM document_texts",
)

# ISO 639-1 codes of the languages PostgreSQL ships a configuration for (the name is the config's).
CONFIGS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
_CASES = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in CONFIGS.items())

# Each language's configuration without its stop words: "the" or "ещё" must be found, as on SQLite.
# Made for the configurations this server has (annotator_russian…), in the library's schema.
OWN_CONFIGS = """DO $$ DECLARE name text; BEGIN
    FOR name IN SELECT c.cfgname FROM pg_ts_config c JOIN pg_ts_dict d ON d.dictname = c.cfgname || '_stem'
                 WHERE c.cfgnamespace = 'pg_catalog'::regnamespace AND d.dictnamespace = c.cfgnamespace LOOP
        EXECUTE format('CREATE TEXT SEARCH DICTIONARY %I (TEMPLATE = snowball, LANGUAGE = %s)',
                       'annotator_' || name || '_stem', name);
        EXECUTE format('CREATE TEXT SEARCH CONFIGURATION %I (COPY = pg_catalog.%I)', 'annotator_' || name, name);
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I ALTER MAPPING REPLACE %I WITH %I',
                       'annotator_' || name, name || '_stem', 'annotator_' || name || '_stem');
    END LOOP;
END $$"""

CONFIG_FUNCTION = f"""CREATE FUNCTION annotator_search_config(lang text) RETURNS regconfig LANGUAGE sql STABLE
    SET search_path = public, pg_catalog AS $$
    SELECT coalesce(
        (SELECT c.oid::regconfig FROM pg_ts_config c
          WHERE c.cfgnamespace = 'public'::regnamespace
            AND c.cfgname = 'annotator_' || CASE lower(split_part(split_part(lang, '-', 1), '_', 1)) {_CASES}
                                            ELSE lower(lang) END),
        'simple'::regconfig) $$"""

VECTOR_FUNCTION = f"""CREATE FUNCTION annotator_search_vector(lang text, body text) RETURNS tsvector
    LANGUAGE plpgsql STABLE SET search_path = public, pg_catalog AS $$
    BEGIN
        IF octet_length(body) < 200000 THEN  -- far below the 1 MB limit: no subtransaction
            RETURN to_tsvector(annotator_search_config(lang), {_folded("body")});
        END IF;
        BEGIN
            RETURN to_tsvector(annotator_search_config(lang), {_folded("body")});
        EXCEPTION WHEN program_limit_exceeded THEN
            RETURN NULL;  -- searched by reading the text
        END;
    END $$"""

TEXT_TRIGGER = """CREATE FUNCTION search_index_text() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        INSERT INTO search_index (document_id, vector)
            SELECT NEW.document_id, annotator_search_vector(d.language, NEW.text)
              FROM documents d WHERE d.id = NEW.document_id
        ON CONFLICT (document_id) DO UPDATE SET vector = EXCLUDED.vector;
        RETURN NULL;
    END $$"""

LANGUAGE_TRIGGER = """CREATE FUNCTION search_index_language() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        IF annotator_search_config(NEW.language) IS DISTINCT FROM annotator_search_config(OLD.language) THEN
            UPDATE search_index s SET vector = annotator_search_vector(NEW.language, t.text)
              FROM document_texts t WHERE t.document_id = NEW.id AND s.document_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$"""

POSTGRESQL = (
    OWN_CONFIGS,
    CONFIG_FUNCTION,
    VECTOR_FUNCTION,
    "CREATE TABLE search_index (document_id INTEGER NOT NULL CONSTRAINT pk_search_index PRIMARY KEY "
    "CONSTRAINT fk_search_index_document_id_documents REFERENCES documents (id) ON DELETE CASCADE, vector tsvector)",
    "CREATE INDEX ix_search_index_vector ON search_index USING gin (vector)",
    TEXT_TRIGGER,
    LANGUAGE_TRIGGER,
    "CREATE TRIGGER tr_search_index_text AFTER INSERT OR UPDATE OF text ON document_texts "
    "FOR EACH ROW EXECUTE FUNCTION search_index_text()",
    "CREATE TRIGGER tr_search_index_language AFTER UPDATE OF language ON documents "
    "FOR EACH ROW EXECUTE FUNCTION search_index_language()",
    "INSERT INTO search_index (document_id, vector) SELECT t.document_id, annotator_search_vector(d.language, t.text) "
    "FROM document_texts t JOIN documents d ON d.id = t.document_id",
    f"GRANT SELECT ON search_index TO {CODERS}, {LEAD}",
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE if dialect == "sqlite" else POSTGRESQL if dialect == "postgresql" else ():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER tr_search_index_{trigger}")
        op.execute("DROP TABLE search_index")
    else:
        op.execute("DROP TRIGGER tr_search_index_language ON documents")
        op.execute("DROP TRIGGER tr_search_index_text ON document_texts")
        op.execute("DROP TABLE search_index")
        for function in ("search_index_language()", "search_index_text()", "annotator_search_vector(text, text)"):
            op.execute(f"DROP FUNCTION {function}")
        op.execute("DROP FUNCTION annotator_search_config(text)")
        op.execute(
            "DO $$ DECLARE name text; BEGIN FOR name IN SELECT cfgname FROM pg_ts_config "
            "WHERE cfgnamespace = 'public'::regnamespace AND cfgname LIKE 'annotator\\_%' LOOP "
            "EXECUTE format('DROP TEXT SEARCH CONFIGURATION %I', name); "
            "EXECUTE format('DROP TEXT SEARCH DICTIONARY %I', name || '_stem'); END LOOP; END $$"
        )
