"""Importers: one module per source format, each turning a file into canonical text and hints."""

from __future__ import annotations

from pathlib import Path

from annotator.importers.base import ImportedText, ImportProblem
from annotator.importers.text import canonical_text, decode

MAX_BYTES = 64 * 1024 * 1024  # larger files are refused rather than read into memory
EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".html", ".htm")

__all__ = ["EXTENSIONS", "ImportProblem", "ImportedText", "read_article", "parse_bytes"]


def read_article(path: Path) -> ImportedText:
    """Read one file from disk; raises ImportProblem with a one-line reason on bad input."""
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        shown = suffix or "no extension"
        raise ImportProblem(f"unsupported file type ({shown}); use .txt, .md or .html")
    try:
        if path.is_dir():
            raise ImportProblem("is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportProblem(f"too large ({size // (1024 * 1024)} MB; the limit is 64 MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem("no such file") from None
    except PermissionError:
        raise ImportProblem("permission denied") from None
    except OSError as exc:
        raise ImportProblem(f"cannot be read ({exc.strerror or exc})") from None
    return parse_bytes(data, suffix)


def parse_bytes(data: bytes, suffix: str) -> ImportedText:
    """Turn the raw bytes of a file with the given extension into canonical text."""
    if not data.strip():
        raise ImportProblem("is empty")
    if suffix in (".html", ".htm"):
        from annotator.importers.html import parse_html

        return parse_html(data)
    text, encoding = decode(data)
    text = canonical_text(text)
    if not text.strip():
        raise ImportProblem("holds no text")
    return ImportedText(text=text, encoding=encoding)
