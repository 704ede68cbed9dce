"""Revision 0011 (kept tag counts) undone: the table, its triggers (and on PostgreSQL their
functions) go, the change log's function stays 0010's; upgraded again, the counts are filled
from the existing links."""

from alembic import command
from sqlalchemy import inspect, text

from annotator.services import open_services
from annotator.storage import migrate
from annotator.storage.engine import open_library


def test_0011_downgrades_to_0010_and_upgrades_again_with_the_counts_filled(location):
    services = open_services(location, annotator="ann", backup=False)
    services.documents.import_samples()
    claim, quote = services.codebook.by_name("claim").id, services.codebook.by_name("quote").id
    services.annotations.tag(1, 0, 10, [claim, quote])
    services.annotations.tag(1, 20, 30, [claim])
    services.close()
    library = open_library(location, migrate=True)
    try:
        cfg = migrate.config()
        with library.engine.connect() as connection, connection.begin():
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0010")
        with library.engine.connect() as connection:
            assert "tag_counts" not in set(inspect(connection).get_table_names())
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0010"
            if connection.dialect.name == "postgresql":
                names = set(
                    connection.execute(text("SELECT proname FROM pg_proc WHERE proname LIKE 'tag_counts%'")).scalars()
                )
                assert names == set()
                body = connection.execute(text("SELECT prosrc FROM pg_proc WHERE proname = 'log_change'")).scalar_one()
                assert "'variables'" in body and "'gold_decisions'" in body and "tag_counts" not in body
            else:
                found = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
                triggers = set(found)
                assert not {t for t in triggers if t.startswith("tr_tag_counts_")}
                assert "tr_variables_log_i" in triggers
            # a link written while at 0010 (no triggers): the upgrade counts it too
            connection.execute(text("DELETE FROM annotation_tags WHERE tag_id = :t"), {"t": quote})
            connection.commit()
    finally:
        library.close()
    open_library(location, migrate=True).close()  # up to 0011 again (a server is migrated by its admin)
    again = open_services(location, annotator="ann", backup=False)
    try:
        with again.library.reading() as session:
            rows = session.execute(text("SELECT document_id, tag_id, n FROM tag_counts")).all()
        assert sorted(tuple(r) for r in rows) == [(1, claim, 2)]
        assert again.integrity.check().problems == []
    finally:
        again.close()
