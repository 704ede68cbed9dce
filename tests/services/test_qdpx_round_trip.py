"""REFI-QDA round trip: export → import into a new library → export gives the same rows (the CSV,
byte for byte, but for the two columns that are a library's own numbering: annotation_id and
document_id), the same document variables and values; every project validated against the
QDA-XML schema."""

from __future__ import annotations

import csv
import dataclasses
import io
import uuid
import zipfile
from pathlib import Path

from annotator.domain.models import DocumentMeta
from annotator.services import open_services
from annotator.services.exports import ExportOptions
from tests.conftest import write
from tests.rawdb import RawDB

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "refi-qda"
TEXT = 'BAKU \U0001f600\U0001d400 — Три said: the ceasefire held.\nOfficials said "=SUM(A1)" today.\n'
OTHER = "Second article: talks resumed in Geneva.\n"
LOCAL = ("annotation_id", "document_id")  # a library's own numbering: not part of the exchange


def valid(path: Path) -> None:
    from lxml import etree  # a test dependency: never skipped

    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "Project-mrt2019.xsd")))
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    assert schema.validate(document), schema.error_log


def csv_without_local_ids(services, path: Path) -> str:
    services.exports.export(path, ExportOptions())
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    keep = [i for i, name in enumerate(rows[0]) if name not in LOCAL]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([[row[i] for i in keep] for row in rows])
    return out.getvalue()


def library(services, location, tmp_path: Path):
    one = services.documents.import_file(write(tmp_path / "talk.txt", TEXT)).document
    two = services.documents.import_file(write(tmp_path / "geneva.txt", OTHER)).document
    services.documents.set_meta(
        one.id, DocumentMeta("Talk", "Trend News Agency", "2025-09", "BAKU", "https://x.test/1", "en")
    )
    services.documents.set_meta(two.id, DocumentMeta("Geneva", "AP", "2025-09-25", "", "", ""))
    # past the astral characters (code points, not UTF-16 units), a note with newlines and a CR
    services.annotations.tag_quote(one.id, "the ceasefire held", ["claim", "framing"], note="first line\nsecond\r\nthird")
    services.annotations.tag_quote(one.id, "\U0001d400", ["quote"], fields={"speaker": "@mood"})
    services.coders.switch("Ann Lee")
    services.annotations.tag_quote(one.id, "the ceasefire", ["claim"], note="Ann's")
    services.annotations.tag_quote(two.id, "Geneva", ["date"], note="<&>\"'", fields={"date": "2025-09-25"})
    services.coders.add("Cura Tor", lead=True)
    with RawDB(location) as db:  # a curator's gold passage, as adjudication writes it
        curator = db.scalar("SELECT id FROM coders WHERE login = 'cura_tor'")
        start = TEXT.index("Officials")
        db.run(
            "INSERT INTO annotations (document_id, start_offset, end_offset, quote, prefix, suffix, note, coder_id, "
            "uuid, layer, created_at, updated_at, fields) VALUES (:d, :s, :e, 'Officials', :p, :x, '', :c, :u, 'gold', "
            "'2026-01-02T03:04:05.000Z', '2026-01-03T03:04:05.000Z', '')",
            d=one.id,
            s=start,
            e=start + 9,
            p=TEXT[max(0, start - 32) : start],
            x=TEXT[start + 9 : start + 9 + 32],
            c=curator,
            u=str(uuid.uuid4()),
        )
        gold = db.scalar("SELECT id FROM annotations WHERE layer = 'gold'")
        tag = db.scalar("SELECT id FROM tags WHERE name = 'claim'")
        db.run("INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (:a, :t)", a=gold, t=tag)
    services.variables.define("outlet_type", "choice", "state|private|foreign")
    services.variables.define("score", "number")
    services.variables.define("issued", "date")
    services.variables.define("remark", "text")
    services.variables.set_values([one.id], {"outlet_type": "state", "score": "2.5", "issued": "2025-09", "remark": "a\nb"})
    services.variables.set_values([two.id], {"outlet_type": "foreign", "score": "-3"})
    return services


def test_export_import_export_gives_the_same_rows(services, location, new_location, tmp_path):
    library(services, location, tmp_path)
    exported = tmp_path / "project.qdpx"
    services.exports.export(exported, ExportOptions(format="qdpx"))
    valid(exported)
    before = csv_without_local_ids(services, tmp_path / "before.csv")
    assert before.count("\n") > 5 and "gold" in before

    again = open_services(new_location())
    try:
        report = again.refi.import_project(exported)
        assert report.problems == [] and report.skipped == {}
        assert report.added["annotations"] == 5 and report.added["documents"] == 2
        assert csv_without_local_ids(again, tmp_path / "after.csv") == before
        second = tmp_path / "second.qdpx"
        again.exports.export(second, ExportOptions(format="qdpx"))
        with zipfile.ZipFile(exported) as a, zipfile.ZipFile(second) as b:
            # the same project: only the order of the users may differ (first seen in the rows)
            assert a.namelist() == b.namelist()
            assert sorted(a.read("project.qde").splitlines()) == sorted(b.read("project.qde").splitlines())

        def variables(s):
            found = {v.name: (v.kind, v.choices) for v in s.variables.variables()}
            titles = {d.id: d.meta.title for d in s.documents.list()}
            values = {titles[d]: dict(v) for d, v in s.variables.values().items()}
            metas = sorted((dataclasses.astuple(d.meta), d.filename) for d in s.documents.list())
            return found, values, metas

        assert variables(again) == variables(services)
    finally:
        again.close()


def test_a_document_without_passages_is_in_the_project_and_comes_back(services, location, tmp_path):
    """A project is its documents: one nobody has tagged yet was left out of the .qdpx (a source
    was written only when a passage of it came), so the round trip lost it."""
    tagged = services.documents.import_file(write(tmp_path / "talk.txt", TEXT)).document
    untagged = services.documents.import_file(write(tmp_path / "geneva.txt", OTHER)).document
    services.documents.set_meta(untagged.id, DocumentMeta("Geneva", "AP", "2025-09-25", "", "", ""))
    services.annotations.tag_quote(tagged.id, "the ceasefire held", ["claim"])
    out = tmp_path / "project.qdpx"
    services.exports.export(out, ExportOptions(format="qdpx"))
    valid(out)
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("sources/")) == sorted(
            [TEXT, OTHER]
        )
    again = open_services(str(tmp_path / "again.annotator"), backup=False)
    try:
        again.refi.import_project(out)
        back = {d.meta.title: d for d in again.documents.list()}
        assert set(back) == {tagged.meta.title, "Geneva"}
        assert (back["Geneva"].meta.source, back["Geneva"].meta.published) == ("AP", "2025-09-25")
        assert again.documents.text(back["Geneva"].id) == OTHER
    finally:
        again.close()


def test_a_tag_of_this_library_comes_back_with_its_fields(services, location, tmp_path):
    """A tag's fields have no place in QDA-XML: the import made the tag without them, so its
    passages' values had no column in the new library's export (and nothing said so). They end
    the Code's Description now, in a .qdpx and a .qdc alike, and come back."""
    from annotator.domain.fields import parse_specs
    from annotator.domain.models import TagSpec

    document = services.documents.import_file(write(tmp_path / "talk.txt", TEXT)).document
    services.codebook.add(TagSpec("stance", "#123456", "", "How the outlet leans.", parse_specs("polarity:neg|pos; who")))
    services.annotations.tag_quote(document.id, "the ceasefire held", ["stance"], fields={"polarity": "neg", "who": "Три"})
    out = tmp_path / "project.qdpx"
    services.exports.export(out, ExportOptions(format="qdpx"))
    valid(out)
    again = open_services(str(tmp_path / "again.annotator"), backup=False)
    try:
        report = again.refi.import_project(out)
        assert not report.problems
        stance = again.codebook.by_name("stance")
        assert (stance.description, stance.fields) == ("How the outlet leans.", parse_specs("polarity:neg|pos; who"))
        assert csv_without_local_ids(again, tmp_path / "b.csv") == csv_without_local_ids(services, tmp_path / "a.csv")
    finally:
        again.close()
    codebook = tmp_path / "codebook.qdc"
    services.refi.export_codebook(codebook)
    third = open_services(str(tmp_path / "third.annotator"), backup=False)
    try:
        third.refi.import_codebook(codebook)
        assert third.codebook.by_name("stance").fields == parse_specs("polarity:neg|pos; who")
        assert third.codebook.by_name("casualty figure").fields == services.codebook.by_name("casualty figure").fields
    finally:
        third.close()
