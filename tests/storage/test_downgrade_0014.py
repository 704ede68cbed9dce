"""Revision 0014 (row security with cheap plans; PostgreSQL only) undone and done again.

- A library built up to 0013 by its own revisions, taken to 0014 and back, has 0013's policies
  word for word (pg_policies' expressions) and annotation_tags' columns as they were.
- Going up again fills the links' copies of their passage's document and coder from the rows
  already there, and a coder reads their own tags and not the others' of a blind document.
On SQLite nothing changes either way."""

from alembic import command
from sqlalchemy import create_engine, text

from annotator.services import open_services
from annotator.storage import migrate
from annotator.storage.engine import open_library

POLICIES = "SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check FROM pg_policies"
LINK_COLUMNS = "SELECT column_name FROM information_schema.columns WHERE table_name = 'annotation_tags'"


def _state(connection):
    if connection.dialect.name != "postgresql":
        return set(), set()
    policies = {tuple(row) for row in connection.execute(text(POLICIES))}
    return policies, {row[0] for row in connection.execute(text(LINK_COLUMNS))}


def _to(engine, revision, down=False):
    cfg = migrate.config()
    with engine.connect() as connection, connection.begin():
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


def test_0014_down_gives_0013_word_for_word(postgres_server):
    url = postgres_server.empty_database()
    engine = create_engine(url)
    try:
        _to(engine, "0013")
        with engine.connect() as connection:
            built = _state(connection)
        _to(engine, "0014")
        with engine.connect() as connection:
            up = _state(connection)
        assert up[1] == built[1] | {"document_id", "coder_id"}
        assert not [
            p for p in up[0] if "annotator_me()" in f"{p[5]} {p[6]}" and "SELECT annotator_me()" not in f"{p[5]} {p[6]}"
        ]
        _to(engine, "0013", down=True)
        with engine.connect() as connection:
            assert _state(connection) == built
    finally:
        engine.dispose()
        postgres_server.drop(url)


def test_0014_downgrades_and_upgrades_again_filling_the_links(location):
    admin = open_services(location, annotator="admin", backup=False)
    try:
        admin.documents.import_samples()
        admin.coders.add("alice_0014")
        admin.coders.add("bob_0014")
        for login, quote in (("alice_0014", "Armenia and Azerbaijan"), ("bob_0014", "anti-terrorist operation")):
            admin.coders.switch(login)
            admin.annotations.tag_quote(4, quote, ["claim", "framing"], nth=1)
    finally:
        admin.close()
    library = open_library(location, migrate=True)
    try:
        with library.engine.connect() as connection:
            at_head = _state(connection)
        _to(library.engine, "0013", down=True)
        _to(library.engine, "head")
        with library.engine.connect() as connection:
            assert _state(connection) == at_head
            if connection.dialect.name != "postgresql":
                return
            wrong = connection.execute(
                text(
                    "SELECT count(*) FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id "
                    "WHERE t.document_id IS DISTINCT FROM a.document_id OR t.coder_id IS DISTINCT FROM a.coder_id"
                )
            ).scalar_one()
            assert wrong == 0 and connection.execute(text("SELECT count(*) FROM annotation_tags")).scalar_one() == 4
            connection.execute(text("SET ROLE alice_0014"))
            seen = connection.execute(
                text("SELECT a.quote, t.tag_id FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id")
            ).all()
            connection.rollback()
        assert sorted(quote for quote, _ in seen) == ["Armenia and Azerbaijan"] * 2
    finally:
        library.close()
