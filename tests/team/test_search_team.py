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
