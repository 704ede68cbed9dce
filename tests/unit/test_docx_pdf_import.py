"""Word (.docx) and PDF articles through the importers, on real files written byte by byte
(tests/pdfs.py): paragraphs and pages kept, headers, footers and page numbers left out, hostile
packages refused with one sentence."""

import io
import zipfile

import pytest

from annotator.importers import ImportProblem, read_article
from tests.pdfs import make_docx, make_pdf, paragraph, word_xml


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- .docx --------------------------------------------------------------------------------------
def test_docx_paragraphs_are_kept_with_one_blank_line_between_and_the_text_exact(tmp_path):
    body = (
        paragraph("Baku, 8 November — ", "the first paragraph, ", "in three runs.")
        + paragraph()  # an empty paragraph: no extra blank lines
        + paragraph("Second: tab<", "<w:r><w:tab/></w:r>", "> and a line break", "<w:r><w:br/></w:r>", "here.")
        + paragraph("Cafe\u0301 (decomposed), café (composed), 😀 — kept as the file has them.")
        + "<w:tbl><w:tr><w:tc>"
        + paragraph("A table cell.")
        + "</w:tc></w:tr></w:tbl>"
    )
    article = read_article(write(tmp_path, "a.docx", make_docx(body)))
    assert article.text == (
        "Baku, 8 November — the first paragraph, in three runs.\n\n"
        "Second: tab<\t> and a line break\nhere.\n\n"
        "Cafe\u0301 (decomposed), café (composed), 😀 — kept as the file has them.\n\n"
        "A table cell."
    )


def test_docx_headers_footers_page_numbers_and_deleted_text_are_left_out(tmp_path):
    header = word_xml("hdr", paragraph("THE DAILY EXAMPLE — running head"))
    footer = word_xml("ftr", paragraph("Page ", '<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    body = paragraph(
        "Kept ",
        "<w:del><w:r><w:delText>deleted words </w:delText></w:r></w:del>",
        "<w:r><w:instrText> PAGE </w:instrText></w:r>",
        "text.",
    )
    data = make_docx(body, {"word/header1.xml": header, "word/footer1.xml": footer})
    assert read_article(write(tmp_path, "h.docx", data)).text == "Kept text."


def test_docx_footnotes_are_marked_and_appended_after_the_body(tmp_path):
    body = paragraph(
        "A claim",
        '<w:r><w:footnoteReference w:id="2"/></w:r>',
        " and another",
        '<w:r><w:footnoteReference w:id="3"/></w:r>',
        ".",
    )
    notes = word_xml(
        "footnotes",
        '<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="3">' + paragraph("Second source.") + "</w:footnote>"
        '<w:footnote w:id="2">' + paragraph("First source, p. 4.") + "</w:footnote>",
    )
    article = read_article(write(tmp_path, "n.docx", make_docx(body, {"word/footnotes.xml": notes})))
    assert article.text == "A claim[1] and another[2].\n\n[1] First source, p. 4.\n\n[2] Second source."


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "is password-protected (encrypted) or an old Word .doc file"),
        (b"PK\x03\x04 not really a zip", "is not a Word .docx file (it is not a zip package)"),
        (b"plain text renamed to .docx", "is not a Word .docx file (it is not a zip package)"),
    ],
)
def test_a_bad_or_encrypted_docx_is_refused_with_one_sentence(tmp_path, data, said):
    with pytest.raises(ImportProblem, match=said.replace("(", r"\(").replace(")", r"\)")):
        read_article(write(tmp_path, "bad.docx", data))


def test_a_docx_without_a_document_part_is_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("hello.txt", "not Word")
    with pytest.raises(ImportProblem, match="it has no word/document.xml"):
        read_article(write(tmp_path, "empty.docx", out.getvalue()))


def test_a_zip_bomb_docx_is_refused_without_inflating_it(tmp_path):
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package,
        package.open("word/document.xml", "w", force_zip64=True) as part,
    ):
        part.write(word_xml("document", "<w:body>").encode())
        block = b"<w:p/>" * 100_000
        for _ in range(200):  # 120 MB of XML, a few hundred KB compressed
            part.write(block)
    assert len(out.getvalue()) < 2_000_000
    with pytest.raises(ImportProblem, match="larger than 64 MB .*zip bomb"):
        read_article(write(tmp_path, "bomb.docx", out.getvalue()))


def test_a_zip_slip_name_in_a_docx_writes_nothing_and_the_text_is_read(tmp_path):
    evil = "../../" + str(tmp_path.name) + "-escaped.txt"
    data = make_docx(paragraph("The article."), {evil: "owned", "/abs/escaped.txt": "owned"})
    folder = tmp_path / "in"
    folder.mkdir()
    article = read_article(write(folder, "slip.docx", data))
    assert article.text == "The article."
    assert not (tmp_path.parent / (tmp_path.name + "-escaped.txt")).exists()
    assert sorted(p.name for p in folder.iterdir()) == ["slip.docx"]


def test_an_entity_bomb_in_a_docx_is_refused(tmp_path):
    lol = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", lol)
    with pytest.raises(ImportProblem, match="has a DTD in word/document.xml"):
        read_article(write(tmp_path, "lol.docx", out.getvalue()))


# --- PDF ----------------------------------------------------------------------------------------
def test_pdf_text_per_page_with_a_blank_line_between_and_page_starts(tmp_path):
    pages = [
        ["First page, first line.", "First page, second line."],
        ["Second page (with parentheses)."],
        ["Third page: café."],
    ]
    article = read_article(write(tmp_path, "a.pdf", make_pdf(pages)))
    assert article.text == (
        "First page, first line.\nFirst page, second line.\n\nSecond page (with parentheses).\n\nThird page: café."
    )
    assert article.page_starts == (0, 50, 83)
    for start, lines in zip(article.page_starts, pages, strict=True):
        assert article.text[start:].startswith(lines[0])


def test_pdf_running_heads_and_page_numbers_repeated_on_most_pages_are_dropped(tmp_path):
    words = ["Alpha", "Bravo", "Charlie", "Delta"]
    pages = [
        ["THE DAILY EXAMPLE", f"{word} opens this page.", f"{word} goes on.", f"{word} ends it.", f"Page {n} of 4"]
        for n, word in enumerate(words, start=1)
    ]
    pages[2][1] = "THE DAILY EXAMPLE is named in the body too, and stays."
    article = read_article(write(tmp_path, "heads.pdf", make_pdf(pages)))
    assert "Page " not in article.text
    assert article.text.count("THE DAILY EXAMPLE") == 1
    assert article.text.split("\n\n")[0] == "Alpha opens this page.\nAlpha goes on.\nAlpha ends it."


def test_a_short_pdf_keeps_every_line(tmp_path):
    pages = [["Heading", "Text one."], ["Heading", "Text two."]]
    assert read_article(write(tmp_path, "two.pdf", make_pdf(pages))).text == "Heading\nText one.\n\nHeading\nText two."


def test_a_scanned_pdf_without_a_text_layer_is_refused_with_a_sentence(tmp_path):
    with pytest.raises(ImportProblem, match=r"has no text layer \(a scanned PDF\?\)"):
        read_article(write(tmp_path, "scan.pdf", make_pdf([[], []], text_layer=False)))


def test_a_damaged_pdf_is_refused_with_a_sentence(tmp_path):
    with pytest.raises(ImportProblem, match="PDF"):
        read_article(write(tmp_path, "bad.pdf", b"%PDF-1.4\nthis is not a PDF at all\n"))
