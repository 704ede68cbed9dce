"""Agreement on a team library while documents are blind: the lead gets the figures, a blind coder
gets one sentence — never a figure computed from the only rows row security shows them (their own)."""

from __future__ import annotations

import json


def test_the_lead_gets_figures_for_blind_documents(coded):
    report = json.loads(coded.cli(coded.lead, "agreement", "--doc", "4", "--format", "json").stdout)
    assert sorted(report["coders"]) == sorted([coded.alice, coded.bob])
    assert report["rows"][-1]["documents"] == 1


def test_a_blind_coder_is_told_the_document_is_blind_whatever_coders_they_name(coded):
    for args in (("--doc", "4"), ("--doc", "4", "--coders", f"{coded.alice},{coded.bob}"), ()):
        refused = coded.cli(coded.bob, "agreement", *args, check=False)
        error = refused.stderr.strip()
        assert refused.returncode == 1 and "blind" in error and "lead" in error, (args, error)
        assert len(error.splitlines()) == 1 and "Traceback" not in error


def test_a_coder_gets_figures_on_revealed_documents_and_is_told_what_was_left_out(coded):
    coded.cli(coded.lead, "reveal", "4")
    lead = json.loads(coded.cli(coded.lead, "agreement", "--format", "json").stdout)
    done = coded.cli(coded.bob, "agreement", "--format", "json")
    mine = json.loads(done.stdout)
    assert mine["rows"] == lead["rows"] and mine["coders"] == lead["coders"]
    assert "3 documents still blind" in done.stderr  # documents 1, 2 and 3: the lead's until revealed
