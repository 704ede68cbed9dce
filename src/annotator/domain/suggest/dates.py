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
    # Alone (after "in", "since"…) only a full name or a dotted abbreviation: "Mar" could be anything;
    # capitals ("OCT 14" in a dateline) only with a day, since "MAY" in a headline is a verb.
    bare = [m for m in language.months if (m in language.full_months or m.endswith(".")) and not m.isupper()]
    bare_month = f"(?:{alternation(bare)})(?!\\w)"
    weekday = f"(?:{alternation(language.weekdays)})\\b"
    long_weekday = f"(?:{alternation(w for w in language.weekdays if len(w) > 3)})\\b"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
    year = r"(?:1\d|20)\d\d\b"
    relative = alternation(language.relative)
    seasons = alternation(language.seasons) or "(?!)"  # (?!) never matches: no season words
    preps = alternation(language.date_prepositions)
    to = alternation(language.range_words)
    # "July last year", "5 May last year": a month or day of the year named relatively
    rel_year = r"\s+(?i:(?P<{}>last|this|next)\s+year)\b"
    numbers = alternation(language.number_words)
    units = alternation(language.ago_units)
    alternatives = [
        r"(?P<iso>\b\d{4}-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])\b)",
        # 08.05.2025, 19/01/2023: day first (the order of every language we read but US English)
        r"(?P<num>(?<![\d.,/])(?P<nd>[0-2]?\d|3[01])(?P<ns>[./])(?P<nm>0?[1-9]|1[0-2])(?P=ns)"
        r"(?P<ny>(?:1[89]|20)\d\d)\b(?![.,/]\d))",
        rf"(?P<yrange>(?<![\d,.$€£#/-])\b(?P<ya>1[89]\d\d|20\d\d)\s*(?:[-–—]|\s(?:{to})\s)\s*"
        r"(?P<yb>1[89]\d\d|20\d\d)\b(?![-–]\d))",
        rf"(?P<mdy>(?:(?P<w1>{weekday}),?\s+)?(?P<m1>{month})\s+(?P<d1>{day})(?:\s*(?:[-–—]|\s(?:{to})\s)\s*(?P<d1b>{day}))?"
        rf"(?:,?\s+(?P<y1>{year})|{rel_year.format('r1')})?)",
        rf"(?P<dmy>(?:(?P<w2>{weekday}),?\s+)?(?:(?P<d2a>{day})\s*(?:[-–—]|\s(?:{to})\s)\s*)?(?P<d2>{day})\s+(?:of\s+)?"
        rf"(?P<m2>{month})(?:,?\s+(?P<y2>{year})|{rel_year.format('r2')})?)",
        rf"(?P<my>(?P<m3>{month}),?\s+(?P<y3>{year}))",
        r"(?P<decade>(?:\b[Tt]he\s+)?\b(?P<dy>1[89]\d0|20\d0)s\b)",
        rf"(?P<ago>(?i:\b(?P<an>\d{{1,3}}|{numbers}|a|an)\s+(?P<au>{units})\s+(?:{alternation(language.ago_words)}))(?!\w))",
        rf"(?P<rel>(?i:\b(?:{relative})\b))",
        # "the autumn of 2021", "spring 2023", "весной 2022 года"
        rf"(?P<sy>(?i:(?:\bthe\s+)?\b(?P<s2>{seasons})\s+(?:of\s+)?)(?P<y6>{year}))",
        rf"(?P<season>(?i:\b(?P<smod>last|this|next|the|early|late)\s+(?P<s>{seasons})\b)(?!\s+of\b))",
        rf"(?P<wd>(?:(?P<wmod>(?i:last|next|this))\s+)?(?P<w3>{long_weekday})"
        r"(?:\s+(?P<wweek>(?i:last|next|this))\s+(?i:week)\b)?)",
        rf"(?P<bm>(?i:\b(?P<bmp>{preps}))(?:\s+|(?<=-))(?P<m4>{bare_month})(?!\s+{day})"
        rf"(?:,?\s+(?P<y4>{year})|{rel_year.format('r4')})?)",
        r"(?P<yr>(?<![\d,.$€£#/])\b(?P<y5>1[89]\d\d|20\d\d)\b(?!,\d|\s*(?:%|per\s*cent|percent)|-year)(?!\.\d))",
    ]
    # Every date starts a word: testing that first lets the engine skip the other positions at once.
    return re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(alternatives) + ")")


@lru_cache(maxsize=8)
def _future(language: Language) -> re.Pattern[str]:
    return re.compile(language.future, re.I)


@lru_cache(maxsize=8)
def _reported(language: Language) -> re.Pattern[str]:
    """A speech verb in the past, then "on" (and at most two words): "said on", "told reporters on"."""
    verbs = alternation(v for v in language.speech_verbs if v.endswith(("ed", "id", "ld", "ote")) or language.code != "en")
    return re.compile(rf"\b(?:{verbs})\b(?:\s+[\w-]+){{0,2}}?\s+(?:on|в|во)\s+(?:(?i:last|this)\s+)?$", re.I)


def _published(value: str) -> tuple[date | None, int]:
    """The publication date and how much of it is known: 3 day, 2 month, 1 year, 0 nothing."""
    return isodates.first_day(value)


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _nearest_year(pub: date | None, known: int, month: int, day: int | None, future: bool = False) -> int | None:
    """The year for a month (and day) written without one: the nearest to the publication, or, when
    the clause speaks of the future, the first on or after it ("talks due on 22-23 April")."""
    if pub is None or known == 0:
        return None
    best = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = date(year, month, day or 15)
        except ValueError:
            continue
        if day is None and year == pub.year and month == pub.month:
            d = pub
        if future and d < pub:
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


def _year_of(modifier: str, pub: date | None, known: int) -> int | None:
    """The year of "last year", "this year", "next year"."""
    if pub is None or known == 0:
        return None
    return pub.year + {"last": -1, "this": 0, "next": 1}[modifier.lower()]


def _ago(amount: str, unit: str, language: Language, pub: date | None, known: int) -> str:
    """ "twelve years ago", "three weeks ago", "два года назад": counted back from the publication."""
    n = int(amount) if amount.isdigit() else language.number_words.get(amount.lower(), 1)
    if pub is None or known == 0 or (unit != "year" and known < 2) or (unit in ("week", "day") and known < 3):
        return ""
    if unit == "year":
        return str(pub.year - n)
    if unit == "month":
        year, month = _add_months(pub.year, pub.month, -n)
        return f"{year:04d}-{month:02d}"
    if unit == "week":
        return _week(pub - timedelta(weeks=n))
    return (pub - timedelta(days=n)).isoformat()


def _season_of(first_month: int, year: int) -> str:
    """ "the spring of 2023": the three months from the season's first (winter runs into next year)."""
    end_year, end_month = _add_months(year, first_month, 2)
    return f"{year:04d}-{first_month:02d}/{end_year:04d}-{end_month:02d}"


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
    if kind == "num":
        return start, end, _full(int(g("ny")), int(g("nm")), int(g("nd")))
    if kind == "yrange":
        first, last = int(g("ya")), int(g("yb"))
        return (start, end, f"{first}/{last}") if first < last else (m.start("yb"), end, str(last))
    if kind in ("mdy", "dmy"):
        n = "1" if kind == "mdy" else "2"
        month = language.months[g("m" + n)]
        day = _day_number(g("d" + n))
        other = g("d1b") if kind == "mdy" else g("d2a")  # the other end of "March 3-4", "22-23 April"
        if g("y" + n):
            year: int | None = int(g("y" + n))
        elif g("r" + n):
            year = _year_of(g("r" + n), pub, known)
        else:
            year = _nearest_year(pub, known, month, day, _looks_ahead(text, m.start(), m.end(), language))
        if other:
            first, last = sorted((day, _day_number(other)))
            a, b = _full(year, month, first), _full(year, month, last)
            return start, end, f"{a}/{b}" if a and b and first < last else b
        return start, end, _full(year, month, day)
    if kind == "ago":
        return start, end, _ago(g("an"), language.ago_units[g("au").lower()], language, pub, known)
    if kind == "sy":
        return start, end, _season_of(language.seasons[g("s2").lower()], int(g("y6")))
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
        left, _ = sentence_bounds(text, start, end, 200)
        # "said on Monday": reported speech is about the past whatever the sentence goes on to say
        reported = _reported(language).search(text, max(left, start - 40), start)
        future = not reported and _looks_ahead(text, start, end, language)
        return start, end, _weekday(pub, known, language.weekdays[g("w3")], modifier, future)
    if kind == "bm":
        month = language.months[g("m4")]
        modifier = g("bmp").lower()
        if modifier not in ("last", "this", "next"):
            start = m.start("m4")
        if g("y4"):
            return start, end, _full(int(g("y4")), month, None)
        if g("r4"):
            return start, end, _full(_year_of(g("r4"), pub, known), month, None)
        year = _nearest_year(pub, known, month, None, _looks_ahead(text, m.start(), m.end(), language))
        if year is not None and modifier in ("last", "next") and pub is not None:
            year = pub.year - 1 if modifier == "last" and month >= pub.month else year
            year = pub.year + 1 if modifier == "next" and month <= pub.month else year
        return start, end, _full(year, month, None)
    return start, end, g("y5")


def _looks_ahead(text: str, start: int, end: int, language: Language) -> bool:
    """Whether the clause around a date speaks of the future ("will", "would", "is due", "expected
    to"): "who visited on Tuesday, said the government would spend…" looks back at Tuesday."""
    left, right = sentence_bounds(text, start, end, 200)
    cuts = [i.end() for i in re.finditer(r"[,;—–]\s", text[left:start])]
    after = re.search(r"[,;—–]\s", text[end:right])
    return bool(_future(language).search(text, left + (cuts[-1] if cuts else 0), end + after.start() if after else right))


def _in_name(text: str, m: re.Match[str]) -> bool:
    """ "Carbon Valley Today", "USA Today": a capitalised relative word after a capitalised word,
    inside a sentence, is part of a name."""
    word = m.group()
    if not word[:1].isupper() or " " in word:
        return False
    before = re.search(r"([^\W\d_][\w'-]*)(\W*)$", text[max(0, m.start() - 40) : m.start()])
    return bool(before and before.group(1)[0].isupper() and not re.search(r"[.!?\n]", before.group(2)))


def detect(text: str, context: Context) -> list[Suggestion]:
    pub, known = _published(context.published)
    language = context.language
    found: list[Suggestion] = []
    for m in _pattern(language).finditer(text):
        if m.lastgroup == "rel" and _in_name(text, m):
            continue
        start, end, value = _value(m, text, language, pub, known)
        if context.taken.overlaps(start, end):
            continue
        if found and _joins(text[found[-1].end : start], found[-1].field_dict["date"], value, language):
            # "08.05.2025 - 14.05.2025", "March 2016 to June 2016": one period, one passage
            value = f"{found[-1].field_dict['date']}/{value}"
            start = found.pop().start
        found.append(Suggestion(start, end, "date", (("date", value),)))
    return found


@lru_cache(maxsize=8)
def _range_joint(language: Language) -> re.Pattern[str]:
    return re.compile(rf"\s*(?:[-–—]|\s(?:{alternation(language.range_words) or '(?!)'})\s)\s*")


def _joins(between: str, first: str, second: str, language: Language) -> bool:
    """Two dates of the same precision joined by a dash or "to" are the ends of one interval."""
    return (
        bool(_range_joint(language).fullmatch(between))
        and "/" not in first + second
        and bool(first)
        and len(first) == len(second)
        and first < second
    )
