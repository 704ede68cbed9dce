"""Document variables and memos (issue 14): define the library's variables, set their values for
documents, write a document's memo. On a server only the lead may (the server refuses a coder)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from annotator.domain import variables as rules
from annotator.domain.nul import nul_problem
from annotator.domain.variables import Memo, Variable, VariableError
from annotator.services.changes import Changes, now_iso
from annotator.services.errors import UserError
from annotator.storage import documents as documents_repo
from annotator.storage import variables as repo
from annotator.storage.engine import Library, Session

# Document id -> (variable name -> value): what a document's values look like outside storage.
Values = dict[int, dict[str, str]]


@dataclass(frozen=True, slots=True)
class ImportedValues:
    """What an import made of metadata.csv's other columns: variables defined, values refused."""

    defined: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()  # one sentence per value that does not fit its variable


def import_values_many(session: Session, documents: list[tuple[int, tuple[tuple[str, str], ...]]]) -> list[ImportedValues]:
    """New documents' values from their other columns (metadata.csv's, a corpus's), in the
    import's transaction: a column not yet a variable becomes one (text; said by the first
    document that made it); a value that does not fit its variable is left out and said. One
    look-up of the variables and one insert for the batch (a query per document was half of a
    corpus's import)."""
    known = {v.name: v for v in repo.list_all(session)}
    out, rows = [], []
    for document_id, found in documents:
        defined, refused = [], []
        for name, value in found:
            if not value.strip():
                continue
            variable = known.get(name)
            if variable is None:
                variable = known[name] = repo.add(session, Variable(name))
                defined.append(name)
            try:
                rows.append((document_id, variable.id, rules.normalise(variable, value)))
            except VariableError as exc:
                refused.append(str(exc))
        out.append(ImportedValues(tuple(defined), tuple(refused)))
    repo.add_values(session, rows)
    return out


class VariableService:
    def __init__(self, library: Library) -> None:
        self._library = library

    # --- variables -------------------------------------------------------------------------
    def variables(self) -> list[Variable]:
        with self._library.reading() as session:
            return repo.list_all(session)

    def define(self, name: str, kind: str = "text", choices: str | tuple[str, ...] = ()) -> tuple[Variable, Changes]:
        """Define a variable, or change the type of one: refused if a value it holds would not fit."""
        try:
            wanted = rules.define(name, kind, choices)
        except VariableError as exc:
            raise UserError(str(exc)) from None
        with self._library.writing() as session:
            known = {v.name: v for v in repo.list_all(session)}
            old = known.get(wanted.name)
            if old is None:
                made = repo.add(session, wanted)
            else:
                made = replace(wanted, id=old.id, position=old.position)
                for document_id, value in sorted(repo.values_of(session, old.id).items()):
                    try:
                        fitted = rules.normalise(made, value)
                    except VariableError as exc:
                        raise UserError(f"document {document_id} has {value!r}: {exc}; nothing was changed") from None
                    if fitted != value:
                        repo.set_values(session, document_id, {old.id: fitted})
                repo.redefine(session, made)
        return made, Changes(library=True)

    def remove(self, name: str) -> tuple[Variable, dict[int, str], Changes]:
        """Delete a variable with its values; returns them (for undo)."""
        with self._library.writing() as session:
            variable = self._named(session, name)
            held = repo.values_of(session, variable.id)
            repo.remove(session, variable.id)
        return variable, held, Changes(documents=frozenset(held), library=True)

    # --- values ----------------------------------------------------------------------------
    def values(self, document_ids: Iterable[int] | None = None) -> Values:
        """Document id -> (variable name -> value); documents without values are left out."""
        with self._library.reading() as session:
            names = {v.id: v.name for v in repo.list_all(session)}
            stored = repo.values(session, document_ids)
        return {d: {names[v]: value for v, value in held.items()} for d, held in stored.items()}

    def set_values(self, document_ids: Iterable[int], values: Mapping[str, str]) -> tuple[Values, Changes]:
        """Set the same values (variable name -> value; '' removes it) for each document, in one
        transaction; returns each document's old values of those variables (for undo)."""
        wanted = sorted(set(document_ids))
        with self._library.writing() as session:
            missing = set(wanted) - documents_repo.existing_ids(session, wanted)
            if missing:
                raise UserError(f"there is no document {', '.join(map(str, sorted(missing)))}")
            by_id = self._checked(session, values)
            old_stored = repo.values(session, wanted)
            for document_id in wanted:
                repo.set_values(session, document_id, by_id)
        names = {v.id: v.name for v in self.variables()}
        old = {d: {names[v]: old_stored.get(d, {}).get(v, "") for v in by_id} for d in wanted}
        return old, Changes(documents=frozenset(wanted))

    def restore_values(self, old: Values) -> Changes:
        """Put back what set_values returned (undo), each document its own values."""
        with self._library.writing() as session:
            for document_id, values in old.items():
                repo.set_values(session, document_id, self._checked(session, values))
        return Changes(documents=frozenset(old))

    # --- memos -----------------------------------------------------------------------------
    def memo(self, document_id: int) -> Memo:
        with self._library.reading() as session:
            if not documents_repo.existing_ids(session, [document_id]):
                raise UserError(f"there is no document {document_id}")
            return repo.memo(session, document_id) or Memo()

    def set_memo(self, document_id: int, text: str) -> tuple[Memo, Changes]:
        """Write a document's memo (stamped now; an empty text removes it); returns the old one."""
        memo_problem(text)
        with self._library.writing() as session:
            if not documents_repo.existing_ids(session, [document_id]):
                raise UserError(f"there is no document {document_id}")
            old = repo.memo(session, document_id) or Memo()
            repo.set_memo(session, document_id, Memo(text, now_iso()) if text.strip() else None)
        return old, Changes(documents=frozenset({document_id}))

    def restore_memo(self, document_id: int, memo: Memo) -> Changes:
        """Put a memo back as it was, with its own time (undo)."""
        with self._library.writing() as session:
            repo.set_memo(session, document_id, memo if memo.text else None)
        return Changes(documents=frozenset({document_id}))

    # --- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _named(session: Session, name: str) -> Variable:
        return named(session, name)

    def _checked(self, session: Session, values: Mapping[str, str]) -> dict[int, str]:
        return checked_values(session, values)


def named(session: Session, name: str) -> Variable:
    """The variable of that name, or UserError saying there is none."""
    for variable in repo.list_all(session):
        if variable.name == name.strip().lower():
            return variable
    raise UserError(f"there is no document variable {name!r} (`annotator vars list` shows them)")


def checked_values(session: Session, values: Mapping[str, str]) -> dict[int, str]:
    """Variable id -> normalised value; UserError naming the first that does not fit."""
    checked = {}
    for name, value in values.items():
        variable = named(session, name)
        try:
            checked[variable.id] = rules.normalise(variable, value)
        except VariableError as exc:
            raise UserError(str(exc)) from None
    return checked


def stored_pairs(session: Session, pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """(variable name, value) pairs as stored, to compare with stored values: each name as the
    variable's (a name as a metadata.csv column heads it, `Outlet Country`, is the variable an
    import made of that column), each value normalised as `set_values` would store it. UserError
    naming the first variable that does not exist, refuses the value, or is given no value."""
    stored = []
    for name, value in pairs:
        variable = named(session, rules.column_name(name))
        try:
            fitted = rules.normalise(variable, value)
        except VariableError as exc:
            raise UserError(str(exc)) from None
        if not fitted:
            raise UserError(f"give a value of {variable.name} to search for")
        stored.append((variable.name, fitted))
    return tuple(stored)


def memo_problem(text: str) -> None:
    """UserError if a memo cannot be stored."""
    problem = nul_problem("a memo", text)
    if problem:
        raise UserError(problem)
