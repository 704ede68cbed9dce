"""`annotator disagreements` as a subprocess: each coder's span and text, the kind, the filters."""

import csv
import io

from tests.cli.test_agreement_cli import annotator, two_coders


def listed(db, *args):
    return list(csv.DictReader(io.StringIO(annotator(db, "disagreements", "--format", "csv", *args).stdout.decode())))


def test_disagreements_list_each_coders_span_and_text(db, tmp_path):
    two_coders(db)
    annotator(db, "tag", "1", "--quote", "Armenia", "--nth", "2", "--tag", "claim", user="ann")
    annotator(db, "--annotator", "bob", "tag", "1", "--quote", "Armenia", "--nth", "2", "--tag", "claim")
    rows = listed(db)
    assert list(rows[0])[:3] == ["document", "tag", "kind"]
    assert {"ann_start", "ann_end", "ann_text", "bob_start", "bob_end", "bob_text", "missing"} <= set(rows[0])
    seen = [(r["document"], r["tag"], r["kind"], r["ann_text"], r["bob_text"], r["missing"]) for r in rows]
    # document 1: each marked a different word (two passages only one coder marked); the second
    # "Armenia" both marked identically is no disagreement. Document 4: overlapping spans.
    assert ("1", "claim", "missing", "Azerbaijan", "", "bob") in seen
    assert ("1", "claim", "missing", "", "Armenia", "ann") in seen
    assert ("4", "claim", "span", "Armenia and Azerbaijan", "between Armenia and Azerbaijan", "") in seen
    assert ("4", "framing", "span", "Karabakh", "victory in Karabakh", "") in seen
    assert len(rows) == 4
    for r in rows:
        for coder in ("ann", "bob"):
            if r[f"{coder}_text"]:
                assert int(r[f"{coder}_end"]) - int(r[f"{coder}_start"]) == len(r[f"{coder}_text"])
    assert [r["tag"] for r in listed(db, "--tag", "framing")] == ["framing"]
    assert {r["document"] for r in listed(db, "--doc", "1")} == {"1"}
    assert len(listed(db, "--coders", "bob,ann")) == 4
    table = annotator(db, "disagreements").stdout.decode()
    assert table.splitlines()[0].split()[:3] == ["document", "tag", "kind"]
