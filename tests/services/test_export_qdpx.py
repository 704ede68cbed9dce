"""REFI-QDA export: the project XML validated against the QDA-XML 1.0 schema (lxml), and read
back by an independent reader (pyrefiqda) whose positions are checked against the texts."""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path

from annotator.services.exports import ExportOptions
from tests.services.test_export_formats import TEXT, small  # noqa: F401  (the fixture)

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "refi-qda"  # QDA-XML 1.0 (see its README.txt)


def test_qdpx_is_valid_qda_xml_and_reads_back_with_exact_positions(small, tmp_path):  # noqa: F811
    etree = importlib.import_module("lxml.etree")  # a test dependency: never skipped
    refi = importlib.import_module("pyrefiqda")  # a test dependency: never skipped
    out = tmp_path / "project.qdpx"
    assert small.exports.export(out, ExportOptions(format="qdpx")) == 4
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        qde = archive.read("project.qde")
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "Project-mrt2019.xsd")))
    document = etree.fromstring(qde)
    assert schema.validate(document), schema.error_log
    assert len([n for n in names if n.startswith("sources/")]) == 1

    project = refi.RefiProject.load(out, extract_dir=str(tmp_path / "unpacked"))
    (source,) = project.sources.text_source
    text = (tmp_path / "unpacked" / "sources" / source.plain_text_path.split("//", 1)[1]).read_text(encoding="utf-8")
    assert text == TEXT
    codes = {code.guid: code.name for code in project.code_book.codes.code}
    found = [
        (
            text[int(s.start_position) : int(s.end_position)],
            sorted(codes[c.code_ref.target_guid] for c in s.coding),
            s.description,
        )
        for s in source.plain_text_selection
    ]
    assert found == [
        ("\U0001f600", ["quote"], None),
        ('"=SUM(A1)"', ["claim", "quote"], "=1+1"),
        ("-5", ["casualty figure"], "agreed"),
    ]
    # the gold layer's passages are its curator's under a user of their own (QDA-XML has no layers)
    assert {(user.name, user.id) for user in project.users.user} == {
        ("tester", "tester"),
        ("Cura Tor (gold)", "gold:cura_tor"),
    }


def test_qdpx_ids_are_stable(small, tmp_path):  # noqa: F811
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    small.exports.export(first, ExportOptions(format="qdpx"))
    small.exports.export(second, ExportOptions(format="qdpx"))
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read("project.qde") == b.read("project.qde") and a.namelist() == b.namelist()


def test_a_control_character_in_a_passage_or_note_still_gives_well_formed_xml(services, tmp_path):
    """A form feed from a PDF's text, in a passage's name and its note: XML 1.0 forbids it, and one
    such character made project.qde unreadable to every other tool. The source text stays exact."""
    from xml.etree import ElementTree

    from tests.conftest import write

    text = "Page one ends here.\x0cPage two begins."
    document = services.documents.import_file(write(tmp_path / "pages.txt", text)).document
    services.annotations.tag_quote(document.id, "here.\x0cPage two", ["claim"], note="a\x0cb\x1b")
    out = tmp_path / "project.qdpx"
    services.exports.export(out, ExportOptions(format="qdpx"))
    with zipfile.ZipFile(out) as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))  # raised "not well-formed" before
        (source,) = [n for n in archive.namelist() if n.startswith("sources/")]
        assert archive.read(source).decode("utf-8") == text
    (selection,) = root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")
    assert selection.get("name") == "here.\ufffdPage two"
    assert text[int(selection.get("startPosition")) : int(selection.get("endPosition"))] == "here.\x0cPage two"
