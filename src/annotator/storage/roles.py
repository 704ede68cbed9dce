"""A coder's login on a server (revision 0007): a PostgreSQL role per coder, member of
`annotator_coders` or `annotator_lead`. Made by an administrator's connection (CREATEROLE), in
the transaction that adds the coder's row. Names are quoted identifiers, never spliced raw; no
password is set or stored here (the administrator sets one with psql's \\password, or the server
authenticates by certificate or peer)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from annotator.storage.server import CODERS_ROLE, LEAD_ROLE


def _quoted(session: Session, name: str) -> str:
    # quote_identifier always quotes and doubles any '"': `O"Brien; DROP …` stays one name.
    return session.connection().dialect.identifier_preparer.quote_identifier(name)


def unfit_for_coding(session: Session, login: str) -> str | None:
    """Why an existing role cannot be a coder's login (None: it can, or does not exist yet): a
    superuser or a role bypassing row security sees everyone's rows; the tables' owner runs
    migrations, not the app."""
    row = session.execute(
        text(
            "SELECT r.rolsuper OR r.rolbypassrls, "
            "r.oid = (SELECT relowner FROM pg_class WHERE oid = 'public.annotations'::regclass) "
            "FROM pg_roles r WHERE r.rolname = :login"
        ),
        {"login": login},
    ).first()
    if row is None:
        return None
    if row[0]:
        return "it is a superuser (or bypasses row security): it would see every coder's annotations"
    if row[1]:
        return "it owns the tables (the administrator's role, for `annotator migrate`)"
    return None


def has_login(session: Session, login: str, *, lead: bool) -> bool:
    """Whether the role `login` is a coder's login of this library already: it exists, is a member
    of the coders' (or, lead, the lead's) role and may connect to this database. A coder's row
    brought in by `merge` or `copy` has none of that until `coders add` makes it."""
    row = session.execute(
        text(
            "SELECT pg_has_role(r.oid, :group, 'MEMBER') AND has_database_privilege(r.oid, current_database(), 'CONNECT') "
            "FROM pg_roles r WHERE r.rolname = :login"
        ),
        {"login": login, "group": LEAD_ROLE if lead else CODERS_ROLE},
    ).first()
    return bool(row is not None and row[0])


def create_login(session: Session, login: str, *, lead: bool) -> bool:
    """Make the login role (if the cluster has none of that name: roles are the cluster's, and
    another library may have made it) and make it a member of the coders' or the lead's role.
    True if the role was made here."""
    exists = session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :login"), {"login": login}).first()
    name = _quoted(session, login)
    if exists is None:
        session.execute(text(f"CREATE ROLE {name} LOGIN"))
    session.execute(text(f"GRANT {LEAD_ROLE if lead else CODERS_ROLE} TO {name}"))
    # This library only: the group roles are the cluster's, CONNECT is per database (revision 0007).
    database = _quoted(session, session.execute(text("SELECT current_database()")).scalar_one())
    session.execute(text(f"GRANT CONNECT ON DATABASE {database} TO {name}"))
    return exists is None


def set_login(session: Session, login: str, *, lead: bool, can: bool) -> str:
    """A deactivated coder's login stops working for this library (decision 046); `can` gives it
    back. Roles are the cluster's, and one login may code in several libraries on a server: a
    role with CONNECT granted on another database keeps its login there and loses CONNECT on
    this one; a role that is a login of this library only becomes NOLOGIN. Only a role that is a
    member of the coders' (or lead's) role and fit for coding is touched (never a superuser or the
    tables' owner). Returns what changed: 'role' (LOGIN/NOLOGIN, and CONNECT here), 'database'
    (CONNECT here only), or '' (no login of this library: the coder's row alone)."""
    group = LEAD_ROLE if lead else CODERS_ROLE
    row = session.execute(
        text(
            "SELECT pg_has_role(r.oid, :group, 'MEMBER'), r.rolcanlogin, "
            "has_database_privilege(r.oid, current_database(), 'CONNECT'), "
            "EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a WHERE a.grantee = r.oid "
            "AND a.privilege_type = 'CONNECT' AND d.datname <> current_database()) "
            "FROM pg_roles r WHERE r.rolname = :login"
        ),
        {"login": login, "group": group},
    ).first()
    if row is None or not row[0] or unfit_for_coding(session, login) is not None:
        return ""
    member, can_login, connects, elsewhere = row
    name = _quoted(session, login)
    database = _quoted(session, session.execute(text("SELECT current_database()")).scalar_one())
    if can:
        if can_login and connects:
            return ""
        session.execute(text(f"ALTER ROLE {name} LOGIN"))
        session.execute(text(f"GRANT CONNECT ON DATABASE {database} TO {name}"))
        return "role"
    if not (can_login and connects):
        return ""
    session.execute(text(f"REVOKE CONNECT ON DATABASE {database} FROM {name}"))
    if elsewhere:
        return "database"
    session.execute(text(f"ALTER ROLE {name} NOLOGIN"))
    return "role"
