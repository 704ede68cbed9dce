"""domain.tables.cooccurring lists the passages of a co-occurrence cell by the rule that counts
it: checked on random passages against the counts of domain.tables.cooccurrence and against a
brute force over every pair."""

from __future__ import annotations

import random
from itertools import combinations

import pytest

from annotator.domain.tables import cooccurrence, cooccurring


def _links(seed):
    rng = random.Random(seed)
    links = []
    annotation = 0
    for document in range(1, 5):
        for _ in range(rng.randrange(0, 12)):
            annotation += 1
            start = rng.randrange(0, 200)
            end = start + rng.randrange(1, 40)
            for tag in rng.sample(range(1, 5), rng.choice((1, 1, 2, 3))):
                links.append((document, annotation, start, end, tag))
    return sorted(links, key=lambda link: (link[0], link[2], link[1]))


@pytest.mark.parametrize("seed", range(30))
def test_members_agree_with_the_counts(seed):
    links = _links(seed)
    passages = {}
    for d, a, s, e, t in links:
        passages.setdefault((d, a), (s, e, set()))[2].add(t)
    for within in ("passage", "overlap", "document"):
        counts = cooccurrence(links, within)
        for a in range(1, 5):
            for b in range(1, 5):
                n = counts.get((min(a, b), max(a, b)), 0)
                members = cooccurring(links, a, b, within)
                assert len(members) == len(set(members))
                if within == "passage":
                    assert len(members) == n
                    assert set(members) == {k for k, p in passages.items() if {a, b} <= p[2]}
                elif within == "document":
                    assert len({d for d, _ in members}) == n
                    assert all(passages[k][2] & {a, b} for k in members)
                else:
                    expected = set()
                    for (k1, p1), (k2, p2) in combinations(passages.items(), 2):
                        overlapping = k1[0] == k2[0] and p1[0] < p2[1] and p2[0] < p1[1]
                        if overlapping and ((a in p1[2] and b in p2[2]) or (b in p1[2] and a in p2[2])):
                            expected |= {k1, k2}
                    assert set(members) == expected and bool(members) == bool(n)
