"""Per-coder progress (issue 12): each coder's status of each document — the lead's view of
everyone, or only one's own where blind coding keeps the others' from a coder (a team server)."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.coders import Coder, Role
from annotator.domain.listing import FILENAME, ID, TITLE
from annotator.domain.models import Status
from annotator.services.coders import CoderService
from annotator.storage import coders as coders_repo
from annotator.storage import documents as repo
from annotator.storage.engine import Library


@dataclass(frozen=True)
class Progress:
    """A table of documents × coders. No status row is `new` (decision 014)."""

    coders: tuple[Coder, ...]  # the columns, oldest coder first
    documents: tuple[tuple[int, str], ...]  # (id, title or file name), in id order
    statuses: dict[tuple[int, int], Status]  # (document id, coder id) -> status, where not new
    everyone: bool  # False: only the current coder's own column (a coder on a team server)

    def status(self, document_id: int, coder_id: int) -> Status:
        return self.statuses.get((document_id, coder_id), Status.NEW)

    def done(self, document_id: int) -> int:
        """How many of the shown coders are done with the document."""
        return sum(self.status(document_id, c.id) is Status.DONE for c in self.coders)

    def summary(self, document_id: int) -> str:
        """'2/3 done': the compact form of a document's row."""
        return f"{self.done(document_id)}/{len(self.coders)} done"


class ProgressService:
    def __init__(self, library: Library, coders: CoderService) -> None:
        self._library = library
        self._coders = coders

    def everyone_visible(self) -> bool:
        """The current connection may see every coder's status: a SQLite file (whoever opens it
        can read any row: no access control to pretend), an administrator's connection, or the
        lead; a coder on a team server sees only their own (the server's row security says so
        too — this only keeps their window from showing the others as `new`)."""
        if not self._coders.fixed:
            return True
        return self._coders.current().role is Role.LEAD

    def progress(self) -> Progress:
        everyone = self.everyone_visible()
        me = self._coders.current()
        with self._library.reading() as session:
            rows = repo.listing(session, me.id)
            statuses = {(d, c): s for d, c, s in repo.all_statuses(session) if s is not Status.NEW}
            coders = coders_repo.list_all(session)
        if everyone:
            with_status = {c for _, c in statuses}
            shown = tuple(c for c in coders if c.active or c.id in with_status)
        else:
            shown = tuple(c for c in coders if c.id == me.id) or (me,)
            statuses = {key: s for key, s in statuses.items() if key[1] == me.id}
        documents = tuple(sorted((r[ID], r[TITLE] or r[FILENAME]) for r in rows))
        return Progress(shown, documents, statuses, everyone)
