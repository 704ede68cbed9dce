"""REFI-QDA project export (.qdpx, QDA-XML 1.0): the exchange format of QualCoder, MAXQDA, NVivo
and ATLAS.ti. A zip holding `project.qde` and each document's plain text as `sources/<guid>.txt`:
coders become Users, tags Codes (colour, description), documents TextSources, and each passage a
PlainTextSelection (code-point positions, as the standard counts) with one Coding per tag and
its note as the selection's Description.

GUIDs are stable: derived (uuid5) from the document's text hash, the tag's name, the coder's
login, the annotation's uuid — the same library exports the same ids every time. Streamed: texts
go into the zip as their documents' rows arrive and the sources part of the XML is spooled to a
temporary file; users and the codebook, which come first in the XML, are written at the end.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

from annotator.domain.export_rows import WIDTH, ExportRow
from annotator.exporters.base import ExportContext, Exporter, Row

NAMESPACE = uuid.UUID("6f1d4a52-6c1e-4f1b-9a53-7f4f3c0e2d15")  # Annotator's, for uuid5 ids
SCHEMA = "urn:QDA-XML:project:1.0"


def guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def _text(value: str) -> str:
    return _escape(value)


class QdpxExporter(Exporter):
    format = "qdpx"
    binary = True
    needs = frozenset({"hashes", "tags", "texts"})

    def __init__(self, handle: Any, field_names: Sequence[str] = (), context: ExportContext | None = None) -> None:
        super().__init__(handle, field_names, context)
        # Closed by finish(); a cancelled export leaves them to the garbage collector (no file remains).
        self._spool: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._zip = zipfile.ZipFile(Path(handle), "w", zipfile.ZIP_DEFLATED)
        self._users: dict[str, str] = {}  # login -> name
        self._document: int | None = None
        self._passage: list[Row] = []

    def write(self, batch: Sequence[Row]) -> None:
        passage = self._passage
        for row in batch:
            if passage and row[0] != passage[0][0]:
                self._selection(passage)
                passage = []
            if row[1] != self._document:
                self._source(row)
            passage.append(row)
        self._passage = passage

    def _source(self, row: Row) -> None:
        """Close the previous TextSource, open this row's document's, and put its text in the zip."""
        if self._document is not None:
            self._spool.write("</TextSource>\n")
        document_id = int(row[1])  # type: ignore[call-overload]
        self._document = document_id
        key = self.context.hashes.get(document_id, str(document_id))
        source = guid("document", key)
        text = self.context.texts(document_id) if self.context.texts else ""
        self._zip.writestr(f"sources/{source}.txt", text.encode("utf-8"))
        self._spool.write(
            f"<TextSource guid={quoteattr(source)} name={quoteattr(str(row[2]))} "
            f"plainTextPath={quoteattr(f'internal://{source}.txt')}>\n"
        )

    def _selection(self, rows: Sequence[Row]) -> None:
        first = ExportRow._make(rows[0][:WIDTH])
        self._users.setdefault(first.coder, first.annotator)
        user = guid("coder", first.coder)
        key = first.annotation_uuid
        try:
            selection = str(uuid.UUID(key))
        except ValueError:
            selection = guid("annotation", key)
        when = f" creationDateTime={quoteattr(first.created_at)}" if first.created_at else ""
        changed = f" modifiedDateTime={quoteattr(first.updated_at)}" if first.updated_at else ""
        out = [
            f"<PlainTextSelection guid={quoteattr(selection)} name={quoteattr(first.text[:60])} "
            f'startPosition="{first.start}" endPosition="{first.end}" creatingUser="{user}"{when}'
            f' modifyingUser="{user}"{changed}>'
        ]
        if first.note:
            out.append(f"<Description>{_text(first.note)}</Description>")
        for row in rows:
            tag = str(row[5])
            out.append(
                f'<Coding guid="{guid("coding", f"{selection}:{tag}")}" creatingUser="{user}"{when}>'
                f'<CodeRef targetGUID="{guid("tag", tag)}"/></Coding>'
            )
        out.append("</PlainTextSelection>\n")
        self._spool.write("".join(out))

    def finish(self) -> None:
        if self._passage:
            self._selection(self._passage)
        if self._document is not None:
            self._spool.write("</TextSource>\n")
        with self._zip.open("project.qde", "w") as raw:
            out = _Text(raw)
            out.write('<?xml version="1.0" encoding="utf-8"?>\n')
            out.write(f'<Project xmlns="{SCHEMA}" name="Annotator export" origin="Annotator">\n')
            if self._users:
                out.write("<Users>\n")
                for login, name in self._users.items():
                    out.write(f'<User guid="{guid("coder", login)}" name={quoteattr(name)} id={quoteattr(login)}/>\n')
                out.write("</Users>\n")
            if self.context.tags:
                out.write("<CodeBook><Codes>\n")
                for tag in self.context.tags:
                    out.write(
                        f'<Code guid="{guid("tag", tag.name)}" name={quoteattr(tag.name)} isCodable="true"'
                        f" color={quoteattr(tag.color.upper())}>"
                    )
                    if tag.description:
                        out.write(f"<Description>{_text(tag.description)}</Description>")
                    out.write("</Code>\n")
                out.write("</Codes></CodeBook>\n")
            if self._document is not None:
                out.write("<Sources>\n")
                self._spool.seek(0)
                shutil.copyfileobj(self._spool, out, 1 << 20)
                out.write("</Sources>\n")
            out.write("</Project>\n")
        self._spool.close()
        self._zip.close()


class _Text:
    """A UTF-8 text writer over a binary zip entry (io.TextIOWrapper would close it twice)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def write(self, text: str) -> int:
        return self._raw.write(text.encode("utf-8"))
