"""REFI-QDA export: the project XML validated against the QDA-XML 1.0 schema (lxml), and read
back by an independent reader (pyrefiqda) whose positions are checked against the texts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotator.services.exports import ExportOptions
from tests.services.test_export_formats import TEXT, small  # noqa: F401  (the fixture)

SCHEMAS = Path("/work/shared/refi-qda")
if not SCHEMAS.is_dir():
    SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "refi-qda"


def test_qdpx_is_valid_qda_xml_and_reads_back_with_exact_positions(small, tmp_path):  # noqa: F811
    etree = pytest.importorskip("lxml.etree")
    refi = pytest.importorskip("pyrefiqda")
    if not SCHEMAS.is_dir():
        pytest.skip("the REFI-QDA schemas are not beside the project")
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
    assert {user.name for user in project.users.user} == {"tester", "Cura Tor"}


def test_qdpx_ids_are_stable(small, tmp_path):  # noqa: F811
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    small.exports.export(first, ExportOptions(format="qdpx"))
    small.exports.export(second, ExportOptions(format="qdpx"))
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read("project.qde") == b.read("project.qde") and a.namelist() == b.namelist()
