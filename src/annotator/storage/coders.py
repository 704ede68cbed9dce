"""Coder repository: the library's coders (revision 0005), as frozen domain Coders."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.domain.coders import Coder, Role
from annotator.storage.schema import CoderRow

_C = CoderRow.__table__
COLUMNS = (_C.c.id, _C.c.login, _C.c.display_name, _C.c.role, _C.c.active, _C.c.created_at)  # coder_of's order


def coder_of(row: tuple) -> Coder:  # type: ignore[type-arg]
    id_, login, display, role, active, created_at = row
    return Coder(id_, login, display, Role(role), bool(active), created_at)


def list_all(session: Session) -> list[Coder]:
    return [coder_of(row) for row in session.execute(select(*COLUMNS).order_by(_C.c.id))]


def by_login(session: Session, login: str) -> Coder | None:
    row = session.execute(select(*COLUMNS).where(_C.c.login == login)).first()
    return None if row is None else coder_of(tuple(row))


def by_display_name(session: Session, name: str) -> list[Coder]:
    return [coder_of(row) for row in session.execute(select(*COLUMNS).where(_C.c.display_name == name).order_by(_C.c.id))]


def logins(session: Session) -> set[str]:
    return set(session.scalars(select(_C.c.login)))


def add(session: Session, login: str, display_name: str, role: Role, created_at: str) -> Coder:
    new_id = (
        session.connection()
        .execute(
            insert(_C)
            .values(login=login, display_name=display_name, role=role.value, active=True, created_at=created_at)
            .returning(_C.c.id)
        )
        .scalar_one()
    )
    return Coder(new_id, login, display_name, role, True, created_at)


def add_unless_taken(session: Session, login: str, display_name: str, role: Role, created_at: str) -> Coder | None:
    """`add` under a savepoint: None when another program took this login between our read and
    this insert (the transaction goes on; on a server a failed statement would otherwise end it)."""
    try:
        with session.begin_nested():
            return add(session, login, display_name, role, created_at)
    except IntegrityError:
        if by_login(session, login) is None:
            raise  # some other constraint: the write's usual sentence says it
        return None


def set_active(session: Session, coder_id: int, active: bool) -> None:
    session.execute(update(_C).where(_C.c.id == coder_id).values(active=active))


def id_of(login: str):  # type: ignore[no-untyped-def]
    """A scalar subquery: the id of the coder with this login (a bound parameter), for inserts."""
    return select(_C.c.id).where(_C.c.login == login).scalar_subquery()
