"""Revision 0012 (a PDF's page starts) undone: the table and its index go, every other table
stays; upgraded again, the table is back (empty: the pages of PDFs imported before are not
re-read) and the export's page column is empty."""

import csv

from alembic import command
from sqlalchemy import inspect, text

from annotator.services import open_services
from annotator.storage import migrate
from annotator.storage.engine import open_library
from tests.conftest import write
from tests.pdfs import make_pdf


def test_0012_downgrades_to_0011_and_upgrades_again(location, tmp_path):
    services = open_services(location, annotator="ann", backup=False)
    (outcome,) = services.documents.import_files([write(tmp_path / "a.pdf", make_pdf([["One."], ["Two, the passage."]]))])
    services.annotations.tag_quote(outcome.document.id, "the passage", ["claim"])
    services.close()
    library = open_library(location, migrate=True)
    try:
        cfg = migrate.config()
        with library.engine.connect() as connection, connection.begin():
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0011")
        with library.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            assert "document_pages" not in tables and {"tag_counts", "document_texts"} <= tables
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0011"
    finally:
        library.close()
    open_library(location, migrate=True).close()  # up to 0012 again (a server is migrated by its admin)
    again = open_services(location, annotator="ann", backup=False)
    try:
        with again.library.reading() as session:
            assert session.execute(text("SELECT count(*) FROM document_pages")).scalar_one() == 0
        out = tmp_path / "out.csv"
        assert again.exports.export_csv(out) == 1
        with out.open(encoding="utf-8", newline="") as handle:
            (row,) = csv.DictReader(handle)
        assert (row["text"], row["page"]) == ("the passage", "")  # no page known any more: empty
        assert again.integrity.check().problems == []
    finally:
        again.close()
