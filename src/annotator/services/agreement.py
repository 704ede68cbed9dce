"""Inter-coder agreement on the library as it is: each annotation of a coder's layer counts for its
coder (named by login: a display name need not be unique).

Reads the passages (storage.agreement_query), computes every figure in the domain
(domain.agreement), and lays the result out as rows for a table, CSV or JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotator.domain.agreement import Figures, Report, Unit
from annotator.domain.agreement.disagreements import disagreements as find_disagreements
from annotator.domain.agreement.stream import renamed
from annotator.domain.models import Tag
from annotator.domain.ranges import weighted_ranges
from annotator.domain.wording import count_of
from annotator.services import agreement_parts
from annotator.services.errors import UserError
from annotator.storage import agreement_query
from annotator.storage import coders as coders_repo
from annotator.storage import documents as documents_repo
from annotator.storage import tags as tags_repo
from annotator.storage.engine import Library, Session

MEASURES = ("alpha_u", "kappa", "fleiss_kappa", "alpha_binary", "percent", "holsti", "bp_kappa")


@dataclass(frozen=True)
class AgreementOptions:
    document_ids: tuple[int, ...] = ()
    tag_names: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()
    by_document: bool = False


class AgreementService:
    def __init__(self, library: Library) -> None:
        self._library = library

    def compute(self, options: AgreementOptions = AgreementOptions(), cancelled: Callable[[], bool] | None = None) -> Report:
        """Every figure per tag and overall (and per document if asked) for the chosen scope.

        Coders named (`options.coders`) who marked nothing in scope are still compared: their
        figures are undefined (None), never 1. A coder's connection to a team library sees only
        their own rows in blind documents: agreement there is refused in one sentence (it would be
        a figure from one coder's rows), and without --doc the blind documents are left out and said.
        A large scope is summed in parts by worker processes (services.agreement_parts);
        `cancelled()` true stops the work (agreement_parts.Cancelled) and any worker at once."""
        with self._library.reading() as session:
            scope = self._scope(session, options)
            # Who and which tags appear are asked first (two small reads): they fix every sum, so the
            # passages can then stream through the domain document by document (domain.agreement.stream).
            coders = _coders(scope.chosen, agreement_query.coders_in(session, scope.documents, scope.chosen))
            names = list(options.tag_names) or agreement_query.tags_in(session, scope.documents, scope.chosen)
            fields = {
                name: {spec.name: "interval" if spec.kind == "int" else "nominal" for spec in tag.fields}
                for name, tag in scope.tags.items()
            }
            # The read gives ids (no join to coders and tags): the sums are keyed by them, then named.
            coder_ids, tag_ids = agreement_query.names(session)
            by_login = {login: id_ for id_, login in coder_ids.items()}
            by_name = {name: id_ for id_, name in tag_ids.items()}
            in_scope = {
                "documents": scope.documents,
                "lengths": scope.lengths,
                "chosen": [by_login[c] for c in scope.chosen],
                "coders": [by_login[c] for c in coders],
                "tags": [by_name[t] for t in names],
                "fields": {by_name[t]: spec for t, spec in fields.items()},
                "by_document": options.by_document,
            }
            weights = documents_repo.annotation_counts(session, scope.documents or None)
            weights = {d: n for d, n in weights.items() if d in scope.lengths}
            spans = weighted_ranges(weights, agreement_parts.how_many(sum(weights.values())))
            tallies = agreement_parts.tally(self._library, session, spans, in_scope, cancelled)
        return replace(renamed(tallies, coder_ids, tag_ids).report(), notes=scope.notes)

    def disagreements(self, options: AgreementOptions = AgreementOptions()) -> Disagreements:
        """Every disagreement in scope (definition: domain.agreement.disagreements), each with its
        coders' passages (span, text, annotation id and UUID): what the command lists and the
        agreement view steps through. The same scope rules as `compute`."""
        with self._library.reading() as session:
            scope = self._scope(session, options)
            rows = agreement_query.passages(session, scope.documents, scope.chosen)
        found = {uuid: (id_, quote) for *_, id_, uuid, quote in rows}
        units = [Unit(doc, coder, tag, start, end, key=uuid) for doc, coder, tag, start, end, _, uuid, _ in rows]
        coders = _coders(scope.chosen, {u.coder for u in units})
        wanted = set(options.tag_names)
        items = [
            Shown(
                d.document,
                d.tag,
                d.kind,
                tuple(Passage(u.coder, u.start, u.end, found[u.key][1], found[u.key][0], u.key) for u in d.passages),
                d.missing,
            )
            for d in find_disagreements(units, coders)
            if not wanted or d.tag in wanted
        ]
        return Disagreements(tuple(coders), items, scope.notes)

    def _scope(self, session: Session, options: AgreementOptions) -> _Scope:
        """The checked scope: tags, coders by login, documents and their lengths (UserError if a
        name or document does not exist, or a blind coder asks about blind documents)."""
        known = {t.name: t for t in tags_repo.list_all(session)}
        for name in options.tag_names:
            if name not in known:
                raise UserError(f"there is no tag named {name!r} (see `annotator tags`)")
        chosen = [_login(session, name) for name in options.coders]
        lengths = agreement_query.lengths(session, options.document_ids)
        missing = set(options.document_ids) - set(lengths)
        if missing:
            raise UserError(f"there is no document {min(missing)}")
        documents, notes = list(options.document_ids), []
        if self._library.login and not self._library.lead:
            phases = documents_repo.phases(session, options.document_ids or None)
            documents, notes = _seen_by_a_coder(phases, documents)
            lengths = {d: n for d, n in lengths.items() if d in documents}
        return _Scope(known, chosen, documents, lengths, tuple(notes))


@dataclass(frozen=True)
class Passage:
    """One coder's passage in a disagreement."""

    coder: str  # login
    start: int
    end: int
    text: str
    annotation_id: int
    uuid: str


@dataclass(frozen=True)
class Shown:
    """A disagreement as the command and the view show it."""

    document: int
    tag: str
    kind: str  # "span": everyone marked it, spans differ; "missing": only some coders marked it
    passages: tuple[Passage, ...]
    missing: tuple[str, ...]  # coders who coded the document and did not mark it

    @property
    def start(self) -> int:
        return min(p.start for p in self.passages)

    @property
    def end(self) -> int:
        return max(p.end for p in self.passages)


@dataclass(frozen=True)
class Disagreements:
    coders: tuple[str, ...]  # logins, in the order asked for (else sorted)
    items: list[Shown]  # in document, tag and text order
    notes: tuple[str, ...]  # what was left out of scope, in sentences


def disagreement_header(found: Disagreements) -> list[str]:
    """document, tag, kind, then each coder's start, end and text, then who did not mark it."""
    return ["document", "tag", "kind", *(f"{c}_{k}" for c in found.coders for k in ("start", "end", "text")), "missing"]


def disagreement_rows(found: Disagreements) -> list[list[str]]:
    """One list of cells per disagreement (empty cells for a coder who did not mark it)."""
    rows = []
    for d in found.items:
        by_coder = {p.coder: p for p in d.passages}
        cells = [str(d.document), d.tag, d.kind]
        for coder in found.coders:
            p = by_coder.get(coder)
            cells += [str(p.start), str(p.end), p.text] if p else ["", "", ""]
        rows.append([*cells, ",".join(d.missing)])
    return rows


@dataclass(frozen=True)
class _Scope:
    tags: dict[str, Tag]
    chosen: list[str]
    documents: list[int]
    lengths: dict[int, int]
    notes: tuple[str, ...]


def _coders(chosen: list[str], found: Iterable[str]) -> list[str]:
    """The coders compared: those named, or everyone `found` with a passage in scope (two at least)."""
    coders = chosen or sorted(set(found))
    if len(coders) < 2:
        found = ", ".join(coders) or "nobody"
        raise UserError(
            f"agreement needs two coders or more; the annotations in scope are by {found} "
            "(name the coder when tagging: --annotator NAME or ANNOTATOR_USER)"
        )
    return coders


def _seen_by_a_coder(phases: dict[int, str], asked: list[int]) -> tuple[list[int], list[str]]:
    """The documents a coder's agreement may use (not blind), and what to say about the rest."""
    blind = sorted(d for d, phase in phases.items() if phase == "blind")
    if asked and blind:
        which = ", ".join(map(str, blind))
        raise UserError(
            f"document{'s' if len(blind) > 1 else ''} {which} {'are' if len(blind) > 1 else 'is'} still blind: "
            "agreement there is the lead's until it is revealed (you see only your own passages)"
        )
    open_ = sorted(d for d, phase in phases.items() if phase != "blind")
    if not open_:
        raise UserError(
            "every document is still blind: agreement is the lead's until documents are revealed "
            "(you see only your own passages)"
        )
    said = [f"{count_of(len(blind), 'document')} still blind left out (the lead's until revealed)"] if blind else []
    return open_, said


def _login(session: object, name: str) -> str:
    """A coder named by login or display name, as their login (UserError if nobody is)."""
    found = coders_repo.by_login(session, name) or next(iter(coders_repo.by_display_name(session, name)), None)  # type: ignore[arg-type]
    if found is None:
        raise UserError(f"there is no coder {name!r} (see `annotator coders list`)")
    return found.login


def _field_names(report: Report) -> list[str]:
    return list(dict.fromkeys(name for row in report.rows for name in row.fields))


def header(report: Report) -> list[str]:
    """Column names: scope, the measures, the counts (passages per coder), then α per field."""
    fields = _field_names(report)
    return (
        ["tag", "document", *MEASURES, "aligned", "unmatched", "documents"]
        + [f"passages_{coder}" for coder in report.coders]
        + [f"alpha_{name}" for name in fields]
    )


def table_rows(report: Report, empty: str = "") -> list[list[str]]:
    """One list of cells per row of the report; `empty` for an undefined figure."""
    fields = _field_names(report)

    def number(value: float | None) -> str:
        return empty if value is None else f"{value:.4f}"

    def cells(row: Figures) -> list[str]:
        return (
            [row.tag or "(all tags)", "" if row.document is None else str(row.document)]
            + [number(getattr(row, m)) for m in MEASURES]
            + [str(row.aligned), str(row.unmatched), str(row.documents)]
            + [str(row.passages.get(c, 0)) for c in report.coders]
            + [number(row.fields[n]) if n in row.fields else "" for n in fields]
        )

    return [cells(row) for row in report.rows]


def as_json(report: Report) -> dict[str, Any]:
    """The report with keys named after the measures; None (JSON null) where a figure is undefined."""

    def row(figures: Figures) -> dict[str, Any]:
        out: dict[str, Any] = {"tag": figures.tag, "document": figures.document}
        out |= {m: getattr(figures, m) for m in MEASURES}
        out |= {
            "fields": figures.fields,
            "passages": figures.passages,
            "aligned": figures.aligned,
            "unmatched": figures.unmatched,
            "documents": figures.documents,
        }
        return out

    return {
        "coders": list(report.coders),
        "single_coder_documents": report.single_coder_documents,
        "notes": list(report.notes),
        "rows": [row(r) for r in report.rows],
    }


def summary(report: Report) -> Sequence[str]:
    """What the figures rest on, and the caveat every character-level κ needs."""
    overall = next((r for r in report.rows if r.tag is None and r.document is None), None)
    lines = [
        f"coders: {', '.join(report.coders)}; documents compared: {overall.documents if overall else 0}"
        + (f" ({report.single_coder_documents} coded by one coder only, left out)" if report.single_coder_documents else "")
    ]
    lines += report.notes
    lines.append(
        "κ, α (binary) and percent count characters: where most text is uncoded, percent agreement "
        "is high while κ stays low. An empty cell: undefined (nobody marked that tag)."
    )
    return lines
