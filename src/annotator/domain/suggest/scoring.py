"""Precision and recall of suggestions against a hand-made gold set, per tag.

A suggestion matches a gold passage of the same tag when their spans overlap (each gold passage
matches at most one suggestion, in text order): the usual lenient measure for span detection.
``strict`` counts only identical spans. Field accuracy is over matched pairs: values equal, except
a speaker, which matches when one contains the other (case aside) — "Marta Kowal" vs "the group's
director, Marta Kowal".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from annotator.domain.suggest.model import Suggestion


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0
    exact: int = 0
    fields_right: int = 0
    fields_total: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def field_accuracy(self) -> float:
        return self.fields_right / self.fields_total if self.fields_total else 1.0


def _same(name: str, gold: str, found: str) -> bool:
    if name == "speaker":
        g, f = gold.lower().strip(), found.lower().strip()
        return g == f or bool(g and f and (g in f or f in g))
    return gold == found


def score(text: str, gold: list[Suggestion], found: list[Suggestion], scores: dict[str, Score]) -> None:
    """Add one document's counts to ``scores`` (tag name -> Score)."""
    by_tag: dict[str, tuple[list[Suggestion], list[Suggestion]]] = defaultdict(lambda: ([], []))
    for g in gold:
        by_tag[g.tag][0].append(g)
    for f in found:
        by_tag[f.tag][1].append(f)
    for tag, (golds, founds) in by_tag.items():
        s = scores.setdefault(tag, Score())
        s.gold += len(golds)
        s.found += len(founds)
        unused = list(founds)
        for g in golds:
            match = next((f for f in unused if f.start < g.end and g.start < f.end), None)
            if match is None:
                s.misses.append(text[g.start : g.end])
                continue
            unused.remove(match)
            s.matched += 1
            s.exact += (match.start, match.end) == (g.start, g.end)
            found_fields = match.field_dict
            for name, value in g.fields:
                s.fields_total += 1
                s.fields_right += _same(name, value, found_fields.get(name, ""))
        s.false_alarms.extend(text[f.start : f.end] for f in unused)
