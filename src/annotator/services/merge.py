"""`annotator merge OTHER`: bring another library (a coder's file, a team database) into this one.

Matching (issue 12, decision 017): documents by the SHA-256 of their text, tags by name, coders by
login, annotations by UUID, the lead's gold decisions by all they hold (decision 029). Nothing
here is ever deleted or overwritten: a tag whose colour or fields differ, an annotation whose
UUID is here in another state, a status or lexicon frame that differs — each is reported and this
library's is kept. An annotation carrying a conflicting tag is held back (not guessed onto this
library's tag of that name); it comes in with a later merge once the tags agree. Everything is
one transaction: a merge that is killed leaves nothing half done, and merging the same library
again changes nothing. OTHER is only read."""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.coders import Role
from annotator.domain.wording import one_of
from annotator.paths import without_password
from annotator.services.changes import Changes
from annotator.services.errors import UserError
from annotator.storage import transfer
from annotator.storage.engine import Library, Session
from annotator.storage.errors import LibraryError

SHOWN = 30  # characters of a quote in a report line
LISTED = 20  # report lines of one kind shown before "… and N more"


def said(counts: dict[str, int]) -> str:
    """Counts by kind for a report line: "3 documents, 40 annotations", or "nothing"."""
    shown = [f"{n} {one_of(name) if n == 1 else name}" for name, n in counts.items() if n]
    return ", ".join(shown) if shown else "nothing"


def listed(title: str, items: list[str]) -> list[str]:
    """A report's items of one kind under their title with their number, the first LISTED only."""
    if not items:
        return []
    more = [f"  … and {len(items) - LISTED} more"] if len(items) > LISTED else []
    return [f"{title}: {len(items)}", *(f"  {item}" for item in items[:LISTED]), *more]


@dataclass
class MergeReport:
    other: str
    added: dict[str, int] = field(default_factory=dict)
    already: dict[str, int] = field(default_factory=dict)  # here before, identical: nothing to do
    conflicts: list[str] = field(default_factory=list)  # reported, this library's kept
    unmatched: list[str] = field(default_factory=list)  # could not be brought in
    notes: list[str] = field(default_factory=list)  # brought in, but not as they were there
    skipped: dict[str, int] = field(default_factory=dict)  # a coder's merge: not theirs to bring (decision 046)
    changes: Changes = field(default_factory=Changes)

    def lines(self) -> list[str]:
        """A few lines for people: what came in, what was here already, what was not brought."""

        out = [f"merged {without_password(self.other)}", f"added: {said(self.added)}", f"already here: {said(self.already)}"]
        out += listed("conflicts (this library's kept)", self.conflicts)
        out += listed("could not be brought in", self.unmatched)
        out += listed("brought in differently", self.notes)
        if self.skipped:
            out.append(f"skipped (a coder's login brings only their own layer; the lead's brings all): {said(self.skipped)}")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "other": without_password(self.other),
            "added": self.added,
            "already": self.already,
            "conflicts": self.conflicts,
            "unmatched": self.unmatched,
            "notes": self.notes,
            "skipped": self.skipped,
        }


class MergeCancelled(UserError):
    """The merge was stopped before its commit: its transaction was rolled back, nothing changed."""


# Told what the merge is doing ("annotations", say) between steps; False stops it (rolled back).
KeepGoing = Callable[[str], bool]


def _short(quote: str) -> str:
    one = " ".join(quote.split())
    return repr(one if len(one) <= SHOWN else one[: SHOWN - 1] + "…")


def _where(row: dict[str, Any]) -> str:
    return f"annotation {row['uuid']} {_short(row['quote'])}"


class MergeService:
    def __init__(self, library: Library) -> None:
        self.library = library

    def merge(self, other: str, *, keep_going: KeepGoing | None = None) -> MergeReport:
        """Merge the library at `other` (a file or URL) into this one, in one transaction.
        `keep_going(step)` is told each step (the app shows it) and may stop the merge before
        its commit (MergeCancelled: rolled back, nothing changed)."""
        collecting = gc.isenabled()
        gc.disable()  # hundreds of thousands of small tuples, none of them cyclic: a third of the time otherwise
        try:
            # A coder's login on a server writes only their own layer (row security): the rest is
            # skipped and counted, not refused as a whole. The lead's login brings every layer (0013).
            only = self.library.login if self.library.login and not self.library.lead else ""
            with transfer.reading_other(other, self.library.url) as src, self.library.writing() as here:
                return _Merge(src, here, other, keep_going, only=only).run()
        except LibraryError as exc:
            raise UserError(str(exc)) from None
        finally:
            if collecting:
                gc.enable()


class _Merge:
    def __init__(
        self, src: Session, here: Session, other: str, keep_going: KeepGoing | None = None, *, only: str = ""
    ) -> None:
        self.src, self.here = src, here
        self.report = MergeReport(other)
        self._keep_going = keep_going
        self.only = only  # a coder's login: only their own layer is theirs to bring

    def _skip(self, what: str, n: int = 1) -> None:
        if n:
            self.report.skipped[what] = self.report.skipped.get(what, 0) + n

    def _step(self, what: str) -> None:
        """Between steps (and slices of the long ones): say what comes, stop if asked to."""
        if self._keep_going is not None and not self._keep_going(what):
            raise MergeCancelled("the merge was cancelled: nothing was changed")

    def _rows(self, session: Session, table: transfer.Table, **kw: Any) -> list[dict[str, Any]]:
        names, rows = transfer.read_all(session, table, **kw)
        return [dict(zip(names, row, strict=True)) for row in rows]

    def run(self) -> MergeReport:
        self._step("coders")
        coder_ids = self._coders()
        self._step("tags")
        tag_ids, bad_tags, tag_names = self._tags()
        self._step("documents")
        doc_ids, shas = self._documents()
        self._step("annotations")
        touched, new_ids = self._annotations(coder_ids, tag_ids, bad_tags, tag_names, doc_ids, shas)
        self._step("gold decisions")
        touched |= self._gold(coder_ids, tag_ids, bad_tags, tag_names, doc_ids, shas)
        self._step("statuses")
        self._statuses(coder_ids, doc_ids, shas)
        self._step("rejected suggestions and the lexicon")
        self._rejected(coder_ids, tag_ids, bad_tags, doc_ids)
        self._lexicon()
        self._step("saving")  # the last chance to stop: the commit follows
        added = self.report.added
        self.report.changes = Changes(
            documents=frozenset(touched),
            annotations=frozenset(new_ids),
            codebook=bool(added.get("tags")),
            library=bool(added.get("documents")),
            suggestions=bool(added.get("rejected suggestions") or added.get("lexicon terms")),
        )
        return self.report

    def _count(self, kind: str, what: str, n: int = 1) -> None:
        counts = self.report.added if kind == "added" else self.report.already
        counts[what] = counts.get(what, 0) + n

    def _coders(self) -> dict[int, int]:
        """OTHER's coder id -> this library's, by login; a login not here becomes a coder — a
        coder, whatever role OTHER gave them: who leads this library (reveals, changes the
        codebook, sees blind coding) is this library's decision, not something a merged file
        can hand out. A lead there is named in the report."""
        here = {row["login"]: row["id"] for row in self._rows(self.here, transfer.CODERS)}
        server = self.here.connection().dialect.name != "sqlite"
        mapping: dict[int, int] = {}
        for row in self._rows(self.src, transfer.CODERS):
            if row["login"] in here:
                self._count("already", "coders")
            elif self.only:  # only the lead adds coders
                self._skip("new coders")
                continue
            else:
                new = {k: v for k, v in row.items() if k != "id"} | {"role": Role.CODER.value}
                here[row["login"]] = transfer.insert_returning_ids(self.here, transfer.CODERS, new)
                self._count("added", "coders")
                if row["role"] != Role.CODER.value:
                    self.report.notes.append(
                        f"coder {row['login']!r}: a {row['role']} there, a coder here (a merge makes no leads)"
                    )
                if server:  # rows travel, the cluster's login roles do not
                    self.report.notes.append(
                        f"coder {row['login']!r} has no login on this server yet: an administrator runs "
                        f"`annotator coders add {row['login']}`"
                    )
            mapping[row["id"]] = here[row["login"]]
        self.me = here.get(self.only, 0)
        return mapping

    def _tags(self) -> tuple[dict[int, int], set[int], dict[int, str]]:
        """OTHER's tag id -> this library's, by name; the ids whose tag differs here (conflicts)."""
        rows_here = self._rows(self.here, transfer.TAGS)
        here = {row["name"]: row for row in rows_here}
        shortcuts = {row["shortcut"] for row in rows_here if row["shortcut"]}
        position = max((row["position"] for row in rows_here), default=0)
        mapping, bad, names = {}, set(), {}
        for row in self._rows(self.src, transfer.TAGS):
            names[row["id"]] = row["name"]
            mine = here.get(row["name"])
            if mine is None and self.only:  # only the lead changes the codebook
                self._skip("new tags")
            elif mine is None:
                position += 1
                new = {k: v for k, v in row.items() if k != "id"} | {"position": position}
                if new["shortcut"] in shortcuts:  # a key is one tag's: the newcomer goes without
                    new["shortcut"] = ""
                shortcuts.add(new["shortcut"])
                mapping[row["id"]] = transfer.insert_returning_ids(self.here, transfer.TAGS, new)
                self._count("added", "tags")
            elif mine["color"].lower() != row["color"].lower() or mine["fields"].strip() != row["fields"].strip():
                bad.add(row["id"])
                differs = " and ".join(
                    w
                    for w, a, b in (
                        ("colour", mine["color"].lower(), row["color"].lower()),
                        ("fields", mine["fields"].strip(), row["fields"].strip()),
                    )
                    if a != b
                )
                self.report.conflicts.append(
                    f"tag {row['name']!r}: its {differs} differ ({row['color']} {row['fields']!r} there, "
                    f"{mine['color']} {mine['fields']!r} here); its annotations were not brought in"
                )
            else:
                mapping[row["id"]] = mine["id"]
                self._count("already", "tags")
        return mapping, bad, names

    def _documents(self) -> tuple[dict[int, int], dict[int, str]]:
        """OTHER's document id -> this library's, by the SHA-256 of the text; new ones copied."""
        here = {sha: id_ for id_, sha in transfer.pairs(self.here, transfer.DOCUMENTS, "id", "sha256")}
        mapping, shas, new = {}, {}, []
        for row in self._rows(self.src, transfer.DOCUMENTS, skip=("annotation_count",)):
            shas[row["id"]] = row["sha256"]
            if row["sha256"] in here:
                mapping[row["id"]] = here[row["sha256"]]
                self._count("already", "documents")
            elif self.only:  # only the lead imports documents
                self._skip("new documents")
            else:
                new.append(row)
        for start in range(0, len(new), 200):  # texts a slice at a time: memory stays flat
            self._step(f"documents ({start:,} of {len(new):,})")
            batch = new[start : start + 200]
            bodies = transfer.texts(self.src, [row["id"] for row in batch])
            paged = transfer.pages(self.src, [row["id"] for row in batch])  # a PDF's page starts go with its text
            for row in batch:
                new_id = transfer.insert_returning_ids(
                    self.here, transfer.DOCUMENTS, {k: v for k, v in row.items() if k != "id"}
                )
                transfer.insert_rows(self.here, transfer.TEXTS, [{"document_id": new_id, "text": bodies[row["id"]]}])
                pages = [{"document_id": new_id, "page": p, "start_offset": s} for p, s in paged.get(row["id"], ())]
                if pages:
                    transfer.insert_rows(self.here, transfer.PAGES, pages)
                mapping[row["id"]] = new_id
        self._count("added", "documents", len(new))
        return mapping, shas

    def _annotations(
        self,
        coder_ids: dict[int, int],
        tag_ids: dict[int, int],
        bad_tags: set[int],
        tag_names: dict[int, str],
        doc_ids: dict[int, int],
        shas: dict[int, str],
    ) -> tuple[set[int], set[int]]:
        """The documents touched and the annotations added (ids here)."""
        tags_of: dict[int, list[int]] = defaultdict(list)
        for annotation_id, tag_id in transfer.read_all(self.src, transfer.ANNOTATION_TAGS)[1]:
            tags_of[annotation_id].append(tag_id)
        logins = dict(transfer.pairs(self.src, transfer.CODERS, "id", "login"))
        rows = self._rows(self.src, transfer.ANNOTATIONS)
        here = transfer.annotations_by_uuid(self.here, [row["uuid"] for row in rows])
        texts = transfer.texts(
            self.here,
            sorted(
                {doc_ids[row["document_id"]] for row in rows if row["uuid"] not in here and row["document_id"] in doc_ids}
            ),
        )
        new, touched = [], set()
        for n, row in enumerate(rows):
            if n % 10_000 == 0:
                self._step(f"annotations ({n:,} of {len(rows):,})")
            if self.only and not self._mine(row, logins, doc_ids, tag_ids, tags_of):
                continue
            mine = here.get(row["uuid"])
            if mine is not None:
                theirs = (
                    shas[row["document_id"]],
                    row["start_offset"],
                    row["end_offset"],
                    row["quote"],
                    row["note"],
                    row["fields"],
                    logins[row["coder_id"]],
                    row["layer"],
                    frozenset(tag_names[t] for t in tags_of[row["id"]]),
                )
                if theirs == tuple(mine[1:]):
                    self._count("already", "annotations")
                else:
                    what = [
                        n
                        for n, a, b in zip(
                            ("document", "start", "end", "quote", "note", "fields", "coder", "layer", "tags"),
                            theirs,
                            mine[1:],
                            strict=True,
                        )
                        if a != b
                    ]
                    self.report.conflicts.append(f"{_where(row)}: its {', '.join(what)} differ here")
                continue
            if any(t in bad_tags for t in tags_of[row["id"]]):
                self.report.unmatched.append(f"{_where(row)}: a tag of it conflicts (above)")
                continue
            document = doc_ids[row["document_id"]]
            body = texts.get(document, "")
            if body[row["start_offset"] : row["end_offset"]] != row["quote"]:
                self.report.unmatched.append(f"{_where(row)}: it does not match its document's text")
                continue
            new.append((row, document))
        transfer.insert_rows(
            self.here,
            transfer.ANNOTATIONS,
            [
                {k: v for k, v in row.items() if k != "id"}
                | {"document_id": document, "coder_id": coder_ids[row["coder_id"]]}
                for row, document in new
            ],
        )
        ids = transfer.ids_by_uuid(self.here, [row["uuid"] for row, _ in new])
        transfer.insert_rows(
            self.here,
            transfer.ANNOTATION_TAGS,
            [{"annotation_id": ids[row["uuid"]], "tag_id": tag_ids[t]} for row, _ in new for t in tags_of[row["id"]]],
        )
        touched.update(document for _, document in new)
        self._count("added", "annotations", len(new))
        return touched, set(ids.values())

    def _mine(
        self,
        row: dict[str, Any],
        logins: dict[int, str],
        doc_ids: dict[int, int],
        tag_ids: dict[int, int],
        tags_of: dict[int, list[int]],
    ) -> bool:
        """A coder's merge: is this annotation theirs to bring? Else it is counted as skipped."""
        if logins[row["coder_id"]] != self.only or row["layer"] != "coder":
            self._skip(f"annotations of {logins[row['coder_id']]}" if row["layer"] == "coder" else "gold passages")
        elif row["document_id"] not in doc_ids or any(t not in tag_ids for t in tags_of[row["id"]]):
            self._skip("own annotations on new documents or tags")
        else:
            return True
        return False

    def _gold(
        self,
        coder_ids: dict[int, int],
        tag_ids: dict[int, int],
        bad_tags: set[int],
        tag_names: dict[int, str],
        doc_ids: dict[int, int],
        shas: dict[int, str],
    ) -> set[int]:
        """The lead's decisions (gold_decisions), their document, tag and curator by this library's
        ids; sources and gold annotation are UUIDs and stay. A decision is the same one here when
        all of it is (document, tag, decision, sources, gold UUID, curator, time): it never comes
        twice. One whose tag conflicts, or whose gold annotation did not come, is reported."""

        def key(row: dict[str, Any], docs: dict[int, str], tags: dict[int, str], logins: dict[int, str]) -> tuple[Any, ...]:
            sources = tuple(json.loads(row["sources"] or "[]"))
            curator = logins[row["curator_id"]]
            return (
                docs[row["document_id"]],
                tags[row["tag_id"]],
                row["decision"],
                sources,
                row["gold_uuid"],
                curator,
                row["decided_at"],
            )

        if self.only:  # the lead's decisions: only the lead brings them
            self._skip("gold decisions", len(transfer.read_all(self.src, transfer.GOLD_DECISIONS)[1]))
            return set()
        here_docs = dict(transfer.pairs(self.here, transfer.DOCUMENTS, "id", "sha256"))
        here_tags = dict(transfer.pairs(self.here, transfer.TAGS, "id", "name"))
        here_logins = dict(transfer.pairs(self.here, transfer.CODERS, "id", "login"))
        here = {key(row, here_docs, here_tags, here_logins) for row in self._rows(self.here, transfer.GOLD_DECISIONS)}
        logins = dict(transfer.pairs(self.src, transfer.CODERS, "id", "login"))
        rows = self._rows(self.src, transfer.GOLD_DECISIONS)
        gold_here = transfer.ids_by_uuid(self.here, [row["gold_uuid"] for row in rows if row["gold_uuid"]])
        new = []
        for row in rows:
            mine = key(row, shas, tag_names, logins)
            if mine in here:
                self._count("already", "gold decisions")
                continue
            what = f"gold decision {row['id']} there ({row['decision']}, {tag_names[row['tag_id']]!r})"
            if row["tag_id"] in bad_tags:
                self.report.unmatched.append(f"{what}: its tag conflicts (above)")
            elif row["gold_uuid"] and row["gold_uuid"] not in gold_here:
                self.report.unmatched.append(f"{what}: its gold annotation {row['gold_uuid']} was not brought in")
            else:
                here.add(mine)
                new.append(
                    {k: v for k, v in row.items() if k != "id"}
                    | {
                        "document_id": doc_ids[row["document_id"]],
                        "tag_id": tag_ids[row["tag_id"]],
                        "curator_id": coder_ids[row["curator_id"]],
                    }
                )
        transfer.insert_rows(self.here, transfer.GOLD_DECISIONS, new)
        self._count("added", "gold decisions", len(new))
        return {row["document_id"] for row in new}

    def _statuses(self, coder_ids: dict[int, int], doc_ids: dict[int, int], shas: dict[int, str]) -> None:
        here = {(r["document_id"], r["coder_id"]): r["status"] for r in self._rows(self.here, transfer.STATUSES)}
        new = []
        for row in self._rows(self.src, transfer.STATUSES):
            if row["document_id"] not in doc_ids or row["coder_id"] not in coder_ids:
                continue  # a coder's merge: another's status, or a document not brought (counted above)
            key = (doc_ids[row["document_id"]], coder_ids[row["coder_id"]])
            if self.only and key[1] != self.me:
                continue
            if key not in here:
                new.append({"document_id": key[0], "coder_id": key[1], "status": row["status"]})
                here[key] = row["status"]
            elif here[key] != row["status"]:
                self.report.conflicts.append(
                    f"status of document {key[0]} for coder {key[1]}: {row['status']!r} there, {here[key]!r} here"
                )
        transfer.insert_rows(self.here, transfer.STATUSES, new)
        self._count("added", "statuses", len(new))

    def _rejected(
        self, coder_ids: dict[int, int], tag_ids: dict[int, int], bad_tags: set[int], doc_ids: dict[int, int]
    ) -> None:
        """Each coder's rejections (revision 0015), matched by document, coder, tag and span."""
        names = ("document_id", "coder_id", "tag_id", "start_offset", "end_offset")
        here = {tuple(row[n] for n in names) for row in self._rows(self.here, transfer.REJECTED)}
        new = []
        for row in self._rows(self.src, transfer.REJECTED):
            tag, document, coder = row["tag_id"], row["document_id"], row["coder_id"]
            if tag in bad_tags or tag not in tag_ids or document not in doc_ids or coder not in coder_ids:
                continue
            key = (doc_ids[document], coder_ids[coder], tag_ids[tag], row["start_offset"], row["end_offset"])
            if self.only and key[1] != self.me:
                self._skip("rejected suggestions")
            elif key not in here:
                here.add(key)
                new.append(dict(zip(names, key, strict=True)))
        transfer.insert_rows(self.here, transfer.REJECTED, new)
        self._count("added", "rejected suggestions", len(new))

    def _lexicon(self) -> None:
        here = {row["term"]: row for row in self._rows(self.here, transfer.LEXICON)}
        position = max((row["position"] for row in here.values()), default=0)
        new = []
        for row in self._rows(self.src, transfer.LEXICON):
            mine = here.get(row["term"])
            if mine is None and self.only:  # only the lead changes the lexicon
                self._skip("lexicon terms")
            elif mine is None:
                position += 1
                new.append({"term": row["term"], "frame": row["frame"], "position": position})
            elif mine["frame"] != row["frame"]:
                self.report.conflicts.append(
                    f"lexicon term {row['term']!r}: frame {row['frame']!r} there, {mine['frame']!r} here"
                )
        transfer.insert_rows(self.here, transfer.LEXICON, new)
        self._count("added", "lexicon terms", len(new))
