"""The agreement sums straight from the database's rows, one document at a time (no Unit per passage).

`tally_rows` gives the Tallies `report.tally` gives (the straightforward definition; the property
tests compare the two) from rows (document, coder, tag, start, end, fields JSON) in document order:
each document's passages are grouped by tag and coder as plain tuples, added to the sums, and
dropped, so memory holds one document whatever the library's size. The coders and tags in scope
are given up front (the service asks the database which appear): they fix m and the tag list.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from annotator.domain.agreement.alignment import HOLSTI_OVERLAP, Passage, align_spans, field_value, holsti_pairs
from annotator.domain.agreement.report import Figures, Tallies, _figures, _Tally
from annotator.domain.agreement.unitizing import observed_and_shared
from annotator.domain.agreement.units import merged

# document, coder, tag, start, end, fields (JSON text, "" or a mapping); coder and tag as names or ids
Row = tuple[int, Hashable, Hashable, int, int, Any]
_NONE: Mapping[str, str] = {}
_NO_ROWS: Mapping[Hashable, list[Row]] = {}


def tally_rows(
    rows: Iterable[Row],
    lengths: Mapping[int, int],
    *,
    coders: Sequence[Any],
    tags: Sequence[Any],
    fields: Mapping[Any, Mapping[str, str]] | None = None,
    by_document: bool = False,
) -> Tallies:
    """`report.tally(units, lengths, coders=coders, tags=tags, fields=fields, by_document=…)` for
    rows of every document in `lengths` (others are skipped), each document's rows together."""
    order, tag_list, metrics = tuple(coders), list(tags), fields or {}
    chosen = set(order)
    m = len(order)
    totals = {t: _Tally(m) for t in tag_list}
    counted: dict[str, dict[str, Counter[tuple[Hashable, ...]]]] = {t: defaultdict(Counter) for t in tag_list}
    rows_by_doc: list[Figures] = []
    single = 0
    done: set[int] = set()
    doc, length = None, 0
    by_tag: dict[Hashable, dict[Hashable, list[Row]]] = {}

    def finish() -> None:
        nonlocal single
        # Who coded this document: a coder in scope who marked anything in it, any tag (008, choice 3).
        marked = {c for by_coder in by_tag.values() for c in by_coder}
        present = [c for c in order if c in marked]
        if len(present) < 2:
            single += bool(present)
            return
        doc_tallies = []
        for t in tag_list:
            by_coder = by_tag.get(t, _NO_ROWS)
            spec = metrics.get(t, {})
            _add(totals[t], by_coder, present, length, spec, counted[t])
            if by_document:
                one = _Tally(m)
                _add(one, by_coder, present, length, spec)
                doc_tallies.append(one)
                rows_by_doc.append(_figures(t, doc, m, [one], spec))
        if by_document:
            rows_by_doc.append(_figures(None, doc, m, doc_tallies, {}))

    # The hot loop (once per row): each row lands in its document's tag -> coder -> passages
    # (every tag: a passage of a tag out of scope still says its coder coded the document).
    for row in rows:
        document, coder, tag, start, end, _ = row
        if document != doc:
            if doc is not None:
                finish()
                done.add(doc)
            if document in done:
                raise ValueError("the agreement rows must come document by document")
            doc, by_tag = document, {}
            length = lengths.get(document, -1)
        if length < 0 or coder not in chosen:
            continue
        if not 0 <= start <= end <= length:
            raise ValueError(f"document {document}: a passage [{start}:{end}] lies outside its text")
        try:  # the row itself is kept (no tuple of its own per row): start, end, fields at 3, 4, 5
            by_tag[tag][coder].append(row)
        except KeyError:
            by_tag.setdefault(tag, {})[coder] = [row]
    if doc is not None:
        finish()
    for t, by_name in counted.items():
        for name, counts in by_name.items():
            totals[t].values[name] = [(list(given), float(n)) for given, n in counts.items()]
    return Tallies(order, tag_list, metrics, totals, rows_by_doc, single)


@lru_cache(maxsize=16_384)
def _parsed(text: str) -> Mapping[str, str]:
    # Field values repeat (a kind, a frame, small counts): each distinct JSON text is read once.
    # The mapping is shared between passages: nothing here writes to it.
    return json.loads(text)  # type: ignore[no-any-return]


def _add(
    tally: _Tally,
    by_coder: Mapping[Any, list[Row]],
    present: Sequence[str],
    length: int,
    metrics: Mapping[str, str],
    values: dict[str, Counter[tuple[Hashable, ...]]] | None = None,
) -> None:
    """`_Tally.add` on one document's rows (start, end, fields at 3, 4, 5) per coder; `values`: where to
    count the aligned groups' field values (the same values in a group are counted
    together: α's coincidences weigh them by that count) instead of listing each in the tally."""
    complete = len(present) == tally.coders
    spans = [merged([(r[3], r[4]) for r in by_coder.get(c, ())]) for c in present]
    tally.documents += 1
    if len(spans) == 2:  # the usual case: one sweep gives α_U's observed sum and the shared characters
        observed, shared = observed_and_shared(*spans)
        tally.characters.add(spans, length, complete, shared)
        if complete:
            tally.unitizing.add(spans, length, observed)
    else:
        tally.characters.add(spans, length, complete)
        if complete:
            tally.unitizing.add(spans, length)
    passages: list[Passage] = []
    for c in present:
        marked_by_c = by_coder.get(c)
        if marked_by_c:
            tally.passages[c] += len(marked_by_c)
            if metrics:  # field values are read only where a tag has fields: JSON text, or a mapping
                # (the text kept too, last: a group's values are counted once per distinct texts)
                passages += [
                    (s, e, c, (_parsed(v) if v.__class__ is str else v) if v else _NONE, v)
                    for _, _, _, s, e, v in marked_by_c
                ]
            else:
                passages += [(r[3], r[4], c, _NONE) for r in marked_by_c]
    if complete:
        tally.holsti_passages += len(passages)
    if not passages:
        return
    unmatched = aligned = matched = 0  # counted here, added to the tally once (a loop per group)
    spec = tuple(metrics.items())
    for group in align_spans(passages):
        if len(group) == 1:
            unmatched += 1
            continue
        aligned += 1
        if complete:
            if len(group) == 2:  # two coders: one pair, inlined (holsti_pairs is the rule)
                a, b = passages[group[0]], passages[group[1]]
                sa, ea, sb, eb = a[0], a[1], b[0], b[1]
                overlap = (ea if ea < eb else eb) - (sa if sa > sb else sb)
                matched += overlap / ((ea if ea > eb else eb) - (sa if sa < sb else sb)) >= HOLSTI_OVERLAP
            else:
                matched += holsti_pairs([passages[k][:2] for k in group])
        if not metrics:
            continue
        texts = tuple([passages[k][4] for k in group])
        try:
            found = _group_values(texts, spec)
        except TypeError:  # field values given as mappings, not JSON text: read here
            found = _values_of([passages[k][3] for k in group], spec)
        for name, given in found:
            if values is None:
                tally.values[name].append((list(given), 1.0))
            else:
                values[name][given] += 1
    tally.unmatched += unmatched
    tally.aligned += aligned
    tally.matched += matched


@lru_cache(maxsize=16_384)
def _group_values(texts: tuple[str, ...], spec: tuple[tuple[str, str], ...]) -> tuple[tuple[str, tuple[Hashable, ...]], ...]:
    # An aligned group's field values as α counts them, read once per distinct JSON texts of its
    # passages (kinds, frames and small counts repeat; decision 059). A mapping is not hashable:
    # TypeError, and the caller reads it (_values_of) instead.
    return _values_of([(_parsed(t) if t.__class__ is str else t) if t else _NONE for t in texts], spec)


def _values_of(
    given_by: Sequence[Mapping[str, str]], spec: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, tuple[Hashable, ...]], ...]:
    """(field, the group's values of it that count) for each field with any (none if no passage has values)."""
    if not any(given_by):
        return ()
    found = []
    for name, metric in spec:
        given = tuple([v for v in (_field_value(g.get(name), metric) for g in given_by) if v is not None])
        if given:
            found.append((name, given))
    return tuple(found)


@lru_cache(maxsize=16_384)
def _field_value(value: str | None, metric: str) -> Hashable | None:
    # alignment.field_value, read once per distinct value (kinds, frames, small counts repeat).
    return field_value(value, metric)


def merged_parts(parts: Sequence[Tallies]) -> Tallies:
    """`tally_rows` of consecutive ranges of documents (each document wholly in one part), given
    in document order, added up into the one-process Tallies to the last bit: every sum is a
    whole number except the field values' counts, which `tally_rows` gives once per distinct
    tuple of values — counted together again here, in the order they first came."""
    whole, *rest = parts
    for part in rest:
        whole.merge(part)
    for part in whole.per_tag.values():
        for name, listed in part.values.items():
            counts: dict[tuple[Hashable, ...], float] = {}
            for given, n in listed:
                key = tuple(given)
                counts[key] = counts.get(key, 0.0) + n
            part.values[name] = [(list(given), n) for given, n in counts.items()]
    return whole


def renamed(tallies: Tallies, coders: Mapping[Any, str], tags: Mapping[Any, str]) -> Tallies:
    """Tallies keyed by coder and tag ids (the database's) keyed by their names instead."""
    for part in tallies.per_tag.values():
        part.passages = Counter({coders[c]: n for c, n in part.passages.items()})
    by_document = [
        replace(
            row,
            tag=None if row.tag is None else tags[row.tag],
            passages={coders[c]: n for c, n in row.passages.items()},
        )
        for row in tallies.by_document
    ]
    return Tallies(
        tuple(coders[c] for c in tallies.coders),
        [tags[t] for t in tallies.tags],
        {tags[t]: spec for t, spec in tallies.fields.items()},
        {tags[t]: part for t, part in tallies.per_tag.items()},
        by_document,
        tallies.single_coder_documents,
    )
