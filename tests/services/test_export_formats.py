"""Every export format against a file a person wrote and checked (tests/data/expected/), on a
small library whose times and uuids are set to fixed values; and the `--layer` choice."""

from __future__ import annotations

import csv
import importlib
import json
from pathlib import Path

import pytest

from annotator.services.exports import ExportOptions
from tests.conftest import write
from tests.rawdb import RawDB

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "expected"
TEXT = 'Ceasefire talk\nOfficials said \U0001f600 "=SUM(A1)" was -5 today.\n'
FIXED = "2026-01-02T03:04:05.000Z"


@pytest.fixture
def small(services, location, tmp_path):
    """One document, two coder passages (one with a field value), one gold passage by the curator."""
    document = services.documents.import_file(write(tmp_path / "talk.txt", TEXT)).document
    ids = {t.name: t.id for t in services.codebook.tags()}
    services.annotations.tag_quote(document.id, '"=SUM(A1)"', ["claim", "quote"], note="=1+1")
    emoji = TEXT.index("\U0001f600")
    services.annotations.tag(document.id, emoji, emoji + 1, [ids["quote"]], fields={"speaker": "@mood"})
    services.coders.add("Cura Tor", lead=True)
    with RawDB(location) as db:
        curator = db.scalar("SELECT id FROM coders WHERE login = 'cura_tor'")
        start = TEXT.index("-5")
        db.run(
            "INSERT INTO annotations (document_id, start_offset, end_offset, quote, prefix, suffix, note, coder_id, "
            "uuid, layer, created_at, updated_at, fields) VALUES (:d, :s, :e, '-5', 'was ', ' today', 'agreed', "
            ":c, 'gold-1', 'gold', 't', 't', '')",
            d=document.id,
            s=start,
            e=start + 2,
            c=curator,
        )
        gold = db.scalar("SELECT id FROM annotations WHERE uuid = 'gold-1'")
        db.run("INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (:a, :t)", a=gold, t=ids["casualty figure"])
        db.run("UPDATE annotations SET created_at = :f, updated_at = :f, uuid = 'uuid-' || id", f=FIXED)
    return services


@pytest.mark.parametrize(
    ("expected", "options"),
    [
        ("small.csv", ExportOptions()),
        ("small-excel.csv", ExportOptions(excel=True)),
        ("small.jsonl", ExportOptions(format="jsonl")),
        ("small.jsonld", ExportOptions(format="jsonld")),
    ],
)
def test_each_format_writes_the_checked_file(small, tmp_path, expected, options):
    out = tmp_path / expected
    assert small.exports.export(out, options) == 4
    assert out.read_bytes() == (EXPECTED / expected).read_bytes()


@pytest.mark.parametrize(
    ("layer", "ids"),
    [
        ("", ["2", "1", "1", "3"]),
        ("gold", ["3"]),
        ("coders", ["2", "1", "1"]),
        ("cura_tor", []),
        ("tester", ["2", "1", "1"]),
    ],
)
def test_layer_chooses_gold_coders_or_one_coder(small, tmp_path, layer, ids):
    out = tmp_path / "out.csv"
    assert small.exports.export(out, ExportOptions(layer=layer)) == len(ids)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["annotation_id"] for row in rows] == ids
    assert {row["layer"] for row in rows} <= {"gold" if layer == "gold" else "coder", *([] if layer else ["gold"])}
    if layer == "gold":
        assert {row["coder"] for row in rows} == {"cura_tor"}  # the curator's


# --- W3C Web Annotation: every annotation against the W3C conformance schemas ------------------
# A copy of the W3C's web-annotation-tests (annotations/ and definitions/; dual W3C test suite / BSD
# licence, see its license.md), so the check runs on every machine, never skipped.
W3C = Path(__file__).resolve().parents[1] / "data" / "w3c-web-annotation-tests"
# Beyond the model's MUSTs: the two selectors we write are valid where present.
SELECTORS = (
    "annotations/specificResource/4.2.4-textQuoteSelectorValid.json",
    "annotations/specificResource/4.2-TextDataPositionSelectorValid.json",
    "annotations/specificResource/4.2-selectorValidIfPresent.json",
)


def w3c_assertions():
    """(name, validator, expected valid?) for every MUST assertion and the selector checks; the
    schemas refer to each other by file name (draft-04)."""
    json_schema = importlib.import_module("jsonschema")  # a test dependency: never skipped
    referencing = importlib.import_module("referencing")  # a test dependency: never skipped
    from referencing.jsonschema import DRAFT4

    registry = referencing.Registry().with_resources(
        (path.name, DRAFT4.create_resource(json.loads(path.read_text(encoding="utf-8"))))
        for path in W3C.rglob("*.json")
        if "samples" not in path.parts
    )
    musts = json.loads((W3C / "annotations" / "annotationMusts.test").read_text(encoding="utf-8"))["assertions"]
    found = []
    for name in (*musts, *SELECTORS):
        schema = json.loads((W3C / name).read_text(encoding="utf-8"))
        validator = json_schema.Draft4Validator(schema, registry=registry)
        found.append((name, validator, schema.get("expectedResult", "valid") == "valid"))
    return found


def test_every_exported_annotation_meets_the_w3c_must_assertions(small, tmp_path):
    out = tmp_path / "out.jsonld"
    small.exports.export(out, ExportOptions(format="jsonld"))
    collection = json.loads(out.read_text(encoding="utf-8"))
    items = collection["first"]["items"]
    assertions = w3c_assertions()
    assert len(items) == 3 and len(assertions) == 57
    text = small.documents.text(1)
    for item in items:
        failed = [name for name, validator, valid in assertions if validator.is_valid(item) != valid]
        assert failed == []
        quote, position = item["target"]["selector"]
        assert text[position["start"] : position["end"]] == quote["exact"]  # code points


def test_the_w3c_check_can_fail(small, tmp_path):
    """The check above is not vacuous: an annotation without @context, or with body and bodyValue
    both, fails exactly those assertions."""
    out = tmp_path / "out.jsonld"
    small.exports.export(out, ExportOptions(format="jsonld"))
    item = json.loads(out.read_text(encoding="utf-8"))["first"]["items"][0]
    assertions = w3c_assertions()

    def failing(annotation):
        return [name.rsplit("/", 1)[1] for name, v, valid in assertions if v.is_valid(annotation) != valid]

    assert failing({k: v for k, v in item.items() if k != "@context"}) == ["3.1-annotationContextValidated.json"]
    assert "3.2.5-notBodyBodyValue.json" in failing({**item, "bodyValue": "x"})


def test_document_variables_are_the_last_columns_of_csv_jsonl_and_xlsx_and_not_in_json_ld(small, tmp_path):
    """Decision 042: one column per document variable, `var:NAME`, after the field columns, in
    the variables' order; a document without a value has an empty cell. JSON-LD's annotations
    carry none (they describe passages): its bytes stay the checked file's."""
    import openpyxl

    small.variables.define("stance", "choice", "critical|neutral")
    small.variables.define("kind")  # a variable may share a tag field's name: the prefix tells them apart
    small.variables.set_values([1], {"stance": "critical", "kind": "=wire"})
    csv_out = tmp_path / "v.csv"
    assert small.exports.export(csv_out, ExportOptions()) == 4
    header, *rows = list(csv.reader(csv_out.open(encoding="utf-8", newline="")))
    checked = next(csv.reader((EXPECTED / "small.csv").open(encoding="utf-8", newline="")))
    assert header == [*checked, "var:stance", "var:kind"]
    assert {tuple(r[-2:]) for r in rows} == {("critical", "=wire")}
    assert small.exports.export(tmp_path / "v.jsonl", ExportOptions(format="jsonl")) == 4
    lines = [json.loads(line) for line in (tmp_path / "v.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(r["var:stance"], r["var:kind"]) for r in lines} == {("critical", "=wire")}
    assert list(lines[0])[-2:] == ["var:stance", "var:kind"]
    assert small.exports.export(tmp_path / "v.xlsx", ExportOptions(format="xlsx")) == 4
    sheet = openpyxl.load_workbook(tmp_path / "v.xlsx").worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0][-2:]) == ["var:stance", "var:kind"] and values[1][-2:] == ("critical", "=wire")
    assert sheet.cell(2, len(values[0])).data_type == "s"  # text, never a formula
    assert small.exports.export(tmp_path / "v.jsonld", ExportOptions(format="jsonld")) == 4
    assert (tmp_path / "v.jsonld").read_bytes() == (EXPECTED / "small.jsonld").read_bytes()


def _xlsx_cells(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's cells as (value, Excel's type) pairs: what a spreadsheet shows and keeps."""
    import openpyxl  # a test dependency: never skipped

    book = openpyxl.load_workbook(path)
    return {
        sheet.title: [
            [[str(c.value) if c.value is not None else None, c.data_type] for c in row] for row in sheet.iter_rows()
        ]
        for sheet in book.worksheets
    }


def _qdpx_parts(path: Path) -> dict[str, str]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in sorted(archive.namelist())}


@pytest.mark.parametrize(
    ("expected", "fmt", "read"),
    [("small.xlsx.json", "xlsx", _xlsx_cells), ("small.qdpx.json", "qdpx", _qdpx_parts)],
)
def test_the_binary_formats_hold_the_checked_content(small, tmp_path, expected, fmt, read):
    """XLSX and REFI-QDA too against checked files: every sheet's cells with their types, and the
    project's XML and source texts (stable GUIDs), on both backends."""
    out = tmp_path / f"out.{fmt}"
    assert small.exports.export(out, ExportOptions(format=fmt)) == 4
    assert read(out) == json.loads((EXPECTED / expected).read_text(encoding="utf-8"))
