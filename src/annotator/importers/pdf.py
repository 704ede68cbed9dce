"""PDF articles: each page's text layer (pypdf), pages separated by a blank line, each page's start
offset kept; running headers and footers dropped by one rule (below). A PDF without a text layer
(scanned) is refused: Annotator does no OCR."""

from __future__ import annotations

import io
import re
from collections import Counter

from annotator.importers.base import ImportedText, ImportProblem
from annotator.importers.text import canonical_text

# The rule for running heads and feet: on a PDF of at least MIN_PAGES pages, a line among the
# first EDGE or last EDGE lines of a page is dropped when the same line (its digits counted as one
# "#", so "Page 3 of 9" and "- 4 -" match their neighbours) stands at the top or bottom of more
# than half of the pages. A line of the body that repeats at the edge of most pages is rare; a
# head or foot that varies (chapter titles) is kept.
MIN_PAGES = 3
EDGE = 2
_DIGITS = re.compile(r"\d+")


def parse_pdf(data: bytes) -> ImportedText:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files are not the user's
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # many PDFs are encrypted with an empty password
            raise ImportProblem("is password-protected: save it without a password, then import it")
        pages = [_page_text(page.extract_text()) for page in reader.pages]
    except ImportProblem:
        raise
    except PdfReadError as exc:
        raise ImportProblem(f"is not a readable PDF ({exc})") from None
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise ImportProblem(f"is a damaged PDF ({exc.__class__.__name__}: {exc})") from None
    if not pages:
        raise ImportProblem("has no pages")
    if not any(page.strip() for page in pages):
        raise ImportProblem(
            "has no text layer (a scanned PDF?): Annotator reads the text of a PDF and does no OCR; "
            "run it through OCR first (ocrmypdf, say)"
        )
    pages = drop_running_lines(pages)
    starts, parts, at = [], [], 0
    for page in pages:
        starts.append(at)
        parts.append(page)
        at += len(page) + 2  # "\n\n" between pages
    return ImportedText(text="\n\n".join(parts), encoding="pdf", page_starts=tuple(starts))


def _page_text(text: str) -> str:
    """A page's text: line endings canonical, spaces at line ends and blank lines at its edges gone."""
    lines = [line.rstrip() for line in canonical_text(text.replace("\x00", "")).split("\n")]
    return "\n".join(lines).strip("\n")


def drop_running_lines(pages: list[str]) -> list[str]:
    """Pages without their running heads and feet (see the rule above)."""
    if len(pages) < MIN_PAGES:
        return pages
    seen: Counter[str] = Counter()
    for page in pages:
        lines = page.split("\n")
        seen.update({_key(line) for line in lines[:EDGE] + lines[-EDGE:] if line.strip()})
    running = {key for key, count in seen.items() if count * 2 > len(pages)}
    if not running:
        return pages
    out = []
    for page in pages:
        lines = page.split("\n")
        head = len(lines[:EDGE])
        kept = [
            line
            for n, line in enumerate(lines)
            if not ((n < head or n >= len(lines) - EDGE) and line.strip() and _key(line) in running)
        ]
        out.append("\n".join(kept).strip("\n"))
    return out


def _key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()))
