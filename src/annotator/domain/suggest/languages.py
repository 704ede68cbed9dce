"""The words each detector looks for, per language. English first; add a Language to add one.

Month and weekday names come from python-dateutil's ``parserinfo`` (a maintained table), not from a
list of our own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dateutil.parser import parserinfo


def _alternation(words: object) -> str:
    return "|".join(sorted({str(w) for w in words}, key=len, reverse=True))


@dataclass(frozen=True, eq=False)  # hashed by identity: detectors cache compiled patterns per language
class Language:
    code: str
    months: dict[str, int]  # every spelling (case as written in news) -> 1..12
    full_months: frozenset[str]  # the spellings that can stand alone ("in May", not "in Mar")
    weekdays: dict[str, int]  # every spelling -> 0 (Monday) .. 6
    number_words: dict[str, int]
    magnitudes: dict[str, int]  # "million" -> 1_000_000
    vague: dict[str, int]  # "dozens" -> 24: the smallest amount the word can mean
    qualifiers: dict[str, str]  # qualifier -> "min" | "max" | "about" | "range"
    casualty_terms: dict[str, str]  # term -> kind
    toll_verbs: tuple[str, ...]  # "rose to", "reached": a casualty term earlier, the figure after
    person_nouns: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    attribution: tuple[str, ...]  # "according to", "in his words"
    pronouns: tuple[str, ...]
    relative: dict[str, str] = field(default_factory=dict)  # phrase -> rule name (see dates.py)
    seasons: dict[str, int] = field(default_factory=dict)  # season -> first month
    date_prepositions: tuple[str, ...] = ()

    def month_pattern(self) -> str:
        return _alternation(self.months)

    def weekday_pattern(self) -> str:
        return _alternation(self.weekdays)


def _dateutil_names() -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    info = parserinfo()
    months: dict[str, int] = {}
    for number, names in enumerate(info.MONTHS, start=1):
        for name in names:
            spelled = name.capitalize()
            months[spelled] = number
            if len(name) <= 4 and name.lower() != "may":
                months[spelled + "."] = number
    weekdays: dict[str, int] = {}
    for number, names in enumerate(info.WEEKDAYS):
        for name in names:
            weekdays[name.capitalize()] = number
    full = frozenset(names[-1].capitalize() for names in info.MONTHS)
    return months, weekdays, full


_MONTHS, _WEEKDAYS, _FULL_MONTHS = _dateutil_names()

_KILLED = ("killed", "kill", "kills", "killing", "dead", "died", "die", "dies", "dying", "deaths",
           "death toll", "lost their lives", "fatalities", "perished", "bodies", "massacred", "slain",
           "executed", "shot dead")
_WOUNDED = ("wounded", "wounding", "injured", "injuring", "injuries", "hurt", "hospitalised",
            "hospitalized", "taken to hospital", "treated in hospital")
_DISPLACED = ("displaced", "displacing", "fled", "flee", "flees", "fleeing", "forced to flee",
              "refugees", "evacuated", "uprooted", "forced from their homes", "homeless",
              "forced to leave", "left their homes", "expelled", "deported")
_MISSING = ("missing", "disappeared", "unaccounted for")
_DETAINED = ("detained", "detain", "detains", "detaining", "arrested", "arrest", "arrests", "arresting",
             "jailed", "imprisoned", "captured", "taken prisoner", "held captive", "abducted",
             "kidnapped", "hostages", "prisoners of war", "in custody", "in detention", "behind bars")
_OTHER = ("casualties", "victims")


def _kinds(**groups: tuple[str, ...]) -> dict[str, str]:
    return {term: kind for kind, terms in groups.items() for term in terms}


ENGLISH = Language(
    code="en",
    months=_MONTHS,
    full_months=_FULL_MONTHS,
    weekdays=_WEEKDAYS,
    number_words={
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
        "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
        "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90, "a dozen": 12, "a hundred": 100, "a thousand": 1000,
    },
    magnitudes={"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000},
    vague={
        "hundreds of thousands": 200_000, "tens of thousands": 20_000, "millions": 2_000_000,
        "thousands": 2_000, "hundreds": 200, "dozens": 24, "scores": 40, "several": 3,
        "a few": 2, "a handful": 2, "many": 2,
    },
    qualifiers={
        "at least": "min", "more than": "min", "over": "min", "upwards of": "min", "no fewer than": "min",
        "in excess of": "min", "nearly": "max", "almost": "max", "up to": "max", "fewer than": "max",
        "less than": "max", "under": "max", "as many as": "max", "at most": "max", "close to": "max",
        "about": "about", "around": "about", "some": "about", "approximately": "about", "roughly": "about",
        "an estimated": "about", "estimated": "about", "a reported": "about", "between": "range",
    },
    casualty_terms=_kinds(killed=_KILLED, wounded=_WOUNDED, displaced=_DISPLACED, missing=_MISSING,
                          detained=_DETAINED, other=_OTHER),
    toll_verbs=("rose to", "risen to", "rising to", "climbed to", "reached", "stood at", "stands at",
                "hit", "passed", "exceeded", "surpassed", "topped", "increase of", "rise of", "is", "was"),
    person_nouns=("people", "persons", "person", "civilians", "civilian", "soldiers", "soldier", "troops",
                  "servicemen", "servicemembers", "fighters", "militants", "children", "women", "men",
                  "residents", "villagers", "protesters", "demonstrators", "journalists", "refugees",
                  "migrants", "workers", "officers", "policemen", "others", "members", "patients",
                  "passengers", "students", "prisoners", "hostages", "inhabitants", "citizens",
                  "nationals", "families", "individuals", "adults", "infants", "babies", "victims"),
    speech_verbs=("said", "says", "say", "told", "tells", "added", "adds", "noted", "notes", "stressed",
                  "stresses", "asserted", "claimed", "claims", "declared", "announced", "insisted",
                  "warned", "warns", "explained", "wrote", "writes", "recalled", "recalls", "underlined",
                  "emphasised", "emphasized", "promised", "vowed", "described", "called", "asked",
                  "replied", "urged", "argued", "argues", "stated", "states", "commented", "remarked",
                  "pledged", "admitted", "denied", "quoted", "tweeted", "posted", "shouted", "pointed out"),
    attribution=("according to", "in his words", "in her words", "in their words", "in the words of",
                 "quoted as saying", "statement", "interview"),
    pronouns=("he", "she", "they", "his", "her", "their", "we", "i"),
    relative={
        "today": "today", "yesterday": "yesterday", "tomorrow": "tomorrow", "last night": "yesterday",
        "this morning": "today", "tonight": "today", "this evening": "today", "this afternoon": "today",
        "this year": "this year", "earlier this year": "this year", "later this year": "this year",
        "the beginning of the year": "this year", "the start of the year": "this year",
        "the end of the year": "this year", "the first half of the year": "this year",
        "last year": "last year", "the previous year": "last year", "the past year": "last year",
        "next year": "next year",
        "this month": "this month", "earlier this month": "this month", "later this month": "this month",
        "last month": "last month", "the previous month": "last month", "next month": "next month",
        "this week": "this week", "earlier this week": "this week", "later this week": "this week",
        "last week": "last week", "the previous week": "last week", "next week": "next week",
        "the weekend": "last weekend", "last weekend": "last weekend", "this weekend": "this weekend",
        "next weekend": "next weekend",
    },
    seasons={"winter": 12, "spring": 3, "summer": 6, "autumn": 9, "fall": 9},
    date_prepositions=("in", "since", "until", "till", "by", "from", "during", "through", "before",
                       "after", "early", "late", "mid", "mid-", "of", "on", "last", "this", "next", "that"),
)

LANGUAGES: dict[str, Language] = {"en": ENGLISH}


def language_for(code: str) -> Language:
    """The vocabulary for a document's language (``en``, ``en-GB``…); English when we have none."""
    return LANGUAGES.get(code.split("-")[0].lower(), ENGLISH)
