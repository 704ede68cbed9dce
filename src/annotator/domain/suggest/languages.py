"""The words each detector looks for, per language. English first; add a Language to add one.

Month and weekday names come from python-dateutil's ``parserinfo`` (a maintained table), not from a
list of our own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dateutil.parser import parserinfo


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
    glue: frozenset[str] = frozenset()  # words that may sit between a figure and its casualty term
    groups: str = ""  # a regular expression for nouns of counted groups besides person_nouns
    digits: str = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"  # how numbers are written
    future: str = (r"\b(?:will|would|is due|are due|is set to|are set to|scheduled|plans? to|expects?|is expected"
                   r"|are expected|is to be|are to be|forecast|due to)\b")
    titles: tuple[str, ...] = ()  # words before a person's name: "President", "Minister"
    range_words: tuple[str, ...] = ()  # "3 to 4 March", "с 16 по 18 мая" (a dash always joins)
    ago_units: dict[str, str] = field(default_factory=dict)  # "years" -> "year": "twelve years ago"
    ago_words: tuple[str, ...] = ()  # "ago", "назад"
    person_singular: tuple[str, ...] = ()  # "man", "volunteer": one person counted by "a"/"her" + noun
    articles: tuple[str, ...] = ()  # "a", "an"
    owners: tuple[str, ...] = ()  # "his", "her", "their": "her son"
    subset_markers: tuple[str, ...] = ()  # "including", "of whom": a part of the count before it
    conjunctions: tuple[str, ...] = ()  # "and", "as well as": the next count shares the kind
    companions: tuple[str, ...] = ()  # "along with": taken with someone whose fate the sentence told
    age_words: tuple[str, ...] = ()  # "aged", "turned": the number after is an age
    ratio_words: tuple[str, ...] = ()  # "in", "out of": "eight in 10 residents" is a share
    copulas: tuple[str, ...] = ()  # "are", "were": never part of who is counted ("9,400 are children")
    asides: tuple[str, ...] = ()  # "speaking on condition of anonymity": said of a speaker, not the speaker
    place_prepositions: tuple[str, ...] = ()  # "said X in Ain Tala": the name after is a place
    modifier_starts: tuple[str, ...] = ()  # "a diplomat involved in the talks": where a long speaker is cut
    speech_openers: tuple[str, ...] = ()  # "as", "как": "Как отметила X, …" names the speaker after the verb
    quote_followers: tuple[str, ...] = ()  # words after a quotation that leave it speech ("…" and said)


def _dateutil_names() -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    info = parserinfo()
    months: dict[str, int] = {}
    for number, names in enumerate(info.MONTHS, start=1):
        for name in names:
            spelled = name.capitalize()
            months[spelled] = number
            months[name.upper()] = number  # "OCT 14" in a dateline
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
           "executed", "shot dead", "drowned", "remains of", "bodies of", "buried alive")
_WOUNDED = ("wounded", "wounding", "injured", "injuring", "injuries", "hurt", "hospitalised",
            "hospitalized", "taken to hospital", "treated in hospital", "wounds", "shrapnel wounds",
            "gunshot wounds", "burns", "in critical condition", "in serious condition")
_DISPLACED = ("displaced", "displacing", "fled", "flee", "flees", "fleeing", "forced to flee",
              "refugees", "evacuated", "uprooted", "forced from their homes", "homeless",
              "forced to leave", "left their homes", "expelled", "deported", "from their homes",
              "sheltering", "in shelters", "in evacuation centres", "in evacuation centers", "sleeping in the open",
              "reached camps", "in camps", "crossed the border", "crossed into")
_MISSING = ("missing", "disappeared", "unaccounted for", "trapped", "not been heard from")
_DETAINED = ("detained", "detain", "detains", "detaining", "arrested", "arrest", "arrests", "arresting",
             "jailed", "imprisoned", "captured", "taken prisoner", "held captive", "abducted",
             "kidnapped", "hostages", "prisoners of war", "in custody", "in detention", "behind bars",
             "hostage", "captives", "detainees", "still holding", "are holding", "is holding", "been holding",
             "being held", "seized", "snatched", "abduction",
             "abductions", "kidnapping", "freed", "released from captivity", "exchanged", "swapped", "held for",
             "were held", "are held", "still held")
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
        "a few": 2, "a handful": 2,
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
                  "nationals", "families", "individuals", "adults", "infants", "babies", "victims",
                  "captives", "detainees", "fishermen", "miners", "guards", "engineers", "doctors", "nurses",
                  "drivers", "volunteers", "colleagues", "foreigners", "farmers", "staff", "crew", "sailors",
                  "pilots", "teachers", "pupils", "pilgrims", "worshippers", "tourists", "pensioners",
                  "teenagers", "boys", "girls", "relatives", "bystanders", "employees", "medics",
                  "paramedics", "rescuers", "firefighters", "peacekeepers", "settlers", "grandchildren"),
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
        "the beginning of the year": "this year", "the beginning of the month": "this month",
        "the start of the month": "this month", "the end of last month": "last month", "the start of the year": "this year",
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
    glue=frozenset((
        "are", "were", "was", "is", "be", "been", "being", "have", "has", "had", "who", "whom", "that", "and",
        "or", "of", "in", "on", "at", "from", "since", "during", "after", "among", "as", "reportedly", "also",
        "still", "now", "the", "a", "an", "by", "reported", "confirmed", "believed", "feared", "said", "to",
        "nearly", "all", "more", "than", "remain", "remained", "remains", "held", "kept", "with", "including",
        "not", "yet", "for",
    )),
    person_singular=("man", "woman", "boy", "girl", "child", "baby", "toddler", "teenager", "grandmother",
                     "grandfather", "mother", "father", "son", "daughter", "wife", "husband", "brother",
                     "sister", "doctor", "nurse", "driver", "soldier", "volunteer", "journalist",
                     "photographer", "worker", "farmer", "fisherman", "resident", "civilian", "policeman",
                     "policewoman", "guard", "student", "pensioner", "priest", "teacher", "tourist", "miner",
                     "engineer", "pilot", "paramedic", "medic", "firefighter", "peacekeeper", "aid worker",
                     "hostage", "prisoner", "passenger", "shepherd", "pilgrim"),
    articles=("a", "an"),
    owners=("his", "her", "their"),
    subset_markers=("including", "among them", "among whom", "of whom", "of them", "among those"),
    conjunctions=("and", "or", "as well as", "plus"),
    companions=("along with", "together with", "alongside", "as well as"),
    age_words=("aged", "turned", "age of", "ages of", "age"),
    ratio_words=("in", "out of"),
    copulas=("are", "were", "was", "is", "be", "been", "have", "has", "had"),
    asides=("speaking on condition of anonymity", "speaking on condition", "on condition of anonymity",
            "speaking anonymously", "who asked not to be named", "who declined to be named", "speaking by phone",
            "speaking to reporters", "speaking from"),
    place_prepositions=("in", "at", "from", "near"),
    modifier_starts=("who", "which", "in", "at", "from", "for", "with", "on"),
    speech_openers=("as",),
    quote_followers=("and", "or", "but", "in", "on", "at", "to", "of", "for", "from", "by", "with", "as", "that",
                     "which", "who", "was", "were", "is", "are", "has", "had", "have", "while", "after", "before",
                     "when", "because", "since", "until", "if", "the", "a", "an", "this", "after", "during", "over",
                     "about", "into", "than", "so", "yet", "not", "also", "then"),
    groups=r"[A-Z][a-z]+(?:ians|ans|is|ese|s)",  # Armenians, Azerbaijanis, Lebanese
    titles=("President", "Prime Minister", "Minister", "Secretary", "Chancellor", "King", "Queen", "Prince",
            "General", "Gen.", "Colonel", "Governor", "Mayor", "Senator", "Ambassador", "Mr.", "Mrs.", "Ms.",
            "Mr", "Mrs", "Ms", "Dr.", "Dr", "spokesman", "spokeswoman", "spokesperson", "director", "leader"),
    date_prepositions=("in", "since", "until", "till", "by", "from", "during", "through", "before",
                       "after", "early", "late", "mid", "mid-", "of", "on", "last", "this", "next", "that"),
    range_words=("to", "through", "until"),
    ago_units={"year": "year", "years": "year", "month": "month", "months": "month", "week": "week",
               "weeks": "week", "day": "day", "days": "day"},
    ago_words=("ago",),
)

def _babel_names(locale: str) -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    """Month and weekday names of a locale from Babel's CLDR data, in the forms news uses: the
    genitive after a day ("12 марта"), the nominative, the prepositional after "в" ("в марте"),
    the accusative of weekdays ("в среду"); lower case and capitalised."""
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in get_month_names("wide", context=context, locale=locale).items():
            months[name.lower()] = number
    for number, name in get_month_names("wide", context="stand-alone", locale=locale).items():
        name = name.lower()
        months[(name[:-1] if name[-1] in "ьй" else name) + "е"] = number  # январь → январе, март → марте
    weekdays: dict[str, int] = {}
    for number, name in get_day_names("wide", context="format", locale=locale).items():
        name = name.lower()
        weekdays[name] = number
        if name.endswith("а"):
            weekdays[name[:-1] + "у"] = number  # среда → в среду
    def both(names: dict[str, int]) -> dict[str, int]:
        return {**names, **{n.capitalize(): v for n, v in names.items()}}

    for name, number in list(weekdays.items()):  # the genitive after "с", "до": со вторника, до пятницы
        if name[-1] not in "уаеья":
            weekdays[name + "а"] = number
        elif name.endswith("а"):
            weekdays[name[:-1] + "ы"] = number
        elif name.endswith("е"):
            weekdays[name[:-1] + "я"] = number
    months, weekdays = both(months), both(weekdays)
    return months, weekdays, frozenset(months)


def _russian() -> Language:
    months, weekdays, full = _babel_names("ru")
    killed = ("погибли", "погиб", "погибла", "погибших", "убиты", "убит", "убита", "убитых", "убили", "убив",
              "жертвами", "скончались", "погибшими")
    wounded = ("ранены", "ранен", "ранена", "раненых", "ранения", "получили ранения", "пострадали", "пострадавших",
               "госпитализированы", "травмы", "тяжелораненых", "тяжелораненые", "раненые", "в тяжелом состоянии",
               "в тяжёлом состоянии", "в критическом состоянии")
    displaced = ("эвакуированы", "эвакуировали", "эвакуированных", "бежали", "беженцев", "беженцами",
                 "покинули свои дома", "переселенцев", "вынужденных переселенцев", "пунктах временного размещения",
                 "пунктах временного пребывания")
    missing = ("пропали без вести", "пропавших без вести", "числятся пропавшими", "пропавшим без вести",
               "пропавшими без вести", "пропал без вести", "пропала без вести")
    detained = ("задержаны", "задержали", "задержанных", "арестованы", "арестовали", "в плену", "пленных",
                "плена", "плену", "военнопленными", "военнопленных", "военнопленные", "заложников", "заложниками",
                "похищены", "похитили")
    return Language(
        code="ru",
        months=months,
        full_months=full,
        weekdays=weekdays,
        number_words={
            "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
            "восемь": 8, "девять": 9, "десять": 10, "двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6,
            "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "сто": 100,
        },
        magnitudes={"тыс.": 1_000, "тысяч": 1_000, "тысячи": 1_000, "тысяча": 1_000, "млн": 1_000_000,
                    "миллиона": 1_000_000, "миллионов": 1_000_000, "миллион": 1_000_000},
        vague={"десятки": 20, "сотни": 200, "тысячи": 2_000, "несколько": 3, "десятков": 20, "сотен": 200},
        qualifiers={"не менее": "min", "по меньшей мере": "min", "как минимум": "min", "более": "min",
                    "свыше": "min", "больше": "min", "почти": "max", "до": "max", "менее": "max",
                    "около": "about", "порядка": "about", "примерно": "about", "приблизительно": "about"},
        casualty_terms=_kinds(killed=killed, wounded=wounded, displaced=displaced, missing=missing,
                              detained=detained, other=("жертв", "пострадавшие")),
        toll_verbs=("достигло", "возросло до", "составило", "выросло до", "находятся", "остаются", "вернулись"),
        person_nouns=("человек", "человека", "людей", "жителей", "жителя", "мирных жителей", "военнослужащих",
                      "военных", "солдат", "детей", "ребенок", "ребенка", "ребенка", "гражданских", "полицейских",
                      "журналистов", "пленных", "из них", "из которых"),
        speech_verbs=("заявил", "заявила", "заявили", "сказал", "сказала", "сказали", "сообщил", "сообщила",
                      "сообщили", "отметил", "отметила", "подчеркнул", "подчеркнула", "добавил", "добавила",
                      "пояснил", "пояснила", "написал", "написала", "рассказал", "рассказала", "уточнил",
                      "уточнила", "говорится", "передает", "заверил", "призвал"),
        attribution=("по словам", "по данным", "как заявил", "как сообщил", "цитирует"),
        pronouns=("он", "она", "они"),
        relative={
            "сегодня": "today", "вчера": "yesterday", "завтра": "tomorrow",
            "в прошлом году": "last year", "в минувшем году": "last year", "в этом году": "this year",
            "в текущем году": "this year", "начала года": "this year", "начале года": "this year",
            "в следующем году": "next year", "в прошлом месяце": "last month", "в этом месяце": "this month",
            "на прошлой неделе": "last week", "на этой неделе": "this week", "на следующей неделе": "next week",
            "в минувшие выходные": "last weekend", "накануне": "yesterday", "начала месяца": "this month",
            "начале месяца": "this month",
        },
        seasons={"зимой": 12, "весной": 3, "летом": 6, "осенью": 9, "зима": 12, "весна": 3, "лето": 6, "осень": 9},
        date_prepositions=("в", "во", "с", "со", "до", "к", "от", "по", "начале", "конце", "середине", "начала",
                           "конца", "середины"),
        range_words=("по", "до"),
        ago_units={"год": "year", "года": "year", "лет": "year", "месяц": "month", "месяца": "month",
                   "месяцев": "month", "неделю": "week", "недели": "week", "недель": "week", "день": "day",
                   "дня": "day", "дней": "day"},
        ago_words=("назад",),
        glue=frozenset(("были", "был", "была", "было", "в", "результате", "еще", "ещё", "также", "по", "данным",
                        "предварительным", "и", "а", "том", "числе", "получили", "оказались", "остаются",
                        "числится", "числятся", "села", "деревни", "города", "поселка", "района", "области")),
        subset_markers=("в том числе", "среди них", "из них", "из которых"),
        conjunctions=("и", "а также", "а"),
        companions=("вместе с",),
        age_words=("в возрасте",),
        ratio_words=("из",),
        copulas=("были", "был", "была", "было"),
        asides=("на условиях анонимности", "пожелавший остаться неизвестным", "пожелавшая остаться неизвестной",
                "пожелавший остаться анонимным"),
        place_prepositions=("в", "во", "из"),
        modifier_starts=("который", "которая", "которые", "в", "на", "из"),
        speech_openers=("как",),
        quote_followers=("и", "а", "но", "в", "на", "с", "по", "к", "из", "что", "о", "об", "для", "за", "не", "как"),
        digits=r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:,\d+)?",
        future=r"(?i:\b(?:будет|будут|состоится|состоятся|планируется|намерен|намерены|ожидается|ожидаются)\b)",
        titles=("президент", "Президент", "премьер-министр", "министр", "глава", "губернатор", "мэр",
                "председатель", "представитель", "генерал"),
    )


RUSSIAN = _russian()

LANGUAGES: dict[str, Language] = {"en": ENGLISH, "ru": RUSSIAN}


def language_for(code: str) -> Language:
    """The vocabulary for a document's language (``en``, ``en-GB``…); English when we have none."""
    return LANGUAGES.get(code.split("-")[0].lower(), ENGLISH)
