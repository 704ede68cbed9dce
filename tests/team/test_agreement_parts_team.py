"""Agreement in parts on a team library (decision 039): each worker logs in as the coder who asked,
so row security applies to its rows as to the coder's own; the blind documents stay out of every
part, and the parts give the one-process report to the last bit."""

from __future__ import annotations

from annotator.services import agreement_parts
from annotator.services.agreement import AgreementOptions, AgreementService

QUOTES = ("Armenia", "Azerbaijan", "Karabakh", "the")


def test_a_coders_agreement_in_parts_leaves_the_blind_documents_out(team, monkeypatch):
    for login, nth in ((team.alice, 1), (team.bob, 2)):
        services = team.services(login)
        try:
            for document in (1, 2, 3, 4):
                text = services.documents.text(document)
                for quote in QUOTES:
                    if text.count(quote) >= 2:  # the same claim; a framing on different occurrences
                        services.annotations.tag_quote(document, quote, ["claim"], nth=1)
                        services.annotations.tag_quote(document, quote, ["framing"], nth=nth)
        finally:
            services.close()
    lead = team.services(team.lead)
    try:
        lead.documents.reveal([3, 4])
        revealed = AgreementService(lead.library).compute(AgreementOptions(document_ids=(3, 4)))
    finally:
        lead.close()
    bob = team.services(team.bob)
    try:
        service = AgreementService(bob.library)
        one = service.compute(AgreementOptions())
        monkeypatch.setattr(agreement_parts, "PARALLEL_FROM", 2)
        monkeypatch.setattr(agreement_parts, "CORES", 2)
        parts = service.compute(AgreementOptions())
    finally:
        bob.close()
    assert one.notes == ("2 documents still blind left out (the lead's until revealed)",)
    assert parts == one
    assert parts.rows == revealed.rows  # alice's rows in the revealed documents: bob's worker sees them
