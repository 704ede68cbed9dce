"""REFI-QDA project export (.qdpx, QDA-XML 1.0): the exchange format of QualCoder, MAXQDA, NVivo
and ATLAS.ti. A zip holding `project.qde` and each document's plain text as `sources/<guid>.txt`:
coders become Users, tags Codes (colour, description), documents TextSources (every document in
the export's scope, also one without passages), and each passage a
PlainTextSelection (code-point positions, as the standard counts) with one Coding per tag and
its note as the selection's Description.

GUIDs are stable: derived (uuid5) from the document's text hash, the tag's name, the coder's
login, the annotation's uuid — the same library exports the same ids every time. Streamed: texts
go into the zip as their documents' rows arrive and the sources part of the XML is spooled to a
temporary file; users and the codebook, which come first in the XML, are written at the end.

A document's metadata fields (source, published, dateline, url, language; its file name) and its
variables' values are VariableValues of its TextSource, declared as Text variables (a number as
Float) whose Description names Annotator's kind, so the import gives them back as they were. A
gold layer's passages are those of a user `gold:LOGIN` named "NAME (gold)" (QDA-XML has no layers).
A passage's field values are a Note it refers to: "Annotator fields: {JSON}".
"""

from __future__ import annotations

import functools
import json
import re
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
from annotator.domain.fields import format_specs
from annotator.domain.models import META_FIELDS, Tag
from annotator.exporters.base import ExportContext, Exporter, Row

NAMESPACE = uuid.UUID("6f1d4a52-6c1e-4f1b-9a53-7f4f3c0e2d15")  # Annotator's, for uuid5 ids
SCHEMA = "urn:QDA-XML:project:1.0"


def guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


# The ids of tags and coders, asked for on every row: made once each (uuid5 is a SHA-1; it was a
# sixth of the export's time when made per row).
_named = functools.lru_cache(maxsize=4096)(guid)


# XML 1.0 forbids most control characters (a form feed from a PDF's text, a NUL) and lone
# surrogates: a name or note holding one would make the whole project unreadable. They become
# U+FFFD in the XML only; the sources' text files, which the positions point into, stay exact.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _text(value: str) -> str:
    # A CR kept as a character reference: a parser turns a raw one (and CRLF) into LF.
    return _escape(_xml(value)).replace("\r", "&#13;")


def _attr(value: str) -> str:
    return quoteattr(_xml(value))


class QdpxExporter(Exporter):
    format = "qdpx"
    binary = True
    needs = frozenset({"hashes", "tags", "texts", "details", "variables", "titles"})

    def __init__(self, handle: Any, field_names: Sequence[str] = (), context: ExportContext | None = None) -> None:
        super().__init__(handle, field_names, context)
        # Closed by finish(); a cancelled export leaves them to the garbage collector (no file remains).
        self._spool: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._notes: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._noted = False
        self._zip = zipfile.ZipFile(Path(handle), "w", zipfile.ZIP_DEFLATED)
        self._users: dict[tuple[str, str], str] = {}  # (login, layer) -> name
        self._document: int | None = None
        self._sourced: set[int] = set()  # documents whose TextSource is written (or open)
        self._numbers = {v.name for v in self.context.variables if v.kind == "number"}
        self._values = ""  # the open TextSource's VariableValues, written at its end (the schema's order)
        self._passage: list[Row] = []

    def write(self, batch: Sequence[Row]) -> None:
        passage = self._passage
        for row in batch:
            if passage and row[0] != passage[0][0]:
                self._selection(passage)
                passage = []
            if row[1] != self._document:
                self._source(int(row[1]), str(row[2]))  # type: ignore[call-overload]
            passage.append(row)
        self._passage = passage

    def _source(self, document_id: int, title: str) -> None:
        """Close the previous TextSource, open this document's, and put its text in the zip."""
        if self._document is not None:
            self._spool.write(f"{self._values}</TextSource>\n")
        self._document = document_id
        self._sourced.add(document_id)
        key = self.context.hashes.get(document_id, str(document_id))
        source = guid("document", key)
        text = self.context.texts(document_id) if self.context.texts else ""
        self._zip.writestr(f"sources/{source}.txt", text.encode("utf-8"))
        details = self.context.details(document_id) if self.context.details else {}
        self._values = "".join(_value(name, value, name in self._numbers) for name, value in details.items() if value)
        self._spool.write(
            f"<TextSource guid={_attr(source)} name={_attr(title)} plainTextPath={_attr(f'internal://{source}.txt')}>\n"
        )

    def _selection(self, rows: Sequence[Row]) -> None:
        first = ExportRow._make(rows[0][:WIDTH])
        self._users.setdefault((first.coder, first.layer), first.annotator)
        user = _user(first.coder, first.layer)
        key = first.annotation_uuid
        try:
            selection = str(uuid.UUID(key))
        except ValueError:
            selection = guid("annotation", key)
        when = f" creationDateTime={_attr(first.created_at)}" if first.created_at else ""
        changed = f" modifiedDateTime={_attr(first.updated_at)}" if first.updated_at else ""
        out = [
            f"<PlainTextSelection guid={_attr(selection)} name={_attr(first.text[:60])} "
            f'startPosition="{first.start}" endPosition="{first.end}" creatingUser="{user}"{when}'
            f' modifyingUser="{user}"{changed}>'
        ]
        if first.note:
            out.append(f"<Description>{_text(first.note)}</Description>")
        values: dict[str, str] = {}
        for row in rows:
            tag = str(row[5])
            out.append(
                f'<Coding guid="{guid("coding", f"{selection}:{tag}")}" creatingUser="{user}"{when}>'
                f'<CodeRef targetGUID="{_named("tag", tag)}"/></Coding>'
            )
            values.update((name, str(value)) for name, value in zip(self.field_names, row[WIDTH:], strict=False) if value)
        if values:  # the tags' field values: a note of the selection (QDA-XML has no place for them)
            note = guid("fields", selection)
            out.append(f'<NoteRef targetGUID="{note}"/>')
            content = FIELDS_NOTE + json.dumps(dict(sorted(values.items())), ensure_ascii=False)
            self._notes.write(
                f'<Note guid="{note}" name="fields"><PlainTextContent>{_text(content)}</PlainTextContent></Note>\n'
            )
            self._noted = True
        out.append("</PlainTextSelection>\n")
        self._spool.write("".join(out))

    def finish(self) -> None:
        if self._passage:
            self._selection(self._passage)
        # Every document in the export's scope is a source, also one with no passage (yet): a
        # project is its documents, and the round trip gives them all back.
        for document_id in sorted(set(self.context.titles) - self._sourced):
            self._source(document_id, self.context.titles[document_id])
        if self._document is not None:
            self._spool.write(f"{self._values}</TextSource>\n")
        with self._zip.open("project.qde", "w") as raw:
            out = _Text(raw)
            out.write('<?xml version="1.0" encoding="utf-8"?>\n')
            out.write(f'<Project xmlns="{SCHEMA}" name="Annotator export" origin="Annotator">\n')
            if self._users:
                out.write("<Users>\n")
                for (login, layer), name in self._users.items():
                    if layer == "gold":
                        name, login_ = f"{name} (gold)", f"gold:{login}"
                    else:
                        login_ = login
                    out.write(f'<User guid="{_user(login, layer)}" name={_attr(name)} id={_attr(login_)}/>\n')
                out.write("</Users>\n")
            if self.context.tags:
                out.write("<CodeBook><Codes>\n")
                for tag in self.context.tags:
                    out.write(code_element(tag))
                out.write("</Codes></CodeBook>\n")
            if self._document is not None:
                out.write("<Variables>\n")
                for name, type_, description in _variables(self.context.variables):
                    out.write(
                        f'<Variable guid="{guid("variable", name)}" name={_attr(name)} typeOfVariable="{type_}">'
                        f"<Description>{_text(description)}</Description></Variable>\n"
                    )
                out.write("</Variables>\n")
            if self._document is not None:
                out.write("<Sources>\n")
                self._spool.seek(0)
                shutil.copyfileobj(self._spool, out, 1 << 20)
                out.write("</Sources>\n")
            if self._noted:
                out.write("<Notes>\n")
                self._notes.seek(0)
                shutil.copyfileobj(self._notes, out, 1 << 20)
                out.write("</Notes>\n")
            out.write("</Project>\n")
        self._spool.close()
        self._notes.close()
        self._zip.close()


def code_element(tag: Tag) -> str:
    """A tag as a Code (.qdpx and .qdc alike). Its fields' definition has no place in QDA-XML: it
    ends the Description as a line "Annotator tag fields: …" — readable in another tool's code
    memo, and read back by the import (tag_description) so a round trip keeps the fields."""
    description = tag.description
    if tag.fields:
        description = (description + "\n\n" if description else "") + TAG_FIELDS + format_specs(tag.fields)
    body = f"<Description>{_text(description)}</Description>" if description else ""
    return (
        f'<Code guid="{guid("tag", tag.name)}" name={_attr(tag.name)} isCodable="true"'
        f" color={_attr(tag.color.upper())}>{body}</Code>\n"
    )


def tag_description(description: str) -> tuple[str, str]:
    """A Code's Description as (the tag's description, its fields' definition line or '')."""
    head, sep, line = description.rpartition(TAG_FIELDS)
    if not sep or "\n" in line.strip() or (head and not head.endswith("\n")):
        return description, ""
    return head.rstrip("\n"), line.strip()


def _user(login: str, layer: str) -> str:
    return _named("gold" if layer == "gold" else "coder", login)


# A document's fields, declared as REFI variables of these names (no document variable may take
# one: domain.variables.RESERVED), and how each variable's kind is declared.
FIELDS = (*(f.name for f in META_FIELDS if f.name != "title"), "filename")  # a Source's variables
TAG_FIELDS = "Annotator tag fields: "  # ends a Code's Description: the tag's fields (code_element)
FIELDS_NOTE = "Annotator fields: "  # a note holding a passage's field values as JSON (the import reads it back)
KIND = "Annotator: "  # a Variable's Description: Annotator's kind of it (the import reads it back)


def _variables(variables: Sequence[Any]) -> list[tuple[str, str, str]]:
    """(name, typeOfVariable, description) of every variable declared: the fields, then the library's."""
    found = [(name, "Text", f"{KIND}field") for name in FIELDS]
    for variable in variables:
        kind = variable.kind + (f" {'|'.join(variable.choices)}" if variable.kind == "choice" else "")
        found.append((variable.name, "Float" if variable.kind == "number" else "Text", KIND + kind))
    return found


def _value(name: str, value: str, number: bool) -> str:
    element = "FloatValue" if number else "TextValue"
    reference = f'<VariableRef targetGUID="{guid("variable", name)}"/>'
    return f"<VariableValue>{reference}<{element}>{_text(value)}</{element}></VariableValue>"


class _Text:
    """A UTF-8 text writer over a binary zip entry (io.TextIOWrapper would close it twice)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def write(self, text: str) -> int:
        return self._raw.write(text.encode("utf-8"))
