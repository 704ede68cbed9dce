"""Tallies of consecutive document ranges, merged (stream.merged_parts), equal the tally of all the
documents at once to the last bit — also with four coders, where α's coincidences divide by 3 and
sums of such quotients depend on their order (decision 039)."""

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.agreement.stream import merged_parts, tally_rows

FIELDS = {"a": {"n": "interval", "k": "nominal"}, "b": {"k": "nominal"}}
CODERS = ("A", "B", "C", "D")


def _rows(seed: int, documents: int):
    rng = random.Random(seed)
    rows = []
    for document in range(1, documents + 1):
        for _ in range(rng.randrange(0, 30)):
            start = rng.randrange(0, 90)
            # Four coders often on one span: groups of four passages (coincidences / 3).
            end = start + rng.choice((1, 4, 10))
            values = {"n": str(rng.randrange(0, 5)), "k": rng.choice("xyz")} if rng.random() < 0.8 else {}
            for coder in CODERS:
                if rng.random() < 0.8:
                    wobble = rng.choice((0, 0, 0, 1))
                    mine = dict(values, k=rng.choice("xyz")) if values and rng.random() < 0.3 else values
                    rows.append((document, coder, rng.choice("ab"), start, end + wobble, json.dumps(mine) if mine else ""))
    return rows


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**16), st.integers(2, 12), st.data())
def test_merged_parts_equal_the_whole_to_the_last_bit(seed, documents, data):
    rows = _rows(seed, documents)
    lengths = {d: 100 for d in range(1, documents + 1)}
    scope = dict(coders=CODERS, tags=["a", "b"], fields=FIELDS)
    whole = tally_rows(rows, lengths, **scope).report()
    cuts = sorted(data.draw(st.sets(st.integers(1, documents - 1), min_size=1, max_size=3)))
    bounds = [0, *cuts, documents]
    parts = [
        tally_rows([r for r in rows if lo < r[0] <= hi], {d: n for d, n in lengths.items() if lo < d <= hi}, **scope)
        for lo, hi in zip(bounds, bounds[1:], strict=False)
    ]
    assert merged_parts(parts).report() == whole
