"""Where coders differ, passage by passage: the disagreements behind the figures.

Definition. In one document, for one tag, among the coders who coded that document (marked
anything in it, any tag — decision 008, choice 3; a document fewer than two coders coded has no
disagreements), the passages are grouped by the alignment every figure uses (`alignment.align`:
same tag, sharing a character, greedy by overlap, at most one passage per coder). A group is an
*agreement* when every one of those coders has a passage in it and the spans are identical; every
other group is a disagreement:
- `span`: every coder marked the passage, with spans that are not identical (they overlap);
- `missing`: only some of the coders marked it (the others' names are in `missing`).
A coder's second passage overlapping another coder's one forms a group of its own (`missing`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotator.domain.agreement.alignment import align
from annotator.domain.agreement.units import Unit
from annotator.domain.fields import FieldValues


@dataclass(frozen=True)
class Disagreement:
    document: int
    tag: str
    kind: str  # "span" or "missing"
    passages: tuple[Unit, ...]  # one per coder who marked it, in the coders' order
    missing: tuple[str, ...]  # coders who coded the document and did not mark this passage

    @property
    def start(self) -> int:
        return min(u.start for u in self.passages)

    @property
    def end(self) -> int:
        return max(u.end for u in self.passages)


def agreed(group: Sequence[Unit], present: Sequence[str]) -> bool:
    """Every coder of `present` marked this group, on one and the same span."""
    return len(group) == len(present) and len({(u.start, u.end) for u in group}) == 1


def groups(
    units: Iterable[Unit], coders: Sequence[str], coded: Mapping[int, Iterable[str]] | None = None
) -> Iterable[tuple[int, str, list[str], list[Unit]]]:
    """(document, tag, coders present, group) for every aligned group, documents and tags in order,
    groups in text order; only documents at least two of `coders` coded."""
    chosen = set(coders)
    by_key: dict[tuple[int, str], list[Unit]] = defaultdict(list)
    marked: dict[int, set[str]] = defaultdict(set)
    for u in units:
        if u.coder in chosen:
            by_key[(u.document, u.tag)].append(u)
            marked[u.document].add(u.coder)
    who = {d: set(c) for d, c in coded.items()} if coded is not None else marked
    for (doc, tag), passages in sorted(by_key.items()):
        present = [c for c in coders if c in who.get(doc, ())]
        if len(present) < 2:
            continue
        order = {c: n for n, c in enumerate(coders)}
        found = [sorted(g, key=lambda u: order[u.coder]) for g in align([u for u in passages if u.coder in present])]
        for group in sorted(found, key=lambda g: (min(u.start for u in g), max(u.end for u in g))):
            yield doc, tag, present, group


def disagreements(
    units: Iterable[Unit], coders: Sequence[str], coded: Mapping[int, Iterable[str]] | None = None
) -> list[Disagreement]:
    """Every disagreement (see the module's definition) among `coders`, in document, tag and text order."""
    out = []
    for doc, tag, present, group in groups(units, coders, coded):
        if agreed(group, present):
            continue
        marked = {u.coder for u in group}
        missing = tuple(c for c in present if c not in marked)
        out.append(Disagreement(doc, tag, "missing" if missing else "span", tuple(group), missing))
    return out


def agreed_fields(every: Sequence[FieldValues]) -> FieldValues:
    """The field values gold takes from several coders' passages: each value every one of them
    gave alike. A field they filled differently, or some left empty, is left for the curator
    (accept takes one coder's passage, values and all)."""
    if not every:
        return ()
    common = set(every[0]).intersection(*map(set, every[1:]))
    return tuple(pair for pair in every[0] if pair in common)
