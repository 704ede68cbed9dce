"""Document variables, their values and memos (revision 0010): rows in, domain records out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from annotator.domain.variables import Memo, Variable
from annotator.storage.schema import DocumentMemoRow, DocumentValueRow, VariableRow

_V = DocumentValueRow.__table__
_M = DocumentMemoRow.__table__


def _variable(row: VariableRow) -> Variable:
    choices = tuple(c for c in row.choices.split("|") if c) if row.choices else ()
    return Variable(row.name, row.kind, choices, row.id, row.position)


def list_all(session: Session) -> list[Variable]:
    return [_variable(r) for r in session.scalars(select(VariableRow).order_by(VariableRow.position, VariableRow.id))]


def add(session: Session, variable: Variable) -> Variable:
    position = session.scalar(select(func.coalesce(func.max(VariableRow.position), -1))) + 1
    row = VariableRow(name=variable.name, kind=variable.kind, choices="|".join(variable.choices), position=position)
    session.add(row)
    session.flush()
    return _variable(row)


def put_back(session: Session, variable: Variable) -> None:
    """A deleted variable again, under its own id (undo)."""
    session.execute(
        insert(VariableRow).values(
            id=variable.id,
            name=variable.name,
            kind=variable.kind,
            choices="|".join(variable.choices),
            position=variable.position,
        )
    )


def redefine(session: Session, variable: Variable) -> None:
    session.execute(
        update(VariableRow)
        .where(VariableRow.id == variable.id)
        .values(kind=variable.kind, choices="|".join(variable.choices))
    )


def remove(session: Session, variable_id: int) -> None:
    """Delete a variable; its values go with it (ON DELETE CASCADE)."""
    session.execute(delete(VariableRow).where(VariableRow.id == variable_id))


def values_of(session: Session, variable_id: int) -> dict[int, str]:
    """Document id -> value, for one variable."""
    found = session.execute(select(_V.c.document_id, _V.c.value).where(_V.c.variable_id == variable_id))
    return {document_id: value for document_id, value in found}


def values(session: Session, document_ids: Iterable[int] | None = None) -> dict[int, dict[int, str]]:
    """Document id -> (variable id -> value), for some documents or all."""
    statement = select(_V.c.document_id, _V.c.variable_id, _V.c.value)
    if document_ids is not None:
        statement = statement.where(_V.c.document_id.in_(list(document_ids)))
    found: dict[int, dict[int, str]] = {}
    for document_id, variable_id, value in session.execute(statement):
        found.setdefault(document_id, {})[variable_id] = value
    return found


def set_values(session: Session, document_id: int, values: Mapping[int, str]) -> None:
    """Set a document's values (variable id -> value); an empty value removes it. Delete then
    insert: portable, and one transaction."""
    if not values:
        return
    session.execute(delete(_V).where(_V.c.document_id == document_id, _V.c.variable_id.in_(list(values))))
    rows = [{"document_id": document_id, "variable_id": v, "value": value} for v, value in values.items() if value]
    if rows:
        session.execute(insert(_V), rows)


def add_values(session: Session, rows: Iterable[tuple[int, int, str]]) -> None:
    """Values of documents that have none yet (a batch of an import): (document id, variable id,
    value) rows, inserted in one statement."""
    found = [{"document_id": d, "variable_id": v, "value": value} for d, v, value in rows if value]
    if found:
        session.execute(insert(_V), found)


def memo(session: Session, document_id: int) -> Memo | None:
    row = session.execute(select(_M.c.text, _M.c.updated_at).where(_M.c.document_id == document_id)).first()
    return None if row is None else Memo(row[0], row[1])


def set_memo(session: Session, document_id: int, memo: Memo | None) -> None:
    """A document's memo; None or an empty text removes it."""
    session.execute(delete(_M).where(_M.c.document_id == document_id))
    if memo is not None and memo.text:
        session.execute(insert(_M).values(document_id=document_id, text=memo.text, updated_at=memo.updated_at))
