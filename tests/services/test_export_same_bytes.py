"""The CSV export writes the same bytes from SQLite and from PostgreSQL (which exports through the
server's COPY, decision 033): one library, copied to a server with its ids, UUIDs and times, and
exported from both on awkward text — quotes, commas, line breaks inside cells, a lone \\r in a
note, cells starting with = + - @, astral characters, empty cells and a cell reading \\N (psql's
NULL). NUL cannot be stored on PostgreSQL at all (tests/services/test_nul.py)."""

from __future__ import annotations

import csv

import pytest

from annotator.domain.fields import FieldSpec
from annotator.domain.models import DocumentMeta, TagSpec
from annotator.services import open_services
from annotator.services.copy import copy_library
from annotator.services.exports import ExportOptions
from tests.conftest import write
from tests.pdfs import make_pdf

TEXT = (
    '=SUM(A1) said "the minister", then: +7 dead, -3 hurt; @press asked.\n'
    "A line with 𝐀 and 😀 and 🇦🇿, a comma, \"quoted\", and 'single'.\n"
    "\n"
    "\\N\n"
    "last line, with \t a tab and trailing spaces   "
)


def _library(path, *, with_fields, with_variables=False):
    services = open_services(str(path), annotator='O"Brien, =lead', backup=False)
    (outcome,) = services.documents.import_files([write(path.parent / "awkward.txt", TEXT)])
    doc = outcome.document.id
    services.documents.set_meta(doc, DocumentMeta(title='"Title", with =formula\nand a line', source="@source"))
    spec = TagSpec('say "hi", =tag', "#123456", fields=(FieldSpec("who"),) if with_fields else ())
    tag = services.codebook.add(spec)[0].id
    claim = services.codebook.by_name("claim").id
    text = services.documents.text(doc)
    spans = [(0, 8), (0, 40), (20, 90), (text.index("𝐀"), text.index("🇦🇿") + 2), (text.index("\\N"), text.index("\\N") + 2)]
    for n, (start, end) in enumerate(spans):
        made = services.annotations.tag(doc, start, end, [claim, tag]).annotation
        notes = ["", "=1+1", "two\nlines", "carriage\rreturn and \r\n both", "\\N"]
        services.annotations.set_note(made.id, notes[n])
        if with_fields and n % 2:
            services.annotations.set_fields(made.id, {"who": ["-x", '"y"\n', "", "\\N", "@z"][n]})
    # A PDF of three pages (revision 0012): its rows' page column is 1, 2, 3; the text file's empty.
    pages = [["First, page one."], ["Second, page two."], ["Third, page three."]]
    (pdf,) = services.documents.import_files([write(path.parent / "paged.pdf", make_pdf(pages))])
    for quote in ("First", "page two", "Third"):
        services.annotations.tag_quote(pdf.document.id, quote, ["claim"])
    if with_variables:  # document variables' columns (decision 042): awkward values, and none
        services.variables.define("outlet_type", "choice", "state|private")
        services.variables.define("remark")
        services.variables.set_values([doc], {"outlet_type": "state", "remark": '=2+2, "quoted"\nand a line'})
        services.variables.set_values([pdf.document.id], {"remark": "\\N"})
    services.close()
    return str(path)


@pytest.mark.parametrize(
    ("with_fields", "with_variables"),
    [(False, False), (True, False), (False, True), (True, True)],
    ids=["no-field-values", "field-values", "variables", "field-values-and-variables"],
)
def test_sqlite_and_postgresql_write_the_same_csv_bytes(postgres_server, tmp_path, with_fields, with_variables):
    source = _library(tmp_path / "lib.sqlite3", with_fields=with_fields, with_variables=with_variables)
    target = postgres_server.database()
    try:
        copy_library(source, target)
        outs = {}
        for name, location in (("sqlite", source), ("postgresql", target)):
            services = open_services(location, backup=False)
            try:
                for flavour, options in (("csv", ExportOptions()), ("excel", ExportOptions(excel=True))):
                    outs[name, flavour] = tmp_path / f"{name}-{flavour}.csv"
                    assert services.exports.export_csv(outs[name, flavour], options) == 13
            finally:
                services.close()
        for flavour in ("csv", "excel"):
            sqlite_bytes = outs["sqlite", flavour].read_bytes()
            assert b"\r\n" in sqlite_bytes and "😀".encode() in sqlite_bytes and b'"two\nlines"' in sqlite_bytes
            assert outs["postgresql", flavour].read_bytes() == sqlite_bytes
        with outs["sqlite", "csv"].open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [row["page"] for row in rows] == [""] * 10 + ["1", "2", "3"]
        if with_variables:
            # One line: a value is normalised when it is set.
            assert [row["var:remark"] for row in rows] == ['=2+2, "quoted" and a line'] * 10 + ["\\N"] * 3
            assert [row["var:outlet_type"] for row in rows] == ["state"] * 10 + [""] * 3
            assert list(rows[0])[-2:] == ["var:outlet_type", "var:remark"]
    finally:
        postgres_server.drop(target)


def test_more_rows_than_one_chunk_of_the_servers_copy(postgres_server, tmp_path):
    """The server's CSV is gathered in chunks of 5,000 rows (storage.server_csv): 12,000 rows,
    many with a line break inside a cell, come out as the SQLite export writes them — no row lost,
    doubled or cut at a chunk's edge."""
    import random

    from benchmarks.data import add_annotations

    from tests.reliability.conftest import sample_library

    source = sample_library(tmp_path / "lib.sqlite3")
    services = open_services(str(source), backup=False)
    try:
        rng, next_id = random.Random(38), 1
        for document in services.documents.list():
            text = services.documents.text(document.id)
            next_id = add_annotations(services.library, document.id, text, 2_000, rng, [1, 2, 3], next_id, (1, 2))
    finally:
        services.close()
    target = postgres_server.database()
    try:
        copy_library(str(source), target)
        outs = {}
        for name, location in (("sqlite", str(source)), ("postgresql", target)):
            services = open_services(location, backup=False)
            try:
                outs[name] = tmp_path / f"{name}.csv"
                outs[name + " rows"] = services.exports.export_csv(outs[name])
            finally:
                services.close()
        assert outs["sqlite rows"] == outs["postgresql rows"] > 10_000
        sqlite_bytes = outs["sqlite"].read_bytes()
        assert sqlite_bytes.count(b"\r\n") == outs["sqlite rows"] + 1 < sqlite_bytes.count(b"\n")
        assert outs["postgresql"].read_bytes() == sqlite_bytes
    finally:
        postgres_server.drop(target)
