"""Schema revisions this version knows, oldest first; a test checks them against Alembic's."""

KNOWN: tuple[str, ...] = ("0001", "0002", "0003")
HEAD = KNOWN[-1]
