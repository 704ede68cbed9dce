"""Reading a REFI-QDA project (.qdpx, QDA-XML 1.0): the zip, project.qde validated against the
schema as it is parsed, and each plain-text source's text — into plain records the import service
stores. Nothing here writes: a file that is refused is refused before the library is touched.

Hostile input is refused, never followed: a member named outside the project (zip slip), more
bytes than LIMIT from any one member (a zip bomb), a DTD (entities are never expanded, nothing is
fetched from the network). What the standard has that a library of text passages cannot take
(pictures, PDFs, audio and video, their selections, cases, sets, links, graphs, notes by reference,
codings of a whole source) is counted in `Project.skipped`, not dropped silently.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from annotator.domain.nul import NUL
from annotator.importers.base import ImportProblem
from annotator.paths import resource

NS = "{urn:QDA-XML:project:1.0}"
LIMIT = 1 << 30  # bytes read from any one member of the zip: past it the file is refused (a zip bomb)
_MEDIA = {"PictureSource": "picture", "PDFSource": "PDF", "AudioSource": "audio", "VideoSource": "video"}
_SELECTIONS = {"PictureSelection", "PDFSelection", "AudioSelection", "VideoSelection", "TranscriptSelection"}
_ELSEWHERE = {"Cases": "case", "Sets": "set", "Links": "link", "Graphs": "graph"}
_VALUES = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")
# The elements the reader takes whole at their end (and the root, at whose start the DTD is looked
# at): the parser reports only these, not each of the million elements inside the sources.
_TAKEN = ("Project", "Users", "CodeBook", "Variables", "TextSource", *_MEDIA, "Notes", *_ELSEWHERE)
_SELECTION, _CODING, _CODE_REF, _NOTE_REF, _DESCRIPTION, _VALUE = (
    NS + name for name in ("PlainTextSelection", "Coding", "CodeRef", "NoteRef", "Description", "VariableValue")
)


@dataclass(frozen=True, slots=True)
class User:
    guid: str
    name: str
    id: str


@dataclass(frozen=True, slots=True)
class Code:
    guid: str
    name: str
    color: str
    description: str
    parent: str  # the enclosing code's name ('' at the top)


@dataclass(frozen=True, slots=True)
class Variable:
    guid: str
    name: str
    type: str  # typeOfVariable: Text, Boolean, Integer, Float, Date, DateTime
    description: str


@dataclass(frozen=True, slots=True)
class Selection:
    guid: str
    start: int  # code points into the source's canonical text (line endings already "\n")
    end: int
    user: str  # creatingUser's guid, '' when none
    created: str
    modified: str
    note: str  # the selection's Description
    codes: tuple[str, ...]  # code guids
    notes: tuple[str, ...] = ()  # guids of the notes it refers to (Project.notes)


@dataclass(slots=True)
class Source:
    guid: str
    name: str
    text: str
    values: dict[str, str]  # variable guid -> value as written
    selections: list[Selection]


@dataclass
class Project:
    users: dict[str, User] = field(default_factory=dict)
    codes: list[Code] = field(default_factory=list)
    variables: dict[str, Variable] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # note guid -> its text (inline notes)
    skipped: Counter[str] = field(default_factory=Counter)  # what could not be taken, by kind
    problems: list[str] = field(default_factory=list)  # sources and selections not taken, and why


def guid_of(value: str | None) -> str:
    """A GUID as compared here: lower case, without braces."""
    if value is not None and len(value) == 36:  # the usual form, bare (three of these per selection)
        return value.lower()
    return (value or "").strip().strip("{}").lower()


def read_project(path: Path, limit: int | None = None) -> Project:
    """The project in a .qdpx file; ImportProblem (one sentence, without the file name) if the
    file is not a REFI-QDA project, is not valid against the schema, or is hostile."""
    from lxml import etree  # a parser that validates as it reads; imported only by this import

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportProblem(f"is not a REFI-QDA project: not a zip file ({exc})") from None
    try:
        with archive:
            return _read(archive, limit, etree)
    except _DAMAGED as exc:  # from any member's read, also as it comes out of lxml's parse
        raise ImportProblem(f"is a damaged or encrypted REFI-QDA project ({type(exc).__name__}: {exc})") from None


# What zipfile raises for a member it cannot give back: a failed CRC or broken deflate data, an
# encrypted member ("password required"), a compression method it does not know.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


def _read(archive: zipfile.ZipFile, limit: int | None, etree: Any) -> Project:
    for name in archive.namelist():
        if _outside(name):
            raise ImportProblem(f"holds a member named {name!r}, outside the project (refused: zip slip)")
    if "project.qde" not in archive.namelist():
        raise ImportProblem("is not a REFI-QDA project: it holds no project.qde")
    schema = etree.XMLSchema(etree.parse(str(resource("refi-qda") / "Project-mrt2019.xsd")))
    limit = LIMIT if limit is None else limit
    reader = _Reader(archive, limit)
    with archive.open("project.qde") as raw:
        capped = _Capped(raw, limit, "project.qde")
        events = etree.iterparse(
            capped,
            events=("start", "end"),
            tag=[NS + name for name in _TAKEN],
            schema=schema,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,  # long texts inline; the bytes are capped above
        )
        try:
            reader.run(events)
            if reader.broken:
                raise ImportProblem("project.qde is not valid REFI-QDA XML")
            reader.finish()
        except etree.XMLSyntaxError as exc:
            if capped.over:
                raise ImportProblem(capped.over) from None
            raise ImportProblem(f"project.qde is not valid REFI-QDA XML: {exc.msg}") from None
    return reader.project


def read_codebook(path: Path) -> list[Code]:
    """The codes of a .qdc codebook file, nested ones after their parent; ImportProblem if it is
    not one (not XML, a DTD, not valid against the codebook schema)."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(resource("refi-qda") / "Codebook-mrt2019.xsd")))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        with path.open("rb") as handle:
            data = _Capped(handle, LIMIT, path.name).read()
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportProblem(f"is not a REFI-QDA codebook: not XML ({exc.msg})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ImportProblem("declares a DTD (refused: entities are never expanded)")
    if not schema.validate(root):
        raise ImportProblem(f"is not a valid REFI-QDA codebook: {schema.error_log.last_error.message}")
    reader = _Reader(None, LIMIT, "{urn:QDA-XML:codebook:1.0}")  # type: ignore[arg-type]
    reader._codes(root.find(f"{reader.ns}Codes"), "")
    return reader.project.codes


def _outside(name: str) -> bool:
    """A member name that would land outside a folder it were unpacked into."""
    if name.startswith(("/", "\\")) or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return True
    return posixpath.normpath(name).split("/")[0] == ".."


class _Capped:
    """A member's bytes, refused past `limit` (what the zip says of its size is not trusted)."""

    def __init__(self, raw: IO[bytes], limit: int, name: str) -> None:
        self._raw, self._left, self._name, self._limit = raw, limit, name, limit
        self.over = ""

    def read(self, size: int = -1) -> bytes:
        want = self._left + 1 if size < 0 else min(size, self._left + 1)
        data = self._raw.read(want)
        self._left -= len(data)
        if self._left < 0:
            self.over = f"{self._name} unpacks to more than {self._limit:,} bytes (refused: a zip bomb?)"
            raise ImportProblem(self.over)
        return data


class _Reader:
    def __init__(self, archive: zipfile.ZipFile, limit: int, ns: str = NS) -> None:
        self.archive, self.limit, self.ns = archive, limit, ns
        self.project = Project()
        self.broken = False

    def run(self, events: Any) -> None:
        first = True
        for event, element in events:
            tag = element.tag[len(NS) :] if isinstance(element.tag, str) and element.tag.startswith(NS) else ""
            if event == "start":
                if first:
                    first = False
                    docinfo = element.getroottree().docinfo
                    if docinfo.doctype or docinfo.internalDTD is not None:
                        raise ImportProblem("project.qde declares a DTD (refused: entities are never expanded)")
                continue
            try:
                self._element(tag, element)
            except (TypeError, ValueError, AttributeError):
                # Not what the schema allows: the parser says so, with the line, by the end of the
                # document (it validates as it reads, not always before an element's end event).
                self.broken = True

    def _element(self, tag: str, element: Any) -> None:
        if tag == "Users":
            for user in element.iter(f"{NS}User"):
                guid = guid_of(user.get("guid"))
                self.project.users[guid] = User(guid, user.get("name") or "", user.get("id") or "")
            element.clear()
        elif tag == "CodeBook":
            self._codes(element.find(f"{NS}Codes"), "")
            element.clear()
        elif tag == "Variables" and element.getparent() is not None and element.getparent().tag == f"{NS}Project":
            for variable in element.iter(f"{NS}Variable"):
                guid = guid_of(variable.get("guid"))
                self.project.variables[guid] = Variable(
                    guid,
                    variable.get("name") or "",
                    variable.get("typeOfVariable") or "Text",
                    _child(variable, "Description"),
                )
            element.clear()
        elif tag == "TextSource" and element.getparent() is not None and element.getparent().tag == f"{NS}Sources":
            self._source(element)
            element.clear()
            while element.getprevious() is not None:  # memory stays flat over a big project
                del element.getparent()[0]
        elif tag in _MEDIA:
            self.project.skipped[f"{_MEDIA[tag]} source"] += 1
            for child in element.iter():
                name = child.tag[len(NS) :] if isinstance(child.tag, str) else ""
                if name in _SELECTIONS or name == "PlainTextSelection":
                    self.project.skipped[f"selection in a {_MEDIA[tag]} source"] += 1
            element.clear()
        elif tag == "Notes" and element.getparent() is not None and element.getparent().tag == f"{NS}Project":
            for note in element.findall(f"{NS}Note"):
                content = note.find(f"{NS}PlainTextContent")
                if content is not None:
                    self.project.notes[guid_of(note.get("guid"))] = content.text or ""
                else:
                    self.project.skipped["note"] += 1
            element.clear()
        elif tag in _ELSEWHERE and element.getparent() is not None and element.getparent().tag == f"{NS}Project":
            self.project.skipped[_ELSEWHERE[tag]] += len(element)
            element.clear()

    def finish(self) -> None:
        """Notes no taken selection refers to (a project's, a source's, a code's memos) are counted;
        a reference to a note that is not inline in the project too."""
        project = self.project
        referred = {g for source in project.sources for s in source.selections for g in s.notes}
        project.skipped["note"] += len(set(project.notes) - referred)
        project.skipped["note by reference"] += len(referred - set(project.notes))
        for kind in [k for k, n in project.skipped.items() if not n]:
            del project.skipped[kind]

    def _codes(self, codes: Any, parent: str) -> None:
        if codes is None:
            return
        for code in codes.findall(f"{self.ns}Code"):
            name = code.get("name") or ""
            found = code.find(f"{self.ns}Description")
            description = (found.text or "") if found is not None else ""
            self.project.codes.append(Code(guid_of(code.get("guid")), name, code.get("color") or "", description, parent))
            self._codes(code, name)

    def _source(self, element: Any) -> None:
        guid, name = guid_of(element.get("guid")), element.get("name") or ""
        where = f"source {guid} ({name!r})"
        # One pass over the children (each find/findall is a walk of its own, in Python).
        selections, values_found, codings = [], [], 0
        for child in element:
            tag = child.tag
            if tag == _SELECTION:
                selections.append(child)
            elif tag == _CODING:
                codings += 1
            elif tag == _VALUE:
                values_found.append(child)
        text = self._text(element, where)
        if codings:
            self.project.skipped["coding of a whole source"] += codings
        if text is None:
            self.project.skipped["text source"] += 1
            self.project.skipped["selection in a source not taken"] += len(selections)
            return
        canonical, removed = _canonical(text)
        values = {}
        for value in values_found:
            ref = value.find(f"{NS}VariableRef")
            found = next((value.find(f"{NS}{kind}") for kind in _VALUES if value.find(f"{NS}{kind}") is not None), None)
            if ref is not None and found is not None:
                values[guid_of(ref.get("targetGUID"))] = found.text or ""
        taken = []
        length = len(text)
        for selection in selections:
            get = selection.get
            sguid = guid_of(get("guid"))
            start, end = int(get("startPosition")), int(get("endPosition"))
            if not 0 <= start < end <= length:
                self.project.problems.append(
                    f"selection {sguid} in {where}: positions {start}–{end} do not fit its text of {length:,} characters"
                )
                continue
            if removed:
                start, end = start - bisect_left(removed, start), end - bisect_left(removed, end)
            note, codes, notes = None, [], []
            for child in selection:
                tag = child.tag
                if tag == _CODING:
                    first = child[0] if len(child) else None
                    ref = first if first is not None and first.tag == _CODE_REF else child.find(_CODE_REF)
                    codes.append(guid_of(ref.get("targetGUID")))
                elif tag == _NOTE_REF:
                    notes.append(guid_of(child.get("targetGUID")))
                elif tag == _DESCRIPTION and note is None:
                    note = child.text or ""
            taken.append(
                Selection(
                    sguid,
                    start,
                    end,
                    guid_of(get("creatingUser")),
                    get("creationDateTime") or "",
                    get("modifiedDateTime") or "",
                    note or "",
                    tuple(codes),
                    tuple(notes),
                )
            )
        self.project.sources.append(Source(guid, name, canonical, values, taken))

    def _text(self, element: Any, where: str) -> str | None:
        """The source's plain text (UTF-8, as the standard says), or None with the reason noted."""
        inline = element.find(f"{NS}PlainTextContent")
        if inline is not None:
            text = inline.text or ""
        else:
            path = element.get("plainTextPath") or ""
            if not path.startswith("internal://"):
                self.project.problems.append(f"{where}: its text is outside the project ({path or 'no path'}): not taken")
                return None
            member = "sources/" + path[len("internal://") :]
            if _outside(member[len("sources/") :]):
                raise ImportProblem(f"{where} names {path!r}, outside the project (refused: zip slip)")
            try:
                with self.archive.open(member) as raw:
                    data = _Capped(raw, self.limit, member).read()
            except KeyError:
                self.project.problems.append(f"{where}: its text {member} is not in the project: not taken")
                return None
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.project.problems.append(f"{where}: its text is not UTF-8 ({exc.reason} at byte {exc.start}): not taken")
                return None
        text = text.removeprefix("\ufeff")
        if NUL in text:
            self.project.problems.append(f"{where}: its text holds the NUL character (U+0000): not taken")
            return None
        return text


def _canonical(text: str) -> tuple[str, list[int]]:
    """The text with line endings "\\n" and the positions of the characters taken out (the CR of
    each CRLF), so that a position p in the file's text is p - (removed before p) in ours."""
    if "\r" not in text:
        return text, []
    removed = [i for i in range(len(text) - 1) if text[i] == "\r" and text[i + 1] == "\n"]
    return text.replace("\r\n", "\n").replace("\r", "\n"), removed


def _child(element: Any, name: str) -> str:
    found = element.find(f"{NS}{name}")
    return (found.text or "") if found is not None else ""
