"""REFI-QDA codebook alone (.qdc): exported valid against the QDA-XML codebook schema, imported
into another library's codebook (tags matched by name, a difference said, this library's kept);
a file that is not a codebook refused with the codebook untouched."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotator.domain.models import TagSpec
from annotator.services import UserError, open_services

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "refi-qda"
G = "{:08x}-0000-4000-8000-{:012x}"


def test_a_codebook_goes_out_valid_and_comes_back_by_name(services, new_location, tmp_path):
    from lxml import etree  # a test dependency: never skipped

    services.codebook.add(TagSpec("Actors & <roles>", "#123ABC", "", 'who acts: "officials"\r\nand others'))
    out = tmp_path / "codebook.qdc"
    assert services.refi.export_codebook(out) == 6
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "Codebook-mrt2019.xsd")))
    assert schema.validate(etree.parse(str(out))), schema.error_log

    other = open_services(new_location())
    try:
        claim = other.codebook.by_name("claim")
        other.codebook.change(claim.id, replace(claim.spec, color="#000000"))  # differs from the file's
        report = other.refi.import_codebook(out)
        assert report.added == {"tags": 1} and report.already == {"tags": 5}
        assert report.notes == ["code 'claim': its colour differs here; this library's kept"]
        mine = {t.name: (t.color.upper(), t.description) for t in other.codebook.tags()}
        theirs = {t.name: (t.color.upper(), t.description) for t in services.codebook.tags()}
        assert mine == {**theirs, "claim": ("#000000", theirs["claim"][1])}
        assert mine["Actors & <roles>"] == ("#123ABC", 'who acts: "officials"\r\nand others')
        assert other.refi.import_codebook(out).added == {}  # again: nothing new
    finally:
        other.close()


def test_nested_codes_become_tags_of_their_own(services, tmp_path):
    path = tmp_path / "nested.qdc"
    path.write_text(
        '<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f'<Code guid="{G.format(1, 1)}" name="Actors" isCodable="false" color="#abc">'
        f'<Code guid="{G.format(2, 2)}" name="officials" isCodable="true"/></Code></Codes></CodeBook>',
        encoding="utf-8",
    )
    report = services.refi.import_codebook(path)
    assert report.added == {"tags": 2}
    assert report.notes == ["code 'officials' was under 'Actors': a tag of its own (tags are not nested)"]
    assert services.codebook.by_name("Actors").color.upper() == "#AABBCC"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not xml at all", "is not a REFI-QDA codebook: not XML"),
        ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "is not a valid REFI-QDA codebook"),
        (
            '<!DOCTYPE CodeBook [<!ENTITY x "y">]><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            f'<Code guid="{G.format(1, 1)}" name="&x;" isCodable="true"/></Codes></CodeBook>',
            "declares a DTD (refused: entities are never expanded)",
        ),
    ],
)
def test_a_file_that_is_not_a_codebook_is_refused_and_nothing_changes(services, tmp_path, content, reason):
    before = services.codebook.tags()
    path = tmp_path / "bad.qdc"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as refused:
        services.refi.import_codebook(path)
    assert str(refused.value).startswith(f"{path}: ") and reason in str(refused.value)
    assert services.codebook.tags() == before
