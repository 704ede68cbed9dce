"""Guess a document's title, publication date and dateline from its text (all editable later)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as dateparser

from annotator.domain import isodates
from annotator.domain.models import META_FIELDS, DocumentMeta

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A scraped "date 2025-09-25" field, as at the top of some Trend pages.
_DATE_FIELD = re.compile(r"^\s*date:?\s+(\d{4}-\d{2}(?:-\d{2})?)\b", re.IGNORECASE)
# "BAKU, Azerbaijan, January 6." / "KHANKENDI, Azerbaijan (AP) —"
_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Z.'\- ]+[A-Z](?:, [A-Z][\w.'\- ]*?)?)"
    rf"(?:, (?P<md>{_MONTH} \d{{1,2}})\.|\s*\((?:AP|Reuters|AFP|TASS|Trend)\)\s*[—–-])",
    re.MULTILINE,
)
# "Nov. 8, 2023", "November 8, 2023", "8 November 2023"
# The lookahead and lookbehind say what a leading \b would, but let the search skip most
# positions at once (75 → 27 µs over the top of an article; a date written in other digits
# than 0-9 is not guessed: \d in the lookahead costs the speed).
_FULL_DATE = re.compile(
    rf"(?=[JFMASOND0-9])(?<!\w)(?:(?P<m1>{_MONTH}) (?P<d1>\d{{1,2}}), (?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}) (?P<y2>\d{{4}}))\b"
)
_MONTHS = {  # the first three letters of a month as _MONTH spells it (in English, whatever the locale)
    name: n for n, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}

HEAD = 4000  # only the top of an article is searched for its metadata
TITLE_MAX = 140


@dataclass(frozen=True, slots=True)
class Guess:
    title: str = ""
    published: str = ""
    dateline: str = ""


def tidy(meta: DocumentMeta) -> DocumentMeta:
    """Metadata as it is stored: each value one line (runs of white space one space) and never a
    NUL — it is stripped, since C tools, terminals and spreadsheets cut a text at a NUL."""

    def line(value: str) -> str:
        return " ".join(value.replace("\x00", "").split())

    return DocumentMeta(**{f.name: line(getattr(meta, f.name)) for f in META_FIELDS})


def normalise_date(value: str) -> str | None:
    """An ISO 8601 date, possibly partial (2023, 2023-09, 2023-09-25), or None if unreadable."""
    value = value.strip()
    if not value:
        return ""
    if isodates.ISO_DAY.match(value):
        return value if isodates.plain(value) else None
    # Parsed twice with different defaults: a part that differs was not in the text, so the date
    # is only that precise (dateutil would otherwise fill it in from today's date).
    try:
        one = dateparser.parse(value, default=datetime(2000, 1, 1))
        two = dateparser.parse(value, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if one.year != two.year:
        return None
    if one.month != two.month:
        return f"{one.year:04d}"
    return f"{one.year:04d}-{one.month:02d}" if one.day != two.day else one.date().isoformat()


def guess(text: str, title_hint: str = "") -> Guess:
    """Title, date and dateline from the top of the text; what is not found stays empty."""
    head = text[:HEAD]
    published = ""
    field = _DATE_FIELD.match(head)
    if field:
        published = normalise_date(field.group(1)) or ""
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    if field and lines:
        lines[0] = _DATE_FIELD.sub("", lines[0], count=1).strip()
    dateline = ""
    first_line_rest = lines[0] if lines else ""
    for index, line in enumerate(lines[:12]):
        found = _DATELINE.match(line)
        if found:
            dateline = found.group("place").strip()
            if index == 0:
                first_line_rest = line[found.end() :].strip()
            break
    if not published:
        full = _FULL_DATE.search(head)
        if full:
            published = _full_date(full)
    title = title_hint.strip() or shorten(first_line_rest)
    return Guess(title=title, published=published, dateline=dateline)


def _full_date(found: re.Match[str]) -> str:
    """The ISO date a _FULL_DATE match names ('' if there is no such day): read from the match's
    parts, as normalise_date would read it (dateutil took 80 µs a file, a third of an import's reading)."""
    month, day, year = found.group("m1", "d1", "y1") if found.group("m1") else found.group("m2", "d2", "y2")
    if int(year) < 100:  # dateutil reads "0023" as 2023: its rule, not a second copy of it
        return normalise_date(found.group(0)) or ""
    try:
        return date(int(year), _MONTHS[month[:3].lower()], int(day)).isoformat()
    except ValueError:
        return ""


def shorten(line: str, limit: int = TITLE_MAX) -> str:
    """A one-line title: the line itself, or its first sentence, cut at a word if still long."""
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    sentence = re.match(r"(.{20,}?[.!?])\s", line)
    if sentence and len(sentence.group(1)) <= limit:
        return sentence.group(1)
    cut = line[:limit].rsplit(" ", 1)[0]
    return cut + "…"
