"""Dates: absolute ("Nov. 8, 2023", "8 November 2023", "2025-09-25") and relative ("last year", "on
Wednesday", "earlier this year"), each normalised to ISO 8601 against the publication date.

The value is as precise as the text: ``2023-11-08``, ``2023-09``, ``2023``, an ISO week
(``2023-W24``) or an interval (``2022-12/2023-02`` for "last winter", ``1970/1979`` for "the
1970s"). A relative date in a document without a publication date gets an empty value.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from annotator.domain import isodates
from annotator.domain.suggest.detect import Context
from annotator.domain.suggest.languages import Language
from annotator.domain.suggest.model import Suggestion, alternation, sentence_bounds


@lru_cache(maxsize=8)
def _pattern(language: Language) -> re.Pattern[str]:
    month = f"(?:{alternation(language.months)})(?!\\w)"
    # Alone (after "in", "since"…) only a full name or a dotted abbreviation: "Mar" could be anything.
    bare = [m for m in language.months if m in language.full_months or m.endswith(".")]
    bare_month = f"(?:{alternation(bare)})(?!\\w)"
    weekday = f"(?:{alternation(language.weekdays)})\\b"
    long_weekday = f"(?:{alternation(w for w in language.weekdays if len(w) > 3)})\\b"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
    year = r"(?:1\d|20)\d\d\b"
    relative = alternation(language.relative)
    seasons = "|".join(language.seasons) or "(?!)"  # (?!) never matches: no season words
    preps = alternation(language.date_prepositions)
    alternatives = [
        r"(?P<iso>\b\d{4}-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])\b)",
        rf"(?P<mdy>(?:(?P<w1>{weekday}),?\s+)?(?P<m1>{month})\s+(?P<d1>{day})(?:,?\s+(?P<y1>{year}))?)",
        rf"(?P<dmy>(?:(?P<w2>{weekday}),?\s+)?(?P<d2>{day})\s+(?:of\s+)?(?P<m2>{month})(?:,?\s+(?P<y2>{year}))?)",
        rf"(?P<my>(?P<m3>{month}),?\s+(?P<y3>{year}))",
        r"(?P<decade>(?:\b[Tt]he\s+)?\b(?P<dy>1[89]\d0|20\d0)s\b)",
        rf"(?P<rel>(?i:\b(?:{relative})\b))",
        rf"(?P<season>(?i:\b(?P<smod>last|this|next|the|early|late)\s+(?P<s>{seasons})\b)(?!\s+of\b))",
        rf"(?P<wd>(?:(?P<wmod>(?i:last|next|this))\s+)?(?P<w3>{long_weekday})"
        r"(?:\s+(?P<wweek>(?i:last|next|this))\s+(?i:week)\b)?)",
        rf"(?P<bm>(?i:\b(?P<bmp>{preps}))(?:\s+|(?<=-))(?P<m4>{bare_month})(?!\s+{day})(?:,?\s+(?P<y4>{year}))?)",
        r"(?P<yr>(?<![\d,.$€£#/])\b(?P<y5>1[89]\d\d|20\d\d)\b(?!,\d|\s*(?:%|per\s*cent|percent)|-year)(?!\.\d))",
    ]
    return re.compile("|".join(alternatives))


@lru_cache(maxsize=8)
def _future(language: Language) -> re.Pattern[str]:
    return re.compile(language.future, re.I)


def _published(value: str) -> tuple[date | None, int]:
    """The publication date and how much of it is known: 3 day, 2 month, 1 year, 0 nothing."""
    return isodates.first_day(value)


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _nearest_year(pub: date | None, known: int, month: int, day: int | None) -> int | None:
    if pub is None or known == 0:
        return None
    best = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = date(year, month, day or 15)
        except ValueError:
            continue
        distance = abs((d - pub).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _weekday(pub: date | None, known: int, weekday: int, modifier: str, future: bool) -> str:
    if pub is None or known < 3:
        return ""
    back = (pub.weekday() - weekday) % 7
    if modifier == "last":
        back = back or 7
    elif modifier == "next" or (future and modifier != "this"):
        ahead = (weekday - pub.weekday()) % 7
        return (pub + timedelta(days=ahead or 7 if modifier == "next" else ahead)).isoformat()
    return (pub - timedelta(days=back)).isoformat()


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _relative(rule: str, pub: date | None, known: int) -> str:
    if pub is None or known == 0:
        return ""
    shift = {"last": -1, "this": 0, "next": 1}[rule.split()[0]]
    unit = rule.split()[1]
    if unit == "year":
        return str(pub.year + shift)
    if unit == "month":
        year, month = _add_months(pub.year, pub.month, shift)
        return "" if known < 2 else f"{year:04d}-{month:02d}"
    if known < 3:
        return ""
    if unit == "week":
        return _week(pub + timedelta(weeks=shift))
    # weekends: the Saturday and Sunday of the week in question
    saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
    if rule != "last weekend" and saturday < pub - timedelta(days=1):
        saturday += timedelta(days=7)
    if rule == "next weekend":
        saturday += timedelta(days=7)
    return f"{saturday.isoformat()}/{(saturday + timedelta(days=1)).isoformat()}"


def _day_word(rule: str, pub: date | None, known: int) -> str:
    if pub is None or known < 3:
        return ""
    return (pub + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[rule])).isoformat()


def _season(first_month: int, modifier: str, pub: date | None, known: int) -> str:
    if pub is None or known < 2:
        return ""
    here = date(pub.year, pub.month, 1)
    starts = [date(y, first_month, 1) for y in (pub.year - 2, pub.year - 1, pub.year, pub.year + 1)]

    def ends(s: date) -> date:
        y, m = _add_months(s.year, s.month, 2)
        return date(y, m, 1)

    containing = [s for s in starts if s <= here <= ends(s)]
    if modifier == "last":
        chosen = max(s for s in starts if ends(s) < here)
    elif modifier == "next":
        chosen = min(s for s in starts if s > here)
    elif containing:
        chosen = containing[0]
    else:
        chosen = min(starts, key=lambda s: min(abs(_months_between(s, here)), abs(_months_between(ends(s), here))))
    end = ends(chosen)
    return f"{chosen.year:04d}-{chosen.month:02d}/{end.year:04d}-{end.month:02d}"


def _full(year: int | None, month: int, day: int | None) -> str:
    if year is None:
        return ""
    try:
        date(year, month, day or 1)
    except ValueError:
        return ""
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _day_number(value: str) -> int:
    return int(re.sub(r"\D", "", value))


def _value(m: re.Match[str], text: str, language: Language, pub: date | None, known: int) -> tuple[int, int, str]:
    """The span to suggest and its ISO value for one match of the pattern."""
    kind = m.lastgroup
    g = m.group
    start, end = m.span()
    if kind == "iso":
        y, mo, d = (int(x) for x in g("iso").split("-"))
        return start, end, _full(y, mo, d)
    if kind in ("mdy", "dmy"):
        n = "1" if kind == "mdy" else "2"
        month = language.months[g("m" + n)]
        day = _day_number(g("d" + n))
        year = int(g("y" + n)) if g("y" + n) else _nearest_year(pub, known, month, day)
        return start, end, _full(year, month, day)
    if kind == "my":
        return start, end, _full(int(g("y3")), language.months[g("m3")], None)
    if kind == "decade":
        first = int(g("dy"))
        return start, end, f"{first}/{first + 9}"
    if kind == "rel":
        rule = language.relative[g("rel").lower()]
        if rule in ("today", "yesterday", "tomorrow"):
            return start, end, _day_word(rule, pub, known)
        return start, end, _relative(rule, pub, known)
    if kind == "season":
        return start, end, _season(language.seasons[g("s").lower()], g("smod").lower(), pub, known)
    if kind == "wd" and g("wweek") and pub is not None and known == 3:  # "Tuesday last week"
        shift = {"last": -1, "this": 0, "next": 1}[g("wweek").lower()]
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=shift)
        return start, end, (monday + timedelta(days=language.weekdays[g("w3")])).isoformat()
    if kind == "wd":
        modifier = (g("wmod") or "").lower()
        if not modifier:
            start = m.start("w3")
        left, right = sentence_bounds(text, start, end, 200)
        future = bool(_future(language).search(text, left, right))
        return start, end, _weekday(pub, known, language.weekdays[g("w3")], modifier, future)
    if kind == "bm":
        month = language.months[g("m4")]
        modifier = g("bmp").lower()
        if modifier not in ("last", "this", "next"):
            start = m.start("m4")
        if g("y4"):
            return start, end, _full(int(g("y4")), month, None)
        year = _nearest_year(pub, known, month, None)
        if year is not None and modifier in ("last", "next") and pub is not None:
            year = pub.year - 1 if modifier == "last" and month >= pub.month else year
            year = pub.year + 1 if modifier == "next" and month <= pub.month else year
        return start, end, _full(year, month, None)
    return start, end, g("y5")


def detect(text: str, context: Context) -> list[Suggestion]:
    pub, known = _published(context.published)
    language = context.language
    found = []
    for m in _pattern(language).finditer(text):
        start, end, value = _value(m, text, language, pub, known)
        if not context.taken.overlaps(start, end):
            found.append(Suggestion(start, end, "date", (("date", value),)))
    return found
