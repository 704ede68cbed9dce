"""The crosstab and compare by layer (issue 13, decision 044), on both backends: the export's
`--layer` choices (all, gold, coders, one coder's login) count only those passages. Lea the lead
has passages of her own *and* gold ones: the kept counts (per coder, not per layer) cannot tell
them apart, so a layer must be counted from the passages themselves."""

from __future__ import annotations

import pytest

from annotator.domain.compare import FigureTable
from annotator.services.errors import UserError

AP, TREND = "Associated Press (via a local TV news site)", "Trend News Agency"


def _tag(services, coder, doc, quote, tag="claim", **fields):
    services.coders.switch(coder)
    return services.annotations.tag_quote(doc, quote, [tag], fields=fields).annotation


@pytest.fixture
def layered(loaded):
    """ann and bob (coders) and lea (the lead, who also codes one passage herself); two gold passages."""
    loaded.coders.add("Lea", lead=True)
    ann = _tag(loaded, "ann", 4, "Armenia and Azerbaijan", claimant="Aliyev")
    _tag(loaded, "bob", 4, "Armenia and Azerbaijan", claimant="Aliyev")
    _tag(loaded, "bob", 4, "anti-terrorist operation", claimant="Trend")
    figure = _tag(
        loaded, "ann", 1, "More than 100,000 ethnic Armenians", "casualty figure", count_min="100000", kind="displaced"
    )
    own = _tag(loaded, "lea", 1, "More than 100,000 ethnic Armenians fled the region", claimant="AP")
    loaded.coders.switch("lea")
    (agreed,) = loaded.gold.accept_agreed([4])  # ann's and bob's identical claim: claimant Aliyev
    gold_figure = loaded.gold.accept(figure.uuid, "casualty figure", [figure.uuid])
    return loaded, {"ann": ann, "own": own, "gold": agreed.annotation, "gold figure": gold_figure.annotation}


def _cells(table):
    return {(r, c): table.cell(r, c) for r in table.rows for c in table.columns if table.cell(r, c)}


@pytest.mark.parametrize(
    ("layer", "by_coder", "by_source"),
    [
        ("", {"ann": 1, "bob": 2, "lea": 2}, {TREND: 4, AP: 1}),
        ("gold", {"lea": 1}, {TREND: 1}),
        ("coders", {"ann": 1, "bob": 2, "lea": 1}, {TREND: 3, AP: 1}),
        ("bob", {"bob": 2}, {TREND: 2}),
        ("lea", {"lea": 1}, {AP: 1}),  # her own passage, not her gold ones
    ],
)
def test_each_layer_counts_only_its_passages(layered, layer, by_coder, by_source):
    services, _ = layered
    table = services.tables.crosstab("coder", layer=layer)
    assert _cells(table) == {("claim", c): n for c, n in by_coder.items()} | (
        {("casualty figure", "ann"): 1} if layer in ("", "coders") else {}
    ) | ({("casualty figure", "lea"): 1} if layer in ("", "gold") else {})
    claims = services.tables.crosstab("source", layer=layer)
    assert {c: claims.cell("claim", c) for c in claims.columns if claims.cell("claim", c)} == by_source
    documents = services.tables.crosstab("source", count="documents", layer=layer)
    assert documents.cell("claim", TREND) == (1 if TREND in by_source else 0)


def test_a_cell_lists_the_passages_of_the_chosen_layer(layered):
    services, made = layered
    assert [a for _d, a, _q in services.tables.cell_passages("claim", "coder", "lea", layer="gold")] == [made["gold"].id]
    assert [a for _d, a, _q in services.tables.cell_passages("claim", "coder", "lea", layer="coders")] == [made["own"].id]
    assert len(services.tables.cell_passages("claim", "coder", "lea")) == 2


def test_compare_by_a_field_and_figures_by_layer(layered):
    services, made = layered
    by = {layer: _cells(services.tables.compare("claim", layer=layer)) for layer in ("", "gold", "coders", "bob")}
    assert by["gold"] == {("Aliyev", TREND): 1}
    assert by["coders"] == {("Aliyev", TREND): 2, ("Trend", TREND): 1, ("AP", AP): 1}
    assert by["bob"] == {("Aliyev", TREND): 1, ("Trend", TREND): 1}
    assert by[""] == {("Aliyev", TREND): 3, ("Trend", TREND): 1, ("AP", AP): 1}
    passages = services.tables.by_outlet_passages("claim", "claimant", "Aliyev", TREND, layer="gold")
    assert [a for _d, a, _q in passages] == [made["gold"].id]
    for layer, figures in (("gold", 1), ("ann", 1), ("bob", 0), ("", 2)):
        table = services.tables.compare("casualty figure", layer=layer)
        assert isinstance(table, FigureTable)
        assert sum(len(table.cell(row, outlet)) for row in table.rows for outlet in table.outlets) == figures, layer
    ((date, kind),) = services.tables.compare("casualty figure", layer="gold").rows
    cell = services.tables.figure_passages("casualty figure", date, kind, AP, layer="gold")
    assert [a for _d, a, _q in cell] == [made["gold figure"].id]


def test_a_login_that_is_no_coder_is_one_sentence(layered):
    services, _ = layered
    with pytest.raises(UserError, match="no coder 'nobody'"):
        services.tables.crosstab("coder", layer="nobody")
    with pytest.raises(UserError, match="no coder 'nobody'"):
        services.tables.compare("claim", layer="nobody")
