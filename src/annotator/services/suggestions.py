"""Suggestions for a document: run the detectors, drop what is rejected or already annotated, and
turn accepted ones into annotations with their fields filled. Also the framing lexicon."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator.domain.fields import FieldError, normalise
from annotator.domain.models import Tag
from annotator.domain.suggest.detect import Context, suggest
from annotator.domain.suggest.languages import language_for
from annotator.domain.suggest.lexicon import LexiconError, dump, parse
from annotator.domain.suggest.model import DETECTORS, Suggestion
from annotator.domain.suggest.offers import Offers
from annotator.exporters.csv_export import ENCODING, for_spreadsheet
from annotator.importers import ImportProblem
from annotator.importers.files import TABLE_MAX_BYTES, read_regular
from annotator.services import output
from annotator.services.annotations import AnnotationService, TagResult
from annotator.services.cache import RecentCache
from annotator.services.changes import Changes
from annotator.services.errors import UserError, refuse_nul
from annotator.storage import annotations as annotations_repo
from annotator.storage import documents as documents_repo
from annotator.storage import suggestions as repo
from annotator.storage import tags as tags_repo
from annotator.storage.engine import Library

LEXICON = Changes(codebook=True)
RAW_CACHE = 4  # documents whose detector output stays in memory


class SuggestionService:
    def __init__(self, library: Library, annotations: AnnotationService) -> None:
        self._library = library
        self._annotations = annotations
        # What the detectors found depends only on the text, the date, the language and the
        # lexicon; annotations and rejections only filter it. So a change re-filters, no re-run.
        self._raw: RecentCache[list[Suggestion]] = RecentCache(RAW_CACHE)

    # --- suggestions ---------------------------------------------------------------------
    def suggest(self, document_id: int, tag_names: Sequence[str] | None = None) -> list[Suggestion]:
        """What the detectors offer for a document's tags (all, or the named ones), in text order,
        each under the name of the tag linked to its detector: none the current coder rejected,
        none overlapping a passage of theirs that already has that tag (another coder's passage
        hides nothing: coders code independently, and on an SQLite file a blind coder would
        otherwise learn where the others tagged)."""
        return self.offers(document_id, tag_names).offers()

    def offers(self, document_id: int, tag_names: Sequence[str] | None = None) -> Offers:
        """The same, as a filter the window keeps in step with each annotation it adds or removes
        (`Offers.set_mark`), so a key press never re-reads the document's spans."""
        text = self._annotations.text(document_id, use=False)
        me = self._annotations.coders.id  # whose rejections and passages filter them (0: nothing yet)
        with self._library.reading() as session:
            document = documents_repo.get(session, document_id, 0)  # (its status is not used)
            if document is None:
                raise UserError(f"there is no document {document_id}")
            tags = self._detected_tags(session, tag_names)
            lexicon = tuple(repo.lexicon(session))
            rejected = repo.rejected(session, document_id, me)
            marked = annotations_repo.spans_for_document(session, document_id, me)
        found = self._detect(document.sha256, text, document.meta.published, document.meta.language, lexicon)
        findings = []
        for s in found:
            tag = tags.get(s.tag)
            if tag is None or (tag.id, s.start, s.end) in rejected:
                continue
            findings.append((tag.id, Suggestion(s.start, s.end, tag.name, _fitting(s, tag))))
        return Offers(findings, marked)

    def _detect(
        self, sha256: str, text: str, published: str, language: str, lexicon: tuple[tuple[str, str], ...]
    ) -> list[Suggestion]:
        # Keyed by the text's hash, not the document id: a restore plus an import can give an id another text.
        return self._raw.get(
            (sha256, published, language, lexicon),
            lambda: suggest(text, Context(published, language_for(language), lexicon)),
        )

    def accept(self, document_id: int, offers: Iterable[Suggestion]) -> list[TagResult]:
        """Make annotations of suggestions (one transaction), their fields filled."""
        with self._library.reading() as session:
            ids = {t.name: t.id for t in tags_repo.list_all(session)}
        items = [(s.start, s.end, [ids[s.tag]], s.field_dict) for s in offers if s.tag in ids]
        return self._annotations.tag_many(document_id, items) if items else []

    def reject(self, document_id: int, offers: Iterable[Suggestion]) -> Changes:
        """Turn suggestions down for the current coder: they are not offered to them again for this
        document (another coder still gets them: revision 0015)."""
        with self._library.writing() as session:
            coder = self._annotations.coders.ensure(session)  # made on first write, as a tag's
            repo.reject(session, document_id, coder.id, self._keys(session, offers))
        return Changes(documents=frozenset({document_id}))

    def unreject(self, document_id: int, offers: Iterable[Suggestion]) -> Changes:
        """Undo the current coder's rejection."""
        with self._library.writing() as session:
            coder = self._annotations.coders.check_writer(session)
            if coder is not None:  # not in the library: they rejected nothing
                repo.unreject(session, document_id, coder.id, self._keys(session, offers))
        return Changes(documents=frozenset({document_id}))

    # --- the framing lexicon -------------------------------------------------------------
    def lexicon(self) -> list[tuple[str, str]]:
        with self._library.reading() as session:
            return repo.lexicon(session)

    def set_lexicon(self, entries: Sequence[tuple[str, str]]) -> Changes:
        """Replace the lexicon (terms trimmed; empty terms dropped; a term twice is refused)."""
        for term, frame in entries:
            refuse_nul("a lexicon term", term)
            refuse_nul("a lexicon frame", frame)
        cleaned = [(" ".join(t.split()), " ".join(f.split())) for t, f in entries if t.strip()]
        seen: set[str] = set()
        for term, frame in cleaned:
            if term.lower() in seen:
                raise UserError(f"the term {term!r} is in the lexicon twice")
            if not frame:
                raise UserError(f"the term {term!r} needs a frame")
            seen.add(term.lower())
        with self._library.writing() as session:
            repo.replace_lexicon(session, cleaned)
        return LEXICON

    def import_lexicon(self, path: str | Path) -> tuple[list[tuple[str, str]], Changes]:
        """Replace the lexicon with a term,frame CSV file (never the library's own: 058)."""
        entries = self.read_lexicon(path)
        return entries, self.set_lexicon(entries)

    def read_lexicon(self, path: str | Path) -> list[tuple[str, str]]:
        """A term,frame CSV file's rows (the lexicon dialog's import); never the library's own file,
        which is refused unread (058)."""
        if self._library.holds(Path(path)):
            raise UserError(f"{path} is this library's own file, not a lexicon; the lexicon is unchanged")
        return read_lexicon(path)

    def export_lexicon(self, path: str | Path, *, excel: bool = False) -> int:
        """Write the saved lexicon as term,frame CSV ('-': standard output); returns the count."""
        return self.write_lexicon(path, self.lexicon(), excel=excel)

    def write_lexicon(self, path: str | Path, entries: Sequence[tuple[str, str]], *, excel: bool = False) -> int:
        """Write term,frame rows (the lexicon dialog's, unsaved) as every file is written
        (services.output); exact, so it imports back unchanged, unless `excel` (for a
        spreadsheet: BOM, formula-like cells neutralised)."""
        rows = [tuple(for_spreadsheet(entry)) for entry in entries] if excel else entries
        with output.text(path, self._library.file, encoding=ENCODING[excel]) as stream:
            stream.write(dump(rows))
        return len(entries)

    @staticmethod
    def write_table(found: Sequence[tuple[int, Suggestion, str]], *, excel: bool = False) -> None:
        """Suggestions (document id, suggestion, its passage) as CSV on standard output, one column
        per field name met; exact unless `excel` (BOM, formula-like cells neutralised)."""
        names = list(dict.fromkeys(name for _, s, _ in found for name, _ in s.fields))
        with output.text(output.STDOUT, None, encoding=ENCODING[excel]) as stream:
            writer = csv.writer(stream, lineterminator="\n")
            cell = for_spreadsheet if excel else list
            writer.writerow(["document_id", "start", "end", "tag", "text", *names])
            for doc_id, s, passage in found:
                values = s.field_dict
                writer.writerow(cell([doc_id, s.start, s.end, s.tag, passage, *(values.get(n, "") for n in names)]))

    # --- helpers -------------------------------------------------------------------------
    @staticmethod
    def _detected_tags(session: object, tag_names: Sequence[str] | None) -> dict[str, Tag]:
        """The codebook's tags linked to a detector, by detector name; only the named ones (by tag
        or detector name) if names are given."""
        linked = {t.detector: t for t in tags_repo.list_all(session) if t.detector}  # type: ignore[arg-type]
        if tag_names is None:
            return linked
        chosen = {}
        for name in (n.strip().lower() for n in tag_names):
            found = next((d for d, t in linked.items() if name in (d, t.name.lower())), None)
            if found is None:
                if name in DETECTORS:
                    raise UserError(f"no tag gets the {name!r} suggestions (Codebook: the Suggests column)")
                raise UserError(
                    f"no tag named {name!r} gets suggestions; these do: " + ", ".join(t.name for t in linked.values())
                )
            chosen[found] = linked[found]
        return chosen

    def _keys(self, session: object, offers: Iterable[Suggestion]) -> list[tuple[int, int, int]]:
        ids = {t.name: t.id for t in tags_repo.list_all(session)}  # type: ignore[arg-type]
        return [(ids[s.tag], s.start, s.end) for s in offers if s.tag in ids]


def read_lexicon(path: str | Path) -> list[tuple[str, str]]:
    """The (term, frame) rows of a lexicon file (a regular file, bounded like every import)."""
    try:
        return parse(read_regular(Path(path), TABLE_MAX_BYTES).decode("utf-8-sig"))
    except ImportProblem as problem:
        raise UserError(f"{path}: {problem}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: is not UTF-8 text") from None
    except LexiconError as exc:
        raise UserError(f"{path}: {exc}") from None


def _fitting(s: Suggestion, tag: Tag) -> tuple[tuple[str, str], ...]:
    """The detector's values for the fields this tag has, in the tag's order; a value that does
    not fit its field (the user changed the codebook) is left out."""
    values = s.field_dict
    kept = []
    for spec in tag.fields:
        try:
            value = normalise(spec, values.get(spec.name, ""))
        except FieldError:
            continue
        if value:
            kept.append((spec.name, value))
    return tuple(kept)
