"""`annotator agreement` as a subprocess on a real library where two coders tagged the samples."""

import csv
import io
import json
import os
import subprocess
import sys

from annotator.domain.agreement import Unit, agreement

MEASURES = ("alpha_u", "kappa", "fleiss_kappa", "alpha_binary", "percent", "holsti", "bp_kappa")


def annotator(db, *args, user="cli-tester", check=True):
    env = {**os.environ, "ANNOTATOR_USER": user}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), *args], capture_output=True, env=env, timeout=120
    )
    if check and done.returncode != 0:
        raise AssertionError(done.stderr.decode())
    return done


def two_coders(db):
    """ann and bob tag documents 1 and 4: same passage (slightly different spans), one each alone,
    a casualty figure with counts; bob names himself with --annotator, ann with ANNOTATOR_USER."""
    annotator(db, "import", "--samples")
    annotator(db, "tag", "4", "--quote", "Armenia and Azerbaijan", "--tag", "claim", user="ann")
    annotator(db, "--annotator", "bob", "tag", "4", "--quote", "between Armenia and Azerbaijan", "--tag", "claim")
    annotator(
        db, "tag", "4", "--quote", "Karabakh", "--nth", "1", "--tag", "framing", "--field", "frame=conflict", user="ann"
    )
    annotator(
        db,
        "--annotator",
        "bob",
        "tag",
        "4",
        "--quote",
        "victory in Karabakh",
        "--nth",
        "1",
        "--tag",
        "framing",
        "--field",
        "frame=conflict",
    )
    annotator(db, "tag", "1", "--quote", "Azerbaijan", "--nth", "1", "--tag", "claim", user="ann")
    annotator(db, "--annotator", "bob", "tag", "1", "--quote", "Armenia", "--nth", "1", "--tag", "claim")
    return db


def exported_units(db):
    """The same passages, read through `annotator export` (the coder column) and `annotator text`."""
    rows = list(csv.DictReader(io.StringIO(annotator(db, "export", "--raw").stdout.decode())))
    units = [
        Unit(
            int(r["document_id"]),
            r["coder"],
            r["tag"],
            int(r["start"]),
            int(r["end"]),
            {"frame": r["frame"]} if r.get("frame") else {},
        )
        for r in rows
    ]
    lengths = {d: len(annotator(db, "text", str(d)).stdout.decode()) for d in {u.document for u in units}}
    return units, lengths


def test_agreement_json_matches_the_exported_passages(db, tmp_path):
    two_coders(db)
    out = json.loads(annotator(db, "agreement", "--format", "json").stdout)
    assert out["coders"] == ["ann", "bob"]
    rows = {row["tag"]: row for row in out["rows"]}
    assert set(rows) == {"claim", "framing", None}
    for row in rows.values():
        assert set(MEASURES) <= set(row) and {"passages", "aligned", "unmatched", "documents"} <= set(row)
    assert rows["claim"]["passages"] == {"ann": 2, "bob": 2}
    assert (rows["claim"]["aligned"], rows["claim"]["unmatched"]) == (1, 2)
    assert (rows["framing"]["aligned"], rows["framing"]["unmatched"]) == (1, 0)
    assert rows["framing"]["fields"] == {"frame": None}  # one value only: no variation to agree on
    assert rows["claim"]["documents"] == 2 and out["single_coder_documents"] == 0
    units, lengths = exported_units(db)
    expected = {r.tag: r for r in agreement(units, lengths).rows}
    for tag, row in rows.items():
        for m in MEASURES:
            want = getattr(expected[tag], m)
            assert (row[m] is None) == (want is None) and (want is None or abs(row[m] - want) < 1e-12), (tag, m)
    assert 0 < rows[None]["alpha_u"] < 1 and rows[None]["percent"] > 0.99 and rows[None]["kappa"] < 0.9


def test_agreement_table_csv_by_document_tag_and_coder_filters(db, tmp_path):
    two_coders(db)
    table = annotator(db, "agreement").stdout.decode()
    assert table.splitlines()[0].split()[:3] == ["tag", "document", "alpha_u"]
    rows = list(
        csv.DictReader(
            io.StringIO(
                annotator(
                    db, "agreement", "--format", "csv", "--by-document", "--tag", "claim", "--tag", "date"
                ).stdout.decode()
            )
        )
    )
    assert [(r["tag"], r["document"]) for r in rows] == [
        ("claim", ""),
        ("date", ""),
        ("(all tags)", ""),
        ("claim", "1"),
        ("date", "1"),
        ("(all tags)", "1"),
        ("claim", "4"),
        ("date", "4"),
        ("(all tags)", "4"),
    ]
    date = rows[1]
    assert all(date[m] == "" for m in MEASURES)  # nobody used it: undefined, not 1
    assert rows[3]["holsti"] == "0.0000" and rows[3]["passages_ann"] == "1"
    only_doc_1 = json.loads(annotator(db, "agreement", "--doc", "1", "--format", "json").stdout)
    assert only_doc_1["rows"][0]["passages"] == {"ann": 1, "bob": 1}
    assert only_doc_1["rows"][0]["alpha_u"] < 0  # two different words: worse than chance


def test_agreement_refuses_with_one_sentence(db, tmp_path):
    two_coders(db)
    for args, words in (
        (("--tag", "nonsense"), "no tag named 'nonsense'"),
        (("--doc", "99"), "no document 99"),
        (("--coders", "ann"), "two coders or more"),
        (("--coders", "ann,zoe"), "no coder 'zoe'"),
    ):
        done = annotator(db, "agreement", *args, check=False)
        error = done.stderr.decode()
        assert done.returncode != 0 and words in error and "Traceback" not in error, (args, error)
        assert len(error.strip().splitlines()) == 1
