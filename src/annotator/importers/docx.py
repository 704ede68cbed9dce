"""Word (.docx) articles: the body's paragraphs, read from the package with the standard library
(zipfile and a DOCTYPE-free ElementTree parse), bounded against zip bombs; nothing is written to
disk, so a zip-slip name has nowhere to go. Headers and footers (with page numbers) are other parts
of the package and are not read; footnotes and endnotes are appended after the body."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

from annotator.importers.base import ImportedText, ImportProblem
from annotator.importers.files import MB

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# One part of the package, uncompressed: 64 MB of XML is a several-thousand-page book. Read by at
# most this much whatever its header claims, so a zip bomb costs at most this much memory.
PART_MAX = 64 * MB
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an encrypted .docx, or an old .doc
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Text of a run: w:t (shown text), tabs and breaks; w:del/w:delText and w:moveFrom (deleted or
# moved away, tracked) and w:instrText (field codes) are not shown, so not read.
_BREAKS = {W + "br": "\n", W + "cr": "\n", W + "tab": "\t", W + "noBreakHyphen": "\u2011"}


def parse_docx(data: bytes) -> ImportedText:
    if data.startswith(_OLE):
        raise ImportProblem(
            "is password-protected (encrypted) or an old Word .doc file: save it as .docx without a password"
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportProblem("is not a Word .docx file (it is not a zip package)") from None
    with package:
        body = _part(package, "word/document.xml")
        if body is None:
            raise ImportProblem("is not a Word .docx file (it has no word/document.xml)")
        marks: dict[str, str] = {}  # a note's kind and id -> its mark, numbered as the body refers to them
        paragraphs = list(_paragraphs(_xml(body, "word/document.xml").find(W + "body"), marks))
        for part, kind in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
            paragraphs += _notes(package, part, kind, marks)
    text = "\n\n".join(p for p in paragraphs if p.strip())
    if not text.strip():
        raise ImportProblem("holds no text (a Word file of images only?)")
    return ImportedText(text=text, encoding="docx")


def _part(package: zipfile.ZipFile, name: str) -> bytes | None:
    """One part's bytes, at most PART_MAX (a zip bomb is refused when its bytes pass the limit)."""
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise ImportProblem("is password-protected (its parts are encrypted)")
    if info.file_size > PART_MAX:
        raise ImportProblem(f"has a part larger than {PART_MAX // MB} MB ({name}): refused as a possible zip bomb")
    try:
        with package.open(info) as handle:
            data = handle.read(PART_MAX + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ImportProblem(f"is a damaged .docx ({name}: {exc})") from None
    if len(data) > PART_MAX:
        raise ImportProblem(f"has a part larger than {PART_MAX // MB} MB ({name}): refused as a possible zip bomb")
    return data


def _xml(data: bytes, name: str) -> ElementTree.Element:
    """Parsed without a DTD: Word never writes one, and a DTD is how entity bombs and external
    entities get in."""
    if _DTD.search(data):
        raise ImportProblem(f"has a DTD in {name}, which Word never writes: refused (an XML entity attack?)")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ImportProblem(f"is a damaged .docx ({name} is not well-formed XML: {exc})") from None


def _paragraphs(parent: ElementTree.Element | None, marks: dict[str, str]) -> Iterator[str]:
    """Each paragraph's text in document order (tables' cells too); a text box's paragraphs come
    after the paragraph that anchors it."""
    if parent is None:
        return
    for child in parent:
        if child.tag == W + "p":
            later: list[ElementTree.Element] = []
            yield "".join(_runs(child, later, marks))
            for box in later:
                yield from _paragraphs(box, marks)
        elif child.tag == MC + "AlternateContent":  # the same content twice: the Choice only
            choice = child.find(MC + "Choice")
            yield from _paragraphs(choice, marks)
        elif child.tag != W + "sectPr":
            yield from _paragraphs(child, marks)


def _runs(element: ElementTree.Element, later: list[ElementTree.Element], marks: dict[str, str]) -> Iterator[str]:
    for child in element:
        tag = child.tag
        if tag == W + "t":
            yield child.text or ""
        elif tag in _BREAKS:
            yield _BREAKS[tag]
        elif tag in (W + "footnoteReference", W + "endnoteReference"):
            kind = "footnote" if tag == W + "footnoteReference" else "endnote"
            yield "[" + _mark(marks, kind, child.get(W + "id", "")) + "]"
        elif tag == W + "txbxContent":
            later.append(child)
        elif tag == MC + "Fallback" or tag in (W + "delText", W + "instrText", W + "del", W + "moveFrom"):
            continue
        else:
            yield from _runs(child, later, marks)


def _mark(marks: dict[str, str], kind: str, note_id: str) -> str:
    """A note's mark as Word shows it by default: footnotes 1, 2, … and endnotes i, ii, … in the
    order the body refers to them (the ids in the file are not: Word's separators take some)."""
    key = f"{kind} {note_id}"
    if key not in marks:
        count = sum(1 for k in marks if k.startswith(kind)) + 1
        marks[key] = str(count) if kind == "footnote" else _roman(count)
    return marks[key]


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")):
        out, number = out + letters * (number // value), number % value
    for value, letters in ((40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        out, number = out + letters * (number // value), number % value
    return out


def _notes(package: zipfile.ZipFile, part: str, kind: str, marks: dict[str, str]) -> list[str]:
    """Each real note (not Word's separators) as "[mark] its text", after the body, in the order
    of their marks (a note the body never refers to comes last, with the next mark)."""
    data = _part(package, part)
    if data is None:
        return []
    found = []
    for note in _xml(data, part).iter(W + kind):
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(p.strip() for p in _paragraphs(note, marks) if p.strip())
        if text:
            key = f"{kind} {note.get(W + 'id', '')}"
            order = list(marks).index(key) if key in marks else len(marks)
            found.append((order, _mark(marks, kind, note.get(W + "id", "")), text))
    return [f"[{mark}] {text}" for _, mark, text in sorted(found, key=lambda item: item[0])]
