"""Search on a team library: a blind coder's passage and note search sees only their own rows,
because row-level security hides the others' (nothing in the search code filters by coder)."""

from annotator.services.search import Filters, Scope


def _found(team, login, query, scope):
    services = team.services(login)
    try:
        return [(h.document_id, h.match, h.annotation_id) for h in services.search.search(query, scope=scope).hits]
    finally:
        services.close()


def test_a_blind_coder_searches_only_their_own_passages_and_notes(coded):
    alice_notes = _found(coded, coded.alice, "by", Scope.NOTES)
    assert [m for _, m, _ in alice_notes] == ["by"] and len(alice_notes) == 1
    assert _found(coded, coded.alice, "operation", Scope.PASSAGES) == []  # Bob's passage
    assert [m for _, m, _ in _found(coded, coded.alice, "Azerbaijan", Scope.PASSAGES)] == ["Azerbaijan"]
    assert [m for _, m, _ in _found(coded, coded.bob, "operation", Scope.PASSAGES)] == ["operation"]
    assert len(_found(coded, coded.lead, "by", Scope.NOTES)) == 2  # the lead reads every layer
    # The texts are everyone's: a document search is the same for all.
    assert _found(coded, coded.alice, "operation", Scope.DOCUMENTS) == _found(
        coded, coded.lead, "operation", Scope.DOCUMENTS
    )


def test_a_blind_coder_cannot_find_documents_by_another_coders_tags(coded):
    services = coded.services(coded.alice)
    try:
        assert services.search.search("Azerbaijan", Filters(coder=coded.bob)).counts == {}
        assert set(services.search.search("Azerbaijan", Filters(coder=coded.alice)).counts) == {4}
    finally:
        services.close()
    lead = coded.services(coded.lead)
    try:
        assert set(lead.search.search("Azerbaijan", Filters(coder=coded.bob)).counts) == {4}
    finally:
        lead.close()


def test_a_coder_searches_by_the_leads_variables_and_may_list_every_coder(coded):
    """Variables are the lead's to write and everyone's to read: a coder's search by one works.
    The search dialog lists every coder for a coder too (the coders table is readable); choosing
    another coder finds only what row security shows (nothing while the documents are blind)."""
    lead = coded.services(coded.lead)
    try:
        lead.variables.define("outlet_type", "choice", "state|private|foreign")
        lead.variables.set_values([3, 4], {"outlet_type": "state"})
    finally:
        lead.close()
    alice = coded.services(coded.alice)
    try:
        by_value = alice.search.search("Azerbaijan", Filters(values=(("outlet_type", "STATE"),)))
        assert set(by_value.counts) == {3, 4}
        assert {coded.alice, coded.bob, coded.lead} <= {c.login for c in alice.coders.list()}
        both = Filters(values=(("outlet_type", "state"),), coder=coded.bob)
        assert alice.search.search("Azerbaijan", both).counts == {}
    finally:
        alice.close()
