"""Every export format against a file a person wrote and checked (tests/data/expected/), on a
small library whose times and uuids are set to fixed values; and the `--layer` choice."""

from __future__ import annotations

import csv
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
