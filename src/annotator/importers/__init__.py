"""Importers: one module per source format, each turning a file into canonical text and hints."""

from __future__ import annotations

from pathlib import Path

from annotator.importers.base import ImportedText, ImportProblem
from annotator.importers.files import ARTICLE_MAX_BYTES, read_regular
from annotator.importers.text import canonical_text, decode

EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")

__all__ = ["EXTENSIONS", "ImportProblem", "ImportedText", "read_article", "parse_bytes"]


def read_article(path: Path) -> ImportedText:
    """Read one file from disk; raises ImportProblem with a one-line reason on bad input."""
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        shown = suffix or "no extension"
        raise ImportProblem(f"unsupported file type ({shown}); use .txt, .md, .html, .docx or .pdf")
    return parse_bytes(read_regular(path, ARTICLE_MAX_BYTES), suffix)


def parse_bytes(data: bytes, suffix: str) -> ImportedText:
    """Turn the raw bytes of a file with the given extension into canonical text."""
    if not data.strip():
        raise ImportProblem("is empty")
    try:
        article = _parse(data, suffix)
        for value in (article.text, article.title, article.url, article.language, article.published):
            value.encode("utf-8")  # storable: no lone surrogates, whatever a parser made
    except UnicodeError as exc:  # a decoding failure is this file's refusal, never the batch's
        raise ImportProblem(f"cannot be decoded as text ({getattr(exc, 'reason', '') or exc})") from None
    return article


def _parse(data: bytes, suffix: str) -> ImportedText:
    if suffix == ".docx":
        from annotator.importers.docx import parse_docx

        return parse_docx(data)
    if suffix == ".pdf":
        from annotator.importers.pdf import parse_pdf

        return parse_pdf(data)
    if suffix in (".html", ".htm"):
        from annotator.importers.html import parse_html

        return parse_html(data)
    text, encoding = decode(data)
    text = canonical_text(text)
    if not text.strip():
        raise ImportProblem("holds no text")
    return ImportedText(text=text, encoding=encoding)
