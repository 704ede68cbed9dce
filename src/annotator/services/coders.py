"""Coders: who is coding now (resolved once per library), and the library's list of coders.

The current coder is named by `--annotator NAME`, ANNOTATOR_USER, the app's saved coder or the
operating-system user, in that order (the caller passes the first it has). A name is a coder's
display name or login (`login:LOGIN` names exactly that login: what the app saves for a pick);
a name nobody has yet becomes a coder on first use (the first write), so reading a library never
writes to it. On SQLite this is bookkeeping, not access control: anyone
who can open the file can write as anyone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from annotator.domain.coders import Coder, CoderError, Role, default_annotator, display_name, login_for
from annotator.services.changes import now_iso
from annotator.services.errors import UserError
from annotator.storage import coders as repo
from annotator.storage import roles
from annotator.storage.engine import Library, Session

__all__ = ["CoderService", "default_annotator"]


class CoderService:
    def __init__(self, library: Library, name: str | None = None) -> None:
        self._library = library
        self._name = name or default_annotator()
        self._current: Coder | None = None  # known to exist in the library

    # --- the current coder ---------------------------------------------------------------
    @property
    def name(self) -> str:
        """The name the current coder was asked for by (as typed)."""
        return self._name

    @property
    def fixed(self) -> str:
        """On a server, connected with a coder's login: that login, which is who codes (the
        server's row security decides by it, so no other name can be chosen). '' elsewhere."""
        return self._library.login

    def switch(self, name: str, *, login: bool = False) -> Coder:
        """Code as someone else from now on (an existing coder, or a new one made on first use).
        With `login`, exactly the coder of that login (a pick from the list): `name` then reads
        `login:LOGIN`, which is also what to save to come back to them."""
        if self.fixed:
            raise UserError(
                f"on this server you code as {self.fixed}, the login you connected with; to code as "
                "someone else, connect with their login"
            )
        try:
            display_name(name)
        except CoderError as exc:
            raise UserError(str(exc)) from None
        before = self._name, self._current
        self._name, self._current = (BY_LOGIN + name if login else name), None
        chosen = self.current()
        if not chosen.active:
            self._name, self._current = before
            raise UserError(
                f"{chosen.display_name} ({chosen.login}) is an inactive coder of this library: they write "
                f"nothing in it (the lead runs `annotator coders activate {chosen.login}`)"
            )
        return chosen

    def current(self) -> Coder:
        """The current coder; one not yet in the library has id 0 and the login it will get."""
        if self._current is not None:
            return self._current
        with self._library.reading() as session:
            if self.fixed:
                self._current = _registered(session, self.fixed)
                return self._current
            found = _find(session, self._name)
            if found is not None:
                self._current = found
                return found
            plain = _plain(self._name)
            return Coder(0, login_for(plain, repo.logins(session)), plain, Role.CODER, True, "")

    @property
    def login(self) -> str:
        return self.current().login

    @property
    def id(self) -> int:
        """The current coder's id, 0 while they have written nothing (matches no row)."""
        return self.current().id

    def ensure(self, session: Session) -> Coder:
        """Inside a write: the current coder, made now if new (the write's own transaction). Looked
        up again in each write (one unique-index read): a restore may have put back a library from
        before this coder existed, and the write must not then fail. An inactive coder is refused."""
        known = self.check_writer(session) or _add_first(session, _plain(self._name))
        self._current = session.info[_WRITER] = known
        return known

    def writer_login(self) -> str | None:
        """The login check_writer reads the writer by, when it reads by login (a server's login, or
        a coder found already): a write may read that row in its own first statement (decision 060)."""
        return self.fixed or (self._current.login if self._current is not None else None)

    def check_writer(self, session: Session, read: Coder | None = None) -> Coder | None:
        """Inside a write: the current coder as the library has them now (None: not in it yet),
        refused with a sentence if inactive (decision 046). Read once per transaction: kept in the
        session for `ensure` (a tag read the coder twice: one round trip of ten, decision 054).
        `read`: the row of writer_login(), read by the caller in this transaction."""
        known = session.info.get(_WRITER) or read
        if known is None:
            if self.fixed:
                known = _registered(session, self.fixed)
            else:
                by_login = repo.by_login(session, self._current.login) if self._current is not None else None
                known = by_login or _find(session, self._name)
        if known is not None:
            session.info[_WRITER] = known
        if known is not None and not known.active:
            raise UserError(
                f"{known.display_name} ({known.login}) is an inactive coder of this library and writes "
                f"nothing in it (the lead runs `annotator coders activate {known.login}`); nothing was saved"
            )
        return known

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction on the library's shared rows (documents, their metadata and phase):
        refused at once, with the sentence, if the current coder is inactive (decision 046)."""
        with self._library.writing() as session:
            self.check_writer(session)
            yield session

    # --- the list ------------------------------------------------------------------------
    def list(self, *, active_only: bool = False) -> list[Coder]:
        with self._library.reading() as session:
            return [c for c in repo.list_all(session) if c.active or not active_only]

    def set_active(self, name: str, active: bool) -> Activated:
        """Make a coder inactive (they write nothing any more; their annotations stay and count in
        agreement and exports) or active again. On SQLite the current coder must be a lead; on a
        server an administrator's connection does it, as `coders add`, and the coder's login
        becomes NOLOGIN (or LOGIN again): a login stops working (decision 046)."""
        if self.fixed:
            raise UserError(
                "making a coder inactive also stops their login on the server: an administrator (the role "
                "that ran `annotator migrate`) runs `annotator coders deactivate` and `activate`"
            )
        with self._library.writing() as session:
            if self._library.is_sqlite:
                me = self.check_writer(session)  # as the library has them now: an inactive lead is refused
                if me is None or not me.is_lead:
                    raise UserError(
                        f"only a lead makes coders inactive or active ({me.login if me else _plain(self._name)} "
                        "is not one): run it as the lead (--annotator NAME)"
                    )
            coder = _find(session, name)
            if coder is None:
                raise UserError(f"there is no coder {name!r} in this library (see `annotator coders list`)")
            if not active and self._library.is_sqlite and coder.id == me.id:
                raise UserError(f"{coder.login} is the coder running this: a lead cannot make themselves inactive")
            repo.set_active(session, coder.id, active)
            login = "" if self._library.is_sqlite else roles.set_login(session, coder.login, lead=coder.is_lead, can=active)
        self._current = None
        return Activated(replace(coder, active=active), changed=coder.active != active, login=login)

    def add(self, name: str, *, lead: bool = False, display: str | None = None) -> Coder:
        """A new coder (see register); the coder."""
        return self.register(name, lead=lead, display=display).coder

    def register(self, name: str, *, lead: bool = False, display: str | None = None) -> Registered:
        """A new coder: `name` gives the login (lower case, `_` for spaces), `display` the name
        people see (default: name). On a server the coder's login role is made too (member of
        annotator_coders, or annotator_lead with lead), by an administrator's connection; no
        password is set or printed (see storage.roles). On a server, a coder whose row is here
        but who has no login for this library (brought in by `merge` or `copy`, which carry rows,
        not the cluster's roles) gets that login now, as their row says (coder or lead)."""
        if self.fixed:
            raise UserError(
                "adding a coder makes their login on the server: an administrator (the role that ran "
                "`annotator migrate`) runs `annotator coders add`"
            )
        with self._library.writing() as session:
            login = login_for(name)  # taken: refused, never a "-2" (that could be the same person twice)
            known = repo.by_login(session, login)
            if known is not None and not self._library.is_sqlite and not roles.has_login(session, login, lead=known.is_lead):
                _same_as_row(known, lead, display)
                _make_login(session, known)
                return Registered(known, login_only=True)
            if known is not None or (display is None and repo.by_display_name(session, name)):
                raise UserError(
                    f"there is a coder {login!r} already (see `annotator coders list`); give "
                    "another NAME, and --display for the name people see"
                )
            coder = _add(session, name, display if display is not None else name, Role.LEAD if lead else Role.CODER)
            if not self._library.is_sqlite:
                _make_login(session, coder)
            return Registered(coder, login_only=False)


@dataclass(frozen=True)
class Activated:
    coder: Coder
    changed: bool  # False: they were so already
    login: str  # on a server: 'role' (LOGIN/NOLOGIN), 'database' (CONNECT here only) or '' (roles.set_login)


@dataclass(frozen=True)
class Registered:
    coder: Coder
    login_only: bool  # the coder's row was here already (merge, copy): only their login was made


def _make_login(session: Session, coder: Coder) -> None:
    why = roles.unfit_for_coding(session, coder.login)
    if why is not None:
        raise UserError(f"the server's role {coder.login} cannot be a coder's login: {why}")
    roles.create_login(session, coder.login, lead=coder.is_lead)


def _same_as_row(known: Coder, lead: bool, display: str | None) -> None:
    """Making a login for a coder already here changes nothing of the row: a different role or
    name asked for is refused rather than silently ignored (or silently granted: --lead)."""
    if lead and not known.is_lead:
        raise UserError(
            f"{known.login} is a coder of this library (brought in by merge or copy): their login is made "
            "as their row says; run `annotator coders add` without --lead"
        )
    if display is not None and display != known.display_name:
        raise UserError(
            f"{known.login} is in this library as {known.display_name!r} already: run `annotator coders add` "
            "without --display to make their login"
        )


def _registered(session: Session, login: str) -> Coder:
    """The coder whose login role this connection is (a server with row security)."""
    found = repo.by_login(session, login)
    if found is None:
        raise UserError(
            f"the login {login} is no coder of this library: an administrator adds it with `annotator coders add`"
        )
    return found


_WRITER = "annotator_writer"  # session.info: the writing coder, once read in this transaction
BY_LOGIN = "login:"  # a name that is a login, exactly (a coder picked from the list, saved as such)


def _plain(name: str) -> str:
    return name.removeprefix(BY_LOGIN)


def _find(session: Session, name: str) -> Coder | None:
    """`login:LOGIN`: that coder only. Otherwise a coder by display name (as typed, the oldest
    first), else by login: names from the free-text era may differ only in case or spacing, and
    the free text a person used is their display name."""
    if name.startswith(BY_LOGIN):
        return repo.by_login(session, _plain(name))
    named = repo.by_display_name(session, name)
    return named[0] if named else repo.by_login(session, name)


def _add_first(session: Session, name: str) -> Coder:
    """This program's coder at its first write. Another program starting as the same new coder at
    the same moment may insert the row first: then that row is this coder too, not an error."""
    _check(name, name)
    made = repo.add_unless_taken(session, login_for(name, repo.logins(session)), name, Role.CODER, now_iso())
    return made if made is not None else _find(session, name) or _add(session, name, name, Role.CODER)


def _check(name: str, display: str) -> None:
    try:
        display_name(name)
        display_name(display)
    except CoderError as exc:
        raise UserError(str(exc)) from None


def _add(session: Session, name: str, display: str, role: Role) -> Coder:
    _check(name, display)
    return repo.add(session, login_for(name, repo.logins(session)), display, role, now_iso())
