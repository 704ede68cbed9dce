"""Partial ISO 8601 dates as Annotator stores them — one rule for field values, publication dates
and the date detector: 2023, 2023-09, 2023-09-25, an ISO week 2023-W24, or an interval a/b whose
start is not after its end. Impossible days and weeks a year does not have are not dates."""

from __future__ import annotations

import re
from datetime import date, timedelta

ISO_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")  # also what looks like one, valid or not
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def span(value: str) -> tuple[date, date] | None:
    """The first and last day one partial date stands for, or None if it is not a date."""
    try:
        week = _WEEK.match(value)
        if week:
            monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)  # refuses 2023-W53
            return monday, monday + timedelta(days=6)
        day = ISO_DAY.match(value)
        if not day:
            return None
        year, month, dd = (int(g) if g else None for g in day.groups())
        assert year is not None
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if dd is None:  # the month's last day: the day before the next month's first (no calendar module)
            first = date(year, month, 1)
            return first, (date(year, month + 1, 1) - timedelta(days=1)) if month < 12 else date(year, 12, 31)
        return date(year, month, dd), date(year, month, dd)
    except ValueError:  # month 13, February 30, year 0, week 0
        return None


def valid(value: str) -> bool:
    """A partial date, a week, or an interval a/b of them that does not run backwards."""
    parts = value.split("/")
    if len(parts) > 2:
        return False
    spans = [span(part) for part in parts]
    if any(s is None for s in spans):
        return False
    return len(spans) == 1 or spans[0][0] <= spans[1][1]  # type: ignore[index]


def plain(value: str) -> bool:
    """One plain partial date (2023, 2023-09, 2023-09-25), as a publication date is."""
    return ISO_DAY.match(value) is not None and span(value) is not None


def first_day(value: str) -> tuple[date | None, int]:
    """A plain partial date's first day and how much of it is known: 3 day, 2 month, 1 year, 0 nothing."""
    found = ISO_DAY.match(value.strip())
    if not found or span(value.strip()) is None:
        return None, 0
    known = sum(1 for g in found.groups() if g)
    return span(value.strip())[0], known  # type: ignore[index]
