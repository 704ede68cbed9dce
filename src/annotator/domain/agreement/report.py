"""Every agreement figure for a set of units: per tag and over all tags, optionally per document.

Who coded what: a coder coded a document when they marked anything in it (any tag), unless the
caller says otherwise (`coded`); a coder who coded a document and marked nothing with a tag said
"nothing of that tag here". Documents coded by fewer than two coders are left out (and counted).
α_U, κ, Fleiss' κ, percent, κ_n and Holsti use the documents every coder in scope coded; binary α,
the alignment and the field values use every document at least two coders coded. Where nobody
marked a passage of a tag, every figure of that tag is None ("undefined"), never 1.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from annotator.domain.agreement.alignment import align, field_value, holsti_matches
from annotator.domain.agreement.alpha import alpha_from, coincidences
from annotator.domain.agreement.characters import Characters
from annotator.domain.agreement.kappa import holsti
from annotator.domain.agreement.unitizing import Unitizing, alpha
from annotator.domain.agreement.units import Unit, merged

_span = attrgetter("start", "end")


@dataclass(frozen=True)
class Figures:
    """The figures for one tag (None: all tags) and one document (None: all documents in scope)."""

    tag: str | None
    document: int | None
    alpha_u: float | None
    kappa: float | None
    fleiss_kappa: float | None
    alpha_binary: float | None
    percent: float | None
    holsti: float | None
    bp_kappa: float | None
    fields: dict[str, float | None]  # field name -> Krippendorff's α on the aligned passages
    passages: dict[str, int]  # coder -> passage–tag units in the documents compared
    aligned: int  # groups of passages of two or more coders
    unmatched: int  # passages no other coder's passage overlapped
    documents: int  # documents compared (two coders or more)


@dataclass(frozen=True)
class Report:
    coders: tuple[str, ...]
    rows: list[Figures]  # per tag, then "all tags"; with by_document, then per document likewise
    single_coder_documents: int  # left out: fewer than two coders coded them
    notes: tuple[str, ...] = ()  # what the caller left out of scope, in sentences


@dataclass
class _Tally:
    """Sums for one tag over some documents."""

    coders: int
    unitizing: Unitizing = field(init=False)
    characters: Characters = field(init=False)
    passages: Counter[str] = field(default_factory=Counter)
    aligned: int = 0
    unmatched: int = 0
    matched: int = 0  # Holsti: coder pairs of passages matching
    holsti_passages: int = 0
    values: dict[str, list[tuple[list[Hashable], float]]] = field(default_factory=lambda: defaultdict(list))
    documents: int = 0

    def __post_init__(self) -> None:
        self.unitizing = Unitizing(self.coders)
        self.characters = Characters(self.coders)

    def add(
        self, by_coder: Mapping[str, list[Unit]], present: Sequence[str], length: int, metrics: Mapping[str, str]
    ) -> None:
        complete = len(present) == self.coders
        spans = [merged(map(_span, by_coder.get(c, ()))) for c in present]
        self.documents += 1
        self.characters.add(spans, length, complete)
        if complete:
            self.unitizing.add(spans, length)
        passages = [u for c in present for u in by_coder.get(c, ())]
        for c, marked_by_c in by_coder.items():
            if c in present:
                self.passages[c] += len(marked_by_c)
        if complete:
            self.holsti_passages += len(passages)
        if not passages:
            return
        for group in align(passages):
            if len(group) == 1:
                self.unmatched += 1
                continue
            self.aligned += 1
            if complete:
                self.matched += holsti_matches(group)
            for name, metric in metrics.items():  # most tags have no fields
                given = [v for v in (field_value(u.fields.get(name), metric) for u in group) if v is not None]
                if given:
                    self.values[name].append((given, 1.0))

    def merge(self, other: _Tally) -> None:
        """Add another tally of the same tag (other documents: a part computed elsewhere)."""
        self.unitizing.merge(other.unitizing)
        self.characters.merge(other.characters)
        self.passages.update(other.passages)
        self.aligned += other.aligned
        self.unmatched += other.unmatched
        self.matched += other.matched
        self.holsti_passages += other.holsti_passages
        for name, values in other.values.items():
            self.values[name] += values
        self.documents += other.documents


def _figures(
    tag: str | None, document: int | None, coders: int, tallies: Sequence[_Tally], metrics: Mapping[str, str]
) -> Figures:
    passages: Counter[str] = Counter()
    for t in tallies:
        passages.update(t.passages)
    fields = (
        {name: alpha_from(coincidences(tallies[0].values.get(name, ())), metric) for name, metric in metrics.items()}
        if len(tallies) == 1
        else {}
    )
    counts = dict(
        passages=dict(passages),
        aligned=sum(t.aligned for t in tallies),
        unmatched=sum(t.unmatched for t in tallies),
        documents=max((t.documents for t in tallies), default=0),
    )
    if not sum(passages.values()):
        none = dict.fromkeys(("alpha_u", "kappa", "fleiss_kappa", "alpha_binary", "percent", "holsti", "bp_kappa"))
        return Figures(tag, document, **none, fields=dict.fromkeys(fields), **counts)  # type: ignore[arg-type]
    chars = Characters(coders)
    do = de = 0.0
    for t in tallies:
        chars.merge(t.characters)
        d_o, d_e = t.unitizing.disagreements()
        do, de = do + d_o, de + d_e
    # Pooled over coder pairs: 2ΣM / Σ_pairs (N_i + N_j), and Σ_pairs (N_i + N_j) = (m − 1) ΣN.
    cr = holsti((coders - 1) * sum(t.holsti_passages for t in tallies), 0, sum(t.matched for t in tallies))
    return Figures(
        tag,
        document,
        alpha(do, de),
        chars.kappa(),
        chars.fleiss_kappa(),
        chars.alpha_binary(),
        chars.percent(),
        cr,
        chars.bp_kappa(),
        fields,
        **counts,
    )  # type: ignore[arg-type]


@dataclass
class Tallies:
    """The sums behind a report, per tag; tallies of disjoint sets of documents add up (`merge`), so
    parts can be computed apart (another process, a range of documents) and reported together."""

    coders: tuple[str, ...]
    tags: list[str]
    fields: Mapping[str, Mapping[str, str]]
    per_tag: dict[str, _Tally]
    by_document: list[Figures]
    single_coder_documents: int

    def merge(self, other: Tallies) -> None:
        if (other.coders, other.tags) != (self.coders, self.tags):
            raise ValueError("only tallies of the same coders and tags add up")
        for tag, part in other.per_tag.items():
            self.per_tag[tag].merge(part)
        self.by_document += other.by_document
        self.single_coder_documents += other.single_coder_documents

    def report(self) -> Report:
        m = len(self.coders)
        rows = [_figures(t, None, m, [self.per_tag[t]], self.fields.get(t, {})) for t in self.tags]
        rows.append(_figures(None, None, m, list(self.per_tag.values()), {}))
        by_document = sorted(self.by_document, key=lambda r: r.document or 0)  # stable: tag order kept
        return Report(self.coders, rows + by_document, self.single_coder_documents)


def agreement(
    units: Iterable[Unit],
    lengths: Mapping[int, int],
    *,
    coders: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
    documents: Sequence[int] | None = None,
    fields: Mapping[str, Mapping[str, str]] | None = None,
    coded: Mapping[int, Iterable[str]] | None = None,
    by_document: bool = False,
) -> Report:
    """The figures for `units` on documents of the given `lengths` (code points).

    `coders`, `tags`, `documents` narrow the scope (default: all that appear; a tag asked for and
    never used gets a row of None). `fields`: per tag, field name -> "interval" or "nominal".
    `coded`: per document, the coders who coded it (default: those who marked anything in it).
    """
    return tally(
        units, lengths, coders=coders, tags=tags, documents=documents, fields=fields, coded=coded, by_document=by_document
    ).report()


def tally(
    units: Iterable[Unit],
    lengths: Mapping[int, int],
    *,
    coders: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
    documents: Sequence[int] | None = None,
    fields: Mapping[str, Mapping[str, str]] | None = None,
    coded: Mapping[int, Iterable[str]] | None = None,
    by_document: bool = False,
) -> Tallies:
    """The sums behind `agreement` (same arguments). Parts that are to be merged must be given the
    same `coders` and `tags`: the defaults are what each part's own units show."""
    in_docs = set(lengths) if documents is None else set(documents)
    chosen = None if coders is None else set(coders)
    groups: dict[tuple[int, str], dict[str, list[Unit]]] = defaultdict(lambda: defaultdict(list))
    marked: dict[int, set[str]] = defaultdict(set)
    wanted = None if tags is None else set(tags)
    for u in units:
        doc, coder = u.document, u.coder
        if doc not in in_docs or (chosen is not None and coder not in chosen):
            continue
        length = lengths.get(doc)
        if length is None or not 0 <= u.start <= u.end <= length:
            raise ValueError(f"document {doc}: a passage [{u.start}:{u.end}] lies outside its text")
        marked[doc].add(coder)
        if wanted is None or u.tag in wanted:
            groups[(doc, u.tag)][coder].append(u)
    seen_coders = set().union(*marked.values())
    seen_tags = {tag for _, tag in groups}
    order = tuple(coders) if coders is not None else tuple(sorted(seen_coders))
    who = {d: set(c) for d, c in coded.items()} if coded is not None else marked
    tag_list = list(tags) if tags is not None else sorted(seen_tags)
    m = len(order)
    metrics = fields or {}
    totals = {t: _Tally(m) for t in tag_list}
    rows_by_doc: list[Figures] = []
    single = 0
    for doc in sorted(in_docs):
        present = [c for c in order if c in who.get(doc, ())]
        if len(present) < 2:
            single += doc in who and bool(who[doc])
            continue
        doc_tallies = []
        for t in tag_list:
            by_coder = groups.get((doc, t), {})
            totals[t].add(by_coder, present, lengths[doc], metrics.get(t, {}))
            if by_document:
                one = _Tally(m)
                one.add(by_coder, present, lengths[doc], metrics.get(t, {}))
                doc_tallies.append(one)
                rows_by_doc.append(_figures(t, doc, m, [one], metrics.get(t, {})))
        if by_document:
            rows_by_doc.append(_figures(None, doc, m, doc_tallies, {}))
    return Tallies(order, tag_list, metrics, totals, rows_by_doc, single)
