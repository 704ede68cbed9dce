"""The annotations model against a brute-force model, through random edits and filters."""

import random

from annotator.domain.models import Annotation
from annotator.ui.models.annotations_model import AnnotationsModel


def make(i, start, tags, note=""):
    return Annotation(i, 1, start, start + 5, f"q{i} word", "", "", note, "x", "t", "t", tags)


def test_random_edits_match_brute_force(qapp, qtmodeltester):
    rng = random.Random(3)
    model = AnnotationsModel()
    truth = {}
    for step in range(600):
        action = rng.random()
        if step % 97 == 0:
            tag = rng.choice([None, 1, 2])
            needle = rng.choice(["", "word", "q1"])
            model.set_filter(tag, needle)
        if action < 0.5 or not truth:
            i = rng.randint(1, 60)
            a = make(
                i, rng.randint(0, 100), tuple(sorted(rng.sample([1, 2, 3], rng.randint(1, 2)))), rng.choice(["", "note"])
            )
            truth[i] = a
            model.upsert(a)
        elif action < 0.8:
            i = rng.choice(list(truth))
            model.remove(i)
            del truth[i]
        else:
            i = rng.choice(list(truth))
            a = truth[i]
            b = Annotation(a.id, 1, a.start, a.end, a.quote, "", "", "changed", "x", "t", "t", (rng.choice([1, 2, 3]),))
            truth[i] = b
            model.upsert(b)
        expected = sorted((a for a in truth.values() if model.accepts(a)), key=lambda a: (a.start, a.end, a.id))
        shown = [model.index(r).data(256) for r in range(model.rowCount())]
        assert shown == expected
        assert sorted(model.all(), key=lambda a: a.id) == sorted(truth.values(), key=lambda a: a.id)
    qtmodeltester.check(model)
