"""`annotator import-qdpx FILE.qdpx`: a REFI-QDA project into the open library, in one transaction;
`annotator codebook import|export FILE.qdc`: the codebook alone.

Sources become documents (matched by the SHA-256 of their text: a text already here is not stored
twice), codes tags (matched by name; a nested code becomes a tag of its own name, its parent said
in the report), users coders (by the login in the user's `id`, else made from the name), and each
PlainTextSelection with its codings an annotation with the selection's Description as its note,
its GUID as its UUID (an annotation already here is not added twice). The sources' variables named
as a document field (source, published, …) fill that field; Annotator's own export names its gold
layer's users `gold:LOGIN`. Positions are checked against the text by the reader and again here:
a selection that does not fit is reported with its GUID, never moved.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.codebook import next_color, valid_color
from annotator.domain.coders import DISPLAY_LENGTH, Role, login_for
from annotator.domain.fields import FieldError, format_specs, parse_specs
from annotator.domain.metadata import normalise_date
from annotator.domain.models import META_FIELDS, DocumentMeta, TagSpec
from annotator.domain.spans import select
from annotator.domain.variables import Variable, VariableError, column_name, define, normalise
from annotator.exporters.qdpx import FIELDS_NOTE, KIND, tag_description
from annotator.services.changes import Changes, now_iso
from annotator.services.errors import UserError
from annotator.services.merge import listed, said
from annotator.storage import bulk_annotations, transfer
from annotator.storage import coders as coders_repo
from annotator.storage import documents as documents_repo
from annotator.storage import tags as tags_repo
from annotator.storage import variables as variables_repo
from annotator.storage.engine import Library, Session

GOLD = "gold:"  # a user id naming a gold layer's curator (exporters.qdpx writes it)
DOCUMENT_FIELDS = {f.name: f for f in META_FIELDS if f.name != "title"} | {"filename": None}


@dataclass
class RefiReport:
    file: str
    added: dict[str, int] = field(default_factory=dict)
    already: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # what the standard has and a library cannot take
    problems: list[str] = field(default_factory=list)  # sources and selections not taken, and why
    notes: list[str] = field(default_factory=list)  # taken, but not as they were there
    changes: Changes = field(default_factory=Changes)

    def count(self, counts: dict[str, int], what: str, n: int = 1) -> None:
        if n:
            counts[what] = counts.get(what, 0) + n

    def lines(self) -> list[str]:
        out = [f"imported {self.file}", f"added: {said(self.added)}", f"already here: {said(self.already)}"]
        if any(self.skipped.values()):
            out.append(f"not taken (a library holds text passages only): {said(self.skipped)}")
        return out + listed("not taken", self.problems) + listed("taken differently", self.notes)


class RefiImportService:
    def __init__(self, library: Library) -> None:
        self.library = library

    def _not_the_library(self, path: Path, what: str) -> None:
        """Refused unread: opening the library's own files here would drop SQLite's locks (058)."""
        if self.library.holds(path):
            raise UserError(f"{path} is this library's own file, not {what}; nothing was imported")

    def import_project(self, path: str | Path) -> RefiReport:
        """Read and validate the whole file first, then store it in one transaction; UserError (one
        sentence naming the file) if it is refused: the library is then untouched."""
        from annotator.importers.base import ImportProblem
        from annotator.importers.qdpx import read_project

        path = Path(path)
        self._not_the_library(path, "a REFI-QDA project")
        try:
            project = read_project(path)
        except ImportProblem as problem:
            raise UserError(f"{path}: {problem}") from None
        except OSError as exc:
            raise UserError(f"{path} cannot be read ({exc.strerror or exc})") from None
        report = RefiReport(str(path), skipped=dict(project.skipped), problems=list(project.problems))
        with self.library.writing() as session:
            _Store(session, project, report).run()
        return report

    def import_codebook(self, path: str | Path) -> RefiReport:
        """A .qdc codebook into this library's: codes matched to tags by name (a colour or
        description that differs is said, this library's kept), new names added as tags."""
        from annotator.importers.base import ImportProblem
        from annotator.importers.qdpx import Project, read_codebook

        path = Path(path)
        self._not_the_library(path, "a REFI-QDA codebook")
        try:
            codes = read_codebook(path)
        except ImportProblem as problem:
            raise UserError(f"{path}: {problem}") from None
        except OSError as exc:
            raise UserError(f"{path} cannot be read ({exc.strerror or exc})") from None
        report = RefiReport(str(path))
        with self.library.writing() as session:
            _Store(session, Project(codes=codes), report)._tags()
        report.changes = Changes(codebook=bool(report.added.get("tags")))
        return report

    def export_codebook(self, out: str | Path) -> int:
        """The codebook as a .qdc file (written whole or not at all); returns the codes written."""
        from annotator.exporters.qdc import write_codebook
        from annotator.services import output

        with self.library.reading() as session:
            tags = tags_repo.list_all(session)
        if not tags:
            raise UserError("the codebook is empty: a .qdc file holds at least one code")
        with output.text(out, self.library.file) as stream:
            return write_codebook(tags, stream)


class _Store:
    def __init__(self, session: Session, project: Any, report: RefiReport) -> None:
        self.s, self.project, self.report = session, project, report

    def run(self) -> None:
        users = self._coders()
        codes = self._tags()
        documents = self._documents()
        self._values(documents)
        ids = self._annotations(users, codes, documents)
        added = self.report.added
        self.report.changes = Changes(
            documents=frozenset(documents.values()),
            annotations=frozenset(ids),
            codebook=bool(added.get("tags")),
            library=bool(added.get("documents")),
        )

    def _coders(self) -> dict[str, tuple[int, str]]:
        """user guid -> (coder id, layer)."""
        found: dict[str, tuple[int, str]] = {}
        for user in self.project.users.values():
            layer, login = ("gold", user.id[len(GOLD) :]) if user.id.startswith(GOLD) else ("coder", user.id)
            name = user.name.removesuffix(" (gold)") if layer == "gold" else user.name
            login = login_for(login.strip() or name or "coder")  # a login of ours stays as it is
            coder = coders_repo.by_login(self.s, login)
            if coder is None:
                coder = coders_repo.add(self.s, login, (name or login)[:DISPLAY_LENGTH], Role.CODER, now_iso())
                self.report.count(self.report.added, "coders")
            else:
                self.report.count(self.report.already, "coders")
            found[user.guid] = (coder.id, layer)
        return found

    def _tags(self) -> dict[str, int]:
        """code guid -> tag id, by name; a new name becomes a tag."""
        tags = tags_repo.list_all(self.s)
        colors = {t.color for t in tags}
        found: dict[str, int] = {}
        for code in self.project.codes:
            name = " ".join(code.name.split())[:200]
            if not name or "\x00" in name:
                self.report.problems.append(f"code {code.guid}: its name {code.name!r} cannot be a tag's: not taken")
                continue
            color = _color(code.color)
            description, line = tag_description(code.description)
            try:
                specs = parse_specs(line)
            except FieldError as exc:
                self.report.problems.append(f"code {name!r}: its fields cannot be read ({exc}): taken without them")
                specs = ()
            mine = tags_repo.by_name(self.s, name)
            if mine is None:
                mine = tags_repo.add(self.s, TagSpec(name, color or next_color(colors), "", description, specs))
                colors.add(mine.color)
                self.report.count(self.report.added, "tags")
            else:
                self.report.count(self.report.already, "tags")
                differs = [
                    what
                    for what, theirs, ours in (
                        ("colour", color.upper(), mine.color.upper()),
                        ("description", description, mine.description),
                        ("fields", format_specs(specs), format_specs(mine.fields)),
                    )
                    if theirs and theirs != ours
                ]
                if differs:
                    verb = "differ" if len(differs) > 1 else "differs"
                    self.report.notes.append(f"code {name!r}: its {' and '.join(differs)} {verb} here; this library's kept")
            if code.parent:
                self.report.notes.append(f"code {name!r} was under {code.parent!r}: a tag of its own (tags are not nested)")
            found[code.guid] = mine.id
        return found

    def _documents(self) -> dict[str, int]:
        """source guid -> document id; a text already here is matched, not stored twice."""
        variables = self.project.variables
        found: dict[str, int] = {}
        new = []
        self.new: set[str] = set()  # guids of the sources stored now (their variables' values are set)
        first: dict[str, str] = {}  # sha256 -> the guid of the project's first source with that text
        twins: list[tuple[str, str]] = []
        for source in self.project.sources:
            sha = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
            if sha in first:  # the same text twice in the project: one document
                twins.append((source.guid, first[sha]))
                self.report.notes.append(f"source {source.guid}: the same text as source {first[sha]}: one document")
                continue
            first[sha] = source.guid
            there = documents_repo.id_by_sha256(self.s, sha)
            if there is not None:
                found[source.guid] = there
                self.report.count(self.report.already, "documents")
                continue
            meta: dict[str, str] = {"title": source.name[:500]}
            for guid, value in source.values.items():
                variable = variables.get(guid)
                name = variable.name if variable is not None else ""
                if name in DOCUMENT_FIELDS:
                    meta[name] = value
            filename = meta.pop("filename", "")[:1000]
            published = meta.get("published", "")
            if published and normalise_date(published) != published:
                self.report.notes.append(f"source {source.guid}: published {published!r} is not a date: left empty")
                meta["published"] = ""
            for f in META_FIELDS:
                meta[f.name] = meta.get(f.name, "")[: f.max_length]
            new.append((source, DocumentMeta(**meta), filename or source.name[:1000], sha))
        ids = documents_repo.add_many(self.s, [(m, f, sha, s.text) for s, m, f, sha in new], imported_at=now_iso())
        for (source, *_), new_id in zip(new, ids, strict=True):
            found[source.guid] = new_id
            self.new.add(source.guid)
        for twin, original in twins:
            found[twin] = found[original]
        self.report.count(self.report.added, "documents", len(ids))
        return found

    def _values(self, documents: dict[str, int]) -> None:
        """The sources' variables (but the document fields) as document variables: a variable
        matched by name, a new one defined with the kind Annotator's export declared (else from
        its REFI type); values of the documents stored now (one already here keeps its own)."""
        defined = {v.name: v for v in variables_repo.list_all(self.s)}
        mine: dict[str, Variable | None] = {}
        for guid, variable in self.project.variables.items():
            if variable.name in DOCUMENT_FIELDS:
                continue
            mine[guid] = self._variable(variable, defined)
        for source in self.project.sources:
            if source.guid not in self.new:
                continue
            values: dict[int, str] = {}
            for guid, value in source.values.items():
                variable = mine.get(guid)
                if variable is None:
                    continue
                try:
                    values[variable.id] = normalise(variable, value)
                except VariableError as exc:
                    self.report.problems.append(f"source {source.guid}: {exc}: not taken")
            variables_repo.set_values(self.s, documents[source.guid], values)
            self.report.count(self.report.added, "variable values", sum(1 for v in values.values() if v))

    def _variable(self, variable: Any, defined: dict[str, Variable]) -> Variable | None:
        name = column_name(variable.name)
        kind, choices = "text", ""
        if variable.description.startswith(KIND):
            kind, _, choices = variable.description[len(KIND) :].partition(" ")
        elif variable.type in ("Integer", "Float"):
            kind = "number"
        elif variable.type == "Date":
            kind = "date"
        try:
            if name in defined:
                found = defined[name]
                if found.kind != kind or (kind == "choice" and "|".join(found.choices) != choices):
                    self.report.notes.append(
                        f"variable {name!r}: a {kind} there, a {found.shown_kind} here: this library's kept"
                    )
                self.report.count(self.report.already, "variables")
                return found
            made = variables_repo.add(self.s, define(name, kind, choices))
        except VariableError as exc:
            self.report.problems.append(f"variable {variable.guid}: {exc}: not taken")
            return None
        defined[name] = made
        self.report.count(self.report.added, "variables")
        return made

    def _notes(self, selection: Any) -> tuple[str, str]:
        """The selection's note (its Description, then the notes it refers to) and field values
        (the note Annotator's export writes them to), as stored."""
        notes, fields = [selection.note] if selection.note else [], ""
        for guid in selection.notes:
            text = self.project.notes.get(guid)
            if text is None:
                continue
            if text.startswith(FIELDS_NOTE):
                try:
                    values = json.loads(text[len(FIELDS_NOTE) :])
                    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
                        raise ValueError("not an object of texts")
                except ValueError as exc:
                    self.report.notes.append(
                        f"selection {selection.guid}: its field values cannot be read ({exc}): left out"
                    )
                    continue
                fields = json.dumps(values, ensure_ascii=False, sort_keys=True) if values else ""
            else:
                notes.append(text)
        return "\n\n".join(notes).replace("\x00", "\ufffd"), fields.replace("\x00", "\ufffd")

    def _importer(self) -> int:
        """The coder of selections that name no user: one made for the import (`refi_import`)."""
        coder = coders_repo.by_login(self.s, "refi_import")
        if coder is None:
            coder = coders_repo.add(self.s, "refi_import", "REFI-QDA import", Role.CODER, now_iso())
            self.report.count(self.report.added, "coders")
        return coder.id

    def _annotations(self, users: dict[str, tuple[int, str]], codes: dict[str, int], documents: dict[str, int]) -> list[int]:
        me = None
        rows: list[tuple[Any, ...]] = []  # in bulk_annotations.COLUMNS order
        tags_of: list[list[int]] = []
        uuids = [s.guid for source in self.project.sources for s in source.selections]
        here = transfer.ids_by_uuid(self.s, uuids)
        seen: set[str] = set()
        for source in self.project.sources:
            text, document = source.text, documents[source.guid]
            for selection in source.selections:
                where = f"selection {selection.guid}"
                if selection.guid in here or selection.guid in seen:
                    self.report.count(self.report.already, "annotations")
                    continue
                tags = [codes[c] for c in selection.codes if c in codes]
                if not tags:
                    self.report.problems.append(f"{where}: no code of it is a tag here: not taken")
                    continue
                try:
                    selector = select(text, selection.start, selection.end)
                except ValueError:
                    self.report.problems.append(f"{where}: positions {selection.start}–{selection.end} do not fit its text")
                    continue
                if selection.user in users:
                    coder, layer = users[selection.user]
                else:
                    if me is None:
                        me = self._importer()
                    coder, layer = me, "coder"
                note, fields = self._notes(selection) if selection.note or selection.notes else ("", "")
                created = _when(selection.created) or now_iso()
                seen.add(selection.guid)
                rows.append(
                    (
                        document,
                        selector.start,
                        selector.end,
                        selector.quote,
                        selector.prefix,
                        selector.suffix,
                        note,
                        created,
                        _when(selection.modified) or created,
                        fields,
                        selection.guid,
                        coder,
                        layer,
                    )
                )
                tags_of.append(sorted(set(tags)))
        ids = bulk_annotations.add(self.s, rows, tags_of)
        self.report.count(self.report.added, "annotations", len(rows))
        return ids


def _when(value: str) -> str:
    """A time as stored (at most 32 characters): as written, or a longer one (more than
    milliseconds, an offset) as UTC with milliseconds; '' for none or one that is not a time."""
    if len(value) <= 32:
        return value
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "") + "Z"


def _color(value: str) -> str:
    """#RRGGBB (a #RGB doubled), or '' for none or one we cannot read."""
    value = value.strip()
    if len(value) == 4 and value.startswith("#"):
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.upper() if valid_color(value) else ""
