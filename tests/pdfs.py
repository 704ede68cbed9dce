"""Tiny PDF and .docx writers for the import tests and benchmarks: real files, written byte by byte
(no PDF or Word library needed), so each test says exactly what its file holds."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape


def make_pdf(pages: list[list[str]], *, text_layer: bool = True) -> bytes:
    """A PDF whose page n shows the lines pages[n] in Helvetica (WinAnsi: Latin-1 text), top down.
    Without a text layer each page holds only a grey rectangle (as a scan holds only an image)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        if text_layer:
            ops = [b"BT /F1 11 Tf 14 TL 72 760 Td"]
            for line in lines:
                quoted = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
                ops.append(b"(" + quoted + b") Tj T*")
            ops.append(b"ET")
        else:
            ops = [b"0.5 g 72 72 450 650 re f"]
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> "
                b"/Contents %d 0 R >>" % (tree, font, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def paragraph(*runs: str) -> str:
    """A w:p whose runs hold these texts (markup given as is when it starts with '<')."""
    parts = []
    for run in runs:
        if run.startswith("<"):
            parts.append(run)
        else:
            parts.append(f'<w:r><w:t xml:space="preserve">{escape(run)}</w:t></w:r>')
    return "<w:p>" + "".join(parts) + "</w:p>"


def word_xml(root: str, body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} xmlns:w="{W_NS}">{body}</w:{root}>'


def make_docx(body: str, extra: dict[str, str | bytes] | None = None) -> bytes:
    """A .docx package whose document.xml has this body markup; extra parts by name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/document.xml", word_xml("document", f"<w:body>{body}<w:sectPr/></w:body>"))
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return out.getvalue()
